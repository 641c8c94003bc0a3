//! The payload validator and the write pipeline: the input is the body of an
//! update of one article (fields of every type, relations, validation rules).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let answer = mock_server_fuzz::send("PATCH", "/items/articles/1", Some(data.to_vec()));
    mock_server_fuzz::check(answer);
});

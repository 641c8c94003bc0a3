//! The filter parser and evaluator: the input is a `filter` (JSON) on a
//! collection with M2O, O2M and M2M fields, in the query string and in a
//! SEARCH body.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let uri = format!("/items/articles?filter={}", mock_server_fuzz::encode(data));
    mock_server_fuzz::check(mock_server_fuzz::send("GET", &uri, None));
    let mut body = b"{\"query\":{\"filter\":".to_vec();
    body.extend_from_slice(data);
    body.extend_from_slice(b"}}");
    mock_server_fuzz::check(mock_server_fuzz::send("SEARCH", "/items/articles", Some(body)));
});

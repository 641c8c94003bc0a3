//! The query string parser (qs brackets, fields, sort, limit, deep, alias,
//! aggregate, …): the input is the raw query string of an item list.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.bytes().any(|b| b <= b' ' || b == b'#' || b >= 0x7f) {
        return;
    }
    mock_server_fuzz::check(mock_server_fuzz::send(
        "GET",
        &format!("/items/articles?{text}"),
        None,
    ));
});

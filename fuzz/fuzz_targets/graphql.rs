//! The GraphQL entry: syntax, bounds, validation and execution of a document
//! on /graphql and /graphql/system.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = std::str::from_utf8(data) else { return };
    let body = serde_json::to_vec(&serde_json::json!({ "query": document })).expect("JSON");
    for path in ["/graphql", "/graphql/system"] {
        mock_server_fuzz::check(mock_server_fuzz::send("POST", path, Some(body.clone())));
    }
});

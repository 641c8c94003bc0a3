//! The page: self-contained, escaped, with the parts a person looks for.

use super::*;
use crate::report::{DiffRecord, ExchangeRecord, ScenarioResult, TargetIdentity};

fn report() -> Report {
    let mut failed = ScenarioResult::new(
        "Reading",
        "features/items/read.feature",
        "Read <one> & more",
        4,
        vec!["ITEMS-READ-ONE".into(), "needs-x".into()],
    );
    failed.status = Status::Failed;
    failed.failure = Some("Then the response is exactly:\n  differs".into());
    failed.diff = Some(DiffRecord {
        mismatch: "at data.name".into(),
        lines: "  {\n-   \"name\": \"a\"\n+   \"name\": \"b\"\n  }\n".into(),
    });
    failed.exchanges.push(ExchangeRecord {
        persona: "admin".into(),
        method: "GET".into(),
        path: "/items/tags/1?fields=name".into(),
        request_body: None,
        status: 200,
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: "{\"data\":{\"name\":\"<script>\"}}".into(),
        duration_ms: 3,
    });
    let mut passed =
        ScenarioResult::new("Login", "features/auth/login.feature", "Log in", 2, vec![]);
    passed.status = Status::Passed;
    let mut report = Report::empty();
    report.target = "http://127.0.0.1:9".into();
    report.identity = TargetIdentity {
        url: "http://127.0.0.1:9".into(),
        version: Some("12.4.0".into()),
        ..TargetIdentity::default()
    };
    report.totals.failed = 1;
    report.totals.passed = 1;
    report.scenarios = vec![failed, passed];
    report
}

#[test]
fn the_page_needs_nothing_from_outside() {
    let page = render(&[report()]);
    for outside in ["src=\"http", "href=\"http", "@import", "url(", "<link"] {
        assert!(!page.contains(outside), "the page refers to an outside asset: {outside}");
    }
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
}

#[test]
fn text_from_the_target_is_escaped() {
    let page = render(&[report()]);
    assert!(page.contains("Read &lt;one&gt; &amp; more"));
    assert!(page.contains("&lt;script&gt;"), "the response body is text, not markup");
    assert_eq!(page.matches("<script>").count(), 1, "only the page's own script");
}

#[test]
fn areas_failures_and_the_diff_are_on_the_page() {
    let page = render(&[report()]);
    assert!(page.contains("data-area=\"items\"") && page.contains("data-area=\"auth\""));
    assert!(
        page.contains(
            "<b class=\"passed-count\">0</b> / <span class=\"total-count\">1</span> passed"
        )
    );
    assert!(page.contains("<details class=\"diff\"><summary>JSON diff: at data.name</summary>"));
    assert!(page.contains("<span class=\"del\">-   &quot;name&quot;: &quot;a&quot;</span>"));
    assert!(page.contains(
        "<span class=\"tag id\">@ITEMS-READ-ONE</span><span class=\"tag\">@needs-x</span>"
    ));
    assert!(
        page.contains("<a href=\"#s-0\">Read &lt;one&gt; &amp; more</a>"),
        "the failure links to its scenario"
    );
}

#[test]
fn disagreements_with_the_document_are_summed_by_place() {
    let mut r = report();
    let violation = crate::report::Violation {
        persona: "admin".into(),
        exchange: "GET /items/tags/1 -> 200".into(),
        operation: "GET /items/tags/{id} 200".into(),
        errors: vec![crate::report::ViolationError {
            at: "/data/name".into(),
            message: "7 is not of type \"string\"".into(),
            schema: "/components/schemas/ItemsTags/properties/name/type".into(),
        }],
    };
    r.scenarios[1].openapi = vec![violation.clone(), violation];
    let page = render(&[r]);
    assert!(page.contains("<h2>OpenAPI disagreements</h2>"));
    assert!(page.contains("<tr><th><code>GET /items/tags/{id} 200</code><br><code class=\"muted\">/components/schemas/ItemsTags/properties/name/type</code></th><td class=\"num\">2</td></tr>"));
    assert!(
        !render(&[report()]).contains("OpenAPI disagreements"),
        "no section without disagreements"
    );
}

#[test]
fn totals_read_as_words() {
    let t = Totals { passed: 3, failed: 1, expected_failures: 2, unexpected_passes: 0, not_run: 1 };
    assert_eq!(totals_text(&t), "3 passed · 2 expected failures · 1 failed · 1 not run");
    assert_eq!(area_title("graphql"), "GraphQL");
    assert_eq!(area_title("query"), "Query");
}

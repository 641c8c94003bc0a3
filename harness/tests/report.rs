//! The report's data model, from a real run of `tests/data/report` against
//! the embedded mock: a pass, a failure with its diff and exchange, an
//! expected failure with its reason, a scenario not run. Snapshots of the
//! JSON report and of the matrix of two runs; `--fail-fast`.

use harness::report::{Report, Status, matrix};
use harness::{Options, REPO_ROOT};

fn options() -> Options {
    let data = format!("{REPO_ROOT}/harness/tests/data/report");
    Options {
        quiet: true,
        features: Some(data.clone().into()),
        expectations: Some(format!("{data}/expectations.toml").into()),
        ..Options::default()
    }
}

/// The values that change from run to run, replaced by their kind.
macro_rules! redacted {
    ($body:block) => {
        insta::with_settings!({
            snapshot_path => format!("{REPO_ROOT}/snapshots/harness"),
            prepend_module_to_snapshot => false,
        }, $body)
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_report_carries_what_the_page_shows() {
    let dir = std::env::temp_dir().join(format!("conformance-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("report.json");
    let options = Options { json: Some(json.clone()), check_openapi: true, ..options() };
    let report = harness::run(options).await.expect("the run completes");
    assert_eq!(
        report.summary_line(),
        "2 passed, 1 failed, 1 expected failures, 1 not run (capability not declared)"
    );
    let loaded = Report::load(&json).expect("the file loads");
    assert_eq!(
        serde_json::to_value(&loaded).expect("serializes"),
        serde_json::to_value(&report).expect("serializes"),
        "the file is the report"
    );
    redacted!({
        insta::assert_json_snapshot!("report_data_model", report, {
            ".target" => "[target]",
            ".identity.url" => "[url]",
            ".duration_ms" => "[ms]",
            ".settings.started_at" => "[time]",
            ".scenarios[].duration_ms" => "[ms]",
            ".scenarios[].exchanges[].duration_ms" => "[ms]",
            ".scenarios[].exchanges[].response_headers" => "[headers]",
        });
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_make_a_matrix() {
    let one = harness::run(options()).await.expect("the run completes");
    let two = harness::run(Options {
        tags: Some("@SRV-PING".into()),
        mock_profile: mock_server::Profile::Directus12,
        ..options()
    })
    .await
    .expect("the run completes");
    let m = matrix::merge(&[one, two]);
    let areas: Vec<(String, Vec<String>)> = m
        .areas
        .iter()
        .map(|a| {
            let cells =
                a.totals.iter().map(|t| format!("{}/{} passed", t.passed, t.all())).collect();
            (a.area.clone(), cells)
        })
        .collect();
    let rows: Vec<(String, Vec<Option<Status>>)> = m
        .scenarios
        .iter()
        .map(|r| (r.name.clone(), r.cells.iter().map(|c| c.as_ref().map(|c| c.status)).collect()))
        .collect();
    let titles: Vec<&str> = m.columns.iter().map(|c| c.title.as_str()).collect();
    redacted!({
        insta::assert_json_snapshot!(
            "report_matrix",
            serde_json::json!({
                "columns": titles, "areas": areas, "scenarios": rows, "not_run": m.not_run,
            })
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_fast_stops_at_the_first_unexpected_failure() {
    let report =
        harness::run(Options { fail_fast: true, ..options() }).await.expect("the run completes");
    let ran: Vec<(&str, Status)> =
        report.scenarios.iter().map(|s| (s.name.as_str(), s.status)).collect();
    assert_eq!(
        ran,
        [
            ("The report shows a passing read", Status::Passed),
            ("The report shows a failure with its JSON diff", Status::Failed),
        ]
    );
    assert!(report.stopped_early);
    assert_eq!(
        report.summary_line(),
        "1 passed, 1 failed, 0 expected failures, stopped at the first failure (--fail-fast)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expected_failure_does_not_stop_a_fail_fast_run() {
    let options = Options { fail_fast: true, name: Some("expected failure".into()), ..options() };
    let report = harness::run(options).await.expect("the run completes");
    assert_eq!(report.totals.expected_failures, 1);
    assert!(!report.stopped_early);
}

//! Self-test of the harness: the whole suite against the embedded mock,
//! through the same library the CLI uses, plus the golden terminal output of
//! a failing run.

use harness::report::Status;
use harness::{Options, REPO_ROOT};

fn quiet() -> Options {
    Options { quiet: true, ..Options::default() }
}

/// With `--strict-openapi`: the mock's responses also agree with the OpenAPI
/// document it publishes about itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_suite_passes_against_the_mock() {
    let options = Options { strict_openapi: true, ..quiet() };
    let report = harness::run(options).await.expect("the run completes");
    let failures: Vec<String> = report
        .scenarios
        .iter()
        .filter(|s| s.status != Status::Passed)
        .map(|s| format!("{} ({:?}): {}", s.name, s.status, s.failure.clone().unwrap_or_default()))
        .collect();
    assert!(failures.is_empty(), "scenarios not passing on the mock:\n{}", failures.join("\n"));
    assert!(report.totals.passed > 50, "suspiciously few scenarios ran: {}", report.summary_line());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directus_12_profile_matches_the_12_4_expectations() {
    // The mock's directus-12 profile reproduces Directus 12.4, so the 12.4
    // expectations file must hold for it exactly: no failures, no unexpected passes.
    let options = Options {
        mock_profile: mock_server::Profile::Directus12,
        expectations: Some(format!("{REPO_ROOT}/harness/expectations/directus-12.4.toml").into()),
        ..quiet()
    };
    let report = harness::run(options).await.expect("the run completes");
    let wrong: Vec<String> = report
        .scenarios
        .iter()
        .filter(|s| matches!(s.status, Status::Failed | Status::UnexpectedPass))
        .map(|s| {
            format!(
                "{} ({:?}): {}",
                s.name,
                s.status,
                s.failure.clone().or(s.expectation.clone()).unwrap_or_default()
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "the directus-12 profile disagrees with the 12.4 expectations:\n{}",
        wrong.join("\n")
    );
    assert!(report.totals.expected_failures > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_scenario_is_reported_readably() {
    let options = Options {
        features: Some(format!("{REPO_ROOT}/harness/tests/data/failing").into()),
        ..quiet()
    };
    let report = harness::run(options).await.expect("the run completes");
    assert!(report.failed());
    assert_eq!(report.summary_line(), "0 passed, 2 failed, 0 expected failures");
    let mut out = Vec::new();
    report.print_failures(&mut out, false);
    let text = String::from_utf8(out).expect("utf-8");
    insta::with_settings!({snapshot_path => format!("{REPO_ROOT}/snapshots/harness"), prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("failing_scenario_output", text);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unexpected_pass_fails_the_run() {
    let dir = std::env::temp_dir().join(format!("conformance-expect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("expect.toml");
    std::fs::write(
        &file,
        "[[expected_failure]]\nscenario = \"A single item is an object in data, never an array\"\nobserved = \"x\"\nreason = \"y\"\n",
    )
    .expect("write");
    let options =
        Options { expectations: Some(file), tags: Some("@ITEMS-READ-ONE".into()), ..quiet() };
    let report = harness::run(options).await.expect("the run completes");
    assert_eq!(report.totals.unexpected_passes, 1, "{}", report.summary_line());
    assert!(report.failed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_expectation_is_a_harness_error() {
    let dir = std::env::temp_dir().join(format!("conformance-stale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("expect.toml");
    std::fs::write(
        &file,
        "[[expected_failure]]\nscenario = \"No such scenario\"\nobserved = \"x\"\nreason = \"y\"\n",
    )
    .expect("write");
    let err = harness::run(Options { expectations: Some(file), ..quiet() })
        .await
        .expect_err("stale entries are refused");
    assert!(err.to_string().contains("No such scenario"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_setup_request_fails_its_scenario() {
    let options = Options {
        features: Some(format!("{REPO_ROOT}/harness/tests/data/setup").into()),
        ..quiet()
    };
    let report = harness::run(options).await.expect("the run completes");
    assert_eq!(report.summary_line(), "1 passed, 2 failed, 0 expected failures");
    let failure = |name: &str| {
        let s =
            report.scenarios.iter().find(|s| s.name.starts_with(name)).expect("the scenario ran");
        s.failure.clone().expect("the scenario failed")
    };
    let rest = failure("A Given request that fails");
    assert!(
        rest.starts_with("Given admin sends POST /items/tags?fields=id\n")
            && rest.contains(
                "POST /items/tags?fields=id -> 400 RECORD_NOT_UNIQUE, expected 2xx: {\"errors\":"
            ),
        "{rest}"
    );
    let graphql = failure("A Given GraphQL document");
    assert!(
        graphql.contains("POST /graphql -> 200 FORBIDDEN, expected no GraphQL errors: {"),
        "{graphql}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_reset_is_reported_once_and_the_fixture_provisioned_again() {
    let options = Options {
        features: Some(format!("{REPO_ROOT}/harness/tests/data/recovery").into()),
        ..quiet()
    };
    let report = harness::run(options).await.expect("the run completes");
    assert_eq!(report.summary_line(), "2 passed, 1 failed, 0 expected failures");
    let failed = report.scenarios.iter().find(|s| s.status == Status::Failed).expect("one failed");
    assert!(failed.name.starts_with("A scenario that removes a fixture field"), "{}", failed.name);
    let failure = failed.failure.clone().unwrap_or_default();
    assert!(
        failure.contains("resetting the fixture after this scenario failed")
            && failure.contains("the harness provisioned the fixture again and goes on"),
        "{failure}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixture_that_cannot_be_provisioned_again_stops_the_run() {
    let options = Options {
        features: Some(format!("{REPO_ROOT}/harness/tests/data/broken").into()),
        ..quiet()
    };
    let err = harness::run(options).await.expect_err("the run stops with a harness error");
    let text = format!("{err:#}");
    assert!(
        text.contains("provisioning the fixture again failed too")
            && matches!(err, harness::HarnessError::Setup(_)),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_records_the_failures_and_then_holds() {
    let dir = std::env::temp_dir().join(format!("conformance-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("baseline.toml");
    let failing = || Some(format!("{REPO_ROOT}/harness/tests/data/failing").into());
    let first = Options { features: failing(), write_expectations: Some(file.clone()), ..quiet() };
    let report = harness::run(first).await.expect("the run completes");
    assert_eq!(report.totals.failed, 2, "{}", report.summary_line());
    let text = std::fs::read_to_string(&file).expect("the baseline is written");
    assert_eq!(text.matches("[[expected_failure]]").count(), 2, "{text}");
    assert!(text.contains("TODO: why this target differs"), "{text}");
    let again = Options { features: failing(), expectations: Some(file), ..quiet() };
    let report = harness::run(again).await.expect("the run completes");
    assert_eq!(report.summary_line(), "0 passed, 0 failed, 2 expected failures");
    assert!(!report.failed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_merge_to_the_totals_of_one_run() {
    let items = || Options { tags: Some("@ITEMS-READ-ONE or @QUERY-LIMIT".into()), ..quiet() };
    let whole = harness::run(items()).await.expect("the run completes");
    let mut parts = Vec::new();
    for index in 1..=3 {
        let shard = Some(harness::Shard { index, count: 3 });
        match harness::run(Options { shard, ..items() }).await {
            Ok(part) => parts.push(part),
            // A part the split left empty is refused like any empty selection.
            Err(e) => assert!(e.to_string().contains("the selection is empty"), "{e}"),
        }
    }
    assert!(parts.len() >= 2, "the split should spread {} scenarios", whole.totals.all());
    let merged = harness::report::merge_shards(parts).expect("the parts merge");
    assert_eq!(merged.totals, whole.totals);
    let names = |r: &harness::report::Report| {
        let mut n: Vec<String> = r.scenarios.iter().map(|s| s.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&merged), names(&whole));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selecting_nothing_is_a_harness_error() {
    let options = Options { tags: Some("@NO-SUCH-TAG".into()), ..quiet() };
    let err = harness::run(options).await.expect_err("an empty selection is refused");
    assert!(err.to_string().contains("the selection is empty"), "{err}");
}

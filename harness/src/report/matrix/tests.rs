//! Merging reports into a matrix: columns per target (shards merged), rows
//! per scenario, counts per area, capabilities not run.

use super::*;
use crate::report::{FORMAT, ScenarioResult};

fn scenario(file: &str, line: usize, name: &str, status: Status) -> ScenarioResult {
    let mut s = ScenarioResult::new("F", file, name, line, vec!["ITEMS-READ-ONE".into()]);
    s.status = status;
    if status == Status::NotRun {
        s.missing_capability = Some("rate-limiter".into());
    }
    s
}

fn report(url: &str, embedded: bool, version: &str, scenarios: Vec<ScenarioResult>) -> Report {
    let mut totals = Totals::default();
    for s in &scenarios {
        totals.count(s.status);
    }
    Report {
        format: FORMAT,
        target: url.into(),
        identity: TargetIdentity {
            url: url.into(),
            embedded,
            implementation: Some(if embedded { "directus-mock 0.1.0" } else { "Directus" }.into()),
            version: Some(version.into()),
            database: Some("sqlite".into()),
            project: None,
        },
        settings: RunSettings {
            mock_profile: embedded.then(|| "seed".to_owned()),
            ..RunSettings::default()
        },
        duration_ms: 10,
        totals,
        stopped_early: false,
        scenarios,
    }
}

const READ: &str = "features/items/read.feature";
const AUTH: &str = "features/auth/login.feature";
const CUSTOM: &str = "features/custom/x.feature";

#[test]
fn targets_become_columns_and_scenarios_pair_up() {
    let mock = report(
        "http://127.0.0.1:1",
        true,
        "12.4.0",
        vec![
            scenario(AUTH, 3, "Login", Status::Passed),
            scenario(READ, 5, "Read one", Status::Passed),
        ],
    );
    let real = report(
        "http://127.0.0.1:2",
        false,
        "12.4.0",
        vec![
            scenario(READ, 5, "Read one", Status::ExpectedFailure),
            scenario(READ, 9, "Read many", Status::Failed),
        ],
    );
    let m = merge(&[mock, real]);
    assert_eq!(m.columns.len(), 2);
    assert_eq!(m.columns[0].title, "directus-mock 0.1.0 (Directus 12.4.0) · sqlite · seed profile");
    assert_eq!(m.columns[1].title, "Directus 12.4.0 · sqlite");
    let names: Vec<&str> = m.scenarios.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["Read one", "Read many", "Login"],
        "items before auth; report order within an area"
    );
    let statuses = |i: usize| -> Vec<Option<Status>> {
        m.scenarios[i].cells.iter().map(|c| c.as_ref().map(|c| c.status)).collect()
    };
    assert_eq!(statuses(0), [Some(Status::Passed), Some(Status::ExpectedFailure)]);
    assert_eq!(statuses(1), [None, Some(Status::Failed)]);
    assert_eq!(statuses(2), [Some(Status::Passed), None]);
    assert_eq!(m.scenarios[0].statuses(), [Status::Passed, Status::ExpectedFailure]);
    assert!(m.scenarios[0].has_evidence() && !m.scenarios[2].has_evidence());
}

#[test]
fn shards_of_one_target_merge_into_one_column() {
    let a = report(
        "http://127.0.0.1:2",
        false,
        "12.4.0",
        vec![scenario(READ, 5, "Read one", Status::Passed)],
    );
    let b = report(
        "http://127.0.0.1:2",
        false,
        "12.4.0",
        vec![scenario(READ, 9, "Read many", Status::Failed)],
    );
    let other_version = report(
        "http://127.0.0.1:2",
        false,
        "11.0.0",
        vec![scenario(READ, 5, "Read one", Status::Failed)],
    );
    // The embedded mock's port changes every run: its shards still merge.
    let mock_a = report(
        "http://127.0.0.1:3",
        true,
        "12.4.0",
        vec![scenario(READ, 5, "Read one", Status::Passed)],
    );
    let mock_b = report(
        "http://127.0.0.1:4",
        true,
        "12.4.0",
        vec![scenario(READ, 9, "Read many", Status::Passed)],
    );
    let m = merge(&[a, b, other_version, mock_a, mock_b]);
    assert_eq!(m.columns.len(), 3);
    assert_eq!(m.columns[0].shards, 2);
    assert_eq!(m.columns[0].duration_ms, 20);
    assert_eq!((m.columns[0].totals.passed, m.columns[0].totals.failed), (1, 1));
    assert_eq!(m.columns[2].shards, 2);
    assert_eq!(m.columns[2].totals.passed, 2);
    assert_eq!(m.scenarios.len(), 2);
}

#[test]
fn outline_rows_with_one_name_and_line_pair_in_order() {
    let a = report(
        "http://a",
        false,
        "1",
        vec![
            scenario(READ, 20, "Outline", Status::Passed),
            scenario(READ, 20, "Outline", Status::Failed),
        ],
    );
    let b = report(
        "http://b",
        false,
        "1",
        vec![
            scenario(READ, 20, "Outline", Status::Failed),
            scenario(READ, 20, "Outline", Status::Passed),
        ],
    );
    let m = merge(&[a, b]);
    assert_eq!(m.scenarios.len(), 2);
    let cell = |row: usize, col: usize| m.scenarios[row].cells[col].as_ref().map(|c| c.status);
    assert_eq!((cell(0, 0), cell(0, 1)), (Some(Status::Passed), Some(Status::Failed)));
    assert_eq!((cell(1, 0), cell(1, 1)), (Some(Status::Failed), Some(Status::Passed)));
}

#[test]
fn areas_are_counted_per_column_in_the_suites_order() {
    let a = report(
        "http://a",
        false,
        "1",
        vec![
            scenario(CUSTOM, 1, "Custom", Status::Passed),
            scenario(AUTH, 1, "Login", Status::Failed),
            scenario(READ, 1, "Read", Status::Passed),
            scenario(READ, 2, "Read more", Status::NotRun),
        ],
    );
    let b = report("http://b", false, "1", vec![scenario(READ, 1, "Read", Status::Failed)]);
    let m = merge(&[a, b]);
    let areas: Vec<&str> = m.areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(areas, ["items", "auth", "custom"]);
    let items = &m.areas[0].totals;
    assert_eq!((items[0].passed, items[0].not_run, items[0].all()), (1, 1, 2));
    assert_eq!((items[1].failed, items[1].all()), (1, 1));
    assert_eq!(m.not_run.len(), 1);
    assert_eq!(m.not_run[0].capability, "rate-limiter");
    assert_eq!(m.not_run[0].counts, [1, 0]);
}

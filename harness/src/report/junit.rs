//! The JUnit XML rendering: one suite per feature, failures with the whole
//! failure text, scenarios not run as skipped.

use std::time::Duration;

use anyhow::{Context as _, Result};
use quick_junit::{NonSuccessKind, Report as JReport, TestCase, TestCaseStatus, TestSuite};

use super::{Report, Status};

pub(super) fn render(report: &Report) -> Result<String> {
    let mut out = JReport::new("directus-conformance");
    let mut suites: Vec<(String, TestSuite)> = Vec::new();
    for s in &report.scenarios {
        if !suites.iter().any(|(f, _)| *f == s.feature) {
            suites.push((s.feature.clone(), TestSuite::new(s.feature.clone())));
        }
        let status = match s.status {
            Status::Passed | Status::ExpectedFailure => TestCaseStatus::success(),
            Status::NotRun => TestCaseStatus::skipped(),
            Status::Failed | Status::UnexpectedPass => {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let message = match s.status {
                    Status::UnexpectedPass => {
                        format!("unexpected pass: {}", s.expectation.clone().unwrap_or_default())
                    }
                    _ => s.failure.clone().unwrap_or_default(),
                };
                st.set_message(message.lines().next().unwrap_or_default().to_owned());
                st.set_description(message);
                st
            }
        };
        let mut case = TestCase::new(s.name.clone(), status);
        case.set_classname(s.file.clone());
        case.set_time(Duration::from_millis(s.duration_ms));
        if let Some((_, suite)) = suites.iter_mut().find(|(f, _)| *f == s.feature) {
            suite.add_test_case(case);
        }
    }
    for (_, suite) in suites {
        out.add_test_suite(suite);
    }
    out.to_string().context("rendering JUnit XML")
}

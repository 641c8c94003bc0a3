//! `--format github`: GitHub Actions workflow commands that annotate the
//! feature file's line of each failure in a pull request
//! (`::error file=features/items/read.feature,line=12,title=...::message`),
//! an error for an unexpected pass, and a warning for responses that
//! disagree with the OpenAPI document when they do not fail the scenario.

use super::collect::openapi_failure;
use super::{Report, ScenarioResult, Status};

/// The message of a command: `%`, CR and LF escaped (GitHub shows them as written).
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: &str, s: &ScenarioResult, title: &str, message: &str) -> String {
    format!(
        "::{level} file={},line={},title={}::{}",
        escape_property(&s.file),
        s.line,
        escape_property(title),
        escape_data(message.trim_end())
    )
}

/// One workflow command per failure, unexpected pass and (when they did not
/// fail the scenario) disagreement with the OpenAPI document.
pub fn annotations(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for s in &report.scenarios {
        match s.status {
            Status::Failed => {
                let message = s.failure.clone().unwrap_or_default();
                out.push(command("error", s, &format!("FAILED {}", s.name), &message));
            }
            Status::UnexpectedPass => {
                let message = format!(
                    "the expectations file says: {}\nremove the entry: the target now behaves as the scenario states",
                    s.expectation.clone().unwrap_or_default()
                );
                out.push(command("error", s, &format!("UNEXPECTED PASS {}", s.name), &message));
            }
            _ => {}
        }
        if !s.openapi.is_empty() && !report.settings.strict_openapi {
            let message = openapi_failure(&s.openapi).replace(" (--strict-openapi)", "");
            out.push(command("warning", s, &format!("OpenAPI {}", s.name), &message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Violation, ViolationError};

    fn failed() -> ScenarioResult {
        let mut s = ScenarioResult::new(
            "F",
            "features/items/read.feature",
            "Read one: 50%, really",
            12,
            vec![],
        );
        s.status = Status::Failed;
        s.failure = Some("Then the status is 200\n  GET /items/x -> 403 FORBIDDEN\r\n".into());
        s
    }

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("x: y, z%"), "x%3A y%2C z%25");
    }

    #[test]
    fn a_failure_is_an_error_on_its_scenario_line() {
        let mut report = crate::report::Report::empty();
        report.scenarios.push(failed());
        assert_eq!(
            annotations(&report),
            [
                "::error file=features/items/read.feature,line=12,title=FAILED Read one%3A 50%25%2C really::Then the status is 200%0A  GET /items/x -> 403 FORBIDDEN"
            ]
        );
    }

    #[test]
    fn unexpected_passes_are_errors_and_violations_warnings() {
        let mut report = crate::report::Report::empty();
        let mut pass = ScenarioResult::new("F", "features/a.feature", "A", 3, vec![]);
        pass.status = Status::UnexpectedPass;
        pass.expectation = Some("204 (seed says 403) [X]".into());
        let mut checked = ScenarioResult::new("F", "features/b.feature", "B", 7, vec![]);
        checked.openapi.push(Violation {
            persona: "admin".into(),
            exchange: "GET /users/me -> 200".into(),
            operation: "GET /users/me 200".into(),
            errors: vec![ViolationError {
                at: "/data/role".into(),
                message: "null is not of type \"string\"".into(),
                schema: "/x".into(),
            }],
        });
        let mut expected = ScenarioResult::new("F", "features/c.feature", "C", 9, vec![]);
        expected.status = Status::ExpectedFailure;
        report.scenarios = vec![pass, checked, expected];
        let lines = annotations(&report);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("::error file=features/a.feature,line=3,title=UNEXPECTED PASS A::the expectations file says: 204 (seed says 403) [X]%0A"), "{}", lines[0]);
        assert_eq!(
            lines[1],
            "::warning file=features/b.feature,line=7,title=OpenAPI B::responses disagree with the target's OpenAPI document:%0A  admin: GET /users/me -> 200 (documented as GET /users/me 200)%0A    at /data/role: null is not of type \"string\""
        );
        report.settings.strict_openapi = true;
        assert_eq!(annotations(&report).len(), 1, "in strict mode the violation is the failure");
    }
}

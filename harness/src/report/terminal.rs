//! Failures and unexpected passes as a person reads them on a terminal.

use super::{Report, Status};

pub(super) fn print_failures(report: &Report, out: &mut impl std::io::Write, color: bool) {
    let (red, dim, reset) = if color { ("\x1b[31m", "\x1b[2m", "\x1b[0m") } else { ("", "", "") };
    for s in &report.scenarios {
        match s.status {
            Status::Failed => {
                let _ = writeln!(out, "\n{red}FAILED{reset} {}:{}  {}", s.file, s.line, s.name);
                if !s.tags.is_empty() {
                    let tags: Vec<String> = s.tags.iter().map(|t| format!("@{t}")).collect();
                    let _ = writeln!(out, "  {dim}{}{reset}", tags.join(" "));
                }
                for line in s.failure.clone().unwrap_or_default().lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            Status::UnexpectedPass => {
                let _ = writeln!(
                    out,
                    "\n{red}UNEXPECTED PASS{reset} {}:{}  {}\n  the expectations file says: {}\n  remove the entry: the target now behaves as the scenario states",
                    s.file,
                    s.line,
                    s.name,
                    s.expectation.clone().unwrap_or_default()
                );
            }
            _ => {}
        }
    }
}

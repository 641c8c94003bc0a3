//! Every scenario by area: a row with its name, place, tags and catalog IDs
//! and one status cell per target; a scenario with something to show opens
//! (a `<details>`) on the evidence of each target: the failure, the
//! expectation's reason, the JSON diff, OpenAPI violations, the exchanges.

use std::fmt::Write as _;

use super::{area_title, esc};
use crate::report::matrix::{Matrix, ScenarioRow};
use crate::report::{DiffRecord, ExchangeRecord, ScenarioResult, Status, Totals, Violation};

pub(super) fn render(out: &mut String, m: &Matrix) {
    out.push_str("<section id=\"scenarios\"><h2>Scenarios</h2><div class=\"filters\">");
    for s in Status::ALL {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" value=\"{}\" checked> <span class=\"badge {}\">{}</span></label>",
            s.key(),
            s.key(),
            s.label()
        );
    }
    out.push_str(
        "<input type=\"search\" id=\"search\" placeholder=\"Filter by name, tag or catalog ID\">\
         <button type=\"button\" id=\"expand-failures\">Expand failures</button></div>",
    );
    let cols = m.columns.len();
    let mut start = 0;
    while start < m.scenarios.len() {
        let area = &m.scenarios[start].area;
        let end = m.scenarios[start..]
            .iter()
            .position(|r| r.area != *area)
            .map_or(m.scenarios.len(), |n| start + n);
        area_section(out, m, start, end, cols);
        start = end;
    }
    out.push_str("</section>\n");
}

fn area_section(out: &mut String, m: &Matrix, start: usize, end: usize, cols: usize) {
    let rows = &m.scenarios[start..end];
    let area = &rows[0].area;
    let mut totals = vec![Totals::default(); cols];
    for row in rows {
        for (i, c) in row.cells.iter().enumerate() {
            if let Some(c) = c {
                totals[i].count(c.status);
            }
        }
    }
    let failing = totals.iter().any(|t| t.failed + t.unexpected_passes > 0);
    let counts: Vec<String> = totals.iter().map(|t| format!("{}/{}", t.passed, t.all())).collect();
    let _ = write!(
        out,
        "<details class=\"area\" id=\"area-{}\" data-area=\"{}\"{}><summary><h3>{}</h3>\
         <span class=\"area-counts muted\">{} scenarios · passed {}</span></summary>",
        esc(area),
        esc(area),
        if failing { " open" } else { "" },
        esc(&area_title(area)),
        rows.len(),
        esc(&counts.join(" | "))
    );
    let _ = write!(out, "<div style=\"--cols:{cols}\">");
    for (offset, row) in rows.iter().enumerate() {
        scenario(out, m, start + offset, row);
    }
    out.push_str("</div></details>\n");
}

fn scenario(out: &mut String, m: &Matrix, index: usize, row: &ScenarioRow) {
    let statuses: Vec<&str> = row.statuses().iter().map(|s| s.key()).collect();
    let search = format!("{} {} {}", row.name, row.file, row.tags.join(" ")).to_lowercase();
    let failing = row
        .cells
        .iter()
        .flatten()
        .any(|c| matches!(c.status, Status::Failed | Status::UnexpectedPass));
    let class = if failing { "scenario has-failure" } else { "scenario" };
    let attrs = format!(
        "class=\"{class}\" id=\"s-{index}\" data-status=\"{}\" data-search=\"{}\"",
        statuses.join(" "),
        esc(&search)
    );
    if !row.has_evidence() {
        let _ = write!(out, "<div {attrs}><div class=\"row\">");
        summary_cells(out, row);
        out.push_str("</div></div>");
        return;
    }
    let _ = write!(out, "<details {attrs}><summary class=\"row\">");
    summary_cells(out, row);
    out.push_str("</summary><div class=\"evidence\">");
    for (i, cell) in row.cells.iter().enumerate() {
        if let Some(c) = cell
            && (c.status != Status::Passed || !c.openapi.is_empty())
        {
            let on = if m.columns.len() > 1 {
                format!(" on {}", m.columns[i].title)
            } else {
                String::new()
            };
            evidence(out, c, &on);
        }
    }
    out.push_str("</div></details>");
}

fn summary_cells(out: &mut String, row: &ScenarioRow) {
    let _ = write!(
        out,
        "<div><span class=\"name\">{}</span><div class=\"where\">{}:{} · {}</div><div>",
        esc(&row.name),
        esc(&row.file),
        row.line,
        esc(&row.feature)
    );
    for t in &row.tags {
        let class = if row.ids.contains(t) { "tag id" } else { "tag" };
        let _ = write!(out, "<span class=\"{class}\">@{}</span>", esc(t));
    }
    out.push_str("</div></div>");
    for cell in &row.cells {
        match cell {
            Some(c) => {
                let mut extra = format!("{} ms", c.duration_ms);
                if !c.openapi.is_empty() {
                    extra.push_str(&format!(" · {} OpenAPI", c.openapi.len()));
                }
                let _ = write!(
                    out,
                    "<div class=\"cell\" data-status=\"{}\"><span class=\"badge {}\">{}</span> <span class=\"muted\">{}</span></div>",
                    c.status.key(),
                    c.status.key(),
                    c.status.label(),
                    esc(&extra)
                );
            }
            None => out.push_str(
                "<div class=\"cell\"><span class=\"badge absent\">not in this report</span></div>",
            ),
        }
    }
}

fn evidence(out: &mut String, c: &ScenarioResult, on: &str) {
    let _ = write!(
        out,
        "<div class=\"cell-evidence\" data-status=\"{}\"><h4><span class=\"badge {}\">{}</span>{}</h4>",
        c.status.key(),
        c.status.key(),
        c.status.label(),
        esc(on)
    );
    if let Some(server) = &c.server {
        let _ = write!(out, "<p class=\"muted\">on {}</p>", esc(server));
    }
    if let Some(e) = &c.expected {
        let _ = write!(
            out,
            "<div class=\"reason\"><b>The expectations file says:</b> {}<br><b>Why:</b> {} <span class=\"muted\">{}</span></div>",
            esc(&e.observed),
            esc(&e.reason),
            esc(&e.ids.join(", "))
        );
    }
    if let Some(cap) = &c.missing_capability {
        let _ = write!(
            out,
            "<div class=\"reason\">Not run: the target did not declare the capability <code>{}</code>.</div>",
            esc(cap)
        );
    }
    if c.status == Status::UnexpectedPass {
        out.push_str(
            "<p>The scenario passed: the target now behaves as it states; remove the entry.</p>",
        );
    }
    if let Some(step) = &c.step {
        let _ = write!(out, "<h5>Failing step</h5><pre class=\"step\">{}</pre>", esc(step));
    }
    match (&c.failure, &c.diff) {
        // The diff says it all; the whole message stays one click away.
        (Some(f), Some(d)) => {
            diff(out, d);
            let _ = write!(
                out,
                "<details class=\"full-failure\"><summary>The whole failure message</summary><pre class=\"failure\">{}</pre></details>",
                esc(f)
            );
        }
        (Some(f), None) => {
            let _ = write!(out, "<h5>Failure</h5><pre class=\"failure\">{}</pre>", esc(f));
        }
        (None, Some(d)) => diff(out, d),
        (None, None) => {}
    }
    if !c.openapi.is_empty() {
        violations(out, &c.openapi);
    }
    if !c.exchanges.is_empty() {
        let _ = write!(out, "<h5>Requests ({})</h5>", c.exchanges.len());
        let last = c.exchanges.len() - 1;
        for (i, ex) in c.exchanges.iter().enumerate() {
            exchange(out, ex, i == last);
        }
    }
    out.push_str("</div>");
}

fn diff(out: &mut String, d: &DiffRecord) {
    let _ = write!(
        out,
        "<details class=\"diff\"><summary>JSON diff: {}</summary><pre class=\"diff-lines\">",
        esc(&d.mismatch)
    );
    for line in d.lines.lines() {
        let class = if line.starts_with("- ") {
            "del"
        } else if line.starts_with("+ ") {
            "ins"
        } else {
            "same"
        };
        let _ = write!(out, "<span class=\"{class}\">{}</span>", esc(line));
    }
    out.push_str("</pre><p class=\"muted\">- expected only · + received only</p></details>");
}

fn violations(out: &mut String, vs: &[Violation]) {
    let errors: usize = vs.iter().map(|v| v.errors.len()).sum();
    let _ = write!(
        out,
        "<details class=\"violations\" open><summary>OpenAPI: {} responses disagree with the target's document ({errors} errors)</summary><ul>",
        vs.len()
    );
    for v in vs {
        let _ = write!(
            out,
            "<li><b>{}</b>: <code>{}</code>, documented as <code>{}</code><ul>",
            esc(&v.persona),
            esc(&v.exchange),
            esc(&v.operation)
        );
        for e in &v.errors {
            let at = if e.at.is_empty() { "(root)" } else { e.at.as_str() };
            let _ = write!(
                out,
                "<li><code>{}</code>: {} <span class=\"muted\">(schema {})</span></li>",
                esc(at),
                esc(&e.message),
                esc(&e.schema)
            );
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ul></details>");
}

/// A body for people: JSON pretty-printed, anything else as received.
fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

fn exchange(out: &mut String, ex: &ExchangeRecord, open: bool) {
    let _ = write!(
        out,
        "<details class=\"exchange\"{}><summary><b>{}</b>: <code>{} {}</code> → <b>{}</b> <span class=\"muted\">{} ms</span></summary><div class=\"exchange-body\"><div><h5>Request</h5><pre>{} {}</pre>",
        if open { " open" } else { "" },
        esc(&ex.persona),
        esc(&ex.method),
        esc(&ex.path),
        ex.status,
        ex.duration_ms,
        esc(&ex.method),
        esc(&ex.path)
    );
    if let Some(body) = &ex.request_body {
        let _ = write!(out, "<pre class=\"request-body\">{}</pre>", esc(&pretty(body)));
    }
    let headers: Vec<String> =
        ex.response_headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let _ = write!(
        out,
        "</div><div><h5>Response</h5><pre>HTTP {}\n{}</pre>",
        ex.status,
        esc(&headers.join("\n"))
    );
    if !ex.response_body.is_empty() {
        let _ =
            write!(out, "<pre class=\"response-body\">{}</pre>", esc(&pretty(&ex.response_body)));
    }
    out.push_str("</div></div></details>");
}

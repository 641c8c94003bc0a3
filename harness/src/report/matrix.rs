//! Several reports side by side, as wpt.fyi shows implementations: one
//! column per target, one row per scenario (and per area, with counts).
//!
//! Reports of the same target are shards of one run and merge into one
//! column: the same URL, version and database, or for the embedded mock
//! (whose port changes every run) the same mock and profile. A scenario is
//! the same row in every column when its file, line and name agree (an
//! outline's example rows, which share them, pair up in order).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Report, RunSettings, ScenarioResult, Status, TargetIdentity, Totals};

/// The areas in the order reports show them; others follow alphabetically.
const AREA_ORDER: &[&str] = &[
    "items",
    "query",
    "relations",
    "graphql",
    "auth",
    "permissions",
    "errors",
    "validation",
    "system",
    "files",
    "realtime",
];

/// One target: the reports of its shards merged.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// `Directus 12.4.0 (sqlite)`, `directus-mock 0.1.0 (seed profile)`.
    pub title: String,
    pub identity: TargetIdentity,
    /// The settings of its first report.
    pub settings: RunSettings,
    pub totals: Totals,
    pub duration_ms: u64,
    pub stopped_early: bool,
    /// How many reports were merged into it.
    pub shards: usize,
}

/// One area's counts per column.
#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    pub area: String,
    pub totals: Vec<Totals>,
}

/// One scenario and its result in each column (`None` where it was not in the report).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRow {
    pub area: String,
    pub feature: String,
    pub file: String,
    pub line: usize,
    pub name: String,
    pub tags: Vec<String>,
    pub ids: Vec<String>,
    pub cells: Vec<Option<ScenarioResult>>,
}

impl ScenarioRow {
    /// The statuses of the row, for filters: every column's, once each.
    pub(crate) fn statuses(&self) -> Vec<Status> {
        let mut out: Vec<Status> = self.cells.iter().flatten().map(|c| c.status).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether some column has something to show beyond a pass.
    pub(crate) fn has_evidence(&self) -> bool {
        self.cells
            .iter()
            .flatten()
            .any(|c| c.status != Status::Passed || !c.openapi.is_empty() || c.failure.is_some())
    }
}

/// Capabilities not declared, with the scenarios each column did not run for them.
#[derive(Debug, Clone, Serialize)]
pub struct NotRunRow {
    pub capability: String,
    pub counts: Vec<usize>,
}

/// The reports side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub columns: Vec<Column>,
    pub areas: Vec<AreaRow>,
    pub scenarios: Vec<ScenarioRow>,
    pub not_run: Vec<NotRunRow>,
}

/// What makes two reports shards of one target.
pub(crate) fn target_key(r: &Report) -> String {
    let id = &r.identity;
    if id.embedded {
        let profile = r.settings.mock_profile.clone().unwrap_or_default();
        format!("embedded|{}|{profile}", id.implementation.clone().unwrap_or_default())
    } else {
        let url = if id.url.is_empty() { r.target.as_str() } else { id.url.as_str() };
        format!("{url}|{:?}|{:?}", id.version, id.database)
    }
}

/// How a column is titled.
fn title(r: &Report) -> String {
    let id = &r.identity;
    let mut t = match (&id.implementation, &id.version) {
        (Some(i), Some(v)) if id.embedded => format!("{i} (Directus {v})"),
        (Some(i), Some(v)) => format!("{i} {v}"),
        (Some(i), None) => i.clone(),
        (None, Some(v)) => format!("Directus {v}"),
        (None, None) => r.target.clone(),
    };
    if let Some(db) = &id.database {
        t.push_str(&format!(" · {db}"));
    }
    if let Some(p) = &r.settings.mock_profile {
        t.push_str(&format!(" · {p} profile"));
    }
    if let Some(tags) = &r.settings.tags {
        t.push_str(&format!(" · {tags}"));
    }
    t
}

fn area_rank(area: &str) -> (usize, String) {
    let i = AREA_ORDER.iter().position(|a| *a == area).unwrap_or(AREA_ORDER.len());
    (i, area.to_owned())
}

/// Merges reports into columns and pairs their scenarios into rows.
pub fn merge(reports: &[Report]) -> Matrix {
    let mut keys: Vec<String> = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut of_report = Vec::with_capacity(reports.len());
    for r in reports {
        let key = target_key(r);
        let index = match keys.iter().position(|k| *k == key) {
            Some(i) => {
                let c = &mut columns[i];
                c.shards += 1;
                c.duration_ms += r.duration_ms;
                c.stopped_early |= r.stopped_early;
                i
            }
            None => {
                keys.push(key);
                columns.push(Column {
                    title: title(r),
                    identity: r.identity.clone(),
                    settings: r.settings.clone(),
                    totals: Totals::default(),
                    duration_ms: r.duration_ms,
                    stopped_early: r.stopped_early,
                    shards: 1,
                });
                columns.len() - 1
            }
        };
        of_report.push(index);
    }
    let scenarios = rows(reports, &of_report, columns.len());
    for row in &scenarios {
        for (i, cell) in row.cells.iter().enumerate() {
            if let Some(c) = cell {
                columns[i].totals.count(c.status);
            }
        }
    }
    let areas = area_rows(&scenarios, columns.len());
    let not_run = not_run_rows(&scenarios, columns.len());
    Matrix { columns, areas, scenarios, not_run }
}

/// The scenario rows, by area (in the reports' order within an area).
fn rows(reports: &[Report], of_report: &[usize], width: usize) -> Vec<ScenarioRow> {
    let mut rows: Vec<ScenarioRow> = Vec::new();
    // (file, line, name) → the rows with that identity, in order.
    let mut index: HashMap<(String, usize, String), Vec<usize>> = HashMap::new();
    for (r, &col) in reports.iter().zip(of_report) {
        let mut seen: HashMap<(String, usize, String), usize> = HashMap::new();
        for s in &r.scenarios {
            let key = (s.file.clone(), s.line, s.name.clone());
            let nth = seen.entry(key.clone()).or_insert(0);
            let slots = index.entry(key).or_default();
            let row = match slots.get(*nth).copied() {
                Some(i) if rows[i].cells[col].is_none() => i,
                _ => {
                    rows.push(ScenarioRow {
                        area: s.area.clone(),
                        feature: s.feature.clone(),
                        file: s.file.clone(),
                        line: s.line,
                        name: s.name.clone(),
                        tags: s.tags.clone(),
                        ids: s.ids.clone(),
                        cells: vec![None; width],
                    });
                    slots.push(rows.len() - 1);
                    rows.len() - 1
                }
            };
            *nth += 1;
            rows[row].cells[col] = Some(s.clone());
        }
    }
    // A stable sort keeps the reports' order within an area.
    rows.sort_by_key(|r| area_rank(&r.area));
    rows
}

fn area_rows(scenarios: &[ScenarioRow], width: usize) -> Vec<AreaRow> {
    let mut areas: BTreeMap<(usize, String), Vec<Totals>> = BTreeMap::new();
    for row in scenarios {
        let totals =
            areas.entry(area_rank(&row.area)).or_insert_with(|| vec![Totals::default(); width]);
        for (i, cell) in row.cells.iter().enumerate() {
            if let Some(c) = cell {
                totals[i].count(c.status);
            }
        }
    }
    areas.into_iter().map(|((_, area), totals)| AreaRow { area, totals }).collect()
}

fn not_run_rows(scenarios: &[ScenarioRow], width: usize) -> Vec<NotRunRow> {
    let mut caps: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for row in scenarios {
        for (i, cell) in row.cells.iter().enumerate() {
            if let Some(c) = cell
                && c.status == Status::NotRun
            {
                let cap = c.missing_capability.clone().unwrap_or_else(|| "(unknown)".into());
                caps.entry(cap).or_insert_with(|| vec![0; width])[i] += 1;
            }
        }
    }
    caps.into_iter().map(|(capability, counts)| NotRunRow { capability, counts }).collect()
}

#[cfg(test)]
mod tests;

//! The suite against the behaviour catalog: every tag that looks like a
//! catalog ID is one (typos fail), every entry of features/NOT-COVERED.md is a
//! known ID with a reason and no scenario, and every ID of the catalog is
//! covered by a scenario or justified in NOT-COVERED.md.

use std::collections::{BTreeMap, BTreeSet};

use harness::REPO_ROOT;

fn is_id(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && first.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && std::iter::once(first).chain(rest.iter().copied()).all(|p| {
            !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

struct Catalog {
    /// id → (file, section)
    ids: BTreeMap<String, (String, String)>,
}

fn catalog() -> Catalog {
    let text = std::fs::read_to_string(format!("{REPO_ROOT}/features/catalog.tsv"))
        .expect("features/catalog.tsv");
    let ids = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t').map(str::to_owned);
            let mut col = || cols.next().expect("catalog.tsv: id, file and section on every line");
            (col(), (col(), col()))
        })
        .collect();
    Catalog { ids }
}

/// IDs tagged on scenarios, with where.
fn tagged() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let scenarios = harness::scenarios(std::path::Path::new(&format!("{REPO_ROOT}/features")))
        .expect("features parse");
    for s in scenarios {
        for t in &s.tags {
            if is_id(t) {
                out.entry(t.clone()).or_default().push(format!("{}:{}", s.file, s.line));
            }
        }
    }
    out
}

/// `- ID — reason` lines of features/NOT-COVERED.md.
fn not_covered() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(format!("{REPO_ROOT}/features/NOT-COVERED.md"))
        .expect("features/NOT-COVERED.md");
    text.lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| {
            let l = l.trim_start_matches('`');
            let id: String = l
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if !is_id(&id) {
                return None;
            }
            let reason = l[id.len()..]
                .trim_start_matches('`')
                .trim_start_matches([' ', '—', '-', ':', '–'])
                .trim();
            Some((id, reason.to_owned()))
        })
        .collect()
}

#[test]
fn every_catalog_tag_is_a_known_id() {
    let catalog = catalog();
    let unknown: Vec<String> = tagged()
        .into_iter()
        .filter(|(id, _)| !catalog.ids.contains_key(id))
        .map(|(id, at)| format!("@{id} at {}", at.join(", ")))
        .collect();
    assert!(unknown.is_empty(), "tags that are not catalog IDs (typos?):\n{}", unknown.join("\n"));
}

#[test]
fn not_covered_entries_are_known_justified_and_really_not_covered() {
    let catalog = catalog();
    let tagged = tagged();
    let mut problems = Vec::new();
    for (id, reason) in not_covered() {
        if !catalog.ids.contains_key(&id) {
            problems.push(format!("{id}: not a catalog ID"));
        }
        if reason.len() < 10 {
            problems.push(format!("{id}: needs a real reason, got {reason:?}"));
        }
        if let Some(at) = tagged.get(&id) {
            problems.push(format!("{id}: listed as not covered but tagged at {}", at.join(", ")));
        }
    }
    assert!(problems.is_empty(), "features/NOT-COVERED.md:\n{}", problems.join("\n"));
}

#[test]
fn every_catalog_id_is_covered_or_justified() {
    let catalog = catalog();
    let tagged = tagged();
    let justified = not_covered();
    let mut by_section: BTreeMap<(String, String), (usize, usize, usize)> = BTreeMap::new();
    let mut missing = BTreeSet::new();
    for (id, (file, section)) in &catalog.ids {
        let entry = by_section.entry((file.clone(), section.clone())).or_default();
        if tagged.contains_key(id) {
            entry.0 += 1;
        } else if justified.contains_key(id) {
            entry.1 += 1;
        } else {
            entry.2 += 1;
            missing.insert(format!("{id} ({file} §{section})"));
        }
    }
    let (covered, justified_n, open): (usize, usize, usize) =
        by_section.values().fold((0, 0, 0), |a, v| (a.0 + v.0, a.1 + v.1, a.2 + v.2));
    eprintln!(
        "catalog: {covered} IDs covered by scenarios, {justified_n} justified as not covered, {open} open"
    );
    assert!(
        missing.is_empty(),
        "catalog IDs with no scenario and no justification in features/NOT-COVERED.md:\n{}",
        missing.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_id_pattern() {
    assert!(is_id("ITEMS-READ-ONE-404"));
    assert!(is_id("GQL-SPLIT-ITEMS-ROOT"));
    assert!(!is_id("needs-rate-limiter"));
    assert!(!is_id("GOLDEN"));
    assert!(!is_id("vendor-sqlite"));
}

//! The documented vocabulary (the `//!` list of `steps/mod.rs`) against the
//! registered step definitions: every documented step matches exactly one
//! definition, and every definition is documented.

use std::collections::BTreeSet;

use cucumber::World as _;
use cucumber::codegen::{StepConstructor as _, WorldInventory, inventory};
use cucumber::gherkin::{Step, StepType};
use cucumber::step::Location;

use crate::world::ConformanceWorld;

/// What a placeholder of the documentation stands for in a sample step.
const SAMPLES: &[(&str, &str)] = &[
    ("<persona>", "admin"),
    ("<METHOD>", "PATCH"),
    ("<path>", "/items/tags/1?fields=id"),
    ("<json path>", "data.0.id"),
    ("<json>", r#"{"name": "news"}"#),
    ("<json array>", r#"["id", "name"]"#),
    ("<n>", "3"),
    ("<seconds>", "-60"),
    ("<status>", "200"),
    ("<CODE>", "FORBIDDEN"),
    ("<text>", "some text"),
    ("<name>", "id"),
    ("<collection>", "tags"),
    ("<content type>", "text/plain"),
    ("<header>", "Content-Type"),
    ("<cookie>", "directus_session_token"),
    ("<regex>", "[0-9a-f]{40}"),
    ("<base32>", "JBSWY3DPEHPK3PXP"),
    ("<content>", "png 40x20"),
    ("<format>", "png"),
    ("<w>x<h>", "40x20"),
    ("<x>,<y>", "5,5"),
    ("<rrggbb>", "0000ff"),
    ("<hex>", "fe4eb2b3168fecf9497d27c205f7df03917a47110c13f192dcee66399ef65dfe"),
];

/// The steps the module documentation lists: backticked text that starts with
/// a keyword (`Given/When` stands for both), as `(type, sample step)`.
fn documented() -> Vec<(StepType, String)> {
    let doc: String = include_str!("mod.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    for span in doc.split('`').skip(1).step_by(2) {
        let Some((keywords, text)) = span.split_once(' ') else { continue };
        let types: Option<Vec<StepType>> = keywords
            .split('/')
            .map(|k| match k {
                "Given" => Some(StepType::Given),
                "When" => Some(StepType::When),
                "Then" => Some(StepType::Then),
                _ => None,
            })
            .collect();
        let Some(types) = types else { continue };
        let sample = fill_in(text);
        out.extend(types.into_iter().map(|ty| (ty, sample.clone())));
    }
    out
}

/// A documented step with its placeholders replaced by sample values.
fn fill_in(text: &str) -> String {
    let mut sample = text.to_owned();
    for (placeholder, value) in SAMPLES {
        sample = sample.replace(placeholder, value);
    }
    assert!(
        !sample.contains('<') || sample.contains("<absent>"),
        "a placeholder without a sample value in `{text}`: add it to SAMPLES"
    );
    sample
}

/// Every step definition, by type and place in the source.
fn registered() -> BTreeSet<(String, Location, String)> {
    let mut out = BTreeSet::new();
    for s in inventory::iter::<<ConformanceWorld as WorldInventory>::Given> {
        let (loc, re, _) = s.inner();
        out.insert(("Given".to_owned(), loc, re().to_string()));
    }
    for s in inventory::iter::<<ConformanceWorld as WorldInventory>::When> {
        let (loc, re, _) = s.inner();
        out.insert(("When".to_owned(), loc, re().to_string()));
    }
    for s in inventory::iter::<<ConformanceWorld as WorldInventory>::Then> {
        let (loc, re, _) = s.inner();
        out.insert(("Then".to_owned(), loc, re().to_string()));
    }
    out
}

#[test]
fn the_documented_vocabulary_is_exactly_the_registered_steps() {
    let steps = ConformanceWorld::collection();
    let mut problems = Vec::new();
    let mut used = BTreeSet::new();
    for (ty, value) in documented() {
        let step = Step {
            keyword: format!("{ty:?}"),
            ty,
            value: value.clone(),
            docstring: None,
            table: None,
            span: Default::default(),
            position: Default::default(),
        };
        match steps.find(&step) {
            Ok(Some((_, _, Some(loc), _))) => {
                used.insert((format!("{ty:?}"), loc));
            }
            Ok(_) => problems.push(format!("documented, but no step definition matches: {step}")),
            Err(e) => problems.push(format!("documented, and ambiguous: {step}: {e}")),
        }
    }
    for (ty, loc, re) in registered() {
        if !used.contains(&(ty.clone(), loc)) {
            problems.push(format!("registered at {loc}, missing from the vocabulary: {ty} {re}"));
        }
    }
    assert!(problems.is_empty(), "steps/mod.rs documents the vocabulary:\n{}", problems.join("\n"));
}

#[test]
fn the_vocabulary_test_sees_the_steps() {
    // Guards the test above against an empty inventory or a doc it cannot read.
    assert!(registered().len() > 40, "{:?}", registered());
    assert!(documented().len() > 40, "{:?}", documented());
}

//! What a run will do with the selected scenarios: run them on the target,
//! run them on an extra embedded mock configured as the variant they need
//! (without `--target` only), or report them not run for a capability the
//! target lacks.

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};
use cucumber::gherkin;

use crate::options::Options;
use crate::report;
use crate::scenarios::{ScenarioInfo, Selection};
use crate::variants::{MOCK_CAPABILITIES, Variant, variant, variant_capabilities};

pub(crate) struct Plan<'s> {
    /// The selection, with the capabilities of the main target.
    pub(crate) selection: Selection,
    /// The SECRET that signs the target's tokens, when known.
    pub(crate) jwt_secret: Option<String>,
    /// Scenarios the main target can run.
    pub(crate) runnable: Vec<&'s ScenarioInfo>,
    /// Scenarios for an extra embedded mock, per variant.
    pub(crate) per_variant: Vec<(&'static Variant, Vec<&'s ScenarioInfo>)>,
    /// Scenarios no server of the run can run, with the capability they miss.
    pub(crate) skipped: Vec<(&'s ScenarioInfo, String)>,
    /// Selected scenarios left out because they are written for another database.
    pub(crate) other_databases: usize,
}

impl<'s> Plan<'s> {
    /// The plan for a target on the database `vendor` (if known).
    pub(crate) fn new(
        opts: &Options,
        all: &'s [ScenarioInfo],
        vendor: Option<String>,
    ) -> Result<Plan<'s>> {
        let tags = match &opts.tags {
            Some(expr) => Some(
                expr.parse::<gherkin::tagexpr::TagOperation>()
                    .map_err(|e| anyhow!("bad --tags {expr:?}: {e}"))?,
            ),
            None => None,
        };
        let embedded = opts.target.is_none();
        let mut capabilities = opts.capabilities.clone();
        if embedded {
            capabilities.extend(MOCK_CAPABILITIES.iter().map(|s| (*s).to_owned()));
        }
        if opts.jwt_secret.is_some() && !capabilities.iter().any(|c| c == "jwt-secret") {
            capabilities.push("jwt-secret".into());
        }
        let jwt_secret = opts
            .jwt_secret
            .clone()
            .or_else(|| embedded.then(|| crate::target::EMBEDDED_SECRET.to_owned()));
        let selection = Selection { tags, name: opts.name.clone(), vendor, capabilities };
        let mut plan = Plan {
            selection,
            jwt_secret,
            runnable: Vec::new(),
            per_variant: Vec::new(),
            skipped: Vec::new(),
            other_databases: 0,
        };
        // How many scenarios of the same name came before (an outline's rows).
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for s in all {
            let row = seen.entry((&s.file, &s.name)).or_default();
            let this_row = *row;
            *row += 1;
            if !plan.selection.tags_and_name(&s.name, &s.tags) {
                continue;
            }
            if opts.shard.is_some_and(|shard| !shard.holds(&s.name, this_row)) {
                continue;
            }
            if !plan.selection.for_this_database(&s.tags) {
                plan.other_databases += 1;
                continue;
            }
            match plan.selection.missing_capability(&s.tags) {
                None => plan.runnable.push(s),
                Some(missing) => plan.place(s, missing, embedded),
            }
        }
        if plan.runnable.is_empty() && plan.per_variant.is_empty() && plan.skipped.is_empty() {
            bail!(
                "the selection is empty: no scenario matches{}{}{}{} (a run of nothing would look \
                 green)",
                opts.tags.as_ref().map(|t| format!(" --tags {t:?}")).unwrap_or_default(),
                opts.name.as_ref().map(|n| format!(" --name {n:?}")).unwrap_or_default(),
                opts.shard.map(|s| format!(" in part {}/{}", s.index, s.count)).unwrap_or_default(),
                match plan.other_databases {
                    0 => String::new(),
                    n => format!(" on this database ({n} written for others)"),
                },
            );
        }
        Ok(plan)
    }

    /// Without a target, a scenario that needs a server variant runs on an
    /// extra mock; otherwise it is not run.
    fn place(&mut self, s: &'s ScenarioInfo, missing: String, embedded: bool) {
        let with_variant = variant(&missing).filter(|v| {
            let caps = variant_capabilities(&self.selection.capabilities, v);
            embedded
                && Selection { capabilities: caps, ..self.selection.clone() }
                    .missing_capability(&s.tags)
                    .is_none()
        });
        let Some(v) = with_variant else {
            self.skipped.push((s, missing));
            return;
        };
        match self.per_variant.iter_mut().find(|(pv, _)| pv.capability == v.capability) {
            Some((_, list)) => list.push(s),
            None => self.per_variant.push((v, vec![s])),
        }
    }

    /// Whether the main target needs the fixture: a scenario needs it unless
    /// every capability it needs is a fixture-free variant's.
    pub(crate) fn main_needs_fixture(&self) -> bool {
        self.runnable.iter().any(|s| {
            !s.tags
                .iter()
                .filter_map(|t| t.strip_prefix("needs-"))
                .any(|cap| variant(cap).is_some_and(|v| !v.fixture))
        })
    }

    /// The JSON `--list` prints: the scenarios the run would execute.
    pub(crate) fn listing(&self) -> Result<String> {
        let list: Vec<(String, String, Vec<String>)> = self
            .runnable
            .iter()
            .chain(self.per_variant.iter().flat_map(|(_, l)| l.iter()))
            .map(|s| (s.feature.clone(), s.name.clone(), s.tags.clone()))
            .collect();
        Ok(serde_json::to_string_pretty(&report::listing(&list))?)
    }
}

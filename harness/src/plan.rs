//! What a run will do with the selected scenarios: run them on the target,
//! run them on an extra embedded mock configured as the variant they need
//! (without `--target` only), or report them not run for a capability the
//! target lacks.

use anyhow::{Result, anyhow};
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
}

impl<'s> Plan<'s> {
    pub(crate) fn new(opts: &Options, all: &'s [ScenarioInfo]) -> Result<Plan<'s>> {
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
        let selection = Selection { tags, name: opts.name.clone(), capabilities };
        let mut plan = Plan {
            selection,
            jwt_secret,
            runnable: Vec::new(),
            per_variant: Vec::new(),
            skipped: Vec::new(),
        };
        for s in all {
            if !plan.selection.selected(&s.name, &s.tags) {
                continue;
            }
            match plan.selection.missing_capability(&s.tags) {
                None => plan.runnable.push(s),
                Some(missing) => plan.place(s, missing, embedded),
            }
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

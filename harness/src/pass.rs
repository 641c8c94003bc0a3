//! One pass: cucumber against one server. Connect, provision the fixture (if
//! the pass' scenarios need it), run the scenarios one at a time with a reset
//! after each that wrote, and tear down whatever happened (an interrupt, or
//! `--fail-fast` stopping at a failure, included).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::anyhow;
use cucumber::World as _;
use futures::FutureExt as _;

use crate::api::{Api, Auth};
use crate::interrupt::Interrupt;
use crate::openapi::Checker;
use crate::options::{HarnessError, Options};
use crate::provision::{self, Fixture, Provisioned};
use crate::relative;
use crate::report::{
    Collected, Collector, CollectorSettings, ExtrasSink, Progress, Raw, ScenarioResult,
    TargetIdentity,
};
use crate::scenarios::ScenarioPlace;
use crate::target;
use crate::variants::counts_requests;
use crate::world::{ConformanceWorld, RunContext};

/// What every pass of a run shares.
pub(crate) struct Shared<'a> {
    pub(crate) opts: &'a Options,
    pub(crate) features_dir: PathBuf,
    pub(crate) fixture: Fixture,
    /// The SECRET that signs the target's tokens, when known.
    pub(crate) jwt_secret: Option<String>,
    pub(crate) snapshots: PathBuf,
    pub(crate) interrupted: Interrupt,
    pub(crate) progress: Progress,
    /// The scenarios the expectations say fail (`--fail-fast` does not stop at them).
    pub(crate) expected: HashSet<String>,
    /// The target's database (`sqlite`, `postgres`, ...), when known.
    pub(crate) vendor: Option<String>,
}

/// What a pass brings back.
pub(crate) struct PassOutcome {
    pub(crate) results: Vec<(ScenarioResult, Raw)>,
    /// What the server says it is.
    pub(crate) identity: TargetIdentity,
    /// `--fail-fast` stopped it at a failure.
    pub(crate) stopped: bool,
}

/// One run of cucumber against one server.
pub(crate) struct Pass<'a> {
    /// How the target is called in messages.
    pub(crate) label: String,
    pub(crate) base: String,
    /// The scenarios this server runs, by file and line (the plan's choice).
    pub(crate) scenarios: Arc<HashSet<ScenarioPlace>>,
    /// For a variant's server: the capability it provides.
    pub(crate) only: Option<&'a str>,
    pub(crate) provision: bool,
    pub(crate) capabilities: &'a [String],
}

fn install_quiet_panic_hook() -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> {
    let previous = std::panic::take_hook();
    // Failed steps are reported by the collector; the default hook would print each one twice.
    std::panic::set_hook(Box::new(|_| {}));
    previous
}

/// Connects, provisions (if asked), runs the pass' scenarios one at a time, tears down.
pub(crate) async fn run_pass(
    shared: &Shared<'_>,
    pass: &Pass<'_>,
) -> Result<PassOutcome, HarnessError> {
    let Shared { opts, interrupted, .. } = shared;
    if interrupted.fired() {
        return Err(HarnessError::Interrupted);
    }
    let setup = HarnessError::Setup;
    let api = Api::new(&pass.base, Duration::from_secs(opts.timeout)).map_err(setup)?;
    // The harness' own requests wait out a rate limiter; the scenarios' do not.
    let setup_api = api.patient();
    let admin = target::connect(&setup_api, opts, &pass.label).await.map_err(setup)?;
    let identity = target::identify(&setup_api, &admin, opts.target.is_none()).await;
    let provisioned = provision_for(shared, pass, &setup_api, &admin).await?;
    let ctx = Arc::new(RunContext {
        api: api.clone(),
        admin: admin.clone(),
        fixture: shared.fixture.clone(),
        provisioned: Mutex::new(Arc::new(provisioned)),
        snapshots: shared.snapshots.clone(),
        update_snapshots: opts.update_snapshots,
        jwt_secret: shared.jwt_secret.clone(),
        openapi: opts.checks_openapi().then(Checker::default),
        capabilities: pass.capabilities.to_vec(),
        vendor: shared.vendor.clone(),
        broken: tokio::sync::watch::channel(None).0,
    });

    let collected = Collected::new();
    let previous_hook = install_quiet_panic_hook();
    let ended = tokio::select! {
        () = run_scenarios(shared, pass, &ctx, &collected) => Ended::Finished,
        () = collected.wait_for_stop() => Ended::Finished,
        why = ctx.wait_broken() => Ended::Broken(why),
        () = interrupted.wait() => Ended::Interrupted,
    };
    // The last scenarios may finish in the same poll that breaks the fixture:
    // a broken fixture ends the pass as a harness error whichever branch won.
    let broken = ctx.broken.borrow().clone();
    let ended = match (ended, broken) {
        (Ended::Finished, Some(why)) => Ended::Broken(why),
        (ended, _) => ended,
    };
    std::panic::set_hook(previous_hook);
    shared.progress.finish();

    // Teardown, whatever happened.
    if !opts.keep
        && let Err(e) = provision::teardown(&setup_api, &admin, &ctx.provisioned()).await
    {
        eprintln!("directus-conformance: {e:#}");
    }
    match ended {
        Ended::Finished => {}
        Ended::Interrupted => return Err(HarnessError::Interrupted),
        Ended::Broken(why) => return Err(setup(anyhow!("{why}"))),
    }
    let (results, parse_errors) = collected.take();
    if !parse_errors.is_empty() {
        return Err(setup(anyhow!("feature files do not parse: {}", parse_errors.join("; "))));
    }
    Ok(PassOutcome { results, identity, stopped: collected.stopped() })
}

/// How the scenarios of a pass ended.
enum Ended {
    /// All ran, or `--fail-fast` stopped them.
    Finished,
    Interrupted,
    /// The fixture could be neither reset nor provisioned again.
    Broken(String),
}

/// The reset after a scenario that wrote. When it fails, the failure is the
/// scenario's (reported once) and the harness recovers: it removes what it
/// can and provisions the fixture again (personas under fresh names), so the
/// scenarios after it start from the fixture as usual. When that fails too,
/// the fixture is broken and the pass stops (a harness error, exit 2) instead
/// of failing every later scenario.
async fn reset_after_write(ctx: &RunContext) -> Result<(), String> {
    // The reset puts back system rows: documents may change.
    if let Some(checker) = &ctx.openapi {
        checker.forget();
    }
    let provisioned = ctx.provisioned();
    let api = ctx.api.patient();
    let Err(e) = provision::reset(&api, &ctx.admin, &ctx.fixture, &provisioned).await else {
        return Ok(());
    };
    let failed = format!("resetting the fixture after this scenario failed: {e:#}");
    if let Err(t) = provision::teardown(&api, &ctx.admin, &provisioned).await {
        eprintln!("directus-conformance: recovering from a failed reset: {t:#}");
    }
    // Whatever is left under the fixture's names goes first (as --replace-existing).
    let fresh = provision::provision(
        &api,
        &ctx.admin,
        &ctx.fixture,
        true,
        &ctx.capabilities,
        std::future::pending(),
    )
    .await;
    match fresh {
        Ok(p) => {
            ctx.replace_provisioned(p);
            Err(format!("{failed}; the harness provisioned the fixture again and goes on"))
        }
        Err(p) => {
            let why = format!(
                "{failed}; provisioning the fixture again failed too, so no later scenario could \
                 start from it: {p:#}"
            );
            ctx.broken.send_replace(Some(why.clone()));
            Err(why)
        }
    }
}

/// The fixture on the pass' server, or nothing when its scenarios need none.
async fn provision_for(
    shared: &Shared<'_>,
    pass: &Pass<'_>,
    api: &Api,
    admin: &Auth,
) -> Result<Provisioned, HarnessError> {
    if !pass.provision {
        return Ok(Provisioned::default());
    }
    let interrupted = &shared.interrupted;
    let provisioned = provision::provision(
        api,
        admin,
        &shared.fixture,
        shared.opts.replace_existing,
        pass.capabilities,
        interrupted.wait(),
    )
    .await;
    match provisioned {
        Ok(p) => Ok(p),
        Err(_) if interrupted.fired() => Err(HarnessError::Interrupted),
        Err(e) => Err(HarnessError::Setup(e.context("provisioning the fixture"))),
    }
}

/// Whether a scenario's responses are held to the OpenAPI document. Not
/// where its server counts requests (the document's fetch would count), nor
/// in a `@vendor-<database>-...` scenario, which pins what one database does
/// beyond the API's types (SQLite's loose column types, booleans as 1/0).
fn openapi_applies(tags: &[String]) -> bool {
    !counts_requests(tags) && !tags.iter().any(|t| t.starts_with("vendor-"))
}

/// The pass' scenarios, one at a time: they share the fixture.
async fn run_scenarios(
    shared: &Shared<'_>,
    pass: &Pass<'_>,
    ctx: &Arc<RunContext>,
    collected: &Collected,
) {
    let extras = ExtrasSink::default();
    let settings = CollectorSettings {
        server: pass.only.is_some().then(|| pass.label.clone()),
        strict_openapi: shared.opts.strict_openapi,
        fail_fast: shared.opts.fail_fast.then(|| shared.expected.clone()),
    };
    let collector =
        Collector::new(collected.clone(), Arc::clone(&extras), shared.progress.clone(), settings);
    let before_ctx = Arc::clone(ctx);
    let after_ctx = Arc::clone(ctx);
    let chosen = Arc::clone(&pass.scenarios);
    let has_fixture = pass.provision;
    ConformanceWorld::cucumber()
        .max_concurrent_scenarios(1)
        .with_writer(collector)
        .with_default_cli()
        .before(move |feature, _, sc, world| {
            world.run = Some(Arc::clone(&before_ctx));
            world.unique = uuid::Uuid::new_v4().simple().to_string()[..10].to_owned();
            world.key = crate::report::scenario_key(feature, sc);
            let tags: Vec<String> = sc.tags.iter().chain(feature.tags.iter()).cloned().collect();
            world.check_openapi = before_ctx.openapi.is_some() && openapi_applies(&tags);
            async {}.boxed_local()
        })
        .after(move |_, _, _, _, world| {
            let ctx = Arc::clone(&after_ctx);
            let extras = Arc::clone(&extras);
            // Without a fixture there is nothing to put back.
            let wrote = has_fixture && world.as_ref().is_some_and(|w| w.wrote);
            if let Some(w) = world {
                let key = w.key.clone();
                let evidence = w.take_extras();
                extras.lock().unwrap_or_else(PoisonError::into_inner).insert(key, evidence);
            }
            async move {
                if wrote && let Err(why) = reset_after_write(&ctx).await {
                    panic!("{why}");
                }
            }
            .boxed_local()
        })
        .filter_run(shared.features_dir.clone(), move |feature, _, sc| {
            let file = feature.path.as_deref().map(relative).unwrap_or_default();
            chosen.contains(&(file, sc.position.line))
        })
        .await;
}

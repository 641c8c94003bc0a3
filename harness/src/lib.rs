//! `directus-conformance`: runs the Gherkin conformance suite against a
//! Directus-compatible server over HTTP.
//!
//! A run connects to the target (or starts the embedded mock on a free
//! loopback port), provisions the fixture through public admin endpoints,
//! runs the selected scenarios one after another (resetting the fixture after
//! each scenario that writes), removes what it created — also after failures
//! and Ctrl-C — and judges the results against the target's expectations.
//!
//! Architecture invariant: verdicts come from HTTP exchanges only. The
//! embedded mock is started here, but nothing of its internals is consulted.

pub mod api;
pub mod codes;
pub mod expectations;
pub mod jsonmatch;
pub mod provision;
pub mod report;
pub mod steps;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use cucumber::World as _;
use cucumber::gherkin;
use cucumber::tag::Ext as _;
use futures::FutureExt as _;

use crate::api::{Api, Auth};
use crate::expectations::Expectations;
use crate::provision::Fixture;
use crate::report::{Collector, Report};
use crate::world::{ConformanceWorld, RunContext};

/// Where the repository's suite lives (the default for `--features` and `--fixture`).
pub const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Capabilities the embedded mock offers to scenarios tagged `@needs-<capability>`:
/// it has no licence limits (custom permission rules work) and the harness
/// knows the secret that signs its tokens.
pub const MOCK_CAPABILITIES: &[&str] = &["embedded-mock", "license", "jwt-secret"];

/// A server configuration that some scenarios need (`@needs-<capability>`).
///
/// Without `--target`, the harness starts one extra embedded mock per variant
/// that a selected scenario needs, configured with `env`, and runs those
/// scenarios there, in the same report. CI starts a real Directus with the
/// same environment for each variant (`--variants` prints them) and runs the
/// scenarios tagged for it with `--capability <capability>`.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    /// The capability the configuration provides.
    pub capability: &'static str,
    /// Directus environment variables of the configuration (the mock reads the same names).
    pub env: &'static [(&'static str, &'static str)],
    /// Whether the fixture is provisioned: a tight rate limiter refuses provisioning,
    /// so its scenarios use no fixture.
    pub fixture: bool,
    /// Whether a real Directus behaves so without any of `env` (its defaults): CI then
    /// declares the capability on its main run instead of starting another server.
    pub real_default: bool,
    /// Capabilities of the main embedded mock this configuration takes away.
    pub without: &'static [&'static str],
    /// What the configuration is for.
    pub about: &'static str,
}

/// Every variant the suite knows. Scenarios rely on these exact values.
pub const VARIANTS: &[Variant] = &[
    Variant {
        capability: "rate-limiter",
        env: &[
            ("RATE_LIMITER_ENABLED", "true"),
            ("RATE_LIMITER_POINTS", "3"),
            ("RATE_LIMITER_DURATION", "2"),
        ],
        fixture: false,
        real_default: false,
        without: &[],
        about: "the IP rate limiter on: 3 requests per 2 seconds",
    },
    Variant {
        capability: "short-token-ttl",
        env: &[("ACCESS_TOKEN_TTL", "2s")],
        fixture: true,
        real_default: false,
        without: &[],
        about: "access tokens that expire after 2 seconds",
    },
    Variant {
        capability: "login-stall",
        env: &[("LOGIN_STALL_TIME", "500")],
        fixture: true,
        real_default: true,
        without: &[],
        about: "logins that take at least 500 ms (Directus' default; the mock answers at once)",
    },
    Variant {
        capability: "max-batch-mutation-200",
        env: &[("MAX_BATCH_MUTATION", "200")],
        fixture: true,
        real_default: false,
        without: &[],
        about: "at most 200 item writes per request (MAX_BATCH_MUTATION)",
    },
    Variant {
        capability: "core-limits",
        env: &[("DIRECTUS_MOCK_CORE_LIMITS", "true")],
        fixture: true,
        real_default: true,
        without: &["license"],
        about: "the limits of an unlicensed Directus (Core tier)",
    },
    Variant {
        capability: "graphql-introspection-off",
        env: &[("GRAPHQL_INTROSPECTION", "false")],
        fixture: false,
        real_default: false,
        without: &[],
        about: "GraphQL introspection turned off",
    },
    Variant {
        capability: "query-limit-max-50",
        env: &[("QUERY_LIMIT_MAX", "50")],
        fixture: true,
        real_default: false,
        without: &[],
        about: "queries capped at 50 rows (QUERY_LIMIT_MAX)",
    },
    Variant {
        capability: "error-stacks",
        env: &[("NODE_ENV", "development")],
        fixture: false,
        real_default: false,
        without: &[],
        about: "development mode: stack traces in error responses",
    },
];

/// The capabilities of an embedded mock configured for a variant.
fn variant_capabilities(main: &[String], v: &Variant) -> Vec<String> {
    let mut caps: Vec<String> =
        main.iter().filter(|c| !v.without.contains(&c.as_str())).cloned().collect();
    caps.push(v.capability.to_owned());
    caps
}

/// The variant that provides a capability.
pub fn variant(capability: &str) -> Option<&'static Variant> {
    VARIANTS.iter().find(|v| v.capability == capability)
}

/// When to colour the terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

/// Everything a run can be told. Every flag also reads an environment variable.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Base URL of the server to test, e.g. http://127.0.0.1:8055. Without it, the
    /// embedded mock is started on a free loopback port and tested.
    #[arg(long, env = "DIRECTUS_URL")]
    pub target: Option<String>,
    /// Static token of an administrator of the target.
    #[arg(long, env = "DIRECTUS_ADMIN_TOKEN")]
    pub admin_token: Option<String>,
    /// Email of an administrator (with --admin-password, instead of a token).
    #[arg(long, env = "DIRECTUS_ADMIN_EMAIL")]
    pub admin_email: Option<String>,
    /// Password of that administrator.
    #[arg(long, env = "DIRECTUS_ADMIN_PASSWORD")]
    pub admin_password: Option<String>,
    /// A directory of *.feature files (searched recursively) or one feature file.
    #[arg(long, env = "CONFORMANCE_FEATURES")]
    pub features: Option<PathBuf>,
    /// Fixture directory (schema.json, seed.json, personas.json).
    #[arg(long, env = "CONFORMANCE_FIXTURE")]
    pub fixture: Option<PathBuf>,
    /// Tag expression selecting scenarios, e.g. "@ITEMS-READ-ONE-404 or @errors".
    #[arg(long, env = "CONFORMANCE_TAGS")]
    pub tags: Option<String>,
    /// Only scenarios whose name contains this text.
    #[arg(long)]
    pub name: Option<String>,
    /// Expectations file: scenarios known to fail on this target, with reasons.
    #[arg(long, env = "CONFORMANCE_EXPECTATIONS")]
    pub expectations: Option<PathBuf>,
    /// A capability the target has (repeatable); scenarios tagged @needs-<capability> run only then.
    #[arg(long = "capability", value_name = "NAME")]
    pub capabilities: Vec<String>,
    /// The SECRET that signs the target's tokens; declares the capability jwt-secret
    /// (scenarios that forge expired or incomplete tokens).
    #[arg(long, env = "CONFORMANCE_JWT_SECRET")]
    pub jwt_secret: Option<String>,
    /// Print the server variants capability scenarios need (capability and environment,
    /// one per line) and exit.
    #[arg(long)]
    pub variants: bool,
    /// Write a JSON report (every scenario with feature, name, tags, status; totals).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Delete fixture collections that already exist on the target before provisioning.
    #[arg(long)]
    pub replace_existing: bool,
    /// Leave the provisioned fixture on the target after the run (for debugging).
    #[arg(long)]
    pub keep: bool,
    /// Record snapshot files instead of comparing with them.
    #[arg(long)]
    pub update_snapshots: bool,
    /// Behaviour profile of the embedded mock (no --target): seed or directus-12.
    #[arg(long, value_enum, default_value_t = mock_server::Profile::Seed)]
    pub mock_profile: mock_server::Profile,
    /// Seconds before one request gives up.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Colour: auto (on a terminal), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// No progress output; failures and the summary line only.
    #[arg(long)]
    pub quiet: bool,
    /// List the selected scenarios (JSON on stdout) and exit without running them.
    #[arg(long)]
    pub list: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: None,
            admin_token: None,
            admin_email: None,
            admin_password: None,
            features: None,
            fixture: None,
            tags: None,
            name: None,
            expectations: None,
            capabilities: Vec::new(),
            jwt_secret: None,
            variants: false,
            json: None,
            junit: None,
            replace_existing: false,
            keep: false,
            update_snapshots: false,
            mock_profile: mock_server::Profile::Seed,
            timeout: 30,
            color: Color::Auto,
            quiet: false,
            list: false,
        }
    }
}

/// A harness error (exit 2), as opposed to conformance failures (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("{0:#}")]
    Setup(anyhow::Error),
    #[error("interrupted; the provisioned fixture was removed")]
    Interrupted,
}

/// One scenario as parsed from a feature file.
#[derive(Debug, Clone)]
pub struct ScenarioInfo {
    pub feature: String,
    pub file: String,
    pub name: String,
    pub line: usize,
    pub tags: Vec<String>,
}

fn feature_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "feature") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A path relative to the repository root when it is inside it, for messages.
pub fn relative(path: &Path) -> String {
    let root = std::fs::canonicalize(REPO_ROOT).unwrap_or_else(|_| PathBuf::from(REPO_ROOT));
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    full.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(full).display().to_string()
}

/// Every scenario of the suite (outlines expanded by example row).
pub fn scenarios(dir: &Path) -> Result<Vec<ScenarioInfo>> {
    let mut out = Vec::new();
    for path in feature_files(dir)? {
        let feature = gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default())
            .map_err(|e| anyhow!("parsing {}: {e}", path.display()))?;
        let file = relative(&path);
        let all =
            feature.scenarios.iter().chain(feature.rules.iter().flat_map(|r| r.scenarios.iter()));
        for sc in all {
            let rows = sc
                .examples
                .iter()
                .map(|e| e.table.as_ref().map_or(0, |t| t.rows.len().saturating_sub(1)))
                .sum::<usize>();
            for _ in 0..rows.max(1) {
                out.push(ScenarioInfo {
                    feature: feature.name.clone(),
                    file: file.clone(),
                    name: sc.name.clone(),
                    line: sc.position.line,
                    tags: sc.tags.iter().chain(feature.tags.iter()).cloned().collect(),
                });
            }
        }
    }
    Ok(out)
}

/// The selection: tags expression and name filter.
#[derive(Debug, Clone)]
struct Selection {
    tags: Option<gherkin::tagexpr::TagOperation>,
    name: Option<String>,
    capabilities: Vec<String>,
}

impl Selection {
    fn selected(&self, name: &str, tags: &[String]) -> bool {
        self.tags.as_ref().is_none_or(|op| op.eval(tags.iter()))
            && self.name.as_ref().is_none_or(|n| name.contains(n.as_str()))
    }

    /// The first capability a scenario needs and the target lacks.
    fn missing_capability(&self, tags: &[String]) -> Option<String> {
        tags.iter()
            .filter_map(|t| t.strip_prefix("needs-"))
            .find(|cap| !self.capabilities.iter().any(|c| c == cap))
            .map(str::to_owned)
    }
}

/// Ctrl-C, listened for from the start of a run so a run interrupted at any
/// point (provisioning included) still removes what it created.
#[derive(Clone)]
struct Interrupt {
    fired: Arc<std::sync::atomic::AtomicBool>,
    notify: Arc<tokio::sync::Notify>,
}

impl Interrupt {
    fn listen() -> Interrupt {
        let me = Interrupt { fired: Arc::default(), notify: Arc::new(tokio::sync::Notify::new()) };
        let signal = me.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!(
                    "\ndirectus-conformance: interrupted; removing the fixture from the target ..."
                );
                signal.fired.store(true, std::sync::atomic::Ordering::SeqCst);
                signal.notify.notify_waiters();
            }
        });
        me
    }

    fn fired(&self) -> bool {
        self.fired.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Resolves once Ctrl-C was pressed (immediately if it already was).
    async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.fired() {
                return;
            }
            notified.await;
        }
    }
}

/// A running embedded mock; dropping it stops the server.
struct EmbeddedMock {
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start_mock(
    profile: mock_server::Profile,
    env: &[(&str, &str)],
) -> Result<(String, EmbeddedMock)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a loopback port for the mock")?;
    let addr = listener.local_addr()?;
    let mut config =
        mock_server::Config { port: addr.port(), profile, ..mock_server::Config::default() };
    for (name, value) in env {
        config.set_var(name, value).map_err(|e| anyhow!("configuring the mock: {e}"))?;
    }
    let app = mock_server::build_app(config)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = rx.await;
        };
        if let Err(e) = mock_server::serve(listener, app, shutdown).await {
            eprintln!("embedded mock stopped: {e:#}");
        }
    });
    Ok((format!("http://{addr}"), EmbeddedMock { _stop: tx }))
}

/// Logs in when credentials are an email and a password.
async fn admin_auth(api: &Api, opts: &Options, embedded: bool) -> Result<Auth> {
    if let Some(token) = &opts.admin_token {
        return Ok(Auth::Bearer(token.clone()));
    }
    if let (Some(email), Some(password)) = (&opts.admin_email, &opts.admin_password) {
        let body = serde_json::json!({"email": email, "password": password});
        let ex = api
            .expect("POST", "/auth/login", &Auth::None, Some(&body), 200)
            .await
            .context("logging in as the admin")?;
        let token = ex
            .json
            .as_ref()
            .and_then(|j| j.pointer("/data/access_token"))
            .and_then(|v| v.as_str())
            .ok_or_else(|| anyhow!("login answered without data.access_token"))?;
        return Ok(Auth::Bearer(token.to_owned()));
    }
    if embedded {
        return Ok(Auth::Bearer(mock_server::Config::default().admin_token));
    }
    bail!("no admin credentials: pass --admin-token, or --admin-email and --admin-password")
}

fn install_quiet_panic_hook() -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> {
    let previous = std::panic::take_hook();
    // Failed steps are reported by the collector; the default hook would print each one twice.
    std::panic::set_hook(Box::new(|_| {}));
    previous
}

/// Runs the suite and returns the judged report.
pub async fn run(opts: Options) -> Result<Report, HarnessError> {
    run_inner(opts).await
}

/// One run of cucumber against one server: the scenarios named in `names`.
struct Pass<'a> {
    /// How the target is called in messages.
    label: String,
    base: String,
    /// The run's selection, with the capabilities of this server.
    selection: Selection,
    /// For a variant's server: only the scenarios that need its capability.
    only: Option<&'a str>,
    total: usize,
    provision: bool,
    capabilities: &'a [String],
}

/// The lines `--variants` prints: `capability default|separate KEY=value ...`, where
/// `default` means a real Directus has the capability as it comes.
pub fn variants_listing() -> String {
    VARIANTS
        .iter()
        .map(|v| {
            let env: Vec<String> = v.env.iter().map(|(k, val)| format!("{k}={val}")).collect();
            let kind = if v.real_default { "default" } else { "separate" };
            format!("{} {kind} {}\n", v.capability, env.join(" "))
        })
        .collect()
}

async fn run_inner(opts: Options) -> Result<Report, HarnessError> {
    let setup = HarnessError::Setup;
    let started = Instant::now();
    if opts.variants {
        print!("{}", variants_listing());
        return Ok(Report {
            target: String::new(),
            duration_ms: 0,
            totals: Default::default(),
            scenarios: Vec::new(),
        });
    }
    let root = PathBuf::from(REPO_ROOT);
    let features_dir = opts.features.clone().unwrap_or_else(|| root.join("features"));
    let fixture_dir = opts.fixture.clone().unwrap_or_else(|| root.join("fixtures/conformance"));
    let all = scenarios(&features_dir).map_err(setup)?;
    {
        let mut names = std::collections::HashMap::new();
        for s in &all {
            if let Some(prev) = names.insert(s.name.clone(), format!("{}:{}", s.file, s.line))
                && prev != format!("{}:{}", s.file, s.line)
            {
                return Err(setup(anyhow!(
                    "scenario names must be unique (expectations refer to them): {:?} at {prev} and {}:{}",
                    s.name,
                    s.file,
                    s.line
                )));
            }
        }
    }
    let expectations = match &opts.expectations {
        Some(p) => Expectations::load(p).map_err(setup)?,
        None => Expectations::default(),
    };
    let known: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    let stale = expectations.unknown(&known);
    if !stale.is_empty() {
        return Err(setup(anyhow!(
            "the expectations file names scenarios the suite does not have: {}",
            stale.join("; ")
        )));
    }
    let tags = match &opts.tags {
        Some(expr) => Some(
            expr.parse::<gherkin::tagexpr::TagOperation>()
                .map_err(|e| setup(anyhow!("bad --tags {expr:?}: {e}")))?,
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
    let jwt_secret =
        opts.jwt_secret.clone().or_else(|| embedded.then(|| mock_server::Config::default().secret));
    let selection = Selection { tags, name: opts.name.clone(), capabilities: capabilities.clone() };
    let selected: Vec<&ScenarioInfo> =
        all.iter().filter(|s| selection.selected(&s.name, &s.tags)).collect();
    let (runnable, rest): (Vec<&ScenarioInfo>, Vec<&ScenarioInfo>) =
        selected.iter().partition(|s| selection.missing_capability(&s.tags).is_none());
    // Without a target, scenarios that need a server variant run on an extra mock.
    let mut per_variant: Vec<(&'static Variant, Vec<&ScenarioInfo>)> = Vec::new();
    let mut skipped: Vec<&ScenarioInfo> = Vec::new();
    for s in rest {
        let missing = selection.missing_capability(&s.tags).unwrap_or_default();
        let with_variant = variant(&missing).filter(|v| {
            let caps = variant_capabilities(&capabilities, v);
            embedded
                && Selection { capabilities: caps, ..selection.clone() }
                    .missing_capability(&s.tags)
                    .is_none()
        });
        match with_variant {
            Some(v) => match per_variant.iter_mut().find(|(pv, _)| pv.capability == v.capability) {
                Some((_, list)) => list.push(s),
                None => per_variant.push((v, vec![s])),
            },
            None => skipped.push(s),
        }
    }
    if opts.list {
        let list: Vec<(String, String, Vec<String>)> = runnable
            .iter()
            .chain(per_variant.iter().flat_map(|(_, l)| l.iter()))
            .map(|s| (s.feature.clone(), s.name.clone(), s.tags.clone()))
            .collect();
        println!("{}", serde_json::to_string_pretty(&report::listing(&list)).unwrap_or_default());
        return Ok(Report {
            target: String::new(),
            duration_ms: 0,
            totals: Default::default(),
            scenarios: Vec::new(),
        });
    }
    // A scenario needs the fixture unless every capability it needs is a fixture-free variant's.
    let needs_fixture = |s: &&ScenarioInfo| {
        !s.tags
            .iter()
            .filter_map(|t| t.strip_prefix("needs-"))
            .any(|cap| variant(cap).is_some_and(|v| !v.fixture))
    };
    let fixture = Fixture::load(&fixture_dir).map_err(setup)?;
    let interrupted = Interrupt::listen();

    let mut collected = Vec::new();
    let target_name;
    // The main target: the given server, or the embedded mock.
    {
        let (base, _mock) = match &opts.target {
            Some(url) => (url.trim_end_matches('/').to_owned(), None),
            None => {
                let (url, mock) = start_mock(opts.mock_profile, &[]).await.map_err(setup)?;
                (url, Some(mock))
            }
        };
        target_name = if embedded { format!("embedded mock ({base})") } else { base.clone() };
        if !opts.quiet {
            eprintln!(
                "directus-conformance: {} scenarios against {target_name}{}",
                runnable.len(),
                if skipped.is_empty() {
                    String::new()
                } else {
                    format!(" ({} need capabilities the target lacks)", skipped.len())
                }
            );
        }
        let pass = Pass {
            label: target_name.clone(),
            base,
            selection: selection.clone(),
            only: None,
            total: runnable.len(),
            provision: runnable.iter().any(needs_fixture),
            capabilities: &capabilities,
        };
        if !runnable.is_empty() || per_variant.is_empty() {
            collected.extend(
                run_pass(&opts, &pass, &features_dir, &fixture, &jwt_secret, &root, &interrupted)
                    .await?,
            );
        }
    }
    for (v, list) in &per_variant {
        let (base, _mock) = start_mock(opts.mock_profile, v.env).await.map_err(setup)?;
        let caps = variant_capabilities(&capabilities, v);
        let label = format!("embedded mock with {} ({base})", v.about);
        if !opts.quiet {
            eprintln!("directus-conformance: {} scenarios against {label}", list.len());
        }
        let pass = Pass {
            label,
            base,
            selection: Selection { capabilities: caps.clone(), ..selection.clone() },
            only: Some(v.capability),
            total: list.len(),
            provision: v.fixture,
            capabilities: &caps,
        };
        collected.extend(
            run_pass(&opts, &pass, &features_dir, &fixture, &jwt_secret, &root, &interrupted)
                .await?,
        );
    }

    let (mut results, mut totals) = report::judge(collected, &expectations);
    for s in skipped {
        let missing = selection.missing_capability(&s.tags).unwrap_or_default();
        results.push(report::not_run(
            &s.feature,
            &s.file,
            &s.name,
            s.line,
            s.tags.clone(),
            &missing,
        ));
        totals.not_run += 1;
    }
    let report = Report {
        target: target_name,
        duration_ms: started.elapsed().as_millis() as u64,
        totals,
        scenarios: results,
    };
    if let Some(p) = &opts.json {
        report.write_json(p).map_err(setup)?;
    }
    if let Some(p) = &opts.junit {
        report.write_junit(p).map_err(setup)?;
    }
    Ok(report)
}

/// Connects, provisions (if asked), runs the pass' scenarios one at a time, tears down.
async fn run_pass(
    opts: &Options,
    pass: &Pass<'_>,
    features_dir: &Path,
    fixture: &Fixture,
    jwt_secret: &Option<String>,
    root: &Path,
    interrupted: &Interrupt,
) -> Result<Vec<(report::ScenarioResult, report::Raw)>, HarnessError> {
    if interrupted.fired() {
        return Err(HarnessError::Interrupted);
    }
    let setup = HarnessError::Setup;
    let base = &pass.base;
    let embedded = opts.target.is_none();
    let api = Api::new(base, Duration::from_secs(opts.timeout)).map_err(setup)?;
    let ping = api
        .send(api::Request {
            method: "GET".into(),
            path: "/server/ping".into(),
            ..Default::default()
        })
        .await;
    match ping {
        Ok(ex) if ex.status == 200 => {}
        Ok(ex) => {
            return Err(setup(anyhow!("{base} does not look like Directus: {}", ex.summary())));
        }
        Err(e) => return Err(setup(anyhow!("{base} is not reachable: {e:#}"))),
    }
    let admin = admin_auth(&api, opts, embedded).await.map_err(setup)?;
    api.expect("GET", "/users/me", &admin, None, 200).await.map_err(|e| {
        setup(e.context(format!("checking the admin credentials on {}", pass.label)))
    })?;

    // Fixture.
    let provisioned = if pass.provision {
        let provisioned = provision::provision(
            &api,
            &admin,
            fixture,
            opts.replace_existing,
            pass.capabilities,
            interrupted.wait(),
        )
        .await;
        match provisioned {
            Ok(p) => p,
            Err(_) if interrupted.fired() => return Err(HarnessError::Interrupted),
            Err(e) => return Err(setup(e.context("provisioning the fixture"))),
        }
    } else {
        provision::Provisioned::default()
    };
    let personas = provisioned.personas.clone();
    let ctx = Arc::new(RunContext {
        api: api.clone(),
        admin: admin.clone(),
        fixture: fixture.clone(),
        provisioned,
        personas,
        snapshots: root.join("snapshots"),
        update_snapshots: opts.update_snapshots,
        jwt_secret: jwt_secret.clone(),
    });

    // Scenarios, one at a time: they share the fixture.
    let previous_hook = install_quiet_panic_hook();
    let before_ctx = Arc::clone(&ctx);
    let after_ctx = Arc::clone(&ctx);
    let filter = pass.selection.clone();
    let has_fixture = pass.provision;
    let only = pass.only.map(|c| format!("needs-{c}"));
    let cucumber = ConformanceWorld::cucumber()
        .max_concurrent_scenarios(1)
        .with_writer(Collector::new(pass.total, opts.quiet))
        .with_default_cli()
        .before(move |_, _, _, world| {
            world.run = Some(Arc::clone(&before_ctx));
            world.unique = uuid::Uuid::new_v4().simple().to_string()[..10].to_owned();
            async {}.boxed_local()
        })
        .after(move |_, _, _, _, world| {
            let ctx = Arc::clone(&after_ctx);
            // Without a fixture there is nothing to put back.
            let wrote = has_fixture && world.as_ref().is_some_and(|w| w.wrote);
            async move {
                if wrote
                    && let Err(e) =
                        provision::reset(&ctx.api, &ctx.admin, &ctx.fixture, &ctx.provisioned).await
                {
                    panic!("resetting the fixture after this scenario failed: {e:#}");
                }
            }
            .boxed_local()
        })
        .filter_run(features_dir.to_path_buf(), move |feature, _, sc| {
            let tags: Vec<String> = sc.tags.iter().chain(feature.tags.iter()).cloned().collect();
            filter.selected(&sc.name, &tags)
                && filter.missing_capability(&tags).is_none()
                && only.as_ref().is_none_or(|t| tags.contains(t))
        });
    let outcome = tokio::select! {
        collector = cucumber => Some(collector),
        () = interrupted.wait() => None,
    };
    std::panic::set_hook(previous_hook);

    // Teardown, whatever happened.
    if !opts.keep
        && let Err(e) = provision::teardown(&api, &admin, &ctx.fixture, &ctx.provisioned).await
    {
        eprintln!("directus-conformance: {e:#}");
    }
    let Some(collector) = outcome else { return Err(HarnessError::Interrupted) };
    if !collector.parse_errors.is_empty() {
        return Err(setup(anyhow!(
            "feature files do not parse: {}",
            collector.parse_errors.join("; ")
        )));
    }
    Ok(collector.results)
}

//! What a run can be told (`Options`, every flag also an environment
//! variable) and the one error a run can end with instead of a report.

use std::path::PathBuf;

/// When to colour the terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

/// How failures are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: each failure with its diff and requests, on stderr.
    #[default]
    Human,
    /// GitHub Actions workflow commands on stdout (`::error file=...,line=...::`),
    /// which annotate the feature file's line in a pull request.
    Github,
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
    /// Run one part of the selection: I/N is the I-th of N parts (1 ≤ I ≤ N). A
    /// scenario's part follows from its name alone, so it stays when scenarios are
    /// added; `directus-conformance merge` combines the parts' JSON reports.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Expectations file: scenarios known to fail on this target, with reasons.
    #[arg(long, env = "CONFORMANCE_EXPECTATIONS")]
    pub expectations: Option<PathBuf>,
    /// Record this run's failures as an expectations file (a baseline: each with
    /// what the target did, and a placeholder reason unless --expectations gave one),
    /// and exit 0: adopt the suite on any server now, gate on regressions later
    /// with --expectations FILE.
    #[arg(long, value_name = "FILE")]
    pub write_expectations: Option<PathBuf>,
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
    /// Write a single self-contained HTML report (per-area summary, every scenario,
    /// failures with their requests and JSON diff).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// How failures are written: human, or github (GitHub Actions annotations).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Stop at the first failure the expectations do not list (what ran is still reported).
    #[arg(long)]
    pub fail_fast: bool,
    /// Hold every JSON response to the target's OpenAPI document (/server/specs/oas, as
    /// the scenario's persona sees it) and report the disagreements per scenario.
    #[arg(long)]
    pub check_openapi: bool,
    /// Like --check-openapi, and a scenario with a response that disagrees fails.
    #[arg(long)]
    pub strict_openapi: bool,
    /// Delete fixture collections that already exist on the target before provisioning.
    #[arg(long)]
    pub replace_existing: bool,
    /// Leave the provisioned fixture on the target after the run (for debugging).
    #[arg(long)]
    pub keep: bool,
    /// Record snapshot files instead of comparing with them.
    #[arg(long)]
    pub update_snapshots: bool,
    /// The target's database, as Directus names it (sqlite, postgres, mysql, ...; also
    /// sqlite3, pg, mariadb): scenarios tagged @vendor-<database> run only on it. By
    /// default the target's /schema/snapshot says; without --target, the embedded mock
    /// behaves like this database (default: the mock's, sqlite).
    #[arg(long, env = "CONFORMANCE_VENDOR")]
    pub vendor: Option<String>,
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
            shard: None,
            expectations: None,
            write_expectations: None,
            capabilities: Vec::new(),
            jwt_secret: None,
            variants: false,
            json: None,
            junit: None,
            html: None,
            format: Format::Human,
            fail_fast: false,
            check_openapi: false,
            strict_openapi: false,
            replace_existing: false,
            keep: false,
            update_snapshots: false,
            vendor: None,
            mock_profile: mock_server::Profile::Seed,
            timeout: 30,
            color: Color::Auto,
            quiet: false,
            list: false,
        }
    }
}

/// One part of a selection split `count` ways (`--shard index/count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad = || format!("{text:?}: expected I/N with 1 <= I <= N, e.g. 2/4");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let index: u32 = i.trim().parse().map_err(|_| bad())?;
    let count: u32 = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

impl Shard {
    /// Whether the scenario called `name` (the `row`-th of that name in its
    /// outline, 0 for any other scenario) belongs to this part: FNV-1a of the
    /// name and row, so the split is the same on every machine and run.
    pub(crate) fn holds(self, name: &str, row: usize) -> bool {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in name.bytes().chain([0]).chain(row.to_le_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl Options {
    /// Whether responses are held to the target's OpenAPI document.
    pub(crate) fn checks_openapi(&self) -> bool {
        self.check_openapi || self.strict_openapi
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

//! `directus-conformance differential`: the generative differential test.
//!
//! A seeded generator (`generate.rs`, over the fixture's schema in
//! `model.rs`) writes reads a client could send — valid and plausibly
//! invalid, REST and the same as GraphQL — and each is replayed against two
//! servers provisioned with the fixture: the target (a real Directus) and the
//! reference (the embedded mock by default). Answers are compared after
//! normalizing only values random by nature (`compare.rs`); every GraphQL read
//! is also held to its REST twin on each server (parity). With `--writes`,
//! lockstep write sequences (`writes/`) run between batches of reads, so
//! later reads see what the writes left. A difference is either fixed or
//! listed with its reason in the known-differences file.

mod compare;
mod generate;
mod model;
mod writes;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow};
use futures::StreamExt as _;
use serde_json::{Value, json};

use self::compare::{Known, Normalizer, graphql_view, loose, rest_view};
use self::generate::{Generator, Probe};
use self::model::Values;
use self::writes::{Write, WriteGen};
use crate::api::{Api, Auth, Method, Request};
use crate::provision::{Fixture, Provisioned, provision, teardown};
use crate::target::{EmbeddedMock, start_mock};

/// What a differential run is told.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffOptions {
    /// The generator's seed: the same seed gives the same requests.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many requests to generate (each is sent to both servers, as REST and,
    /// where expressible, as GraphQL).
    #[arg(long, default_value_t = 5000)]
    pub count: usize,
    /// The server held to the reference (a real Directus); default: an embedded mock.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// The reference server; default: the embedded mock.
    #[arg(long, value_name = "URL")]
    pub reference: Option<String>,
    /// The admin's static token on both servers.
    #[arg(long, default_value = "admin-static-token")]
    pub admin_token: String,
    /// The embedded mocks' profile.
    #[arg(long, value_enum, default_value_t = mock_server::Profile::Directus12)]
    pub profile: mock_server::Profile,
    /// The known differences (kind, request pattern, reason).
    #[arg(long, value_name = "FILE")]
    pub known: Option<PathBuf>,
    /// Lockstep write sequences spread over the run (each one to four writes
    /// and a read of what they touched, sent to both servers one at a time).
    #[arg(long, default_value_t = 0)]
    pub writes: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// How many unexplained differences to print.
    #[arg(long, default_value_t = 20)]
    pub show: usize,
    /// Write every difference (known ones too) as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Delete collections named like the fixture's on the servers first.
    #[arg(long)]
    pub replace_existing: bool,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

/// A difference found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Difference {
    pub kind: &'static str,
    pub request: String,
    pub target: Value,
    pub reference: Value,
    /// The reason, when the known-differences file explains it.
    pub known: Option<String>,
}

/// What a run found.
#[derive(Debug, Default)]
pub struct DiffSummary {
    pub probes: usize,
    pub http_requests: usize,
    pub graphql: usize,
    pub parity_checks: usize,
    /// Requests of the lockstep write sequences (the read after each included).
    pub writes: usize,
    /// Of those, the ones the target answered with a success.
    pub writes_ok: usize,
    pub differences: Vec<Difference>,
    /// Answers of 500 or more from the reference (the mock never crashes).
    pub reference_crashes: usize,
    pub elapsed: Duration,
}

impl DiffSummary {
    /// The differences no known entry explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Difference> {
        self.differences.iter().filter(|d| d.known.is_none())
    }

    pub fn line(&self) -> String {
        let known = self.differences.len() - self.unexplained().count();
        format!(
            "differential: {} generated requests ({} HTTP requests, {} GraphQL twins, {} parity checks, \
             {} lockstep writes, {} of them successful) in {:.1} s ({:.0} HTTP requests/s): {} unexplained differences, {known} known, \
             {} reference crashes",
            self.probes,
            self.http_requests,
            self.graphql,
            self.parity_checks,
            self.writes,
            self.writes_ok,
            self.elapsed.as_secs_f64(),
            self.http_requests as f64 / self.elapsed.as_secs_f64().max(1e-9),
            self.unexplained().count(),
            self.reference_crashes,
        )
    }
}

/// One server of the comparison.
struct Side {
    api: Api,
    admin: Auth,
    done: Option<Provisioned>,
    _mock: Option<EmbeddedMock>,
}

async fn side(url: Option<&str>, opts: &DiffOptions, fixture: &Fixture) -> Result<Side> {
    let (base, mock) = match url {
        Some(u) => (u.trim_end_matches('/').to_owned(), None),
        None => {
            let (u, m) = start_mock(opts.profile, None, &[]).await?;
            (u, Some(m))
        }
    };
    let api = Api::new(&base, Duration::from_secs(opts.timeout))?.patient();
    let admin = Auth::Bearer(opts.admin_token.clone());
    api.expect(Method::Get, "/users/me", &admin, None, 200)
        .await
        .with_context(|| format!("checking the admin token on {base}"))?;
    let done = provision(&api, &admin, fixture, opts.replace_existing, &[], std::future::pending())
        .await
        .with_context(|| format!("provisioning the fixture on {base}"))?;
    Ok(Side { api, admin, done: Some(done), _mock: mock })
}

/// Runs the differential test: provisions both servers, replays, tears down.
pub async fn differential(opts: &DiffOptions) -> Result<DiffSummary> {
    let root = PathBuf::from(crate::REPO_ROOT);
    let fixture = Fixture::load(&root.join("fixtures/conformance"))?;
    let known = match &opts.known {
        Some(p) => compare::load_known(p)?,
        None => Vec::new(),
    };
    let target = side(opts.target.as_deref(), opts, &fixture).await?;
    let reference = match side(opts.reference.as_deref(), opts, &fixture).await {
        Ok(r) => r,
        Err(e) => {
            finish(target).await?;
            return Err(e);
        }
    };
    let outcome = replay(opts, &fixture, &known, &target, &reference).await;
    let (a, b) = (finish(target).await, finish(reference).await);
    let summary = outcome?;
    a.and(b)?;
    Ok(summary)
}

async fn finish(mut s: Side) -> Result<()> {
    match s.done.take() {
        Some(done) => teardown(&s.api, &s.admin, &done).await,
        None => Ok(()),
    }
}

async fn replay(
    opts: &DiffOptions,
    fixture: &Fixture,
    known: &[Known],
    target: &Side,
    reference: &Side,
) -> Result<DiffSummary> {
    let values = Values::from_seed(fixture.seed_rows());
    let fixed: HashSet<String> = fixture
        .seed_rows()
        .flat_map(|(_, rows)| rows.iter())
        .filter_map(Value::as_object)
        .flat_map(|r| r.values())
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let norm = Normalizer::new(fixed);
    let mut generator = Generator::new(opts.seed, &values);
    let probes: Vec<Probe> = (0..opts.count).map(|_| generator.probe()).collect();
    let mut writer = WriteGen::new(opts.seed, &values);
    let sequences: Vec<Vec<Write>> = (0..opts.writes).map(|_| writer.sequence()).collect();
    let started = Instant::now();
    let mut summary = DiffSummary { probes: probes.len(), ..DiffSummary::default() };
    // The reads in as many parts as there are sequences, plus one: each part's
    // reads all answered before the next sequence's writes start.
    let part = probes.len().div_ceil(sequences.len() + 1).max(1);
    let mut parts = probes.chunks(part);
    let mut keys = (Vec::new(), Vec::new());
    for i in 0..=sequences.len() {
        let reads = parts.next().unwrap_or_default();
        let mut results = futures::stream::iter(reads)
            .map(|p| check(p, &norm, target, reference))
            .buffer_unordered(opts.concurrency.max(1));
        while let Some(r) = results.next().await {
            summary.add(r?);
        }
        if let Some(sequence) = sequences.get(i) {
            summary.add(lockstep(sequence, &norm, target, reference, &mut keys).await?);
        }
    }
    summary.elapsed = started.elapsed();
    for d in &mut summary.differences {
        let answers = format!("{} | {}", d.target, d.reference);
        d.known =
            known.iter().find(|k| k.covers(d.kind, &d.request, &answers)).map(|k| k.reason.clone());
    }
    if let Some(p) = &opts.log {
        let lines: Vec<String> = summary.differences.iter().map(|d| json!(d).to_string()).collect();
        std::fs::write(p, lines.join("\n") + "\n")
            .map_err(|e| anyhow!("writing {}: {e}", p.display()))?;
    }
    Ok(summary)
}

/// What one probe or write sequence found.
#[derive(Default)]
struct Checked {
    requests: usize,
    graphql: bool,
    parity: usize,
    writes: usize,
    writes_ok: usize,
    crashes: usize,
    differences: Vec<Difference>,
}

impl DiffSummary {
    fn add(&mut self, r: Checked) {
        self.http_requests += r.requests;
        self.graphql += usize::from(r.graphql);
        self.parity_checks += r.parity;
        self.writes += r.writes;
        self.writes_ok += r.writes_ok;
        self.reference_crashes += r.crashes;
        self.differences.extend(r.differences);
    }
}

/// Sends one write (placeholders resolved with the server's own keys).
async fn send_write(s: &Side, w: &Write, keys: &[Value]) -> Result<(u16, Option<Value>)> {
    let (path, body) = w.resolve(keys);
    send(s, w.method, path, body.map(String::into_bytes)).await
}

/// A write sequence, each write sent to both servers before the next, every
/// answer compared; `keys` are each server's keys of the created articles.
async fn lockstep(
    sequence: &[Write],
    n: &Normalizer,
    target: &Side,
    reference: &Side,
    keys: &mut (Vec<Value>, Vec<Value>),
) -> Result<Checked> {
    let mut out = Checked::default();
    for w in sequence {
        let (t, r) =
            tokio::try_join!(send_write(target, w, &keys.0), send_write(reference, w, &keys.1))?;
        out.requests += 2;
        out.writes += 1;
        let errors = t.1.as_ref().is_some_and(|b| b.get("errors").is_some());
        out.writes_ok += usize::from(t.0 < 300 && !errors);
        out.crashes += usize::from(r.0 >= 500);
        for (slot, pointer) in &w.fills {
            for (answer, list) in [(&t, &mut keys.0), (&r, &mut keys.1)] {
                let key = answer.1.as_ref().and_then(|b| b.pointer(pointer));
                if list.len() <= *slot {
                    list.resize(*slot + 1, Value::Null);
                }
                list[*slot] = key.map_or(Value::Null, key_value);
            }
        }
        let view = if w.is_graphql() { graphql_view } else { rest_view };
        let (tv, rv) = (view(n, t.0, t.1.as_ref(), false), view(n, r.0, r.1.as_ref(), false));
        if tv != rv {
            out.differences.push(Difference {
                kind: "write",
                request: w.label(),
                target: tv,
                reference: rv,
                known: None,
            });
        }
    }
    Ok(out)
}

/// A created item's key as the writes use it: GraphQL's `ID` answers a
/// number as text, REST as the number.
fn key_value(key: &Value) -> Value {
    match key {
        Value::String(s) => s.parse::<i64>().map_or_else(|_| key.clone(), |n| json!(n)),
        other => other.clone(),
    }
}

/// One request as the admin: the status and the JSON body.
async fn send(
    s: &Side,
    method: Method,
    path: String,
    body: Option<Vec<u8>>,
) -> Result<(u16, Option<Value>)> {
    let req = Request { method, path, auth: s.admin.clone(), body, ..Request::default() };
    let ex = s.api.send(req).await?;
    Ok((ex.status, ex.json))
}

async fn get(s: &Side, path: &str) -> Result<(u16, Option<Value>)> {
    send(s, Method::Get, path.to_owned(), None).await
}

async fn graphql(s: &Side, query: &str) -> Result<(u16, Option<Value>)> {
    let body = serde_json::to_vec(&json!({"query": query}))?;
    send(s, Method::Post, "/graphql".into(), Some(body)).await
}

async fn check(p: &Probe, n: &Normalizer, target: &Side, reference: &Side) -> Result<Checked> {
    let mut out = Checked { requests: 2, ..Checked::default() };
    let (t, r) = tokio::try_join!(get(target, &p.rest), get(reference, &p.rest))?;
    out.crashes += usize::from(r.0 >= 500);
    let (tv, rv) =
        (rest_view(n, t.0, t.1.as_ref(), p.ordered), rest_view(n, r.0, r.1.as_ref(), p.ordered));
    if tv != rv {
        out.differences.push(Difference {
            kind: "rest",
            request: p.rest.clone(),
            target: tv,
            reference: rv,
            known: None,
        });
    }
    let Some(g) = &p.graphql else { return Ok(out) };
    out.graphql = true;
    out.requests += 2;
    let (gt, gr) = tokio::try_join!(graphql(target, &g.query), graphql(reference, &g.query))?;
    out.crashes += usize::from(gr.0 >= 500);
    let (gtv, grv) = (
        graphql_view(n, gt.0, gt.1.as_ref(), p.ordered),
        graphql_view(n, gr.0, gr.1.as_ref(), p.ordered),
    );
    if gtv != grv {
        out.differences.push(Difference {
            kind: "graphql",
            request: g.query.clone(),
            target: gtv,
            reference: grv,
            known: None,
        });
    }
    if g.parity {
        for (kind, rest, gql) in [("parity-target", &t, &gt), ("parity-reference", &r, &gr)] {
            out.parity += 1;
            if let Some((a, b)) = parity(rest, gql, &g.root) {
                out.differences.push(Difference {
                    kind,
                    request: format!("{} | {}", p.rest, g.query),
                    target: a,
                    reference: b,
                    known: None,
                });
            }
        }
    }
    Ok(out)
}

/// The REST and GraphQL answers of one server, when they disagree: both succeed
/// with the same data, or both fail.
fn parity(
    rest: &(u16, Option<Value>),
    gql: &(u16, Option<Value>),
    root: &str,
) -> Option<(Value, Value)> {
    let rest_data = (rest.0 == 200).then(|| rest.1.as_ref().and_then(|b| b.get("data"))).flatten();
    let gql_ok = gql.0 == 200 && gql.1.as_ref().is_some_and(|b| b.get("errors").is_none());
    let gql_data =
        gql_ok.then(|| gql.1.as_ref().and_then(|b| b.pointer(&format!("/data/{root}")))).flatten();
    match (rest_data, gql_data) {
        (None, None) => None,
        (Some(a), Some(b)) if loose(a) == loose(b) => None,
        (a, b) => Some((
            a.map_or_else(|| json!({"status": rest.0, "body": rest.1}), loose),
            b.map_or_else(|| json!({"status": gql.0, "body": gql.1}), loose),
        )),
    }
}

//! `directus-mock pull`: copies a running Directus into a fixture directory
//! through its public API only, as an administrator: the schema snapshot,
//! the system rows of every kind a project has (roles, policies, users,
//! access, permissions, settings, folders, files, presets, translations,
//! dashboards, panels, flows, operations), the content of every user
//! collection (paged, sorted by key), and the bytes of every file. The
//! layout is `service::fixture`'s; the directory is written whole or not at
//! all (`staging`), so a failed pull leaves the previous one as it was.
//!
//! A client of another server: it names no layer of the mock.

mod client;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::staging::Staging;
use client::{Client, Failure};

/// `directus-mock pull`'s flags.
#[derive(Debug, Clone, clap::Args)]
pub struct PullArgs {
    /// The Directus to copy, e.g. `http://127.0.0.1:8055`.
    #[arg(long, env = "DIRECTUS_URL")]
    pub from: String,
    /// A static token (or access token) of an administrator of that Directus.
    #[arg(long, env = "DIRECTUS_TOKEN")]
    pub token: String,
    /// The fixture directory to write (replaced whole when the pull succeeds).
    #[arg(long)]
    pub out: PathBuf,
    /// Items per request when reading content.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: u32,
    /// Leave the files' bytes out (their `directus_files` rows are still pulled).
    #[arg(long)]
    pub no_file_bytes: bool,
}

/// The system kinds a pull reads: route, collection, and whether it answers one object.
const SYSTEM: &[(&str, &str, bool)] = &[
    ("/roles", "directus_roles", false),
    ("/policies", "directus_policies", false),
    ("/users", "directus_users", false),
    ("/access", "directus_access", false),
    ("/permissions", "directus_permissions", false),
    ("/settings", "directus_settings", true),
    ("/folders", "directus_folders", false),
    ("/files", "directus_files", false),
    ("/presets", "directus_presets", false),
    ("/translations", "directus_translations", false),
    ("/dashboards", "directus_dashboards", false),
    ("/panels", "directus_panels", false),
    ("/flows", "directus_flows", false),
    ("/operations", "directus_operations", false),
];

/// What a pull wrote, for the summary line.
#[derive(Debug, Default)]
pub struct Pulled {
    pub collections: usize,
    pub items: usize,
    pub system_rows: usize,
    pub files: usize,
}

/// Runs a pull; progress goes to stderr.
pub async fn pull(args: &PullArgs) -> anyhow::Result<Pulled> {
    let client = Client::new(&args.from, &args.token)?;
    let pong = client.get_bytes("/server/ping").await.map_err(failure("GET /server/ping"))?;
    if pong != b"pong" {
        anyhow::bail!("{} answers /server/ping without \"pong\": is it a Directus?", args.from);
    }
    let not_admin = |who: &str| {
        anyhow::anyhow!(
            "the token{who} has no administrator rights on {}: pull reads the schema, users \
             and permissions, which only an administrator may",
            args.from
        )
    };
    let me = match client.get("/users/me?fields=id,email").await {
        Ok(me) => me,
        Err(Failure::Other(e)) if e.to_string().contains("FORBIDDEN") => {
            return Err(not_admin(""));
        }
        Err(e) => return Err(failure("GET /users/me")(e)),
    };
    let snapshot = match client.get("/schema/snapshot").await {
        Ok(s) => s,
        Err(Failure::Other(e)) if e.to_string().contains("FORBIDDEN") => {
            return Err(not_admin(&format!(" of {}", text(&me, "email"))));
        }
        Err(e) => return Err(failure("GET /schema/snapshot")(e)),
    };
    let info = client.get("/server/info").await.map_err(failure("GET /server/info"))?;
    let database = database_name(&client, &snapshot).await?;
    let staging = Staging::new(&args.out)?;
    let mut pulled = Pulled::default();
    staging.write_json("schema.json", &snapshot)?;
    let mut files = Vec::new();
    for (route, collection, single) in SYSTEM {
        let rows = match system_rows(&client, route, *single, args.page_size).await {
            Ok(rows) => rows,
            Err(Failure::RouteNotFound) => {
                eprintln!("pull: {route} does not exist on the source; {collection} left out");
                continue;
            }
            Err(e) => return Err(failure(&format!("GET {route}"))(e)),
        };
        if *collection == "directus_files" {
            files.clone_from(&rows);
        }
        pulled.system_rows += rows.len();
        eprintln!("pull: {collection}: {} rows", rows.len());
        staging.write_json(&format!("system/{collection}.json"), &Value::Array(rows))?;
    }
    for (collection, pk, fields, singleton) in user_collections(&snapshot) {
        let rows = content(&client, &collection, &pk, &fields, singleton, args.page_size)
            .await
            .map_err(failure(&format!("reading {collection}")))?;
        pulled.collections += 1;
        pulled.items += rows.len();
        eprintln!("pull: {collection}: {} items", rows.len());
        staging.write_json(&format!("content/{collection}.json"), &Value::Array(rows))?;
    }
    if !args.no_file_bytes {
        pulled.files = file_bytes(&client, &staging, &files).await?;
    }
    let manifest = json!({
        "format": 1,
        "source": args.from,
        "directus": info.get("version").cloned().unwrap_or(Value::Null),
        "created_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "admin_user": me.get("id").cloned().unwrap_or(Value::Null),
    });
    let mut manifest = manifest;
    if let (Some(name), Value::Object(m)) = (database, &mut manifest) {
        m.insert("database".into(), Value::from(name));
    }
    staging.write_json("fixture.json", &manifest)?;
    staging.commit()?;
    Ok(pulled)
}

/// The source's database name when it runs on MySQL, which shows it in every
/// table's description (`schema.schema` of a collection): the copy names it too.
async fn database_name(client: &Client, snapshot: &Value) -> anyhow::Result<Option<String>> {
    if snapshot.get("vendor").and_then(Value::as_str) != Some("mysql") {
        return Ok(None);
    }
    let settings = client
        .get("/collections/directus_settings")
        .await
        .map_err(failure("GET /collections/directus_settings"))?;
    Ok(settings.pointer("/schema/schema").and_then(Value::as_str).map(str::to_owned))
}

/// Turns a failed request into an error naming what was being read.
fn failure(what: &str) -> impl Fn(Failure) -> anyhow::Error + '_ {
    move |f| match f {
        Failure::RouteNotFound => {
            anyhow::anyhow!("{what}: the source answers ROUTE_NOT_FOUND; is it a Directus?")
        }
        Failure::Other(e) => e,
    }
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Every row of a system route, paged (or its one object).
async fn system_rows(
    client: &Client,
    route: &str,
    single: bool,
    page_size: u32,
) -> Result<Vec<Value>, Failure> {
    if single {
        let row = client.get(&format!("{route}?fields=*")).await?;
        return Ok(if row.is_object() { vec![row] } else { Vec::new() });
    }
    let mut rows = paged(client, route, "id", "*", page_size).await?;
    // Directus lists the minimal app permissions beside the stored ones, without a
    // key (`id` null, or absent with `system: true`): they are not rows to copy.
    rows.retain(|r| r.get("id").is_some_and(|id| !id.is_null()));
    Ok(rows)
}

/// `(collection, primary key, stored fields, singleton)` of every user
/// collection with a table (folders have none), from the snapshot.
fn user_collections(snapshot: &Value) -> Vec<(String, String, Vec<String>, bool)> {
    let empty = Vec::new();
    let list = |key: &str| snapshot.get(key).and_then(Value::as_array).unwrap_or(&empty);
    let fields = list("fields");
    list("collections")
        .iter()
        .filter(|c| c.get("schema").is_some_and(|s| !s.is_null()))
        .map(|c| {
            let name = text(c, "collection").to_owned();
            let own: Vec<&Value> =
                fields.iter().filter(|f| text(f, "collection") == name).collect();
            let pk = own
                .iter()
                .find(|f| f.pointer("/schema/is_primary_key") == Some(&Value::Bool(true)))
                .map_or("id", |f| text(f, "field"))
                .to_owned();
            let stored = own
                .iter()
                .filter(|f| text(f, "type") != "alias")
                .map(|f| text(f, "field").to_owned());
            let singleton = c.pointer("/meta/singleton") == Some(&Value::Bool(true));
            (name, pk, stored.collect(), singleton)
        })
        .collect()
}

/// A user collection's rows: its stored fields, sorted by key, paged.
async fn content(
    client: &Client,
    collection: &str,
    pk: &str,
    fields: &[String],
    singleton: bool,
    page_size: u32,
) -> Result<Vec<Value>, Failure> {
    let fields = if fields.is_empty() { "*".to_owned() } else { fields.join(",") };
    let route = format!("/items/{}", encode(collection));
    if singleton {
        let row = client.get(&format!("{route}?fields={}", encode(&fields))).await?;
        // A singleton never saved answers its defaults without a key.
        let saved = row.get(pk).is_some_and(|k| !k.is_null());
        return Ok(if saved { vec![row] } else { Vec::new() });
    }
    paged(client, &route, pk, &fields, page_size).await
}

/// Reads a list route page by page, sorted by `sort`, until a short page.
async fn paged(
    client: &Client,
    route: &str,
    sort: &str,
    fields: &str,
    page_size: u32,
) -> Result<Vec<Value>, Failure> {
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page in 1.. {
        let path = format!(
            "{route}?fields={}&sort={}&limit={page_size}&page={page}",
            encode(fields),
            encode(sort)
        );
        let Value::Array(batch) = client.get(&path).await? else {
            return Err(Failure::Other(anyhow::anyhow!("GET {path}: expected a list")));
        };
        let short = batch.len() < page_size as usize;
        // A page with nothing new ends the list too: Directus adds rows that are
        // not paged (the app's minimal permissions on `/permissions`) to every page.
        let before = seen.len();
        seen.extend(batch.iter().map(Value::to_string));
        rows.extend(batch);
        if short || seen.len() == before {
            break;
        }
    }
    Ok(rows)
}

/// Downloads every file's bytes into `files/<id>`.
async fn file_bytes(client: &Client, staging: &Staging, files: &[Value]) -> anyhow::Result<usize> {
    let mut count = 0;
    for file in files {
        let id = text(file, "id");
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            anyhow::bail!("directus_files: a row with the key {id:?}, which is not a file name");
        }
        let bytes = client
            .get_bytes(&format!("/assets/{id}?download"))
            .await
            .map_err(failure(&format!("GET /assets/{id}")))?;
        staging.write(&Path::new("files").join(id).to_string_lossy(), &bytes)?;
        count += 1;
    }
    if count > 0 {
        eprintln!("pull: {count} files' bytes");
    }
    Ok(count)
}

/// Percent-encodes a query value or path segment.
fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

//! `directus-mock pull` against a served mock, and the fixture it writes
//! loaded into a fresh mock: the copy answers the same reads as the source.
//! Also `--export-on-exit` read back by `--import`, and the pull's bad
//! input (an unreachable source, a token without administrator rights),
//! which leaves no fixture behind.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{ADMIN, TestApp};
use serde_json::Value;
use tokio::sync::oneshot;

/// Where two answers part: the first differing element, as compact JSON.
fn first_difference(a: &Value, b: &Value) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if y.get(k) != Some(v) {
                    return format!(
                        "{k}: {}",
                        first_difference(v, y.get(k).unwrap_or(&Value::Null))
                    );
                }
            }
            format!("keys {:?} vs {:?}", x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            let i = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(0);
            format!(
                "[{i}] {} {} {}",
                x[i].get("collection").unwrap_or(&Value::Null),
                x[i].get("field").unwrap_or(&Value::Null),
                first_difference(&x[i], &y[i])
            )
        }
        _ => format!("{a} vs {b}"),
    }
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mock-pull-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Serves `app` on a free port; the sender stops it, the handle ends when it has.
async fn serve(
    app: &TestApp,
) -> (String, oneshot::Sender<()>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (stop, stopped) = oneshot::channel::<()>();
    let handle = tokio::spawn(mock_server::serve(listener, Arc::clone(&app.app), async {
        let _ = stopped.await;
    }));
    (url, stop, handle)
}

fn args(from: &str, token: &str, out: &Path) -> mock_server::PullArgs {
    mock_server::PullArgs {
        from: from.to_owned(),
        token: token.to_owned(),
        out: out.to_path_buf(),
        page_size: 7,
        no_file_bytes: false,
    }
}

/// Reads whose answers must not change from source to copy.
async fn reads(app: &TestApp) -> Vec<(String, Value)> {
    let collections = app.get("/collections?limit=-1").await.json();
    let mut paths = vec![
        "/users?sort=id&limit=-1&fields=id,email,first_name,role,status,token".to_owned(),
        "/roles?sort=id&limit=-1".to_owned(),
        "/policies?sort=id&limit=-1&fields=id,name,admin_access,app_access,ip_access".to_owned(),
        "/permissions?sort=id&limit=-1".to_owned(),
        "/fields".to_owned(),
        "/relations".to_owned(),
    ];
    for c in collections["data"].as_array().expect("collections") {
        let name = c["collection"].as_str().expect("name");
        if !name.starts_with("directus_") && !c["schema"].is_null() {
            paths.push(format!("/items/{name}?limit=-1&fields=*.*"));
        }
    }
    // A snapshot applies collections by name: list them in one order on both sides.
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let mut body = app.get(&path).await.json();
        // Fields and relations list in creation order, and a snapshot applies
        // collections by name: the copy holds the same ones, in another order,
        // with other `meta.id`s.
        if path == "/fields" || path == "/relations" {
            let Some(Value::Array(fields)) = body.get_mut("data") else { panic!("{body}") };
            for f in fields.iter_mut() {
                if let Some(meta) = f.get_mut("meta").and_then(Value::as_object_mut) {
                    meta.remove("id");
                }
            }
            fields.sort_by_key(|f| (f["collection"].to_string(), f["field"].to_string()));
        }
        out.push((path, body));
    }
    out
}

#[tokio::test]
async fn a_pulled_fixture_answers_the_same_reads_as_its_source() {
    let source = TestApp::fixture();
    let (url, stop, handle) = serve(&source).await;
    let dir = scratch("same-reads");
    let out = dir.join("project");
    // A file with bytes: the copy serves them from the fixture's `files/`.
    let boundary = "XBOUNDARYX";
    let upload = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\npulled bytes\r\n--{boundary}--\r\n"
    );
    let r = source
        .send_with_content_type(
            "POST",
            "/files",
            Some(ADMIN),
            upload,
            &format!("multipart/form-data; boundary={boundary}"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let file_id = r.json()["data"]["id"].as_str().expect("an id").to_owned();
    let pulled = mock_server::pull(&args(&url, ADMIN, &out)).await.expect("the pull succeeds");
    assert!(pulled.collections > 3, "{pulled:?}");
    assert!(pulled.items > 7, "paged past the first page: {pulled:?}");
    for part in ["fixture.json", "schema.json", "system/directus_users.json"] {
        assert!(out.join(part).is_file(), "{part} written");
    }
    let copy = TestApp::with_config(mock_server::Config {
        fixture: Some(out.clone()),
        ..mock_server::Config::default()
    });
    let (want, got) = (reads(&source).await, reads(&copy).await);
    assert_eq!(want.len(), got.len());
    for ((path, w), (got_path, g)) in want.iter().zip(&got) {
        assert_eq!(path, got_path);
        assert!(w == g, "GET {path} differs: {}", first_difference(w, g));
    }
    let asset = copy.get(&format!("/assets/{file_id}")).await;
    assert_eq!((asset.status.as_u16(), asset.text.as_str()), (200, "pulled bytes"));
    // The administrator keeps ADMIN_PASSWORD; other users log in with the default password.
    let login = copy.admin_login().await;
    assert_eq!(login.status, 200, "{}", login.text);
    let _ = stop.send(());
    handle.await.expect("join").expect("serve");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

async fn schema_of(app: &TestApp) -> Value {
    app.get("/collections/articles").await.json()["data"]["schema"]["schema"].clone()
}

/// On MySQL a table's description names the database: a pull records the
/// source's (`fixture.json`'s `database`), and the copy shows it unless
/// `DB_DATABASE` names another.
#[tokio::test]
async fn a_pull_from_mysql_keeps_the_database_name() {
    let mysql = |fixture: &str, database: Option<&str>| mock_server::Config {
        fixture: Some(fixture.into()),
        vendor: mock_server::Vendor::Mysql,
        db_database: database.map(str::to_owned),
        ..mock_server::Config::default()
    };
    let conformance = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance");
    let source = TestApp::with_config(mysql(conformance, Some("shop")));
    assert_eq!(schema_of(&source).await, "shop");
    let (url, stop, handle) = serve(&source).await;
    let dir = scratch("mysql-database");
    let out = dir.join("project");
    mock_server::pull(&args(&url, ADMIN, &out)).await.expect("the pull succeeds");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("fixture.json")).expect("manifest"))
            .expect("json");
    assert_eq!(manifest["database"], "shop");
    let out_dir = out.to_str().expect("utf-8");
    assert_eq!(schema_of(&TestApp::with_config(mysql(out_dir, None))).await, "shop");
    assert_eq!(schema_of(&TestApp::with_config(mysql(out_dir, Some("other")))).await, "other");
    let _ = stop.send(());
    handle.await.expect("join").expect("serve");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[tokio::test]
async fn a_failed_pull_leaves_the_previous_fixture_as_it_was() {
    let source = TestApp::fixture();
    // A user with a static token and no administrator rights.
    let user = source
        .send(
            "POST",
            "/users",
            Some(ADMIN),
            Some(r#"{"email":"nobody@example.com","password":"secret","token":"not-an-admin"}"#),
        )
        .await;
    assert_eq!(user.status, 200, "{}", user.text);
    let (url, stop, handle) = serve(&source).await;
    let dir = scratch("failed");
    let out = dir.join("project");
    std::fs::create_dir_all(&out).expect("old fixture");
    std::fs::write(out.join("seed.json"), "[]").expect("old file");

    let e = mock_server::pull(&args(&url, "not-an-admin", &out)).await.expect_err("not an admin");
    assert!(format!("{e:#}").contains("administrator"), "{e:#}");
    let e = mock_server::pull(&args(&url, "no-such-token", &out)).await.expect_err("bad token");
    assert!(format!("{e:#}").contains("refused the token"), "{e:#}");
    let _ = stop.send(());
    handle.await.expect("join").expect("serve");
    let e = mock_server::pull(&args(&url, ADMIN, &out)).await.expect_err("unreachable");
    assert!(format!("{e:#}").contains("cannot reach"), "{e:#}");
    let e = mock_server::pull(&args("ftp://example.com", ADMIN, &out)).await.expect_err("scheme");
    assert!(format!("{e:#}").contains("http://"), "{e:#}");

    let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.path()).collect();
    assert_eq!(left, vec![out.clone()], "no partial directory left behind");
    let files: Vec<_> = std::fs::read_dir(&out).expect("out").flatten().map(|e| e.path()).collect();
    assert_eq!(files, vec![out.join("seed.json")], "the old fixture untouched");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[tokio::test]
async fn export_on_exit_is_read_back_by_import() {
    let dir = scratch("export");
    let state = dir.join("state");
    let first = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        export_on_exit: Some(state.clone()),
        ..mock_server::Config::default()
    });
    let created = first
        .send("POST", "/items/authors", Some(ADMIN), Some(r#"{"name":"Exported Author"}"#))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.json()["data"]["id"].clone();
    let (_, stop, handle) = serve(&first).await;
    let _ = stop.send(());
    handle.await.expect("join").expect("serve and export");
    assert!(state.join("content/authors.json").is_file());

    let second = TestApp::with_config(mock_server::Config {
        import: Some(state.clone()),
        ..mock_server::Config::default()
    });
    for ((path, w), (_, g)) in reads(&first).await.iter().zip(&reads(&second).await) {
        assert!(w == g, "GET {path} differs after import: {}", first_difference(w, g));
    }
    // The sequence continues where the first run stopped.
    let next = second.send("POST", "/items/authors", Some(ADMIN), Some(r#"{"name":"Next"}"#)).await;
    assert_eq!(next.status, 200, "{}", next.text);
    assert!(next.json()["data"]["id"].as_i64() > id.as_i64(), "{} after {id}", next.text);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[tokio::test]
async fn schema_snapshots_load_from_yaml_as_from_json() {
    let dir = scratch("yaml");
    let json_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance");
    let snapshot: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{json_dir}/schema.json")).expect("schema.json"),
    )
    .expect("json");
    std::fs::write(dir.join("schema.yaml"), to_yaml(&snapshot, 0)).expect("yaml");
    let from_yaml = TestApp::with_config(mock_server::Config {
        fixture: Some(dir.clone()),
        ..mock_server::Config::default()
    });
    let from_json = TestApp::with_config(mock_server::Config {
        fixture: Some(json_dir.into()),
        ..mock_server::Config::default()
    });
    for path in ["/collections", "/fields", "/relations"] {
        assert_eq!(from_yaml.get(path).await.json(), from_json.get(path).await.json(), "{path}");
    }
    std::fs::write(dir.join("schema.json"), "{}").expect("second snapshot");
    let e = mock_server::build_app(mock_server::Config {
        fixture: Some(dir.clone()),
        ..mock_server::Config::default()
    })
    .err()
    .expect("two snapshots are refused");
    assert!(format!("{e:#}").contains("more than one schema snapshot"), "{e:#}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Block-style YAML as js-yaml's `dump` writes it (strings quoted with JSON's
/// escapes, which YAML's double-quoted style shares).
fn to_yaml(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let scalar = |v: &Value| match v {
        Value::String(s) => serde_json::to_string(s).expect("string"),
        other => other.to_string(),
    };
    match v {
        Value::Object(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                Value::Object(c) if !c.is_empty() => {
                    format!("{pad}{k}:\n{}", to_yaml(v, indent + 2))
                }
                Value::Array(c) if !c.is_empty() => format!("{pad}{k}:\n{}", to_yaml(v, indent)),
                Value::Object(_) => format!("{pad}{k}: {{}}\n"),
                Value::Array(_) => format!("{pad}{k}: []\n"),
                _ => format!("{pad}{k}: {}\n", scalar(v)),
            })
            .collect(),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| {
                let inner = to_yaml(item, indent + 2);
                match item {
                    Value::Object(m) if !m.is_empty() => format!("{pad}- {}", &inner[indent + 2..]),
                    Value::Array(a) if !a.is_empty() => format!("{pad}-\n{inner}"),
                    _ => format!("{pad}- {}", inner.trim_start()),
                }
            })
            .collect(),
        Value::Object(_) => format!("{pad}{{}}\n"),
        Value::Array(_) => format!("{pad}[]\n"),
        _ => format!("{pad}{}\n", scalar(v)),
    }
}

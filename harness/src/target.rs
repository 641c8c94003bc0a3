//! The server under test: the embedded mock started on a free loopback port
//! (no internals consulted, only its URL), and the admin credentials the
//! harness provisions with.

use anyhow::{Context as _, Result, anyhow, bail};

use crate::api::{Api, Auth, Method, Request};
use crate::options::Options;
use crate::report::TargetIdentity;

/// A running embedded mock; dropping it stops the server.
pub(crate) struct EmbeddedMock {
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// The SECRET the embedded mocks sign tokens with, so scenarios that forge
/// tokens (capability `jwt-secret`) run against them. (A mock started without
/// one makes a random secret, as Directus does.)
pub(crate) const EMBEDDED_SECRET: &str = "conformance-secret-at-least-32-chars";

/// Starts the embedded mock behaving like the database `vendor`, configured
/// with `env`; its base URL and the handle.
pub(crate) async fn start_mock(
    profile: mock_server::Profile,
    vendor: Option<&str>,
    env: &[(&str, &str)],
) -> Result<(String, EmbeddedMock)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a loopback port for the mock")?;
    let addr = listener.local_addr()?;
    let vendor = match vendor {
        Some(name) => mock_vendor(name)?,
        None => mock_server::Vendor::default(),
    };
    let mut config = mock_server::Config {
        port: addr.port(),
        profile,
        vendor,
        secret: Some(EMBEDDED_SECRET.to_owned()),
        ..mock_server::Config::default()
    };
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

/// The mock's setting for a database (Directus' name).
fn mock_vendor(name: &str) -> Result<mock_server::Vendor> {
    <mock_server::Vendor as clap::ValueEnum>::from_str(name, true).map_err(|_| {
        anyhow!("the embedded mock behaves like sqlite, postgres or mysql, not {name}")
    })
}

/// The database the run's target runs on: `--vendor`; without a target, the
/// embedded mock's (by default its default); else what the target's schema
/// snapshot says, if it says (`None`: scenarios tagged for a database are left out).
pub(crate) async fn run_vendor(opts: &Options) -> Result<Option<String>> {
    if let Some(v) = &opts.vendor {
        let name = crate::vendor::canonical(v)?;
        if opts.target.is_none() {
            mock_vendor(&name)?;
        }
        return Ok(Some(name));
    }
    let Some(url) = &opts.target else {
        let default = clap::ValueEnum::to_possible_value(&mock_server::Vendor::default())
            .ok_or_else(|| anyhow!("the mock's default database has no name"))?;
        return crate::vendor::canonical(default.get_name()).map(Some);
    };
    let api = Api::new(url.trim_end_matches('/'), std::time::Duration::from_secs(opts.timeout))?
        .patient();
    let admin = connect(&api, opts, url).await?;
    Ok(crate::vendor::detect(&api, &admin).await)
}

/// Logs in when credentials are an email and a password.
async fn admin_auth(api: &Api, opts: &Options, embedded: bool) -> Result<Auth> {
    if let Some(token) = &opts.admin_token {
        return Ok(Auth::Bearer(token.clone()));
    }
    if let (Some(email), Some(password)) = (&opts.admin_email, &opts.admin_password) {
        let body = serde_json::json!({"email": email, "password": password});
        let ex = api
            .expect(Method::Post, "/auth/login", &Auth::None, Some(&body), 200)
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

/// Checks that the server answers like Directus and that the admin
/// credentials work there; the admin's credentials.
pub(crate) async fn connect(api: &Api, opts: &Options, label: &str) -> Result<Auth> {
    let base = api.base();
    let ping = Request { method: Method::Get, path: "/server/ping".into(), ..Request::default() };
    match api.send(ping).await {
        Ok(ex) if ex.status == 200 => {}
        Ok(ex) => bail!("{base} does not look like Directus: {}", ex.summary()),
        Err(e) => bail!("{base} is not reachable: {e:#}"),
    }
    let admin = admin_auth(api, opts, opts.target.is_none()).await?;
    api.expect(Method::Get, "/users/me", &admin, None, 200)
        .await
        .with_context(|| format!("checking the admin credentials on {label}"))?;
    Ok(admin)
}

/// What the server says it is: `X-Powered-By` of `/server/ping`, then
/// `/server/info` and `/schema/snapshot` as the admin (version, project,
/// database vendor). Whatever it does not answer stays unknown.
pub(crate) async fn identify(api: &Api, admin: &Auth, embedded: bool) -> TargetIdentity {
    let mut id =
        TargetIdentity { url: api.base().to_owned(), embedded, ..TargetIdentity::default() };
    let get = |path: &str, auth: &Auth| Request {
        method: Method::Get,
        path: path.to_owned(),
        auth: auth.clone(),
        ..Request::default()
    };
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    if let Ok(ex) = api.send(get("/server/ping", &Auth::None)).await {
        id.implementation = ex.header("x-powered-by").map(str::to_owned);
    }
    if embedded {
        id.implementation = Some(format!("directus-mock {}", env!("CARGO_PKG_VERSION")));
    }
    if let Ok(ex) = api.send(get("/server/info", admin)).await
        && let Some(data) = ex.json.as_ref().and_then(|j| j.get("data"))
    {
        id.version = text(data.get("version"));
        id.project = text(data.pointer("/project/project_name"));
    }
    if let Ok(ex) = api.send(get("/schema/snapshot", admin)).await
        && let Some(data) = ex.json.as_ref().and_then(|j| j.get("data"))
    {
        id.version = id.version.or_else(|| text(data.get("directus")));
        id.database = text(data.get("vendor"));
    }
    id
}

//! `/auth`, `/auth/login`, `/auth/refresh`, `/auth/logout` with Directus'
//! three modes: tokens in the body (`json`), the refresh token in a cookie
//! (`cookie`), or the whole session in a cookie (`session`).

use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, header};
use serde_json::{Value, json};

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context, cookie};
use crate::error::{Error, Result};
use crate::service::Accountability;
use crate::service::auth::{self as service, LoginRequest, Mode, Tokens};

pub(crate) use crate::service::auth::{REFRESH_COOKIE, SESSION_COOKIE};

fn set_cookie(resp: &mut Response, name: &str, value: &str, max_age_secs: u64) {
    let expires = (chrono::Utc::now() + chrono::Duration::seconds(max_age_secs as i64))
        .format("%a, %d %b %Y %H:%M:%S GMT");
    let text = format!(
        "{name}={value}; Max-Age={max_age_secs}; Path=/; Expires={expires}; HttpOnly; SameSite=Lax"
    );
    if let Ok(v) = HeaderValue::from_str(&text) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Clears a cookie the way Directus does: an empty value with the cookie's usual
/// options (Express' `clearCookie` keeps the `maxAge` it is given).
pub(crate) fn clear_cookie(resp: &mut Response, name: &str, max_age_secs: u64) {
    set_cookie(resp, name, "", max_age_secs);
}

pub(crate) fn tokens_response(state: &AppState, tokens: &Tokens, mode: Mode) -> Response {
    match mode {
        Mode::Json => response::data(
            json!({"expires": tokens.expires, "refresh_token": tokens.refresh_token, "access_token": tokens.access_token}),
            None,
        ),
        Mode::Cookie => {
            let mut resp = response::data(
                json!({"expires": tokens.expires, "access_token": tokens.access_token}),
                None,
            );
            set_cookie(
                &mut resp,
                REFRESH_COOKIE,
                &tokens.refresh_token,
                state.app.config.refresh_token_ttl.as_secs(),
            );
            resp
        }
        Mode::Session => {
            let mut resp = response::data(json!({"expires": tokens.expires}), None);
            set_cookie(
                &mut resp,
                SESSION_COOKIE,
                &tokens.access_token,
                state.app.config.session_cookie_ttl.as_secs(),
            );
            resp
        }
    }
}

/// `GET /auth`: no SSO providers.
pub(crate) async fn providers() -> Response {
    response::json(http::StatusCode::OK, &json!({"data": [], "disableDefault": false}))
}

/// `POST /auth/login`.
pub(crate) async fn login(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Response {
    let started = std::time::Instant::now();
    let result = login_reply(&state, &body, &ctx.acc);
    let stall = std::time::Duration::from_millis(state.app.config.login_stall_ms);
    if let Some(rest) = stall.checked_sub(started.elapsed()) {
        tokio::time::sleep(rest).await;
    }
    result.unwrap_or_else(response::error)
}

fn login_reply(state: &AppState, body: &Value, caller: &Accountability) -> Reply {
    let login = LoginRequest::from_body(body)?;
    let tokens = service::login(
        &state.app,
        &login.email,
        &login.password,
        login.otp.as_deref(),
        login.mode,
        caller,
    )?;
    Ok(tokens_response(state, &tokens, login.mode))
}

/// JavaScript truthiness of a body value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(_) => true,
    }
}

/// Finds the refresh token for a refresh or logout request: the body's `mode`,
/// else `json` when the body has a refresh token, else `cookie`. A mode Directus
/// does not know finds no token.
fn refresh_token_of(state: &AppState, headers: &HeaderMap, body: &Value) -> Result<(String, Mode)> {
    let mode = if truthy(body.get("mode")) {
        body.get("mode").and_then(Value::as_str).and_then(Mode::parse)
    } else if truthy(body.get("refresh_token")) {
        Some(Mode::Json)
    } else {
        Some(Mode::Cookie)
    };
    let missing =
        || Error::invalid_payload("The refresh token is required in either the payload or cookie");
    let token = match mode {
        Some(Mode::Json) => {
            body.get("refresh_token").filter(|v| truthy(Some(v))).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        }
        Some(Mode::Cookie) => cookie(headers, REFRESH_COOKIE).filter(|c| !c.is_empty()),
        Some(Mode::Session) => {
            cookie(headers, SESSION_COOKIE).and_then(|jwt| service::session_of(&state.app, &jwt))
        }
        None => None,
    };
    match (token, mode) {
        (Some(t), Some(m)) => Ok((t, m)),
        _ => Err(missing()),
    }
}

/// `POST /auth/refresh`.
pub(crate) async fn refresh(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    Body(body): Body,
) -> Reply {
    let (token, mode) = refresh_token_of(&state, &headers, &body)?;
    let tokens = service::refresh(&state.app, &token, mode, ctx.acc.ip)?;
    Ok(tokens_response(&state, &tokens, mode))
}

/// `POST /auth/logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    Body(body): Body,
) -> Reply {
    let (token, _mode) = refresh_token_of(&state, &headers, &body)?;
    service::logout(&state.app, &token, &ctx.acc)?;
    let config = &state.app.config;
    let mut resp = no_content();
    if cookie(&headers, REFRESH_COOKIE).is_some_and(|c| !c.is_empty()) {
        clear_cookie(&mut resp, REFRESH_COOKIE, config.refresh_token_ttl.as_secs());
    }
    if cookie(&headers, SESSION_COOKIE).is_some_and(|c| !c.is_empty()) {
        clear_cookie(&mut resp, SESSION_COOKIE, config.session_cookie_ttl.as_secs());
    }
    Ok(resp)
}

/// `POST /auth/password/request`: the mock sends no email, so any address is 204.
pub(crate) async fn password_request(Body(body): Body) -> Response {
    if !body.get("email").is_some_and(Value::is_string) {
        return response::error(Error::invalid_payload("\"email\" field is required"));
    }
    no_content()
}

//! Two-factor authentication: TOTP codes (also checked at login), and the
//! second factor of the caller's own account: generating a TOTP secret
//! (`/users/me/tfa/generate`), enabling it once a code from it checks out,
//! disabling it with a current code, and an admin turning it off for
//! another user.

use serde_json::{Map, Value, json};

use super::auth::verify_hash;
use super::items::Items;
use super::system_items::me;
use super::{Accountability, App, server};
use crate::error::{Error, ErrorCode, Result};
use crate::store::Pk;
use crate::system;

/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of skew), as otplib's authenticator.
pub(crate) fn totp_matches(secret: &str, code: &str, now: i64) -> bool {
    let Ok(key) = totp_rs::Secret::Encoded(secret.to_owned()).to_bytes() else { return false };
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, key);
    totp.check(code, now.max(0) as u64)
}

/// A new TOTP secret: 10 random bytes in base32 (16 characters), as otplib makes them.
fn new_totp_secret() -> String {
    let mut bytes = [0u8; 10];
    rand::fill(&mut bytes);
    totp_rs::Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// A non-empty string of the body, or `"<key>" is required`.
fn required_string(body: &Value, key: &str) -> Result<String> {
    match body.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(Error::invalid_payload(format!("\"{key}\" is required"))),
    }
}

/// The caller's user row, or INVALID_CREDENTIALS.
fn user_row(app: &App, id: &str) -> Result<Map<String, Value>> {
    let db = app.store.snapshot();
    let row = db.row(system::USERS, &Pk::Str(id.into()));
    row.map(|r| (**r).clone()).ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))
}

fn already_set(row: &Map<String, Value>) -> Result<()> {
    if row.get("tfa_secret").is_none_or(Value::is_null) {
        return Ok(());
    }
    Err(Error::invalid_payload("TFA Secret is already set for this user"))
}

/// Sets or clears a user's TOTP secret as the caller (their update permission applies).
fn set_secret(app: &App, acc: &Accountability, user: &str, secret: Value) -> Result<()> {
    let items = Items::new(app, acc, system::USERS)?;
    items.update_one(&json!(user), &json!({ "tfa_secret": secret }))?;
    Ok(())
}

/// `{password}`: a new TOTP secret and its otpauth URL (not stored yet).
pub(crate) fn generate(app: &App, acc: &Accountability, body: &Value) -> Result<Value> {
    let me = me(acc)?;
    let password = required_string(body, "password")?;
    let row = user_row(app, &me)?;
    // A user without a password cannot confirm one: the check below fails.
    let hash = row.get("password").and_then(Value::as_str).unwrap_or("");
    if !verify_hash(&password, hash) {
        return Err(Error::bare(ErrorCode::InvalidCredentials));
    }
    already_set(&row)?;
    let Some(email) = row.get("email").and_then(Value::as_str) else {
        return Err(Error::invalid_payload("User must have a valid email to enable TFA"));
    };
    let secret = new_totp_secret();
    let project = server::project_name(app);
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let url = format!(
        "otpauth://totp/{}:{}?secret={secret}&period=30&digits=6&algorithm=SHA1&issuer={}",
        enc(&project),
        enc(email),
        enc(&project)
    );
    Ok(json!({"secret": secret, "otpauth_url": url}))
}

/// `{secret, otp}`: stores the secret once a code from it checks out.
pub(crate) fn enable(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let me = me(acc)?;
    let secret = required_string(body, "secret")?;
    let otp = required_string(body, "otp")?;
    already_set(&user_row(app, &me)?)?;
    if !totp_matches(&secret, &otp, app.now().timestamp()) {
        return Err(Error::invalid_payload("\"otp\" is invalid"));
    }
    set_secret(app, acc, &me, json!(secret))
}

/// `{otp}`: clears the caller's secret with a current code from it.
pub(crate) fn disable(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let me = me(acc)?;
    let otp = required_string(body, "otp")?;
    let row = user_row(app, &me)?;
    let Some(secret) = row.get("tfa_secret").and_then(Value::as_str) else {
        return Err(Error::invalid_payload(format!("User \"{me}\" doesn't have TFA enabled")));
    };
    if !totp_matches(secret, &otp, app.now().timestamp()) {
        return Err(Error::invalid_payload("\"otp\" is invalid"));
    }
    set_secret(app, acc, &me, Value::Null)
}

/// An admin turns off another user's TFA.
pub(crate) fn disable_for(app: &App, acc: &Accountability, user: &str) -> Result<()> {
    me(acc)?;
    if !acc.admin {
        return Err(Error::forbidden());
    }
    set_secret(app, acc, user, Value::Null)
}

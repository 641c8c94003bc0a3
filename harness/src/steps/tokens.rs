//! Tokens a scenario reads or makes: the claims of a JWT, JWTs forged with a
//! known secret (expired, foreign, incomplete), and TOTP one-time passwords.

use std::convert::Infallible;
use std::str::FromStr;

use anyhow::{Result, anyhow, bail};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::Value;

use super::{docstring, parse_json};
use crate::jsonmatch::{self, Mode};
use crate::world::ConformanceWorld;

/// The payload of a JWT, decoded without checking its signature.
fn jwt_payload(token: &str) -> Result<Value> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).ok_or_else(|| anyhow!("{token:?} is not a JWT"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| anyhow!("the JWT payload is not base64url: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| anyhow!("the JWT payload is not JSON: {e}"))
}

#[then(regex = r#"^the JWT "([^"]+)" has the claims:?$"#)]
async fn jwt_claims(w: &mut ConformanceWorld, #[step] step: &Step, var: String) -> Result<()> {
    let token = w.interpolate(&format!("{{{{{var}}}}}"))?;
    let claims = jwt_payload(&token)?;
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string"))?;
    let expected = parse_json(&w.interpolate(text)?, "the expected claims")?;
    if let Some(m) = jsonmatch::compare(&expected, &claims, Mode::Subset) {
        bail!("the claims of {var} differ {m}\n{}", jsonmatch::diff(&expected, &claims));
    }
    Ok(())
}

/// The key a forged JWT is signed with: `the target's secret` (known for
/// `@needs-jwt-secret` scenarios) or a quoted text.
#[derive(Debug, cucumber::Parameter)]
#[param(regex = r#"the target's secret|"[^"]*""#, name = "signing_key")]
enum SigningKey {
    Target,
    Text(String),
}

impl FromStr for SigningKey {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<SigningKey, Infallible> {
        Ok(match s {
            "the target's secret" => SigningKey::Target,
            quoted => SigningKey::Text(quoted.trim_matches('"').to_owned()),
        })
    }
}

#[given(expr = "{string} is a JWT signed with {signing_key} that expires in {int} seconds(:)")]
async fn forge_jwt(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    name: String,
    key: SigningKey,
    expires_in: i64,
) -> Result<()> {
    let secret = match key {
        SigningKey::Target => w.run()?.jwt_secret.clone().ok_or_else(|| {
            anyhow!("the target's secret is unknown: tag the scenario @needs-jwt-secret")
        })?,
        SigningKey::Text(secret) => secret,
    };
    let text = docstring(step).map(|t| w.interpolate(t)).transpose()?.unwrap_or("{}".into());
    let mut claims = parse_json(&text, "the claims")?;
    let now = chrono::Utc::now().timestamp();
    let map = claims.as_object_mut().ok_or_else(|| anyhow!("the claims must be an object"))?;
    map.entry("iat").or_insert(Value::from(now.min(now + expires_in) - 1));
    map.insert("exp".into(), Value::from(now + expires_in));
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| anyhow!("signing the JWT: {e}"))?;
    w.vars.insert(name, Value::String(token));
    Ok(())
}

#[given(regex = r#"^"([^"]+)" is the one-time password for "([^"]+)"$"#)]
#[when(regex = r#"^"([^"]+)" is the one-time password for "([^"]+)"$"#)]
async fn one_time_password(w: &mut ConformanceWorld, name: String, secret: String) -> Result<()> {
    let secret = w.interpolate(&secret)?;
    let key = totp_rs::Secret::Encoded(secret.clone())
        .to_bytes()
        .map_err(|e| anyhow!("{secret:?} is not a base32 secret: {e:?}"))?;
    // SHA-1, 6 digits, 30 s steps: otplib's authenticator, which Directus uses.
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, key);
    // A code made in the last seconds of its 30 s step may be checked in the next one.
    let into_step = chrono::Utc::now().timestamp().rem_euclid(30);
    if into_step >= 27 {
        tokio::time::sleep(std::time::Duration::from_secs((30 - into_step) as u64 + 1)).await;
    }
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    w.vars.insert(name, Value::String(totp.generate(now)));
    Ok(())
}

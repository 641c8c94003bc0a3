//! What a flow's run leaves in the log, as Directus' flow manager writes it:
//! unless the flow's `accountability` is `null`, an activity row (`action`
//! `run`, collection `directus_flows`, the flow's id as the item, the
//! caller's user, address, agent and origin); with `all` (the default), also
//! a revision whose data holds the steps (operation, key, status, rendered
//! options) and the run's keyed data with credentials redacted (headers'
//! `authorization` and `cookie`, a query's `access_token`, a payload's
//! `password`).

use serde_json::{Map, Value, json};

use super::{App, Flow};
use crate::engine::activity::{Client, Log};
use crate::service::Accountability;
use crate::store::Pk;
use crate::system;

/// Directus' stand-in for a redacted value.
const REDACTED: &str = "--redacted--";
/// Deepest nesting the redaction walks.
const MAX_DEPTH: usize = 64;

/// Records one run.
pub(super) fn run(
    app: &App,
    acc: &Accountability,
    flow: &Flow,
    steps: Vec<Value>,
    data: &Map<String, Value>,
) {
    let Some(tracking) = flow.accountability.as_deref() else { return };
    let client = Client {
        user: acc.user.clone(),
        ip: acc.ip.map(|ip| ip.to_string()),
        user_agent: acc.request.as_ref().and_then(|r| r.user_agent.clone()),
        origin: acc.request.as_ref().and_then(|r| r.origin.clone()),
    };
    let revision = (tracking == "all").then(|| {
        let mut data = Value::Object(data.clone());
        redact(&mut data, 0);
        json!({"steps": steps, "data": data})
    });
    let timestamp = app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let item = Pk::Str(flow.id.as_str().into());
    let written = app.store.write::<_, std::convert::Infallible>(|db| {
        let mut log = Log::new(client);
        let activity = log.activity(db, &timestamp, "run", system::FLOWS, &item);
        if let Some(data) = revision {
            log.revision(db, activity, system::FLOWS, &item, data, Value::Null, &[]);
        }
        super::super::retention::cap(db, app.config.max_activity);
        Ok(())
    });
    if written.is_err() {
        tracing::warn!(flow = flow.id, "the run of a flow was not recorded");
    }
}

/// Replaces credentials anywhere in the data.
fn redact(value: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            for (parent, secret) in [
                ("headers", "authorization"),
                ("headers", "cookie"),
                ("query", "access_token"),
                ("payload", "password"),
            ] {
                if let Some(Value::Object(inner)) = map.get_mut(parent)
                    && let Some(v) = inner.get_mut(secret)
                {
                    *v = Value::String(REDACTED.into());
                }
            }
            for v in map.values_mut() {
                redact(v, depth + 1);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact(v, depth + 1)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_credentials_at_any_depth() {
        let mut data = json!({"$trigger": {"headers": {"authorization": "Bearer x", "accept": "*/*"},
            "query": {"access_token": "t", "a": 1}}, "op": [{"payload": {"password": "p"}}]});
        redact(&mut data, 0);
        assert_eq!(
            data,
            json!({"$trigger": {"headers": {"authorization": REDACTED, "accept": "*/*"},
                "query": {"access_token": REDACTED, "a": 1}}, "op": [{"payload": {"password": REDACTED}}]})
        );
    }
}

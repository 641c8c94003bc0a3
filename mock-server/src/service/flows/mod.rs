//! Flows that run: `/flows/trigger/:id` for webhook and manual triggers, and
//! the chain of operations a flow starts (Directus' `flows.ts`). A run keeps
//! Directus' data chain: `$trigger` (the request), `$last` (the previous
//! operation's result), `$accountability`, `$env`, and each operation's
//! result under its key; options are rendered against it first
//! (`template.rs`). An operation resolves or rejects and the chain follows
//! `resolve` or `reject`; the flow answers the value its `options.return`
//! names (`$last` for webhooks and manual triggers, `$all` for the whole
//! chain). The operations live in `operations.rs` (the item operations in
//! `item_ops.rs`), event hooks in `events.rs`.
//!
//! A run is synchronous: the items service runs `filter` hooks inside a
//! write's call, and the trigger route runs a flow on the blocking pool.
//! Scheduled flows run from `schedule.rs`; every run is logged by
//! `record.rs`.

mod condition;
pub(crate) mod env;
pub(crate) mod events;
mod item_ops;
mod jwt;
mod operations;
mod record;
mod request;
pub(crate) mod schedule;
mod template;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::{Accountability, App};
use crate::error::{Error, Result};
use crate::store::{Db, Pk};
use crate::system;

/// Deepest chain of flows started by `trigger` operations. Directus has no
/// bound (a flow that triggers itself runs until the process gives out);
/// the mock stops there and rejects the `trigger` operation instead.
const MAX_FLOW_DEPTH: usize = 16;
/// Most operations one run executes (a chain can loop through `resolve`).
const MAX_STEPS: usize = 1000;

/// What `$trigger` holds for a webhook or manual trigger.
#[derive(Debug, Clone)]
pub(crate) struct TriggerRequest {
    pub(crate) method: String,
    /// The path below `/flows` (`/trigger/<id>`), as Express' `req.path` there.
    pub(crate) path: String,
    pub(crate) query: Value,
    pub(crate) body: Value,
    pub(crate) headers: Value,
}

/// An error a `throw-error` operation raised, answered as it is when the flow
/// rejects with `error_on_reject`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Thrown {
    pub(crate) code: String,
    pub(crate) status: u16,
    pub(crate) message: String,
    pub(crate) extensions: Map<String, Value>,
}

impl Thrown {
    /// The error a service raised, as an operation rejects with it.
    fn from_error(err: &Error) -> Thrown {
        let item = err.first();
        Thrown {
            code: err.wire_code(item),
            status: err.status().as_u16(),
            message: item.message.clone(),
            extensions: item.extensions.clone(),
        }
    }

    /// The error as the service layer answers it.
    pub(crate) fn to_error(&self) -> Error {
        Error::thrown(&self.code, self.status, &self.message, self.extensions.clone())
    }

    /// A serialized `DirectusError` (its message is not an own property in Node).
    fn data(&self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), json!("DirectusError"));
        if !self.extensions.is_empty() {
            out.insert("extensions".into(), Value::Object(self.extensions.clone()));
        }
        out.insert("code".into(), json!(self.code));
        out.insert("status".into(), json!(self.status));
        Value::Object(out)
    }
}

/// What the trigger route answers: the flow's return value; `None`
/// (nothing, `null`, or an async flow) is a 204.
#[derive(Debug)]
pub(crate) struct Answer(pub(crate) Option<Value>);

/// A flow as it runs: its trigger, options and operations by id.
#[derive(Debug, Clone)]
struct Flow {
    id: String,
    /// What a run records: `all` (activity and revision), `activity`, or nothing.
    accountability: Option<String>,
    trigger: String,
    options: Map<String, Value>,
    first: Option<String>,
    operations: Arc<HashMap<String, Operation>>,
}

#[derive(Debug, Clone)]
struct Operation {
    key: String,
    kind: String,
    options: Value,
    resolve: Option<String>,
    reject: Option<String>,
}

/// How an operation ended.
#[derive(Debug)]
enum Outcome {
    Resolve(Value),
    Reject(Value, Option<Thrown>),
    /// An operation type Directus does not know: the chain ends with `null`.
    Unknown,
}

/// The end of a run: the keyed data and how the last operation ended.
struct Ran {
    data: Map<String, Value>,
    rejected: Option<Option<Thrown>>,
}

/// `GET|POST /flows/trigger/:id`: an active webhook flow with that method, or
/// an active manual flow (POST) whose checks pass; anything else is FORBIDDEN.
pub(crate) async fn trigger(
    app: &Arc<App>,
    acc: &Accountability,
    id: &str,
    request: TriggerRequest,
) -> Result<Answer> {
    let db = app.store.snapshot();
    let flow = load(&db, id).ok_or_else(Error::forbidden)?;
    let method = flow.options.get("method").and_then(Value::as_str).unwrap_or("GET");
    let mut flow = match flow.trigger.as_str() {
        "webhook" if method == request.method => flow,
        "manual" if request.method == "POST" => {
            manual_checks(app, acc, &flow, &request.body)?;
            flow
        }
        _ => return Err(Error::forbidden()),
    };
    if flow.trigger == "manual" || !flow.options.contains_key("return") {
        flow.options.insert("return".into(), json!("$last"));
    }
    let input = json!({
        "path": request.path, "query": request.query, "body": request.body,
        "method": request.method, "headers": request.headers,
    });
    let (app, acc) = (Arc::clone(app), acc.clone());
    if flow.options.get("async").is_some_and(truthy) {
        tokio::task::spawn_blocking(move || execute(&app, &acc, &flow, input, 0));
        return Ok(Answer(None));
    }
    let run = flow.clone();
    let ran = tokio::task::spawn_blocking(move || execute(&app, &acc, &run, input, 0))
        .await
        .map_err(|_| Error::internal("The flow stopped before it finished."))?;
    let error_on_reject = flow.options.get("error_on_reject") == Some(&Value::Bool(true));
    if let (true, Some(thrown)) = (error_on_reject, ran.rejected) {
        let last = ran.data.get("$last").unwrap_or(&Value::Null);
        return Err(rejection(thrown.as_ref(), last));
    }
    Ok(Answer(returned(&flow, ran.data).filter(|v| !v.is_null())))
}

/// The error a rejected flow answers (with `error_on_reject`, or a filter
/// flow): the error its last operation threw, or the FAILED_VALIDATION
/// errors of a failed `condition`.
fn rejection(thrown: Option<&Thrown>, last: &Value) -> Error {
    match thrown {
        Some(thrown) => thrown.to_error(),
        None => events::validation_failures(last),
    }
}

/// A manual trigger's checks: a collection the flow lists, keys when the flow
/// requires a selection, an authenticated caller who may read them.
fn manual_checks(app: &App, acc: &Accountability, flow: &Flow, body: &Value) -> Result<()> {
    let collections: Vec<&str> = flow
        .options
        .get("collections")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let target = body.get("collection").and_then(Value::as_str).ok_or_else(Error::forbidden)?;
    if !collections.contains(&target) {
        return Err(Error::forbidden());
    }
    let require_selection = flow.options.get("requireSelection") != Some(&Value::Bool(false));
    let keys = body.get("keys").and_then(Value::as_array);
    if require_selection && keys.is_none_or(Vec::is_empty) {
        return Err(Error::forbidden());
    }
    if acc.user.is_none() && acc.share.is_none() {
        return Err(Error::forbidden());
    }
    if !acc.admin
        && let Some(keys) = keys.filter(|k| !k.is_empty())
    {
        let items = super::items::Items::new(app, acc, target).map_err(|_| Error::forbidden())?;
        let pks: Vec<Pk> = keys.iter().filter_map(Pk::from_value).collect();
        let read = items.read_many(&pks, &crate::query::Query::default());
        if read.map_or(true, |rows| rows.len() < keys.len()) {
            return Err(Error::forbidden());
        }
    }
    Ok(())
}

/// The value `options.return` names: the whole chain, or a path into it.
fn returned(flow: &Flow, data: Map<String, Value>) -> Option<Value> {
    match flow.options.get("return").and_then(Value::as_str) {
        Some("$all") => Some(Value::Object(data)),
        Some(path) => template::get(&Value::Object(data), path).cloned(),
        None => None,
    }
}

/// An active flow with its operations.
fn load(db: &Db, id: &str) -> Option<Flow> {
    let row = db.row(system::FLOWS, &Pk::Str(id.into()))?;
    if row.get("status").and_then(Value::as_str) != Some("active") {
        return None;
    }
    let text =
        |row: &Map<String, Value>, k: &str| row.get(k).and_then(Value::as_str).map(str::to_owned);
    let operations = db
        .table(system::OPERATIONS)
        .into_iter()
        .flat_map(|t| t.rows.values())
        .filter(|op| op.get("flow").and_then(Value::as_str) == Some(id))
        .filter_map(|op| {
            let entry = Operation {
                key: text(op, "key")?,
                kind: text(op, "type")?,
                options: op.get("options").cloned().unwrap_or(Value::Null),
                resolve: text(op, "resolve"),
                reject: text(op, "reject"),
            };
            Some((text(op, "id")?, entry))
        })
        .collect();
    Some(Flow {
        id: id.to_owned(),
        accountability: text(row, "accountability"),
        trigger: text(row, "trigger").unwrap_or_default(),
        options: row.get("options").and_then(Value::as_object).cloned().unwrap_or_default(),
        first: text(row, "operation"),
        operations: Arc::new(operations),
    })
}

/// Runs a flow's chain from its first operation.
fn execute(app: &App, acc: &Accountability, flow: &Flow, input: Value, depth: usize) -> Ran {
    run_chain(app, acc, accountability(acc), flow, input, depth)
}

/// A flow's chain, as `acc`, with `$accountability` as the flow sees it.
fn run_chain(
    app: &App,
    acc: &Accountability,
    seen_as: Value,
    flow: &Flow,
    input: Value,
    depth: usize,
) -> Ran {
    {
        let mut data = Map::new();
        data.insert("$trigger".into(), input.clone());
        data.insert("$last".into(), input);
        data.insert("$accountability".into(), seen_as);
        data.insert("$env".into(), Value::Object(app.flows_env.clone()));
        let mut next = flow.first.clone();
        let mut rejected = None;
        let mut steps = Vec::new();
        while let Some((id, op)) = next.as_ref().and_then(|id| flow.operations.get_key_value(id)) {
            if steps.len() >= MAX_STEPS {
                tracing::warn!("a flow ran {MAX_STEPS} operations; the mock stops it there");
                break;
            }
            let options = template::render(&op.options, &Value::Object(data.clone()));
            let outcome = operations::run(app, acc, &op.kind, &options, &data, depth);
            let (value, successor, status) = match outcome {
                Outcome::Resolve(v) => {
                    rejected = None;
                    (v, op.resolve.clone(), "resolve")
                }
                Outcome::Reject(v, thrown) => {
                    rejected = Some(thrown);
                    (v, op.reject.clone(), "reject")
                }
                Outcome::Unknown => {
                    rejected = None;
                    (Value::Null, None, "unknown")
                }
            };
            let options = if status == "unknown" { Value::Null } else { options };
            steps.push(
                json!({"operation": id, "key": op.key, "status": status, "options": options}),
            );
            data.insert(op.key.clone(), value.clone());
            data.insert("$last".into(), value);
            next = successor;
        }
        record::run(app, acc, flow, steps, &data);
        Ran { data, rejected }
    }
}

/// An operation-triggered flow (the `trigger` operation): its return value.
fn run_operation_flow(
    app: &App,
    acc: &Accountability,
    id: &str,
    payload: Value,
    depth: usize,
) -> Value {
    let db = app.store.snapshot();
    let Some(flow) = load(&db, id).filter(|f| f.trigger == "operation") else {
        tracing::warn!(flow = id, "couldn't find an operation-triggered flow");
        return Value::Null;
    };
    let ran = execute(app, acc, &flow, payload, depth);
    returned(&flow, ran.data).unwrap_or(Value::Null)
}

/// `$accountability` as Directus hands it to a flow.
fn accountability(acc: &Accountability) -> Value {
    let mut out = json!({
        "role": acc.role, "user": acc.user, "roles": acc.roles,
        "admin": acc.admin, "app": acc.app,
        "ip": acc.ip.map(|ip| ip.to_string()),
    });
    if let Some(agent) = acc.request.as_ref().and_then(|r| r.user_agent.clone()) {
        out["userAgent"] = json!(agent);
    }
    out
}

/// JavaScript's truthiness of an option.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

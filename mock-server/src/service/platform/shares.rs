//! `directus_shares`: a link that lets anyone read one item. Creating one
//! needs the `share` permission on the item; its author cannot change.
//! `/shares/auth` trades a share's id (and password) for tokens of a
//! session that reads as the share (`share_access`), counting its uses;
//! `/shares/info/:id` tells the public about a share in its time window.

use serde_json::{Value, json};

use super::Write;
use crate::engine::Action;
use crate::engine::write::Writer;
use crate::error::{Error, ErrorCode, Result};
use crate::query::Query;
use crate::service::auth::{self, Mode, Tokens};
use crate::service::items::Items;
use crate::service::{Accountability, App};
use crate::store::Pk;
use crate::system;

/// The checks of `SharesService` before a write.
pub(super) fn check(items: &Items<'_>, w: &Writer<'_, '_>, write: Write<'_>) -> Result<()> {
    match write {
        Write::Create(body) => {
            if items.acc.admin {
                return Ok(());
            }
            let collection = body.get("collection").and_then(Value::as_str).unwrap_or_default();
            let item = body.get("item").cloned().unwrap_or_default();
            w.check_access(collection, Action::Share, Some(std::slice::from_ref(&item)))
        }
        Write::Update(keys, data) => {
            if data.get("user_created").is_some() {
                return Err(Error::invalid_payload(
                    "You can't change the \"user_created\" value manually",
                ));
            }
            if data.get("item").is_none() && data.get("collection").is_none() {
                return Ok(());
            }
            for pk in keys {
                let row = w.db.row(system::SHARES, pk);
                let field = |name: &str| {
                    data.get(name)
                        .or_else(|| row.and_then(|r| r.get(name)))
                        .cloned()
                        .unwrap_or_default()
                };
                let collection = field("collection").as_str().unwrap_or_default().to_owned();
                w.check_access(&collection, Action::Share, Some(&[field("item")]))?;
            }
            Ok(())
        }
        Write::Batch(_) | Write::Delete => Ok(()),
    }
}

/// The body of `POST /shares/auth`, checked as Directus' Joi schema does.
fn login_request(body: &Value) -> Result<(String, Option<Value>, Mode)> {
    let invalid = |reason: &str| Err(Error::invalid_payload(reason));
    let share = match body.get("share") {
        None => return invalid("\"share\" is required"),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return invalid("\"share\" must be a string"),
    };
    let password = match body.get("password") {
        None => None,
        Some(Value::String(s)) => Some(Value::String(s.clone())),
        Some(_) => return invalid("\"password\" must be a string"),
    };
    let mode = match body.get("mode") {
        None => Mode::Json,
        Some(v) => match v.as_str().and_then(Mode::parse) {
            Some(m) => m,
            None => return invalid("\"mode\" must be one of [cookie, json, session]"),
        },
    };
    Ok((share, password, mode))
}

/// `POST /shares/auth`: a share in its time window with uses left (Directus
/// compares `max_uses` with the uses before this one) and the right password
/// opens a session for the share and counts a use.
pub(crate) fn login(app: &App, body: &Value, caller: &Accountability) -> Result<(Tokens, Mode)> {
    let (share, password, mode) = login_request(body)?;
    let invalid = || Error::bare(ErrorCode::InvalidCredentials);
    let db = app.store.snapshot();
    let row = db.row(system::SHARES, &Pk::Str(share.as_str().into())).ok_or_else(invalid)?;
    let now = app.now().naive_utc();
    let date = |k: &str| {
        row.get(k).and_then(Value::as_str).and_then(crate::engine::values::parse_datetime)
    };
    let number = |k: &str| row.get(k).and_then(Value::as_i64);
    let used = number("times_used").unwrap_or(0);
    let usable = date("date_end").is_none_or(|end| end >= now)
        && date("date_start").is_none_or(|start| start <= now)
        && number("max_uses").is_none_or(|max| max >= used);
    if !usable {
        return Err(invalid());
    }
    if let Some(hash) = row.get("password").and_then(Value::as_str) {
        // argon2's verify throws on a missing password: an internal error.
        let Some(given) = password.as_ref().and_then(Value::as_str) else {
            return Err(Error::bare(ErrorCode::InternalServerError));
        };
        if !auth::verify_hash(given, hash) {
            return Err(invalid());
        }
    }
    app.store.write::<_, Error>(|db| {
        let key = Pk::Str(share.as_str().into());
        if let Some(existing) = db.row(system::SHARES, &key).cloned() {
            let mut updated = (*existing).clone();
            updated.insert("times_used".into(), json!(used + 1));
            db.table_mut(system::SHARES).insert(key, updated);
        }
        Ok(())
    })?;
    let tokens = auth::open_share_session(app, &share, mode, caller)?;
    Ok((tokens, mode))
}

/// `GET /shares/info/:id`: what the public may know of a share in its time window.
pub(crate) fn info(app: &App, id: &str) -> Result<Value> {
    let system_caller = Accountability { admin: true, ..Accountability::default() };
    let items = Items::new(app, &system_caller, system::SHARES)?;
    let now = app.now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let filter = json!({"_and": [
        {"_or": [{"date_start": {"_lte": now}}, {"date_start": {"_null": true}}]},
        {"_or": [{"date_end": {"_gte": now}}, {"date_end": {"_null": true}}]}]});
    let fields = [
        "id",
        "collection",
        "item",
        "password",
        "max_uses",
        "times_used",
        "date_start",
        "date_end",
    ];
    let query = Query {
        fields: Some(fields.iter().map(|f| (*f).to_owned()).collect()),
        filter: Some(filter),
        ..Query::default()
    };
    items.read_one(&Value::String(id.to_owned()), &query)
}

/// `POST /shares/invite {share, emails}`: a user mails a share they may read
/// (without a mail server the mails are lost, as in Directus).
pub(crate) fn invite(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let share = match body.get("share") {
        None => return Err(Error::invalid_payload("\"share\" is required")),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(Error::invalid_payload("\"share\" must be a string")),
    };
    match body.get("emails") {
        None | Some(Value::Array(_)) => {}
        Some(_) => return Err(Error::invalid_payload("\"emails\" must be an array")),
    }
    if acc.user.is_none() {
        return Err(Error::forbidden());
    }
    let items = Items::new(app, acc, system::SHARES)?;
    let query = Query { fields: Some(vec!["collection".into()]), ..Query::default() };
    items.read_one(&Value::String(share), &query).map(|_| ())
}

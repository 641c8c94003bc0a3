//! `directus_comments`: only users comment, on an item they may read; the
//! author of a comment cannot be changed. (Directus also notifies users
//! `@mentioned` in a comment; the mock does not.)

use serde_json::Value;

use super::Write;
use crate::engine::Action;
use crate::engine::write::Writer;
use crate::error::{Error, Result};
use crate::service::items::Items;
use crate::system;

/// JavaScript's truthiness, which Directus' `if (!data.comment)` tests.
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

pub(super) fn check(items: &Items<'_>, w: &Writer<'_, '_>, write: Write<'_>) -> Result<()> {
    if items.acc.user.is_none() {
        return Err(Error::forbidden());
    }
    match write {
        Write::Create(body) => {
            for field in ["comment", "collection", "item"] {
                if !truthy(body.get(field)) {
                    return Err(Error::invalid_payload(format!("\"{field}\" is required")));
                }
            }
            let collection = body.get("collection").and_then(Value::as_str).unwrap_or_default();
            let item = body.get("item").cloned().unwrap_or_default();
            w.check_access(collection, Action::Read, Some(std::slice::from_ref(&item)))
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
            let mut targets: Vec<(String, Value)> = Vec::new();
            for pk in keys {
                let row = w.db.row(system::COMMENTS, pk);
                let field = |name: &str| {
                    data.get(name)
                        .or_else(|| row.and_then(|r| r.get(name)))
                        .cloned()
                        .unwrap_or_default()
                };
                let collection = field("collection").as_str().unwrap_or_default().to_owned();
                targets.push((collection, field("item")));
            }
            for (collection, item) in targets {
                w.check_access(&collection, Action::Read, Some(std::slice::from_ref(&item)))?;
            }
            Ok(())
        }
        Write::Batch(_) | Write::Delete => Ok(()),
    }
}

//! `directus_translations`: one value per key and language. Directus checks
//! the pair before each create and each update that changes it; a create
//! without `key` or `language` fails inside that check (a query with an
//! undefined binding), before the payload's own validation.

use std::collections::HashSet;

use serde_json::Value;

use super::Write;
use crate::engine::write::Writer;
use crate::error::{Error, Result};
use crate::store::Pk;
use crate::system;

fn duplicate() -> Error {
    Error::invalid_payload("Duplicate key and language combination")
}

/// Whether another translation (not `except`) holds the pair.
fn taken(w: &Writer<'_, '_>, key: &Value, language: &Value, except: Option<&Pk>) -> bool {
    w.db.table(system::TRANSLATIONS).is_some_and(|t| {
        t.rows.iter().any(|(pk, row)| {
            Some(pk) != except
                && row.get("key") == Some(key)
                && row.get("language") == Some(language)
        })
    })
}

pub(super) fn check(w: &Writer<'_, '_>, write: Write<'_>) -> Result<()> {
    match write {
        Write::Create(body) => {
            let key = body.get("key");
            let language = body.get("language");
            let missing: Vec<&str> = [("key", key), ("language", language)]
                .into_iter()
                .filter(|(_, v)| v.is_none())
                .map(|(n, _)| n)
                .collect();
            if !missing.is_empty() {
                return Err(Error::internal(format!(
                    "Undefined binding(s) detected when compiling FIRST. Undefined column(s): [{}] query: select `id` from `directus_translations` where `key` = ? and `language` = ? limit ?",
                    missing.join(", ")
                )));
            }
            match (key, language) {
                (Some(k), Some(l)) if taken(w, k, l, None) => Err(duplicate()),
                _ => Ok(()),
            }
        }
        Write::Update(keys, data) => {
            let changes_key = data.get("key").is_some();
            let changes_language = data.get("language").is_some();
            if keys.len() > 1 && changes_key && changes_language {
                return Err(duplicate());
            }
            if !changes_key && !changes_language {
                return Ok(());
            }
            let mut seen = HashSet::new();
            for pk in keys {
                let Some(row) = w.db.row(system::TRANSLATIONS, pk) else { continue };
                let key = data.get("key").or_else(|| row.get("key")).cloned().unwrap_or_default();
                let language = data
                    .get("language")
                    .or_else(|| row.get("language"))
                    .cloned()
                    .unwrap_or_default();
                if !seen.insert(format!("{key}-{language}")) || taken(w, &key, &language, Some(pk))
                {
                    return Err(duplicate());
                }
            }
            Ok(())
        }
        Write::Batch(_) | Write::Delete => Ok(()),
    }
}

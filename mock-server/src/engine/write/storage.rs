//! Storing values as Directus and SQLite would: casts of submitted values
//! (hashes, csv, dates, JSON), SQLite's type affinity, the values the server
//! sets itself (`uuid`, `date-created`, `user-updated`, ...), and the
//! constraints a row must meet before it is written (unique columns, NOT
//! NULL, foreign keys).

use chrono::SecondsFormat;
use serde_json::{Map, Value};

use super::Writer;
use crate::engine::values::{self, parse_datetime};
use crate::engine::{Action, typed_key};
use crate::error::{Error, Result};
use crate::schema::{Collection, Field, FieldType};
use crate::store::{Pk, Row, Table};

impl Writer<'_, '_> {
    /// The time of this write as a column of type `ty` stores it.
    pub(super) fn timestamp(&self, ty: FieldType) -> String {
        match ty {
            FieldType::DateTime => self.actor.now.format("%Y-%m-%dT%H:%M:%S").to_string(),
            _ => self.actor.now.to_rfc3339_opts(SecondsFormat::Millis, true),
        }
    }

    /// Values the server sets itself (`uuid`, `date-created`, `user-updated`, ...).
    pub(super) fn special_value(
        &self,
        field: &str,
        coll: &Collection,
        value: Option<Value>,
        action: Action,
    ) -> Option<Value> {
        let Some(f) = coll.fields.get(field) else { return value };
        let mut value = value;
        for special in f.special() {
            match (special, action) {
                ("uuid", Action::Create)
                    if value.as_ref().is_none_or(Value::is_null) && f.is_primary_key() =>
                {
                    value = None;
                }
                ("uuid", Action::Create) if value.as_ref().is_none_or(Value::is_null) => {
                    value = Some(Value::String((self.actor.uuid)()));
                }
                ("user-created", Action::Create) | ("user-updated", Action::Update) => {
                    value = Some(self.actor.user.clone().map(Value::String).unwrap_or(Value::Null));
                }
                ("role-created", Action::Create) | ("role-updated", Action::Update) => {
                    value = Some(self.actor.role.clone().map(Value::String).unwrap_or(Value::Null));
                }
                ("date-created", Action::Create) | ("date-updated", Action::Update) => {
                    value = Some(Value::String(self.timestamp(f.ty)));
                }
                _ => {}
            }
        }
        value
    }

    /// A submitted column as it is stored; `None` when the payload does not set it.
    pub(super) fn submitted(
        &self,
        coll: &Collection,
        field: &str,
        payload: &Map<String, Value>,
    ) -> Result<Option<Value>> {
        let Some(v) = payload.get(field) else { return Ok(None) };
        let stored = values::js_numbers(self.cast_value(coll, field, v)?);
        match coll.fields.get(field) {
            Some(f) => self.db.vendor.column_fit(&coll.name, f, v, stored).map(Some),
            None => Ok(Some(stored)),
        }
    }

    /// Casts a submitted value for storage as Directus and SQLite would: hashes
    /// hashed, csv joined, dates parsed and normalized, other lists and objects
    /// as JSON text, then the column's type affinity applied ([`affinity`]).
    fn cast_value(&self, coll: &Collection, field: &str, value: &Value) -> Result<Value> {
        let Some(f) = coll.fields.get(field) else { return Ok(value.clone()) };
        if value.is_null() {
            return Ok(Value::Null);
        }
        if f.ty == FieldType::Hash || f.has_special("hash") {
            let text = match value {
                // Directus leaves falsy values alone (they read back as null).
                _ if !truthy(value) => return Ok(affinity(f.ty, value.clone())),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            return Ok(Value::String((self.actor.hash)(&text)?));
        }
        let cast = match (f.ty, value) {
            (FieldType::Csv, Value::Array(items)) => Value::String(
                items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            // JSON text is parsed here rather than on every read; the result is the same.
            (FieldType::Json, Value::String(s)) => {
                return Ok(serde_json::from_str(s).unwrap_or_else(|_| value.clone()));
            }
            (FieldType::Json, Value::Bool(b)) => return Ok(Value::from(u8::from(*b))),
            (FieldType::Json, other) => return Ok(other.clone()),
            (FieldType::Date, Value::String(s)) => {
                let dt = parse_iso(s).ok_or_else(|| {
                    Error::invalid_payload(format!("Invalid Date format in field \"{field}\""))
                })?;
                Value::String(dt.format("%Y-%m-%d").to_string())
            }
            (FieldType::DateTime, Value::String(s)) => {
                let dt = parse_iso(s).ok_or_else(|| {
                    Error::invalid_payload(format!("Invalid DateTime format in field \"{field}\""))
                })?;
                Value::String(dt.format("%Y-%m-%dT%H:%M:%S").to_string())
            }
            // Directus converts timestamps without checking them; an invalid one
            // fails later in JavaScript's Date (500).
            (FieldType::Timestamp, Value::String(s)) => match parse_iso(s) {
                Some(dt) => {
                    Value::String(dt.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true))
                }
                None => return Err(Error::internal("Invalid time value")),
            },
            (FieldType::Time, Value::String(s)) => Value::String(self.db.vendor.stored_time(s)),
            (_, Value::Array(_) | Value::Object(_)) => Value::String(value.to_string()),
            _ => value.clone(),
        };
        Ok(affinity(f.ty, cast))
    }

    /// Unique columns and foreign keys of a row about to be written.
    pub(super) fn check_row_constraints(
        &self,
        coll: &Collection,
        row: &Row,
        own_key: Option<&Pk>,
    ) -> Result<()> {
        let table = self.db.table(&coll.name);
        for field in coll.fields.values() {
            let Some(schema) = &field.schema else { continue };
            let Some(value) = row.get(&field.name) else { continue };
            if schema.is_unique && !value.is_null() && !schema.is_primary_key {
                let clash =
                    table.is_some_and(|t| match collated_holders(self.db, t, field, value) {
                        Some(mut keys) => keys.any(|k| Some(&k) != own_key),
                        None => holds(t, &field.name, value, own_key),
                    });
                if clash {
                    return Err(self.db.vendor.unique_violation(&coll.name, &field.name, value));
                }
            }
            if !schema.is_nullable && value.is_null() && !schema.has_auto_increment {
                return Err(Error::new(
                    crate::error::ErrorCode::NotNullViolation,
                    format!(
                        "Value for field \"{}\" in collection \"{}\" can't be null.",
                        field.name, coll.name
                    ),
                )
                .with("collection", coll.name.as_str())
                .with("field", field.name.as_str()));
            }
            if let Some((related, _)) = &field.foreign_key {
                let has_db_fk = self
                    .db
                    .schema
                    .relation(&coll.name, &field.name)
                    .is_some_and(|r| r.on_delete.is_some());
                if has_db_fk && !value.is_null() {
                    let exists = typed_key(self.db, related, value)
                        .is_some_and(|k| self.db.row(related, &k).is_some());
                    if !exists {
                        return Err(Error::invalid_foreign_key());
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whether a row other than `own_key` holds `value` in `column`: from the
/// column's index when the store keeps one (unique columns are indexed), else
/// by a scan.
/// The keys of the rows whose `field` equals `value` under the database's
/// collation (MariaDB: `alice` is taken by `Alice`), from the column's
/// equality index; `None` where the database compares the value exactly.
pub(super) fn collated_holders(
    db: &crate::store::Db,
    table: &Table,
    field: &Field,
    value: &Value,
) -> Option<std::vec::IntoIter<Pk>> {
    let vendor = db.vendor;
    vendor.text_key(field.ty, value)?;
    let key = crate::engine::index::operand_key(vendor, field.ty, value)?;
    let index = crate::engine::index::column(vendor, table, &field.name, field.ty);
    let pk = db.schema.pk_of(&field.collection).to_owned();
    let keys: Vec<Pk> =
        index.bucket(&key).filter_map(|r| r.get(&pk).and_then(Pk::from_value)).collect();
    Some(keys.into_iter())
}

fn holds(table: &Table, column: &str, value: &Value, own_key: Option<&Pk>) -> bool {
    let same =
        |k: &Pk| Some(k) != own_key && table.get(k).is_some_and(|r| r.get(column) == Some(value));
    match Pk::from_value(value).and_then(|key| table.keys_holding(column, &key)) {
        Some(keys) => keys.iter().any(same),
        None => table.rows.iter().any(|(k, r)| Some(k) != own_key && r.get(column) == Some(value)),
    }
}

/// JavaScript's truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The date formats Directus' `parseISO` accepts on write: what filters accept,
/// plus a bare year, a year and month, or a date with only an hour.
fn parse_iso(s: &str) -> Option<chrono::NaiveDateTime> {
    if let Some(dt) = parse_datetime(s) {
        return Some(dt);
    }
    let s = s.trim();
    let date = |y: &str, m: &str, d: &str| {
        chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => date(y, "1", "1")?.and_hms_opt(0, 0, 0),
        [y, m] if y.len() == 4 && m.len() == 2 => date(y, m, "1")?.and_hms_opt(0, 0, 0),
        [y, m, rest] if y.len() == 4 && m.len() == 2 => {
            let (d, h) = rest.split_once('T')?;
            date(y, m, d)?.and_hms_opt(h.parse().ok()?, 0, 0)
        }
        _ => None,
    }
}

/// A column's default as a row stores it: with the affinity a submitted value
/// gets, so a boolean's default `false` is the same stored value as an
/// explicit `false` (one group, one distinct value, as in SQLite).
pub(crate) fn stored_default(field: &Field) -> Value {
    affinity(field.ty, field.default_value().clone())
}

/// What SQLite stores for a value in a column of the field's type (its type
/// affinity): text columns turn numbers and booleans into text, numeric,
/// date and boolean columns turn numeric text into numbers, and booleans are
/// the integers 1 and 0 everywhere.
fn affinity(ty: FieldType, value: Value) -> Value {
    let text = matches!(
        ty,
        FieldType::String | FieldType::Text | FieldType::Uuid | FieldType::Csv | FieldType::Hash
    );
    let numeric = ty.is_numeric()
        || matches!(
            ty,
            FieldType::Boolean
                | FieldType::Date
                | FieldType::DateTime
                | FieldType::Timestamp
                | FieldType::Time
        );
    match value {
        Value::Bool(b) if text => Value::String(u8::from(b).to_string()),
        Value::Bool(b) if numeric => Value::from(u8::from(b)),
        Value::Number(n) if text => Value::String(values::scalar_text(&Value::Number(n))),
        Value::String(s) if numeric => numeric_text(&s).unwrap_or(Value::String(s)),
        other => other,
    }
}

/// The number a well-formed SQLite numeric literal denotes (`"12"`, `" 2.50 "`,
/// `"1e3"`), as an integer when it has no fraction.
fn numeric_text(s: &str) -> Option<Value> {
    let t = s.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let mantissa_ok = digits > 0
        && mantissa.chars().filter(|c| *c == '.').count() <= 1
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.');
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    let f: f64 = t.parse().ok()?;
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        Some(Value::from(f as i64))
    } else {
        serde_json::Number::from_f64(f).map(Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sqlite_affinity() {
        let cases = [
            (FieldType::Integer, json!("12"), json!(12)),
            (FieldType::Integer, json!(" 1e3 "), json!(1000)),
            (FieldType::Integer, json!("abc"), json!("abc")),
            (FieldType::Integer, json!("0x10"), json!("0x10")),
            (FieldType::Integer, json!("inf"), json!("inf")),
            (FieldType::Float, json!("2.50"), json!(2.5)),
            (FieldType::Boolean, json!(true), json!(1)),
            (FieldType::Boolean, json!("1"), json!(1)),
            (FieldType::Boolean, json!("true"), json!("true")),
            (FieldType::String, json!(5), json!("5")),
            (FieldType::String, json!(1.5), json!("1.5")),
            (FieldType::Text, json!(true), json!("1")),
            (FieldType::Time, json!("10:20"), json!("10:20")),
        ];
        for (ty, given, stored) in cases {
            assert_eq!(affinity(ty, given.clone()), stored, "{ty:?} {given}");
        }
    }

    #[test]
    fn iso_dates_directus_accepts() {
        let fmt = |s: &str| parse_iso(s).map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string());
        assert_eq!(fmt("2024").as_deref(), Some("2024-01-01T00:00:00"));
        assert_eq!(fmt("2024-05").as_deref(), Some("2024-05-01T00:00:00"));
        assert_eq!(fmt("2024-05-06T07").as_deref(), Some("2024-05-06T07:00:00"));
        assert_eq!(fmt("2024-05-06T10:20:30+02:00").as_deref(), Some("2024-05-06T08:20:30"));
        assert_eq!(fmt("06/05/2024"), None);
    }
}

//! MariaDB's column details, as Directus 12.4 reports them on `DB_CLIENT=mysql`
//! (observed: `/fields`, `/schema/snapshot`, `/relations` of collections
//! created through the API). Directus reads them from `information_schema`:
//! the column type as MariaDB names it (an auto-increment key is knex's
//! `increments`, an `int unsigned`), integer precisions, text lengths, and
//! the key flags (`COLUMN_KEY`: a primary key is not `UNI`, a foreign key's
//! column carries the index InnoDB makes for it).

use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode};
use crate::schema::{Field, FieldSchema, FieldType};

/// The type of the column knex creates for a field with `has_auto_increment`
/// (`increments`, `bigIncrements`): an unsigned integer. Directus reads a
/// `bigint unsigned` back as an `integer` field.
pub(super) fn auto_increment(ty: FieldType) -> Option<(FieldType, &'static str)> {
    match ty {
        FieldType::Integer => Some((FieldType::Integer, "int unsigned")),
        FieldType::BigInteger => Some((FieldType::Integer, "bigint unsigned")),
        _ => None,
    }
}

/// The column type MariaDB reports for a field of type `ty`.
pub(super) fn column_type(ty: FieldType, schema: &FieldSchema) -> &'static str {
    if let Some(declared) = schema.data_type {
        return declared;
    }
    match ty {
        FieldType::Integer if schema.has_auto_increment => "int unsigned",
        FieldType::Integer => "int",
        FieldType::BigInteger => "bigint",
        FieldType::Boolean => "boolean",
        FieldType::Csv | FieldType::Text => "text",
        FieldType::Date => "date",
        FieldType::DateTime => "datetime",
        FieldType::Timestamp => "timestamp",
        FieldType::Decimal => "decimal",
        FieldType::Float => "float",
        FieldType::Hash | FieldType::String => "varchar",
        FieldType::Json => "longtext",
        FieldType::Time => "time",
        FieldType::Uuid => "char",
        FieldType::Geometry => "geometry",
        FieldType::Binary => "blob",
        FieldType::Alias | FieldType::Unknown => "unknown",
    }
}

/// Whether InnoDB accepts a foreign key from a column of type `from` to one of
/// type `to`: integers of the same type and sign, or any two string columns
/// (observed: `int` to `bigint unsigned`, `bigint` to `int unsigned`, `int`
/// to `char`, `varchar` to `int unsigned` are refused).
pub(super) fn foreign_key_fits(from: &str, to: &str) -> bool {
    let text = |t: &str| matches!(t, "char" | "varchar");
    from == to || (text(from) && text(to))
}

/// A field's `schema` object as MariaDB describes the column (SQLite's names
/// and flags in, MariaDB's out).
pub(super) fn describe(ty: &str, s: &mut Map<String, Value>) {
    let flag = |s: &Map<String, Value>, k: &str| s.get(k).and_then(Value::as_bool) == Some(true);
    let current = s.get("data_type").and_then(Value::as_str).unwrap_or_default();
    let data_type = match (ty, current) {
        (_, "int unsigned" | "bigint unsigned" | "char") => current.to_owned(),
        ("integer", _) if flag(s, "has_auto_increment") => "int unsigned".into(),
        ("integer", _) => "int".into(),
        ("timestamp", _) => "timestamp".into(),
        ("json", _) => "longtext".into(),
        _ => current.to_owned(),
    };
    let (precision, scale): (Option<u64>, Option<u64>) = match data_type.as_str() {
        "int" | "int unsigned" => (Some(10), Some(0)),
        "bigint" => (Some(19), Some(0)),
        "bigint unsigned" => (Some(20), Some(0)),
        "boolean" => (Some(3), Some(0)),
        // knex's float(precision, scale), with Directus' defaults.
        "float" => (
            s.get("numeric_precision").and_then(Value::as_u64).or(Some(10)),
            s.get("numeric_scale").and_then(Value::as_u64).or(Some(5)),
        ),
        _ => (None, None),
    };
    if precision.is_some() {
        s.insert("numeric_precision".into(), precision.into());
        s.insert("numeric_scale".into(), scale.into());
    }
    let length: Option<u64> = match data_type.as_str() {
        "text" => Some(65_535),
        "longtext" => Some(4_294_967_295),
        _ => None,
    };
    if let Some(length) = length {
        s.insert("max_length".into(), length.into());
    }
    s.insert("data_type".into(), Value::from(data_type));
    // COLUMN_KEY: `PRI` is not `UNI`; a foreign key's column is `MUL` unless unique.
    if flag(s, "is_primary_key") {
        s.insert("is_unique".into(), Value::Bool(false));
    } else if s.get("foreign_key_table").is_some_and(Value::is_string) && !flag(s, "is_unique") {
        s.insert("is_indexed".into(), Value::Bool(true));
    }
}

/// A value as a strict-mode MariaDB column stores it: a string longer than
/// the column's characters is refused (`ER_DATA_TOO_LONG`, which Directus
/// answers VALUE_TOO_LONG), a number in an integer column is rounded, and
/// one outside the column's range refused (VALUE_OUT_OF_RANGE). Directus
/// names the value as it was sent.
pub(super) fn fit(
    collection: &str,
    field: &Field,
    sent: &Value,
    stored: Value,
) -> Result<Value, Error> {
    let Some(schema) = &field.schema else { return Ok(stored) };
    let refused = |code: ErrorCode, prefix: &str, tail: &str| {
        let shown = match sent {
            Value::String(s) if !s.is_empty() => format!("\"{s}\" "),
            Value::Number(n) if n.as_f64() != Some(0.0) => format!("\"{n}\" "),
            _ => String::new(),
        };
        Error::new(
            code,
            format!(
                "{prefix} {shown}for field \"{}\" in collection \"{collection}\" {tail}",
                field.name
            ),
        )
        .with("collection", collection)
        .with("field", field.name.as_str())
        .with("value", sent.clone())
    };
    let column = column_type(field.ty, schema);
    match (&stored, column) {
        (Value::String(s), "varchar" | "char")
            if schema.max_length.is_some_and(|max| s.chars().count() as u64 > max) =>
        {
            Err(refused(ErrorCode::ValueTooLong, "Value", "is too long."))
        }
        (Value::Number(n), "int" | "int unsigned" | "bigint" | "bigint unsigned") => {
            // A fraction is rounded half away from zero, as f64::round does.
            let rounded = || n.as_f64().map(f64::round).filter(|r| r.abs() < 1e38);
            let whole = n.as_i128().or_else(|| rounded().map(|r| r as i128));
            match whole.filter(|w| in_range(*w, column)) {
                Some(_) if n.as_i128().is_some() => Ok(stored),
                Some(w) => Ok(serde_json::Number::from_i128(w).map_or(stored, Value::Number)),
                None => {
                    Err(refused(ErrorCode::ValueOutOfRange, "Numeric value", "is out of range."))
                }
            }
        }
        _ => Ok(stored),
    }
}

/// Whether an integer fits the MariaDB integer column type `column`.
fn in_range(n: i128, column: &str) -> bool {
    let (low, high): (i128, i128) = match column {
        "int" => (i32::MIN.into(), i32::MAX.into()),
        "int unsigned" => (0, u32::MAX.into()),
        "bigint" => (i64::MIN.into(), i64::MAX.into()),
        _ => (0, u64::MAX.into()),
    };
    (low..=high).contains(&n)
}

/// The 500 of a foreign key InnoDB refuses to create, with the statement as
/// knex builds it.
pub(super) fn foreign_key_refused(
    database: &str,
    table: &str,
    column: &str,
    related: &str,
    related_key: &str,
    on_delete: Option<&str>,
) -> String {
    let rule = on_delete.map(|r| format!(" on delete {r}")).unwrap_or_default();
    format!(
        "alter table `{table}` add constraint `{table}_{column}_foreign` foreign key (`{column}`) references `{related}` (`{related_key}`){rule} - Can't create table `{database}`.`{table}` (errno: 150 \"Foreign key constraint is incorrectly formed\")"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn described(ty: &str, schema: Value) -> Value {
        let Value::Object(mut s) = schema else { unreachable!() };
        describe(ty, &mut s);
        Value::Object(s)
    }

    #[test]
    fn keys_and_integers_read_as_mariadb_reports_them() {
        let key = described(
            "integer",
            json!({"data_type": "integer", "has_auto_increment": true, "is_primary_key": true, "is_unique": false}),
        );
        assert_eq!(key["data_type"], "int unsigned");
        assert_eq!(
            (key["numeric_precision"].clone(), key["numeric_scale"].clone()),
            (json!(10), json!(0))
        );
        let uuid_key = described(
            "uuid",
            json!({"data_type": "char", "is_primary_key": true, "is_unique": true}),
        );
        assert_eq!(uuid_key["is_unique"], false);
        let fk = described(
            "string",
            json!({"data_type": "varchar", "foreign_key_table": "p", "is_unique": false, "is_indexed": false}),
        );
        assert_eq!(fk["is_indexed"], true);
        let big = described("integer", json!({"data_type": "bigint unsigned"}));
        assert_eq!(big["numeric_precision"], 20);
        assert_eq!(described("json", json!({"data_type": "json"}))["max_length"], 4_294_967_295u64);
        assert_eq!(described("float", json!({"data_type": "float"}))["numeric_scale"], 5);
    }

    #[test]
    fn strict_columns_refuse_long_strings_and_round_fractions() {
        let field = |ty, max_length| Field {
            collection: "g".into(),
            name: "f".into(),
            ty,
            meta: None,
            schema: Some(FieldSchema { max_length, ..FieldSchema::from_payload(ty, &Map::new()) }),
            foreign_key: None,
        };
        let short = field(FieldType::String, Some(5));
        let long = json!("abcdef");
        let err = fit("g", &short, &long, long.clone()).unwrap_err();
        assert!(format!("{err:?}").contains("Value \\\"abcdef\\\" for field"), "{err:?}");
        assert_eq!(fit("g", &short, &json!("äbcde"), json!("äbcde")).unwrap(), json!("äbcde"));
        let int = field(FieldType::Integer, None);
        assert_eq!(fit("g", &int, &json!(1.7), json!(1.7)).unwrap(), json!(2));
        assert_eq!(fit("g", &int, &json!(-2.5), json!(-2.5)).unwrap(), json!(-3));
        assert!(fit("g", &int, &json!(99_999_999_999u64), json!(99_999_999_999u64)).is_err());
        assert!(fit("g", &int, &json!(2_147_483_647), json!(2_147_483_647)).is_ok());
    }

    #[test]
    fn foreign_keys_need_the_same_integer_or_two_strings() {
        assert!(foreign_key_fits("int unsigned", "int unsigned"));
        assert!(foreign_key_fits("varchar", "char"));
        assert!(!foreign_key_fits("bigint", "bigint unsigned"));
        assert!(!foreign_key_fits("int", "char"));
    }
}

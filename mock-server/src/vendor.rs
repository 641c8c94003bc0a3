//! The database the mock behaves like. Directus answers some requests the way
//! its database does (text comparison, NULL order, numbers as strings, date
//! functions, type strictness, error details); the mock reproduces each of
//! SQLite, PostgreSQL and MySQL/MariaDB, chosen as Directus chooses its
//! database (`DB_CLIENT`: `sqlite3`, `pg`, `mysql`). Every such difference is
//! a method here, so the engine asks the vendor a question instead of
//! testing which vendor it is.

mod collation;
mod mysql;

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::schema::{Field, FieldType, OnDelete};

pub(crate) use collation::{CollationKey, like as collated_like};

/// A `DELETE` statement a foreign key refused: its table, key column and the
/// keys as the client sent them, quoted as SQL literals.
pub(crate) struct FkStatement<'a> {
    /// The database MySQL's message names (`DB_DATABASE`).
    pub(crate) database: &'a str,
    pub(crate) table: &'a str,
    pub(crate) key: &'a str,
    pub(crate) quoted: Vec<String>,
}

/// The foreign key that refused it: `child.field` references `parent.parent_key`.
pub(crate) struct FkRefusal {
    pub(crate) child: String,
    pub(crate) field: String,
    pub(crate) parent: String,
    pub(crate) parent_key: String,
    pub(crate) on_delete: OnDelete,
}

/// The database MySQL's messages and table descriptions name when
/// `DB_DATABASE` does not (and no pulled fixture does).
pub(crate) const DEFAULT_DATABASE: &str = "directus";

/// A database Directus runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Vendor {
    /// SQLite (`DB_CLIENT=sqlite3`), the database of a default Directus.
    #[default]
    #[value(name = "sqlite3", alias = "sqlite")]
    Sqlite,
    /// PostgreSQL (`DB_CLIENT=pg`): what most production projects run, Directus
    /// Cloud and the official Docker guides included.
    #[value(name = "pg", alias = "postgres", alias = "postgresql")]
    Postgres,
    /// MySQL or MariaDB (`DB_CLIENT=mysql`).
    #[value(name = "mysql", alias = "mariadb")]
    Mysql,
}

impl Vendor {
    /// Whether NULL sorts above every value (last ascending, first descending):
    /// PostgreSQL's order. SQLite and MySQL sort it below every value.
    pub(crate) fn nulls_sort_high(self) -> bool {
        self == Vendor::Postgres
    }

    /// The system fields this database indexes beyond SQLite's
    /// (`system::INDEXED_FIELDS`): a snapshot's `systemFields`.
    pub(crate) fn more_indexed_system_fields(self) -> &'static [(&'static str, &'static str)] {
        if self == Vendor::Mysql { crate::system::MYSQL_INDEXED_FIELDS } else { &[] }
    }

    /// Whether values of a field of type `ty` compare under a collation that
    /// ignores case and accents and pads with spaces: MariaDB's
    /// `utf8mb4_unicode_ci` (`vendor::collation`) on its text columns, in
    /// filters, sorts, groups, distinct counts and unique columns. SQLite
    /// and PostgreSQL compare text byte for byte.
    pub(crate) fn collates(self, ty: FieldType) -> bool {
        self == Vendor::Mysql
            && matches!(ty, FieldType::String | FieldType::Text | FieldType::Csv | FieldType::Hash)
    }

    /// The collation key of a text value of a field of type `ty`, where the
    /// database compares it under its collation ([`Self::collates`]).
    pub(crate) fn text_key(self, ty: FieldType, value: &Value) -> Option<CollationKey> {
        match value {
            Value::String(s) if self.collates(ty) => Some(CollationKey::of(s)),
            _ => None,
        }
    }

    /// Whether a text value equals `''` on a field of type `ty` (`_empty`):
    /// under MariaDB's PAD SPACE, a value of spaces does too.
    pub(crate) fn is_empty_text(self, ty: FieldType, s: &str) -> bool {
        if self.collates(ty) { collation::is_blank(s) } else { s.is_empty() }
    }

    /// Whether `week()` counts weeks from the year's first Sunday: MySQL's
    /// `WEEK()` (mode 0); SQLite's `%W` counts from the first Monday.
    pub(crate) fn weeks_start_on_sunday(self) -> bool {
        self == Vendor::Mysql
    }

    /// The number `weekday()` gives a Sunday: MySQL's `DAYOFWEEK()` 1 (Saturday
    /// 7), SQLite's `%w` 0.
    pub(crate) fn sunday(self) -> u32 {
        u32::from(self == Vendor::Mysql)
    }

    /// Whether `count()` of a JSON field counts an object's members (and a
    /// scalar as 1): MySQL's `JSON_LENGTH`; SQLite's `json_array_length`
    /// gives 0 for anything but an array.
    pub(crate) fn json_length_counts_members(self) -> bool {
        self == Vendor::Mysql
    }

    /// The name Directus gives it in a schema snapshot (`vendor`).
    pub(crate) fn snapshot_name(self) -> &'static str {
        match self {
            Vendor::Sqlite => "sqlite",
            Vendor::Postgres => "postgres",
            Vendor::Mysql => "mysql",
        }
    }

    /// A `time` value as the column reads it back: SQLite keeps the text as
    /// written; PostgreSQL's and MySQL's time columns add the seconds a
    /// well-formed `HH:MM` leaves out (`10:20` reads `10:20:00`).
    pub(crate) fn stored_time(self, written: &str) -> String {
        let bytes = written.as_bytes();
        let hh_mm = bytes.len() == 5
            && bytes[2] == b':'
            && bytes.iter().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit());
        if self != Vendor::Sqlite && hh_mm { format!("{written}:00") } else { written.to_owned() }
    }

    /// Whether a `_json` path condition reads the value at the path as text
    /// (PostgreSQL's `->>`, MySQL's `JSON_UNQUOTE(JSON_EXTRACT(...))`), so a
    /// bracket value `"1"` equals the JSON number 1. SQLite's `json_extract`
    /// keeps the number.
    pub(crate) fn json_extracts_text(self) -> bool {
        self != Vendor::Sqlite
    }

    /// Whether the system collections' date columns read back as `timestamp`:
    /// Directus' migrations create them with `timestamp`, which SQLite reports
    /// as `dateTime` (no time zone, no milliseconds) and PostgreSQL and
    /// MariaDB as `timestamp`.
    pub(crate) fn reads_system_dates_as_timestamps(self) -> bool {
        self != Vendor::Sqlite
    }

    /// A field's payload with `schema` as this database describes the column
    /// (observed on 12.4): PostgreSQL's information schema names
    /// (`character varying`, `numeric`, `real`, `uuid`, `timestamp with time
    /// zone`, ...); MariaDB's names (`int`, `int unsigned` for an
    /// auto-increment key, `longtext` for JSON, ...), integer precisions,
    /// text lengths and key flags (`vendor::mysql`). The other names follow
    /// SQLite's.
    pub(crate) fn column_types(self, mut field: Value) -> Value {
        let field_type = field.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        if self == Vendor::Mysql {
            if let Some(Value::Object(s)) = field.get_mut("schema") {
                mysql::describe(&field_type, s);
            }
            return field;
        }
        let Some(ty) = field.pointer_mut("/schema/data_type") else { return field };
        let current = ty.as_str().unwrap_or_default();
        let renamed = match (self, field_type.as_str(), current) {
            (Vendor::Postgres, _, "varchar") => "character varying",
            (Vendor::Postgres, "uuid", "char") => "uuid",
            (Vendor::Postgres, "decimal", _) => "numeric",
            (Vendor::Postgres, "float", _) => "real",
            (Vendor::Postgres, "dateTime", _) => "timestamp without time zone",
            (Vendor::Postgres, "timestamp", _) => "timestamp with time zone",
            (Vendor::Postgres, "time", _) => "time without time zone",
            _ => return field,
        };
        *ty = Value::from(renamed);
        if renamed == "uuid"
            && let Some(length) = field.pointer_mut("/schema/max_length")
        {
            // A native uuid column has no length (SQLite's is a char(36)).
            *length = Value::Null;
        }
        field
    }

    /// A field as the column knex creates for it: on MySQL an auto-increment
    /// key is an unsigned integer (`increments`, `bigIncrements`), and a
    /// `bigint unsigned` reads back as an `integer` field.
    pub(crate) fn created_column(self, field: &mut Field) {
        let Some(schema) = field.schema.as_mut().filter(|s| s.has_auto_increment) else { return };
        if self == Vendor::Mysql
            && let Some((ty, data_type)) = mysql::auto_increment(field.ty)
        {
            field.ty = ty;
            schema.data_type = Some(data_type);
        }
    }

    /// The foreign key of a new relation from `m2o` to `related_key` (the
    /// related collection's primary key). On MySQL, Directus first makes an
    /// `int` column `int unsigned` when the key is one (its relations
    /// service's `alterType`: knex's `increments` are unsigned); InnoDB then
    /// refuses a key between columns of other types: a 500 with the
    /// database's message. `Ok(Some(type))` is the column's new type.
    pub(crate) fn foreign_key_column(
        self,
        database: &str,
        m2o: &Field,
        related_key: &Field,
        on_delete: Option<&str>,
    ) -> Result<Option<&'static str>, Error> {
        let (Vendor::Mysql, Some(from), Some(to)) = (self, &m2o.schema, &related_key.schema) else {
            return Ok(None);
        };
        let (from, to) = (mysql::column_type(m2o.ty, from), mysql::column_type(related_key.ty, to));
        let altered = (from == "int" && to == "int unsigned").then_some("int unsigned");
        if mysql::foreign_key_fits(altered.unwrap_or(from), to) {
            return Ok(altered);
        }
        Err(Error::internal(mysql::foreign_key_refused(
            database,
            &m2o.collection,
            &m2o.name,
            &related_key.collection,
            &related_key.name,
            on_delete,
        )))
    }

    /// A value about to be stored in `field`'s column, as the column takes
    /// it: MySQL's strict mode refuses a string longer than the column and an
    /// integer outside its range, and rounds a fraction into an integer
    /// column (`vendor::mysql::fit`); SQLite stores what it is given.
    pub(crate) fn column_fit(
        self,
        collection: &str,
        field: &Field,
        sent: &Value,
        stored: Value,
    ) -> Result<Value, Error> {
        if self == Vendor::Mysql { mysql::fit(collection, field, sent, stored) } else { Ok(stored) }
    }

    /// The ON DELETE rule of a foreign key created without one: MariaDB's
    /// `RESTRICT`; the mock's others keep `SET NULL`.
    pub(crate) fn default_on_delete(self) -> OnDelete {
        if self == Vendor::Mysql { OnDelete::Restrict } else { OnDelete::SetNull }
    }

    /// A collection's `schema` as the database describes its table:
    /// PostgreSQL names the schema (`public`) and the table comment,
    /// MariaDB the database (`database`), comment, collation and engine.
    /// (SQLite's `CREATE TABLE` text, `sql`, is not reproduced.)
    pub(crate) fn table_info(self, database: &str, mut collection: Value) -> Value {
        if let Some(Value::Object(s)) = collection.get_mut("schema") {
            match self {
                Vendor::Sqlite => {}
                Vendor::Postgres => {
                    s.insert("schema".into(), Value::from("public"));
                    s.insert("comment".into(), Value::Null);
                }
                Vendor::Mysql => {
                    s.insert("schema".into(), Value::from(database));
                    s.insert("comment".into(), Value::from(""));
                    s.insert("collation".into(), Value::from("utf8mb4_unicode_ci"));
                    s.insert("engine".into(), Value::from("InnoDB"));
                }
            }
        }
        collection
    }

    /// A field's `schema` as `/fields` shows the column: PostgreSQL and
    /// MariaDB add the column comment (none: `null`, MariaDB `""`), PostgreSQL
    /// the foreign key's schema.
    pub(crate) fn column_info(self, mut field: Value) -> Value {
        if let Some(Value::Object(s)) = field.get_mut("schema") {
            match self {
                Vendor::Sqlite => {}
                Vendor::Postgres => {
                    let fk_schema = match s.get("foreign_key_table") {
                        Some(Value::String(_)) => Value::from("public"),
                        _ => Value::Null,
                    };
                    s.insert("foreign_key_schema".into(), fk_schema);
                    s.insert("comment".into(), Value::Null);
                }
                Vendor::Mysql => {
                    s.insert("comment".into(), Value::from(""));
                }
            }
        }
        field
    }

    /// A relation's `schema` as the database describes its foreign key:
    /// PostgreSQL and MariaDB name the constraint (`<table>_<column>_foreign`,
    /// as Directus creates it); PostgreSQL names the referenced schema, and
    /// MariaDB reports an unset ON UPDATE as `RESTRICT`.
    pub(crate) fn foreign_key_info(self, mut relation: Value) -> Value {
        if let Some(Value::Object(s)) = relation.get_mut("schema") {
            let name = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let constraint = format!("{}_{}_foreign", name("table"), name("column"));
            match self {
                Vendor::Sqlite => {}
                Vendor::Postgres => {
                    s.insert("constraint_name".into(), Value::from(constraint));
                    s.insert("foreign_key_schema".into(), Value::from("public"));
                }
                Vendor::Mysql => {
                    s.insert("constraint_name".into(), Value::from(constraint));
                    s.insert("on_update".into(), Value::from("RESTRICT"));
                }
            }
        }
        relation
    }

    /// RECORD_NOT_UNIQUE for a duplicate in a unique column, as Directus reads
    /// it from the database's error. MariaDB names only the index
    /// (`<table>_<column>_unique`): Directus takes the collection up to the
    /// index's first `_` and the field from the rest, so a table with `_` in
    /// its name is misnamed (`directus_users.token` reads as collection
    /// `directus`, field `users_token`, whose value the payload does not have),
    /// and it adds `primaryKey: false`. SQLite and PostgreSQL name the column.
    pub(crate) fn unique_violation(self, collection: &str, field: &str, value: &Value) -> Error {
        if self != Vendor::Mysql {
            return Error::not_unique(collection, field, value);
        }
        let index = format!("{collection}_{field}_unique");
        let named = index.split('_').next().unwrap_or_default();
        let parsed = &index[named.len() + 1..index.len() - "_unique".len()];
        let error = if parsed == field {
            Error::not_unique(named, parsed, value)
        } else {
            Error::new(
                ErrorCode::RecordNotUnique,
                format!("Value for field \"{parsed}\" in collection \"{named}\" has to be unique."),
            )
            .with("collection", named)
            .with("field", parsed)
        };
        error.with("primaryKey", false)
    }

    /// RECORD_NOT_UNIQUE for a key that is taken. MariaDB's error names the
    /// index `PRIMARY`, no table: Directus answers without collection or value.
    pub(crate) fn primary_key_taken(self, collection: &str, key: &str, value: &Value) -> Error {
        match self {
            Vendor::Mysql => Error::new(ErrorCode::RecordNotUnique, "Value has to be unique.")
                .with("collection", Value::Null)
                .with("field", key)
                .with("value", Value::Null),
            _ => Error::not_unique(collection, key, value),
        }
    }

    /// The raw message of a delete that a foreign key refuses, as Directus
    /// passes the database's error to an admin: the statement as the driver
    /// shows it (SQLite and MySQL with the values inlined, PostgreSQL with
    /// placeholders), then the database's own text. Directus names a foreign
    /// key `<table>_<column>_foreign`.
    pub(crate) fn fk_delete_message(self, st: &FkStatement<'_>, fk: &FkRefusal) -> String {
        let constraint = format!("{}_{}_foreign", fk.child, fk.field);
        match self {
            Vendor::Sqlite => format!(
                "delete from `{}` where `{}` in ({}) - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed",
                st.table,
                st.key,
                st.quoted.join(", ")
            ),
            Vendor::Postgres => {
                let params: Vec<String> = (1..=st.quoted.len()).map(|i| format!("${i}")).collect();
                format!(
                    "delete from \"{}\" where \"{}\" in ({}) - update or delete on table \"{}\" violates foreign key constraint \"{constraint}\" on table \"{}\"",
                    st.table,
                    st.key,
                    params.join(", "),
                    fk.parent,
                    fk.child
                )
            }
            Vendor::Mysql => {
                // MariaDB prints the constraint's definition; RESTRICT is its default and not shown.
                let rule = match fk.on_delete {
                    OnDelete::Restrict => String::new(),
                    other => format!(" ON DELETE {}", other.as_str()),
                };
                format!(
                    "delete from `{}` where `{}` in ({}) - Cannot delete or update a parent row: a foreign key constraint fails (`{}`.`{}`, CONSTRAINT `{constraint}` FOREIGN KEY (`{}`) REFERENCES `{}` (`{}`){rule})",
                    st.table,
                    st.key,
                    st.quoted.join(", "),
                    st.database,
                    fk.child,
                    fk.field,
                    fk.parent,
                    fk.parent_key
                )
            }
        }
    }
}

/// Numbers as each database's driver hands them to Directus, which passes
/// them on: node-postgres gives `bigint` and `numeric` values (and so
/// `count()`, `EXTRACT`, a `sum` of integers, an `avg` of anything but
/// floats) as text; MySQL's driver gives `DECIMAL` values as text (a
/// `decimal` column, a `sum` of integers, an `avg`); SQLite gives numbers.
impl Vendor {
    /// A stored column value as Directus reads it back. `scale` is a decimal
    /// column's `numeric_scale`.
    pub(crate) fn column_value(self, ty: FieldType, scale: Option<u64>, value: Value) -> Value {
        match (self, ty) {
            (Vendor::Sqlite, _) => value,
            (_, FieldType::Decimal) => match number_of(&value) {
                Some(n) => Value::String(fixed(n, scale.unwrap_or(5))),
                None => value,
            },
            (Vendor::Postgres, FieldType::BigInteger) if value.is_number() => {
                Value::String(value.to_string())
            }
            _ => value,
        }
    }

    /// A count (`count`, `countDistinct`, `count(relation)`): PostgreSQL's is a `bigint`.
    pub(crate) fn count_value(self, n: usize) -> Value {
        if self == Vendor::Postgres { Value::String(n.to_string()) } else { Value::from(n) }
    }

    /// A date part (`year(date)`, ...): PostgreSQL's `EXTRACT` is a `numeric`.
    pub(crate) fn date_part_value(self, value: Value) -> Value {
        match (self, &value) {
            (Vendor::Postgres, Value::Number(n)) => Value::String(n.to_string()),
            _ => value,
        }
    }

    /// `sum` over a column of type `ty` (SQLite's compensated sum already taken).
    pub(crate) fn sum_value(self, ty: FieldType, scale: Option<u64>, sum: f64) -> Option<Value> {
        let text = match (self, ty) {
            (Vendor::Sqlite, _) | (_, FieldType::Float) => return None,
            (_, FieldType::Decimal) => fixed(sum, scale.unwrap_or(5)),
            (_, FieldType::Integer | FieldType::BigInteger) => fixed(sum, 0),
            _ => return None,
        };
        Some(Value::String(text))
    }

    /// `avg` over the values of a column of type `ty`, where the database
    /// computes it as a decimal: PostgreSQL divides `numeric`s (at least 16
    /// significant digits), MySQL adds `div_precision_increment` (4) digits
    /// to the column's scale.
    pub(crate) fn avg_value(
        self,
        ty: FieldType,
        scale: Option<u64>,
        values: &[f64],
    ) -> Option<Value> {
        let in_scale = match ty {
            FieldType::Decimal => scale.unwrap_or(5),
            FieldType::Integer | FieldType::BigInteger => 0,
            _ => return None,
        };
        if self == Vendor::Sqlite || values.is_empty() {
            return None;
        }
        let sum: f64 = values.iter().sum();
        let count = values.len() as f64;
        let out_scale = match self {
            Vendor::Mysql => in_scale + 4,
            _ => pg_division_scale(sum, in_scale, count),
        };
        let exact = scaled_sum(values, in_scale)
            .and_then(|total| divide_scaled(total, in_scale, values.len() as i128, out_scale));
        Some(Value::String(exact.unwrap_or_else(|| fixed(sum / count, out_scale))))
    }
}

/// A number as JavaScript's `Number()` reads a JSON number or numeric text.
pub(crate) fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `n` with exactly `scale` decimals, as a `numeric`/`DECIMAL` prints.
fn fixed(n: f64, scale: u64) -> String {
    format!("{n:.*}", usize::try_from(scale).unwrap_or(0))
}

/// The sum of `values` as an integer count of `10^-scale` units, when it fits.
fn scaled_sum(values: &[f64], scale: u64) -> Option<i128> {
    let unit = 10f64.powi(i32::try_from(scale).ok()?);
    values.iter().try_fold(0i128, |acc, v| {
        let units = (v * unit).round();
        (units.abs() < 1e30).then(|| acc + units as i128)
    })
}

/// `total` (in `10^-in_scale` units) divided by `count`, rounded half away
/// from zero to `out_scale` decimals, as text; `None` if it does not fit.
fn divide_scaled(total: i128, in_scale: u64, count: i128, out_scale: u64) -> Option<String> {
    let grow = u32::try_from(out_scale.checked_sub(in_scale)?).ok()?;
    let numerator = total.checked_mul(10i128.checked_pow(grow)?)?;
    let (q, r) = (numerator / count, numerator % count);
    let q = if 2 * r.abs() >= count { q + numerator.signum() } else { q };
    let digits = q.unsigned_abs().to_string();
    let scale = usize::try_from(out_scale).ok()?;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    let sign = if q < 0 { "-" } else { "" };
    Some(if scale == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") })
}

/// The scale PostgreSQL gives `num / den` of two `numeric`s (its
/// `select_div_scale`): 16 significant digits at least, and no fewer
/// decimals than the dividend has. Digits are counted in groups of four.
fn pg_division_scale(num: f64, num_scale: u64, den: f64) -> u64 {
    fn weight_and_first(x: f64) -> (i64, i64) {
        let x = x.abs();
        if x == 0.0 || !x.is_finite() {
            return (0, 0);
        }
        let weight = (x.log10() / 4.0).floor() as i64;
        let first = (x / 10_000f64.powi(i32::try_from(weight).unwrap_or(0))).floor() as i64;
        (weight, first)
    }
    let (w1, f1) = weight_and_first(num);
    let (w2, f2) = weight_and_first(den);
    let mut qweight = w1 - w2;
    if f1 <= f2 {
        qweight -= 1;
    }
    let scale = (16 - qweight * 4).max(i64::try_from(num_scale).unwrap_or(0)).clamp(0, 1000);
    u64::try_from(scale).unwrap_or(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_hand_over_numbers_as_their_databases_type_them() {
        let dec = |v: Vendor, x: Value| v.column_value(FieldType::Decimal, Some(2), x);
        assert_eq!(dec(Vendor::Sqlite, Value::from(1.5)), Value::from(1.5));
        assert_eq!(dec(Vendor::Postgres, Value::from(1.5)), Value::from("1.50"));
        assert_eq!(dec(Vendor::Mysql, Value::from(29.5)), Value::from("29.50"));
        let big = |v: Vendor| v.column_value(FieldType::BigInteger, None, Value::from(67));
        assert_eq!(
            (big(Vendor::Postgres), big(Vendor::Mysql)),
            (Value::from("67"), Value::from(67))
        );
        assert_eq!(Vendor::Postgres.count_value(30), Value::from("30"));
        assert_eq!(Vendor::Mysql.count_value(30), Value::from(30));
        assert_eq!(Vendor::Postgres.date_part_value(Value::from(2024)), Value::from("2024"));
    }

    #[test]
    fn sums_and_averages_take_the_database_decimal_forms() {
        // Observed on 12.4: thirty posts with sort 1..30 and price 1.50..30.50.
        let sorts: Vec<f64> = (1..=30).map(f64::from).collect();
        let prices: Vec<f64> = (1..=30).map(|i| f64::from(i) + 0.5).collect();
        let pg = Vendor::Postgres;
        assert_eq!(pg.sum_value(FieldType::Integer, None, 465.0), Some(Value::from("465")));
        assert_eq!(pg.sum_value(FieldType::Decimal, Some(2), 480.0), Some(Value::from("480.00")));
        assert_eq!(pg.sum_value(FieldType::Float, None, 116.25), None);
        let avg = |v: Vendor, ty, scale, xs: &[f64]| v.avg_value(ty, scale, xs);
        assert_eq!(
            avg(pg, FieldType::Integer, None, &sorts),
            Some(Value::from("15.5000000000000000"))
        );
        assert_eq!(
            avg(pg, FieldType::Decimal, Some(2), &prices),
            Some(Value::from("16.0000000000000000"))
        );
        let my = Vendor::Mysql;
        assert_eq!(avg(my, FieldType::Integer, None, &sorts), Some(Value::from("15.5000")));
        assert_eq!(avg(my, FieldType::Decimal, Some(2), &prices), Some(Value::from("16.000000")));
        assert_eq!(avg(Vendor::Sqlite, FieldType::Integer, None, &sorts), None);
        // A third: PostgreSQL's 16 significant digits, exactly, not a float's tail.
        assert_eq!(
            avg(pg, FieldType::Integer, None, &[0.0, 0.0, 1.0]),
            Some(Value::from("0.33333333333333333333"))
        );
        assert_eq!(
            avg(pg, FieldType::Integer, None, &[20000.0, 30001.0]),
            Some(Value::from("25000.500000000000"))
        );
    }

    #[test]
    fn times_gain_seconds_outside_sqlite() {
        assert_eq!(Vendor::Sqlite.stored_time("10:20"), "10:20");
        assert_eq!(Vendor::Postgres.stored_time("10:20"), "10:20:00");
        assert_eq!(Vendor::Mysql.stored_time("10:20"), "10:20:00");
        assert_eq!(Vendor::Postgres.stored_time("10:20:30"), "10:20:30");
        assert_eq!(Vendor::Postgres.stored_time("1a:20"), "1a:20");
    }

    #[test]
    fn mysql_names_a_unique_column_from_its_index() {
        let err = Vendor::Mysql.unique_violation("directus_users", "token", &Value::from("t"));
        let text = format!("{err:?}");
        assert!(text.contains("in collection \\\"directus\\\""), "{text}");
        assert!(text.contains("users_token"), "{text}");
        let plain = format!(
            "{:?}",
            Vendor::Postgres.unique_violation("directus_users", "token", &Value::from("t"))
        );
        assert!(!plain.contains("users_token") && !plain.contains("primaryKey"), "{plain}");
    }

    #[test]
    fn fk_messages_name_the_database_statement() {
        let st = FkStatement {
            database: "directus",
            table: "articles",
            key: "id",
            quoted: vec!["'3'".into(), "4".into()],
        };
        let fk = FkRefusal {
            child: "reviews".into(),
            field: "article".into(),
            parent: "articles".into(),
            parent_key: "id".into(),
            on_delete: OnDelete::NoAction,
        };
        assert!(
            Vendor::Sqlite
                .fk_delete_message(&st, &fk)
                .ends_with("in ('3', 4) - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed")
        );
        assert!(
            Vendor::Postgres
                .fk_delete_message(&st, &fk)
                .starts_with("delete from \"articles\" where \"id\" in ($1, $2) - ")
        );
        assert!(
            Vendor::Mysql
                .fk_delete_message(&st, &fk)
                .ends_with("REFERENCES `articles` (`id`) ON DELETE NO ACTION)")
        );
    }
}

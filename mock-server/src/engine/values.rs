//! Values as the engine stores, compares and renders them.
//!
//! The mock follows SQLite, the database of the reference Directus 12.4:
//! NULLs sort first ascending, `LIKE` (`_contains`, `_starts_with`, ...) is
//! case-insensitive for ASCII and treats `%` and `_` as wildcards, `=` is
//! case-sensitive. Rows store what the database would: csv as one string,
//! hashes hashed. [`render`] turns a stored value into what clients read.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde_json::Value;

use crate::schema::{Field, FieldType};
use crate::vendor::{CollationKey, Vendor};

/// The mask Directus shows for concealed and hashed values.
pub(crate) const CONCEALED: &str = "**********";

/// What a client reads for a stored value of `field`.
pub(crate) fn render(field: &Field, value: &Value) -> Value {
    Renderer::of(field).render(value)
}

/// What 12.4 makes of an aggregate's result for `field` (`--profile directus-12`): the
/// number read as a value of the field, concealed only by a `conceal` special (a hash
/// field without it shows its count).
pub(crate) fn render_aggregate(field: &Field, value: &Value) -> Value {
    Renderer { concealed: field.has_special("conceal"), ..Renderer::of(field) }.render(value)
}

/// How values of one field are rendered, with the field's specials looked up
/// once (rendering a list otherwise looked them up for every value).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Renderer {
    ty: FieldType,
    concealed: bool,
    cast_boolean: bool,
}

impl Renderer {
    pub(crate) fn of(field: &Field) -> Renderer {
        Renderer {
            ty: field.ty,
            concealed: field.is_concealed(),
            cast_boolean: field.has_special("cast-boolean"),
        }
    }

    /// What a client reads for a stored value.
    pub(crate) fn render(&self, value: &Value) -> Value {
        let field = self;
        if value.is_null() {
            return Value::Null;
        }
        if field.concealed {
            let set = match value {
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            return if set { Value::String(CONCEALED.into()) } else { Value::Null };
        }
        match field.ty {
            FieldType::Csv => match value {
                Value::String(s) if s.is_empty() => Value::Array(Vec::new()),
                Value::String(s) => {
                    Value::Array(s.split(',').map(|p| Value::String(p.to_owned())).collect())
                }
                other => other.clone(),
            },
            // `cast-boolean` turns SQLite's 1/0 (and their text) into booleans, "" into null.
            _ if field.cast_boolean => match value {
                Value::Number(n) if n.as_f64() == Some(1.0) => Value::Bool(true),
                Value::Number(n) if n.as_f64() == Some(0.0) => Value::Bool(false),
                Value::String(s) if s == "1" => Value::Bool(true),
                Value::String(s) if s == "0" => Value::Bool(false),
                Value::String(s) if s.is_empty() => Value::Null,
                other => other.clone(),
            },
            FieldType::Boolean => match value {
                Value::Bool(b) => Value::from(u8::from(*b)),
                other => other.clone(),
            },
            // A number in a date column is read as epoch milliseconds, like `new Date(n)`
            // (0 is falsy and stays as it is).
            FieldType::Date | FieldType::DateTime | FieldType::Timestamp => match value {
                Value::Number(n) if n.as_f64() != Some(0.0) => n
                    .as_f64()
                    .filter(|f| f.is_finite() && f.abs() <= 8.64e15)
                    .and_then(|f| chrono::DateTime::from_timestamp_millis(f as i64))
                    .map(|d| {
                        Value::String(match field.ty {
                            FieldType::Date => d.format("%Y-%m-%d").to_string(),
                            FieldType::DateTime => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
                            _ => d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                        })
                    })
                    .unwrap_or(Value::Null),
                other => other.clone(),
            },
            _ => value.clone(),
        }
    }
}

/// Numbers as JavaScript holds and prints them: `3.0` is `3`, and integers
/// beyond 2^53 lose their low digits. Applied to everything written.
pub(crate) fn js_numbers(value: Value) -> Value {
    const SAFE: u64 = 9_007_199_254_740_991;
    match value {
        // JavaScript keeps the double and prints its shortest digits padded with
        // zeros (12345678901234567890 reads back as 12345678901234567000);
        // Rust's `Display` for f64 writes the same digits.
        Value::Number(n) if n.as_i64().is_some_and(|i| i.unsigned_abs() > SAFE) => {
            let f = n.as_f64().unwrap_or(0.0);
            f.to_string().parse::<i64>().map_or(Value::Number(n), Value::from)
        }
        Value::Number(n) if n.as_u64().is_some_and(|u| u > SAFE) => {
            let f = n.as_f64().unwrap_or(0.0);
            f.to_string().parse::<u64>().map_or(Value::Number(n), Value::from)
        }
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(js_numbers).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, js_numbers(v))).collect())
        }
        other => other,
    }
}

/// SQLite's ordering of values of different storage classes: NULL < numbers < text < other.
fn class(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) | Value::Number(_) => 1,
        Value::String(_) => 2,
        Value::Array(_) | Value::Object(_) => 3,
    }
}

pub(crate) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Compares two stored values the way SQLite's `ORDER BY` would.
pub(crate) fn sql_cmp(a: &Value, b: &Value) -> Ordering {
    let (ca, cb) = (class(a), class(b));
    if ca != cb {
        return ca.cmp(&cb);
    }
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        _ if ca == 1 => {
            let (x, y) = (as_f64(a).unwrap_or(0.0), as_f64(b).unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// [`sql_cmp`] in an ORDER BY of the database `vendor`: where NULL sorts, and
/// text under MariaDB's collation (`Alice` and `alice` tie, `Ärger` sorts
/// before `bob`).
pub(crate) fn order_cmp(vendor: Vendor, a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, b) if !b.is_null() && vendor.nulls_sort_high() => Ordering::Greater,
        (a, Value::Null) if !a.is_null() && vendor.nulls_sort_high() => Ordering::Less,
        (Value::String(x), Value::String(y)) if vendor.collates(FieldType::String) => {
            CollationKey::of(x).cmp(&CollationKey::of(y))
        }
        _ => sql_cmp(a, b),
    }
}

/// Parses the date and time formats Directus stores and accepts.
pub(crate) fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    None
}

/// Compares a stored value with a filter operand, using the field type.
/// `None` when the comparison is NULL in SQL (either side null).
pub(crate) fn compare(ty: FieldType, stored: &Value, operand: &Value) -> Option<Ordering> {
    if stored.is_null() || operand.is_null() {
        return None;
    }
    // No column type (values inside JSON): SQLite's storage classes decide.
    if ty == FieldType::Unknown {
        return Some(sql_cmp(stored, operand));
    }
    if ty.is_numeric()
        && let (Some(a), Some(b)) = (as_f64(stored), number_operand(operand))
    {
        return a.partial_cmp(&b);
    }
    // SQLite stores dates as epoch milliseconds and Directus turns a filter value
    // into milliseconds too, unless it looks like a time (`10:20`): that one stays
    // text, and so does an unparseable value ("NaN"); text sorts after numbers.
    if matches!(ty, FieldType::Date | FieldType::DateTime | FieldType::Timestamp)
        && let Some(a) = stored.as_str().and_then(parse_datetime)
    {
        return match operand_datetime(operand) {
            Some(b) => Some(a.cmp(&b)),
            None => Some(Ordering::Less),
        };
    }
    // Times are stored as text: a time operand compares as text, a date operand is a
    // number (text sorts after it), an unparseable one is the text "NaN".
    if ty == FieldType::Time
        && let Value::String(a) = stored
    {
        return Some(match operand {
            Value::String(b) if b.len() <= 8 && b.contains(':') => a.as_bytes().cmp(b.as_bytes()),
            other if operand_datetime(other).is_some() => Ordering::Greater,
            _ => a.as_bytes().cmp(b"NaN"),
        });
    }
    if ty == FieldType::Boolean {
        let a = as_bool(stored);
        let b = as_bool(operand);
        if let (Some(a), Some(b)) = (a, b) {
            return Some(a.cmp(&b));
        }
    }
    // Text against text; numbers stored in text columns compare as SQLite would.
    match (stored, operand) {
        (Value::String(a), Value::String(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (Value::String(a), other) => Some(a.as_str().cmp(&scalar_text(other))),
        (a, Value::String(b)) => match (as_f64(a), b.parse::<f64>().ok()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => Some(sql_cmp(a, operand)),
        },
        _ => Some(sql_cmp(stored, operand)),
    }
}

fn operand_datetime(v: &Value) -> Option<NaiveDateTime> {
    match v {
        Value::String(s) if s.len() <= 8 && s.contains(':') => None,
        Value::String(s) => parse_datetime(s).or_else(|| {
            // JavaScript also reads a bare year or year-month as a date.
            let t = s.trim();
            let ym = if t.len() == 4 { format!("{t}-01-01") } else { format!("{t}-01") };
            NaiveDate::parse_from_str(&ym, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
        }),
        Value::Number(n) => {
            n.as_i64().and_then(chrono::DateTime::from_timestamp_millis).map(|d| d.naive_utc())
        }
        _ => None,
    }
}

pub(crate) fn number_operand(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The text SQLite would compare for a scalar.
pub(crate) fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// SQL `LIKE` with `%` and `_` wildcards, case-insensitive for ASCII as in SQLite.
pub(crate) fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    like_match(&t, &p)
}

fn like_match(t: &[char], p: &[char]) -> bool {
    // Iterative wildcard matching with backtracking on the last `%`.
    let (mut ti, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '%' {
        pi += 1;
    }
    pi == p.len()
}

/// `count(<json field>)`: SQLite's `json_array_length`, NULL for NULL and 0
/// for a non-array; MySQL's `JSON_LENGTH` counts an object's members and a
/// scalar as 1.
pub(crate) fn json_array_length(vendor: Vendor, stored: Option<&Value>) -> Value {
    match stored {
        None | Some(Value::Null) => Value::Null,
        Some(Value::Array(items)) => Value::from(items.len()),
        Some(Value::Object(members)) if vendor.json_length_counts_members() => {
            Value::from(members.len())
        }
        Some(_) if vendor.json_length_counts_members() => Value::from(1),
        Some(_) => Value::from(0),
    }
}

/// The number SQLite's `sum()` and `avg()` read from a value: text counts by its
/// leading numeric prefix (`"10:20:30"` is 10), anything else non-numeric is 0.
pub(crate) fn sqlite_number(v: &Value) -> f64 {
    match v {
        Value::String(s) => {
            let t = s.trim_start();
            let mut end = 0;
            let mut seen_dot = false;
            let mut seen_exp = false;
            for (i, c) in t.char_indices() {
                let ok = c.is_ascii_digit()
                    || ((c == '+' || c == '-') && (i == 0 || t[..i].ends_with(['e', 'E'])))
                    || (c == '.' && !seen_dot && !seen_exp)
                    || ((c == 'e' || c == 'E') && !seen_exp && i > 0);
                if !ok {
                    break;
                }
                seen_dot |= c == '.';
                seen_exp |= c == 'e' || c == 'E';
                end = i + c.len_utf8();
            }
            let mut prefix = &t[..end];
            while !prefix.is_empty() && prefix.parse::<f64>().is_err() {
                prefix = &prefix[..prefix.len() - 1];
            }
            prefix.parse().unwrap_or(0.0)
        }
        other => as_f64(other).unwrap_or(0.0),
    }
}

/// SQLite's `sum()`: Kahan-Babuska-Neumaier compensated summation, so
/// `9.99 + 15.5 + 1.25 + 100 + 0` is exactly `126.74`.
pub(crate) fn sqlite_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }
    sum + compensation
}

/// Date and time parts for `year()`, `month()`, ... on a stored value.
pub(crate) fn date_part(
    vendor: Vendor,
    func: crate::query::fields::Func,
    ty: FieldType,
    stored: &Value,
) -> Value {
    use crate::query::fields::Func;
    let Some(s) = stored.as_str() else { return Value::Null };
    if ty == FieldType::Time {
        // SQLite's `strftime(.., col / 1000, 'unixepoch')` reads a stored time such as
        // "10:20:30" as the number 10: every part of 1970-01-01T00:00:00.010 is 0.
        return match func {
            Func::Hour | Func::Minute | Func::Second => Value::from(0),
            _ => Value::Null,
        };
    }
    let Some(dt) = parse_datetime(s) else { return Value::Null };
    match func {
        Func::Year => Value::from(dt.year()),
        Func::Month => Value::from(dt.month()),
        // Days before the year's first week-starting day are week 0.
        Func::Week => {
            let into_week = if vendor.weeks_start_on_sunday() {
                dt.weekday().num_days_from_sunday()
            } else {
                dt.weekday().num_days_from_monday()
            };
            Value::from((dt.ordinal0() + 7 - into_week) / 7)
        }
        Func::Day => Value::from(dt.day()),
        Func::Weekday => Value::from(dt.weekday().num_days_from_sunday() + vendor.sunday()),
        Func::Hour => Value::from(dt.hour()),
        Func::Minute => Value::from(dt.minute()),
        Func::Second => Value::from(dt.second()),
        Func::Count | Func::Json => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards() {
        assert!(like("Hello World", "%world%"));
        assert!(like("abc", "a_c"));
        assert!(like("", "%"));
        assert!(!like("abc", "%d%"));
        assert!(like("100% done", "%0\\%%") || like("100% done", "%0%%"));
    }

    #[test]
    fn nulls_sort_first() {
        let mut v = vec![Value::from(2), Value::Null, Value::from("a"), Value::from(1)];
        v.sort_by(sql_cmp);
        assert_eq!(v, vec![Value::Null, Value::from(1), Value::from(2), Value::from("a")]);
    }

    #[rstest::rstest]
    #[case("2019-06-01", 21)]
    #[case("2024-01-15", 3)]
    #[case("2025-12-24", 51)]
    #[case("2024-07-04", 27)]
    #[case("2023-01-01", 0)]
    fn sqlite_weeks(#[case] date: &str, #[case] week: u32) {
        let week_of = |vendor| {
            date_part(vendor, crate::query::fields::Func::Week, FieldType::Date, &Value::from(date))
        };
        assert_eq!(week_of(Vendor::Sqlite), Value::from(week), "{date}");
        // MySQL's WEEK(): weeks from the first Sunday (observed on 12.4 with MariaDB).
        let mysql = match date {
            "2024-01-15" => 2,
            "2024-07-04" => 26,
            "2023-01-01" => 1,
            _ => week,
        };
        assert_eq!(week_of(Vendor::Mysql), Value::from(mysql), "{date}");
    }

    #[rstest::rstest]
    #[case("10:20:30", 10.0)]
    #[case("abc", 0.0)]
    #[case("1.5e2x", 150.0)]
    #[case("-3.", -3.0)]
    #[case(" 7", 7.0)]
    fn sqlite_numbers(#[case] text: &str, #[case] n: f64) {
        assert_eq!(sqlite_number(&Value::from(text)), n, "{text}");
    }

    #[test]
    fn compensated_sum() {
        assert_eq!(sqlite_sum([9.99, 15.5, 1.25, 100.0, 0.0]), 126.74);
    }

    #[test]
    fn temporal_comparison() {
        let a = Value::from("2024-01-15T10:20:30");
        let b = Value::from("2024-01-15T10:20:30.000Z");
        assert_eq!(compare(FieldType::DateTime, &a, &b), Some(Ordering::Equal));
        let d = Value::from("2024-01-15");
        assert_eq!(compare(FieldType::Date, &d, &Value::from("2024-02-01")), Some(Ordering::Less));
    }
}

#[cfg(test)]
mod js_number_tests {
    use rstest::rstest;
    use serde_json::{Value, json};

    use super::js_numbers;

    // What JSON.parse then JSON.stringify make of these numbers.
    #[rstest]
    #[case(json!(3.0), json!(3))]
    #[case(json!(9_007_199_254_740_993_u64), json!(9_007_199_254_740_992_u64))]
    #[case(json!(-9_007_199_254_740_993_i64), json!(-9_007_199_254_740_992_i64))]
    #[case(json!(12_345_678_901_234_567_890_u64), json!(12_345_678_901_234_567_000_u64))]
    #[case(json!({"a": [1.5, 2.0]}), json!({"a": [1.5, 2]}))]
    fn numbers_read_back_as_javascript_prints_them(#[case] written: Value, #[case] read: Value) {
        assert_eq!(js_numbers(written), read);
    }
}

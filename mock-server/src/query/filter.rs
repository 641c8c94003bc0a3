//! Filter rules: sanitizing (dynamic variables, literal coercion, hoisting of
//! logical operators), schema-free validation, and the typed AST the engine
//! resolves against the schema.
//!
//! After [`sanitize_filter`], every JSON object of a filter has at most one
//! key: several keys at one level become an `_and`, and an `_and`/`_or` found
//! directly under a field is hoisted above it. [`Filter::parse`] turns that
//! normalized JSON into a [`Filter`] tree with a closed set of operators.

use std::fmt;

use chrono::{DateTime, Duration, Months, Utc};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// What dynamic variables resolve to for the caller.
#[derive(Debug, Clone, Default)]
pub struct DynamicContext {
    pub now: Option<DateTime<Utc>>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub roles: Vec<String>,
    pub policies: Vec<String>,
    /// The caller's user, role, roles and policies as the caller may read them
    /// (`$CURRENT_USER.<path>`, ...): `None` means the caller may not read them,
    /// and a path into them is then an invalid filter, as in Directus.
    pub user_data: Option<Value>,
    pub role_data: Option<Value>,
    pub roles_data: Option<Vec<Value>>,
    pub policies_data: Option<Vec<Value>>,
    /// `QUERY_LIMIT_MAX` when this query goes through Directus' query sanitizer
    /// (which a request without any query parameter skips).
    pub limit_max: Option<u64>,
}

impl DynamicContext {
    fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

/// The variables of a filter that need the caller's records (`$CURRENT_USER.email`):
/// Directus fetches them only then, and only then knows `$CURRENT_POLICIES`.
fn has_nested_variables(value: &Value) -> bool {
    match value {
        Value::String(s) => {
            ["$CURRENT_USER.", "$CURRENT_ROLE.", "$CURRENT_ROLES.", "$CURRENT_POLICIES."]
                .iter()
                .any(|p| s.starts_with(p))
        }
        Value::Array(items) => items.iter().any(has_nested_variables),
        Value::Object(map) => map.values().any(has_nested_variables),
        _ => false,
    }
}

/// A closed set of filter operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    Nin,
    Null,
    Nnull,
    Contains,
    Ncontains,
    Icontains,
    Nicontains,
    StartsWith,
    NstartsWith,
    IstartsWith,
    NistartsWith,
    EndsWith,
    NendsWith,
    IendsWith,
    NiendsWith,
    Between,
    Nbetween,
    Empty,
    Nempty,
    Intersects,
    Nintersects,
    IntersectsBbox,
    NintersectsBbox,
    Regex,
    Json,
    Ieq,
    Nieq,
}

impl Op {
    pub const ALL: &'static [Op] = &[
        Op::Eq,
        Op::Neq,
        Op::Lt,
        Op::Lte,
        Op::Gt,
        Op::Gte,
        Op::In,
        Op::Nin,
        Op::Null,
        Op::Nnull,
        Op::Contains,
        Op::Ncontains,
        Op::Icontains,
        Op::Nicontains,
        Op::StartsWith,
        Op::NstartsWith,
        Op::IstartsWith,
        Op::NistartsWith,
        Op::EndsWith,
        Op::NendsWith,
        Op::IendsWith,
        Op::NiendsWith,
        Op::Between,
        Op::Nbetween,
        Op::Empty,
        Op::Nempty,
        Op::Intersects,
        Op::Nintersects,
        Op::IntersectsBbox,
        Op::NintersectsBbox,
        Op::Regex,
        Op::Json,
        Op::Ieq,
        Op::Nieq,
    ];

    /// The name without the leading underscore (`eq`, `starts_with`).
    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Neq => "neq",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::In => "in",
            Op::Nin => "nin",
            Op::Null => "null",
            Op::Nnull => "nnull",
            Op::Contains => "contains",
            Op::Ncontains => "ncontains",
            Op::Icontains => "icontains",
            Op::Nicontains => "nicontains",
            Op::StartsWith => "starts_with",
            Op::NstartsWith => "nstarts_with",
            Op::IstartsWith => "istarts_with",
            Op::NistartsWith => "nistarts_with",
            Op::EndsWith => "ends_with",
            Op::NendsWith => "nends_with",
            Op::IendsWith => "iends_with",
            Op::NiendsWith => "niends_with",
            Op::Between => "between",
            Op::Nbetween => "nbetween",
            Op::Empty => "empty",
            Op::Nempty => "nempty",
            Op::Intersects => "intersects",
            Op::Nintersects => "nintersects",
            Op::IntersectsBbox => "intersects_bbox",
            Op::NintersectsBbox => "nintersects_bbox",
            Op::Regex => "regex",
            Op::Json => "json",
            Op::Ieq => "ieq",
            Op::Nieq => "nieq",
        }
    }

    /// Parses `_eq`-style keys.
    pub fn parse(key: &str) -> Option<Op> {
        let name = key.strip_prefix('_')?;
        Op::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Operators whose value is a list.
    pub fn takes_list(self) -> bool {
        matches!(self, Op::In | Op::Nin | Op::Between | Op::Nbetween)
    }
}

/// A filter, normalized: one key per level.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `{}`: no restriction.
    Empty,
    And(Vec<Filter>),
    Or(Vec<Filter>),
    /// An operator applied in the current field context. `op` is `None` for an
    /// unknown `_name`, which the engine rejects with the field's type in the message.
    Cmp {
        op: Result<Op, String>,
        value: Value,
    },
    /// Descends into a field (or a function key such as `year(published_on)`,
    /// an M2A scope `item:headings`, or `$FOLLOW(collection, field)`).
    Field {
        key: String,
        inner: Box<Filter>,
    },
    /// `_some` / `_none` on an O2M alias.
    Some(Box<Filter>),
    None(Box<Filter>),
}

impl Filter {
    /// Builds the AST from a sanitized (normalized) filter.
    pub fn parse(value: &Value) -> Filter {
        let Value::Object(map) = value else {
            return Filter::Cmp { op: Ok(Op::Eq), value: value.clone() };
        };
        let mut parts: Vec<Filter> = map.iter().map(|(k, v)| Self::parse_entry(k, v)).collect();
        match parts.len() {
            0 => Filter::Empty,
            1 => parts.pop().unwrap_or(Filter::Empty),
            _ => Filter::And(parts),
        }
    }

    fn parse_entry(key: &str, value: &Value) -> Filter {
        match key {
            "_and" | "_or" => {
                let items: Vec<Filter> = match value {
                    Value::Array(items) => items.iter().map(Filter::parse).collect(),
                    other => vec![Filter::parse(other)],
                };
                if key == "_and" { Filter::And(items) } else { Filter::Or(items) }
            }
            "_some" => Filter::Some(Box::new(Filter::parse(value))),
            "_none" => Filter::None(Box::new(Filter::parse(value))),
            k if k.starts_with('_') => {
                Filter::Cmp { op: Op::parse(k).ok_or_else(|| k.to_owned()), value: value.clone() }
            }
            k => Filter::Field { key: k.to_owned(), inner: Box::new(Filter::parse(value)) },
        }
    }
}

impl fmt::Display for Filter {
    /// A compact one-line form: `status._eq:"draft"`, `_and[a._gt:1, b._null:true]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Empty => f.write_str("{}"),
            Filter::And(items) | Filter::Or(items) => {
                f.write_str(if matches!(self, Filter::And(_)) { "_and[" } else { "_or[" })?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Filter::Cmp { op, value } => match op {
                Ok(op) => write!(f, "_{}:{value}", op.name()),
                Err(raw) => write!(f, "{raw}?:{value}"),
            },
            Filter::Field { key, inner } => write!(f, "{key}.{inner}"),
            Filter::Some(inner) => write!(f, "_some({inner})"),
            Filter::None(inner) => write!(f, "_none({inner})"),
        }
    }
}

// ----- sanitizing -----

/// Sanitizes a parsed filter: dynamic variables, list values, literal coercion,
/// hoisting of logical operators. Any structural problem is `Invalid filter object`.
pub fn sanitize_filter(raw: &Value, ctx: &DynamicContext) -> Result<Value> {
    let invalid = || Error::invalid_query("Invalid filter object");
    let vars = Vars { ctx, fetched: has_nested_variables(raw) };
    let parsed = parse_recursive(raw, &vars).map_err(|_| invalid())?;
    let Some(parsed) = parsed else { return Ok(Value::Null) };
    let coerced = coerce_literals(parsed);
    Ok(hoist_logical(coerced))
}

/// A structural problem in a filter (reported as `Invalid filter object`).
#[derive(Debug)]
struct Malformed;

/// Dynamic variables of one filter: the caller's context, and whether Directus
/// fetched the caller's records for it (it does when a nested variable occurs).
struct Vars<'a> {
    ctx: &'a DynamicContext,
    fetched: bool,
}

fn parse_recursive(
    filter: &Value,
    ctx: &Vars<'_>,
) -> std::result::Result<Option<Value>, Malformed> {
    match filter {
        Value::Null => Ok(None),
        Value::Object(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                entries.push(parse_entry(k, v, ctx)?);
            }
            Ok(Some(match entries.len() {
                0 => Value::Object(Map::new()),
                1 => entries.pop().unwrap_or(Value::Null),
                _ => single("_and", Value::Array(entries)),
            }))
        }
        Value::Array(items) => {
            // Arrays are objects keyed by index in JavaScript.
            let mut entries = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                entries.push(parse_entry(&i.to_string(), v, ctx)?);
            }
            Ok(Some(match entries.len() {
                0 => Value::Object(Map::new()),
                1 => entries.pop().unwrap_or(Value::Null),
                _ => single("_and", Value::Array(entries)),
            }))
        }
        scalar => Ok(Some(single("_eq", ctx.resolve(scalar)?))),
    }
}

fn single(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.to_owned(), value);
    Value::Object(m)
}

fn parse_entry(key: &str, value: &Value, ctx: &Vars<'_>) -> std::result::Result<Value, Malformed> {
    match key {
        "_or" | "_and" => {
            let Value::Array(items) = value else { return Err(Malformed) };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(parse_recursive(item, ctx)?.unwrap_or(Value::Null));
            }
            Ok(single(key, Value::Array(out)))
        }
        "_in" | "_nin" | "_between" | "_nbetween" => {
            let listed: Vec<Value> = match value {
                Value::Object(m) => m.values().cloned().collect(),
                Value::String(s) => s.split(',').map(|p| Value::String(p.to_owned())).collect(),
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            let mut out = Vec::with_capacity(listed.len());
            for item in &listed {
                match ctx.resolve(item)? {
                    Value::Array(many) => out.extend(many),
                    one => out.push(one),
                }
            }
            Ok(single(key, Value::Array(out)))
        }
        "_intersects" | "_nintersects" | "_intersects_bbox" | "_nintersects_bbox" => {
            let parsed = match value {
                Value::String(s) => serde_json::from_str(s).map_err(|_| Malformed)?,
                other => other.clone(),
            };
            Ok(single(key, ctx.resolve(&parsed)?))
        }
        "_json" => Ok(single(key, parse_json_value(value, ctx, 0)?)),
        "_some" | "_none" => Ok(single(key, parse_recursive(value, ctx)?.unwrap_or(Value::Null))),
        k if k.starts_with('_') => Ok(single(k, ctx.resolve(value)?)),
        k => Ok(single(k, parse_recursive(value, ctx)?.unwrap_or(Value::Null))),
    }
}

/// The value of a `_json` operator: paths to inner filters. Like Directus, a
/// string where an object belongs (or a logical operator without an array) is
/// an invalid filter; other scalars count as empty objects.
fn parse_json_value(
    value: &Value,
    ctx: &Vars<'_>,
    depth: usize,
) -> std::result::Result<Value, Malformed> {
    if depth > 64 {
        return Err(Malformed);
    }
    let map = match value {
        Value::Object(map) => map,
        Value::Array(items) => {
            let keyed: Map<String, Value> =
                items.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect();
            return parse_json_value(&Value::Object(keyed), ctx, depth + 1);
        }
        Value::String(s) if !s.is_empty() => return Err(Malformed),
        Value::Null => return Err(Malformed),
        _ => return Ok(Value::Object(Map::new())),
    };
    let mut out = Map::new();
    for (key, inner) in map {
        let parsed = match key.as_str() {
            "_or" | "_and" => {
                let Value::Array(items) = inner else { return Err(Malformed) };
                Value::Array(
                    items
                        .iter()
                        .map(|f| parse_json_value(f, ctx, depth + 1))
                        .collect::<std::result::Result<_, _>>()?,
                )
            }
            "_in" | "_nin" | "_between" | "_nbetween" => match inner {
                Value::Array(items) => Value::Array(flatten_resolved(items.iter(), ctx)?),
                Value::Object(m) => Value::Array(flatten_resolved(m.values(), ctx)?),
                other => ctx.resolve(other)?,
            },
            k if k.starts_with('_') => ctx.resolve(inner)?,
            _ => parse_json_value(inner, ctx, depth + 1)?,
        };
        out.insert(key.clone(), parsed);
    }
    Ok(Value::Object(out))
}

fn flatten_resolved<'v>(
    items: impl Iterator<Item = &'v Value>,
    ctx: &Vars<'_>,
) -> std::result::Result<Vec<Value>, Malformed> {
    let mut out = Vec::new();
    for item in items {
        match ctx.resolve(item)? {
            Value::Array(many) => out.extend(many),
            one => out.push(one),
        }
    }
    Ok(out)
}

impl Vars<'_> {
    /// Resolves `$NOW`, `$CURRENT_USER`, ... in a scalar value.
    fn resolve(&self, value: &Value) -> std::result::Result<Value, Malformed> {
        dynamic_variable(value, self.ctx, self.fetched)
    }
}

/// Resolves `$NOW`, `$CURRENT_USER`, ... in a scalar value (as in a filter
/// without nested variables).
pub fn dynamic(value: &Value, ctx: &DynamicContext) -> Value {
    dynamic_variable(value, ctx, false).unwrap_or(Value::Null)
}

/// Follows `a.b` in the caller's record; a path that is not there is an error.
fn lookup(data: &Value, path: &str) -> std::result::Result<Value, Malformed> {
    let mut current = data;
    for part in path.split('.') {
        current = match current {
            Value::Null => return Ok(Value::Null),
            Value::Object(m) => m.get(part).ok_or(Malformed)?,
            _ => return Err(Malformed),
        };
    }
    Ok(current.clone())
}

fn dynamic_variable(
    value: &Value,
    ctx: &DynamicContext,
    fetched: bool,
) -> std::result::Result<Value, Malformed> {
    let Value::String(s) = value else { return Ok(value.clone()) };
    if let Some(rest) = s.strip_prefix("$NOW") {
        let now = ctx.now();
        let adjusted = match (rest.find('('), rest.rfind(')')) {
            (Some(open), Some(close)) if close > open => {
                adjust_date(now, &rest[open + 1..close]).unwrap_or(now)
            }
            _ => now,
        };
        return Ok(Value::String(adjusted.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()));
    }
    // One record (user, role): its own value for the bare variable, a path into it otherwise.
    let one = |id: &Option<String>, data: &Option<Value>, rest: &str| {
        if rest.is_empty() {
            return Ok(id.clone().map(Value::String).unwrap_or(Value::Null));
        }
        let Some(path) = rest.strip_prefix('.') else { return Ok(Value::Null) };
        if id.is_none() {
            return Ok(Value::Null);
        }
        lookup(data.as_ref().ok_or(Malformed)?, path)
    };
    // Several records (roles, policies): the list of the path's values.
    let many = |present: bool, data: &Option<Vec<Value>>, path: &str| {
        if !present {
            return Ok(Value::Null);
        }
        let rows = data.as_ref().ok_or(Malformed)?;
        Ok(Value::Array(
            rows.iter().map(|r| lookup(r, path)).collect::<std::result::Result<_, _>>()?,
        ))
    };
    if let Some(rest) = s.strip_prefix("$CURRENT_USER") {
        return one(&ctx.user, &ctx.user_data, rest);
    }
    if let Some(rest) = s.strip_prefix("$CURRENT_ROLES") {
        return match rest.strip_prefix('.') {
            None if rest.is_empty() => {
                Ok(Value::Array(ctx.roles.iter().cloned().map(Value::String).collect()))
            }
            None => Ok(Value::Null),
            Some(path) => many(!ctx.roles.is_empty(), &ctx.roles_data, path),
        };
    }
    if let Some(rest) = s.strip_prefix("$CURRENT_ROLE") {
        return one(&ctx.role, &ctx.role_data, rest);
    }
    if let Some(rest) = s.strip_prefix("$CURRENT_POLICIES") {
        return match rest.strip_prefix('.') {
            // Directus knows the policies only when it fetched the caller's records.
            None if rest.is_empty() && fetched && !ctx.policies.is_empty() => {
                Ok(Value::Array(ctx.policies.iter().cloned().map(Value::String).collect()))
            }
            None if rest.is_empty() => Ok(Value::Null),
            None => Ok(Value::Null),
            Some(path) => many(!ctx.policies.is_empty(), &ctx.policies_data, path),
        };
    }
    Ok(value.clone())
}

/// `$NOW(<adjustment>)`: `-2 years`, `+1 month`, `7` (days), the units of the `ms` package.
pub fn adjust_date(date: DateTime<Utc>, adjustment: &str) -> Option<DateTime<Utc>> {
    let adjustment = adjustment.trim();
    let (subtract, body) = match adjustment.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, adjustment.strip_prefix('+').unwrap_or(adjustment)),
    };
    let split =
        body.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(body.len());
    let (num, unit) = body.split_at(split);
    let amount: f64 = num.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let signed = if subtract { -amount } else { amount };
    let millis = |factor: f64| Duration::milliseconds((signed * factor).round() as i64);
    Some(match unit.as_str() {
        "years" | "year" | "yrs" | "yr" | "y" => add_months(date, signed * 12.0)?,
        "months" | "month" | "mth" | "mo" => add_months(date, signed)?,
        "weeks" | "week" | "w" => date + millis(7.0 * 86_400_000.0),
        "" | "days" | "day" | "d" => date + millis(86_400_000.0),
        "hours" | "hour" | "hrs" | "hr" | "h" => date + millis(3_600_000.0),
        "minutes" | "minute" | "mins" | "min" | "m" => date + millis(60_000.0),
        "seconds" | "second" | "secs" | "sec" | "s" => date + millis(1000.0),
        "milliseconds" | "millisecond" | "msecs" | "msec" | "ms" => date + millis(1.0),
        _ => return None,
    })
}

fn add_months(date: DateTime<Utc>, months: f64) -> Option<DateTime<Utc>> {
    let whole = months.trunc() as i64;
    if whole >= 0 {
        date.checked_add_months(Months::new(u32::try_from(whole).ok()?))
    } else {
        date.checked_sub_months(Months::new(u32::try_from(-whole).ok()?))
    }
}

/// `"true"`, `"false"`, `"null"` and `"NULL"` become JSON literals, anywhere in the filter.
fn coerce_literals(value: Value) -> Value {
    match value {
        Value::String(s) => match s.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "NULL" => Value::Null,
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(coerce_literals).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, coerce_literals(v))).collect())
        }
        other => other,
    }
}

/// Moves `_and`/`_or` found under a field above it: `{a:{_or:[x,y]}}` → `{_or:[{a:x},{a:y}]}`.
fn hoist_logical(filter: Value) -> Value {
    let Value::Object(map) = &filter else { return filter };
    let Some((key, inner)) = map.iter().next() else { return filter };
    if key == "_and" || key == "_or" {
        let items = match inner {
            Value::Array(items) => items.iter().cloned().map(hoist_logical).collect(),
            other => vec![other.clone()],
        };
        return single(key, Value::Array(items));
    }
    if key.starts_with('_') {
        return filter;
    }
    let child = hoist_logical(inner.clone());
    if let Value::Object(child_map) = &child
        && let Some((child_key, child_inner)) = child_map.iter().next()
        && (child_key == "_and" || child_key == "_or")
    {
        let wrapped: Vec<Value> = child_inner
            .as_array()
            .map(|items| items.iter().map(|f| single(key, f.clone())).collect())
            .unwrap_or_default();
        return hoist_logical(single(child_key, Value::Array(wrapped)));
    }
    single(key, child)
}

// ----- schema-free validation -----

/// A problem in a filter value, with the path to the key that has it
/// (`filter._and.1.title._eqq`). The wire message is Directus' (the reason
/// only); the path goes to the log and to tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl From<FilterError> for Error {
    fn from(e: FilterError) -> Error {
        tracing::debug!(path = %e.path, reason = %e.reason, "invalid filter");
        Error::invalid_query(e.reason)
    }
}

type Checked = std::result::Result<(), FilterError>;

fn fail(path: &str, reason: impl Into<String>) -> Checked {
    Err(FilterError { path: path.to_owned(), reason: reason.into() })
}

/// Checks operator values the way Directus' query validator does.
pub fn validate_filter(filter: &Value) -> Result<()> {
    Ok(check_filter(filter, "filter")?)
}

/// [`validate_filter`] with the path of the first problem.
pub fn check_filter(filter: &Value, path: &str) -> Checked {
    let Value::Object(map) = filter else { return Ok(()) };
    for (key, nested) in map {
        let here = format!("{path}.{key}");
        match key.as_str() {
            "_and" | "_or" => {
                if let Value::Array(items) = nested {
                    for (i, item) in items.iter().enumerate() {
                        check_filter(item, &format!("{here}.{i}"))?;
                    }
                }
            }
            "_in" | "_nin" | "_between" | "_nbetween" => {
                if nested.as_array().is_none_or(|a| a.is_empty()) {
                    return fail(&here, format!("\"{key}\" has to be an array of values"));
                }
            }
            "_null" | "_nnull" | "_empty" | "_nempty" => {
                if !(nested.is_null() || nested.as_str() == Some("") || nested.is_boolean()) {
                    return fail(&here, format!("\"{key}\" has to be a boolean"));
                }
            }
            "_intersects" | "_nintersects" | "_intersects_bbox" | "_nintersects_bbox" => {
                if !(nested.is_null() || nested.as_str() == Some("") || is_geojson(nested)) {
                    return fail(&here, format!("\"{key}\" has to be a valid GeoJSON object"));
                }
            }
            "_json" => check_json_filter(nested, &here)?,
            "_some" | "_none" => check_filter(nested, &here)?,
            k if k.starts_with('_') => check_primitive(nested, k, &here)?,
            _ => match nested {
                Value::Object(_) => check_filter(nested, &here)?,
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        check_filter(item, &format!("{here}.{i}"))?;
                    }
                }
                other => check_primitive(other, "_eq", &here)?,
            },
        }
    }
    Ok(())
}

fn check_primitive(value: &Value, key: &str, path: &str) -> Checked {
    match value {
        Value::Null | Value::Bool(_) => Ok(()),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.is_nan() || f > 9_007_199_254_740_991.0 {
                fail(path, format!("The filter value for \"{key}\" is not a valid number"))
            } else {
                Ok(())
            }
        }
        Value::String(s) if s.is_empty() => fail(
            path,
            format!(
                "You can't filter for an empty string in \"{key}\". Use \"_empty\" or \"_nempty\" instead"
            ),
        ),
        Value::String(_) => Ok(()),
        _ => fail(
            path,
            format!("The filter value for \"{key}\" has to be a string, number, or boolean"),
        ),
    }
}

fn is_geojson(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str).is_some_and(|t| {
        matches!(
            t,
            "Point"
                | "LineString"
                | "Polygon"
                | "MultiPoint"
                | "MultiLineString"
                | "MultiPolygon"
                | "GeometryCollection"
                | "Feature"
                | "FeatureCollection"
        )
    })
}

fn check_json_filter(value: &Value, at: &str) -> Checked {
    let Value::Object(map) = value else {
        return fail(at, "\"_json\" filter value must be an object");
    };
    for (path, inner) in map {
        let here = format!("{at}.{path}");
        if path.is_empty() {
            return fail(&here, "\"_json\" path key must be a non-empty string");
        }
        if path == "_or" || path == "_and" {
            let Value::Array(items) = inner else {
                return fail(
                    &here,
                    format!("\"_json\" logical operator \"{path}\" must be an array"),
                );
            };
            for (i, item) in items.iter().enumerate() {
                check_json_filter(item, &format!("{here}.{i}"))?;
            }
            continue;
        }
        if let Err(reason) = crate::query::fields::parse_json_path(path) {
            return fail(&here, reason);
        }
        let Value::Object(inner_map) = inner else {
            return fail(
                &here,
                format!("\"_json\" inner filter for path \"{path}\" must be an object"),
            );
        };
        if let Some(nested) = inner_map.keys().find(|k| !k.starts_with('_')) {
            return fail(
                &here,
                format!(
                    "\"_json\" path \"{path}\" cannot contain a nested path \"{nested}\"; use a single flat path like \"{path}.{nested}\""
                ),
            );
        }
        check_filter(inner, &here)?;
    }
    Ok(())
}

/// Relational depth of a filter (or deep) object: field keys count, `_` keys do not.
pub fn depth(value: &Value, dot_keys: &[&str]) -> usize {
    let Value::Object(map) = value else { return 0 };
    let mut max = 0;
    for (key, nested) in map {
        if key == "_json" {
            continue;
        }
        if dot_keys.contains(&key.as_str()) {
            if let Value::Array(items) = nested {
                for item in items.iter().filter_map(Value::as_str) {
                    max = max.max(item.split('.').count());
                }
            }
            continue;
        }
        let inner = match nested {
            Value::Array(items) => items.iter().map(|v| depth(v, dot_keys)).max().unwrap_or(0),
            Value::Object(_) => depth(nested, dot_keys),
            _ => continue,
        };
        let d = if key.starts_with('_') { inner } else { inner + 1 };
        max = max.max(d);
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// Sanitizes a filter (as from a URL or body) and prints its normalized AST.
    fn normalized(raw: &str) -> String {
        let ctx = DynamicContext {
            user: Some("u1".into()),
            role: Some("r1".into()),
            roles: vec!["r1".into(), "r2".into()],
            policies: vec!["p1".into()],
            user_data: Some(serde_json::json!({"email": "u1@x", "role": {"name": "Boss"}})),
            ..DynamicContext::default()
        };
        let raw: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        match sanitize_filter(&raw, &ctx) {
            Ok(v) => Filter::parse(&v).to_string(),
            Err(e) => e.first().message.clone(),
        }
    }

    #[rstest]
    #[case(r#"{"title": "x"}"#, r#"title._eq:"x""#)]
    #[case(r#"{"views": {"_gt": 1, "_lt": 8}}"#, "_and[views._gt:1, views._lt:8]")]
    #[case(r#"{"a": {"_eq": "true"}, "b": {"_eq": "null"}}"#, "_and[a._eq:true, b._eq:null]")]
    #[case(r#"{"a": {"_eq": "NULL"}}"#, "a._eq:null")]
    #[case(
        r#"{"author": {"_or": [{"name": {"_eq": "A"}}, {"name": {"_eq": "B"}}]}}"#,
        r#"_or[author.name._eq:"A", author.name._eq:"B"]"#
    )]
    #[case(r#"{"a": {"b": {"_and": [{"c": {"_eq": 1}}]}}}"#, "_and[a.b.c._eq:1]")]
    #[case(r#"{"id": {"_in": "1,2"}}"#, r#"id._in:["1","2"]"#)]
    #[case(r#"{"id": {"_in": {"0": "1", "1": "2"}}}"#, r#"id._in:["1","2"]"#)]
    #[case(r#"{"id": {"_in": 5}}"#, "id._in:[5]")]
    #[case(
        r#"{"comments": {"_some": {"text": {"_eq": "c1"}}}}"#,
        r#"comments._some(text._eq:"c1")"#
    )]
    #[case(r#"{"comments": {"_none": {}}}"#, "comments._none({})")]
    #[case("{}", "{}")]
    #[case(r#"{"_or": []}"#, "_or[]")]
    #[case(r#"{"views": {"_foo": 1}}"#, "views._foo?:1")]
    #[case(r#"{"year(published_on)": {"_eq": 2024}}"#, "year(published_on)._eq:2024")]
    #[case(
        r#"{"sections": {"item:headings": {"title": {"_eq": "x"}}}}"#,
        r#"sections.item:headings.title._eq:"x""#
    )]
    #[case(r#"{"_or": "abc"}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"data": {"_json": "x"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"data": {"_json": {"_or": {"a": 1}}}}"#, "Invalid query. Invalid filter object.")]
    #[case(
        r#"{"data": {"_json": {"a": {"_eq": "$CURRENT_USER"}}}}"#,
        r#"data._json:{"a":{"_eq":"u1"}}"#
    )]
    fn normalizes(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(normalized(raw), expected, "filter {raw}");
    }

    #[rstest]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER"}}"#, r#"owner._eq:"u1""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.email"}}"#, r#"owner._eq:"u1@x""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.role.name"}}"#, r#"owner._eq:"Boss""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.nope"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USERX"}}"#, "owner._eq:null")]
    #[case(r#"{"role": {"_eq": "$CURRENT_ROLE"}}"#, r#"role._eq:"r1""#)]
    #[case(r#"{"role": {"_eq": "$CURRENT_ROLE.name"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"role": {"_in": "$CURRENT_ROLES"}}"#, r#"role._in:["r1","r2"]"#)]
    #[case(r#"{"role": {"_in": ["$CURRENT_ROLES"]}}"#, r#"role._in:["r1","r2"]"#)]
    #[case(r#"{"p": {"_in": "$CURRENT_POLICIES"}}"#, "p._in:[null]")]
    #[case(
        r#"{"p": {"_in": "$CURRENT_POLICIES"}, "u": {"_eq": "$CURRENT_USER.email"}}"#,
        r#"_and[p._in:["p1"], u._eq:"u1@x"]"#
    )]
    #[case(r#"{"x": {"_eq": "$OTHER"}}"#, r#"x._eq:"$OTHER""#)]
    fn dynamic_variables(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(normalized(raw), expected, "filter {raw}");
    }

    /// Validates a filter and prints the first problem with its path.
    fn problem(raw: &str) -> String {
        let raw: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        match check_filter(&raw, "filter") {
            Ok(()) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    #[rstest]
    #[case(r#"{"title": {"_eq": "x"}}"#, "ok")]
    #[case(r#"{"id": {"_in": []}}"#, r#"filter.id._in: "_in" has to be an array of values"#)]
    #[case(r#"{"id": {"_null": "yes"}}"#, r#"filter.id._null: "_null" has to be a boolean"#)]
    #[case(r#"{"id": {"_null": ""}}"#, "ok")]
    #[case(r#"{"title": {"_eq": ""}}"#, r#"filter.title._eq: You can't filter for an empty string in "_eq". Use "_empty" or "_nempty" instead"#)]
    #[case(
        r#"{"title": {"_eq": [1]}}"#,
        r#"filter.title._eq: The filter value for "_eq" has to be a string, number, or boolean"#
    )]
    #[case(
        r#"{"views": {"_eq": 99999999999999999999}}"#,
        r#"filter.views._eq: The filter value for "_eq" is not a valid number"#
    )]
    #[case(r#"{"_and": [{"a": {"_eq": 1}}, {"title": {"_eqq": {}}}]}"#, r#"filter._and.1.title._eqq: The filter value for "_eqq" has to be a string, number, or boolean"#)]
    #[case(
        r#"{"g": {"_intersects": "x"}}"#,
        r#"filter.g._intersects: "_intersects" has to be a valid GeoJSON object"#
    )]
    #[case(
        r#"{"data": {"_json": []}}"#,
        r#"filter.data._json: "_json" filter value must be an object"#
    )]
    #[case(r#"{"data": {"_json": {"a": {"b": {"_eq": 1}}}}}"#, r#"filter.data._json.a: "_json" path "a" cannot contain a nested path "b"; use a single flat path like "a.b""#)]
    #[case(
        r#"{"data": {"_json": {"a[*]": {"_eq": 1}}}}"#,
        "filter.data._json.a[*]: Invalid JSON path: unsupported path expression"
    )]
    #[case(
        r#"{"data": {"_json": {"_or": [{"a": {"_in": []}}]}}}"#,
        r#"filter.data._json._or.0.a._in: "_in" has to be an array of values"#
    )]
    fn validates(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(problem(raw), expected, "filter {raw}");
    }

    #[rstest]
    #[case("-1 month", Some("2024-02-29T12:00:00+00:00"))]
    #[case("2", Some("2024-04-02T12:00:00+00:00"))]
    #[case("+3 hours", Some("2024-03-31T15:00:00+00:00"))]
    #[case("-2 years", Some("2022-03-31T12:00:00+00:00"))]
    #[case("1 w", Some("2024-04-07T12:00:00+00:00"))]
    #[case("90 min", Some("2024-03-31T13:30:00+00:00"))]
    #[case("bogus", None)]
    fn now_adjustments(#[case] adjustment: &str, #[case] expected: Option<&str>) {
        let base =
            DateTime::parse_from_rfc3339("2024-03-31T12:00:00Z").map(|d| d.with_timezone(&Utc));
        let Ok(base) = base else { return };
        assert_eq!(adjust_date(base, adjustment).map(|d| d.to_rfc3339()).as_deref(), expected);
    }

    #[rstest]
    #[case(r#"{"a": {"b": {"_eq": 1}}}"#, 2)]
    #[case(r#"{"_and": [{"a": {"_eq": 1}}]}"#, 1)]
    #[case(r#"{"data": {"_json": {"a": {"b": {"_eq": 1}}}}}"#, 1)]
    fn depth_counts_fields(#[case] raw: &str, #[case] expected: usize) {
        let raw: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
        assert_eq!(depth(&raw, &[]), expected);
    }
}

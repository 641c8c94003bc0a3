//! Dynamic variables in filter values: `$NOW` (with adjustments such as
//! `$NOW(-1 month)`), `$CURRENT_USER`, `$CURRENT_ROLE`, `$CURRENT_ROLES`,
//! `$CURRENT_POLICIES`, and paths into the caller's records
//! (`$CURRENT_USER.email`).

use chrono::{DateTime, Duration, Months, Utc};
use serde_json::Value;

/// What dynamic variables resolve to for the caller.
#[derive(Debug, Clone, Default)]
pub(crate) struct DynamicContext {
    pub(crate) now: Option<DateTime<Utc>>,
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) policies: Vec<String>,
    /// The caller's user, role, roles and policies as the caller may read them
    /// (`$CURRENT_USER.<path>`, ...): `None` means the caller may not read them,
    /// and a path into them is then an invalid filter, as in Directus.
    pub(crate) user_data: Option<Value>,
    pub(crate) role_data: Option<Value>,
    pub(crate) roles_data: Option<Vec<Value>>,
    pub(crate) policies_data: Option<Vec<Value>>,
    /// `QUERY_LIMIT_MAX` when this query goes through Directus' query sanitizer
    /// (which a request without any query parameter skips).
    pub(crate) limit_max: Option<u64>,
    /// The server's query limits (`QUERY_LIMIT_DEFAULT`, `MAX_RELATIONAL_DEPTH`, ...).
    pub(crate) limits: crate::query::QueryLimits,
}

impl DynamicContext {
    fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

/// A structural problem in a filter (reported as `Invalid filter object`).
#[derive(Debug)]
pub(super) struct Malformed;

pub(super) type Parsed<T> = std::result::Result<T, Malformed>;

/// Dynamic variables of one filter: the caller's context, and whether Directus
/// fetched the caller's records for it (it does when a nested variable occurs).
pub(super) struct Vars<'a> {
    ctx: &'a DynamicContext,
    fetched: bool,
}

impl<'a> Vars<'a> {
    /// The variables of `filter` for the caller.
    pub(super) fn new(filter: &Value, ctx: &'a DynamicContext) -> Self {
        Vars { ctx, fetched: has_nested_variables(filter) }
    }

    /// Resolves `$NOW`, `$CURRENT_USER`, ... in a scalar value.
    pub(super) fn resolve(&self, value: &Value) -> Parsed<Value> {
        let Value::String(s) = value else { return Ok(value.clone()) };
        if let Some(rest) = s.strip_prefix("$NOW") {
            return Ok(Value::String(now_variable(self.ctx.now(), rest)));
        }
        let ctx = self.ctx;
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
                None if rest.is_empty() && self.fetched && !ctx.policies.is_empty() => {
                    Ok(Value::Array(ctx.policies.iter().cloned().map(Value::String).collect()))
                }
                None => Ok(Value::Null),
                Some(path) => many(!ctx.policies.is_empty(), &ctx.policies_data, path),
            };
        }
        Ok(value.clone())
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

/// `$NOW` and `$NOW(<adjustment>)` after the `$NOW` prefix, as Directus prints dates.
fn now_variable(now: DateTime<Utc>, rest: &str) -> String {
    let adjusted = match (rest.find('('), rest.rfind(')')) {
        (Some(open), Some(close)) if close > open => {
            adjust_date(now, &rest[open + 1..close]).unwrap_or(now)
        }
        _ => now,
    };
    adjusted.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// One record (user, role): its own value for the bare variable, a path into it otherwise.
fn one(id: &Option<String>, data: &Option<Value>, rest: &str) -> Parsed<Value> {
    if rest.is_empty() {
        return Ok(id.clone().map(Value::String).unwrap_or(Value::Null));
    }
    let Some(path) = rest.strip_prefix('.') else { return Ok(Value::Null) };
    if id.is_none() {
        return Ok(Value::Null);
    }
    lookup(data.as_ref().ok_or(Malformed)?, path)
}

/// Several records (roles, policies): the list of the path's values.
fn many(present: bool, data: &Option<Vec<Value>>, path: &str) -> Parsed<Value> {
    if !present {
        return Ok(Value::Null);
    }
    let rows = data.as_ref().ok_or(Malformed)?;
    Ok(Value::Array(rows.iter().map(|r| lookup(r, path)).collect::<Parsed<_>>()?))
}

/// Follows `a.b` in the caller's record; a path that is not there is an error.
fn lookup(data: &Value, path: &str) -> Parsed<Value> {
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

/// `$NOW(<adjustment>)`: `-2 years`, `+1 month`, `7` (days), the units of the `ms` package.
fn adjust_date(date: DateTime<Utc>, adjustment: &str) -> Option<DateTime<Utc>> {
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
    // A shift past JavaScript's date range (±8.64e15 ms) is no date, as `new Date` says.
    let shift = |factor: f64| -> Option<DateTime<Utc>> {
        let ms = (signed * factor).round();
        if !ms.is_finite() || ms.abs() > 8.64e15 {
            return None;
        }
        date.checked_add_signed(Duration::try_milliseconds(ms as i64)?)
    };
    match unit.as_str() {
        "years" | "year" | "yrs" | "yr" | "y" => add_months(date, signed * 12.0),
        "months" | "month" | "mth" | "mo" => add_months(date, signed),
        "weeks" | "week" | "w" => shift(7.0 * 86_400_000.0),
        "" | "days" | "day" | "d" => shift(86_400_000.0),
        "hours" | "hour" | "hrs" | "hr" | "h" => shift(3_600_000.0),
        "minutes" | "minute" | "mins" | "min" | "m" => shift(60_000.0),
        "seconds" | "second" | "secs" | "sec" | "s" => shift(1000.0),
        "milliseconds" | "millisecond" | "msecs" | "msec" | "ms" => shift(1.0),
        _ => None,
    }
}

fn add_months(date: DateTime<Utc>, months: f64) -> Option<DateTime<Utc>> {
    let whole = months.trunc() as i64;
    if whole >= 0 {
        date.checked_add_months(Months::new(u32::try_from(whole).ok()?))
    } else {
        date.checked_sub_months(Months::new(u32::try_from(-whole).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("-1 month", Some("2024-02-29T12:00:00+00:00"))]
    #[case("2", Some("2024-04-02T12:00:00+00:00"))]
    #[case("+3 hours", Some("2024-03-31T15:00:00+00:00"))]
    #[case("-2 years", Some("2022-03-31T12:00:00+00:00"))]
    #[case("1 w", Some("2024-04-07T12:00:00+00:00"))]
    #[case("90 min", Some("2024-03-31T13:30:00+00:00"))]
    #[case("bogus", None)]
    // Found by the fuzzer: days past any date panicked in chrono's arithmetic.
    #[case("-6111111111111", None)]
    #[case("99999999999 weeks", None)]
    #[case("-1e300 ms", None)]
    fn now_adjustments(#[case] adjustment: &str, #[case] expected: Option<&str>) {
        let base =
            DateTime::parse_from_rfc3339("2024-03-31T12:00:00Z").map(|d| d.with_timezone(&Utc));
        let Ok(base) = base else { return };
        assert_eq!(adjust_date(base, adjustment).map(|d| d.to_rfc3339()).as_deref(), expected);
    }
}

//! The Directus query language: parameters as they arrive (URL or body),
//! sanitized into a [`Query`] and validated, before any schema is consulted.
//!
//! Two stages, as in Directus:
//! - [`sanitize`] reads raw parameters (strings from the URL, or JSON from a
//!   `SEARCH` body), splits comma lists, parses JSON strings, resolves dynamic
//!   variables in filters and coerces literals;
//! - [`validate`] checks shapes and ranges and reports the first problem as
//!   `INVALID_QUERY`, after the filter, alias, sort and depth checks.
//!
//! Whether fields exist is decided later, when the engine resolves the query
//! against the schema (unknown fields are FORBIDDEN, not INVALID_QUERY).

pub(crate) mod fields;
pub(crate) mod filter;
pub(crate) mod operators;
pub(crate) mod qs;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
pub(crate) use filter::DynamicContext;

/// `QUERY_LIMIT_DEFAULT` of Directus.
pub(crate) const DEFAULT_LIMIT: i64 = 100;
/// `MAX_RELATIONAL_DEPTH` of Directus.
pub(crate) const MAX_RELATIONAL_DEPTH: usize = 10;

/// The limits a server's environment puts on queries; `Default` is Directus'.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QueryLimits {
    /// `QUERY_LIMIT_DEFAULT`: the limit of a query (and of every nested o2m level) without one.
    pub(crate) default_limit: i64,
    /// `MAX_RELATIONAL_DEPTH`: the most relations a field, sort, filter or deep path may cross.
    pub(crate) max_relational_depth: usize,
    /// `QUERYSTRING_ARRAY_LIMIT`: indexes (and elements) a URL array may have.
    pub(crate) array_limit: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits {
            default_limit: DEFAULT_LIMIT,
            max_relational_depth: MAX_RELATIONAL_DEPTH,
            array_limit: qs::ARRAY_LIMIT,
        }
    }
}

/// A sanitized query, the shape Directus services receive.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Query {
    pub(crate) fields: Option<Vec<String>>,
    /// `groupBy`.
    pub(crate) group: Option<Vec<String>>,
    /// Operation name to field list; unknown operations are kept (Directus ignores them late).
    pub(crate) aggregate: Option<IndexMap<String, Vec<String>>>,
    pub(crate) sort: Option<Vec<String>>,
    /// The filter after literal coercion and dynamic variables, logical operators hoisted.
    pub(crate) filter: Option<Value>,
    /// Raw numbers: validation reports NaN, fractions and ranges.
    pub(crate) limit: Option<f64>,
    /// `QUERY_LIMIT_MAX`, when the sanitizer applied it: validation rejects a larger `limit`.
    pub(crate) limit_max: Option<u64>,
    pub(crate) offset: Option<f64>,
    pub(crate) page: Option<f64>,
    pub(crate) meta: Option<Vec<String>>,
    pub(crate) search: Option<String>,
    pub(crate) export: Option<String>,
    pub(crate) version: Option<String>,
    /// `versionRaw` (with `version`): the item with the version's delta laid
    /// over it as stored, instead of the delta written and read back.
    pub(crate) version_raw: bool,
    pub(crate) deep: Option<Deep>,
    pub(crate) alias: Option<Map<String, Value>>,
    pub(crate) backlink: Option<bool>,
    /// The server's limits this query was read under.
    pub(crate) limits: QueryLimits,
    /// Keys whose value had the wrong JSON type (`aggregate`, `deep` not objects).
    pub(crate) type_errors: Vec<(&'static str, &'static str)>,
    /// `alias` was not an object (Directus' alias check reports it before the schema errors).
    pub(crate) alias_not_object: bool,
    /// The URL query text this query was parsed from, when it is a pure
    /// function of that text (see [`Source`]); read plans are cached by it.
    pub(crate) source: Source,
}

/// The text a query was parsed from, kept as a cache key and nothing else:
/// every query equals every other in it, so comparing two queries compares
/// what they ask for. A cache keyed by it must still check that the query
/// it finds equals the one it is asked about (a clone may have been changed).
#[derive(Debug, Clone, Default)]
pub(crate) struct Source(pub(crate) Option<std::sync::Arc<str>>);

impl PartialEq for Source {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// `deep`: per relational field, a nested query (`_filter`, `_limit`, ...) and deeper levels.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Deep {
    pub(crate) query: Box<Query>,
    pub(crate) children: IndexMap<String, Deep>,
}

impl Deep {
    pub(crate) fn child(&self, key: &str) -> Option<&Deep> {
        self.children.get(key)
    }
}

impl Query {
    /// The effective limit: an explicit one, else the default of 100. `None` means no limit.
    pub(crate) fn effective_limit(&self) -> Option<usize> {
        match self.limit {
            // A negative limit is none in SQL; one that is not a number (from an
            // unvalidated body query) is dropped by the query builder.
            Some(l) if l < 0.0 || l.is_nan() => None,
            Some(l) => Some(l as usize),
            None => Some(self.limits.default_limit.max(0) as usize),
        }
    }

    /// The offset after `page` (which wins over `offset`, and is ignored with `limit=-1`).
    pub(crate) fn effective_offset(&self) -> usize {
        let limit = self.effective_limit();
        if let (Some(page), Some(limit)) = (self.page, limit)
            && page >= 1.0
        {
            return limit * (page as usize - 1);
        }
        self.offset.map(|o| o.max(0.0) as usize).unwrap_or(0)
    }

    pub(crate) fn has_aggregate(&self) -> bool {
        self.aggregate.as_ref().is_some_and(|a| !a.is_empty())
    }
}

/// JavaScript's `Number(value)`, the conversion Directus applies to `limit`, `offset` and `page`.
pub(crate) fn js_number(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                0.0
            } else if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                i64::from_str_radix(hex, 16).map(|v| v as f64).unwrap_or(f64::NAN)
            } else if t == "Infinity" || t == "+Infinity" {
                f64::INFINITY
            } else if t == "-Infinity" {
                f64::NEG_INFINITY
            } else if t
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
            {
                t.parse::<f64>().unwrap_or(f64::NAN)
            } else {
                f64::NAN
            }
        }
        Value::Array(items) => match items.as_slice() {
            [] => 0.0,
            [one] => js_number(&Value::String(js_string(one))),
            _ => f64::NAN,
        },
        Value::Object(_) => f64::NAN,
    }
}

/// JavaScript's `String(value)` for the values a query can hold.
pub(crate) fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".into(),
        other => other.to_string(),
    }
}

/// JavaScript truthiness, which decides whether Directus looks at a parameter at all.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Splits a field list on commas outside parentheses (`json(data, a)` stays whole).
pub(crate) fn split_fields(input: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth: i32 = 0;
    for c in input.chars() {
        if c == '(' {
            depth += 1;
            if depth > 1 {
                return Err(Error::invalid_query(
                    "Nested functions are not supported in \"fields\"",
                ));
            }
        } else if c == ')' {
            depth -= 1;
        }
        if c == ',' && depth == 0 {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    if depth != 0 {
        return Err(Error::invalid_query("Missing closing parenthesis in \"fields\""));
    }
    out.push(current);
    Ok(out)
}

fn sanitize_fields(raw: &Value) -> Result<Vec<String>> {
    let listed: Vec<Value> = match raw {
        Value::String(s) => split_fields(s)?.into_iter().map(Value::String).collect(),
        Value::Array(items) => items.clone(),
        _ => return Err(Error::invalid_query("\"fields\" must be a string or array")),
    };
    let mut fields = Vec::new();
    for item in listed {
        match item {
            Value::String(s) if s.contains(',') => fields.extend(split_fields(&s)?),
            Value::String(s) => fields.push(s),
            other => fields.push(js_string(&other)),
        }
    }
    Ok(fields.into_iter().map(|f| f.trim().to_owned()).collect())
}

fn sanitize_sort(raw: &Value) -> Result<Vec<String>> {
    let fields = match raw {
        Value::String(s) => split_fields(s)?,
        Value::Array(items) => items.iter().map(js_string).collect(),
        _ => Vec::new(),
    };
    Ok(fields.into_iter().map(|f| f.trim().to_owned()).collect())
}

fn sanitize_aggregate(raw: &Value) -> Option<IndexMap<String, Vec<String>>> {
    let parsed;
    let object = match raw {
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s).ok()?;
            parsed.as_object()?
        }
        Value::Object(m) => m,
        _ => return None,
    };
    Some(
        object
            .iter()
            .map(|(op, fields)| {
                let list = match fields {
                    Value::String(s) => s.split(',').map(str::to_owned).collect(),
                    Value::Array(items) => items.iter().map(js_string).collect(),
                    other => vec![js_string(other)],
                };
                (op.clone(), list)
            })
            .collect(),
    )
}

fn sanitize_meta(raw: &Value) -> Vec<String> {
    match raw {
        Value::String(s) if s == "*" => vec!["total_count".into(), "filter_count".into()],
        Value::String(s) if s.contains(',') => s.split(',').map(str::to_owned).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().map(js_string).collect(),
        other => vec![js_string(other)],
    }
}

fn parse_json_param(raw: &Value) -> Option<Value> {
    match raw {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

/// Sanitizes raw parameters. `ctx` resolves `$CURRENT_USER` and friends.
pub(crate) fn sanitize(raw: &Map<String, Value>, ctx: &DynamicContext) -> Result<Query> {
    let mut q = Query { limits: ctx.limits, ..Query::default() };
    if let Some(limit) = raw.get("limit")
        && !limit.is_null()
    {
        q.limit = Some(js_number(limit));
    }
    // QUERY_LIMIT_MAX: "all" means the maximum, and the default is capped by it.
    if let Some(max) = ctx.limit_max {
        q.limit_max = Some(max);
        match q.limit {
            Some(-1.0) => q.limit = Some(max as f64),
            None => q.limit = Some(q.limits.default_limit.min(max as _) as f64),
            _ => {}
        }
    }
    if let Some(fields) = raw.get("fields").filter(|v| truthy(v)) {
        q.fields = Some(sanitize_fields(fields)?);
    }
    if let Some(group) = raw.get("groupBy").filter(|v| truthy(v)) {
        q.group = Some(sanitize_fields(group)?);
    }
    if let Some(agg) = raw.get("aggregate").filter(|v| truthy(v)) {
        match sanitize_aggregate(agg) {
            Some(a) => q.aggregate = Some(a),
            None => q.type_errors.push(("aggregate", "object")),
        }
    }
    if let Some(sort) = raw.get("sort").filter(|v| truthy(v)) {
        q.sort = Some(sanitize_sort(sort)?);
    }
    if let Some(filter) = raw.get("filter").filter(|v| truthy(v)) {
        let parsed = match filter {
            Value::String(s) => serde_json::from_str::<Value>(s)
                .map_err(|_| Error::invalid_query("Invalid JSON for filter object"))?,
            other => other.clone(),
        };
        q.filter = Some(filter::sanitize_filter(&parsed, ctx)?);
    }
    if let Some(offset) = raw.get("offset") {
        q.offset = Some(js_number(offset));
    }
    if let Some(page) = raw.get("page").filter(|v| truthy(v)) {
        q.page = Some(js_number(page));
    }
    if let Some(meta) = raw.get("meta").filter(|v| truthy(v)) {
        q.meta = Some(sanitize_meta(meta));
    }
    if let Some(Value::String(search)) = raw.get("search")
        && !search.is_empty()
    {
        let trimmed = search.trim();
        q.search = Some(if trimmed.is_empty() { search.clone() } else { trimmed.to_owned() });
    }
    if let Some(version) = raw.get("version").filter(|v| truthy(v)) {
        q.version = Some(js_string(version));
        q.version_raw = raw
            .get("versionRaw")
            .is_some_and(|v| v.as_str().is_some_and(|s| s.is_empty() || s == "true"));
    }
    if let Some(export) = raw.get("export").filter(|v| truthy(v)) {
        q.export = Some(js_string(export));
    }
    if let Some(deep) = raw.get("deep").filter(|v| truthy(v)) {
        // Unparseable deep JSON is ignored, like Directus does (it only logs a warning).
        if let Some(Value::Object(level)) = parse_json_param(deep) {
            q.deep = Some(sanitize_deep(&level, true, ctx)?);
        }
    }
    if let Some(alias) = raw.get("alias").filter(|v| truthy(v)) {
        match parse_json_param(alias) {
            Some(Value::Object(m)) => q.alias = Some(m),
            _ => q.alias_not_object = true,
        }
    }
    if let Some(backlink) = raw.get("backlink") {
        q.backlink =
            Some(!matches!(backlink, Value::Bool(false)) && backlink.as_str() != Some("false"));
    }
    Ok(q)
}

fn sanitize_deep(level: &Map<String, Value>, root: bool, ctx: &DynamicContext) -> Result<Deep> {
    let mut sub = Map::new();
    let mut children = IndexMap::new();
    for (key, value) in level {
        if key.is_empty() {
            break;
        }
        if let Some(param) = key.strip_prefix('_') {
            sub.insert(param.to_owned(), value.clone());
        } else if let Value::Object(inner) = value {
            let child = sanitize_deep(inner, false, ctx)?;
            if !child.children.is_empty() || *child.query != Query::default() {
                children.insert(key.clone(), child);
            }
        }
    }
    let query = if !root && !sub.is_empty() { sanitize(&sub, ctx)? } else { Query::default() };
    Ok(Deep { query: Box::new(query), children })
}

/// Validates a sanitized query the way Directus' query validator does.
pub(crate) fn validate(q: &Query) -> Result<()> {
    let shape_error = first_shape_error(q);
    if let Some(filter) = &q.filter
        && filter.as_object().is_some_and(|m| !m.is_empty())
    {
        filter::validate_filter(filter)?;
    }
    if q.alias_not_object {
        return Err(Error::invalid_query("\"alias\" has to be an object"));
    }
    if let Some(alias) = &q.alias {
        for (key, value) in alias {
            let Value::String(value) = value else {
                return Err(Error::invalid_query(format!(
                    "\"alias\" value has to be a string. \"{}\" given",
                    "string"
                )));
            };
            if key.contains('.') {
                return Err(Error::invalid_query(
                    "\"alias\" key can't contain a period character `.`",
                ));
            }
            if fields::function_name(value) == Some("json") {
                fields::parse_json_call(value).map_err(Error::invalid_query)?;
            } else if value.contains('.') {
                return Err(Error::invalid_query(
                    "\"alias\" value can't contain a period character `.`",
                ));
            }
        }
    }
    for sort in q.sort.iter().flatten() {
        let field = sort.strip_prefix('-').unwrap_or(sort);
        if fields::function_name(field) == Some("json") {
            fields::parse_json_call(field).map_err(Error::invalid_query)?;
        }
    }
    validate_depth(q)?;
    if let Some(reason) = shape_error {
        return Err(Error::invalid_query(reason));
    }
    Ok(())
}

fn number_error(name: &str, value: f64, min: f64) -> Option<String> {
    if value.is_nan() {
        Some(format!("\"{name}\" must be a number"))
    } else if value.is_infinite() {
        Some(format!("\"{name}\" cannot be infinity"))
    } else if value.fract() != 0.0 {
        Some(format!("\"{name}\" must be an integer"))
    } else if value < min {
        Some(format!("\"{name}\" must be greater than or equal to {min}"))
    } else {
        None
    }
}

/// The first error of Directus' Joi schema, in the schema's key order.
fn first_shape_error(q: &Query) -> Option<String> {
    let lists = [("fields", &q.fields), ("group", &q.group), ("sort", &q.sort)];
    for (name, list) in lists {
        if let Some(i) = list.as_ref().and_then(|l| l.iter().position(String::is_empty)) {
            return Some(format!("\"{name}[{i}]\" is not allowed to be empty"));
        }
    }
    if let Some(limit) = q.limit
        && let Some(e) = number_error("limit", limit, -1.0)
    {
        return Some(e);
    }
    if let (Some(limit), Some(max)) = (q.limit, q.limit_max)
        && limit > max as f64
    {
        return Some(format!("\"limit\" must be less than or equal to {max}"));
    }
    if let Some(offset) = q.offset
        && let Some(e) = number_error("offset", offset, 0.0)
    {
        return Some(e);
    }
    if let Some(page) = q.page
        && let Some(e) = number_error("page", page, 0.0)
    {
        return Some(e);
    }
    if let Some(meta) = &q.meta {
        for (i, m) in meta.iter().enumerate() {
            if m != "total_count" && m != "filter_count" {
                return Some(format!("\"meta[{i}]\" must be one of [total_count, filter_count]"));
            }
        }
    }
    if let Some(export) = &q.export
        && !["csv", "csv_utf8", "json", "xml", "yaml"].contains(&export.as_str())
    {
        return Some("\"export\" must be one of [csv, csv_utf8, json, xml, yaml]".into());
    }
    if let Some((key, ty)) = q.type_errors.first() {
        return Some(format!("\"{key}\" must be of type {ty}"));
    }
    None
}

use fields::relational_depth as path_depth;

fn validate_depth(q: &Query) -> Result<()> {
    let max = q.limits.max_relational_depth;
    let too_deep = || Error::invalid_query("Max relational depth exceeded");
    let alias_of = |f: &str| -> String {
        q.alias.as_ref().and_then(|a| a.get(f)).and_then(Value::as_str).unwrap_or(f).to_owned()
    };
    let fields: Vec<String> = if let Some(group) = &q.group {
        group.clone()
    } else if q.has_aggregate() {
        Vec::new()
    } else {
        q.fields.clone().unwrap_or_else(|| vec!["*".into()])
    };
    for field in &fields {
        if path_depth(&alias_of(field)) > max {
            return Err(too_deep());
        }
    }
    if let Some(filter) = &q.filter
        && filter::depth(filter, &[]) > max
    {
        return Err(too_deep());
    }
    if let Some(sort) = &q.sort {
        for s in sort {
            let field = s.strip_prefix('-').unwrap_or(s);
            if path_depth(&alias_of(field)) > max {
                return Err(too_deep());
            }
        }
    }
    if let Some(deep) = &q.deep
        && deep_depth(deep) > max
    {
        return Err(too_deep());
    }
    Ok(())
}

fn deep_depth(deep: &Deep) -> usize {
    let filter_depth = deep.query.filter.as_ref().map_or(0, |f| filter::depth(f, &[]));
    let sort_depth = deep
        .query
        .sort
        .iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| s.split('.').count())
        .max()
        .unwrap_or(0);
    let own = filter_depth.max(sort_depth);
    let nested = deep.children.values().map(|c| 1 + deep_depth(c)).max().unwrap_or(0);
    own.max(nested)
}

/// Parses the URL query string and sanitizes it the way Directus' middleware does:
/// with any parameter present, `fields` defaults to `*`.
pub(crate) fn from_url(raw_query: &str, ctx: &DynamicContext) -> Result<Query> {
    let params = qs::parse_with(raw_query, ctx.limits.array_limit);
    from_params(params, ctx)
}

/// Sanitizes and validates already-parsed parameters (URL or `SEARCH` body `query`).
pub(crate) fn from_params(mut params: Map<String, Value>, ctx: &DynamicContext) -> Result<Query> {
    if params.is_empty() {
        return Ok(Query { limits: ctx.limits, ..Query::default() });
    }
    if !params.get("fields").is_some_and(truthy) {
        params.insert("fields".into(), Value::String("*".into()));
    }
    let q = sanitize(&params, ctx)?;
    validate(&q)?;
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(q: &str) -> std::result::Result<Query, String> {
        from_url(q, &DynamicContext::default()).map_err(|e| e.first().message.clone())
    }

    /// The INVALID_QUERY reason of a URL query, or "ok".
    fn reason(q: &str) -> String {
        match url(q) {
            Ok(_) => "ok".into(),
            Err(m) => m.trim_start_matches("Invalid query. ").trim_end_matches('.').to_owned(),
        }
    }

    #[rstest::rstest]
    #[case("fields=id", Ok(Some(50.0)))]
    #[case("limit=-1", Ok(Some(50.0)))]
    #[case("limit=50", Ok(Some(50.0)))]
    #[case("limit=0", Ok(Some(0.0)))]
    #[case("limit=51", Err(r#"Invalid query. "limit" must be less than or equal to 50."#))]
    fn query_limit_max_caps_the_default_and_all(
        #[case] q: &str,
        #[case] expected: Result<Option<f64>, &str>,
    ) {
        let ctx = DynamicContext { limit_max: Some(50), ..Default::default() };
        let got = from_url(q, &ctx).map(|q| q.limit).map_err(|e| e.first().message.clone());
        assert_eq!(got, expected.map_err(str::to_owned));
    }

    #[test]
    fn without_query_limit_max_the_limit_is_left_alone() {
        assert_eq!(url("fields=id").map(|q| q.limit), Ok(None));
        assert_eq!(url("limit=-1").map(|q| q.limit), Ok(Some(-1.0)));
        assert_eq!(url("limit=100000").map(|q| q.limit), Ok(Some(100000.0)));
    }

    #[rstest::rstest]
    #[case("limit=2", "ok")]
    #[case("limit=abc", r#""limit" must be a number"#)]
    #[case("limit=1.5", r#""limit" must be an integer"#)]
    #[case("limit=-2", r#""limit" must be greater than or equal to -1"#)]
    #[case("limit[]=1", "ok")]
    #[case("offset=-1", r#""offset" must be greater than or equal to 0"#)]
    #[case("page=-1", r#""page" must be greater than or equal to 0"#)]
    #[case("fields[a]=id", r#""fields" must be a string or array"#)]
    #[case("fields=id,", r#""fields[1]" is not allowed to be empty"#)]
    #[case("groupBy=status,", r#""group[1]" is not allowed to be empty"#)]
    #[case("sort=,title", r#""sort[0]" is not allowed to be empty"#)]
    #[case("sort=title,&offset=-1", r#""sort[1]" is not allowed to be empty"#)]
    #[case("meta=bogus", r#""meta[0]" must be one of [total_count, filter_count]"#)]
    #[case("export=pdf", r#""export" must be one of [csv, csv_utf8, json, xml, yaml]"#)]
    #[case("alias=notjson", r#""alias" has to be an object"#)]
    #[case("alias[a.b]=title", "\"alias\" key can't contain a period character `.`")]
    #[case("alias[x]=author.name", "\"alias\" value can't contain a period character `.`")]
    #[case("alias[x]=json(data)", "Invalid json() syntax: requires json(field, path) format")]
    #[case("sort=json(data,%20)", "Invalid json() syntax: missing path")]
    #[case("filter=nope", "Invalid JSON for filter object")]
    #[case(
        "filter[title][_eq]=&limit=abc",
        r#"You can't filter for an empty string in "_eq". Use "_empty" or "_nempty" instead"#
    )]
    #[case("fields=year(month(x))", r#"Nested functions are not supported in "fields""#)]
    #[case("fields=year(x", r#"Missing closing parenthesis in "fields""#)]
    #[case("fields=a.b.c.d.e.f.g.h.i.j.k", "Max relational depth exceeded")]
    #[case("fields=a.b.c.d.e.f.g.h.i.j", "ok")]
    #[case("fields=json(data,%20a.b.c.d.e.f.g.h.i.j.k)", "ok")]
    #[case("deep[a][_sort]=b.c.d.e.f.g.h.i.j.k", "Max relational depth exceeded")]
    fn reasons(#[case] query: &str, #[case] expected: &str) {
        assert_eq!(reason(query), expected, "{query}");
    }

    #[test]
    fn fields_and_meta() {
        assert_eq!(
            url("fields=id,%20title").map(|q| q.fields),
            Ok(Some(vec!["id".into(), "title".into()]))
        );
        assert_eq!(
            url("fields=json(data,%20a),id").map(|q| q.fields.map(|f| f.len())),
            Ok(Some(2))
        );
        assert_eq!(url("meta=*").map(|q| q.meta.map(|m| m.len())), Ok(Some(2)));
        assert_eq!(url("limit=1").map(|q| q.fields), Ok(Some(vec!["*".into()])));
    }

    #[test]
    fn pagination() {
        let q = url("page=2&limit=2").unwrap();
        assert_eq!(q.effective_offset(), 2);
        let q = url("page=2").unwrap();
        assert_eq!(q.effective_offset(), 100);
        let q = url("page=3&offset=1&limit=5").unwrap();
        assert_eq!(q.effective_offset(), 10);
        let q = url("page=3&limit=-1").unwrap();
        assert_eq!((q.effective_limit(), q.effective_offset()), (None, 0));
    }
}

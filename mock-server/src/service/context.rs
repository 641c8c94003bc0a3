//! What a request is read against: its caller (the token resolved into an
//! [`Accountability`]), its URL query sanitized with the caller's dynamic
//! variables (Directus' `authenticate` and `sanitizeQuery` middlewares), the
//! queries sent inside bodies, and the schema model a transport generates
//! its API from. One snapshot answers each.

use std::net::IpAddr;

use serde_json::Value;

use super::{Accountability, App, RequestInfo, auth};
use crate::engine::Access;
use crate::error::Result;
use crate::query::{self, DynamicContext, Query, QueryLimits};
use crate::schema::SharedSchema;

/// Resolves a request's caller from its token (or its absence) and address,
/// and sanitizes its URL query (`raw`, as sent).
pub(crate) fn request(
    app: &App,
    token: Option<&str>,
    ip: Option<IpAddr>,
    info: RequestInfo,
    raw: &str,
) -> Result<(Accountability, Query)> {
    let db = app.store.snapshot();
    let mut acc = auth::authenticate(app, &db, token, ip)?;
    acc.request = Some(info);
    // Reading the caller's user and role rows is only needed for `$CURRENT_...` variables.
    let mut dynamic = if raw.contains('$') || raw.contains("%24") {
        acc.query_dynamic_context(&db, app.now())
    } else {
        DynamicContext { now: Some(app.now()), ..Default::default() }
    };
    // Directus sanitizes the URL query only when there is one.
    dynamic.limit_max = app.config.query_limit_max.filter(|_| !raw.is_empty());
    dynamic.limits = limits(app);
    let query = app.reads.url_query(raw, &dynamic)?;
    Ok((acc, query))
}

/// The query limits of the server's environment.
pub(crate) fn limits(app: &App) -> QueryLimits {
    let c = &app.config;
    let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    QueryLimits {
        default_limit: i64::try_from(c.query_limit_default).unwrap_or(i64::MAX),
        max_relational_depth: size(c.max_relational_depth),
        array_limit: size(c.querystring_array_limit),
    }
}

/// A query inside a body (`SEARCH`, update and delete by query), sanitized
/// for the caller; `validate` also checks it the way a URL query is checked.
pub(crate) fn body_query(
    app: &App,
    acc: &Accountability,
    raw: &Value,
    validate: bool,
) -> Result<Query> {
    // `validate_batch` lets only an object through; `null` stands for no query.
    let params = raw.as_object().cloned().unwrap_or_default();
    let db = app.store.snapshot();
    let mut dynamic = acc.query_dynamic_context(&db, app.now());
    // A body's `query` goes through the sanitizer whenever it is there.
    dynamic.limit_max = app.config.query_limit_max.filter(|_| raw.is_object());
    dynamic.limits = limits(app);
    if validate { query::from_params(params, &dynamic) } else { query::sanitize(&params, &dynamic) }
}

/// What a GraphQL root field's query is read with: the current schema model
/// and the caller's dynamic variables (their records as stored), with
/// `QUERY_LIMIT_MAX` always applied.
pub(crate) fn graphql_query(app: &App, acc: &Accountability) -> (SharedSchema, DynamicContext) {
    let db = app.store.snapshot();
    let mut dynamic = acc.dynamic_context(&db, app.now());
    dynamic.limit_max = app.config.query_limit_max;
    dynamic.limits = limits(app);
    (std::sync::Arc::clone(&db.schema), dynamic)
}

/// The schema model as one caller sees it: what a generated API (the
/// GraphQL schema) is built from and keyed by.
#[derive(Debug)]
pub(crate) struct SchemaModel {
    pub(crate) schema: SharedSchema,
    /// Moves with every schema change.
    pub(crate) version: u64,
    /// What the caller may do, per collection and action.
    pub(crate) access: Access,
}

/// The caller's [`SchemaModel`].
pub(crate) fn schema_model(app: &App, acc: &Accountability) -> SchemaModel {
    let db = app.store.snapshot();
    SchemaModel {
        schema: std::sync::Arc::clone(&db.schema),
        version: db.schema_version,
        access: acc.access(&db),
    }
}

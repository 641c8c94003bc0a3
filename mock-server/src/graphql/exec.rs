//! Running one GraphQL request with Directus' status rules:
//!
//! - no query string: 400 INVALID_PAYLOAD; a mutation over GET: 405;
//! - a syntax error, a document over 5000 tokens, or any validation problem:
//!   400 GRAPHQL_VALIDATION with every problem in `extensions.errors`;
//! - anything raised while resolving: 200, `errors[].extensions.code` (the
//!   mock's error code, or INTERNAL_SERVER_ERROR for GraphQL's own errors,
//!   whose message only admins see), and no `data` key when data is null.

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::parser::types::{DocumentOperations, OperationType, Selection};
use async_graphql::{Pos, ServerError, ValidationResult, Variables};
use serde_json::{Map, Value, json};

use super::bounds;
use super::resolve::GqlCtx;
use super::{SchemaCache, Scope, access_fingerprint, build};
use crate::error::{Error, ErrorCode, Result};
use crate::service::{Accountability, App};

/// `GRAPHQL_QUERY_TOKEN_LIMIT`.
pub(crate) const TOKEN_LIMIT: usize = 5000;

/// A GraphQL request as the transport read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct GqlRequest {
    pub(crate) query: Option<String>,
    pub(crate) variables: Option<Value>,
    pub(crate) operation_name: Option<String>,
    /// Sent with GET: only queries may run.
    pub(crate) get: bool,
    pub(crate) cookies: Vec<(String, String)>,
}

/// A 200 response: the body and the cookies to set.
#[derive(Debug, Clone)]
pub(crate) struct GqlReply {
    pub(crate) body: Value,
    pub(crate) set_cookies: Vec<String>,
}

/// The schema of a scope for a caller, from the cache when nothing changed.
pub(crate) fn schema_for(
    app: &App,
    schemas: &SchemaCache,
    acc: &Accountability,
    scope: Scope,
) -> Result<Arc<async_graphql::dynamic::Schema>> {
    let model = crate::service::context::schema_model(app, acc);
    let caller = build::Caller {
        logged_in: acc.user.is_some() || acc.role.is_some(),
        app: acc.app || acc.admin,
        introspection: app.config.graphql_introspection,
    };
    let key = format!(
        "{}|{}|{}|{caller:?}|{}",
        scope.as_str(),
        model.version,
        model.schema.collections.len(),
        access_fingerprint(&model.access)
    );
    schemas.get_or_build(key, || build::build(&model.schema, &model.access, scope, caller))
}

/// The SDL of a scope for a caller (`/server/specs/graphql`).
pub(crate) fn sdl(
    app: &App,
    schemas: &SchemaCache,
    acc: &Accountability,
    scope: Scope,
) -> Result<String> {
    Ok(schema_for(app, schemas, acc, scope)?.sdl())
}

fn validation_error(errors: Vec<Value>) -> Error {
    Error::new(ErrorCode::GraphqlValidation, "GraphQL validation error.").with("errors", errors)
}

fn locations(pos: &[Pos]) -> Value {
    Value::Array(pos.iter().map(|p| json!({"line": p.line, "column": p.column})).collect())
}

/// Counts lexical tokens the way graphql-js' lexer does (punctuators, names,
/// numbers, strings; not whitespace, commas or comments).
pub(crate) fn count_tokens(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut count = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                count += 1;
                if bytes[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                    i += 3;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                count += 1;
                i += 3;
            }
            c if c == b'_' || c.is_ascii_alphanumeric() || c == b'-' => {
                count += 1;
                i += 1;
                while i < bytes.len()
                    && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.')
                {
                    i += 1;
                }
            }
            _ => {
                count += 1;
                i += 1;
            }
        }
    }
    count
}

/// `__schema` or `__type` from `Cannot query field "__schema" on type ...`.
fn introspection_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Cannot query field \"")?;
    let field = rest.split('"').next()?;
    matches!(field, "__schema" | "__type").then_some(field)
}

/// Where validation ended: set by the extension, read after execution.
#[derive(Default)]
struct Phase {
    validated: bool,
    /// Validation problems async-graphql does not check (single-use mutations).
    extra: Vec<ServerError>,
    /// Problems graphql-js finds when execution starts (missing variables):
    /// reported with status 200, and nothing is resolved.
    execution: Vec<ServerError>,
}

type SharedPhase = Arc<Mutex<Phase>>;

struct PhaseExtension;

impl ExtensionFactory for PhaseExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PhaseExtension)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for PhaseExtension {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> std::result::Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await;
        let Some(phase) = ctx.data_opt::<SharedPhase>() else { return result };
        let mut phase = match phase.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        match result {
            Ok(ok) if phase.extra.is_empty() => {
                phase.validated = true;
                if phase.execution.is_empty() {
                    Ok(ok)
                } else {
                    Err(std::mem::take(&mut phase.execution))
                }
            }
            Ok(_) => Err(std::mem::take(&mut phase.extra)),
            Err(mut errors) => {
                errors.append(&mut phase.extra);
                Err(errors)
            }
        }
    }
}

/// Runs a request. `Err` is a REST-shaped error (4xx, 405, 500); `Ok` is a 200 body.
///
/// The phases: parse the document, pick the operation (a mutation over GET is
/// 405), validate (async-graphql's rules and [`rules`](super::rules)), run,
/// and shape the response as graphql-js would.
pub(crate) async fn execute(
    app: Arc<App>,
    schemas: Arc<SchemaCache>,
    acc: Accountability,
    scope: Scope,
    req: GqlRequest,
) -> Result<GqlReply> {
    let query = req
        .query
        .filter(|q| !q.is_empty())
        .ok_or_else(|| Error::invalid_payload("Must provide query string"))?;
    let doc = parse(&query)?;
    let picked = pick_operation(&doc, req.operation_name.as_deref());
    if req.get && picked.is_none_or(|op| op.ty != OperationType::Query) {
        return Err(Error::new(
            ErrorCode::MethodNotAllowed,
            "Invalid method \"GET\" used. Should be one of \"POST\".",
        )
        .with("allowed", json!(["POST"]))
        .with("current", "GET")
        .with_header("allow", "POST"));
    }
    let schema = schema_for(&app, &schemas, &acc, scope)?;
    let given = match req.variables {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let checks = picked.map(|op| pre_validate(&app, &schema, &query, &doc, op)).unwrap_or_default();
    let (execution, invalid) = picked
        .map(|op| {
            let hints = app.config.graphql_introspection;
            super::variables::coercion_errors(schema.registry(), op, &given, hints)
        })
        .unwrap_or_default();
    let variables = super::variables::without(Variables::from_json(Value::Object(given)), &invalid);
    let operation = picked.map(|op| Operation { ty: op.ty, roots: root_fields(op) });

    let phase: SharedPhase =
        Arc::new(Mutex::new(Phase { validated: false, extra: checks.extra, execution }));
    let is_admin = acc.admin;
    let set_cookies = Arc::new(Mutex::new(Vec::<String>::new()));
    let empty_objects = Arc::new(Mutex::new(Vec::new()));
    let ctx = GqlCtx {
        app: Arc::clone(&app),
        schemas,
        acc,
        cookies: req.cookies,
        set_cookies: Arc::clone(&set_cookies),
        empty_objects: Arc::clone(&empty_objects),
    };
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = req.operation_name {
        request = request.operation_name(name);
    }
    request.set_parsed_query(doc);
    let request = request.data(ctx).data(Arc::clone(&phase));
    let response = schema.execute(request).await;

    let validated = match phase.lock() {
        Ok(p) => p.validated,
        Err(poisoned) => poisoned.into_inner().validated,
    };
    if !validated {
        return Err(validation_failure(&app, &schema, &response, &checks.scalar_arguments));
    }
    let mut body = respond(&schema, operation.as_ref(), response, is_admin);
    let empty = match empty_objects.lock() {
        Ok(e) => e.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    if let Some(data) = body.get_mut("data") {
        fill_empty_objects(data, &empty);
    }
    let cookies = match set_cookies.lock() {
        Ok(c) => c.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    Ok(GqlReply { body: Value::Object(body), set_cookies: cookies })
}

/// Parses the document: over the token limit, or with a syntax error, it is a
/// GRAPHQL_VALIDATION error worded as graphql-js words it; nested too deeply
/// or too large once its fragments are expanded ([`bounds`]), it is one too.
fn parse(query: &str) -> Result<Document> {
    if count_tokens(query) > TOKEN_LIMIT {
        return Err(validation_error(vec![json!({
            "message": format!("Syntax Error: Document contains more that {TOKEN_LIMIT} tokens. Parsing aborted.")
        })]));
    }
    if bounds::nests_deeper_than(query, bounds::MAX_NESTING) {
        return Err(validation_error(vec![json!({
            "message": format!(
                "Syntax Error: Document is nested more than {} levels deep. Parsing aborted.",
                bounds::MAX_NESTING
            )
        })]));
    }
    let mut doc = async_graphql::parser::parse_query(query).map_err(|e| syntax_error(query, &e))?;
    bounds::dedupe_spreads(&mut doc);
    if bounds::expanded_size(&doc, bounds::MAX_EXPANDED).is_none() {
        return Err(validation_error(vec![json!({
            "message": format!(
                "Document selects more than {} fields once its fragments are expanded.",
                bounds::MAX_EXPANDED
            )
        })]));
    }
    Ok(doc)
}

fn syntax_error(query: &str, e: &async_graphql::parser::Error) -> Error {
    // graphql-js' reading of the document words the problem as Directus shows it.
    match super::syntax::check(query) {
        Err(se) => {
            return validation_error(vec![json!({
                "message": format!("Syntax Error: {}", se.message),
                "locations": [{"line": se.line, "column": se.column}],
            })]);
        }
        Ok(ops) if ops.len() > 1 && ops.iter().any(|o| o.anonymous) => {
            let errors = ops
                .iter()
                .filter(|o| o.anonymous)
                .map(|o| {
                    json!({
                        "message": "This anonymous operation must be the only defined operation.",
                        "locations": [{"line": o.line, "column": o.column}],
                    })
                })
                .collect();
            return validation_error(errors);
        }
        Ok(_) => {}
    }
    let text = e.to_string();
    let reason =
        text.lines().last().map(|l| l.trim().trim_start_matches("= ")).unwrap_or(&text).to_owned();
    let mut reason = reason;
    if let Some(first) = reason.get(..1) {
        reason = first.to_uppercase() + &reason[1..];
    }
    validation_error(vec![json!({
        "message": format!("Syntax Error: {reason}."),
        "locations": locations(&e.positions().collect::<Vec<_>>()),
    })])
}

/// The operation to run: the only one, or the one named. `None` when the name
/// does not match (async-graphql reports that when it runs).
fn pick_operation<'d>(doc: &'d Document, name: Option<&str>) -> Option<&'d OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(map), Some(name)) => map.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(map), None) if map.len() == 1 => {
            map.values().next().map(|op| &op.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The operation's root fields: where each is, its response key and its name.
fn root_fields(op: &OperationDefinition) -> Vec<Root> {
    op.selection_set
        .node
        .items
        .iter()
        .filter_map(|s| match &s.node {
            Selection::Field(f) => Some(Root {
                pos: f.pos,
                key: f.node.response_key().node.to_string(),
                name: f.node.name.node.to_string(),
            }),
            _ => None,
        })
        .collect()
}

type Document = async_graphql::parser::types::ExecutableDocument;
type OperationDefinition = async_graphql::parser::types::OperationDefinition;

/// What the picked operation is, kept for shaping the response.
struct Operation {
    ty: OperationType,
    roots: Vec<Root>,
}

/// Problems found before async-graphql validates, reported with its own.
#[derive(Default)]
struct Checks {
    /// Validation problems of the rules async-graphql lacks.
    extra: Vec<ServerError>,
    /// Arguments whose scalar literals were checked here: async-graphql's own
    /// error for them is dropped.
    scalar_arguments: Vec<Pos>,
}

/// The checks of [`rules`](super::rules) and graphql-js' scalar literal checks.
fn pre_validate(
    app: &App,
    schema: &async_graphql::dynamic::Schema,
    query: &str,
    doc: &Document,
    op: &OperationDefinition,
) -> Checks {
    let mut checks = Checks::default();
    checks.extra.extend(super::rules::single_use_errors(doc, op));
    if !app.config.graphql_introspection {
        checks.extra.extend(super::rules::introspection_errors(doc, op));
    }
    checks.extra.extend(super::rules::input_object_errors(schema, op));
    let root = match op.ty {
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
        OperationType::Query => "Query",
    };
    checks.extra.extend(super::positions::variable_position_errors(
        schema.registry(),
        query,
        doc,
        op,
        root,
    ));
    for (argument, value, message) in
        super::messages::scalar_literal_errors(schema.registry(), query, doc, op, root)
    {
        checks.scalar_arguments.push(argument);
        checks.extra.push(ServerError::new(message, Some(value)));
    }
    checks
}

/// A 400 GRAPHQL_VALIDATION with every problem, in document order.
fn validation_failure(
    app: &App,
    schema: &async_graphql::dynamic::Schema,
    response: &async_graphql::Response,
    scalar_arguments: &[Pos],
) -> Error {
    let registry = schema.registry();
    let mut found: Vec<(Vec<Pos>, String)> = response
        .errors
        .iter()
        // The scalar checks above word async-graphql's argument errors as graphql-js does.
        .filter(|e| {
            !(e.message.starts_with("Invalid value for argument")
                && e.locations.first().is_some_and(|p| scalar_arguments.contains(p)))
        })
        .map(|e| {
            let mut pos = e.locations.clone();
            let message = super::messages::rewrite(
                registry,
                &e.message,
                &mut pos,
                app.config.graphql_introspection,
            );
            (pos, message)
        })
        // With introspection off async-graphql does not know `__schema`;
        // the introspection rule above has reported those fields.
        .filter(|(_, message)| introspection_field(message).is_none())
        .collect();
    // graphql-js reports in document order, whichever rule found the problem;
    // VariablesInAllowedPosition reports when it leaves the operation, in the
    // order of the variables' uses.
    found.sort_by_key(|(pos, message)| {
        let misplaced = message.contains(" used in position expecting type ");
        let at = if misplaced { pos.last() } else { pos.first() };
        (misplaced, at.map(|p| (p.line, p.column)))
    });
    let errors: Vec<Value> = found
        .into_iter()
        .map(|(pos, message)| {
            let mut m = Map::new();
            m.insert("message".into(), json!(message));
            if !pos.is_empty() {
                m.insert("locations".into(), locations(&pos));
            }
            Value::Object(m)
        })
        .collect();
    validation_error(errors)
}

/// The 200 body: `data` with graphql-js' null rules, then `errors`.
fn respond(
    schema: &async_graphql::dynamic::Schema,
    operation: Option<&Operation>,
    response: async_graphql::Response,
    is_admin: bool,
) -> Map<String, Value> {
    let mut body = Map::new();
    let empty = Vec::new();
    let roots = operation.map_or(&empty, |op| &op.roots);
    if operation.is_some_and(|op| op.ty == OperationType::Subscription) {
        let data: Map<String, Value> = roots.iter().map(|r| (r.key.clone(), Value::Null)).collect();
        body.insert("data".into(), Value::Object(data));
        return body;
    }
    let root_type = match operation.map(|op| op.ty) {
        Some(OperationType::Mutation) => "Mutation",
        _ => "Query",
    };
    // async-graphql drops a failing root field from `data`; graphql-js sets a
    // nullable one to null and nulls the whole `data` for a non-null one.
    let mut errors: Vec<Value> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for e in &response.errors {
        let mut formatted = format_error(e, is_admin);
        if e.path.is_empty()
            && e.source::<Error>().is_some()
            && let Some(Root { key, .. }) =
                roots.iter().find(|r| e.locations.first() == Some(&r.pos))
        {
            if let Value::Object(m) = &mut formatted {
                m.insert("path".into(), json!([key]));
            }
            failed.push(key.clone());
        }
        errors.push(formatted);
    }
    let data = response.data.into_json().unwrap_or(Value::Null);
    let non_null_failed = failed.iter().any(|key| {
        roots
            .iter()
            .find(|r| &r.key == key)
            .and_then(|r| {
                schema.registry().types.get(root_type).and_then(|t| t.field_by_name(&r.name))
            })
            .is_some_and(|f| f.ty.ends_with('!'))
    });
    if !non_null_failed && (!data.is_null() || !failed.is_empty()) {
        body.insert("data".into(), Value::Object(ordered_data(roots, &data, &failed)));
    }
    if !errors.is_empty() {
        body.insert("errors".into(), Value::Array(errors));
    }
    body
}

/// Puts `{}` where async-graphql answered an object with nothing selected as null.
fn fill_empty_objects(data: &mut Value, paths: &[Vec<String>]) {
    for path in paths {
        let slot = path.iter().try_fold(&mut *data, |cur, seg| match cur {
            Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            Value::Object(map) => map.get_mut(seg),
            _ => None,
        });
        if let Some(slot @ Value::Null) = slot {
            *slot = Value::Object(Map::new());
        }
    }
}

/// `data` in the order of the root fields, a failed nullable root field as null.
fn ordered_data(roots: &[Root], data: &Value, failed: &[String]) -> Map<String, Value> {
    let mut ordered = Map::new();
    for Root { key, .. } in roots {
        match data.get(key) {
            Some(v) => {
                ordered.insert(key.clone(), v.clone());
            }
            None if failed.contains(key) => {
                ordered.insert(key.clone(), Value::Null);
            }
            None => {}
        }
    }
    if let Value::Object(m) = data {
        for (k, v) in m {
            ordered.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    ordered
}

/// A root field of the operation: its position, response key and field name.
struct Root {
    pos: Pos,
    key: String,
    name: String,
}

/// One execution error in Directus' shape.
fn format_error(e: &ServerError, is_admin: bool) -> Value {
    let mut m = Map::new();
    if let Some(err) = e.source::<Error>() {
        let item = err.first();
        m.insert("message".into(), json!(item.message));
        let mut ext = Map::new();
        ext.insert("code".into(), json!(err.wire_code(item)));
        for (k, v) in &item.extensions {
            ext.insert(k.clone(), v.clone());
        }
        m.insert("extensions".into(), Value::Object(ext));
    } else if let Some(code) = e.extensions.as_ref().and_then(|x| x.get("code")).cloned() {
        m.insert("message".into(), json!(e.message));
        let code = code.into_json().unwrap_or(Value::Null);
        m.insert("extensions".into(), json!({"code": code}));
    } else if is_admin {
        let message = if e.message == "Operation name required in request." {
            "Must provide operation name if query contains multiple operations.".to_owned()
        } else {
            e.message.clone()
        };
        m.insert("message".into(), json!(message));
        m.insert("extensions".into(), json!({"code": "INTERNAL_SERVER_ERROR"}));
    } else {
        return json!({
            "message": "An unexpected error occurred.",
            "extensions": {"code": "INTERNAL_SERVER_ERROR"}
        });
    }
    if !e.locations.is_empty() {
        m.insert("locations".into(), locations(&e.locations));
    }
    if !e.path.is_empty() {
        let path: Vec<Value> = e
            .path
            .iter()
            .map(|seg| match seg {
                async_graphql::PathSegment::Field(f) => json!(f),
                async_graphql::PathSegment::Index(i) => json!(i),
            })
            .collect();
        m.insert("path".into(), Value::Array(path));
    }
    Value::Object(m)
}

/// The extension factory every generated schema registers.
pub(crate) fn phase_extension() -> impl ExtensionFactory {
    PhaseExtension
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_counted_like_graphql_js() {
        assert_eq!(count_tokens("{ articles { id } }"), 6);
        assert_eq!(count_tokens("query Q($id: ID!) { a(id: $id) }"), 18);
        assert_eq!(count_tokens("{ a(s: \"x, y\") # c\n }"), 8);
    }
}

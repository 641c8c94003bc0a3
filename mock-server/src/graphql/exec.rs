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

use super::resolve::GqlCtx;
use super::{SchemaCache, Scope, access_fingerprint, build};
use crate::error::{Error, ErrorCode, Result};
use crate::service::{Accountability, App};

/// `GRAPHQL_QUERY_TOKEN_LIMIT`.
pub const TOKEN_LIMIT: usize = 5000;

/// `GRAPHQL_SINGLE_USE_MUTATIONS`' default list.
const SINGLE_USE: &[&str] = &[
    "auth_login",
    "auth_refresh",
    "auth_password_request",
    "auth_password_reset",
    "users_register",
    "users_register_verify",
    "users_invite_accept",
    "users_me_tfa_generate",
    "users_me_tfa_enable",
    "users_me_tfa_disable",
    "utils_cache_clear",
];

/// A GraphQL request as the transport read it.
#[derive(Debug, Clone, Default)]
pub struct GqlRequest {
    pub query: Option<String>,
    pub variables: Option<Value>,
    pub operation_name: Option<String>,
    /// Sent with GET: only queries may run.
    pub get: bool,
    pub cookies: Vec<(String, String)>,
}

/// A 200 response: the body and the cookies to set.
#[derive(Debug, Clone)]
pub struct GqlReply {
    pub body: Value,
    pub set_cookies: Vec<String>,
}

/// The schema of a scope for a caller, from the cache when nothing changed.
pub fn schema_for(
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
pub fn sdl(app: &App, schemas: &SchemaCache, acc: &Accountability, scope: Scope) -> Result<String> {
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
pub fn count_tokens(source: &str) -> usize {
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

/// Walks a mutation's top-level selection (through fragments) and reports
/// the second use of a single-use mutation.
fn single_use_errors(
    doc: &async_graphql::parser::types::ExecutableDocument,
    operation: &async_graphql::parser::types::OperationDefinition,
) -> Vec<ServerError> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut errors = Vec::new();
    fn walk(
        doc: &async_graphql::parser::types::ExecutableDocument,
        set: &async_graphql::parser::types::SelectionSet,
        counts: &mut std::collections::HashMap<String, usize>,
        errors: &mut Vec<ServerError>,
        depth: usize,
    ) {
        if depth > 32 || !errors.is_empty() {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    if SINGLE_USE.contains(&name) {
                        let n = counts.entry(name.to_owned()).or_default();
                        *n += 1;
                        if *n > 1 {
                            errors.push(ServerError::new(
                                format!("\"{name}\" can only be used once per request"),
                                Some(f.pos),
                            ));
                            return;
                        }
                    }
                }
                Selection::InlineFragment(frag) => {
                    walk(doc, &frag.node.selection_set.node, counts, errors, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(def) = doc.fragments.get(&spread.node.fragment_name.node) {
                        walk(doc, &def.node.selection_set.node, counts, errors, depth + 1);
                    }
                }
            }
        }
    }
    if operation.ty == OperationType::Mutation {
        walk(doc, &operation.selection_set.node, &mut counts, &mut errors, 0);
    }
    errors
}

/// The return type of an introspection type's field, for the fields whose type is
/// itself an introspection type (the others return scalars).
fn introspection_field_type(parent: &str, field: &str) -> Option<&'static str> {
    Some(match (parent, field) {
        ("__Schema", "types" | "queryType" | "mutationType" | "subscriptionType") => "__Type",
        ("__Schema", "directives") => "__Directive",
        ("__Type", "kind") => "__TypeKind",
        ("__Type", "fields") => "__Field",
        ("__Type", "interfaces" | "possibleTypes" | "ofType") => "__Type",
        ("__Type", "enumValues") => "__EnumValue",
        ("__Type" | "__Field" | "__Directive", "inputFields" | "args") => "__InputValue",
        ("__Field" | "__InputValue", "type") => "__Type",
        ("__Directive", "locations") => "__DirectiveLocation",
        _ => return None,
    })
}

/// graphql-js' NoSchemaIntrospectionCustomRule, which Directus adds when
/// `GRAPHQL_INTROSPECTION=false`: one error per field whose type is an
/// introspection type (`__schema`, `__type` and what they select), in document order.
fn introspection_errors(
    doc: &async_graphql::parser::types::ExecutableDocument,
    operation: &async_graphql::parser::types::OperationDefinition,
) -> Vec<ServerError> {
    fn walk(
        doc: &async_graphql::parser::types::ExecutableDocument,
        set: &async_graphql::parser::types::SelectionSet,
        parent: Option<&str>,
        errors: &mut Vec<ServerError>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    let ty = match parent {
                        None if name == "__schema" => Some("__Schema"),
                        None if name == "__type" => Some("__Type"),
                        None => None,
                        Some(p) => introspection_field_type(p, name),
                    };
                    if let Some(ty) = ty {
                        errors.push(ServerError::new(
                            format!(
                                "GraphQL introspection has been disabled, but the requested query contained the field \"{name}\"."
                            ),
                            Some(f.pos),
                        ));
                        walk(doc, &f.node.selection_set.node, Some(ty), errors, depth + 1);
                    }
                }
                Selection::InlineFragment(frag) => {
                    walk(doc, &frag.node.selection_set.node, parent, errors, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(def) = doc.fragments.get(&spread.node.fragment_name.node) {
                        walk(doc, &def.node.selection_set.node, parent, errors, depth + 1);
                    }
                }
            }
        }
    }
    let mut errors = Vec::new();
    walk(doc, &operation.selection_set.node, None, &mut errors, 0);
    errors
}

/// Runs a request. `Err` is a REST-shaped error (4xx, 405, 500); `Ok` is a 200 body.
pub async fn execute(
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
    if count_tokens(&query) > TOKEN_LIMIT {
        return Err(validation_error(vec![json!({
            "message": format!("Syntax Error: Document contains more that {TOKEN_LIMIT} tokens. Parsing aborted.")
        })]));
    }
    let doc = async_graphql::parser::parse_query(&query).map_err(|e| {
        // graphql-js' reading of the document words the problem as Directus shows it.
        match super::syntax::check(&query) {
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
        let reason = text
            .lines()
            .last()
            .map(|l| l.trim().trim_start_matches("= "))
            .unwrap_or(&text)
            .to_owned();
        let mut reason = reason;
        if let Some(first) = reason.get(..1) {
            reason = first.to_uppercase() + &reason[1..];
        }
        validation_error(vec![json!({
            "message": format!("Syntax Error: {reason}."),
            "locations": locations(&e.positions().collect::<Vec<_>>()),
        })])
    })?;

    let operation = match (&doc.operations, req.operation_name.as_deref()) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(map), Some(name)) => map.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(map), None) if map.len() == 1 => {
            map.values().next().map(|op| &op.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    if req.get && operation.is_none_or(|op| op.ty != OperationType::Query) {
        return Err(Error::new(
            ErrorCode::MethodNotAllowed,
            "Invalid method \"GET\" used. Should be one of \"POST\".",
        )
        .with("allowed", json!(["POST"]))
        .with("current", "GET")
        .with_header("allow", "POST"));
    }
    let is_subscription = operation.is_some_and(|op| op.ty == OperationType::Subscription);
    let root_type = match operation.map(|op| op.ty) {
        Some(OperationType::Mutation) => "Mutation",
        _ => "Query",
    };
    // The operation's root fields: where each is, its response key and its name.
    let roots: Vec<Root> = operation
        .map(|op| {
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
        })
        .unwrap_or_default();
    let mut extra = operation.map(|op| single_use_errors(&doc, op)).unwrap_or_default();
    if !app.config.graphql_introspection
        && let Some(op) = operation
    {
        extra.extend(introspection_errors(&doc, op));
    }

    let schema = schema_for(&app, &schemas, &acc, scope)?;
    let mut extra = extra;
    let mut scalar_arguments: Vec<Pos> = Vec::new();
    if let Some(op) = operation {
        extra.extend(input_object_errors(&schema, op));
        let root = match op.ty {
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
            OperationType::Query => "Query",
        };
        for (argument, value, message) in
            super::messages::scalar_literal_errors(schema.registry(), &query, &doc, op, root)
        {
            scalar_arguments.push(argument);
            extra.push(ServerError::new(message, Some(value)));
        }
    }
    let variables = match req.variables {
        Some(v @ Value::Object(_)) => Variables::from_json(v),
        _ => Variables::default(),
    };
    let execution = operation.map(|op| missing_variables(op, &variables)).unwrap_or_default();
    let phase: SharedPhase = Arc::new(Mutex::new(Phase { validated: false, extra, execution }));
    let is_admin = acc.admin;
    let set_cookies = Arc::new(Mutex::new(Vec::<String>::new()));
    let ctx = GqlCtx {
        app: Arc::clone(&app),
        schemas,
        acc,
        cookies: req.cookies,
        set_cookies: Arc::clone(&set_cookies),
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
        // graphql-js reports in document order, whichever rule found the problem.
        found.sort_by_key(|(pos, _)| pos.first().map(|p| (p.line, p.column)));
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
        return Err(validation_error(errors));
    }

    let mut body = Map::new();
    if is_subscription {
        let data: Map<String, Value> = roots.into_iter().map(|r| (r.key, Value::Null)).collect();
        body.insert("data".into(), Value::Object(data));
        return Ok(GqlReply { body: Value::Object(body), set_cookies: Vec::new() });
    }
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
        let mut ordered = Map::new();
        for Root { key, .. } in &roots {
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
        if let Value::Object(m) = &data {
            for (k, v) in m {
                ordered.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        body.insert("data".into(), Value::Object(ordered));
    }
    if !errors.is_empty() {
        body.insert("errors".into(), Value::Array(errors));
    }
    let cookies = match set_cookies.lock() {
        Ok(c) => c.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    Ok(GqlReply { body: Value::Object(body), set_cookies: cookies })
}

/// `Variable "$id" of required type "ID!" was not provided.`, as graphql-js
/// reports when execution starts.
fn missing_variables(
    operation: &async_graphql::parser::types::OperationDefinition,
    variables: &Variables,
) -> Vec<ServerError> {
    operation
        .variable_definitions
        .iter()
        .filter(|def| {
            let d = &def.node;
            !d.var_type.node.nullable
                && d.default_value.is_none()
                && variables.get(&d.name.node).is_none_or(|v| *v == async_graphql::Value::Null)
        })
        .map(|def| {
            let d = &def.node;
            let message = if variables.get(&d.name.node).is_some() {
                format!(
                    "Variable \"${}\" of non-null type \"{}\" must not be null.",
                    d.name.node, d.var_type.node
                )
            } else {
                format!(
                    "Variable \"${}\" of required type \"{}\" was not provided.",
                    d.name.node, d.var_type.node
                )
            };
            ServerError::new(message, Some(def.pos))
        })
        .collect()
}

/// graphql-js rejects a scalar where an input object is expected
/// (`author: 999` for `create_authors_input`); async-graphql lets it pass.
fn input_object_errors(
    schema: &async_graphql::dynamic::Schema,
    operation: &async_graphql::parser::types::OperationDefinition,
) -> Vec<ServerError> {
    use async_graphql::registry::MetaType;
    use async_graphql_value::Value as AstValue;
    let registry = schema.registry();
    let root = match operation.ty {
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
        OperationType::Query => "Query",
    };
    fn named(ty: &str) -> &str {
        ty.trim_matches(|c| c == '[' || c == ']' || c == '!')
    }
    fn check(
        registry: &async_graphql::registry::Registry,
        ty: &str,
        value: &AstValue,
        pos: Pos,
        out: &mut Vec<ServerError>,
    ) {
        let name = named(ty);
        let Some(MetaType::InputObject { input_fields, .. }) = registry.types.get(name) else {
            return;
        };
        match value {
            AstValue::List(items) => {
                let inner = ty.trim_end_matches('!');
                let inner =
                    inner.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(inner);
                for item in items {
                    check(registry, inner, item, pos, out);
                }
            }
            AstValue::Object(fields) => {
                for (k, v) in fields {
                    if let Some(field) = input_fields.get(k.as_str()) {
                        check(registry, &field.ty, v, pos, out);
                    }
                }
            }
            AstValue::Null | AstValue::Variable(_) => {}
            other => out.push(ServerError::new(
                format!("Expected value of type \"{ty}\", found {other}."),
                Some(pos),
            )),
        }
    }
    let mut out = Vec::new();
    let Some(MetaType::Object { fields, .. }) = registry.types.get(root) else { return out };
    for item in &operation.selection_set.node.items {
        let Selection::Field(f) = &item.node else { continue };
        let Some(def) = fields.get(f.node.name.node.as_str()) else { continue };
        for (name, value) in &f.node.arguments {
            if let Some(arg) = def.args.get(name.node.as_str()) {
                check(registry, &arg.ty, &value.node, value.pos, &mut out);
            }
        }
    }
    out
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
        ext.insert("code".into(), json!(item.code.wire()));
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

//! Schema generation: a pure function of the schema model, the caller's
//! access and the scope, with Directus 12.4's type and field names.
//!
//! [`build`] runs the phases of Directus' schema generation, one module each:
//!
//! - [`filters`]: the filter input types every collection shares (one
//!   `<type>_filter_operators` per GraphQL filter input of the operator table)
//!   and the function filters and objects;
//! - [`collections`]: per collection the caller may read, `type <c>` (the
//!   readable fields, `ID!` keys, `<field>_func` objects, relational fields
//!   with their own arguments, M2A unions), `<c>_filter` and
//!   `<c>_quantifier_filter`, `<c>_aggregated` with `_count` and `_fields`,
//!   `version_<c>` on `/graphql`; per collection the caller may create or
//!   update, `create_<c>_input` / `update_<c>_input` with nested inputs for
//!   relations;
//! - [`roots`]: the root query and subscription fields of the scope's
//!   collections (user collections on `/graphql`, system collections without
//!   the `directus_` prefix on `/graphql/system`);
//! - [`mutations`]: the create, update and delete mutations of those collections;
//! - [`system_fields`]: what only `/graphql/system` has: the server, schema and auth
//!   fields and their types.
//!
//! This module holds what the phases share (the caller's [`View`], the
//! [`Types`] being collected, scalars and non-null rules) and puts the root
//! types and the collected types into one schema.

mod collections;
mod filters;
mod mutations;
mod roots;
mod system_fields;

use std::collections::HashSet;

use async_graphql::dynamic::{
    Enum, Field, InputObject, InputValue, Object, Scalar, Schema as GqlSchema, Subscription,
    SubscriptionField, TypeRef, Union,
};
use serde_json::Value;

use super::Scope;
use super::resolve::Leaf;
use crate::engine::{Access, Action};
use crate::error::{Error, Result};
use crate::schema::{Collection, Field as ModelField, FieldType, RelKind, Schema};
use crate::system;

/// System collections GraphQL never exposes as generic types.
pub(crate) const SYSTEM_DENY_LIST: &[&str] = &[
    "directus_collections",
    "directus_fields",
    "directus_relations",
    "directus_migrations",
    "directus_sessions",
    "directus_extensions",
];

/// Collections with query fields but no mutations.
const READ_ONLY: &[&str] = &["directus_activity", "directus_revisions"];

/// Names a collection cannot have in GraphQL (they are built-in or shared types).
const RESERVED: &[&str] = &[
    "Subscription",
    "Query",
    "Mutation",
    "Int",
    "Float",
    "String",
    "Boolean",
    "DateTime",
    "ID",
    "uid",
    "Point",
    "PointList",
    "Polygon",
    "MultiPolygon",
    "JSON",
    "Hash",
    "Date",
    "Void",
];

/// `^[_A-Za-z][_0-9A-Za-z]*$`, not starting with `__`.
pub(crate) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    first_ok && chars.all(|c| c == '_' || c.is_ascii_alphanumeric()) && !name.starts_with("__")
}

fn gql_collection(name: &str) -> bool {
    valid_name(name) && !RESERVED.contains(&name) && !SYSTEM_DENY_LIST.contains(&name)
}

/// The GraphQL scalar a Directus field maps to.
pub(crate) fn scalar_of(field: &ModelField) -> (&'static str, bool) {
    if field.has_special("conceal") {
        return ("Hash", false);
    }
    let name = match field.ty {
        FieldType::Boolean => "Boolean",
        FieldType::BigInteger => "GraphQLBigInt",
        FieldType::Integer => "Int",
        FieldType::Decimal | FieldType::Float => "Float",
        FieldType::Csv => return ("String", true),
        FieldType::Json => "JSON",
        FieldType::Geometry => "GraphQLGeoJSON",
        FieldType::Date | FieldType::Time | FieldType::DateTime | FieldType::Timestamp => "Date",
        FieldType::Hash => "Hash",
        FieldType::Uuid => "ID",
        _ => "String",
    };
    (name, false)
}

fn leaf_of(scalar: &str) -> Leaf {
    match scalar {
        "ID" => Leaf::Id,
        "String" => Leaf::Str,
        "Int" => Leaf::Int,
        "Float" => Leaf::Float,
        // graphql-scalars' BigInt serializes as text.
        "GraphQLBigInt" => Leaf::Str,
        _ => Leaf::Other,
    }
}

/// Directus' `!field.defaultValue`: null, false, 0 and "" count as no default.
fn has_default(field: &ModelField) -> bool {
    if field.schema.as_ref().is_some_and(|s| s.has_auto_increment) {
        return true;
    }
    match field.default_value() {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn type_ref(name: &str, list: bool, non_null: bool) -> TypeRef {
    match (list, non_null) {
        (true, true) => TypeRef::named_list_nn(name),
        (true, false) => TypeRef::named_list(name),
        (false, true) => TypeRef::named_nn(name),
        (false, false) => TypeRef::named(name),
    }
}

/// The collections and fields the caller may use, per action.
struct View<'a> {
    schema: &'a Schema,
    access: &'a Access,
}

impl<'a> View<'a> {
    fn collections(&self, action: Action) -> Vec<&'a Collection> {
        self.schema
            .collections
            .values()
            .filter(|c| c.has_table && gql_collection(&c.name))
            .filter(|c| self.access.can(&c.name, action))
            .filter(|c| !self.fields(c, action).is_empty())
            .collect()
    }

    fn fields(&self, coll: &'a Collection, action: Action) -> Vec<&'a ModelField> {
        let allowed = self.access.allowed_fields(&coll.name, action);
        coll.fields
            .values()
            .filter(|f| valid_name(&f.name))
            .filter(|f| allowed.as_ref().is_none_or(|a| a.iter().any(|x| x == &f.name)))
            .collect()
    }

    fn has(&self, collection: &str, action: Action) -> bool {
        self.schema.collection(collection).is_some_and(|c| {
            c.has_table
                && gql_collection(&c.name)
                && self.access.can(collection, action)
                && !self.fields(c, action).is_empty()
        })
    }
}

/// Collects types and refuses two types of one name, as graphql-js does.
#[derive(Default)]
struct Types {
    names: HashSet<String>,
    objects: Vec<Object>,
    inputs: Vec<InputObject>,
    unions: Vec<Union>,
    enums: Vec<Enum>,
    scalars: Vec<Scalar>,
    duplicate: Option<String>,
}

impl Types {
    fn claim(&mut self, name: &str) {
        if !self.names.insert(name.to_owned()) && self.duplicate.is_none() {
            self.duplicate = Some(name.to_owned());
        }
    }
    fn object(&mut self, o: Object) {
        self.claim(o.type_name());
        self.objects.push(o);
    }
    fn input(&mut self, i: InputObject) {
        self.claim(i.type_name());
        self.inputs.push(i);
    }
    fn enumeration(&mut self, e: Enum) {
        self.claim(e.type_name());
        self.enums.push(e);
    }
    fn union(&mut self, u: Union) {
        self.claim(u.type_name());
        self.unions.push(u);
    }
    fn scalar(&mut self, s: Scalar) {
        self.claim(s.type_name());
        self.scalars.push(s);
    }
}

fn list_args(field: Field, filter_type: &str) -> Field {
    field
        .argument(InputValue::new("filter", TypeRef::named(filter_type)))
        .argument(InputValue::new("sort", TypeRef::named_list(TypeRef::STRING)))
        .argument(InputValue::new("limit", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("offset", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("page", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("search", TypeRef::named(TypeRef::STRING)))
}

/// How a relational field of `collection` shows in one action's types.
enum RelView {
    /// Not relational, or the other side is not visible: the column's scalar.
    Plain,
    M2o(String),
    O2m(String),
    A2o(Vec<String>),
}

fn rel_view(view: &View<'_>, collection: &str, field: &str, action: Action) -> RelView {
    let visible =
        |c: &str| !SYSTEM_DENY_LIST.contains(&c) && view.has(c, action) && gql_collection(c);
    match view.schema.rel(collection, field) {
        Some(RelKind::M2o { related }) if visible(related) => RelView::M2o(related.clone()),
        Some(RelKind::O2m { related, .. }) if visible(related) => RelView::O2m(related.clone()),
        Some(RelKind::A2o { allowed, .. }) => {
            let members: Vec<String> = allowed.iter().filter(|c| visible(c)).cloned().collect();
            if members.is_empty() { RelView::Plain } else { RelView::A2o(members) }
        }
        _ => RelView::Plain,
    }
}

/// The same type without its outer non-null marker (version types are all nullable).
fn nullable(ty: &TypeRef) -> TypeRef {
    let text = ty.to_string();
    let inner = text.strip_suffix('!').unwrap_or(&text);
    match inner.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(item) => match item.strip_suffix('!') {
            Some(name) => TypeRef::named_nn_list(name),
            None => TypeRef::named_list(item),
        },
        None => TypeRef::named(inner),
    }
}

/// Non-null rules of Directus' type generation for one field and action.
fn field_type_ref(coll: &Collection, field: &ModelField, action: Action) -> TypeRef {
    let (scalar, list) = scalar_of(field);
    if field.is_primary_key() {
        if coll.name == system::PERMISSIONS {
            return TypeRef::named(TypeRef::ID);
        }
        return match action {
            Action::Create if !has_default(field) && !field.has_special("uuid") => {
                TypeRef::named_nn(TypeRef::ID)
            }
            Action::Create | Action::Update => TypeRef::named(TypeRef::ID),
            _ => TypeRef::named_nn(TypeRef::ID),
        };
    }
    let nn = !field.nullable()
        && !has_default(field)
        && !field.is_generated()
        && action != Action::Update;
    type_ref(scalar, list, nn)
}

/// What besides permissions shapes a schema: a logged-in user sees more
/// server info, an app user (or admin) the schema collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Caller {
    pub(crate) logged_in: bool,
    pub(crate) app: bool,
    /// `GRAPHQL_INTROSPECTION`: off removes `__schema`, `__type`, suggestions and `server_specs_graphql`.
    pub(crate) introspection: bool,
}

/// Builds the schema for a caller. Fails like Directus when two generated
/// types share a name (a collection named `count_functions`).
pub(crate) fn build(
    schema: &Schema,
    access: &Access,
    scope: Scope,
    caller: Caller,
) -> Result<GqlSchema> {
    let view = View { schema, access };
    let mut types = Types::default();
    filters::operator_inputs(&mut types);
    let read: Vec<&Collection> = view.collections(Action::Read);
    collections::collection_types(&view, &read, scope, &mut types);

    let mut roots = Roots::default();
    if scope == Scope::System {
        roots.system_query = system_fields::query_fields(&view, &mut types, caller);
        roots.mutation = system_fields::mutation_fields(&view);
    }
    roots::collection_roots(&read, scope, &mut roots, &mut types);
    mutations::collection_mutations(&view, &read, scope, &mut roots, &mut types);

    if let Some(name) = types.duplicate.take() {
        return Err(Error::internal(format!(
            "Schema must contain uniquely named types but contains multiple types named \"{name}\"."
        )));
    }
    assemble(roots, types, caller)
}

/// The root fields, collected per root type.
#[derive(Default)]
struct Roots {
    /// The fields only `/graphql/system` has; they come first.
    system_query: Vec<Field>,
    /// The query fields of the scope's collections. Without any, the query
    /// type gets `_empty`: Directus checks for an empty Query before it adds
    /// the system fields, so those do not count.
    query: Vec<Field>,
    mutation: Vec<Field>,
    subscription: Vec<SubscriptionField>,
}

/// Registers the root types (those with fields), the shared scalars and the collected types.
fn assemble(roots: Roots, types: Types, caller: Caller) -> Result<GqlSchema> {
    let no_collection_queries = roots.query.is_empty();
    let mut query =
        roots.system_query.into_iter().chain(roots.query).fold(Object::new("Query"), Object::field);
    if no_collection_queries {
        query = query.field(
            Field::new("_empty", TypeRef::named("Void"), |_| {
                async_graphql::dynamic::FieldFuture::from_value(None)
            })
            .description("There's no data to query."),
        );
    }
    let has_mutation = !roots.mutation.is_empty();
    let has_subscription = !roots.subscription.is_empty();
    let mut builder = GqlSchema::build(
        "Query",
        has_mutation.then_some("Mutation"),
        has_subscription.then_some("Subscription"),
    )
    .extension(super::exec::phase_extension())
    .register(query);
    if has_mutation {
        builder = builder
            .register(roots.mutation.into_iter().fold(Object::new("Mutation"), Object::field));
    }
    if has_subscription {
        let subscription = roots
            .subscription
            .into_iter()
            .fold(Subscription::new("Subscription"), Subscription::field);
        builder = builder
            .register(subscription)
            .register(Enum::new("EventEnum").item("create").item("update").item("delete"));
    }
    if !caller.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    for scalar in [
        "JSON",
        "Date",
        "Hash",
        "GraphQLBigInt",
        "GraphQLStringOrFloat",
        "GraphQLJsonFilter",
        "GraphQLGeoJSON",
        "Void",
    ] {
        builder = builder.register(Scalar::new(scalar));
    }
    for o in types.objects {
        builder = builder.register(o);
    }
    for i in types.inputs {
        builder = builder.register(i);
    }
    for u in types.unions {
        builder = builder.register(u);
    }
    for e in types.enums {
        builder = builder.register(e);
    }
    for s in types.scalars {
        builder = builder.register(s);
    }
    builder.finish().map_err(|e| Error::internal(format!("GraphQL schema: {e}")))
}

/// Whether a collection's root fields belong to the scope: user collections
/// on `/graphql`, system collections on `/graphql/system`.
fn in_scope(coll: &Collection, scope: Scope) -> bool {
    match scope {
        Scope::Items => !coll.system,
        Scope::System => coll.system,
    }
}

/// A root field name: the collection, without `directus_` in system scope.
fn root_name(collection: &str, scope: Scope) -> String {
    match scope {
        Scope::System => collection.strip_prefix("directus_").unwrap_or(collection).to_owned(),
        Scope::Items => collection.to_owned(),
    }
}

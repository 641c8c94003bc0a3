//! Schema generation: a pure function of the schema model, the caller's
//! access and the scope, with Directus 12.4's type and field names.
//!
//! Per collection the caller may read: `type <c>` (the readable fields, `ID!`
//! keys, `<field>_func` objects, relational fields with their own arguments,
//! M2A unions), `<c>_filter` and `<c>_quantifier_filter`, `<c>_aggregated`
//! with `_count` and `_fields`, `version_<c>` on `/graphql`. Per collection
//! the caller may create or update: `create_<c>_input` / `update_<c>_input`
//! with nested inputs for relations. Root fields depend on the scope: user
//! collections on `/graphql`, system collections (without the `directus_`
//! prefix) plus the server, schema and auth fields on `/graphql/system`.

use std::collections::{BTreeSet, HashSet};

use async_graphql::dynamic::{
    Enum, Field, InputObject, InputValue, Object, Scalar, Schema as GqlSchema, Subscription,
    SubscriptionField, SubscriptionFieldFuture, TypeRef, Union,
};
use serde_json::Value;

use super::Scope;
use super::resolve::{self, Leaf, Shape};
use crate::engine::{Access, Action};
use crate::error::{Error, Result};
use crate::schema::{Collection, Field as ModelField, FieldType, RelKind, Schema};
use crate::system;

/// System collections GraphQL never exposes as generic types.
pub const SYSTEM_DENY_LIST: &[&str] = &[
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
pub fn valid_name(name: &str) -> bool {
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

fn operator_inputs(types: &mut Types) {
    let string_ops = |name: &str, scalar: &str| {
        let mut o = InputObject::new(name);
        for op in [
            "_eq",
            "_neq",
            "_contains",
            "_icontains",
            "_ncontains",
            "_starts_with",
            "_nstarts_with",
            "_istarts_with",
            "_nistarts_with",
            "_ends_with",
            "_nends_with",
            "_iends_with",
            "_niends_with",
        ] {
            o = o.field(InputValue::new(op, TypeRef::named(scalar)));
        }
        o.field(InputValue::new("_in", TypeRef::named_list(scalar)))
            .field(InputValue::new("_nin", TypeRef::named_list(scalar)))
            .field(InputValue::new("_null", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_nnull", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_empty", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_nempty", TypeRef::named(TypeRef::BOOLEAN)))
    };
    types.input(string_ops("id_filter_operators", TypeRef::ID));
    types.input(string_ops("string_filter_operators", TypeRef::STRING));
    let bool_ops = |o: InputObject| {
        o.field(InputValue::new("_null", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_nnull", TypeRef::named(TypeRef::BOOLEAN)))
    };
    types.input(bool_ops(
        InputObject::new("boolean_filter_operators")
            .field(InputValue::new("_eq", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_neq", TypeRef::named(TypeRef::BOOLEAN))),
    ));
    let mut date = InputObject::new("date_filter_operators");
    for op in ["_eq", "_neq", "_gt", "_gte", "_lt", "_lte"] {
        date = date.field(InputValue::new(op, TypeRef::named(TypeRef::STRING)));
    }
    date = bool_ops(date)
        .field(InputValue::new("_in", TypeRef::named_list(TypeRef::STRING)))
        .field(InputValue::new("_nin", TypeRef::named_list(TypeRef::STRING)))
        .field(InputValue::new("_between", TypeRef::named_list("GraphQLStringOrFloat")))
        .field(InputValue::new("_nbetween", TypeRef::named_list("GraphQLStringOrFloat")));
    types.input(date);
    let number_ops = |name: &str, scalar: &str| {
        let mut o = InputObject::new(name)
            .field(InputValue::new("_eq", TypeRef::named(scalar)))
            .field(InputValue::new("_neq", TypeRef::named(scalar)))
            .field(InputValue::new("_in", TypeRef::named_list(scalar)))
            .field(InputValue::new("_nin", TypeRef::named_list(scalar)));
        for op in ["_gt", "_gte", "_lt", "_lte"] {
            o = o.field(InputValue::new(op, TypeRef::named(scalar)));
        }
        bool_ops(o)
            .field(InputValue::new("_between", TypeRef::named_list(scalar)))
            .field(InputValue::new("_nbetween", TypeRef::named_list(scalar)))
    };
    types.input(number_ops("number_filter_operators", "GraphQLStringOrFloat"));
    types.input(number_ops("big_int_filter_operators", "GraphQLBigInt"));
    let mut geo = InputObject::new("geometry_filter_operators");
    for op in
        ["_eq", "_neq", "_intersects", "_nintersects", "_intersects_bbox", "_nintersects_bbox"]
    {
        geo = geo.field(InputValue::new(op, TypeRef::named("GraphQLGeoJSON")));
    }
    types.input(bool_ops(geo));
    types.input(
        bool_ops(InputObject::new("hash_filter_operators"))
            .field(InputValue::new("_empty", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_nempty", TypeRef::named(TypeRef::BOOLEAN))),
    );
    types.input(bool_ops(
        InputObject::new("json_filter_operators")
            .field(InputValue::new("_json", TypeRef::named("GraphQLJsonFilter"))),
    ));
    types.input(
        InputObject::new("count_function_filter_operators")
            .field(InputValue::new("count", TypeRef::named("number_filter_operators"))),
    );
    let parts = |o: InputObject, names: &[&str]| {
        names
            .iter()
            .fold(o, |o, n| o.field(InputValue::new(*n, TypeRef::named("number_filter_operators"))))
    };
    const DATE_PARTS: &[&str] = &["year", "month", "week", "day", "weekday"];
    const TIME_PARTS: &[&str] = &["hour", "minute", "second"];
    types.input(parts(InputObject::new("date_function_filter_operators"), DATE_PARTS));
    types.input(parts(InputObject::new("time_function_filter_operators"), TIME_PARTS));
    types.input(parts(
        parts(InputObject::new("datetime_function_filter_operators"), DATE_PARTS),
        TIME_PARTS,
    ));
    let funcs = |name: &str, names: &[&str]| {
        names.iter().fold(Object::new(name), |o, n| {
            o.field(resolve::field(n, TypeRef::named(TypeRef::INT), Shape::Leaf(Leaf::Int)))
        })
    };
    types.object(funcs("count_functions", &["count"]));
    types.object(funcs("date_functions", DATE_PARTS));
    types.object(funcs("time_functions", TIME_PARTS));
    types.object(funcs("datetime_functions", &[DATE_PARTS, TIME_PARTS].concat()));
}

fn filter_operator_type(field: &ModelField) -> &'static str {
    let (scalar, list) = scalar_of(field);
    if list {
        return "string_filter_operators";
    }
    match scalar {
        "Boolean" => "boolean_filter_operators",
        "GraphQLBigInt" => "big_int_filter_operators",
        "Int" | "Float" => "number_filter_operators",
        "Date" => "date_filter_operators",
        "JSON" => "json_filter_operators",
        "GraphQLGeoJSON" => "geometry_filter_operators",
        "Hash" => "hash_filter_operators",
        "ID" => "id_filter_operators",
        _ => "string_filter_operators",
    }
}

fn func_filter_type(field: &ModelField) -> Option<&'static str> {
    Some(match field.ty {
        FieldType::Date => "date_function_filter_operators",
        FieldType::Time => "time_function_filter_operators",
        FieldType::DateTime | FieldType::Timestamp => "datetime_function_filter_operators",
        FieldType::Json | FieldType::Alias => "count_function_filter_operators",
        _ => return None,
    })
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
pub struct Caller {
    pub logged_in: bool,
    pub app: bool,
    /// `GRAPHQL_INTROSPECTION`: off removes `__schema`, `__type`, suggestions and `server_specs_graphql`.
    pub introspection: bool,
}

/// Builds the schema for a caller. Fails like Directus when two generated
/// types share a name (a collection named `count_functions`).
pub fn build(schema: &Schema, access: &Access, scope: Scope, caller: Caller) -> Result<GqlSchema> {
    let view = View { schema, access };
    let mut types = Types::default();
    operator_inputs(&mut types);

    let read: Vec<&Collection> = view.collections(Action::Read);
    let in_scope = |c: &Collection| match scope {
        Scope::Items => !c.system,
        Scope::System => c.system,
    };

    // Read types, version types, filters, aggregates.
    for coll in &read {
        read_types(&view, coll, scope, &mut types);
    }
    // Write inputs.
    for action in [Action::Create, Action::Update] {
        for coll in view.collections(action) {
            types.input(input_type(&view, coll, action));
        }
    }

    let mut query = Object::new("Query");
    let mut query_fields = 0usize;
    let mut mutation = Object::new("Mutation");
    let mut mutation_fields = 0usize;
    let mut subscription = Subscription::new("Subscription");
    let mut subscription_fields = 0usize;

    if scope == Scope::System {
        let (q, _) = system_query_fields(&view, query, &mut types, caller);
        query = q;
        let (m, mn) = system_mutation_fields(&view, mutation);
        mutation = m;
        mutation_fields += mn;
    }

    for coll in read.iter().filter(|c| in_scope(c)) {
        let root = root_name(&coll.name, scope);
        let c = coll.name.clone();
        if coll.singleton() {
            query = query.field(
                resolve::read_singleton(&root, &c)
                    .argument(InputValue::new("version", TypeRef::named(TypeRef::STRING))),
            );
            query_fields += 1;
        } else {
            query = query.field(list_args(resolve::read_list(&root, &c), &format!("{c}_filter")));
            query = query.field(
                resolve::read_by_id(&format!("{root}_by_id"), &c, &c)
                    .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
                    .argument(InputValue::new("version", TypeRef::named(TypeRef::STRING))),
            );
            query = query.field(
                resolve::read_aggregated(&format!("{root}_aggregated"), &c)
                    .argument(InputValue::new("groupBy", TypeRef::named_list(TypeRef::STRING)))
                    .argument(InputValue::new("filter", TypeRef::named(format!("{c}_filter"))))
                    .argument(InputValue::new("limit", TypeRef::named(TypeRef::INT)))
                    .argument(InputValue::new("offset", TypeRef::named(TypeRef::INT)))
                    .argument(InputValue::new("page", TypeRef::named(TypeRef::INT)))
                    .argument(InputValue::new("search", TypeRef::named(TypeRef::STRING)))
                    .argument(InputValue::new("sort", TypeRef::named_list(TypeRef::STRING))),
            );
            query_fields += 3;
        }
        if scope == Scope::Items {
            let mut by_version =
                resolve::read_by_id(&format!("{root}_by_version"), &c, &format!("version_{c}"))
                    .argument(InputValue::new("version", TypeRef::named_nn(TypeRef::STRING)));
            if !coll.singleton() {
                by_version =
                    by_version.argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)));
            }
            query = query.field(by_version);
            query_fields += 1;
        }
        subscription = subscription.field(
            SubscriptionField::new(
                format!("{c}_mutated"),
                TypeRef::named(format!("{c}_mutated")),
                |_| {
                    SubscriptionFieldFuture::new(async {
                        Ok(futures::stream::empty::<async_graphql::Result<async_graphql::Value>>())
                    })
                },
            )
            .argument(InputValue::new("event", TypeRef::named("EventEnum"))),
        );
        subscription_fields += 1;
        types.object(
            Object::new(format!("{c}_mutated"))
                .field(resolve::field("key", TypeRef::named_nn(TypeRef::ID), Shape::Leaf(Leaf::Id)))
                .field(resolve::field(
                    "event",
                    TypeRef::named("EventEnum"),
                    Shape::Leaf(Leaf::Other),
                ))
                .field(resolve::field("data", TypeRef::named(c.clone()), Shape::Object)),
        );
    }

    // Mutations.
    let readable = |c: &str| read.iter().any(|r| r.name == c);
    for coll in view.collections(Action::Create) {
        if coll.singleton() || !in_scope(coll) || READ_ONLY.contains(&coll.name.as_str()) {
            continue;
        }
        let root = root_name(&coll.name, scope);
        let c = coll.name.as_str();
        let input = format!("create_{c}_input");
        let many = resolve::create(&format!("create_{root}_items"), c, true, readable(c));
        let many = if readable(c) { list_args(many, &format!("{c}_filter")) } else { many };
        mutation = mutation
            .field(many.argument(InputValue::new("data", TypeRef::named_nn_list(&input))))
            .field(
                resolve::create(&format!("create_{root}_item"), c, false, readable(c))
                    .argument(InputValue::new("data", TypeRef::named_nn(&input))),
            );
        mutation_fields += 2;
    }
    for coll in view.collections(Action::Update) {
        if !in_scope(coll) || READ_ONLY.contains(&coll.name.as_str()) {
            continue;
        }
        let root = root_name(&coll.name, scope);
        let c = coll.name.as_str();
        let input = format!("update_{c}_input");
        if coll.singleton() {
            mutation = mutation.field(
                resolve::update_singleton(&format!("update_{root}"), c, readable(c))
                    .argument(InputValue::new("data", TypeRef::named_nn(&input))),
            );
            mutation_fields += 1;
            continue;
        }
        let with_args =
            |f: Field| if readable(c) { list_args(f, &format!("{c}_filter")) } else { f };
        mutation = mutation
            .field(
                with_args(resolve::update(
                    &format!("update_{root}_batch"),
                    c,
                    resolve::UpdateKind::Batch,
                    readable(c),
                ))
                .argument(InputValue::new("data", TypeRef::named_nn_list(&input))),
            )
            .field(
                with_args(resolve::update(
                    &format!("update_{root}_items"),
                    c,
                    resolve::UpdateKind::Many,
                    readable(c),
                ))
                .argument(InputValue::new("ids", TypeRef::named_list_nn(TypeRef::ID)))
                .argument(InputValue::new("data", TypeRef::named_nn(&input))),
            )
            .field(
                resolve::update(
                    &format!("update_{root}_item"),
                    c,
                    resolve::UpdateKind::One,
                    readable(c),
                )
                .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
                .argument(InputValue::new("data", TypeRef::named_nn(&input))),
            );
        mutation_fields += 3;
    }
    let mut delete_types = false;
    for coll in view.collections(Action::Delete) {
        if coll.singleton() || !in_scope(coll) || READ_ONLY.contains(&coll.name.as_str()) {
            continue;
        }
        let root = root_name(&coll.name, scope);
        let c = coll.name.as_str();
        mutation = mutation
            .field(
                resolve::delete(&format!("delete_{root}_items"), c, true)
                    .argument(InputValue::new("ids", TypeRef::named_list_nn(TypeRef::ID))),
            )
            .field(
                resolve::delete(&format!("delete_{root}_item"), c, false)
                    .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
            );
        mutation_fields += 2;
        delete_types = true;
    }
    if delete_types || !view.collections(Action::Delete).is_empty() {
        types.object(Object::new("delete_many").field(resolve::field(
            "ids",
            TypeRef::named_list_nn(TypeRef::ID),
            Shape::Leaf(Leaf::Id),
        )));
        types.object(Object::new("delete_one").field(resolve::field(
            "id",
            TypeRef::named_nn(TypeRef::ID),
            Shape::Leaf(Leaf::Id),
        )));
    }

    if query_fields == 0 {
        query = query.field(
            Field::new("_empty", TypeRef::named("Void"), |_| {
                async_graphql::dynamic::FieldFuture::from_value(None)
            })
            .description("There's no data to query."),
        );
    }
    if let Some(name) = types.duplicate.take() {
        return Err(Error::internal(format!(
            "Schema must contain uniquely named types but contains multiple types named \"{name}\"."
        )));
    }

    let mut builder = GqlSchema::build(
        "Query",
        (mutation_fields > 0).then_some("Mutation"),
        (subscription_fields > 0).then_some("Subscription"),
    )
    .extension(super::exec::phase_extension())
    .register(query);
    if mutation_fields > 0 {
        builder = builder.register(mutation);
    }
    if subscription_fields > 0 {
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
    builder.finish().map_err(|e| Error::internal(format!("GraphQL schema: {e}")))
}

/// A root field name: the collection, without `directus_` in system scope.
fn root_name(collection: &str, scope: Scope) -> String {
    match scope {
        Scope::System => collection.strip_prefix("directus_").unwrap_or(collection).to_owned(),
        Scope::Items => collection.to_owned(),
    }
}

fn read_types(view: &View<'_>, coll: &Collection, scope: Scope, types: &mut Types) {
    let c = coll.name.as_str();
    let fields = view.fields(coll, Action::Read);
    let mut object = Object::new(c);
    let mut version = Object::new(format!("version_{c}"));
    let mut filter = InputObject::new(format!("{c}_filter"));
    let mut quantifier = InputObject::new(format!("{c}_quantifier_filter"));
    let mut agg_count = Object::new(format!("{c}_aggregated_count"));
    let mut agg_fields = Object::new(format!("{c}_aggregated_fields"));
    let mut numeric = false;
    let mut any_agg_field = false;
    for f in &fields {
        let name = f.name.as_str();
        let base = field_type_ref(coll, f, Action::Read);
        let (scalar, list) = scalar_of(f);
        let leaf = if f.is_primary_key() {
            Shape::Leaf(Leaf::Id)
        } else if list {
            Shape::Leaf(Leaf::Str)
        } else {
            Shape::Leaf(leaf_of(scalar))
        };
        let mut filter_type = TypeRef::named(filter_operator_type(f));
        let mut quantifier_type = filter_type.clone();
        match rel_view(view, c, name, Action::Read) {
            RelView::M2o(related) => {
                object = object.field(list_args(
                    resolve::field(name, TypeRef::named(&related), Shape::Object),
                    &format!("{related}_filter"),
                ));
                version = version.field(resolve::field(
                    name,
                    TypeRef::named("JSON"),
                    Shape::Leaf(Leaf::Other),
                ));
                filter_type = TypeRef::named(format!("{related}_filter"));
                quantifier_type = filter_type.clone();
            }
            RelView::O2m(related) => {
                object = object.field(list_args(
                    resolve::field(name, TypeRef::named_list(&related), Shape::List),
                    &format!("{related}_filter"),
                ));
                version = version.field(resolve::field(
                    name,
                    TypeRef::named("JSON"),
                    Shape::Leaf(Leaf::Other),
                ));
                filter_type = TypeRef::named(format!("{related}_quantifier_filter"));
                quantifier_type = filter_type.clone();
            }
            RelView::A2o(members) => {
                let union_name = format!("{c}_{name}_union");
                let mut union = Union::new(&union_name);
                for m in &members {
                    union = union.possible_type(m);
                    filter = filter.field(InputValue::new(
                        format!("{name}__{m}"),
                        TypeRef::named(format!("{m}_filter")),
                    ));
                    quantifier = quantifier.field(InputValue::new(
                        format!("{name}__{m}"),
                        TypeRef::named(format!("{m}_filter")),
                    ));
                }
                types.union(union);
                object =
                    object.field(resolve::field(name, TypeRef::named(&union_name), Shape::Union));
                version = version.field(resolve::field(name, nullable(&base), leaf));
                agg_count = agg_count.field(resolve::by_name(name, TypeRef::named(TypeRef::INT)));
                any_agg_field = true;
                continue;
            }
            RelView::Plain => {
                object = object.field(resolve::field(name, base.clone(), leaf));
                version = version.field(resolve::field(name, nullable(&base), leaf));
            }
        }
        filter = filter.field(InputValue::new(name, filter_type));
        quantifier = quantifier.field(InputValue::new(name, quantifier_type));
        if let Some(func_filter) = func_filter_type(f) {
            filter =
                filter.field(InputValue::new(format!("{name}_func"), TypeRef::named(func_filter)));
            quantifier = quantifier
                .field(InputValue::new(format!("{name}_func"), TypeRef::named(func_filter)));
        }
        let func_type = match f.ty {
            FieldType::Date => Some("date_functions".to_owned()),
            FieldType::Time => Some("time_functions".to_owned()),
            FieldType::DateTime | FieldType::Timestamp => Some("datetime_functions".to_owned()),
            FieldType::Alias => Some("count_functions".to_owned()),
            FieldType::Json => {
                let t = format!("{c}_{name}_func");
                types.object(
                    Object::new(&t)
                        .field(resolve::field(
                            "count",
                            TypeRef::named(TypeRef::INT),
                            Shape::Leaf(Leaf::Int),
                        ))
                        .field(
                            resolve::field(
                                "json",
                                TypeRef::named("JSON"),
                                Shape::Leaf(Leaf::Other),
                            )
                            .argument(InputValue::new("path", TypeRef::named_nn(TypeRef::STRING))),
                        ),
                );
                Some(t)
            }
            _ => None,
        };
        if let Some(t) = func_type {
            object = object.field(resolve::field(
                &format!("{name}_func"),
                TypeRef::named(t),
                Shape::Object,
            ));
        }
        agg_count = agg_count.field(resolve::by_name(name, TypeRef::named(TypeRef::INT)));
        any_agg_field = true;
        if matches!(scalar, "Int" | "Float" | "GraphQLBigInt") && !list {
            agg_fields = agg_fields.field(resolve::by_name(name, TypeRef::named(TypeRef::FLOAT)));
            if scalar != "GraphQLBigInt" {
                numeric = true;
            }
        }
    }
    let self_filter = format!("{c}_filter");
    filter = filter
        .field(InputValue::new("_and", TypeRef::named_list(&self_filter)))
        .field(InputValue::new("_or", TypeRef::named_list(&self_filter)));
    quantifier = quantifier
        .field(InputValue::new("_and", TypeRef::named_list(&self_filter)))
        .field(InputValue::new("_or", TypeRef::named_list(&self_filter)))
        .field(InputValue::new("_some", TypeRef::named(&self_filter)))
        .field(InputValue::new("_none", TypeRef::named(&self_filter)));
    let mut aggregated = Object::new(format!("{c}_aggregated"))
        .field(resolve::by_name("group", TypeRef::named("JSON")))
        .field(resolve::by_name("countAll", TypeRef::named(TypeRef::INT)));
    if any_agg_field {
        aggregated = aggregated
            .field(resolve::by_name("count", TypeRef::named(format!("{c}_aggregated_count"))))
            .field(resolve::by_name(
                "countDistinct",
                TypeRef::named(format!("{c}_aggregated_count")),
            ));
        types.object(agg_count);
    }
    if numeric {
        for op in ["avg", "sum", "avgDistinct", "sumDistinct", "min", "max"] {
            aggregated = aggregated
                .field(resolve::by_name(op, TypeRef::named(format!("{c}_aggregated_fields"))));
        }
        types.object(agg_fields);
    }
    types.object(object);
    if scope == Scope::Items {
        types.object(version);
    }
    types.input(filter);
    types.input(quantifier);
    types.object(aggregated);
}

/// `create_<c>_input` or `update_<c>_input`.
fn input_type(view: &View<'_>, coll: &Collection, action: Action) -> InputObject {
    let prefix = if action == Action::Create { "create" } else { "update" };
    let c = coll.name.as_str();
    let mut input = InputObject::new(format!("{prefix}_{c}_input"));
    for f in view.fields(coll, action) {
        let name = f.name.as_str();
        let ty = match rel_view(view, c, name, action) {
            RelView::M2o(related) => TypeRef::named(format!("{prefix}_{related}_input")),
            RelView::O2m(related) => TypeRef::named_list(format!("{prefix}_{related}_input")),
            RelView::A2o(_) | RelView::Plain => field_type_ref(coll, f, action),
        };
        input = input.field(InputValue::new(name, ty));
    }
    input
}

/// The root query fields only `/graphql/system` has.
fn system_query_fields(
    view: &View<'_>,
    mut query: Object,
    types: &mut Types,
    caller: Caller,
) -> (Object, usize) {
    let mut n = 0;
    let admin = view.access.admin;
    let user_like = view.access.can(system::USERS, Action::Read);
    types.object(
        Object::new("server_info_project")
            .field(resolve::by_name("project_name", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_descriptor", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_logo", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_color", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("default_language", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_foreground", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_background", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_note", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("custom_css", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_registration", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name(
                "public_registration_verify_email",
                TypeRef::named(TypeRef::BOOLEAN),
            )),
    );
    types.object(
        Object::new("server_info_license_entitlements")
            .field(resolve::by_name("production_enabled", TypeRef::named_nn(TypeRef::BOOLEAN)))
            .field(resolve::by_name("ai_translations_enabled", TypeRef::named_nn(TypeRef::BOOLEAN)))
            .field(resolve::by_name("display_powered_by", TypeRef::named_nn(TypeRef::STRING))),
    );
    types.object(
        Object::new("server_info_license")
            .field(resolve::by_name("source", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name(
                "entitlements",
                TypeRef::named("server_info_license_entitlements"),
            )),
    );
    let mut info = Object::new("server_info")
        .field(resolve::by_name("project", TypeRef::named("server_info_project")))
        .field(resolve::by_name("license", TypeRef::named("server_info_license")));
    if caller.logged_in {
        types.object(
            Object::new("server_info_query_limit")
                .field(resolve::by_name("default", TypeRef::named(TypeRef::INT)))
                .field(resolve::by_name("max", TypeRef::named(TypeRef::INT))),
        );
        info = info
            .field(resolve::by_name("rateLimit", TypeRef::named("JSON")))
            .field(resolve::by_name("rateLimitGlobal", TypeRef::named("JSON")))
            .field(resolve::by_name("websocket", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("queryLimit", TypeRef::named("server_info_query_limit")));
    }
    types.object(info);
    types.object(
        Object::new("policy_me_globals_type")
            .field(resolve::by_name("enforce_tfa", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("app_access", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("admin_access", TypeRef::named(TypeRef::BOOLEAN))),
    );
    types.object(
        Object::new("auth_tokens")
            .field(resolve::by_name("access_token", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("expires", TypeRef::named("GraphQLBigInt")))
            .field(resolve::by_name("refresh_token", TypeRef::named(TypeRef::STRING))),
    );
    types.object(
        Object::new("users_me_tfa_generate_data")
            .field(resolve::by_name("secret", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("otpauth_url", TypeRef::named(TypeRef::STRING))),
    );
    schema_types(types);
    types.enumeration(Enum::new("auth_mode").item("json").item("cookie").item("session"));
    types.enumeration(Enum::new("graphql_sdl_scope").item("items").item("system"));
    for (name, keys) in [
        ("delete_collection", &["collection"][..]),
        ("delete_field", &["collection", "field"][..]),
        ("delete_relation", &["collection", "field"][..]),
    ] {
        types.object(keys.iter().fold(Object::new(name), |o, k| {
            o.field(resolve::by_name(k, TypeRef::named(TypeRef::STRING)))
        }));
    }

    // Both specs go with introspection (GRAPHQL_INTROSPECTION=false removes them).
    if caller.introspection {
        query = query.field(resolve::server_specs_oas());
        query = query.field(
            resolve::server_specs_graphql()
                .argument(InputValue::new("scope", TypeRef::named("graphql_sdl_scope"))),
        );
    }
    query = query
        .field(resolve::server_ping())
        .field(resolve::server_info())
        .field(resolve::server_health());
    n += 4;
    // App users get read access to the schema collections with Directus' minimal app permissions.
    if admin || caller.app {
        query = query
            .field(resolve::collections("collections", false))
            .field(
                resolve::collections("collections_by_name", true)
                    .argument(InputValue::new("name", TypeRef::named_nn(TypeRef::STRING))),
            )
            .field(resolve::fields("fields", resolve::Pick::All))
            .field(
                resolve::fields("fields_in_collection", resolve::Pick::Collection)
                    .argument(InputValue::new("collection", TypeRef::named_nn(TypeRef::STRING))),
            )
            .field(
                resolve::fields("fields_by_name", resolve::Pick::One)
                    .argument(InputValue::new("collection", TypeRef::named_nn(TypeRef::STRING)))
                    .argument(InputValue::new("field", TypeRef::named_nn(TypeRef::STRING))),
            )
            .field(resolve::relations("relations", resolve::Pick::All))
            .field(
                resolve::relations("relations_in_collection", resolve::Pick::Collection)
                    .argument(InputValue::new("collection", TypeRef::named_nn(TypeRef::STRING))),
            )
            .field(
                resolve::relations("relations_by_name", resolve::Pick::One)
                    .argument(InputValue::new("collection", TypeRef::named_nn(TypeRef::STRING)))
                    .argument(InputValue::new("field", TypeRef::named_nn(TypeRef::STRING))),
            );
        n += 8;
    }
    if user_like && view.has(system::USERS, Action::Read) {
        query = query.field(resolve::users_me());
        n += 1;
    }
    if view.has(system::ROLES, Action::Read) {
        query = query.field(resolve::roles_me());
        n += 1;
    }
    if view.has(system::POLICIES, Action::Read) {
        query = query.field(resolve::policies_me_globals());
        n += 1;
    }
    (query, n)
}

/// `directus_collections`, `directus_fields`, `directus_relations` and their parts, as in 12.4's SDL.
fn schema_types(types: &mut Types) {
    let object = |name: &str, fields: &[(&str, TypeRef)]| {
        fields.iter().fold(Object::new(name), |o, (f, t)| o.field(resolve::by_name(f, t.clone())))
    };
    let s = || TypeRef::named(TypeRef::STRING);
    let s_nn = || TypeRef::named_nn(TypeRef::STRING);
    let b = || TypeRef::named(TypeRef::BOOLEAN);
    let b_nn = || TypeRef::named_nn(TypeRef::BOOLEAN);
    let i = || TypeRef::named(TypeRef::INT);
    let j = || TypeRef::named("JSON");
    types.object(object(
        "directus_collections",
        &[
            ("collection", s()),
            ("meta", TypeRef::named("directus_collections_meta")),
            ("schema", TypeRef::named("directus_collections_schema")),
        ],
    ));
    types.object(object(
        "directus_collections_meta",
        &[
            ("collection", s_nn()),
            ("icon", s()),
            ("note", s()),
            ("display_template", s()),
            ("hidden", b_nn()),
            ("singleton", b_nn()),
            ("translations", j()),
            ("archive_field", s()),
            ("archive_app_filter", b_nn()),
            ("archive_value", s()),
            ("unarchive_value", s()),
            ("sort_field", s()),
            ("accountability", s()),
            ("color", s()),
            ("item_duplication_fields", j()),
            ("sort", i()),
            ("group", s()),
            ("collapse", s_nn()),
            ("preview_url", s()),
            ("versioning", b_nn()),
            ("status", s_nn()),
            ("autosave_revision_interval", TypeRef::named(TypeRef::FLOAT)),
        ],
    ));
    types.object(object("directus_collections_schema", &[("name", s()), ("comment", s())]));
    types.object(object(
        "directus_fields",
        &[
            ("collection", s()),
            ("field", s()),
            ("type", s()),
            ("meta", TypeRef::named("directus_fields_meta")),
            ("schema", TypeRef::named("directus_fields_schema")),
        ],
    ));
    types.object(object(
        "directus_fields_meta",
        &[
            ("id", TypeRef::named_nn(TypeRef::INT)),
            ("collection", s_nn()),
            ("field", s_nn()),
            ("special", TypeRef::named_list(TypeRef::STRING)),
            ("interface", s()),
            ("options", j()),
            ("display", s()),
            ("display_options", j()),
            ("readonly", b_nn()),
            ("hidden", b_nn()),
            ("sort", i()),
            ("width", s()),
            ("translations", j()),
            ("note", s()),
            ("conditions", j()),
            ("required", b()),
            ("group", s()),
            ("validation", j()),
            ("validation_message", s()),
            ("searchable", b_nn()),
        ],
    ));
    types.object(object(
        "directus_fields_schema",
        &[
            ("name", s()),
            ("table", s()),
            ("data_type", s()),
            ("default_value", s()),
            ("max_length", i()),
            ("numeric_precision", i()),
            ("numeric_scale", i()),
            ("is_generated", b()),
            ("generation_expression", s()),
            ("is_indexed", b()),
            ("is_nullable", b()),
            ("is_unique", b()),
            ("is_primary_key", b()),
            ("has_auto_increment", b()),
            ("foreign_key_column", s()),
            ("foreign_key_table", s()),
            ("comment", s()),
        ],
    ));
    types.object(object(
        "directus_relations",
        &[
            ("collection", s()),
            ("field", s()),
            ("related_collection", s()),
            ("schema", TypeRef::named("directus_relations_schema")),
            ("meta", TypeRef::named("directus_relations_meta")),
        ],
    ));
    types.object(object(
        "directus_relations_schema",
        &[
            ("table", s_nn()),
            ("column", s_nn()),
            ("foreign_key_table", s_nn()),
            ("foreign_key_column", s_nn()),
            ("constraint_name", s()),
            ("on_update", s_nn()),
            ("on_delete", s_nn()),
        ],
    ));
    types.object(object(
        "directus_relations_meta",
        &[
            ("id", i()),
            ("many_collection", s()),
            ("many_field", s()),
            ("one_collection", s()),
            ("one_field", s()),
            ("one_collection_field", s()),
            ("one_allowed_collections", TypeRef::named_list(TypeRef::STRING)),
            ("junction_field", s()),
            ("sort_field", s()),
            ("one_deselect_action", s()),
        ],
    ));
}

/// The global mutations `/graphql/system` always has.
fn system_mutation_fields(view: &View<'_>, mut mutation: Object) -> (Object, usize) {
    let s = |n: &str| InputValue::new(n, TypeRef::named(TypeRef::STRING));
    let s_nn = |n: &str| InputValue::new(n, TypeRef::named_nn(TypeRef::STRING));
    let mode = || InputValue::new("mode", TypeRef::named("auth_mode"));
    mutation = mutation
        .field(
            resolve::auth_login()
                .argument(s_nn("email"))
                .argument(s_nn("password"))
                .argument(mode())
                .argument(s("otp")),
        )
        .field(resolve::auth_refresh().argument(s("refresh_token")).argument(mode()))
        .field(resolve::auth_logout().argument(s("refresh_token")).argument(mode()))
        .field(
            resolve::unsupported("auth_password_request", TypeRef::BOOLEAN)
                .argument(s_nn("email"))
                .argument(s("reset_url")),
        )
        .field(
            resolve::unsupported("auth_password_reset", TypeRef::BOOLEAN)
                .argument(s_nn("token"))
                .argument(s_nn("password")),
        )
        .field(
            resolve::unsupported("users_me_tfa_generate", "users_me_tfa_generate_data")
                .argument(s_nn("password")),
        )
        .field(
            resolve::unsupported("users_me_tfa_enable", TypeRef::BOOLEAN)
                .argument(s_nn("otp"))
                .argument(s_nn("secret")),
        )
        .field(resolve::unsupported("users_me_tfa_disable", TypeRef::BOOLEAN).argument(s_nn("otp")))
        .field(
            resolve::utils_random_string()
                .argument(InputValue::new("length", TypeRef::named(TypeRef::INT))),
        )
        .field(
            resolve::utils_sort()
                .argument(s_nn("collection"))
                .argument(InputValue::new("item", TypeRef::named_nn(TypeRef::ID)))
                .argument(InputValue::new("to", TypeRef::named_nn(TypeRef::ID))),
        )
        .field(
            resolve::unsupported("utils_revert", TypeRef::BOOLEAN)
                .argument(InputValue::new("revision", TypeRef::named_nn(TypeRef::ID))),
        )
        .field(resolve::utils_cache_clear())
        .field(
            resolve::unsupported("users_invite_accept", TypeRef::BOOLEAN)
                .argument(s_nn("token"))
                .argument(s_nn("password")),
        )
        .field(
            resolve::unsupported("users_register", TypeRef::BOOLEAN)
                .argument(s_nn("email"))
                .argument(s_nn("password"))
                .argument(s("verification_url"))
                .argument(s("first_name"))
                .argument(s("last_name")),
        )
        .field(
            resolve::unsupported("users_register_verify", TypeRef::BOOLEAN).argument(s_nn("token")),
        );
    let mut n = 15;
    if view.access.admin {
        mutation = mutation
            .field(
                resolve::schema_mutation("create_collections_item", "directus_collections")
                    .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
            )
            .field(
                resolve::schema_mutation("update_collections_item", "directus_collections")
                    .argument(s_nn("collection"))
                    .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
            )
            .field(
                resolve::schema_mutation("delete_collections_item", "delete_collection")
                    .argument(s_nn("collection")),
            )
            .field(
                resolve::schema_mutation("create_fields_item", "directus_fields")
                    .argument(s_nn("collection"))
                    .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
            )
            .field(
                resolve::schema_mutation("update_fields_item", "directus_fields")
                    .argument(s_nn("collection"))
                    .argument(s_nn("field"))
                    .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
            )
            .field(
                resolve::schema_mutation("delete_fields_item", "delete_field")
                    .argument(s_nn("collection"))
                    .argument(s_nn("field")),
            )
            .field(
                resolve::schema_mutation("create_relations_item", "directus_relations")
                    .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
            )
            .field(
                resolve::schema_mutation("delete_relations_item", "delete_relation")
                    .argument(s_nn("collection"))
                    .argument(s_nn("field")),
            );
        n += 8;
    }
    if view.access.can(system::USERS, Action::Update) && view.has(system::USERS, Action::Update) {
        mutation = mutation.field(
            resolve::update_users_me()
                .argument(InputValue::new("data", TypeRef::named("update_directus_users_input"))),
        );
        n += 1;
    }
    (mutation, n)
}

/// Names every type the generated schema of a scope has, for tests.
pub fn type_names(schema: &GqlSchema) -> BTreeSet<String> {
    schema.registry().types.keys().cloned().collect()
}

//! The types of each collection: for reading, `type <c>` with its
//! `<field>_func` objects and M2A unions, `version_<c>` (on `/graphql`),
//! `<c>_filter` and `<c>_quantifier_filter`, and `<c>_aggregated` with
//! `<c>_aggregated_count` and `<c>_aggregated_fields`; for writing,
//! `create_<c>_input` and `update_<c>_input`.

use async_graphql::dynamic::{InputObject, InputValue, Object, TypeRef, Union};

use super::filters::{filter_operator_type, func_filter_type};
use super::{
    RelView, Scope, Types, View, field_type_ref, leaf_of, list_args, nullable, rel_view, scalar_of,
};
use crate::engine::Action;
use crate::graphql::resolve::{self, Leaf, Shape};
use crate::query::operators::{Logical, Quantifier};
use crate::schema::{Collection, Field as ModelField, FieldType};

/// The read types of the readable collections, then the write inputs.
pub(super) fn collection_types(
    view: &View<'_>,
    read: &[&Collection],
    scope: Scope,
    types: &mut Types,
) {
    for coll in read {
        read_types(view, coll, scope, types);
    }
    for action in [Action::Create, Action::Update] {
        for coll in view.collections(action) {
            types.input(input_type(view, coll, action));
        }
    }
}

fn read_types(view: &View<'_>, coll: &Collection, scope: Scope, types: &mut Types) {
    let mut read = ReadTypes::new(&coll.name);
    for f in view.fields(coll, Action::Read) {
        read = read.field(view, coll, f, types);
    }
    read.finish(scope, types);
}

/// The read types of one collection, filled field by field.
struct ReadTypes {
    collection: String,
    object: Object,
    version: Object,
    filter: InputObject,
    quantifier: InputObject,
    agg_count: Object,
    agg_fields: Object,
    /// Some field has `avg`, `sum`, ... (a number that is not a big integer).
    numeric: bool,
    /// Some field can be counted.
    any_agg_field: bool,
}

impl ReadTypes {
    fn new(c: &str) -> Self {
        ReadTypes {
            collection: c.to_owned(),
            object: Object::new(c),
            version: Object::new(format!("version_{c}")),
            filter: InputObject::new(format!("{c}_filter")),
            quantifier: InputObject::new(format!("{c}_quantifier_filter")),
            agg_count: Object::new(format!("{c}_aggregated_count")),
            agg_fields: Object::new(format!("{c}_aggregated_fields")),
            numeric: false,
            any_agg_field: false,
        }
    }

    /// One readable field in every read type.
    fn field(
        mut self,
        view: &View<'_>,
        coll: &Collection,
        f: &ModelField,
        types: &mut Types,
    ) -> Self {
        let c = self.collection.clone();
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
        let filter_type = match rel_view(view, &c, name, Action::Read) {
            RelView::M2o(related) => {
                self.object = self.object.field(list_args(
                    resolve::field(name, TypeRef::named(&related), Shape::Object),
                    &format!("{related}_filter"),
                ));
                self.version = self.version.field(json_field(name));
                TypeRef::named(format!("{related}_filter"))
            }
            RelView::O2m(related) => {
                self.object = self.object.field(list_args(
                    resolve::field(name, TypeRef::named_list(&related), Shape::List),
                    &format!("{related}_filter"),
                ));
                self.version = self.version.field(json_field(name));
                TypeRef::named(format!("{related}_quantifier_filter"))
            }
            RelView::A2o(members) => return self.a2o(name, &members, &base, leaf, types),
            RelView::Plain => {
                self.object = self.object.field(resolve::field(name, base.clone(), leaf));
                self.version = self.version.field(resolve::field(name, nullable(&base), leaf));
                TypeRef::named(filter_operator_type(f))
            }
        };
        self.filter = self.filter.field(InputValue::new(name, filter_type.clone()));
        self.quantifier = self.quantifier.field(InputValue::new(name, filter_type));
        if let Some(func_filter) = func_filter_type(f) {
            let func = format!("{name}_func");
            self.filter = self.filter.field(InputValue::new(&func, TypeRef::named(func_filter)));
            self.quantifier =
                self.quantifier.field(InputValue::new(&func, TypeRef::named(func_filter)));
        }
        if let Some(t) = func_object(&c, f, types) {
            self.object = self.object.field(resolve::field(
                &format!("{name}_func"),
                TypeRef::named(t),
                Shape::Object,
            ));
        }
        self.agg_count = self.agg_count.field(resolve::by_name(name, TypeRef::named(TypeRef::INT)));
        self.any_agg_field = true;
        if matches!(scalar, "Int" | "Float" | "GraphQLBigInt") && !list {
            self.agg_fields =
                self.agg_fields.field(resolve::by_name(name, TypeRef::named(TypeRef::FLOAT)));
            if scalar != "GraphQLBigInt" {
                self.numeric = true;
            }
        }
        self
    }

    /// An M2A field: a union of the visible member collections, filtered per member.
    fn a2o(
        mut self,
        name: &str,
        members: &[String],
        base: &TypeRef,
        leaf: Shape,
        types: &mut Types,
    ) -> Self {
        let union_name = format!("{}_{name}_union", self.collection);
        let mut union = Union::new(&union_name);
        for m in members {
            union = union.possible_type(m);
            let scoped = format!("{name}__{m}");
            let member_filter = TypeRef::named(format!("{m}_filter"));
            self.filter = self.filter.field(InputValue::new(&scoped, member_filter.clone()));
            self.quantifier = self.quantifier.field(InputValue::new(&scoped, member_filter));
        }
        types.union(union);
        self.object =
            self.object.field(resolve::field(name, TypeRef::named(&union_name), Shape::Union));
        self.version = self.version.field(resolve::field(name, nullable(base), leaf));
        self.agg_count = self.agg_count.field(resolve::by_name(name, TypeRef::named(TypeRef::INT)));
        self.any_agg_field = true;
        self
    }

    /// The logical keys of the filters, the aggregated type, and every type registered.
    fn finish(self, scope: Scope, types: &mut Types) {
        let c = self.collection.as_str();
        let self_filter = format!("{c}_filter");
        let mut filter = self.filter;
        let mut quantifier = self.quantifier;
        for logical in Logical::ALL {
            filter =
                filter.field(InputValue::new(logical.wire(), TypeRef::named_list(&self_filter)));
            quantifier = quantifier
                .field(InputValue::new(logical.wire(), TypeRef::named_list(&self_filter)));
        }
        for q in Quantifier::ALL {
            quantifier = quantifier.field(InputValue::new(q.wire(), TypeRef::named(&self_filter)));
        }
        let mut aggregated = Object::new(format!("{c}_aggregated"))
            .field(resolve::by_name("group", TypeRef::named("JSON")))
            .field(resolve::by_name("countAll", TypeRef::named(TypeRef::INT)));
        if self.any_agg_field {
            let count = || TypeRef::named(format!("{c}_aggregated_count"));
            aggregated = aggregated
                .field(resolve::by_name("count", count()))
                .field(resolve::by_name("countDistinct", count()));
            types.object(self.agg_count);
        }
        if self.numeric {
            for op in ["avg", "sum", "avgDistinct", "sumDistinct", "min", "max"] {
                aggregated = aggregated
                    .field(resolve::by_name(op, TypeRef::named(format!("{c}_aggregated_fields"))));
            }
            types.object(self.agg_fields);
        }
        types.object(self.object);
        if scope == Scope::Items {
            types.object(self.version);
        }
        types.input(filter);
        types.input(quantifier);
        types.object(aggregated);
    }
}

/// A relational field in `version_<c>`: the version's raw JSON.
fn json_field(name: &str) -> async_graphql::dynamic::Field {
    resolve::field(name, TypeRef::named("JSON"), Shape::Leaf(Leaf::Other))
}

/// The type of `<field>_func` in `type <c>`: a shared function object, or for
/// a JSON field its own `<c>_<field>_func` (registered here).
fn func_object(c: &str, f: &ModelField, types: &mut Types) -> Option<String> {
    Some(match f.ty {
        FieldType::Date => "date_functions".to_owned(),
        FieldType::Time => "time_functions".to_owned(),
        FieldType::DateTime | FieldType::Timestamp => "datetime_functions".to_owned(),
        FieldType::Alias => "count_functions".to_owned(),
        FieldType::Json => {
            let t = format!("{c}_{}_func", f.name);
            types.object(
                Object::new(&t)
                    .field(resolve::field(
                        "count",
                        TypeRef::named(TypeRef::INT),
                        Shape::Leaf(Leaf::Int),
                    ))
                    .field(
                        resolve::field("json", TypeRef::named("JSON"), Shape::Leaf(Leaf::Other))
                            .argument(InputValue::new("path", TypeRef::named_nn(TypeRef::STRING))),
                    ),
            );
            t
        }
        _ => return None,
    })
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

//! The filter input types every collection's filter refers to: one
//! `<type>_filter_operators` input per GraphQL filter input of the operator
//! table ([`crate::query::operators`]), and the function filter inputs and
//! objects (`date_function_filter_operators`, `count_functions`, ...).

use async_graphql::dynamic::{InputObject, InputValue, Object, TypeRef};

use super::{Types, scalar_of};
use crate::graphql::resolve::{self, Leaf, Shape};
use crate::query::operators::{FilterInput, Kind};
use crate::schema::{Field as ModelField, FieldType};

/// How Directus declares one filter input: its name, the scalar of its
/// operands (and of range bounds), and the order of its operator kinds. Within
/// a kind, operators follow the table's order.
struct InputShape {
    name: &'static str,
    scalar: &'static str,
    range: &'static str,
    kinds: &'static [Kind],
}

fn shape(input: FilterInput) -> InputShape {
    use Kind::*;
    const TEXT: &[Kind] = &[Equality, Text, Set, Null, Empty];
    const NUMBER: &[Kind] = &[Equality, Set, Order, Null, Range];
    let (name, scalar, range, kinds): (_, _, _, &'static [Kind]) = match input {
        FilterInput::Id => ("id_filter_operators", TypeRef::ID, TypeRef::ID, TEXT),
        FilterInput::String => ("string_filter_operators", TypeRef::STRING, TypeRef::STRING, TEXT),
        FilterInput::Boolean => {
            ("boolean_filter_operators", TypeRef::BOOLEAN, TypeRef::BOOLEAN, &[Equality, Null])
        }
        FilterInput::Date => (
            "date_filter_operators",
            TypeRef::STRING,
            "GraphQLStringOrFloat",
            &[Equality, Order, Null, Set, Range],
        ),
        FilterInput::Number => {
            ("number_filter_operators", "GraphQLStringOrFloat", "GraphQLStringOrFloat", NUMBER)
        }
        FilterInput::BigInt => {
            ("big_int_filter_operators", "GraphQLBigInt", "GraphQLBigInt", NUMBER)
        }
        FilterInput::Geometry => (
            "geometry_filter_operators",
            "GraphQLGeoJSON",
            "GraphQLGeoJSON",
            &[Equality, Geo, Null],
        ),
        FilterInput::Hash => ("hash_filter_operators", "Hash", "Hash", &[Null, Empty]),
        FilterInput::Json => ("json_filter_operators", "JSON", "JSON", &[Json, Null]),
    };
    InputShape { name, scalar, range, kinds }
}

/// The type of an operator's argument in an input of this shape.
fn operand_type(shape: &InputShape, kind: Kind) -> TypeRef {
    match kind {
        Kind::Equality | Kind::Order | Kind::Text | Kind::Geo | Kind::Rule => {
            TypeRef::named(shape.scalar)
        }
        Kind::Set => TypeRef::named_list(shape.scalar),
        Kind::Range => TypeRef::named_list(shape.range),
        Kind::Null | Kind::Empty => TypeRef::named(TypeRef::BOOLEAN),
        Kind::Json => TypeRef::named("GraphQLJsonFilter"),
    }
}

/// `<type>_filter_operators`: the input's operators, kind by kind.
fn operator_input(input: FilterInput) -> InputObject {
    let shape = shape(input);
    let mut object = InputObject::new(shape.name);
    for &kind in shape.kinds {
        for op in input.operators().filter(|op| op.kind() == kind) {
            object = object.field(InputValue::new(op.wire(), operand_type(&shape, kind)));
        }
    }
    object
}

const DATE_PARTS: &[&str] = &["year", "month", "week", "day", "weekday"];
const TIME_PARTS: &[&str] = &["hour", "minute", "second"];

/// The shared filter inputs and function types.
pub(super) fn operator_inputs(types: &mut Types) {
    for &input in FilterInput::ALL {
        types.input(operator_input(input));
    }
    types.input(
        InputObject::new("count_function_filter_operators")
            .field(InputValue::new("count", TypeRef::named("number_filter_operators"))),
    );
    let parts = |o: InputObject, names: &[&str]| {
        names
            .iter()
            .fold(o, |o, n| o.field(InputValue::new(*n, TypeRef::named("number_filter_operators"))))
    };
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

/// The filter input of a field's values.
fn filter_input_of(field: &ModelField) -> FilterInput {
    let (scalar, list) = scalar_of(field);
    if list {
        return FilterInput::String;
    }
    match scalar {
        "Boolean" => FilterInput::Boolean,
        "GraphQLBigInt" => FilterInput::BigInt,
        "Int" | "Float" => FilterInput::Number,
        "Date" => FilterInput::Date,
        "JSON" => FilterInput::Json,
        "GraphQLGeoJSON" => FilterInput::Geometry,
        "Hash" => FilterInput::Hash,
        "ID" => FilterInput::Id,
        _ => FilterInput::String,
    }
}

/// The name of the filter input of a field's values.
pub(super) fn filter_operator_type(field: &ModelField) -> &'static str {
    shape(filter_input_of(field)).name
}

/// The function filter input of a field (`<field>_func`), if it has functions.
pub(super) fn func_filter_type(field: &ModelField) -> Option<&'static str> {
    Some(match field.ty {
        FieldType::Date => "date_function_filter_operators",
        FieldType::Time => "time_function_filter_operators",
        FieldType::DateTime | FieldType::Timestamp => "datetime_function_filter_operators",
        FieldType::Json | FieldType::Alias => "count_function_filter_operators",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::operators::Op;

    /// An operator listed for an input whose shape has no place for its kind
    /// would silently be missing from the schema.
    #[test]
    fn every_listed_operator_has_a_place_in_its_input() {
        for op in Op::ALL {
            for input in op.graphql_inputs() {
                assert!(shape(*input).kinds.contains(&op.kind()), "{op} in {input:?}");
            }
        }
    }
}

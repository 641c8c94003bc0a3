//! The keys of the filter language, declared once: logical operators,
//! relational quantifiers and the comparison operators.
//!
//! [`filter_keys!`] is the single place where an operator is declared: its
//! wire name, its [`Kind`] (what its value is), the field types it applies to
//! (as [`Family`]s; any other type answers INVALID_QUERY) and the GraphQL
//! filter input types ([`FilterInput`]) that list it. Everything else follows
//! from the row: parsing and `Display`, sanitizing and checking the value
//! (`query::filter`), casting it (`engine::filter`), the validation rules
//! (`engine::validate`) and the generated GraphQL inputs (`graphql::build`).
//!
//! **A new operator is one row here plus its evaluation arm in
//! `engine::filter::eval_op`**, a `match` without a wildcard, so a row without
//! its evaluation does not compile; its line in the round-trip test below pins
//! the wire name. A validation rule for it, if Directus' Joi schema checks
//! one, is an arm in `engine::validate`; a new [`Kind`] also needs its place in
//! the GraphQL inputs' layouts (`graphql::build::filters`, checked by a test).

use std::fmt;

use serde_json::{Value, json};

use crate::schema::FieldType;

macro_rules! filter_keys {
    (
        logical { $( $lvariant:ident => $lwire:literal, )* }
        quantifiers { $( $qvariant:ident => $qwire:literal, )* }
        operators {
            $( $variant:ident => ($wire:literal, $kind:ident,
                [$( $family:ident ),*], [$( $input:ident ),*]), )*
        }
    ) => {
        /// `_and` / `_or`: their value is a list of filters.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Logical { $( $lvariant, )* }

        impl Logical {
            /// All logical operators, in table order.
            pub(crate) const ALL: &'static [Logical] = &[ $( Logical::$lvariant, )* ];

            /// The key as it appears in a filter.
            pub(crate) fn wire(self) -> &'static str {
                match self { $( Logical::$lvariant => $lwire, )* }
            }
        }

        /// `_some` / `_none` on a one-to-many alias: their value is a filter of the related rows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Quantifier { $( $qvariant, )* }

        impl Quantifier {
            /// All quantifiers, in table order.
            pub(crate) const ALL: &'static [Quantifier] = &[ $( Quantifier::$qvariant, )* ];

            /// The key as it appears in a filter.
            pub(crate) fn wire(self) -> &'static str {
                match self { $( Quantifier::$qvariant => $qwire, )* }
            }
        }

        /// A closed set of comparison operators.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Op { $( $variant, )* }

        impl Op {
            /// All operators, in table order.
            pub(crate) const ALL: &'static [Op] = &[ $( Op::$variant, )* ];

            /// The key as it appears in a filter (`_eq`, `_starts_with`).
            pub(crate) fn wire(self) -> &'static str {
                match self { $( Op::$variant => $wire, )* }
            }

            /// What the operator's value is.
            pub(crate) fn kind(self) -> Kind {
                match self { $( Op::$variant => Kind::$kind, )* }
            }

            /// The field types whose filters offer the operator.
            pub(crate) fn families(self) -> &'static [Family] {
                match self { $( Op::$variant => &[ $( Family::$family, )* ], )* }
            }

            /// The GraphQL filter input types that have the operator as a field.
            pub(crate) fn graphql_inputs(self) -> &'static [FilterInput] {
                match self { $( Op::$variant => &[ $( FilterInput::$input, )* ], )* }
            }
        }
    };
}

filter_keys! {
    logical {
        And => "_and",
        Or => "_or",
    }
    quantifiers {
        Some => "_some",
        None => "_none",
    }
    // Within a kind, the order of the rows is the order of the operators in
    // Directus' GraphQL filter inputs.
    operators {
        //              wire                 kind      field types                                      GraphQL filter inputs
        Eq =>              ("_eq",              Equality, [Text, Uuid, Boolean, Ordered, Geometry, Other], [Id, String, Boolean, Date, Number, BigInt, Geometry]),
        Neq =>             ("_neq",             Equality, [Text, Uuid, Boolean, Ordered, Geometry, Other], [Id, String, Boolean, Date, Number, BigInt, Geometry]),
        Gt =>              ("_gt",              Order,    [Ordered, Other],                                [Date, Number, BigInt]),
        Gte =>             ("_gte",             Order,    [Ordered, Other],                                [Date, Number, BigInt]),
        Lt =>              ("_lt",              Order,    [Ordered, Other],                                [Date, Number, BigInt]),
        Lte =>             ("_lte",             Order,    [Ordered, Other],                                [Date, Number, BigInt]),
        Contains =>        ("_contains",        Text,     [Text, Other],                                   [Id, String]),
        Icontains =>       ("_icontains",       Text,     [Text],                                          [Id, String]),
        Ncontains =>       ("_ncontains",       Text,     [Text, Other],                                   [Id, String]),
        Nicontains =>      ("_nicontains",      Text,     [],                                              []),
        StartsWith =>      ("_starts_with",     Text,     [Text],                                          [Id, String]),
        NstartsWith =>     ("_nstarts_with",    Text,     [Text],                                          [Id, String]),
        IstartsWith =>     ("_istarts_with",    Text,     [Text],                                          [Id, String]),
        NistartsWith =>    ("_nistarts_with",   Text,     [Text],                                          [Id, String]),
        EndsWith =>        ("_ends_with",       Text,     [Text],                                          [Id, String]),
        NendsWith =>       ("_nends_with",      Text,     [Text],                                          [Id, String]),
        IendsWith =>       ("_iends_with",      Text,     [Text],                                          [Id, String]),
        NiendsWith =>      ("_niends_with",     Text,     [Text],                                          [Id, String]),
        Ieq =>             ("_ieq",             Text,     [],                                              []),
        Nieq =>            ("_nieq",            Text,     [],                                              []),
        Regex =>           ("_regex",           Text,     [],                                              []),
        In =>              ("_in",              Set,      [Text, Uuid, Ordered, Other],                    [Id, String, Date, Number, BigInt]),
        Nin =>             ("_nin",             Set,      [Text, Uuid, Ordered, Other],                    [Id, String, Date, Number, BigInt]),
        Between =>         ("_between",         Range,    [Ordered, Other],                                [Date, Number, BigInt]),
        Nbetween =>        ("_nbetween",        Range,    [Ordered, Other],                                [Date, Number, BigInt]),
        Null =>            ("_null",            Null,     [Text, Hash, Uuid, Json, Boolean, Ordered, Geometry, Other], [Id, String, Boolean, Date, Number, BigInt, Geometry, Hash, Json]),
        Nnull =>           ("_nnull",           Null,     [Text, Hash, Uuid, Json, Boolean, Ordered, Geometry, Other], [Id, String, Boolean, Date, Number, BigInt, Geometry, Hash, Json]),
        Empty =>           ("_empty",           Empty,    [Text, Hash, Other],                             [Id, String, Hash]),
        Nempty =>          ("_nempty",          Empty,    [Text, Hash, Other],                             [Id, String, Hash]),
        Intersects =>      ("_intersects",      Geo,      [Geometry],                                      [Geometry]),
        Nintersects =>     ("_nintersects",     Geo,      [Geometry],                                      [Geometry]),
        IntersectsBbox =>  ("_intersects_bbox", Geo,      [Geometry],                                      [Geometry]),
        NintersectsBbox => ("_nintersects_bbox", Geo,     [Geometry],                                      [Geometry]),
        Json =>            ("_json",            Json,     [Json],                                          [Json]),
        Submitted =>       ("_submitted",       Rule,     [],                                              []),
    }
}

/// What an operator's value is. It decides how the value is sanitized,
/// checked and cast, and where the operator sits in a GraphQL filter input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// `_eq`, `_neq`: a scalar, cast to a number on numeric fields.
    Equality,
    /// `_gt`, `_lte`, ...: a scalar, cast to a number on numeric fields.
    Order,
    /// `_contains`, `_starts_with`, `_regex`, ...: a scalar pattern, never cast.
    Text,
    /// `_in`, `_nin`: a list of values (a comma list in a URL).
    Set,
    /// `_between`, `_nbetween`: a list of two bounds.
    Range,
    /// `_null`, `_nnull`: a boolean.
    Null,
    /// `_empty`, `_nempty`: a boolean.
    Empty,
    /// `_intersects`, ...: a GeoJSON object (a JSON string in a URL).
    Geo,
    /// `_json`: paths into the value, each with its own operators.
    Json,
    /// `_submitted`: a validation rule only (the field is in the payload); no
    /// field type offers it in a filter.
    Rule,
}

impl Kind {
    /// The value is a list: a scalar becomes a one-item list.
    pub(crate) fn takes_list(self) -> bool {
        matches!(self, Kind::Set | Kind::Range)
    }

    /// The value is a boolean flag.
    pub(crate) fn takes_flag(self) -> bool {
        matches!(self, Kind::Null | Kind::Empty)
    }

    /// The value is compared with the field's value, so a numeric field casts it.
    pub(crate) fn compares(self) -> bool {
        matches!(self, Kind::Equality | Kind::Order)
    }
}

/// Field types grouped by the operators their filters offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    /// `string`, `text`, `csv`, `binary`.
    Text,
    Hash,
    Uuid,
    Json,
    Boolean,
    /// Numbers, dates and times.
    Ordered,
    Geometry,
    /// `timestamp`, aliases and unknown types.
    Other,
}

impl Family {
    pub(crate) fn of(ty: FieldType) -> Family {
        match ty {
            FieldType::Binary | FieldType::String | FieldType::Text | FieldType::Csv => {
                Family::Text
            }
            FieldType::Hash => Family::Hash,
            FieldType::Uuid => Family::Uuid,
            FieldType::Json => Family::Json,
            FieldType::Boolean => Family::Boolean,
            FieldType::BigInteger
            | FieldType::Integer
            | FieldType::Decimal
            | FieldType::Float
            | FieldType::DateTime
            | FieldType::Date
            | FieldType::Time => Family::Ordered,
            FieldType::Geometry => Family::Geometry,
            FieldType::Timestamp | FieldType::Alias | FieldType::Unknown => Family::Other,
        }
    }
}

/// The GraphQL filter input types (`<name>_filter_operators`); `graphql::build`
/// gives each its name, scalars and the order of its operator kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FilterInput {
    Id,
    String,
    Boolean,
    Date,
    Number,
    BigInt,
    Geometry,
    Hash,
    Json,
}

impl FilterInput {
    pub(crate) const ALL: &'static [FilterInput] = &[
        FilterInput::Id,
        FilterInput::String,
        FilterInput::Boolean,
        FilterInput::Date,
        FilterInput::Number,
        FilterInput::BigInt,
        FilterInput::Geometry,
        FilterInput::Hash,
        FilterInput::Json,
    ];

    /// The operators of this input, in table order.
    pub(crate) fn operators(self) -> impl Iterator<Item = Op> {
        Op::ALL.iter().copied().filter(move |op| op.graphql_inputs().contains(&self))
    }
}

impl Op {
    /// Parses `_eq`-style keys.
    pub(crate) fn parse(key: &str) -> Option<Op> {
        Op::ALL.iter().copied().find(|op| op.wire() == key)
    }

    /// The name without the leading underscore (`eq`, `starts_with`): the
    /// `type` of a failed validation rule.
    pub(crate) fn name(self) -> &'static str {
        let wire = self.wire();
        wire.strip_prefix('_').unwrap_or(wire)
    }

    /// The operator a validation error `type` names.
    pub(crate) fn from_name(name: &str) -> Option<Op> {
        Op::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Whether filters on a field of this type offer the operator.
    pub(crate) fn allowed_for(self, ty: FieldType) -> bool {
        self.families().contains(&Family::of(ty))
    }

    /// A filter of one condition, as the mock builds its own rules:
    /// `Op::In.on("id", keys)` is `{"id": {"_in": keys}}`.
    pub(crate) fn on(self, field: &str, value: impl Into<Value>) -> Value {
        json!({ field: { self.wire(): value.into() } })
    }
}

impl Logical {
    pub(crate) fn parse(key: &str) -> Option<Logical> {
        Logical::ALL.iter().copied().find(|l| l.wire() == key)
    }

    /// `{"_and": filters}` / `{"_or": filters}`.
    pub(crate) fn of(self, filters: Vec<Value>) -> Value {
        json!({ self.wire(): filters })
    }
}

impl Quantifier {
    pub(crate) fn parse(key: &str) -> Option<Quantifier> {
        Quantifier::ALL.iter().copied().find(|q| q.wire() == key)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire())
    }
}

impl fmt::Display for Logical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire())
    }
}

impl fmt::Display for Quantifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire())
    }
}

/// What one key of a filter object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'k> {
    Logical(Logical),
    Quantifier(Quantifier),
    Op(Op),
    /// A `_name` that is no operator: rejected once the field's type is known.
    Unknown(&'k str),
    /// Anything else: a field, a function (`year(published_on)`), an M2A
    /// scope (`item:headings`) or `$FOLLOW(collection, field)`.
    Field(&'k str),
}

impl<'k> Key<'k> {
    pub(crate) fn parse(key: &'k str) -> Key<'k> {
        if !key.starts_with('_') {
            return Key::Field(key);
        }
        if let Some(l) = Logical::parse(key) {
            return Key::Logical(l);
        }
        if let Some(q) = Quantifier::parse(key) {
            return Key::Quantifier(q);
        }
        Op::parse(key).map_or(Key::Unknown(key), Key::Op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn the_mock_builds_its_own_rules_from_the_table() {
        let rule = Logical::And.of(vec![Op::In.on("id", vec![1, 2]), Op::Nnull.on("title", true)]);
        assert_eq!(rule, json!({"_and": [{"id": {"_in": [1, 2]}}, {"title": {"_nnull": true}}]}));
    }

    #[rstest]
    #[case("_eq", Op::Eq)]
    #[case("_neq", Op::Neq)]
    #[case("_gt", Op::Gt)]
    #[case("_gte", Op::Gte)]
    #[case("_lt", Op::Lt)]
    #[case("_lte", Op::Lte)]
    #[case("_contains", Op::Contains)]
    #[case("_icontains", Op::Icontains)]
    #[case("_ncontains", Op::Ncontains)]
    #[case("_nicontains", Op::Nicontains)]
    #[case("_starts_with", Op::StartsWith)]
    #[case("_nstarts_with", Op::NstartsWith)]
    #[case("_istarts_with", Op::IstartsWith)]
    #[case("_nistarts_with", Op::NistartsWith)]
    #[case("_ends_with", Op::EndsWith)]
    #[case("_nends_with", Op::NendsWith)]
    #[case("_iends_with", Op::IendsWith)]
    #[case("_niends_with", Op::NiendsWith)]
    #[case("_ieq", Op::Ieq)]
    #[case("_nieq", Op::Nieq)]
    #[case("_regex", Op::Regex)]
    #[case("_in", Op::In)]
    #[case("_nin", Op::Nin)]
    #[case("_between", Op::Between)]
    #[case("_nbetween", Op::Nbetween)]
    #[case("_null", Op::Null)]
    #[case("_nnull", Op::Nnull)]
    #[case("_empty", Op::Empty)]
    #[case("_nempty", Op::Nempty)]
    #[case("_intersects", Op::Intersects)]
    #[case("_nintersects", Op::Nintersects)]
    #[case("_intersects_bbox", Op::IntersectsBbox)]
    #[case("_nintersects_bbox", Op::NintersectsBbox)]
    #[case("_json", Op::Json)]
    #[case("_submitted", Op::Submitted)]
    fn operators_round_trip(#[case] wire: &str, #[case] op: Op) {
        assert_eq!(Op::parse(wire), Some(op));
        assert_eq!(op.to_string(), wire);
        assert_eq!(Key::parse(wire), Key::Op(op));
        assert_eq!(Op::from_name(&wire[1..]), Some(op));
    }

    /// The cases above cover the whole table, and no wire name is declared twice.
    #[test]
    fn every_operator_round_trips_once() {
        assert_eq!(Op::ALL.len(), 35, "a new row needs its case in operators_round_trip");
        for op in Op::ALL {
            assert_eq!(Op::parse(op.wire()), Some(*op), "{op:?}");
        }
    }

    #[rstest]
    #[case("_and", Key::Logical(Logical::And))]
    #[case("_or", Key::Logical(Logical::Or))]
    #[case("_some", Key::Quantifier(Quantifier::Some))]
    #[case("_none", Key::Quantifier(Quantifier::None))]
    #[case("_eqq", Key::Unknown("_eqq"))]
    #[case("eq", Key::Field("eq"))]
    #[case("year(published_on)", Key::Field("year(published_on)"))]
    fn keys(#[case] raw: &str, #[case] expected: Key<'_>) {
        assert_eq!(Key::parse(raw), expected);
        if let Key::Logical(l) = expected {
            assert_eq!(l.to_string(), raw);
        }
        if let Key::Quantifier(q) = expected {
            assert_eq!(q.to_string(), raw);
        }
    }

    #[rstest]
    #[case(FieldType::String, Op::Contains, true)]
    #[case(FieldType::String, Op::Nicontains, false)]
    #[case(FieldType::String, Op::Gt, false)]
    #[case(FieldType::Float, Op::Contains, false)]
    #[case(FieldType::Timestamp, Op::Contains, true)]
    #[case(FieldType::Hash, Op::Empty, true)]
    #[case(FieldType::Hash, Op::Eq, false)]
    #[case(FieldType::Json, Op::Json, true)]
    #[case(FieldType::Boolean, Op::In, false)]
    #[case(FieldType::Geometry, Op::IntersectsBbox, true)]
    #[case(FieldType::Uuid, Op::Submitted, false)]
    fn field_types_offer(#[case] ty: FieldType, #[case] op: Op, #[case] offered: bool) {
        assert_eq!(op.allowed_for(ty), offered);
    }
}

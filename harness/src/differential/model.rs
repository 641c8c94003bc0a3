//! The part of the fixture's schema the generator reads from: each
//! collection's scalar fields with their types and its relational fields,
//! written out once (the fixture's `schema.json` says the same; the table is
//! checked against it by a test), and the seed's values per field.

use std::collections::BTreeMap;

use serde_json::Value;

/// A scalar field's type, as far as the generator cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Int,
    Dec,
    Float,
    Str,
    Text,
    Date,
    DateTime,
    Timestamp,
    Time,
    Bool,
    Json,
    Csv,
    Uuid,
    Hash,
}

impl Ty {
    pub(crate) fn numeric(self) -> bool {
        matches!(self, Ty::Int | Ty::Dec | Ty::Float)
    }

    pub(crate) fn temporal(self) -> bool {
        matches!(self, Ty::Date | Ty::DateTime | Ty::Timestamp)
    }

    pub(crate) fn textual(self) -> bool {
        matches!(self, Ty::Str | Ty::Text)
    }
}

/// A relational field.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rel {
    /// Many-to-one onto a collection.
    M2o(&'static str),
    /// One-to-many from a collection (an M2M is an O2M onto its junction).
    O2m(&'static str),
    /// The `item` of a many-to-any junction: one of these collections.
    M2a(&'static [&'static str]),
}

/// A collection of the fixture.
#[derive(Debug)]
pub(crate) struct Coll {
    pub(crate) name: &'static str,
    pub(crate) pk: &'static str,
    pub(crate) scalars: &'static [(&'static str, Ty)],
    pub(crate) rels: &'static [(&'static str, Rel)],
}

use Rel::{M2a, M2o, O2m};
use Ty::*;

/// The collections reads are generated over.
pub(crate) const COLLECTIONS: &[Coll] = &[
    Coll {
        name: "articles",
        pk: "id",
        scalars: &[
            ("id", Int),
            ("status", Str),
            ("title", Str),
            ("body", Text),
            ("views", Int),
            ("price", Dec),
            ("rating", Float),
            ("published_on", Date),
            ("published_at", DateTime),
            ("created_ts", Timestamp),
            ("at_time", Time),
            ("is_featured", Bool),
            ("data", Json),
            ("labels", Csv),
            ("ext_id", Uuid),
            ("short", Str),
            ("code", Str),
            ("secret", Hash),
        ],
        rels: &[
            ("author", M2o("authors")),
            ("editor", M2o("authors")),
            ("comments", O2m("comments")),
            ("notes", O2m("notes")),
            ("tags", O2m("articles_tags")),
        ],
    },
    Coll {
        name: "authors",
        pk: "id",
        scalars: &[("id", Int), ("name", Str), ("born", Date)],
        rels: &[("country", M2o("countries")), ("articles", O2m("articles"))],
    },
    Coll {
        name: "countries",
        pk: "code",
        scalars: &[("code", Str), ("name", Str)],
        rels: &[("authors", O2m("authors"))],
    },
    Coll {
        name: "comments",
        pk: "id",
        scalars: &[("id", Int), ("text", Str), ("sort", Int)],
        rels: &[("article", M2o("articles"))],
    },
    Coll {
        name: "notes",
        pk: "id",
        scalars: &[("id", Int), ("text", Str)],
        rels: &[("article", M2o("articles"))],
    },
    Coll {
        name: "tags",
        pk: "id",
        scalars: &[("id", Int), ("name", Str)],
        rels: &[("articles", O2m("articles_tags"))],
    },
    Coll {
        name: "articles_tags",
        pk: "id",
        scalars: &[("id", Int)],
        rels: &[("articles_id", M2o("articles")), ("tags_id", M2o("tags"))],
    },
    Coll {
        name: "pages",
        pk: "id",
        scalars: &[("id", Int), ("title", Str)],
        rels: &[("sections", O2m("pages_sections"))],
    },
    Coll {
        name: "pages_sections",
        pk: "id",
        scalars: &[("id", Int), ("collection", Str), ("sort", Int)],
        rels: &[("pages_id", M2o("pages")), ("item", M2a(&["headings", "paragraphs"]))],
    },
    Coll {
        name: "headings",
        pk: "id",
        scalars: &[("id", Int), ("title", Str), ("level", Int)],
        rels: &[],
    },
    Coll {
        name: "paragraphs",
        pk: "id",
        scalars: &[("id", Int), ("body", Text), ("background_color", Str)],
        rels: &[],
    },
    Coll {
        name: "crowds",
        pk: "id",
        scalars: &[("id", Int), ("name", Str)],
        rels: &[("members", O2m("crowd_members"))],
    },
    Coll {
        name: "crowd_members",
        pk: "id",
        scalars: &[("id", Int), ("n", Int)],
        rels: &[("crowd", M2o("crowds"))],
    },
];

/// A collection by name (every name in the table is one of its collections).
pub(crate) fn coll(name: &str) -> &'static Coll {
    COLLECTIONS.iter().find(|c| c.name == name).unwrap_or(&COLLECTIONS[0])
}

/// The seed's distinct values per `collection.field` (scalars only).
#[derive(Debug, Default)]
pub(crate) struct Values(BTreeMap<String, Vec<Value>>);

impl Values {
    pub(crate) fn from_seed<'a>(blocks: impl Iterator<Item = (&'a str, &'a [Value])>) -> Values {
        let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (collection, rows) in blocks {
            for row in rows {
                let Some(obj) = row.as_object() else { continue };
                for (field, v) in obj {
                    let list = map.entry(format!("{collection}.{field}")).or_default();
                    if !v.is_object() && !v.is_array() && !list.contains(v) {
                        list.push(v.clone());
                    }
                }
            }
        }
        Values(map)
    }

    pub(crate) fn of(&self, collection: &str, field: &str) -> &[Value] {
        self.0.get(&format!("{collection}.{field}")).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table says what the fixture's schema.json says: every field exists with its type.
    #[test]
    fn the_table_matches_the_fixture_schema() {
        let path = format!("{}/fixtures/conformance/schema.json", crate::REPO_ROOT);
        let text = std::fs::read_to_string(path).expect("schema.json");
        let snapshot: Value = serde_json::from_str(&text).expect("JSON");
        let snapshot = snapshot.get("data").cloned().unwrap_or(snapshot);
        let fields = snapshot["fields"].as_array().expect("fields");
        let type_of = |c: &str, f: &str| {
            fields
                .iter()
                .find(|x| x["collection"] == c && x["field"] == f)
                .and_then(|x| x["type"].as_str())
                .map(str::to_owned)
        };
        for c in COLLECTIONS {
            for (f, ty) in c.scalars {
                let want = match ty {
                    Int => "integer",
                    Dec => "decimal",
                    Float => "float",
                    Str => "string",
                    Text => "text",
                    Date => "date",
                    DateTime => "dateTime",
                    Timestamp => "timestamp",
                    Time => "time",
                    Bool => "boolean",
                    Json => "json",
                    Csv => "csv",
                    Uuid => "uuid",
                    Hash => "hash",
                };
                assert_eq!(type_of(c.name, f).as_deref(), Some(want), "{}.{f}", c.name);
            }
            for (f, rel) in c.rels {
                let t = type_of(c.name, f).unwrap_or_else(|| panic!("{}.{f} is missing", c.name));
                match rel {
                    Rel::O2m(_) => assert_eq!(t, "alias", "{}.{f}", c.name),
                    Rel::M2o(_) | Rel::M2a(_) => assert_ne!(t, "alias", "{}.{f}", c.name),
                }
            }
        }
    }
}

//! Lockstep writes over GraphQL: the item mutations of `articles` and `pages`
//! (`create_<c>_item(s)`, `update_<c>_item(s)` by ids, `update_<c>_batch`,
//! `delete_<c>_item(s)`) with nested payloads in the forms GraphQL's input
//! types allow (a many-to-one as an object, with or without its key;
//! one-to-many lists of new and existing items; junction rows to existing
//! and new tags; many-to-any sections by the item's key), each read back
//! through a selection set of relational fields; sent as variables or as
//! literals in the document; and invalid mutations (a value of the wrong type,
//! an unknown field, a missing required one, as variables and as literals,
//! and payloads only the database refuses).

use serde_json::{Map, Value, json};

use super::{MAX_ALIVE, Write, WriteGen, slot};

/// What an article mutation reads back.
const ARTICLE_SELECTION: &str = "id title status views price is_featured author { name country { code } } \
     comments { text sort } tags { tags_id { name } } notes { text }";

impl WriteGen<'_> {
    pub(super) fn graphql_write(&mut self) -> Write {
        let roll = self.rng.below(100);
        if self.alive.is_empty() || roll < 22 {
            return self.gql_create();
        }
        match roll {
            22..=29 if self.alive.len() + 2 <= MAX_ALIVE => self.gql_create_many(),
            22..=45 => self.gql_update(),
            46..=53 => self.gql_update_many(),
            54..=61 => self.gql_update_batch(),
            62..=69 => self.gql_delete(),
            70..=79 => self.gql_page(),
            _ => self.gql_invalid(),
        }
    }

    /// A mutation of `root(args)`, its data sent as the variable `$data` of
    /// type `ty` or (one time in three) written in the document.
    fn mutation(&mut self, root: &str, args: &[(&str, &str, Value)], selection: &str) -> Write {
        let inline = self.rng.chance(33);
        let mut defs = Vec::new();
        let mut passed = Vec::new();
        let mut variables = Map::new();
        for (name, ty, value) in args {
            if inline {
                passed.push(format!("{name}: {}", literal(value)));
            } else {
                defs.push(format!("${name}: {ty}"));
                passed.push(format!("{name}: ${name}"));
                variables.insert((*name).to_owned(), value.clone());
            }
        }
        let head = if defs.is_empty() { String::new() } else { format!("({})", defs.join(", ")) };
        let query = format!("mutation{head} {{ {root}({}) {{ {selection} }} }}", passed.join(", "));
        Write::graphql(query, (!inline).then_some(Value::Object(variables)))
    }

    /// An existing author (its key and, where the input type requires it, its
    /// seed name), a new one in a country, or none.
    fn gql_author(&mut self, create: bool) -> Option<Value> {
        let authors = self.values.of("authors", "id").len().max(1);
        let i = self.rng.below(authors);
        let id = self.values.of("authors", "id").get(i).cloned().unwrap_or(json!(1));
        let name = self.values.of("authors", "name").get(i).cloned().unwrap_or(json!("Ann"));
        match self.rng.below(4) {
            0 if create => Some(json!({"id": id, "name": name})),
            0 => Some(json!({"id": id})),
            1 => {
                let countries = self.values.of("countries", "code").len().max(1);
                let c = self.rng.below(countries);
                let code = self.values.of("countries", "code").get(c).cloned();
                let cname = self.values.of("countries", "name").get(c).cloned();
                let n = self.next_serial();
                Some(
                    json!({"name": format!("Writer {n}"), "country": {"code": code, "name": cname}}),
                )
            }
            2 => {
                let n = self.next_serial();
                Some(json!({"id": id, "name": format!("Renamed {n}")}))
            }
            _ => None,
        }
    }

    /// Junction rows to an existing tag (its key, and its name where the
    /// input type requires it) and sometimes to a new one.
    fn gql_tags(&mut self, create: bool) -> Value {
        let tags = self.values.of("tags", "id").len().max(1);
        let i = self.rng.below(tags);
        let id = self.values.of("tags", "id").get(i).cloned().unwrap_or(json!(1));
        let name = self.values.of("tags", "name").get(i).cloned().unwrap_or(json!("news"));
        let mut items = vec![if create {
            json!({"tags_id": {"id": id, "name": name}})
        } else {
            json!({"tags_id": {"id": id}})
        }];
        if self.rng.chance(50) {
            items.push(json!({"tags_id": {"name": format!("tag-{}", self.next_serial())}}));
        }
        Value::Array(items)
    }

    /// An article's data: scalars, and relations in GraphQL's forms.
    fn gql_article(&mut self, create: bool) -> Map<String, Value> {
        let mut data = if create { self.article_scalars() } else { Map::new() };
        if !create {
            if self.rng.chance(50) {
                data.insert("title".into(), json!(format!("Rewritten {}", self.next_serial())));
            }
            if let Some(v) = self.seed_value("articles", "views") {
                data.insert("views".into(), v);
            }
        }
        if let Some(author) = self.gql_author(create) {
            data.insert("author".into(), author);
        }
        if self.rng.chance(50) {
            let comments = self.new_comments();
            // An existing comment is an object with its key over GraphQL.
            let comments: Vec<Value> = comments
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| if c.is_object() { c.clone() } else { json!({"id": c}) })
                .collect();
            data.insert("comments".into(), Value::Array(comments));
        }
        if self.rng.chance(50) {
            let tags =
                if !create && self.rng.chance(25) { json!([]) } else { self.gql_tags(create) };
            data.insert("tags".into(), tags);
        }
        if self.rng.chance(20) {
            data.insert("notes".into(), json!([{"text": format!("wn{}", self.next_serial())}]));
        }
        data
    }

    fn gql_create(&mut self) -> Write {
        let data = Value::Object(self.gql_article(true));
        let k = self.new_slot();
        self.alive.push(k);
        self.mutation(
            "create_articles_item",
            &[("data", "create_articles_input!", data)],
            ARTICLE_SELECTION,
        )
        .filling(k, "/data/create_articles_item/id")
    }

    /// Two articles in one mutation, each filling a slot (the answer lists
    /// them in the order of their keys).
    fn gql_create_many(&mut self) -> Write {
        let items: Vec<Value> = (0..2).map(|_| Value::Object(self.gql_article(true))).collect();
        let (a, b) = (self.new_slot(), self.new_slot());
        self.alive.extend([a, b]);
        self.mutation(
            "create_articles_items",
            &[("data", "[create_articles_input!]", Value::Array(items))],
            ARTICLE_SELECTION,
        )
        .filling(a, "/data/create_articles_items/0/id")
        .filling(b, "/data/create_articles_items/1/id")
    }

    fn gql_update(&mut self) -> Write {
        let k = self.some_alive();
        let data = Value::Object(self.gql_article(false));
        self.mutation(
            "update_articles_item",
            &[("id", "ID!", slot(k)), ("data", "update_articles_input!", data)],
            ARTICLE_SELECTION,
        )
    }

    fn gql_update_many(&mut self) -> Write {
        let (a, b) = (self.some_alive(), self.some_alive());
        let mut data = Map::new();
        match self.seed_value("articles", "status") {
            Some(status) if self.rng.chance(50) => data.insert("status".into(), status),
            _ => data.insert("views".into(), json!(self.rng.below(1000))),
        };
        if self.rng.chance(30) {
            data.insert("tags".into(), self.gql_tags(false));
        }
        self.mutation(
            "update_articles_items",
            &[
                ("ids", "[ID]!", json!([slot(a), slot(b)])),
                ("data", "update_articles_input!", Value::Object(data)),
            ],
            "id title status views tags { tags_id { name } }",
        )
    }

    /// Several articles, each with its own changes.
    fn gql_update_batch(&mut self) -> Write {
        let (a, b) = (self.some_alive(), self.some_alive());
        let mut items = Vec::new();
        for k in [a, b] {
            let mut data = self.gql_article(false);
            data.insert("id".into(), slot(k));
            items.push(Value::Object(data));
        }
        self.mutation(
            "update_articles_batch",
            &[("data", "[update_articles_input!]", Value::Array(items))],
            ARTICLE_SELECTION,
        )
    }

    fn gql_delete(&mut self) -> Write {
        let i = self.rng.below(self.alive.len());
        let k = self.alive.remove(i);
        if self.alive.is_empty() || self.rng.chance(50) {
            return self.mutation("delete_articles_item", &[("id", "ID!", slot(k))], "id");
        }
        let j = self.rng.below(self.alive.len());
        let other = self.alive.remove(j);
        self.mutation(
            "delete_articles_items",
            &[("ids", "[ID]!", json!([slot(k), slot(other)]))],
            "ids",
        )
    }

    /// A page created with existing items as sections (GraphQL's input has
    /// the many-to-any item as its key), or a tracked page's sections replaced.
    fn gql_page(&mut self) -> Write {
        // 12.4 reads a many-to-any item back from a mutation without scoping
        // its fragments to their member (a known difference): mostly not asked.
        let selection = if self.rng.chance(20) {
            "id title sections { collection sort item { ... on headings { title } ... on paragraphs { body } } }"
        } else {
            "id title sections { collection sort }"
        };
        let heading = self.seed_value("headings", "id").unwrap_or(json!(1)).to_string();
        let paragraph = self.seed_value("paragraphs", "id").unwrap_or(json!(1)).to_string();
        let n = self.next_serial();
        if self.pages.is_empty() || self.rng.chance(40) {
            let sections = json!([
                {"collection": "headings", "item": heading, "sort": 1},
                {"collection": "paragraphs", "item": paragraph, "sort": 2},
            ]);
            let data = json!({"title": format!("Page {n}"), "sections": sections});
            return self.mutation(
                "create_pages_item",
                &[("data", "create_pages_input!", data)],
                selection,
            );
        }
        let page = *self.rng.pick(&self.pages);
        self.touched_page = Some(page);
        let kept: Vec<usize> = self
            .sections
            .iter()
            .filter(|(p, _, _)| *p == page)
            .map(|(_, s, _)| *s)
            .take(1)
            .collect();
        self.sections.retain(|(p, s, _)| *p != page || kept.contains(s));
        let mut sections: Vec<Value> =
            kept.iter().map(|s| json!({"id": slot(*s), "sort": 5})).collect();
        sections.push(json!({"collection": "headings", "item": heading, "sort": 6}));
        let data = json!({"title": format!("Page {n}"), "sections": sections});
        self.mutation(
            "update_pages_item",
            &[("id", "ID!", slot(page)), ("data", "update_pages_input!", data)],
            selection,
        )
    }

    /// A mutation GraphQL or the database refuses.
    fn gql_invalid(&mut self) -> Write {
        let mut data = self.article_scalars();
        let n = self.next_serial();
        match self.rng.below(10) {
            8 => {
                // A nullable variable where the argument is non-null.
                let k = self.some_alive();
                return self.mutation(
                    "update_articles_item",
                    &[
                        ("id", "ID", slot(k)),
                        ("data", "update_articles_input!", json!({"views": n % 50})),
                    ],
                    "id views",
                );
            }
            0 => data.insert("views".into(), json!("many")),
            1 => data.insert("nope".into(), json!(1)),
            2 => data.remove("title"),
            3 => data.insert("author".into(), json!(5)),
            4 => data.insert("is_featured".into(), json!("yes")),
            5 => data.insert("code".into(), json!("lower")),
            6 => data.insert("published_on".into(), json!("not a date")),
            7 => {
                let name = self.seed_value("tags", "name").unwrap_or(json!("news"));
                return self.mutation(
                    "create_tags_item",
                    &[("data", "create_tags_input!", json!({"name": name}))],
                    "id name",
                );
            }
            _ => {
                // A batch update whose item has no key.
                let items = json!([{"title": format!("Rewritten {n}")}]);
                return self.mutation(
                    "update_articles_batch",
                    &[("data", "[update_articles_input!]", items)],
                    "id",
                );
            }
        };
        self.mutation(
            "create_articles_item",
            &[("data", "create_articles_input!", Value::Object(data))],
            "id title",
        )
    }
}

/// A JSON value as a GraphQL literal (object keys unquoted).
fn literal(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            format!("[{}]", items.iter().map(literal).collect::<Vec<_>>().join(", "))
        }
        Value::Object(m) => {
            let fields: Vec<String> =
                m.iter().map(|(k, v)| format!("{k}: {}", literal(v))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_graphql() {
        let v = json!({"title": "a \"b\"", "n": [1, null, true], "author": {"id": "@@k2@@"}});
        assert_eq!(
            literal(&v),
            r#"{ title: "a \"b\"", n: [1, null, true], author: { id: "@@k2@@" } }"#
        );
    }
}

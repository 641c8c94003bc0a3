//! Lockstep write sequences: between batches of reads, the same writes go to
//! both servers, one at a time on each, and every answer is compared as a
//! read's is. The writes create articles with nested relations in each form
//! Directus accepts (a many-to-one by key or as a new object, one-to-many and
//! many-to-many lists of new and existing items, many-to-any sections),
//! update them (scalars, replaced and detailed one-to-many changes, another
//! article's comment edited, a junction emptied or changed in detail, the
//! related author renamed through the article), create several in one
//! request, update and delete several by keys and by query (and delete by
//! query what no slot tracks, so the tables stay within one page), and
//! send plausibly invalid payloads (a missing required value, a value too
//! long or of the wrong type, a broken foreign key, a duplicate unique
//! value). Pages are written through their many-to-any alias
//! (`pages.rs`), and three writes in ten are GraphQL mutations
//! (`graphql.rs`). Each sequence ends with a read of what it touched, and
//! later reads see the rows it left.
//!
//! Writes name the articles, pages and sections earlier sequences created by
//! slot (`@@k3@@`, in a path, a JSON value or a GraphQL document): each
//! server substitutes the key it gave that row, so a difference in keys
//! shows once, in the create's answer, not in every later write.

use serde_json::{Value, json};

mod graphql;
mod pages;

use super::generate::Rng;
use super::model::Values;
use crate::api::Method;

/// Most articles alive from the sequences at once.
const MAX_ALIVE: usize = 25;

/// What a clean-up deletes by query: the rows the writes made that no slot
/// tracks (comments and notes left without their article, tags, pages and
/// their sections' items, batches, new authors).
const CLEAN_UPS: &[(&str, &str)] = &[
    ("comments", r#"{"_and": [{"text": {"_starts_with": "wc"}}, {"article": {"_null": true}}]}"#),
    ("notes", r#"{"_and": [{"text": {"_starts_with": "wn"}}, {"article": {"_null": true}}]}"#),
    ("tags", r#"{"name": {"_starts_with": "tag-"}}"#),
    ("pages", r#"{"title": {"_starts_with": "Page "}}"#),
    ("headings", r#"{"title": {"_starts_with": "wh"}}"#),
    ("paragraphs", r#"{"body": {"_starts_with": "wp"}}"#),
    ("articles", r#"{"title": {"_starts_with": "Batch "}}"#),
    ("authors", r#"{"name": {"_starts_with": "Writer "}}"#),
];

/// The fields every written article is answered with.
const ARTICLE_FIELDS: &str = "fields=*,author.name,author.country,comments.text,comments.sort,\
                              tags.tags_id.name,notes.text";

/// The fields every written page is answered with.
const PAGE_FIELDS: &str = "title,sections.collection,sections.sort,\
                           sections.item:headings.title,sections.item:headings.level,\
                           sections.item:paragraphs.body";

/// One write of a sequence (or the read that ends it).
#[derive(Debug, Clone)]
pub(crate) struct Write {
    pub(crate) method: Method,
    /// Path and query, with `@@k<slot>@@` for the key of a created article.
    pub(crate) path: String,
    /// The JSON body, with the same placeholders (as JSON strings).
    pub(crate) body: Option<Value>,
    /// The slots the answer's keys fill (slot, JSON pointer into the answer),
    /// for a create meant to succeed.
    pub(crate) fills: Vec<(usize, String)>,
}

impl Write {
    /// A write that fills no slot.
    fn new(method: Method, path: impl Into<String>, body: Option<Value>) -> Write {
        Write { method, path: path.into(), body, fills: Vec::new() }
    }

    /// A GraphQL request (a POST to /graphql), with variables when given.
    fn graphql(query: String, variables: Option<Value>) -> Write {
        let body = match variables {
            Some(v) => json!({"query": query, "variables": v}),
            None => json!({"query": query}),
        };
        Write::new(Method::Post, "/graphql", Some(body))
    }

    /// Whether the write goes to /graphql (its answer compared as GraphQL's).
    pub(crate) fn is_graphql(&self) -> bool {
        self.path == "/graphql"
    }

    /// The same write, filling `slot` with the key at `pointer` of its answer.
    fn filling(mut self, slot: usize, pointer: impl Into<String>) -> Write {
        self.fills.push((slot, pointer.into()));
        self
    }

    /// The request with `keys` (each server's own) in place of the placeholders:
    /// (path, body as text).
    pub(crate) fn resolve(&self, keys: &[Value]) -> (String, Option<String>) {
        let key = |slot: usize| keys.get(slot).cloned().unwrap_or(Value::Null);
        let path = substitute(&self.path, |slot| match key(slot) {
            Value::String(s) => s,
            other => other.to_string(),
        });
        let body = self.body.as_ref().map(|b| fill(b, &key).to_string());
        (path, body)
    }

    /// How the write is named in a difference (the placeholders kept, so the
    /// same write reads the same on both servers and across runs).
    pub(crate) fn label(&self) -> String {
        match &self.body {
            Some(b) => format!("{} {} {b}", self.method.as_str(), self.path),
            None => format!("{} {}", self.method.as_str(), self.path),
        }
    }
}

/// Replaces each `@@k<n>@@` in `text` with `key(n)`.
fn substitute(text: &str, key: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("@@k") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        match after.find("@@").and_then(|end| after[..end].parse::<usize>().ok().map(|n| (n, end)))
        {
            Some((slot, end)) => {
                out.push_str(&key(slot));
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("@@k");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `value` with every placeholder string replaced by the key it names, and
/// placeholders inside a longer string (a GraphQL document) by the key's text.
fn fill(value: &Value, key: &impl Fn(usize) -> Value) -> Value {
    match value {
        Value::String(s) => match s.strip_prefix("@@k").and_then(|r| r.strip_suffix("@@")) {
            Some(n) => n.parse().map_or_else(|_| value.clone(), key),
            None if s.contains("@@k") => Value::String(substitute(s, |n| match key(n) {
                Value::String(k) => k,
                other => other.to_string(),
            })),
            None => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, key)).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), fill(v, key))).collect())
        }
        other => other.clone(),
    }
}

fn slot(n: usize) -> Value {
    json!(format!("@@k{n}@@"))
}

/// The write sequences of a run, from their own seed (the reads stay those
/// of the same seed without writes).
pub(crate) struct WriteGen<'a> {
    rng: Rng,
    values: &'a Values,
    /// Slots handed out so far.
    slots: usize,
    /// Slots whose article has not been deleted.
    alive: Vec<usize>,
    /// Slots of the pages the writes created and no clean-up deleted yet.
    pages: Vec<usize>,
    /// Sections of those pages: (page slot, section slot, the item's collection).
    sections: Vec<(usize, usize, &'static str)>,
    /// The page the current sequence wrote, read back at its end.
    touched_page: Option<usize>,
    /// Names made unique within the run (tags, codes, titles).
    serial: usize,
}

impl<'a> WriteGen<'a> {
    pub(crate) fn new(seed: u64, values: &'a Values) -> WriteGen<'a> {
        WriteGen {
            rng: Rng::new(seed ^ 0x5752_4954_4553),
            values,
            slots: 0,
            alive: Vec::new(),
            pages: Vec::new(),
            sections: Vec::new(),
            touched_page: None,
            serial: 0,
        }
    }

    /// One sequence: one to four writes, then a read of an article it touched
    /// (and of the page it wrote, if any).
    pub(crate) fn sequence(&mut self) -> Vec<Write> {
        let mut out = Vec::new();
        self.touched_page = None;
        for _ in 0..=self.rng.below(4) {
            out.push(self.write());
        }
        if let Some(&k) = self.alive.last() {
            out.push(get(&format!("/items/articles/@@k{k}@@?{ARTICLE_FIELDS}")));
        }
        if let Some(p) = self.touched_page {
            out.push(get(&format!("/items/pages/@@k{p}@@?fields={PAGE_FIELDS}")));
        }
        out
    }

    fn write(&mut self) -> Write {
        let roll = self.rng.below(100);
        // The tables stay small enough that every read's rows fit in one page
        // of the default limit: rows that tie in a sort then cannot make the two
        // servers' pages differ.
        if self.alive.len() >= MAX_ALIVE {
            return self.delete();
        }
        if roll < 30 {
            return self.graphql_write();
        }
        if self.alive.is_empty() || roll < 50 {
            return self.create_article();
        }
        if roll < 56 {
            return self.clean_up();
        }
        match roll {
            56..=59 => self.invalid_create(),
            60..=71 => self.update_article(),
            72..=77 => self.update_many(),
            78..=82 => self.delete(),
            83..=86 => self.create_page(),
            87..=91 => self.update_page(),
            92..=94 => self.create_batch(),
            _ => self.create_tag(),
        }
    }

    /// A fresh slot.
    fn new_slot(&mut self) -> usize {
        self.slots += 1;
        self.slots - 1
    }

    fn next_serial(&mut self) -> usize {
        self.serial += 1;
        self.serial
    }

    /// A seed value of `articles.<field>`, if the seed has one.
    fn seed_value(&mut self, collection: &str, field: &str) -> Option<Value> {
        let values = self.values.of(collection, field);
        (!values.is_empty()).then(|| self.rng.pick(values).clone())
    }

    /// A valid article without relations: the required title and some scalars.
    fn article_scalars(&mut self) -> serde_json::Map<String, Value> {
        let n = self.next_serial();
        let mut body = serde_json::Map::new();
        body.insert("title".into(), json!(format!("Written {n}")));
        for field in
            ["status", "views", "price", "rating", "published_on", "is_featured", "labels", "data"]
        {
            if self.rng.chance(40)
                && let Some(v) = self.seed_value("articles", field)
            {
                body.insert(field.into(), v);
            }
        }
        if self.rng.chance(30) {
            body.insert("code".into(), json!(code(n)));
        }
        if self.rng.chance(20) {
            body.insert("short".into(), json!("abc"));
        }
        body
    }

    fn create_article(&mut self) -> Write {
        let mut body = self.article_scalars();
        match self.rng.below(4) {
            0 => {}
            1 => {
                body.insert(
                    "author".into(),
                    self.seed_value("authors", "id").unwrap_or(Value::Null),
                );
            }
            2 => {
                let country = self.seed_value("countries", "code").unwrap_or(Value::Null);
                let n = self.next_serial();
                body.insert(
                    "author".into(),
                    json!({"name": format!("Writer {n}"), "country": country}),
                );
            }
            _ => {
                body.insert("author".into(), Value::Null);
            }
        }
        if self.rng.chance(60) {
            let comments = self.new_comments();
            body.insert("comments".into(), comments);
        }
        if self.rng.chance(60) {
            let tags = self.tag_links();
            body.insert("tags".into(), tags);
        }
        if self.rng.chance(20) {
            body.insert("notes".into(), json!([{"text": format!("wn{}", self.next_serial())}]));
        }
        let slot_n = self.new_slot();
        self.alive.push(slot_n);
        Write::new(
            Method::Post,
            format!("/items/articles?{ARTICLE_FIELDS}"),
            Some(Value::Object(body)),
        )
        .filling(slot_n, "/data/id")
    }

    /// New comments, and sometimes one of the fixture's (moved to this article).
    fn new_comments(&mut self) -> Value {
        let mut items: Vec<Value> = (0..=self.rng.below(2))
            .map(|i| json!({"text": format!("wc{}", self.next_serial()), "sort": i}))
            .collect();
        if self.rng.chance(25)
            && let Some(id) = self.seed_value("comments", "id")
        {
            items.push(id);
        }
        Value::Array(items)
    }

    /// Junction rows to existing tags (by key, or as an object) and to new ones.
    fn tag_links(&mut self) -> Value {
        let mut items = Vec::new();
        if let Some(id) = self.seed_value("tags", "id") {
            items.push(json!({"tags_id": id}));
        }
        if self.rng.chance(50) {
            let n = self.next_serial();
            items.push(json!({"tags_id": {"name": format!("tag-{n}")}}));
        }
        Value::Array(items)
    }

    fn invalid_create(&mut self) -> Write {
        let mut body = self.article_scalars();
        match self.rng.below(7) {
            0 => {
                body.remove("title");
            }
            1 => {
                body.insert("short".into(), json!("far too long"));
            }
            2 => {
                body.insert("views".into(), json!("many"));
            }
            3 => {
                body.insert("author".into(), json!(987_654));
            }
            4 => {
                body.insert("code".into(), json!("lower"));
            }
            5 => {
                let name = self.seed_value("tags", "name").unwrap_or(json!("news"));
                body.insert("tags".into(), json!([{"tags_id": {"name": name}}]));
            }
            _ => {
                body.insert("published_on".into(), json!("not a date"));
            }
        }
        Write::new(
            Method::Post,
            format!("/items/articles?{ARTICLE_FIELDS}"),
            Some(Value::Object(body)),
        )
    }

    fn some_alive(&mut self) -> usize {
        *self.rng.pick(&self.alive)
    }

    fn update_article(&mut self) -> Write {
        let k = self.some_alive();
        let mut body = serde_json::Map::new();
        if self.rng.chance(50) {
            body.insert("title".into(), json!(format!("Rewritten {}", self.next_serial())));
        }
        if self.rng.chance(30)
            && let Some(v) = self.seed_value("articles", "views")
        {
            body.insert("views".into(), v);
        }
        match self.rng.below(9) {
            0 => {
                body.insert("comments".into(), self.new_comments());
            }
            5 => {
                // Another article's comment edited through this one's detailed form.
                let id = self.seed_value("comments", "id").unwrap_or(json!(1));
                let n = self.next_serial();
                body.insert(
                    "comments".into(),
                    json!({"create": [], "update": [{"id": id, "text": format!("edited {n}")}], "delete": []}),
                );
            }
            6 => {
                let n = self.next_serial();
                let junction = self.seed_value("articles_tags", "id").unwrap_or(json!(1));
                body.insert(
                    "tags".into(),
                    json!({"create": [{"tags_id": {"name": format!("tag-{n}")}}], "update": [], "delete": [junction]}),
                );
            }
            7 => {
                // The many-to-one's row changed through the article.
                let id = self.seed_value("authors", "id").unwrap_or(json!(1));
                let n = self.next_serial();
                body.insert("author".into(), json!({"id": id, "name": format!("Renamed {n}")}));
            }
            1 => {
                let n = self.next_serial();
                body.insert(
                    "comments".into(),
                    json!({"create": [{"text": format!("wc{n}")}], "update": [], "delete": []}),
                );
            }
            2 => {
                body.insert("tags".into(), json!([]));
            }
            3 => {
                body.insert("tags".into(), self.tag_links());
            }
            _ => {
                body.insert(
                    "author".into(),
                    self.seed_value("authors", "id").unwrap_or(Value::Null),
                );
            }
        }
        Write::new(
            Method::Patch,
            format!("/items/articles/@@k{k}@@?{ARTICLE_FIELDS}"),
            Some(Value::Object(body)),
        )
    }

    fn update_many(&mut self) -> Write {
        let (a, b) = (self.some_alive(), self.some_alive());
        let data = match self.seed_value("articles", "status") {
            Some(status) if self.rng.chance(50) => json!({"status": status}),
            _ => json!({"views": self.rng.below(1000)}),
        };
        let body = if self.rng.chance(50) {
            json!({"keys": [slot(a), slot(b)], "data": data})
        } else {
            json!({"query": {"filter": {"id": {"_in": [slot(a), slot(b)]}}}, "data": data})
        };
        Write::new(Method::Patch, "/items/articles?fields=id,title,status,views", Some(body))
    }

    /// One created article by key, or (one time in three, when there are
    /// two) two in one request.
    fn delete(&mut self) -> Write {
        let i = self.rng.below(self.alive.len());
        let k = self.alive.remove(i);
        if self.alive.is_empty() || !self.rng.chance(33) {
            let path = format!("/items/articles/@@k{k}@@");
            return Write::new(Method::Delete, path, None);
        }
        let j = self.rng.below(self.alive.len());
        let other = self.alive.remove(j);
        Write::new(Method::Delete, "/items/articles", Some(json!([slot(k), slot(other)])))
    }

    /// A delete by query of rows the writes left behind.
    fn clean_up(&mut self) -> Write {
        let (collection, filter) = *self.rng.pick(CLEAN_UPS);
        if collection == "pages" {
            self.pages.clear();
            self.sections.clear();
        }
        let filter: Value = serde_json::from_str(filter).unwrap_or_default();
        Write::new(
            Method::Delete,
            format!("/items/{collection}"),
            Some(json!({"query": {"filter": filter}})),
        )
    }

    /// Several articles in one request (an array body), none of them kept in
    /// a slot: the first ones of a batch that fails are not created either.
    fn create_batch(&mut self) -> Write {
        let mut items: Vec<Value> = (0..2)
            .map(|_| {
                let mut item = self.article_scalars();
                item.insert("title".into(), json!(format!("Batch {}", self.next_serial())));
                Value::Object(item)
            })
            .collect();
        if self.rng.chance(30) {
            let mut bad = self.article_scalars();
            bad.remove("title");
            items.push(Value::Object(bad));
        }
        Write::new(
            Method::Post,
            "/items/articles?fields=title,status,views,tags.tags_id.name",
            Some(Value::Array(items)),
        )
    }

    /// A tag, or (one time in three) a tag whose name is taken.
    fn create_tag(&mut self) -> Write {
        let name = match self.seed_value("tags", "name") {
            Some(taken) if self.rng.chance(33) => taken,
            _ => json!(format!("tag-{}", self.next_serial())),
        };
        Write::new(
            Method::Post,
            "/items/tags?fields=name,articles.articles_id.title",
            Some(json!({"name": name})),
        )
    }
}

fn get(path: &str) -> Write {
    Write::new(Method::Get, path, None)
}

/// Three capital letters for `n` (the fixture's `code` rule: `^[A-Z]{3}$`),
/// starting at `QAA`, away from the seed's codes.
fn code(n: usize) -> String {
    let letter = |i: usize| char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
    format!("{}{}{}", letter(16 + n / 676), letter(n / 26), letter(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_each_servers_keys() {
        let w = Write::new(
            Method::Patch,
            "/items/articles/@@k1@@?fields=id",
            Some(json!({"keys": [slot(0), slot(1)], "note": "@@k@@"})),
        );
        let (path, body) = w.resolve(&[json!(7), json!("a-b")]);
        assert_eq!(path, "/items/articles/a-b?fields=id");
        let body: Value = serde_json::from_str(&body.unwrap_or_default()).unwrap_or_default();
        assert_eq!(body, json!({"keys": [7, "a-b"], "note": "@@k@@"}));
        let (_, missing) = w.resolve(&[]);
        assert_eq!(missing.as_deref(), Some(r#"{"keys":[null,null],"note":"@@k@@"}"#));
        assert_eq!(substitute("/a/@@k2@@/@@kx@@", |n| n.to_string()), "/a/2/@@kx@@");
    }

    #[test]
    fn the_same_seed_gives_the_same_sequences() {
        let values = Values::default();
        let (mut a, mut b) = (WriteGen::new(3, &values), WriteGen::new(3, &values));
        for _ in 0..50 {
            let (x, y) = (a.sequence(), b.sequence());
            assert_eq!(
                x.iter().map(Write::label).collect::<Vec<_>>(),
                y.iter().map(Write::label).collect::<Vec<_>>()
            );
        }
        assert!(a.slots > 0, "sequences create articles");
        for _ in 0..2000 {
            a.sequence();
            assert!(a.alive.len() <= MAX_ALIVE, "{} articles alive", a.alive.len());
        }
        let labels: Vec<String> = (0..400).flat_map(|_| a.sequence()).map(|w| w.label()).collect();
        for start in [
            "DELETE /items/tags",
            "DELETE /items/pages ",
            "PATCH /items/pages/@@k",
            "POST /graphql {\"query\":\"mutation($data: create_articles_input!)",
            "POST /graphql {\"query\":\"mutation { update_articles_batch(",
            "POST /graphql {\"query\":\"mutation($data: create_pages_input!)",
        ] {
            assert!(labels.iter().any(|l| l.starts_with(start)), "no {start}");
        }
    }

    #[test]
    fn codes_follow_the_fixture_rule_and_differ() {
        let re = regex::Regex::new("^[A-Z]{3}$").unwrap_or_else(|_| unreachable!());
        let codes: std::collections::HashSet<String> = (1..2000).map(code).collect();
        assert_eq!(codes.len(), 1999);
        assert!(codes.iter().all(|c| re.is_match(c)));
    }
}

//! Lockstep writes over the many-to-any field `pages.sections`: pages created
//! with new and existing items, then changed through the alias in each form
//! Directus takes (detailed `create` / `update` / `delete`, a replacing list,
//! an emptied list), and invalid sections (a collection the field does not
//! allow, an item missing its required value).

use serde_json::json;

use super::{PAGE_FIELDS, Write, WriteGen, slot};
use crate::api::Method;

/// Most pages alive from the sequences at once.
const MAX_PAGES: usize = 6;

impl WriteGen<'_> {
    /// A page with a new heading, sometimes a new paragraph and an existing
    /// heading; the page and each section fill a slot (the sections carry
    /// their `sort`, so the answer lists them in that order on both servers).
    pub(super) fn create_page(&mut self) -> Write {
        let n = self.next_serial();
        let mut sections = vec![(
            "headings",
            json!({"collection": "headings", "item": {"title": format!("wh{n}"), "level": 2}}),
        )];
        if self.rng.chance(50) {
            sections.push((
                "paragraphs",
                json!({"collection": "paragraphs", "item": {"body": format!("wp{n}")}}),
            ));
        }
        if self.rng.chance(30)
            && let Some(id) = self.seed_value("headings", "id")
        {
            sections.push(("headings", json!({"collection": "headings", "item": id})));
        }
        let page = self.new_slot();
        let mut body = Vec::new();
        let mut fills = vec![(page, "/data/id".to_owned())];
        for (i, (collection, mut section)) in sections.into_iter().enumerate() {
            section["sort"] = json!(i + 1);
            body.push(section);
            let s = self.new_slot();
            self.sections.push((page, s, collection));
            fills.push((s, format!("/data/sections/{i}/id")));
        }
        if self.pages.len() >= MAX_PAGES {
            // The oldest page leaves the tracked ones (a clean-up deletes it).
            let old = self.pages.remove(0);
            self.sections.retain(|(p, _, _)| *p != old);
        }
        self.pages.push(page);
        self.touched_page = Some(page);
        let mut w = Write::new(
            Method::Post,
            format!("/items/pages?fields=id,sections.id,{PAGE_FIELDS}"),
            Some(json!({"title": format!("Page {n}"), "sections": body})),
        );
        w.fills = fills;
        w
    }

    /// A tracked page changed through its many-to-any alias, or deleted.
    pub(super) fn update_page(&mut self) -> Write {
        if self.pages.is_empty() {
            return self.create_page();
        }
        let page = *self.rng.pick(&self.pages);
        let own: Vec<(usize, &'static str)> =
            self.sections.iter().filter(|(p, _, _)| *p == page).map(|(_, s, c)| (*s, *c)).collect();
        let n = self.next_serial();
        let sections = match (self.rng.below(8), own.first()) {
            (0, _) | (1..=4, None) => {
                let existing = self.seed_value("paragraphs", "id").unwrap_or(json!(1));
                json!({"create": [
                    {"collection": "headings", "item": {"title": format!("wh{n}"), "level": 3}},
                    {"collection": "paragraphs", "item": existing},
                ], "update": [], "delete": []})
            }
            (1, Some(&(s, collection))) => {
                // The junction row re-sorted, or pointed at a new item of its collection.
                let change = match (collection, self.rng.below(3)) {
                    (_, 0) => json!({"id": slot(s), "sort": 10 + n % 7}),
                    ("headings", 1) => {
                        json!({"id": slot(s), "collection": "headings", "item": {"title": format!("wh{n}")}})
                    }
                    (_, 1) => {
                        json!({"id": slot(s), "collection": "paragraphs", "item": {"body": format!("wp{n}")}})
                    }
                    // Without the collection beside the new item.
                    _ => json!({"id": slot(s), "item": {"title": format!("wh{n}")}}),
                };
                json!({"create": [], "update": [change], "delete": []})
            }
            (2, Some(&(s, _))) => {
                self.sections.retain(|(_, x, _)| *x != s);
                json!({"create": [], "update": [], "delete": [slot(s)]})
            }
            (3, Some(&(s, _))) => {
                self.sections.retain(|(p, x, _)| *p != page || *x == s);
                json!([{"id": slot(s)}, {"collection": "paragraphs", "item": {"body": format!("wp{n}")}}])
            }
            (4, Some(_)) => {
                self.sections.retain(|(p, _, _)| *p != page);
                json!([])
            }
            (5, _) => return self.delete_page(page),
            (6, _) => json!([{"collection": "tags", "item": {"name": format!("tag-{n}")}}]),
            _ => {
                json!({"create": [{"collection": "headings", "item": {"level": 2}}], "update": [], "delete": []})
            }
        };
        self.touched_page = Some(page);
        let mut body = json!({"sections": sections});
        if self.rng.chance(30) {
            body["title"] = json!(format!("Page {n}"));
        }
        Write::new(
            Method::Patch,
            format!("/items/pages/@@k{page}@@?fields={PAGE_FIELDS}"),
            Some(body),
        )
    }

    fn delete_page(&mut self, page: usize) -> Write {
        self.pages.retain(|p| *p != page);
        self.sections.retain(|(p, _, _)| *p != page);
        if self.touched_page == Some(page) {
            self.touched_page = None;
        }
        Write::new(Method::Delete, format!("/items/pages/@@k{page}@@"), None)
    }
}

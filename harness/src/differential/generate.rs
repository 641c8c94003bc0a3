//! The seeded generator: reads over the fixture as a tree (fields with
//! relational levels, M2A scopes, functions and aliases; filters; sort, page,
//! search, meta; deep arguments per level; aggregates), each written as the
//! REST request a client sends and, where GraphQL can say the same, as the
//! GraphQL query. Some requests are made plausibly invalid on purpose.
//! The same seed gives the same requests.

use serde_json::{Map, Value, json};

use super::model::{COLLECTIONS, Coll, Rel, Ty, Values, coll};

/// splitmix64: small, seedable, the same on every machine.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One generated request, as REST and (where expressible) as GraphQL.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    /// Path and query string of the REST request (a GET).
    pub(crate) rest: String,
    /// The top-level list's order is fixed by the request (a sort ending in the key).
    pub(crate) ordered: bool,
    pub(crate) graphql: Option<Gql>,
}

/// The GraphQL form of a probe.
#[derive(Debug, Clone)]
pub(crate) struct Gql {
    pub(crate) query: String,
    /// The root field whose value is the REST response's `data`.
    pub(crate) root: String,
    /// Whether the REST and GraphQL answers must be the same data (not for aggregates).
    pub(crate) parity: bool,
}

/// A level of a read: what it selects and its arguments.
#[derive(Debug, Default, Clone)]
struct Node {
    /// (alias, field): scalars, optionally aliased (aliases only at the top).
    scalars: Vec<(Option<String>, String)>,
    /// (function, field).
    funcs: Vec<(&'static str, String)>,
    rels: Vec<(Option<String>, String, Node)>,
    /// M2A scopes: (collection, selection).
    scopes: Vec<(&'static str, Node)>,
    args: Args,
    /// REST-only paths (wildcards, deliberate mistakes): no GraphQL form.
    raw: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct Args {
    filter: Option<(Value, Option<String>)>,
    sort: Vec<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    page: Option<i64>,
    search: Option<String>,
}

/// Generates the probes of one seed.
pub(crate) struct Generator<'v> {
    rng: Rng,
    values: &'v Values,
}

const DATE_FUNCS: &[&str] = &["year", "month", "week", "day", "weekday"];
const TIME_FUNCS: &[&str] = &["year", "month", "day", "hour", "minute", "second"];
const STRING_OPS: &[&str] = &[
    "_eq",
    "_neq",
    "_contains",
    "_ncontains",
    "_icontains",
    "_starts_with",
    "_nstarts_with",
    "_istarts_with",
    "_ends_with",
    "_nends_with",
    "_iends_with",
    "_in",
    "_nin",
    "_null",
    "_nnull",
    "_empty",
    "_nempty",
];
const NUMBER_OPS: &[&str] = &[
    "_eq",
    "_neq",
    "_lt",
    "_lte",
    "_gt",
    "_gte",
    "_in",
    "_nin",
    "_between",
    "_nbetween",
    "_null",
    "_nnull",
];
const OTHER_OPS: &[&str] = &["_eq", "_neq", "_null", "_nnull", "_in"];

impl<'v> Generator<'v> {
    pub(crate) fn new(seed: u64, values: &'v Values) -> Generator<'v> {
        Generator { rng: Rng::new(seed), values }
    }

    /// The next probe.
    pub(crate) fn probe(&mut self) -> Probe {
        let c = if self.rng.chance(50) { &COLLECTIONS[0] } else { self.rng.pick(COLLECTIONS) };
        match self.rng.below(20) {
            0..=1 => self.aggregate(c),
            2..=3 => self.single(c),
            4 => self.invalid(c),
            _ => self.list(c),
        }
    }

    fn list(&mut self, c: &'static Coll) -> Probe {
        let mut node = self.node(c, 0);
        node.args = self.args(c, true);
        if self.rng.chance(15) {
            self.alias(c, &mut node);
        }
        let meta =
            self.rng.chance(10).then(|| *self.rng.pick(&["total_count", "filter_count", "*"]));
        let mut q = Query::default();
        q.fields(&node, "");
        q.args(&node.args);
        q.deep(&node);
        q.aliases(&node);
        if let Some(m) = meta {
            q.push("meta", m.to_owned());
        }
        let ordered = node.args.sort.last().is_some_and(|s| s.trim_start_matches('-') == c.pk);
        let graphql = gql_fields(&node).map(|sel| {
            let args = gql_args(&node.args).unwrap_or_default();
            Gql {
                query: format!("{{ {}{} {{ {sel} }} }}", c.name, args),
                root: c.name.to_owned(),
                parity: true,
            }
        });
        let graphql = graphql.filter(|_| gql_args(&node.args).is_some());
        Probe { rest: format!("/items/{}?{}", c.name, q.finish()), ordered, graphql }
    }

    fn single(&mut self, c: &'static Coll) -> Probe {
        let node = self.node(c, 0);
        let keys = self.values.of(c.name, c.pk);
        let key = match keys {
            [] => json!(1),
            _ if self.rng.chance(10) => json!(999),
            _ => self.rng.pick(keys).clone(),
        };
        let key_text = key.as_str().map_or_else(|| key.to_string(), str::to_owned);
        let mut q = Query::default();
        q.fields(&node, "");
        q.deep(&node);
        let graphql = gql_fields(&node).map(|sel| Gql {
            query: format!(
                "{{ {}_by_id(id: {}) {{ {sel} }} }}",
                c.name,
                gql_value(&json!(key_text))
            ),
            root: format!("{}_by_id", c.name),
            parity: true,
        });
        Probe {
            rest: format!("/items/{}/{}?{}", c.name, key_text, q.finish()),
            ordered: true,
            graphql,
        }
    }

    fn aggregate(&mut self, c: &'static Coll) -> Probe {
        let mut numeric: Vec<&str> =
            c.scalars.iter().filter(|(_, t)| t.numeric()).map(|(f, _)| *f).collect();
        if numeric.is_empty() {
            numeric.push(c.pk);
        }
        let mut q = Query::default();
        let mut gsel = Vec::new();
        if self.rng.chance(60) {
            q.push("aggregate[count]", "*".into());
            gsel.push("countAll".to_owned());
        }
        for func in ["sum", "avg", "min", "max", "countDistinct", "count"] {
            if self.rng.chance(25) {
                let f = if func.starts_with("count") {
                    self.rng.pick(c.scalars).0
                } else {
                    self.rng.pick(&numeric)
                };
                q.push(&format!("aggregate[{func}]"), f.to_owned());
                gsel.push(format!("{func} {{ {f} }}"));
            }
        }
        if gsel.is_empty() {
            q.push("aggregate[count]", c.pk.to_owned());
            gsel.push(format!("count {{ {} }}", c.pk));
        }
        let mut group = Vec::new();
        if self.rng.chance(40) {
            let (f, t) = *self.rng.pick(c.scalars);
            group.push(if t.temporal() && self.rng.chance(50) {
                format!("{}({f})", self.rng.pick(DATE_FUNCS))
            } else {
                f.to_owned()
            });
            q.push("groupBy", group.join(","));
            gsel.push("group".into());
        }
        let mut args = Args::default();
        if self.rng.chance(50) {
            args.filter = Some(self.filter(c, 0));
        }
        q.args(&args);
        let mut gargs = gql_args(&args);
        if let Some(a) = &mut gargs
            && !group.is_empty()
        {
            let list: Vec<Value> = group.iter().map(|g| json!(g)).collect();
            let inner = a.trim_start_matches('(').trim_end_matches(')');
            let sep = if inner.is_empty() { "" } else { ", " };
            *a = format!("(groupBy: {}{sep}{inner})", gql_value(&Value::Array(list)));
        }
        let graphql = gargs.map(|a| Gql {
            query: format!("{{ {}_aggregated{a} {{ {} }} }}", c.name, gsel.join(" ")),
            root: format!("{}_aggregated", c.name),
            parity: false,
        });
        Probe { rest: format!("/items/{}?{}", c.name, q.finish()), ordered: false, graphql }
    }

    /// A request with one deliberate mistake, or one of the forms clients get wrong.
    fn invalid(&mut self, c: &'static Coll) -> Probe {
        let f = self.rng.pick(c.scalars).0;
        let query = match self.rng.below(16) {
            0 => "fields=nope".to_owned(),
            1 => format!("filter={}", enc(&json!({"nope": {"_eq": 1}}).to_string())),
            2 => format!("filter={}", enc(&json!({f: {"_foo": 1}}).to_string())),
            3 => format!("filter={}", enc(&json!({f: {"_gt": "abc"}}).to_string())),
            4 => (*self.rng.pick(&["limit=abc", "limit=-5", "offset=-1", "page=0", "limit=1.5"]))
                .to_owned(),
            5 => "filter={bad".to_owned(),
            6 => "sort=nope".to_owned(),
            7 => format!("aggregate[nope]={f}"),
            8 => format!("deep={}", enc(&json!({"nope": {"_limit": 1}}).to_string())),
            9 => "meta=nope".to_owned(),
            10 => format!("fields[]={f}&fields[]={}", c.pk),
            11 => format!("filter[{f}][_null]=true&fields={f}"),
            12 => format!("fields=year({f})"),
            13 => format!("fields={f}.nope"),
            14 => format!("search={}&fields={f}", enc("%_")),
            _ => format!("sort=-{f}&limit=0&fields={f}"),
        };
        Probe { rest: format!("/items/{}?{query}", c.name), ordered: false, graphql: None }
    }

    /// A selection of a level; `depth` 0 is the top.
    fn node(&mut self, c: &'static Coll, depth: usize) -> Node {
        let mut n = Node::default();
        if depth > 0 && self.rng.chance(5) {
            n.raw.push("*".into());
        } else if depth == 0 && self.rng.chance(8) {
            n.raw.push(self.rng.pick(&["*", "*.*", "*.*.*"]).to_string());
        }
        let count = 1 + self.rng.below(4);
        for _ in 0..count {
            let (f, _) = *self.rng.pick(c.scalars);
            if !n.scalars.iter().any(|(_, s)| s == f) {
                n.scalars.push((None, f.to_owned()));
            }
        }
        for (f, t) in c.scalars {
            if self.rng.chance(6) {
                let funcs: &[&'static str] = match t {
                    Ty::Date => DATE_FUNCS,
                    Ty::DateTime | Ty::Timestamp => TIME_FUNCS,
                    Ty::Json | Ty::Csv => &["count"][..],
                    _ => continue,
                };
                let func = *self.rng.pick::<&'static str>(funcs);
                n.funcs.push((func, (*f).to_owned()));
            }
        }
        if depth >= 2 {
            return n;
        }
        for (f, rel) in c.rels {
            if !self.rng.chance(if depth == 0 { 30 } else { 15 }) {
                continue;
            }
            match rel {
                Rel::M2o(target) => {
                    n.rels.push((None, (*f).to_owned(), self.node(coll(target), depth + 1)));
                }
                Rel::O2m(target) => {
                    if self.rng.chance(15) {
                        n.funcs.push(("count", (*f).to_owned()));
                        continue;
                    }
                    let mut child = self.node(coll(target), depth + 1);
                    if self.rng.chance(30) {
                        child.args = self.args(coll(target), false);
                    }
                    n.rels.push((None, (*f).to_owned(), child));
                }
                Rel::M2a(targets) => {
                    let mut child = Node::default();
                    for t in *targets {
                        if self.rng.chance(60) {
                            child.scopes.push((t, self.node(coll(t), depth + 2)));
                        }
                    }
                    if child.scopes.is_empty() || self.rng.chance(20) {
                        child.raw.push(if self.rng.chance(50) { "*" } else { "id" }.into());
                    }
                    n.rels.push((None, (*f).to_owned(), child));
                }
            }
        }
        n
    }

    /// Aliases on some of the top level's fields.
    fn alias(&mut self, c: &Coll, n: &mut Node) {
        let _ = c;
        let mut i = 0;
        for (alias, _) in &mut n.scalars {
            if self.rng.chance(50) {
                *alias = Some(format!("al{i}"));
                i += 1;
            }
        }
        for (alias, _, _) in &mut n.rels {
            if self.rng.chance(50) {
                *alias = Some(format!("al{i}"));
                i += 1;
            }
        }
    }

    fn args(&mut self, c: &'static Coll, top: bool) -> Args {
        let mut a = Args::default();
        if self.rng.chance(60) {
            a.filter = Some(self.filter(c, 0));
        }
        if self.rng.chance(50) {
            let (f, t) = *self.rng.pick(c.scalars);
            let key = if t.temporal() && self.rng.chance(30) {
                format!("{}({f})", self.rng.pick(DATE_FUNCS))
            } else {
                f.to_owned()
            };
            a.sort.push(if self.rng.chance(50) { format!("-{key}") } else { key });
            if top
                && self.rng.chance(15)
                && let Some((r, Rel::M2o(t))) =
                    c.rels.iter().find(|(_, r)| matches!(r, Rel::M2o(_)))
            {
                a.sort.push(format!("{r}.{}", coll(t).scalars[coll(t).scalars.len() - 1].0));
            }
            if self.rng.chance(80) {
                a.sort.push(c.pk.to_owned());
            }
        }
        if self.rng.chance(40) {
            a.limit = Some(*self.rng.pick(&[0, 1, 2, 3, 5, -1]));
        }
        if self.rng.chance(20) {
            a.offset = Some(*self.rng.pick(&[0, 1, 2, 10]));
        } else if top && self.rng.chance(15) {
            a.page = Some(*self.rng.pick(&[1, 2, 3]));
        }
        if top && self.rng.chance(10) {
            let words = ["hello", "Ann", "c", "1", "news", "e", "10", "2024"];
            a.search = Some((*self.rng.pick(&words)).to_owned());
        }
        a
    }

    /// A filter over a collection: its REST JSON and, when expressible, its GraphQL literal.
    fn filter(&mut self, c: &'static Coll, depth: usize) -> (Value, Option<String>) {
        let roll = self.rng.below(100);
        if depth < 2 && roll < 12 {
            let op = if self.rng.chance(50) { "_and" } else { "_or" };
            let parts: Vec<(Value, Option<String>)> =
                (0..2 + self.rng.below(2)).map(|_| self.filter(c, depth + 1)).collect();
            let rest = json!({op: parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>()});
            let gql: Option<Vec<String>> = parts.into_iter().map(|p| p.1).collect();
            return (rest, gql.map(|g| format!("{{ {op}: [{}] }}", g.join(", "))));
        }
        if depth < 3 && roll < 35 && !c.rels.is_empty() {
            let (f, rel) = *self.rng.pick(c.rels);
            match rel {
                Rel::M2o(t) => {
                    let (v, g) = self.filter(coll(t), depth + 1);
                    return (json!({f: v}), g.map(|g| format!("{{ {f}: {g} }}")));
                }
                Rel::O2m(t) => {
                    if self.rng.chance(20) {
                        let n = *self.rng.pick(&[0, 1, 2]);
                        let op = *self.rng.pick(&["_gt", "_eq", "_lt"]);
                        let rest = json!({format!("count({f})"): {op: n}});
                        return (
                            rest,
                            Some(format!("{{ {f}_func: {{ count: {{ {op}: {n} }} }} }}")),
                        );
                    }
                    let (v, g) = self.filter(coll(t), depth + 1);
                    let q = *self.rng.pick(&["_some", "_none", ""]);
                    if q.is_empty() {
                        return (json!({f: v}), g.map(|g| format!("{{ {f}: {g} }}")));
                    }
                    return (json!({f: {q: v}}), g.map(|g| format!("{{ {f}: {{ {q}: {g} }} }}")));
                }
                Rel::M2a(_) => {}
            }
        }
        self.leaf(c)
    }

    /// One field, one operator, one value (functions and dynamic variables included).
    fn leaf(&mut self, c: &'static Coll) -> (Value, Option<String>) {
        let (f, t) = *self.rng.pick(c.scalars);
        if t.temporal() && self.rng.chance(25) {
            let func = *self.rng.pick(DATE_FUNCS);
            let op = *self.rng.pick(&["_eq", "_gt", "_lte", "_neq", "_in"]);
            let v = match (func, op) {
                (_, "_in") => json!([2024, 1, 3]),
                ("year", _) => json!(*self.rng.pick(&[2023, 2024, 2025])),
                _ => json!(self.rng.below(12) as i64),
            };
            let rest = json!({format!("{func}({f})"): {op: v}});
            let g = format!("{{ {f}_func: {{ {func}: {{ {op}: {} }} }} }}", gql_value(&v));
            return (rest, Some(g));
        }
        let ops = if t.textual() {
            STRING_OPS
        } else if t.numeric() || t.temporal() {
            NUMBER_OPS
        } else {
            OTHER_OPS
        };
        let op = *self.rng.pick(ops);
        let v = self.operand(c, f, t, op);
        let g = format!("{{ {f}: {{ {op}: {} }} }}", gql_value(&v));
        (json!({f: {op: v}}), Some(g))
    }

    fn operand(&mut self, c: &Coll, f: &str, t: Ty, op: &str) -> Value {
        match op {
            "_null" | "_nnull" | "_empty" | "_nempty" => return json!(self.rng.chance(80)),
            "_in" | "_nin" => {
                return Value::Array(
                    (0..1 + self.rng.below(3)).map(|_| self.value(c, f, t)).collect(),
                );
            }
            "_between" | "_nbetween" => {
                let (a, b) = (self.value(c, f, t), self.value(c, f, t));
                return json!([a, b]);
            }
            _ => {}
        }
        if t.temporal() && self.rng.chance(20) {
            return json!(*self.rng.pick(&["$NOW", "$NOW(-1 year)", "$NOW(+2 days)"]));
        }
        if t.textual()
            && matches!(op, "_contains" | "_icontains" | "_starts_with" | "_ends_with")
            && self.rng.chance(50)
        {
            return json!(*self.rng.pick(&["e", "o", "H", "hello", "1", "%", "_"]));
        }
        self.value(c, f, t)
    }

    /// A value for a field: mostly one the seed has, sometimes another of its type.
    fn value(&mut self, c: &Coll, f: &str, t: Ty) -> Value {
        let seen = self.values.of(c.name, f);
        if !seen.is_empty() && self.rng.chance(75) {
            return self.rng.pick(seen).clone();
        }
        match t {
            Ty::Int => json!(self.rng.below(30) as i64 - 2),
            Ty::Dec | Ty::Float => json!(*self.rng.pick(&[0.5, 4.5, 9.99, 100.0])),
            Ty::Date => json!(*self.rng.pick(&["2024-01-01", "2023-06-30", "2030-01-01"])),
            Ty::DateTime | Ty::Timestamp => json!("2024-01-15T10:20:30"),
            Ty::Time => json!("10:00:00"),
            Ty::Bool => json!(self.rng.chance(50)),
            _ => json!(*self.rng.pick(&["Hello World", "x", "", "published", "draft"])),
        }
    }
}

/// A query string under construction.
#[derive(Debug, Default)]
struct Query(Vec<String>);

impl Query {
    fn push(&mut self, key: &str, value: String) {
        self.0.push(format!("{key}={}", enc(&value)));
    }

    fn fields(&mut self, n: &Node, _prefix: &str) {
        let mut paths = Vec::new();
        field_paths(n, "", true, &mut paths);
        self.push("fields", paths.join(","));
    }

    fn args(&mut self, a: &Args) {
        if let Some((f, _)) = &a.filter {
            self.push("filter", f.to_string());
        }
        if !a.sort.is_empty() {
            self.push("sort", a.sort.join(","));
        }
        for (k, v) in [("limit", a.limit), ("offset", a.offset), ("page", a.page)] {
            if let Some(v) = v {
                self.push(k, v.to_string());
            }
        }
        if let Some(s) = &a.search {
            self.push("search", s.clone());
        }
    }

    fn deep(&mut self, n: &Node) {
        let deep = deep_of(n);
        if !deep.is_empty() {
            self.push("deep", Value::Object(deep).to_string());
        }
    }

    fn aliases(&mut self, n: &Node) {
        for (alias, f) in &n.scalars {
            if let Some(a) = alias {
                self.push(&format!("alias[{a}]"), f.clone());
            }
        }
        for (alias, f, _) in &n.rels {
            if let Some(a) = alias {
                self.push(&format!("alias[{a}]"), f.clone());
            }
        }
    }

    fn finish(self) -> String {
        self.0.join("&")
    }
}

fn field_paths(n: &Node, prefix: &str, top: bool, out: &mut Vec<String>) {
    let _ = top;
    for r in &n.raw {
        out.push(format!("{prefix}{r}"));
    }
    for (alias, f) in &n.scalars {
        out.push(format!("{prefix}{}", alias.as_deref().unwrap_or(f)));
    }
    for (func, f) in &n.funcs {
        out.push(format!("{prefix}{func}({f})"));
    }
    for (alias, f, child) in &n.rels {
        let name = alias.as_deref().unwrap_or(f);
        let before = out.len();
        field_paths(child, &format!("{prefix}{name}."), false, out);
        if out.len() == before {
            out.push(format!("{prefix}{name}"));
        }
    }
    for (c, child) in &n.scopes {
        let base = prefix.trim_end_matches('.');
        field_paths(child, &format!("{base}:{c}."), false, out);
    }
}

fn deep_of(n: &Node) -> Map<String, Value> {
    let mut out = Map::new();
    for (alias, f, child) in &n.rels {
        let mut level = deep_of(child);
        let a = &child.args;
        if let Some((flt, _)) = &a.filter {
            level.insert("_filter".into(), flt.clone());
        }
        if !a.sort.is_empty() {
            level.insert("_sort".into(), json!(a.sort));
        }
        for (k, v) in [("_limit", a.limit), ("_offset", a.offset)] {
            if let Some(v) = v {
                level.insert(k.into(), json!(v));
            }
        }
        if !level.is_empty() {
            out.insert(alias.clone().unwrap_or_else(|| f.clone()), Value::Object(level));
        }
    }
    out
}

/// The GraphQL selection of a level, or `None` when it has REST-only paths.
fn gql_fields(n: &Node) -> Option<String> {
    if !n.raw.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for (alias, f) in &n.scalars {
        parts.push(match alias {
            Some(a) => format!("{a}: {f}"),
            None => f.clone(),
        });
    }
    let mut funcs: Vec<(&str, Vec<&str>)> = Vec::new();
    for (func, f) in &n.funcs {
        match funcs.iter_mut().find(|(x, _)| x == f) {
            Some((_, list)) => list.push(func),
            None => funcs.push((f, vec![func])),
        }
    }
    for (f, list) in funcs {
        parts.push(format!("{f}_func {{ {} }}", list.join(" ")));
    }
    for (alias, f, child) in &n.rels {
        if !child.raw.is_empty() {
            return None;
        }
        let sel = if child.scopes.is_empty() {
            gql_fields(child)?
        } else {
            let mut frags = Vec::new();
            for (c, s) in &child.scopes {
                frags.push(format!("... on {c} {{ {} }}", gql_fields(s)?));
            }
            frags.join(" ")
        };
        let args = gql_args(&child.args)?;
        let head = match alias {
            Some(a) => format!("{a}: {f}"),
            None => f.clone(),
        };
        parts.push(format!("{head}{args} {{ {sel} }}"));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A level's arguments in GraphQL, `None` when one is not expressible there.
fn gql_args(a: &Args) -> Option<String> {
    let mut parts = Vec::new();
    if let Some((_, g)) = &a.filter {
        parts.push(format!("filter: {}", g.as_ref()?));
    }
    if !a.sort.is_empty() {
        parts.push(format!("sort: {}", gql_value(&json!(a.sort))));
    }
    for (k, v) in [("limit", a.limit), ("offset", a.offset), ("page", a.page)] {
        if let Some(v) = v {
            parts.push(format!("{k}: {v}"));
        }
    }
    if let Some(s) = &a.search {
        parts.push(format!("search: {}", gql_value(&json!(s))));
    }
    Some(if parts.is_empty() { String::new() } else { format!("({})", parts.join(", ")) })
}

/// A JSON value as a GraphQL literal.
pub(crate) fn gql_value(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            format!("[{}]", items.iter().map(gql_value).collect::<Vec<_>>().join(", "))
        }
        Value::Object(m) => format!(
            "{{ {} }}",
            m.iter().map(|(k, v)| format!("{k}: {}", gql_value(v))).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// Percent-encodes a query value.
pub(crate) fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        let path = format!("{}/fixtures/conformance", crate::REPO_ROOT);
        let fixture =
            crate::provision::Fixture::load(std::path::Path::new(&path)).expect("fixture");
        Values::from_seed(fixture.seed_rows())
    }

    #[test]
    fn the_same_seed_gives_the_same_requests_and_another_seed_others() {
        let v = values();
        let run = |seed| {
            let mut g = Generator::new(seed, &v);
            (0..200).map(|_| g.probe().rest).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    /// A few thousand probes reach every form the generator claims.
    #[test]
    fn the_requests_cover_the_query_language() {
        let v = values();
        let mut g = Generator::new(1, &v);
        let probes: Vec<Probe> = (0..3000).map(|_| g.probe()).collect();
        let decoded: Vec<String> = probes
            .iter()
            .map(|p| percent_encoding::percent_decode_str(&p.rest).decode_utf8_lossy().into_owned())
            .collect();
        let has = |needle: &str| decoded.iter().any(|r| r.contains(needle));
        for needle in [
            "fields=*",
            ":headings.",
            "(published_on)",
            "count(",
            "\"_some\"",
            "\"_none\"",
            "\"_and\"",
            "\"_or\"",
            "\"_between\"",
            "$NOW",
            "year(",
            "sort=-",
            "limit=0",
            "offset=",
            "page=",
            "meta=",
            "search=",
            "aggregate[",
            "groupBy=",
            "deep=",
            "alias[",
            "filter={bad",
            "\"_icontains\"",
        ] {
            assert!(has(needle), "no generated request has {needle}");
        }
        let graphql: Vec<&Gql> = probes.iter().filter_map(|p| p.graphql.as_ref()).collect();
        assert!(graphql.len() > 2000, "{} GraphQL twins", graphql.len());
        assert!(graphql.iter().any(|g| g.query.contains("... on headings")));
        assert!(graphql.iter().any(|g| g.query.contains("_func {")));
        assert!(graphql.iter().any(|g| g.query.contains("_aggregated")));
        assert!(graphql.iter().any(|g| g.query.contains("_by_id(")));
    }
}

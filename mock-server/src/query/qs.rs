//! Query strings in the bracket syntax of the `qs` package, which Directus
//! uses to read URLs: `filter[title][_eq]=x`, `fields[]=a`, `sort[0]=id`.
//!
//! The result is a JSON object whose leaves are strings. Directus' limits
//! apply: at most [`MAX_DEPTH`] bracket levels (deeper text stays one literal
//! key) and array indexes below `QUERYSTRING_ARRAY_LIMIT` ([`ARRAY_LIMIT`] by
//! default; an index at or past it is an object key, and an array that grows
//! past it by `[]` or repeated keys becomes an object keyed by index, as
//! Directus 12.4 answers). Repeated plain keys collect into an array.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

/// `QUERYSTRING_MAX_PARSE_DEPTH`.
pub(crate) const MAX_DEPTH: usize = 10;
/// `QUERYSTRING_ARRAY_LIMIT`.
pub(crate) const ARRAY_LIMIT: usize = 500;

#[derive(Debug)]
enum Node {
    Str(String),
    List(BTreeMap<usize, Node>),
    Map(IndexMap<String, Node>),
}

#[derive(Debug)]
enum Seg {
    Push,
    Index(usize),
    Key(String),
}

/// The raw query string's `key=value` pairs in order, each side decoded
/// (`+` is a space), without the bracket syntax: what routes that take flat
/// parameters (assets, the control plane) read.
pub(crate) fn pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Parses a raw query string (without the `?`) with Directus' default array limit.
pub(crate) fn parse(raw: &str) -> Map<String, Value> {
    parse_with(raw, ARRAY_LIMIT)
}

/// Parses a raw query string (without the `?`) under `QUERYSTRING_ARRAY_LIMIT`.
pub(crate) fn parse_with(raw: &str, array_limit: usize) -> Map<String, Value> {
    let mut root: IndexMap<String, Node> = IndexMap::new();
    for (key, value) in pairs(raw) {
        if key.is_empty() {
            continue;
        }
        let (head, segs) = split_key(&key, array_limit);
        if head.is_empty() {
            continue;
        }
        let slot = root.entry(head);
        match slot {
            indexmap::map::Entry::Occupied(mut e) => insert(e.get_mut(), &segs, value),
            indexmap::map::Entry::Vacant(e) => {
                e.insert(build(&segs, value));
            }
        }
    }
    root.into_iter().map(|(k, v)| (k, to_value(v, array_limit))).collect()
}

fn decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Splits `a[b][]` into the head `a` and its bracket segments.
fn split_key(key: &str, array_limit: usize) -> (String, Vec<Seg>) {
    let Some(open) = key.find('[') else {
        return (key.to_owned(), Vec::new());
    };
    if open == 0 {
        return (key.to_owned(), Vec::new());
    }
    let head = key[..open].to_owned();
    let mut segs = Vec::new();
    let mut rest = &key[open..];
    while segs.len() < MAX_DEPTH {
        if !rest.starts_with('[') {
            break;
        }
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[1..close];
        if inner.contains('[') {
            break;
        }
        segs.push(segment(inner, array_limit));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        // qs keeps whatever it could not split as one literal key.
        segs.push(Seg::Key(rest.to_owned()));
    }
    (head, segs)
}

fn segment(inner: &str, array_limit: usize) -> Seg {
    if inner.is_empty() {
        return Seg::Push;
    }
    match inner.parse::<usize>() {
        Ok(i) if i < array_limit && i.to_string() == inner => Seg::Index(i),
        _ => Seg::Key(inner.to_owned()),
    }
}

fn build(segs: &[Seg], value: String) -> Node {
    match segs.split_first() {
        None => Node::Str(value),
        Some((Seg::Push, rest)) => Node::List(BTreeMap::from([(0, build(rest, value))])),
        Some((Seg::Index(i), rest)) => Node::List(BTreeMap::from([(*i, build(rest, value))])),
        Some((Seg::Key(k), rest)) => Node::Map(IndexMap::from([(k.clone(), build(rest, value))])),
    }
}

fn insert(node: &mut Node, segs: &[Seg], value: String) {
    match segs.split_first() {
        None => match node {
            Node::Str(existing) => {
                let first = std::mem::take(existing);
                *node = Node::List(BTreeMap::from([(0, Node::Str(first)), (1, Node::Str(value))]));
            }
            Node::List(items) => {
                let next = items.keys().next_back().map_or(0, |k| k + 1);
                items.insert(next, Node::Str(value));
            }
            Node::Map(map) => {
                map.insert(value, Node::Str("true".into()));
            }
        },
        Some((seg, rest)) => {
            if let Node::Str(existing) = node {
                // `a=1&a[]=2`: the plain value becomes the first element.
                let first = std::mem::take(existing);
                *node = Node::List(BTreeMap::from([(0, Node::Str(first))]));
            }
            if let (Node::List(items), Seg::Key(_)) = (&mut *node, seg) {
                // A named key turns a list into an object keyed by index.
                let taken = std::mem::take(items);
                *node = Node::Map(taken.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
            }
            match (node, seg) {
                (Node::List(items), Seg::Push) => {
                    let next = items.keys().next_back().map_or(0, |k| k + 1);
                    items.insert(next, build(rest, value));
                }
                (Node::List(items), Seg::Index(i)) => match items.get_mut(i) {
                    Some(child) => insert(child, rest, value),
                    None => {
                        items.insert(*i, build(rest, value));
                    }
                },
                (Node::Map(map), seg) => {
                    let key = match seg {
                        Seg::Push => map.len().to_string(),
                        Seg::Index(i) => i.to_string(),
                        Seg::Key(k) => k.clone(),
                    };
                    match map.get_mut(&key) {
                        Some(child) => insert(child, rest, value),
                        None => {
                            map.insert(key, build(rest, value));
                        }
                    }
                }
                (Node::List(_), Seg::Key(_)) | (Node::Str(_), _) => {}
            }
        }
    }
}

fn to_value(node: Node, limit: usize) -> Value {
    match node {
        Node::Str(s) => Value::String(s),
        // An array longer than the limit is an object keyed by index.
        Node::List(items) if items.len() > limit => Value::Object(
            items.into_iter().map(|(k, v)| (k.to_string(), to_value(v, limit))).collect(),
        ),
        Node::List(items) => {
            Value::Array(items.into_values().map(|v| to_value(v, limit)).collect())
        }
        Node::Map(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, to_value(v, limit))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_array_limit_turns_long_arrays_into_objects() {
        let at = |raw: &str| serde_json::to_string(&Value::Object(parse_with(raw, 2))).unwrap();
        assert_eq!(at("a[]=x&a[]=y"), r#"{"a":["x","y"]}"#);
        assert_eq!(at("a[]=x&a[]=y&a[]=z"), r#"{"a":{"0":"x","1":"y","2":"z"}}"#);
        assert_eq!(at("a=x&a=y&a=z"), r#"{"a":{"0":"x","1":"y","2":"z"}}"#);
        assert_eq!(at("a[1]=x"), r#"{"a":["x"]}"#);
        assert_eq!(at("a[2]=x"), r#"{"a":{"2":"x"}}"#);
    }

    fn check(raw: &str, expected: &str) {
        let got = serde_json::to_string(&Value::Object(parse(raw))).unwrap();
        assert_eq!(got, expected, "query string {raw}");
    }

    #[test]
    fn parses_like_qs() {
        check("limit=2", r#"{"limit":"2"}"#);
        check("fields[]=a&fields[]=b", r#"{"fields":["a","b"]}"#);
        check("filter[title][_eq]=x", r#"{"filter":{"title":{"_eq":"x"}}}"#);
        check(
            "filter[_or][0][a][_eq]=1&filter[_or][1][b][_eq]=2",
            r#"{"filter":{"_or":[{"a":{"_eq":"1"}},{"b":{"_eq":"2"}}]}}"#,
        );
        check(
            "filter[id][_in][1]=2&filter[id][_in][0]=1",
            r#"{"filter":{"id":{"_in":["1","2"]}}}"#,
        );
        check("a=1&a=2", r#"{"a":["1","2"]}"#);
        check("search=hello+world%21", r#"{"search":"hello world!"}"#);
        check("meta", r#"{"meta":""}"#);
        check("fields[a]=id", r#"{"fields":{"a":"id"}}"#);
        check("a[501]=x", r#"{"a":{"501":"x"}}"#);
        check("a[500]=x", r#"{"a":{"500":"x"}}"#);
        check("a[499]=x", r#"{"a":["x"]}"#);
        check("a[0]=x&a[b]=y", r#"{"a":{"0":"x","b":"y"}}"#);
        check("filter=%7B%22a%22%3A1%7D", r#"{"filter":"{\"a\":1}"}"#);
    }

    #[test]
    fn depth_is_limited() {
        let deep = "a[1x][2x][3x][4x][5x][6x][7x][8x][9x][10x][11x][12x]=v";
        check(
            deep,
            r#"{"a":{"1x":{"2x":{"3x":{"4x":{"5x":{"6x":{"7x":{"8x":{"9x":{"10x":{"[11x][12x]":"v"}}}}}}}}}}}}"#,
        );
    }
}

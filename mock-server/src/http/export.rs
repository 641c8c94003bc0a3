//! `?export=`: the answer as a file in Directus' formats. Each writer follows
//! the library Directus uses, as observed on 12.4:
//!
//! - `json`: pretty-printed with tabs;
//! - `csv` (json2csv, flattened with `.`): quoted header of every key in order
//!   of first appearance, strings quoted with `""` escapes, numbers and
//!   booleans bare, null empty, arrays and empty objects as quoted JSON, rows
//!   joined by `\n` without a final newline; `csv_utf8` adds a byte order mark;
//! - `xml` (js2xmlparser): `<?xml version='1.0'?>`, a `data` root, four-space
//!   indentation, arrays as repeated elements (an empty array disappears),
//!   `null` as text, `&` and `<` escaped;
//! - `yaml` (js-yaml): block style, strings quoted with `'` only where YAML
//!   would read them as something else, multi-line strings as `|-` blocks.

use serde_json::{Map, Value};

/// The file body for a format Directus accepts (`None` for an unknown one).
pub(crate) fn render(format: &str, data: &Value) -> Option<Vec<u8>> {
    Some(match format {
        "json" => {
            let mut bytes = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
            let mut ser = serde_json::Serializer::with_formatter(&mut bytes, formatter);
            serde::Serialize::serialize(data, &mut ser).ok()?;
            bytes
        }
        "csv" => csv(data).into_bytes(),
        "csv_utf8" => {
            let text = csv(data);
            // json2csv writes the byte order mark only in front of some content.
            if text.is_empty() { Vec::new() } else { format!("\u{feff}{text}").into_bytes() }
        }
        "xml" => xml(data).into_bytes(),
        "yaml" => yaml(data).into_bytes(),
        _ => return None,
    })
}

/// The file extension and media type of a format.
pub(crate) fn file_type(format: &str) -> (&'static str, &'static str) {
    match format {
        "csv" | "csv_utf8" => ("csv", "text/csv; charset=utf-8"),
        "xml" => ("xml", "text/xml; charset=utf-8"),
        "yaml" => ("yaml", "text/yaml; charset=utf-8"),
        _ => ("json", "application/json; charset=utf-8"),
    }
}

/// A number as JavaScript prints it: integers past 2^53 keep only the digits a
/// double holds (`12345678901234567890` prints as `12345678901234567000`).
fn js_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= 1 << 53) {
        return i.to_string();
    }
    // Rust's shortest round-trip digits, without an exponent, are JavaScript's below 1e21.
    n.as_f64().unwrap_or(0.0).to_string()
}

fn rows(data: &Value) -> Vec<&Value> {
    match data {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

// ---- CSV ----

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other => out.push((prefix.to_owned(), other.clone())),
    }
}

fn csv_cell(value: Option<&Value>) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => quote(s),
        Some(Value::Number(n)) => js_number(n),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => quote(&other.to_string()),
    }
}

fn csv(data: &Value) -> String {
    let flat: Vec<Vec<(String, Value)>> = rows(data)
        .into_iter()
        .map(|row| {
            let mut out = Vec::new();
            flatten("", row, &mut out);
            out
        })
        .collect();
    let mut columns: Vec<&str> = Vec::new();
    for row in &flat {
        for (k, _) in row {
            if !columns.contains(&k.as_str()) {
                columns.push(k);
            }
        }
    }
    if columns.is_empty() {
        return String::new();
    }
    let mut lines = vec![
        columns
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(","),
    ];
    for row in &flat {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| csv_cell(row.iter().find(|(k, _)| k == c).map(|(_, v)| v)))
            .collect();
        lines.push(cells.join(","));
    }
    lines.join("\n")
}

// ---- XML ----

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

fn xml_element(name: &str, value: &Value, depth: usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    match value {
        Value::Array(items) => {
            for item in items {
                xml_element(name, item, depth, out);
            }
        }
        Value::Object(map) => xml_object(name, map, depth, out),
        Value::String(s) if s.is_empty() => out.push_str(&format!("\n{pad}<{name}/>")),
        Value::String(s) => out.push_str(&format!("\n{pad}<{name}>{}</{name}>", xml_escape(s))),
        Value::Number(n) => out.push_str(&format!("\n{pad}<{name}>{}</{name}>", js_number(n))),
        Value::Bool(b) => out.push_str(&format!("\n{pad}<{name}>{b}</{name}>")),
        Value::Null => out.push_str(&format!("\n{pad}<{name}>null</{name}>")),
    }
}

fn xml_object(name: &str, map: &Map<String, Value>, depth: usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    let mut inner = String::new();
    for (k, v) in map {
        xml_element(k, v, depth + 1, &mut inner);
    }
    if inner.is_empty() {
        out.push_str(&format!("\n{pad}<{name}/>"));
    } else {
        out.push_str(&format!("\n{pad}<{name}>{inner}\n{pad}</{name}>"));
    }
}

fn xml(data: &Value) -> String {
    let mut body = String::new();
    match data {
        Value::Object(map) => xml_object("data", map, 0, &mut body),
        other => {
            let mut map = Map::new();
            map.insert("data".into(), other.clone());
            xml_object("data", &map, 0, &mut body);
        }
    }
    format!("<?xml version='1.0'?>{body}")
}

// ---- YAML ----

/// Whether YAML 1.1 (js-yaml's default schema) would read a plain scalar as
/// something other than this string.
fn yaml_needs_quotes(s: &str) -> bool {
    const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";
    let Some(first) = s.chars().next() else { return true };
    if INDICATORS.contains(first) || first.is_whitespace() || s.ends_with(char::is_whitespace) {
        return true;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(char::is_control) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    let keywords = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    if keywords.contains(&lower.as_str()) {
        return true;
    }
    let number_like = {
        let t = s.trim_start_matches(['+', '-']).replace('_', "");
        !t.is_empty()
            && (t.parse::<f64>().is_ok()
                || t.strip_prefix("0x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || t.strip_prefix("0o")
                    .is_some_and(|o| !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c)))
                || t.strip_prefix("0b")
                    .is_some_and(|b| !b.is_empty() && b.chars().all(|c| c == '0' || c == '1')))
    };
    let date_like = s.len() >= 10
        && s.as_bytes()[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    number_like || date_like
}

fn yaml_scalar(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::String(s) if s.contains('\n') && !s.chars().any(|c| c.is_control() && c != '\n') => {
            let pad = " ".repeat(indent);
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            let body: Vec<String> = s
                .trim_end_matches('\n')
                .split('\n')
                .map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") })
                .collect();
            format!("|{chomp}\n{}", body.join("\n"))
        }
        Value::String(s) if yaml_needs_quotes(s) => {
            if s.chars().any(char::is_control) {
                serde_json::to_string(s).unwrap_or_default()
            } else {
                format!("'{}'", s.replace('\'', "''"))
            }
        }
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn yaml_key(k: &str) -> String {
    if yaml_needs_quotes(k) { format!("'{}'", k.replace('\'', "''")) } else { k.to_owned() }
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Array(a) if !a.is_empty()) || matches!(v, Value::Object(m) if !m.is_empty())
}

/// Lines of a value written at `indent` columns; the first line carries no indentation
/// (the caller puts it after `- ` or on its own line).
fn yaml_block(value: &Value, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    match value {
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                let inner = yaml_block(item, indent + 2);
                let mut inner = inner.into_iter();
                let first = inner.next().unwrap_or_default();
                lines.push(format!("{pad}- {first}"));
                lines.extend(inner);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = yaml_key(k);
                if is_block(v) {
                    lines.push(format!("{pad}{key}:"));
                    let child_indent = indent + 2;
                    let mut inner = yaml_block(v, child_indent);
                    if let Some(first) = inner.first_mut() {
                        *first = format!("{}{first}", " ".repeat(child_indent));
                    }
                    lines.extend(inner);
                } else {
                    lines.push(format!("{pad}{key}: {}", yaml_scalar(v, indent + 2)));
                }
            }
        }
        other => lines.push(format!("{pad}{}", yaml_scalar(other, indent))),
    }
    // The first line is placed by the caller.
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start_matches(' ').to_owned();
    }
    lines
}

fn yaml(data: &Value) -> String {
    let mut out = yaml_block(data, 0).join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    // Observed on Directus 12.4.
    #[rstest]
    #[case::csv("csv", json!([{"id": 1, "name": "a \"q\", c", "data": {"x": {"y": 1}, "arr": [1, 2]}}, {"id": 2, "name": null, "data": null}]),
        "\"id\",\"name\",\"data.x.y\",\"data.arr\",\"data\"\n1,\"a \"\"q\"\", c\",1,\"[1,2]\",\n2,,,,")]
    #[case::csv_empty("csv", json!([]), "")]
    #[case::csv_utf8_empty("csv_utf8", json!([]), "")]
    #[case::big_numbers("csv", json!([{"big": 12345678901234567890_u64, "f": 1.5, "i": -3}]), "\"big\",\"f\",\"i\"\n12345678901234567000,1.5,-3")]
    #[case::xml("xml", json!([{"id": 4, "name": "<a & b>", "data": {"e": [], "o": {}, "b": true}, "tags": null}, {"id": 5, "name": "", "data": ["a", {"k": "v"}]}]),
        "<?xml version='1.0'?>\n<data>\n    <data>\n        <id>4</id>\n        <name>&lt;a &amp; b></name>\n        <data>\n            <o/>\n            <b>true</b>\n        </data>\n        <tags>null</tags>\n    </data>\n    <data>\n        <id>5</id>\n        <name/>\n        <data>a</data>\n        <data>\n            <k>v</k>\n        </data>\n    </data>\n</data>")]
    #[case::xml_empty("xml", json!([]), "<?xml version='1.0'?>\n<data/>")]
    #[case::xml_one("xml", json!({"id": 1}), "<?xml version='1.0'?>\n<data>\n    <id>1</id>\n</data>")]
    #[case::yaml("yaml", json!([{"id": 4, "name": "<a & b>", "data": {"e": [], "o": {}, "s": "x: y", "n": -0.5}, "tags": "yes"}, {"id": 5, "name": "- dash", "data": ["a", {"k": "v"}]}]),
        "- id: 4\n  name: <a & b>\n  data:\n    e: []\n    o: {}\n    s: 'x: y'\n    'n': -0.5\n  tags: 'yes'\n- id: 5\n  name: '- dash'\n  data:\n    - a\n    - k: v\n")]
    #[case::yaml_scalars("yaml", json!([{"a": "123", "b": "", "c": " lead", "d": "it's", "e": "~", "f": "1e3", "g": "0x1F", "h": "2024-01-01", "i": "line\nbreak", "j": "#hash"}]),
        "- a: '123'\n  b: ''\n  c: ' lead'\n  d: it's\n  e: '~'\n  f: '1e3'\n  g: '0x1F'\n  h: '2024-01-01'\n  i: |-\n    line\n    break\n  j: '#hash'\n")]
    #[case::yaml_empty("yaml", json!([]), "[]\n")]
    #[case::yaml_one("yaml", json!({"id": 1, "name": "a \"q\", c"}), "id: 1\nname: a \"q\", c\n")]
    fn exports_read_like_directus(
        #[case] format: &str,
        #[case] data: Value,
        #[case] expected: &str,
    ) {
        let got = render(format, &data).expect("a known format");
        assert_eq!(String::from_utf8(got).expect("UTF-8"), expected);
    }

    #[test]
    fn csv_utf8_starts_with_a_byte_order_mark() {
        let got = render("csv_utf8", &json!([{"id": 1}])).expect("a known format");
        assert_eq!(got, b"\xef\xbb\xbf\"id\"\n1");
    }
}

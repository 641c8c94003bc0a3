//! Field paths and field functions: `author.name`, `sections.item:headings.title`,
//! `year(published_on)`, `count(comments)`, `json(data, a.b[0])`.

use crate::schema::FieldType;

/// The functions Directus allows in `fields`, `filter`, `sort` and `groupBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Func {
    Year,
    Month,
    Week,
    Day,
    Weekday,
    Hour,
    Minute,
    Second,
    Count,
    Json,
}

impl Func {
    pub(crate) fn parse(name: &str) -> Option<Func> {
        Some(match name {
            "year" => Func::Year,
            "month" => Func::Month,
            "week" => Func::Week,
            "day" => Func::Day,
            "weekday" => Func::Weekday,
            "hour" => Func::Hour,
            "minute" => Func::Minute,
            "second" => Func::Second,
            "count" => Func::Count,
            "json" => Func::Json,
            _ => return None,
        })
    }

    /// Whether the function applies to a field of this type.
    pub(crate) fn allowed_for(self, ty: FieldType) -> bool {
        match self {
            Func::Year | Func::Month | Func::Week | Func::Day | Func::Weekday => {
                matches!(ty, FieldType::Date | FieldType::DateTime | FieldType::Timestamp)
            }
            Func::Hour | Func::Minute | Func::Second => {
                matches!(ty, FieldType::DateTime | FieldType::Timestamp | FieldType::Time)
            }
            Func::Count => matches!(ty, FieldType::Alias | FieldType::Json),
            Func::Json => ty == FieldType::Json,
        }
    }
}

/// `MAX_JSON_QUERY_DEPTH`.
pub(crate) const MAX_JSON_DEPTH: usize = 10;

/// A path inside a JSON value (`a.b[0]`), checked like Directus does: no
/// wildcards, filters or negative indexes, at most [`MAX_JSON_DEPTH`] steps.
/// Returns the path normalized with a leading `.` unless it starts with `[`.
pub(crate) fn parse_json_path(path: &str) -> Result<String, String> {
    let normalized = if path.starts_with('[') { path.to_owned() } else { format!(".{path}") };
    let unsupported = || "Invalid JSON path: unsupported path expression".to_owned();
    if normalized.contains("[]")
        || normalized.contains("..")
        || normalized.contains("[-")
        || normalized.contains(['*', '?', '@', '$'])
        || !normalized
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']')
    {
        return Err(unsupported());
    }
    let depth = normalized.chars().filter(|c| matches!(c, '.' | '[')).count();
    if depth > MAX_JSON_DEPTH {
        return Err(format!(
            "JSON path depth ({depth}) exceeds allowed maximum of {MAX_JSON_DEPTH}"
        ));
    }
    Ok(normalized)
}

/// `json(field, path)` split into its field and checked path, with Directus' syntax errors.
pub(crate) fn parse_json_call(text: &str) -> Result<(String, String), String> {
    let text = text.trim();
    let Some(content) = text.strip_prefix("json(").and_then(|r| r.strip_suffix(')')) else {
        return Err("Invalid json() syntax".into());
    };
    let content = content.trim();
    if content.is_empty() {
        return Err("Invalid json() syntax".into());
    }
    let Some(comma) = content.find(',') else {
        return Err("Invalid json() syntax: requires json(field, path) format".into());
    };
    if comma == 0 {
        return Err("Invalid json() syntax: missing field name".into());
    }
    let path = content[comma + 1..].trim();
    if path.is_empty() {
        return Err("Invalid json() syntax: missing path".into());
    }
    Ok((content[..comma].trim().to_owned(), parse_json_path(path)?))
}

/// The function name of a call such as `year(x)` (`None` for a plain field).
pub(crate) fn function_name(text: &str) -> Option<&str> {
    let t = text.trim();
    if !t.contains('(') || !t.ends_with(')') {
        return None;
    }
    t.split('(').next()
}

/// How many relational levels a field path spans: `a.b.c` is 3, `year(a.b)` is 2,
/// `json(data, x.y.z)` is 1 (dots of a JSON path do not count).
pub(crate) fn relational_depth(field: &str) -> usize {
    let Some(open) = field.find('(') else { return field.split('.').count() };
    let prefix = field[..open].split('.').count() - 1;
    // Up to the first comma, else the closing parenthesis (byte positions of
    // ASCII characters, so always on a character boundary).
    let close = field.strip_suffix(')').map_or(field.len(), str::len).max(open);
    let end = field[open..].find(',').map_or(close, |i| open + i);
    prefix + field[open..end].split('.').count()
}

/// `name(args)` split into the function name and its argument text.
pub(crate) fn split_call(text: &str) -> Option<(&str, &str)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    if close < open || close != text.len() - 1 {
        return None;
    }
    Some((&text[..open], &text[open + 1..close]))
}

/// The output key Directus gives a function field: `year(published_on)` →
/// `published_on_year`, `json(data, a.b[1])` → `data_a_b_1_json`.
pub(crate) fn function_output_key(func: &str, args: &str) -> String {
    if func == "json" {
        let mut parts = args.splitn(2, ',');
        let field = parts.next().unwrap_or("").trim();
        let path = parts.next().unwrap_or("").trim();
        let cleaned: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
            .collect();
        let cleaned: Vec<&str> = cleaned.split('_').filter(|s| !s.is_empty()).collect();
        format!("{field}_{}_json", cleaned.join("_"))
    } else {
        format!("{}_{func}", args.trim())
    }
}

/// Splits a field path on dots that are outside parentheses.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in path.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == '.' && depth == 0 {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    out.push(current);
    out
}

/// Rewrites `count(a.b.c)` as `a.b.count(c)`, the form the rest of Directus uses.
pub(crate) fn normalize_function_path(path: &str) -> String {
    let (Some(open), Some(close)) = (path.find('('), path.find(')')) else {
        return path.to_owned();
    };
    if close < open {
        return path.to_owned();
    }
    let func_part = &path[..open];
    let last_sep = func_part.rfind('.').map(|i| i + 1).unwrap_or(0);
    let func_name = &func_part[last_sep..];
    let prefix = &func_part[..last_sep];
    if func_name.is_empty() {
        return path.to_owned();
    }
    let arg_end = path[open..].find(',').map(|i| i + open).filter(|i| *i < close).unwrap_or(close);
    let arg = path[open + 1..arg_end].trim();
    let rest = &path[arg_end..];
    if arg.is_empty() || arg.contains('(') {
        return path.to_owned();
    }
    match arg.rfind('.') {
        Some(i) => format!("{prefix}{}{func_name}({}{rest}", &arg[..=i], &arg[i + 1..]),
        None => format!("{prefix}{func_name}({arg}{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_keys() {
        assert_eq!(function_output_key("year", "published_on"), "published_on_year");
        assert_eq!(function_output_key("count", "comments"), "comments_count");
        assert_eq!(function_output_key("json", "data, a"), "data_a_json");
        assert_eq!(function_output_key("json", "data, arr[1]"), "data_arr_1_json");
    }

    #[rstest::rstest]
    #[case("json(data, a)", Ok(("data", ".a")))]
    #[case("json(data, arr[1].b)", Ok(("data", ".arr[1].b")))]
    #[case("json(data, [0])", Ok(("data", "[0]")))]
    #[case("json(data)", Err("Invalid json() syntax: requires json(field, path) format"))]
    #[case("json(data, )", Err("Invalid json() syntax: missing path"))]
    #[case("json(, a)", Err("Invalid json() syntax: missing field name"))]
    #[case("json()", Err("Invalid json() syntax"))]
    #[case("json(data, a[*])", Err("Invalid JSON path: unsupported path expression"))]
    #[case("json(data, $.a)", Err("Invalid JSON path: unsupported path expression"))]
    #[case("json(data, a..b)", Err("Invalid JSON path: unsupported path expression"))]
    #[case("json(data, a-b)", Err("Invalid JSON path: unsupported path expression"))]
    #[case(
        "json(data, a.b.c.d.e.f.g.h.i.j.k)",
        Err("JSON path depth (11) exceeds allowed maximum of 10")
    )]
    fn json_calls(#[case] text: &str, #[case] expected: Result<(&str, &str), &str>) {
        let got = parse_json_call(text);
        let got = got.as_ref().map(|(f, p)| (f.as_str(), p.as_str())).map_err(String::as_str);
        assert_eq!(got, expected, "{text}");
    }

    #[rstest::rstest]
    #[case("a.b.c", 3)]
    #[case("year(user.date_created)", 2)]
    #[case("category.json(metadata, a.b.c)", 2)]
    #[case("json(a.b.field, some.path)", 3)]
    #[case("json(metadata, path.to.value)", 1)]
    #[case("year(published_on)", 1)]
    // Found by the fuzzer: no closing parenthesis, a multi-byte last character.
    #[case("(c=x.y=a\u{fffd}", 2)]
    #[case("a.(b\u{e9}", 2)]
    fn depths(#[case] field: &str, #[case] depth: usize) {
        assert_eq!(relational_depth(field), depth, "{field}");
    }

    #[test]
    fn paths() {
        assert_eq!(split_path("author.year(born)"), vec!["author", "year(born)"]);
        assert_eq!(split_path("json(data, a.b)"), vec!["json(data, a.b)"]);
        assert_eq!(normalize_function_path("count(author.articles)"), "author.count(articles)");
        assert_eq!(normalize_function_path("year(born)"), "year(born)");
        assert_eq!(split_call("year(born)"), Some(("year", "born")));
        assert_eq!(split_call("born"), None);
    }
}

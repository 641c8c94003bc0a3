//! Field paths and field functions: `author.name`, `sections.item:headings.title`,
//! `year(published_on)`, `count(comments)`, `json(data, a.b[0])`.

use crate::schema::FieldType;

/// The functions Directus allows in `fields`, `filter`, `sort` and `groupBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
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
    pub fn parse(name: &str) -> Option<Func> {
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

    pub fn name(self) -> &'static str {
        match self {
            Func::Year => "year",
            Func::Month => "month",
            Func::Week => "week",
            Func::Day => "day",
            Func::Weekday => "weekday",
            Func::Hour => "hour",
            Func::Minute => "minute",
            Func::Second => "second",
            Func::Count => "count",
            Func::Json => "json",
        }
    }

    /// Whether the function applies to a field of this type.
    pub fn allowed_for(self, ty: FieldType) -> bool {
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

/// `name(args)` split into the function name and its argument text.
pub fn split_call(text: &str) -> Option<(&str, &str)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    if close < open || close != text.len() - 1 {
        return None;
    }
    Some((&text[..open], &text[open + 1..close]))
}

/// The output key Directus gives a function field: `year(published_on)` →
/// `published_on_year`, `json(data, a.b[1])` → `data_a_b_1_json`.
pub fn function_output_key(func: &str, args: &str) -> String {
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
pub fn split_path(path: &str) -> Vec<String> {
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
pub fn normalize_function_path(path: &str) -> String {
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

//! Path patterns of the control plane (fault rules, journal filters): the
//! path literally, where `*` stands for any run of characters, `/` included
//! (`/items/articles*` matches `/items/articles` and `/items/articles/7`).

use crate::error::{Error, Result};

/// The longest pattern accepted.
const MAX_LEN: usize = 512;

/// A parsed path pattern: its literal parts between the `*`s.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    text: String,
    parts: Vec<String>,
}

impl Pattern {
    pub(crate) fn parse(text: &str) -> Result<Pattern> {
        if !text.starts_with('/') && !text.starts_with('*') {
            return Err(Error::invalid_payload(format!(
                "The path pattern \"{text}\" must start with \"/\" or \"*\""
            )));
        }
        if text.len() > MAX_LEN {
            return Err(Error::invalid_payload(format!(
                "A path pattern is at most {MAX_LEN} characters long"
            )));
        }
        Ok(Pattern { text: text.to_owned(), parts: text.split('*').map(str::to_owned).collect() })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the whole path matches (greedy-free: each literal part is found
    /// in order, the first anchored at the start and the last at the end).
    pub(crate) fn matches(&self, path: &str) -> bool {
        let [first, middle @ .., last] = self.parts.as_slice() else {
            return self.parts.first().is_some_and(|only| only == path);
        };
        let Some(mut rest) = path.strip_prefix(first.as_str()) else { return false };
        for part in middle {
            match rest.find(part.as_str()) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        rest.len() >= last.len() && rest.ends_with(last.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, path: &str, expected: bool) {
        let p = Pattern::parse(pattern).expect("a pattern");
        assert_eq!(p.matches(path), expected, "{pattern} ~ {path}");
    }

    #[test]
    fn patterns_match_whole_paths() {
        check("/items/articles", "/items/articles", true);
        check("/items/articles", "/items/articles/1", false);
        check("/items/articles*", "/items/articles/1", true);
        check("/items/articles*", "/items/articles", true);
        check("/items/*/1", "/items/articles/1", true);
        check("/items/*/1", "/items/articles/12", false);
        check("*", "/anything", true);
        check("*/login", "/auth/login", true);
        check("/a*a", "/a", false);
        check("/a*b*c", "/a-c-b-c", true);
        assert!(Pattern::parse("items").is_err());
        assert!(Pattern::parse(&format!("/{}", "x".repeat(600))).is_err());
    }
}

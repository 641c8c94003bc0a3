//! The layering of `mock-server/src`, and the size of every source file of
//! the workspace, checked (ARCHITECTURE.md, "Invariants").
//!
//! The request path is one-way: http → service → engine → store, with
//! graphql beside http as a second transport that calls the same services.
//! [`RULES`] says, per layer, which modules it must not name and which code
//! it must not contain; the test reads every file under `src/` and fails
//! with the file and line of each reach across. A new layer or a new
//! forbidden reach is one row of data.
//!
//! The reading is lexical, not a compiler's: comments and string literals
//! are dropped and the rest is split into tokens. Paths that start at
//! `crate`, `super` or `self` (with `use` groups and inline `mod` blocks)
//! are resolved to absolute module paths; paths that start at another name
//! are read as that crate's (`tokio::sync::Mutex`). Code patterns (`.store`)
//! are matched as token sequences, so `.stored` or a string never matches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What one layer must not reach.
struct Rule {
    /// Its files: directories of `src/` (`"http/"`) or single files (`"store.rs"`).
    layer: &'static [&'static str],
    /// Modules and crates it must not name: `crate::http` also covers
    /// `crate::http::cache`, `tokio` covers `tokio::sync`.
    paths: &'static [&'static str],
    /// Code it must not contain, as tokens: `.store` is a field access,
    /// `Db` the type name wherever it is imported from.
    code: &'static [&'static str],
    /// The invariant, for the failure message.
    why: &'static str,
}

/// Touching the store: the `App`'s store field, a snapshot, the database types.
/// Value types such as `store::Pk` and `store::Row` are fine.
const STORE: &[&str] = &[".store", ".snapshot()", "Db", "Store"];

/// The services, the transports and the async and HTTP stack: what the
/// engine and the query language never name (they are sans-IO).
const SANS_IO: &[&str] =
    &["crate::service", "crate::graphql", "crate::http", "axum", "tokio", "tower", "http"];

const RULES: &[Rule] = &[
    Rule {
        layer: &["http/"],
        paths: &["crate::engine"],
        code: STORE,
        why: "http parses, calls a service and renders: it never touches the store or the engine",
    },
    Rule {
        layer: &["graphql/"],
        paths: &["crate::http"],
        code: STORE,
        why: "graphql is a transport beside http: it calls services, never the store, and not http",
    },
    Rule {
        layer: &["service/"],
        paths: &["crate::http", "crate::graphql"],
        code: &[],
        why: "services sit below the transports: what belongs to http or graphql lives there",
    },
    Rule {
        layer: &["engine/"],
        paths: SANS_IO,
        code: &[],
        why: "the engine is synchronous and pure: no services, no transports, no tokio or axum",
    },
    Rule {
        layer: &["query/"],
        paths: SANS_IO,
        code: &[],
        why: "the query language is a grammar below the services and the transports",
    },
    Rule {
        layer: &["store.rs", "schema.rs", "system.rs", "system/"],
        paths: &[
            "crate::engine",
            "crate::query",
            "crate::service",
            "crate::graphql",
            "crate::http",
        ],
        code: &[],
        why: "the data model is the bottom of the stack: it names no layer above it",
    },
    Rule {
        layer: &["error.rs", "config.rs", "vendor.rs"],
        paths: &[
            "crate::engine",
            "crate::query",
            "crate::service",
            "crate::graphql",
            "crate::http",
            "crate::store",
        ],
        code: &[],
        why: "errors, configuration and the database vendor are leaves every layer uses",
    },
];

#[test]
fn every_layer_reaches_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let mut violations = Vec::new();
    for rule in RULES {
        let mut covered = 0;
        for file in &files {
            let rel = relative(&src, file);
            if !in_layer(rule, &rel) {
                continue;
            }
            covered += 1;
            let text = std::fs::read_to_string(file).expect("a readable source file");
            for (line, what) in check(rule, &rel, &text) {
                violations.push(format!("src/{rel}:{line}: {what} ({})", rule.why));
            }
        }
        // A renamed directory must not turn a rule into one that checks nothing.
        assert!(covered > 0, "no file under src/ belongs to the layer {:?}", rule.layer);
    }
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}

/// The checker on small sources: what it must catch, and what it must let be.
#[test]
fn the_checker_reads_paths_not_text() {
    let cases: &[(&str, &str, usize)] = &[
        ("http/items.rs", "fn f(app: &App) { app.store.snapshot(); }", 2),
        ("http/items.rs", "use crate::store::Pk;", 0),
        ("http/items.rs", "use crate::store::{Db, Pk};", 1),
        ("http/items.rs", "use crate::{engine::Action, error::Error};", 1),
        ("http/mod.rs", "use super::engine;", 1),
        ("http/items.rs", "let stored = x.stored; // app.store", 0),
        ("graphql/resolve.rs", "let s = \"app.store.snapshot()\"; let c = '\"';", 0),
        ("graphql/resolve/items.rs", "use super::super::super::http::server;", 1),
        ("service/migrations/apply.rs", "use super::super::super::graphql::SchemaCache;", 1),
        ("service/items.rs", "use super::super::store::Db; /* crate::http */", 0),
        ("engine/read.rs", "mod tests { use super::super::super::http::Shared; }", 1),
        ("engine/read.rs", "mod tests { use super::super::Ctx; } fn f<'a>(x: &'a str) {}", 0),
        ("engine/mod.rs", "use tokio::sync::Mutex; use http::StatusCode;", 2),
        ("engine/filter.rs", r##"let q = r#"crate::service "quoted""#; let b = b'"';"##, 0),
        ("query/filter.rs", "pub(crate) fn f() -> crate::error::Result<()> { Ok(()) }", 0),
        ("store.rs", "use crate::{schema::Schema, engine::{Ctx, read}};", 1),
    ];
    for (file, source, expected) in cases {
        let rule = RULES.iter().find(|r| in_layer(r, file)).expect("a layer for the case");
        let found = check(rule, file, source);
        assert_eq!(found.len(), *expected, "{file}: {source}\nfound: {found:?}");
    }
}

/// The most lines a source file of `mock-server/src` or `harness/src` may
/// have. A file that grows past it is split along its phases, as the big
/// ones were; there is no list of exceptions.
const MAX_FILE_LINES: usize = 800;

#[test]
fn no_source_file_exceeds_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut over = Vec::new();
    for crate_src in ["mock-server/src", "harness/src"] {
        let files = rust_files(&root.join(crate_src));
        assert!(!files.is_empty(), "no source file under {crate_src}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            let lines = text.lines().count();
            if lines > MAX_FILE_LINES {
                let rel = relative(&root.join(crate_src), &file);
                over.push(format!("{crate_src}/{rel}: {lines} lines"));
            }
        }
    }
    assert!(
        over.is_empty(),
        "files over {MAX_FILE_LINES} lines (split them along their phases):\n{}",
        over.join("\n")
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `http/items.rs` for `<src>/http/items.rs`, with `/` on every platform.
fn relative(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under the directory");
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn in_layer(rule: &Rule, rel: &str) -> bool {
    rule.layer.iter().any(|l| if l.ends_with('/') { rel.starts_with(l) } else { rel == *l })
}

/// The rule's violations in one file: `(line, what)`.
fn check(rule: &Rule, rel: &str, text: &str) -> Vec<(usize, String)> {
    let tokens = tokenize(text);
    let mut found = BTreeSet::new();
    for (line, path) in paths(&tokens, &module_of(rel)) {
        if let Some(forbidden) = rule.paths.iter().find(|p| within(&path, p)) {
            found.insert((line, format!("names {forbidden}")));
        }
    }
    for pattern in rule.code {
        let pattern_tokens: Vec<String> = tokenize(pattern).into_iter().map(|t| t.text).collect();
        for window in tokens.windows(pattern_tokens.len()) {
            if window.iter().map(|t| &t.text).eq(pattern_tokens.iter()) {
                found.insert((window[0].line, format!("contains `{pattern}`")));
            }
        }
    }
    found.into_iter().collect()
}

/// Whether `path` is `module` or inside it.
fn within(path: &str, module: &str) -> bool {
    path.strip_prefix(module).is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
}

/// The module a file defines: `crate::http` for `http/mod.rs`, `crate::http::items` for `http/items.rs`.
fn module_of(rel: &str) -> Vec<String> {
    let mut module = vec!["crate".to_owned()];
    let stem = rel.trim_end_matches(".rs");
    for part in stem.split('/') {
        if !matches!(part, "mod" | "lib" | "main") {
            module.push(part.to_owned());
        }
    }
    module
}

#[derive(Debug, Clone)]
struct Token {
    text: String,
    line: usize,
}

/// Identifiers, `::`, and single punctuation characters; comments, string
/// and character literals are left out (lifetimes stay as `'` + name).
fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i = skip_block_comment(&chars, i, &mut line);
        } else if let Some(end) = string_end(&chars, i) {
            line += chars[i..end].iter().filter(|c| **c == '\n').count();
            i = end;
        } else if c == '\'' {
            i = skip_char_literal(&chars, i);
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token { text: chars[start..i].iter().collect(), line });
        } else if c == ':' && next == Some(':') {
            tokens.push(Token { text: "::".into(), line });
            i += 2;
        } else {
            tokens.push(Token { text: c.to_string(), line });
            i += 1;
        }
    }
    tokens
}

/// Past a (nested) block comment, counting its lines.
fn skip_block_comment(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1).copied()) {
            ('/', Some('*')) => {
                depth += 1;
                i += 2;
            }
            ('*', Some('/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            (c, _) => {
                if c == '\n' {
                    *line += 1;
                }
                i += 1;
            }
        }
    }
    i
}

/// The end of a string literal starting at `i` (`"…"`, `b"…"`, `r#"…"#`,
/// `br"…"`), or `None` when no string starts there.
fn string_end(chars: &[char], i: usize) -> Option<usize> {
    // A prefix counts only at the start of a token (`br"…"`, not `attr"…"`).
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    let raw = chars.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    let hashes = chars[j.min(chars.len())..].iter().take_while(|c| **c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') || (!raw && hashes > 0) {
        return None;
    }
    j += 1;
    while j < chars.len() {
        match chars[j] {
            '\\' if !raw => j += 2,
            '"' if chars[j + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes => {
                return Some(j + 1 + hashes);
            }
            _ => j += 1,
        }
    }
    Some(chars.len())
}

/// Past a character literal (`'x'`, `'\n'`, `'"'`), or past the quote of a lifetime.
fn skip_char_literal(chars: &[char], i: usize) -> usize {
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some('\\'), _) => {
            let mut j = i + 2;
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            j + 1
        }
        (Some(_), Some('\'')) => i + 3,
        _ => i + 1,
    }
}

/// Every path the tokens name, resolved (`super::x` in `crate::http::items`
/// is `crate::http::x`), with its line. Inline `mod name { … }` blocks move
/// `self` and `super` one level down while they last.
fn paths(tokens: &[Token], file_module: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut module = file_module.to_vec();
    // (depth at which an inline module's block opened)
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let text = tokens[i].text.as_str();
        match text {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last() == Some(&depth) {
                    inline.pop();
                    module.pop();
                }
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t.text == "{") => {
                module.push(tokens[i + 1].text.clone());
                inline.push(depth);
            }
            _ => {}
        }
        let starts_path = is_ident(text)
            && tokens.get(i + 1).is_some_and(|t| t.text == "::")
            && (i == 0 || tokens[i - 1].text != "::");
        if !starts_path {
            i += 1;
            continue;
        }
        let line = tokens[i].line;
        let mut found = Vec::new();
        let end = path_tree(tokens, i, &[], &mut found);
        for segments in found {
            out.push((line, resolve(&segments, &module)));
        }
        i = end.max(i + 1);
    }
    out
}

fn is_ident(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Reads `a::b::{c, d::e}` from `i`, adding each full path to `found`;
/// returns the index after it.
fn path_tree(
    tokens: &[Token],
    mut i: usize,
    prefix: &[String],
    found: &mut Vec<Vec<String>>,
) -> usize {
    let mut segments = prefix.to_vec();
    loop {
        match tokens.get(i).map(|t| t.text.as_str()) {
            Some("{") => {
                i += 1;
                while let Some(t) = tokens.get(i) {
                    match t.text.as_str() {
                        "}" => return i + 1,
                        "," => i += 1,
                        _ => i = path_tree(tokens, i, &segments, found),
                    }
                }
                return i;
            }
            Some(t) if is_ident(t) || t == "*" => {
                if t != "self" || segments.is_empty() {
                    segments.push(t.to_owned());
                }
                i += 1;
                if tokens.get(i).is_some_and(|t| t.text == "::") {
                    i += 1;
                    continue;
                }
                if tokens.get(i).is_some_and(|t| t.text == "as") {
                    i += 2;
                }
                found.push(segments);
                return i;
            }
            _ => {
                found.push(segments);
                return i + 1;
            }
        }
    }
}

/// An absolute path for segments read in `module`.
fn resolve(segments: &[String], module: &[String]) -> String {
    let mut base: Vec<String> = match segments.first().map(String::as_str) {
        Some("crate") => vec![],
        Some("self" | "super") => module.to_vec(),
        _ => return segments.join("::"),
    };
    let mut rest = segments;
    if rest.first().is_some_and(|s| s == "self") {
        rest = &rest[1..];
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    if base.is_empty() {
        base.push("crate".to_owned());
    }
    if rest.first().is_some_and(|s| s == "crate") {
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    base.join("::")
}

//! graphql-js' syntax errors. async-graphql's parser words its errors its own
//! way; when it rejects a document, this small recursive-descent reading of
//! the executable grammar (lexer included) finds the problem graphql-js
//! reports first, with its message and position:
//!
//! - `Expected Name, found <EOF>.`, `Expected "{", found Name "x".`
//! - `Unexpected "}".`, `Unexpected Name "foo".`
//! - lexer errors: `Unterminated string.`, `Unexpected character: "%".`,
//!   `Invalid number, expected digit but got: "a".`
//!
//! A document it accepts yields the operations it found, so the caller can
//! word graphql-js' rule for several anonymous operations.

/// A syntax error: the message (without the `Syntax Error: ` prefix) and its
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// An operation of a well-formed document: whether it has a name, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operation {
    pub(crate) anonymous: bool,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Eof,
    Punct(&'static str),
    Name,
    Int,
    Float,
    Str,
    BlockStr,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    value: String,
    line: usize,
    column: usize,
}

impl Token {
    /// graphql-js' `getTokenDesc`.
    fn desc(&self) -> String {
        match &self.kind {
            Kind::Eof => "<EOF>".into(),
            Kind::Punct(p) => format!("\"{p}\""),
            Kind::Name => format!("Name \"{}\"", self.value),
            Kind::Int => format!("Int \"{}\"", self.value),
            Kind::Float => format!("Float \"{}\"", self.value),
            Kind::Str => format!("String \"{}\"", self.value),
            Kind::BlockStr => format!("BlockString \"{}\"", self.value),
        }
    }
}

fn kind_desc(kind: &Kind) -> String {
    match kind {
        Kind::Eof => "<EOF>".into(),
        Kind::Punct(p) => format!("\"{p}\""),
        Kind::Name => "Name".into(),
        Kind::Int => "Int".into(),
        Kind::Float => "Float".into(),
        Kind::Str => "String".into(),
        Kind::BlockStr => "BlockString".into(),
    }
}

struct Lexer<'a> {
    src: &'a [char],
    pos: usize,
    line: usize,
    line_start: usize,
}

impl Lexer<'_> {
    fn err<T>(&self, message: String, at: usize) -> Result<T, SyntaxError> {
        Err(SyntaxError { message, line: self.line, column: at - self.line_start + 1 })
    }

    fn next(&mut self) -> Result<Token, SyntaxError> {
        // Skip ignored tokens: whitespace, commas, comments, BOM, line breaks.
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                ' ' | '\t' | ',' | '\u{feff}' => self.pos += 1,
                '\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                '\r' => {
                    self.pos += 1;
                    if self.src.get(self.pos) == Some(&'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    self.line_start = self.pos;
                }
                '#' => {
                    while self.pos < self.src.len() && !matches!(self.src[self.pos], '\n' | '\r') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        let column = start - self.line_start + 1;
        let token = |kind: Kind, value: String| Token { kind, value, line: self.line, column };
        let Some(&c) = self.src.get(self.pos) else {
            return Ok(token(Kind::Eof, String::new()));
        };
        const PUNCT: &[(char, &str)] = &[
            ('!', "!"),
            ('$', "$"),
            ('&', "&"),
            ('(', "("),
            (')', ")"),
            (':', ":"),
            ('=', "="),
            ('@', "@"),
            ('[', "["),
            (']', "]"),
            ('{', "{"),
            ('|', "|"),
            ('}', "}"),
        ];
        if let Some((_, p)) = PUNCT.iter().find(|(ch, _)| *ch == c) {
            self.pos += 1;
            return Ok(token(Kind::Punct(p), String::new()));
        }
        if c == '.' {
            if self.src.get(self.pos + 1) == Some(&'.') && self.src.get(self.pos + 2) == Some(&'.')
            {
                self.pos += 3;
                return Ok(token(Kind::Punct("..."), String::new()));
            }
            return self.err("Unexpected character: \".\".".into(), start);
        }
        if c == '_' || c.is_ascii_alphabetic() {
            while self.src.get(self.pos).is_some_and(|ch| *ch == '_' || ch.is_ascii_alphanumeric())
            {
                self.pos += 1;
            }
            return Ok(token(Kind::Name, self.src[start..self.pos].iter().collect()));
        }
        if c == '-' || c.is_ascii_digit() {
            return self.number(start, column);
        }
        if c == '"' {
            if self.src.get(self.pos + 1) == Some(&'"') && self.src.get(self.pos + 2) == Some(&'"')
            {
                return self.block_string(start, column);
            }
            return self.string(start, column);
        }
        let shown = if c.is_control() { format!("U+{:04X}", c as u32) } else { format!("\"{c}\"") };
        self.err(format!("Unexpected character: {shown}."), start)
    }

    fn digits(&mut self) -> Result<(), SyntaxError> {
        match self.src.get(self.pos) {
            Some(d) if d.is_ascii_digit() => {
                while self.src.get(self.pos).is_some_and(char::is_ascii_digit) {
                    self.pos += 1;
                }
                Ok(())
            }
            Some(other) => {
                let at = self.pos;
                self.err(format!("Invalid number, expected digit but got: \"{other}\"."), at)
            }
            None => {
                let at = self.pos;
                self.err("Invalid number, expected digit but got: <EOF>.".into(), at)
            }
        }
    }

    fn number(&mut self, start: usize, column: usize) -> Result<Token, SyntaxError> {
        let mut float = false;
        if self.src[self.pos] == '-' {
            self.pos += 1;
        }
        if self.src.get(self.pos) == Some(&'0') {
            self.pos += 1;
            if let Some(d) = self.src.get(self.pos).filter(|d| d.is_ascii_digit()) {
                let at = self.pos;
                return self.err(format!("Invalid number, unexpected digit after 0: \"{d}\"."), at);
            }
        } else {
            self.digits()?;
        }
        if self.src.get(self.pos) == Some(&'.') {
            float = true;
            self.pos += 1;
            self.digits()?;
        }
        if matches!(self.src.get(self.pos), Some('e' | 'E')) {
            float = true;
            self.pos += 1;
            if matches!(self.src.get(self.pos), Some('+' | '-')) {
                self.pos += 1;
            }
            self.digits()?;
        }
        if let Some(c) =
            self.src.get(self.pos).filter(|c| **c == '.' || **c == '_' || c.is_ascii_alphabetic())
        {
            let at = self.pos;
            return self.err(format!("Invalid number, expected digit but got: \"{c}\"."), at);
        }
        let value: String = self.src[start..self.pos].iter().collect();
        Ok(Token {
            kind: if float { Kind::Float } else { Kind::Int },
            value,
            line: self.line,
            column,
        })
    }

    fn string(&mut self, start: usize, column: usize) -> Result<Token, SyntaxError> {
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.src.get(self.pos) {
                None | Some('\n' | '\r') => {
                    let at = self.pos;
                    return self.err("Unterminated string.".into(), at);
                }
                Some('"') => {
                    self.pos += 1;
                    let _ = start;
                    return Ok(Token { kind: Kind::Str, value, line: self.line, column });
                }
                Some('\\') => {
                    let esc = self.src.get(self.pos + 1).copied();
                    match esc {
                        Some('"') => value.push('"'),
                        Some('\\') => value.push('\\'),
                        Some('/') => value.push('/'),
                        Some('b') => value.push('\u{8}'),
                        Some('f') => value.push('\u{c}'),
                        Some('n') => value.push('\n'),
                        Some('r') => value.push('\r'),
                        Some('t') => value.push('\t'),
                        Some('u') => {
                            let hex: String = self
                                .src
                                .get(self.pos + 2..self.pos + 6)
                                .unwrap_or(&[])
                                .iter()
                                .collect();
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) if hex.len() == 4 => {
                                    value.push(ch);
                                    self.pos += 4;
                                }
                                _ => {
                                    let at = self.pos;
                                    let seq: String = self.src
                                        [self.pos..(self.pos + 6).min(self.src.len())]
                                        .iter()
                                        .collect();
                                    return self.err(
                                        format!("Invalid Unicode escape sequence: \"{seq}\"."),
                                        at,
                                    );
                                }
                            }
                        }
                        Some(other) => {
                            let at = self.pos;
                            return self.err(
                                format!("Invalid character escape sequence: \"\\{other}\"."),
                                at,
                            );
                        }
                        None => {
                            let at = self.pos;
                            return self.err("Unterminated string.".into(), at);
                        }
                    }
                    self.pos += 2;
                }
                Some(&c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn block_string(&mut self, _start: usize, column: usize) -> Result<Token, SyntaxError> {
        let line = self.line;
        self.pos += 3;
        let mut value = String::new();
        loop {
            match self.src.get(self.pos) {
                None => {
                    let at = self.pos;
                    return self.err("Unterminated string.".into(), at);
                }
                Some('"')
                    if self.src.get(self.pos + 1) == Some(&'"')
                        && self.src.get(self.pos + 2) == Some(&'"') =>
                {
                    self.pos += 3;
                    return Ok(Token { kind: Kind::BlockStr, value, line, column });
                }
                Some('\n') => {
                    value.push('\n');
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                Some(&c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    token: Token,
    operations: Vec<Operation>,
}

type Step<T = ()> = Result<T, SyntaxError>;

impl Parser<'_> {
    fn advance(&mut self) -> Step {
        self.token = self.lexer.next()?;
        Ok(())
    }

    fn fail<T>(&self, message: String) -> Step<T> {
        Err(SyntaxError { message, line: self.token.line, column: self.token.column })
    }

    fn peek(&self, p: &str) -> bool {
        self.token.kind == Kind::Punct(leak(p))
    }

    fn peek_name(&self, name: &str) -> bool {
        self.token.kind == Kind::Name && self.token.value == name
    }

    fn expect(&mut self, p: &'static str) -> Step {
        if self.peek(p) {
            return self.advance();
        }
        self.fail(format!("Expected {}, found {}.", kind_desc(&Kind::Punct(p)), self.token.desc()))
    }

    fn expect_name(&mut self) -> Step<String> {
        if self.token.kind == Kind::Name {
            let value = self.token.value.clone();
            self.advance()?;
            return Ok(value);
        }
        self.fail(format!("Expected Name, found {}.", self.token.desc()))
    }

    fn expect_keyword(&mut self, word: &str) -> Step {
        if self.peek_name(word) {
            return self.advance();
        }
        self.fail(format!("Expected \"{word}\", found {}.", self.token.desc()))
    }

    fn unexpected<T>(&self) -> Step<T> {
        self.fail(format!("Unexpected {}.", self.token.desc()))
    }

    fn document(&mut self) -> Step {
        // `many(SOF, parseDefinition, EOF)`: at least one definition.
        loop {
            self.definition()?;
            if self.token.kind == Kind::Eof {
                return Ok(());
            }
        }
    }

    fn definition(&mut self) -> Step {
        if self.peek("{") {
            let (line, column) = (self.token.line, self.token.column);
            self.operations.push(Operation { anonymous: true, line, column });
            return self.selection_set();
        }
        if self.token.kind == Kind::Name {
            match self.token.value.as_str() {
                "query" | "mutation" | "subscription" => return self.operation(),
                "fragment" => return self.fragment_definition(),
                _ => {}
            }
        }
        self.unexpected()
    }

    fn operation(&mut self) -> Step {
        let (line, column) = (self.token.line, self.token.column);
        self.advance()?;
        let anonymous = self.token.kind != Kind::Name;
        if !anonymous {
            self.advance()?;
        }
        self.operations.push(Operation { anonymous, line, column });
        if self.peek("(") {
            self.advance()?;
            loop {
                self.variable_definition()?;
                if self.peek(")") {
                    self.advance()?;
                    break;
                }
            }
        }
        self.directives(false)?;
        self.selection_set()
    }

    fn variable_definition(&mut self) -> Step {
        self.expect("$")?;
        self.expect_name()?;
        self.expect(":")?;
        self.type_ref()?;
        if self.peek("=") {
            self.advance()?;
            self.value(true)?;
        }
        self.directives(true)
    }

    fn type_ref(&mut self) -> Step {
        if self.peek("[") {
            self.advance()?;
            self.type_ref()?;
            self.expect("]")?;
        } else {
            self.expect_name()?;
        }
        if self.peek("!") {
            self.advance()?;
        }
        Ok(())
    }

    fn directives(&mut self, constant: bool) -> Step {
        while self.peek("@") {
            self.advance()?;
            self.expect_name()?;
            self.arguments(constant)?;
        }
        Ok(())
    }

    fn arguments(&mut self, constant: bool) -> Step {
        if !self.peek("(") {
            return Ok(());
        }
        self.advance()?;
        loop {
            self.expect_name()?;
            self.expect(":")?;
            self.value(constant)?;
            if self.peek(")") {
                return self.advance();
            }
        }
    }

    fn selection_set(&mut self) -> Step {
        self.expect("{")?;
        loop {
            self.selection()?;
            if self.peek("}") {
                return self.advance();
            }
        }
    }

    fn selection(&mut self) -> Step {
        if self.peek("...") {
            self.advance()?;
            if self.token.kind == Kind::Name && self.token.value != "on" {
                self.advance()?;
                return self.directives(false);
            }
            if self.peek_name("on") {
                self.advance()?;
                self.expect_name()?;
            }
            self.directives(false)?;
            return self.selection_set();
        }
        self.expect_name()?;
        if self.peek(":") {
            self.advance()?;
            self.expect_name()?;
        }
        self.arguments(false)?;
        self.directives(false)?;
        if self.peek("{") {
            self.selection_set()?;
        }
        Ok(())
    }

    fn fragment_definition(&mut self) -> Step {
        self.expect_keyword("fragment")?;
        if self.peek_name("on") {
            return self.unexpected();
        }
        self.expect_name()?;
        self.expect_keyword("on")?;
        self.expect_name()?;
        self.directives(false)?;
        self.selection_set()
    }

    /// A value, read for its syntax only.
    fn value(&mut self, constant: bool) -> Step {
        self.value_tree(constant).map(|_| ())
    }

    /// A scalar or variable (lists and objects are `value_tree`'s).
    fn scalar(&mut self, constant: bool) -> Step {
        match &self.token.kind {
            Kind::Int | Kind::Float | Kind::Str | Kind::BlockStr | Kind::Name => self.advance(),
            Kind::Punct("$") if !constant => {
                self.advance()?;
                self.expect_name().map(|_| ())
            }
            Kind::Punct("$") => {
                let name = self.lexer.src.get(self.lexer.pos..).and_then(|rest| {
                    let n: String = rest
                        .iter()
                        .take_while(|c| **c == '_' || c.is_ascii_alphanumeric())
                        .collect();
                    (!n.is_empty()).then_some(n)
                });
                match name {
                    Some(n) => {
                        self.fail(format!("Unexpected variable \"${n}\" in constant value."))
                    }
                    None => self.unexpected(),
                }
            }
            _ => self.unexpected(),
        }
    }
}

/// Where the parts of a literal value are in the source: what graphql-js
/// reports input problems at (async-graphql's values carry no positions).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueTree {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Fields in source order: name, the name's line and column, the value.
    Object(Vec<(String, usize, usize, ValueTree)>),
    List(Vec<ValueTree>),
    Other,
}

impl Parser<'_> {
    /// A value with the positions of its parts. Lists and objects read like
    /// graphql-js' `any(open, item, close)`: items until the closing token, so
    /// a document that ends inside one fails in the item (`Unexpected <EOF>.`,
    /// `Expected Name, found <EOF>.`).
    fn value_tree(&mut self, constant: bool) -> Step<ValueTree> {
        let (line, column) = (self.token.line, self.token.column);
        let shape = match &self.token.kind {
            Kind::Punct("[") => {
                self.advance()?;
                let mut items = Vec::new();
                while !self.peek("]") {
                    items.push(self.value_tree(constant)?);
                }
                self.advance()?;
                Shape::List(items)
            }
            Kind::Punct("{") => {
                self.advance()?;
                let mut fields = Vec::new();
                while !self.peek("}") {
                    let (l, c) = (self.token.line, self.token.column);
                    let name = self.expect_name()?;
                    self.expect(":")?;
                    fields.push((name, l, c, self.value_tree(constant)?));
                }
                self.advance()?;
                Shape::Object(fields)
            }
            _ => {
                self.scalar(constant)?;
                Shape::Other
            }
        };
        Ok(ValueTree { line, column, shape })
    }
}

/// The positions inside the literal value that starts at `line`:`column`
/// (1-based, in characters) of `source`.
pub(crate) fn value_tree(source: &str, line: usize, column: usize) -> Option<ValueTree> {
    let chars: Vec<char> = source.chars().collect();
    let mut current = 1;
    let mut line_start = 0;
    for (i, c) in chars.iter().enumerate() {
        if current == line {
            break;
        }
        if *c == '\n' {
            current += 1;
            line_start = i + 1;
        }
    }
    if current != line {
        return None;
    }
    let mut lexer =
        Lexer { src: &chars, pos: line_start + column.checked_sub(1)?, line, line_start };
    let first = lexer.next().ok()?;
    let mut parser = Parser { lexer, token: first, operations: Vec::new() };
    parser.value_tree(false).ok()
}

/// Punctuators are a closed set of literals; this maps a probe to the static one.
fn leak(p: &str) -> &'static str {
    const ALL: &[&str] = &["!", "$", "&", "(", ")", "...", ":", "=", "@", "[", "]", "{", "|", "}"];
    ALL.iter().find(|x| **x == p).copied().unwrap_or("")
}

/// Reads a document the way graphql-js' parser does: its first syntax error,
/// or the operations of a well-formed document.
pub(crate) fn check(source: &str) -> Result<Vec<Operation>, SyntaxError> {
    let chars: Vec<char> = source.chars().collect();
    let mut lexer = Lexer { src: &chars, pos: 0, line: 1, line_start: 0 };
    let first = lexer.next()?;
    let mut parser = Parser { lexer, token: first, operations: Vec::new() };
    parser.document()?;
    Ok(parser.operations)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    // graphql-js 16's messages and positions for these documents.
    #[rstest]
    #[case("{ articles { id } ", "Expected Name, found <EOF>.", 1, 19)]
    #[case("", "Unexpected <EOF>.", 1, 1)]
    #[case("{ }", "Expected Name, found \"}\".", 1, 3)]
    #[case("query Q { a(x: ) }", "Unexpected \")\".", 1, 16)]
    #[case("{ a(x 1) }", "Expected \":\", found Int \"1\".", 1, 7)]
    #[case("foo { a }", "Unexpected Name \"foo\".", 1, 1)]
    #[case("{ a(s: \"open) }", "Unterminated string.", 1, 16)]
    #[case("{ a % }", "Unexpected character: \"%\".", 1, 5)]
    #[case("{ a(n: 1x) }", "Invalid number, expected digit but got: \"x\".", 1, 9)]
    #[case("{\n  a\n  b(\n}", "Expected Name, found \"}\".", 4, 1)]
    #[case("query ($id: ID = $x) { a }", "Unexpected variable \"$x\" in constant value.", 1, 18)]
    #[case("fragment on on T { a }", "Unexpected Name \"on\".", 1, 10)]
    #[case("{ a(x: [1, 2", "Unexpected <EOF>.", 1, 13)]
    #[case("{ a(x: {b: 1", "Expected Name, found <EOF>.", 1, 13)]
    fn syntax_errors_read_like_graphql_js(
        #[case] source: &str,
        #[case] message: &str,
        #[case] line: usize,
        #[case] column: usize,
    ) {
        assert_eq!(check(source), Err(SyntaxError { message: message.into(), line, column }));
    }

    #[test]
    fn value_trees_locate_object_fields() {
        let src = "mutation {\n  create(data: {title: \"x\", tags: [{name: 1}]}) { id }\n}";
        let tree = value_tree(src, 2, 16).expect("a value");
        let Shape::Object(fields) = &tree.shape else { panic!("an object: {tree:?}") };
        assert_eq!((tree.line, tree.column), (2, 16));
        assert_eq!(
            fields.iter().map(|f| (f.0.as_str(), f.1, f.2)).collect::<Vec<_>>(),
            vec![("title", 2, 17), ("tags", 2, 29)]
        );
    }

    #[test]
    fn well_formed_documents_list_their_operations() {
        let ops = check("query { a } query Named { b } { c } fragment F on T { d }")
            .expect("well formed");
        assert_eq!(ops.iter().map(|o| o.anonymous).collect::<Vec<_>>(), vec![true, false, true]);
        assert_eq!((ops[2].line, ops[2].column), (1, 31));
    }
}

//! Why a JSON body does not parse, worded as Directus (Node 22's V8 behind
//! `express.json` in strict mode) words it.
//!
//! The body itself is parsed by serde_json; this module runs only after that
//! failed, to find the first problem the way V8's `JSON.parse` meets it and
//! to name it with V8's message (`Expected ',' or '}' after property value in
//! JSON at position 6 (line 1 column 7)`, `Unexpected token 'x', "{"a":x}" is
//! not valid JSON`, ...). Body-parser's strict mode comes first: a body whose
//! first non-blank character opens neither an object nor an array is
//! reported as V8 would report the first character of it.
//!
//! The scanner keeps its own stack of open containers, so a deeply nested
//! body cannot overflow the machine stack.

/// The reason text of a rejected body (without Directus' `Invalid payload.`
/// prefix), or `None` when V8 would have accepted it (what serde_json refuses
/// beyond V8: nesting past its depth limit, unpaired surrogate escapes).
pub(crate) fn reason(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let first = chars.iter().position(|c| !is_blank(*c));
    match first {
        Some(i) if chars[i] == '{' || chars[i] == '[' => {}
        Some(i) => return Some(strict_violation(&chars, i)),
        // Body-parser parses an empty partial string: the input simply ends.
        None => return Some(UNEXPECTED_EOS.into()),
    }
    Scanner::new(&chars).scan().err().map(|problem| problem.message(&chars))
}

const UNEXPECTED_EOS: &str = "Unexpected end of JSON input";

/// JSON's four blank characters (V8 treats nothing else as whitespace).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Body-parser's strict mode: it parses the body with every character from
/// the first one on replaced by `#`, then puts the original text back into
/// V8's message in place of each run of `#`.
fn strict_violation(chars: &[char], index: usize) -> String {
    let mut partial: Vec<char> = chars[..index].to_vec();
    partial.extend(std::iter::repeat_n('#', chars.len() - index));
    let message = Problem::at(index, Kind::Token).message(&partial);
    let original: String = chars[index..].iter().collect();
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '#').count();
        out.extend(original.chars().take(run));
        rest = &rest[start + run..];
    }
    out.push_str(rest);
    out
}

/// What went wrong, and where (a character index into the body).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Problem {
    pos: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Where a value or a token should be: named after what stands there.
    Token,
    ExpectedPropertyNameOrBrace,
    ExpectedDoubleQuotedPropertyName,
    ExpectedColon,
    ExpectedCommaOrBrace,
    ExpectedCommaOrBracket,
    NonBlankAfterJson,
    UnterminatedString,
    BadControlCharacter,
    BadEscapedCharacter,
    BadUnicodeEscape,
    NoNumberAfterMinus,
    ExponentMissingNumber,
    UnterminatedFraction,
}

impl Problem {
    fn at(pos: usize, kind: Kind) -> Self {
        Problem { pos, kind }
    }

    fn message(self, chars: &[char]) -> String {
        let fixed = match self.kind {
            Kind::Token => return token_message(chars, self.pos),
            Kind::ExpectedPropertyNameOrBrace => "Expected property name or '}'",
            Kind::ExpectedDoubleQuotedPropertyName => "Expected double-quoted property name",
            Kind::ExpectedColon => "Expected ':' after property name",
            Kind::ExpectedCommaOrBrace => "Expected ',' or '}' after property value",
            Kind::ExpectedCommaOrBracket => "Expected ',' or ']' after array element",
            Kind::NonBlankAfterJson => {
                return format!(
                    "Unexpected non-whitespace character after JSON {}",
                    location(chars, self.pos)
                );
            }
            Kind::UnterminatedString => "Unterminated string",
            Kind::BadControlCharacter => "Bad control character in string literal",
            Kind::BadEscapedCharacter => "Bad escaped character",
            Kind::BadUnicodeEscape => "Bad Unicode escape",
            Kind::NoNumberAfterMinus => "No number after minus sign",
            Kind::ExponentMissingNumber => "Exponent part is missing a number",
            Kind::UnterminatedFraction => "Unterminated fractional number",
        };
        format!("{fixed} in JSON {}", location(chars, self.pos))
    }
}

/// `at position 6 (line 1 column 7)`.
fn location(chars: &[char], pos: usize) -> String {
    let before = &chars[..pos.min(chars.len())];
    let line = 1 + before.iter().filter(|c| **c == '\n').count();
    let column = 1 + before.iter().rev().take_while(|c| **c != '\n').count();
    format!("at position {pos} (line {line} column {column})")
}

/// V8 names an unexpected token by its kind: the end of the input, a number,
/// a string, or otherwise the character itself with some context.
fn token_message(chars: &[char], pos: usize) -> String {
    let Some(&c) = chars.get(pos) else { return UNEXPECTED_EOS.into() };
    if c == '"' {
        return format!("Unexpected string in JSON {}", location(chars, pos));
    }
    if c == '-' || c.is_ascii_digit() {
        return format!("Unexpected number in JSON {}", location(chars, pos));
    }
    // V8 quotes the whole source when it is short, else ten characters either side.
    const CONTEXT: usize = 10;
    let len = chars.len();
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let quoted = if len <= 2 * CONTEXT + 1 {
        format!("\"{}\"", text(0, len))
    } else if pos < CONTEXT {
        format!("\"{}\"...", text(0, pos + CONTEXT))
    } else if pos < len - CONTEXT {
        format!("...\"{}\"...", text(pos - CONTEXT, pos + CONTEXT))
    } else {
        format!("...\"{}\"", text(pos - CONTEXT, len))
    };
    format!("Unexpected token '{c}', {quoted} is not valid JSON")
}

/// An open container on the scanner's own stack.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Object,
    Array,
}

/// A JSON syntax scanner in V8's order of checks.
struct Scanner<'a> {
    chars: &'a [char],
    pos: usize,
    stack: Vec<Open>,
    /// A value must come next (after a container opened or a comma): the
    /// loop in `scan` reads it, so nesting never recurses.
    pending: bool,
}

impl<'a> Scanner<'a> {
    fn new(chars: &'a [char]) -> Self {
        Scanner { chars, pos: 0, stack: Vec::new(), pending: false }
    }

    fn peek(&mut self) -> Option<char> {
        while self.chars.get(self.pos).is_some_and(|c| is_blank(*c)) {
            self.pos += 1;
        }
        self.chars.get(self.pos).copied()
    }

    fn fail<T>(&self, kind: Kind) -> Result<T, Problem> {
        Err(Problem::at(self.pos, kind))
    }

    fn scan(mut self) -> Result<(), Problem> {
        self.value()?;
        loop {
            if self.pending {
                self.pending = false;
                self.value()?;
                continue;
            }
            let Some(open) = self.stack.last().copied() else { break };
            self.after_member(open)?;
        }
        if self.peek().is_some() {
            return self.fail(Kind::NonBlankAfterJson);
        }
        Ok(())
    }

    /// After a value inside a container: a comma and the next member, or the close.
    fn after_member(&mut self, open: Open) -> Result<(), Problem> {
        let (close, expected) = match open {
            Open::Object => ('}', Kind::ExpectedCommaOrBrace),
            Open::Array => (']', Kind::ExpectedCommaOrBracket),
        };
        match self.peek() {
            Some(',') => {
                self.pos += 1;
                if open == Open::Object {
                    self.property_name(Kind::ExpectedDoubleQuotedPropertyName)?;
                }
                self.pending = true;
                Ok(())
            }
            Some(c) if c == close => {
                self.pos += 1;
                self.stack.pop();
                Ok(())
            }
            _ => self.fail(expected),
        }
    }

    /// A property name and its colon.
    fn property_name(&mut self, expected: Kind) -> Result<(), Problem> {
        if self.peek() != Some('"') {
            return self.fail(expected);
        }
        self.string()?;
        if self.peek() != Some(':') {
            return self.fail(Kind::ExpectedColon);
        }
        self.pos += 1;
        Ok(())
    }

    /// One value; a non-empty container is only opened, its members are read
    /// by the loop in `scan`.
    fn value(&mut self) -> Result<(), Problem> {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                if self.peek() == Some('}') {
                    self.pos += 1;
                    return Ok(());
                }
                self.property_name(Kind::ExpectedPropertyNameOrBrace)?;
                self.stack.push(Open::Object);
                self.pending = true;
                Ok(())
            }
            Some('[') => {
                self.pos += 1;
                if self.peek() == Some(']') {
                    self.pos += 1;
                    return Ok(());
                }
                self.stack.push(Open::Array);
                self.pending = true;
                Ok(())
            }
            Some('"') => self.string(),
            Some('-' | '0'..='9') => self.number(),
            Some('t') => self.literal("true"),
            Some('f') => self.literal("false"),
            Some('n') => self.literal("null"),
            _ => self.fail(Kind::Token),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Problem> {
        for expected in word.chars() {
            if self.chars.get(self.pos) != Some(&expected) {
                return self.fail(Kind::Token);
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), Problem> {
        self.pos += 1; // the opening quote
        loop {
            let Some(&c) = self.chars.get(self.pos) else {
                return self.fail(Kind::UnterminatedString);
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(());
                }
                '\\' => {
                    self.pos += 1;
                    self.escape()?;
                }
                c if (c as u32) < 0x20 => return self.fail(Kind::BadControlCharacter),
                _ => self.pos += 1,
            }
        }
    }

    /// The character after a backslash (the scanner stands on it).
    fn escape(&mut self) -> Result<(), Problem> {
        match self.chars.get(self.pos) {
            Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => {
                self.pos += 1;
                Ok(())
            }
            Some('u') => {
                self.pos += 1;
                for _ in 0..4 {
                    if !self.chars.get(self.pos).is_some_and(char::is_ascii_hexdigit) {
                        return self.fail(Kind::BadUnicodeEscape);
                    }
                    self.pos += 1;
                }
                Ok(())
            }
            None => self.fail(Kind::UnterminatedString),
            Some(_) => self.fail(Kind::BadEscapedCharacter),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(char::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<(), Problem> {
        if self.chars.get(self.pos) == Some(&'-') {
            self.pos += 1;
            if !self.chars.get(self.pos).is_some_and(char::is_ascii_digit) {
                return self.fail(Kind::NoNumberAfterMinus);
            }
        }
        if self.chars.get(self.pos) == Some(&'0') {
            self.pos += 1;
            // A leading zero is a whole number: a digit after it is a second one.
            if self.chars.get(self.pos).is_some_and(char::is_ascii_digit) {
                return self.fail(Kind::Token);
            }
        } else {
            self.digits();
        }
        if self.chars.get(self.pos) == Some(&'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return self.fail(Kind::UnterminatedFraction);
            }
        }
        if matches!(self.chars.get(self.pos), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.chars.get(self.pos), Some('+' | '-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.fail(Kind::ExponentMissingNumber);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::reason;

    // Each reason as Directus 12.4 (Node 22) answered it for the same body.
    #[rstest]
    #[case("  ", "Unexpected end of JSON input")]
    #[case("\"str\"", "Unexpected token '\"', \"\"str\"\" is not valid JSON")]
    #[case("1", "Unexpected token '1', \"1\" is not valid JSON")]
    #[case("true", "Unexpected token 't', \"true\" is not valid JSON")]
    #[case("  1, x}", "Unexpected token '1', \"  1, x}\" is not valid JSON")]
    #[case("{bad", "Expected property name or '}' in JSON at position 1 (line 1 column 2)")]
    #[case("{", "Expected property name or '}' in JSON at position 1 (line 1 column 2)")]
    #[case("{1:2}", "Expected property name or '}' in JSON at position 1 (line 1 column 2)")]
    #[case(
        "{\"a\":1,}",
        "Expected double-quoted property name in JSON at position 7 (line 1 column 8)"
    )]
    #[case("{\"a\" 1}", "Expected ':' after property name in JSON at position 5 (line 1 column 6)")]
    #[case(
        "[1 2]",
        "Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)"
    )]
    #[case(
        "{\"a\":1",
        "Expected ',' or '}' after property value in JSON at position 6 (line 1 column 7)"
    )]
    #[case(
        "{\"a\":1} x",
        "Unexpected non-whitespace character after JSON at position 8 (line 1 column 9)"
    )]
    #[case(
        "{\"a\":1}}",
        "Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)"
    )]
    #[case("{\"a\":\"\\q\"}", "Bad escaped character in JSON at position 7 (line 1 column 8)")]
    #[case("{\"a\":\"\\u12\"}", "Bad Unicode escape in JSON at position 10 (line 1 column 11)")]
    #[case(
        "{\"a\":\"x\u{1}\"}",
        "Bad control character in string literal in JSON at position 7 (line 1 column 8)"
    )]
    #[case("{\"a\":-}", "No number after minus sign in JSON at position 6 (line 1 column 7)")]
    #[case(
        "{\"a\":1e}",
        "Exponent part is missing a number in JSON at position 7 (line 1 column 8)"
    )]
    #[case("{\"a\":1.}", "Unterminated fractional number in JSON at position 7 (line 1 column 8)")]
    #[case("{\"a\":01}", "Unexpected number in JSON at position 6 (line 1 column 7)")]
    #[case("{\"a\":\"abc", "Unterminated string in JSON at position 9 (line 1 column 10)")]
    #[case("{\"a\":tru}", "Unexpected token '}', \"{\"a\":tru}\" is not valid JSON")]
    #[case("{\"a\":[1,2,}", "Unexpected token '}', \"{\"a\":[1,2,}\" is not valid JSON")]
    #[case("[1,]", "Unexpected token ']', \"[1,]\" is not valid JSON")]
    #[case("{\"a\":'x'}", "Unexpected token ''', \"{\"a\":'x'}\" is not valid JSON")]
    #[case("{\"a\":", "Unexpected end of JSON input")]
    #[case("[", "Unexpected end of JSON input")]
    #[case(
        "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": x}",
        "Unexpected token 'x', ...\"aaaaaaa\": x}\" is not valid JSON"
    )]
    #[case(
        "{\n \"a\":\n  1, x}",
        "Expected double-quoted property name in JSON at position 13 (line 3 column 6)"
    )]
    fn reasons_as_directus_words_them(#[case] body: &str, #[case] expected: &str) {
        assert_eq!(reason(body).as_deref(), Some(expected));
    }

    #[test]
    fn deep_nesting_is_scanned_without_recursion() {
        let body = "[".repeat(200_000);
        assert_eq!(reason(&body).as_deref(), Some("Unexpected end of JSON input"));
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(reason(&deep), None);
    }
}

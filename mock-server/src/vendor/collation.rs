//! MariaDB's default collation, `utf8mb4_unicode_ci`, as Directus 12.4's
//! tables on MariaDB use it: UCA 4.0.0 at primary strength with PAD SPACE.
//! Strings that differ only in case or accents are equal (`Alice` = `alice`,
//! `Émile` = `emile`, `straße` = `strasse`), trailing spaces do not count in
//! `=` (`a ` = `a`), every character beyond the Basic Multilingual Plane
//! weighs the same (one emoji equals another), and text sorts letters after
//! digits after punctuation (`Alice, alice, Ärger, bob, Émile, emile, Zed`).
//! `LIKE` compares character by character: `ß` matches `ß` only, not `ss`,
//! and trailing spaces count there.
//!
//! The weights are exact for ASCII (MariaDB's primary weights) and for Latin
//! letters with accents (a compatibility decomposition without its marks); a
//! few Latin letters of their own carry their weight ([`LATIN`]). Other
//! scripts are approximated: case and accents are ignored, their letters sort
//! after Latin ones in code point order, other punctuation and symbols right
//! after the space.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// MariaDB's primary weights of the ASCII characters in `utf8mb4_unicode_ci`
/// (`WEIGHT_STRING`); 0 for the ignorable control characters.
#[rustfmt::skip]
const ASCII: [u16; 128] = [
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0201, 0x0202, 0x0203, 0x0204, 0x0205, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0209, 0x0251, 0x027E, 0x02D2, 0x0E0F, 0x02D3, 0x02CF, 0x0277, 0x0288, 0x0289, 0x02C8, 0x0428, 0x022F, 0x0221, 0x025D, 0x02CC,
    0x0E29, 0x0E2A, 0x0E2B, 0x0E2C, 0x0E2D, 0x0E2E, 0x0E2F, 0x0E30, 0x0E31, 0x0E32, 0x023D, 0x023A, 0x042C, 0x042D, 0x042E, 0x0255,
    0x02C7, 0x0E33, 0x0E4A, 0x0E60, 0x0E6D, 0x0E8B, 0x0EB9, 0x0EC1, 0x0EE1, 0x0EFB, 0x0F10, 0x0F21, 0x0F2E, 0x0F5B, 0x0F64, 0x0F82,
    0x0FA7, 0x0FB4, 0x0FC0, 0x0FEA, 0x1002, 0x101F, 0x1044, 0x1051, 0x105A, 0x105E, 0x106A, 0x028A, 0x02CE, 0x028B, 0x020F, 0x021B,
    0x020C, 0x0E33, 0x0E4A, 0x0E60, 0x0E6D, 0x0E8B, 0x0EB9, 0x0EC1, 0x0EE1, 0x0EFB, 0x0F10, 0x0F21, 0x0F2E, 0x0F5B, 0x0F64, 0x0F82,
    0x0FA7, 0x0FB4, 0x0FC0, 0x0FEA, 0x1002, 0x101F, 0x1044, 0x1051, 0x105A, 0x105E, 0x106A, 0x028C, 0x0430, 0x028D, 0x0433, 0x0000,
];

/// Latin letters (lower case) that do not decompose into an ASCII letter and
/// a mark, with MariaDB's weights: letters of their own next to their base
/// letter, and the expansions (`ß` weighs as `ss`, `œ` as `oe`).
const LATIN: &[(char, &[u16])] = &[
    ('æ', &[0x0E38]),
    ('ð', &[0x0E86]),
    ('đ', &[0x0E72]),
    ('ƒ', &[0x0EBD]),
    ('ħ', &[0x0EED]),
    ('ı', &[0x0EFF]),
    ('ł', &[0x0F36]),
    ('ŋ', &[0x0F7E]),
    ('ø', &[0x0F8D]),
    ('œ', &[0x0F82, 0x0E8B]),
    ('ß', &[0x0FEA, 0x0FEA]),
    ('ŧ', &[0x1007]),
    ('þ', &[0x1094]),
];

/// The zeros of the decimal digits of other scripts (Arabic-Indic, Devanagari,
/// Thai, ...): each digit weighs as its ASCII digit.
const ZEROS: &[u32] = &[
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
    0xED0, 0xF20, 0x1040, 0x17E0, 0x1810,
];

/// The weight of a space: PAD SPACE compares the shorter string as if padded with it.
const SPACE: u32 = 0x0209 << 16;
/// Where letters of other scripts sort: after every Latin letter, by code point.
const OTHER_LETTERS: u32 = 0x10E0 << 16;
/// The weight every character beyond the Basic Multilingual Plane shares.
const SUPPLEMENTARY: u32 = 0xFFFD << 16;

/// The weights of one character (none for an ignorable one), pushed onto `out`.
/// A weight is a primary weight in the high half and, for the characters
/// placed by approximation, a code point that orders them in the low half.
fn push_weights(c: char, out: &mut Vec<u32>) {
    let cp = u32::from(c);
    if cp > 0xFFFF {
        out.push(SUPPLEMENTARY);
        return;
    }
    if let Some(&w) = ASCII.get(cp as usize) {
        if w != 0 {
            out.push(u32::from(w) << 16);
        }
        return;
    }
    if c.is_control() {
        return;
    }
    for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
        // Final sigma is sigma.
        let lower = if d == 'ς' { 'σ' } else { d };
        for l in lower.to_lowercase() {
            push_folded(l, out);
        }
    }
}

/// The weights of a decomposed, lower-case character without marks.
fn push_folded(l: char, out: &mut Vec<u32>) {
    let cp = u32::from(l);
    if let Some(&w) = ASCII.get(cp as usize) {
        if w != 0 {
            out.push(u32::from(w) << 16);
        }
    } else if let Some((_, ws)) = LATIN.iter().find(|(c, _)| *c == l) {
        out.extend(ws.iter().map(|w| u32::from(*w) << 16));
    } else if let Some(zero) = ZEROS.iter().find(|z| (**z..**z + 10).contains(&cp)) {
        out.push(u32::from(ASCII[(u32::from(b'0') + cp - zero) as usize]) << 16);
    } else if l.is_alphanumeric() {
        out.push(OTHER_LETTERS | cp);
    } else if !l.is_control() {
        out.push(SPACE | (cp + 1));
    }
}

/// A string's weights under the collation, trailing spaces dropped: two
/// strings are equal under `utf8mb4_unicode_ci` exactly when their keys are,
/// and keys order as the collation orders (PAD SPACE included).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CollationKey(Box<[u32]>);

impl CollationKey {
    pub(crate) fn of(s: &str) -> CollationKey {
        let mut weights = Vec::with_capacity(s.len());
        for c in s.chars() {
            push_weights(c, &mut weights);
        }
        while weights.last() == Some(&SPACE) {
            weights.pop();
        }
        CollationKey(weights.into_boxed_slice())
    }
}

impl PartialOrd for CollationKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CollationKey {
    /// PAD SPACE: past the common part, the longer key's rest is compared
    /// with spaces, so `a\t` sorts before `a` and `a!` after it.
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        let common = a.len().min(b.len());
        match a[..common].cmp(&b[..common]) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        let padded = |rest: &[u32]| {
            rest.iter().find(|w| **w != SPACE).map_or(Ordering::Equal, |w| w.cmp(&SPACE))
        };
        match a.len().cmp(&b.len()) {
            Ordering::Equal => Ordering::Equal,
            Ordering::Greater => padded(&a[common..]),
            Ordering::Less => padded(&b[common..]).reverse(),
        }
    }
}

/// One character of a `LIKE` pattern.
enum Unit {
    /// `%`
    Any,
    /// `_`
    One,
    Char(Vec<u32>),
}

fn char_weights(c: char) -> Vec<u32> {
    let mut w = Vec::with_capacity(1);
    push_weights(c, &mut w);
    w
}

/// `text LIKE pattern` under the collation: `%` and `_` are wildcards, and
/// the other characters match one character of equal weights (so `e` matches
/// `É`, but `ss` does not match `ß`, and trailing spaces count).
pub(crate) fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<Vec<u32>> = text.chars().map(char_weights).collect();
    let p: Vec<Unit> = pattern
        .chars()
        .map(|c| match c {
            '%' => Unit::Any,
            '_' => Unit::One,
            c => Unit::Char(char_weights(c)),
        })
        .collect();
    // Iterative wildcard matching with backtracking on the last `%`.
    let (mut ti, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Unit::One) => (ti, pi) = (ti + 1, pi + 1),
            Some(Unit::Char(w)) if *w == t[ti] => (ti, pi) = (ti + 1, pi + 1),
            Some(Unit::Any) => {
                star = Some((pi, ti));
                pi += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    (pi, ti) = (sp + 1, st + 1);
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|u| matches!(u, Unit::Any))
}

/// Whether a string equals `''` under PAD SPACE: empty or only spaces.
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn key(s: &str) -> CollationKey {
        CollationKey::of(s)
    }

    /// Facts observed on MariaDB 10.11 (`SELECT a = b COLLATE utf8mb4_unicode_ci`).
    #[rstest]
    #[case("Alice", "alice", true)]
    #[case("ALİCE", "alice", true)]
    #[case("Émile", "emile", true)]
    #[case("Ärger", "arger", true)]
    #[case("straße", "strasse", true)]
    #[case("œuvre", "oeuvre", true)]
    #[case("ﬁne", "fine", true)]
    #[case("①", "1", true)]
    #[case("٣", "3", true)]
    #[case("Σ", "ς", true)]
    #[case("😀", "😁", true)]
    #[case("a ", "a", true)]
    #[case("a", "a  ", true)]
    #[case(" a", "a", false)]
    #[case("a\t", "a", false)]
    #[case("ab", "a-b", false)]
    #[case("æ", "ae", false)]
    #[case("ø", "o", false)]
    #[case("ł", "l", false)]
    #[case("ı", "i", false)]
    #[case("þ", "th", false)]
    #[case("½", "1/2", false)]
    fn equality(#[case] a: &str, #[case] b: &str, #[case] equal: bool) {
        assert_eq!(key(a) == key(b), equal, "{a:?} = {b:?}");
        assert_eq!(key(a).cmp(&key(b)) == Ordering::Equal, equal, "{a:?} cmp {b:?}");
    }

    #[test]
    fn orders_as_mariadb_sorts() {
        // ORDER BY on 12.4 / MariaDB (ties, equal under the collation, kept in key order).
        let mut words =
            ["Zed", "bob", "Émile", "a", "Ärger", "emile", "Alice", "strasse", "0", "_"];
        words.sort_by_key(|w| key(w));
        assert_eq!(
            words,
            ["_", "0", "a", "Alice", "Ärger", "bob", "Émile", "emile", "strasse", "Zed"]
        );
        assert!(key("a\t") < key("a") && key("a") < key("a!"));
        assert!(key("o") < key("ø") && key("ø") < key("p"));
    }

    #[rstest]
    #[case("Émile", "%MIL%", true)]
    #[case("Alice", "%é%", true)]
    #[case("Ärger", "a%", true)]
    #[case("straße", "%ss%", false)]
    #[case("strasse", "%ß%", false)]
    #[case("straße", "%ße", true)]
    #[case("a ", "%a", false)]
    #[case("a ", "% ", true)]
    #[case("bob", "b_b", true)]
    fn like_compares_character_by_character(
        #[case] text: &str,
        #[case] pattern: &str,
        #[case] hit: bool,
    ) {
        assert_eq!(like(text, pattern), hit, "{text:?} LIKE {pattern:?}");
    }
}

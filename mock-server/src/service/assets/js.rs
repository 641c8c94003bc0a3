//! JavaScript values as Directus hands them to sharp: query parameters are
//! strings that `Number()` turns into numbers (or `NaN`), presets are JSON,
//! and sharp's errors print what they received the way JavaScript does
//! (`NaN of type number`, `abc of type string`, `undefined of type undefined`).

use indexmap::IndexMap;
use serde_json::Value;

/// A JavaScript value, as far as transformations need one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Js {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Js>),
    Obj(IndexMap<String, Js>),
}

impl Js {
    pub(crate) fn from_json(v: &Value) -> Js {
        match v {
            Value::Null => Js::Null,
            Value::Bool(b) => Js::Bool(*b),
            Value::Number(n) => Js::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Js::Str(s.clone()),
            Value::Array(items) => Js::Arr(items.iter().map(Js::from_json).collect()),
            Value::Object(m) => {
                Js::Obj(m.iter().map(|(k, v)| (k.clone(), Js::from_json(v))).collect())
            }
        }
    }

    /// sharp's `is.defined`: neither `undefined` nor `null`.
    pub(crate) fn defined(&self) -> bool {
        !matches!(self, Js::Undefined | Js::Null)
    }

    /// JavaScript truthiness.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Js::Undefined | Js::Null => false,
            Js::Bool(b) => *b,
            Js::Num(n) => *n != 0.0 && !n.is_nan(),
            Js::Str(s) => !s.is_empty(),
            Js::Arr(_) | Js::Obj(_) => true,
        }
    }

    /// `Number(value)`.
    pub(crate) fn number(&self) -> f64 {
        match self {
            Js::Undefined => f64::NAN,
            Js::Null => 0.0,
            Js::Bool(b) => f64::from(u8::from(*b)),
            Js::Num(n) => *n,
            Js::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    0.0
                } else if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    u64::from_str_radix(hex, 16).map_or(f64::NAN, |n| n as f64)
                } else if t == "Infinity" || t == "+Infinity" {
                    f64::INFINITY
                } else if t == "-Infinity" {
                    f64::NEG_INFINITY
                } else if t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
                    t.parse::<f64>().unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            }
            Js::Arr(items) => match items.as_slice() {
                [] => 0.0,
                [one] => one.number(),
                _ => f64::NAN,
            },
            Js::Obj(_) => f64::NAN,
        }
    }

    /// A number, or `undefined` for an absent or falsy value (Directus'
    /// `x ? Number(x) : undefined`).
    pub(crate) fn number_if_truthy(&self) -> Js {
        if self.truthy() { Js::Num(self.number()) } else { Js::Undefined }
    }

    /// `Number.isInteger`.
    pub(crate) fn integer(&self) -> Option<i64> {
        match self {
            Js::Num(n) if n.is_finite() && n.fract() == 0.0 => Some(*n as i64),
            _ => None,
        }
    }

    /// A finite number (`is.number` in sharp).
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Js::Num(n) if !n.is_nan() => Some(*n),
            _ => None,
        }
    }

    pub(crate) fn str(&self) -> Option<&str> {
        match self {
            Js::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A member of an object (`undefined` when absent or not an object).
    pub(crate) fn get(&self, key: &str) -> &Js {
        match self {
            Js::Obj(m) => m.get(key).unwrap_or(&Js::Undefined),
            _ => &Js::Undefined,
        }
    }

    /// `typeof value`.
    pub(crate) fn type_of(&self) -> &'static str {
        match self {
            Js::Undefined => "undefined",
            Js::Bool(_) => "boolean",
            Js::Num(_) => "number",
            Js::Str(_) => "string",
            Js::Null | Js::Arr(_) | Js::Obj(_) => "object",
        }
    }

    /// `String(value)`.
    pub(crate) fn text(&self) -> String {
        match self {
            Js::Undefined => "undefined".into(),
            Js::Null => "null".into(),
            Js::Bool(b) => b.to_string(),
            Js::Num(n) => number_text(*n),
            Js::Str(s) => s.clone(),
            Js::Arr(items) => {
                items
                    .iter()
                    .map(|i| {
                        if matches!(i, Js::Undefined | Js::Null) { String::new() } else { i.text() }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            }
            Js::Obj(_) => "[object Object]".into(),
        }
    }

    /// A stable text of the value (cache keys).
    pub(crate) fn key(&self) -> String {
        match self {
            Js::Str(s) => format!("{s:?}"),
            Js::Arr(items) => {
                format!("[{}]", items.iter().map(Js::key).collect::<Vec<_>>().join(","))
            }
            Js::Obj(m) => format!(
                "{{{}}}",
                m.iter()
                    .filter(|(_, v)| !matches!(v, Js::Undefined))
                    .map(|(k, v)| format!("{k}:{}", v.key()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            other => other.text(),
        }
    }
}

/// How JavaScript prints a number.
pub(crate) fn number_text(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// sharp's `invalidParameterError`.
pub(crate) fn invalid(name: &str, expected: &str, actual: &Js) -> String {
    format!(
        "Expected {expected} for {name} but received {} of type {}",
        actual.text(),
        actual.type_of()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_javascript_reads_them() {
        assert_eq!(Js::Str("12".into()).number(), 12.0);
        assert!(Js::Str("abc".into()).number().is_nan());
        assert_eq!(Js::Str("".into()).number(), 0.0);
        assert_eq!(
            invalid("width", "x", &Js::Num(f64::NAN)),
            "Expected x for width but received NaN of type number"
        );
        assert_eq!(
            invalid("angle", "numeric", &Js::Str("abc".into())),
            "Expected numeric for angle but received abc of type string"
        );
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(-5.0), "-5");
    }
}

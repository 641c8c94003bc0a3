//! The request journal: every request the mock answered (except the control
//! API's own), oldest first, as WireMock keeps one. It holds the last
//! [`CAPACITY`] requests; a test filters it (method, path pattern, status)
//! and clears it.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::pattern::Pattern;
use crate::error::{Error, Result};

/// How many requests the journal keeps (the oldest go first).
pub(crate) const CAPACITY: usize = 10_000;

/// One answered request.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) method: String,
    pub(crate) path: String,
    /// The raw query string (percent-encoded), if any.
    pub(crate) query: Option<String>,
    pub(crate) status: u16,
    /// The user the request was authenticated as (`None`: public, or refused).
    pub(crate) user: Option<String>,
    pub(crate) ip: Option<String>,
    /// When it arrived, by the mock's clock (the control API can set it).
    pub(crate) at: DateTime<Utc>,
    /// How long the answer took, wall time.
    pub(crate) duration: std::time::Duration,
    /// The injected fault that answered or delayed it.
    pub(crate) fault: Option<u64>,
}

/// The recorded requests, with a running number.
#[derive(Default)]
pub(crate) struct Journal(Mutex<(u64, VecDeque<(u64, Entry)>)>);

/// Which entries a reader wants.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    method: Option<String>,
    path: Option<Pattern>,
    status: Option<u16>,
    limit: Option<usize>,
}

impl Filter {
    /// Reads `method`, `path` (a pattern, `*` for any run of characters),
    /// `status` and `limit` (the last N entries).
    pub(crate) fn parse(params: &[(String, String)]) -> Result<Filter> {
        let mut filter = Filter::default();
        for (key, value) in params {
            match key.as_str() {
                "method" => filter.method = Some(value.to_ascii_uppercase()),
                "path" => filter.path = Some(Pattern::parse(value)?),
                "status" => {
                    filter.status = Some(value.parse().map_err(|_| {
                        Error::invalid_query(format!(
                            "\"status\" must be a number, not \"{value}\""
                        ))
                    })?);
                }
                "limit" => {
                    filter.limit = Some(value.parse().map_err(|_| {
                        Error::invalid_query(format!("\"limit\" must be a number, not \"{value}\""))
                    })?);
                }
                other => {
                    return Err(Error::invalid_query(format!(
                        "Unknown journal filter \"{other}\" (method, path, status, limit)"
                    )));
                }
            }
        }
        Ok(filter)
    }

    fn keeps(&self, e: &Entry) -> bool {
        self.method.as_ref().is_none_or(|m| *m == e.method)
            && self.path.as_ref().is_none_or(|p| p.matches(&e.path))
            && self.status.is_none_or(|s| s == e.status)
    }
}

impl Journal {
    fn with<T>(&self, f: impl FnOnce(&mut (u64, VecDeque<(u64, Entry)>)) -> T) -> T {
        match self.0.lock() {
            Ok(mut guard) => f(&mut guard),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    pub(crate) fn record(&self, entry: Entry) {
        self.with(|(next, entries)| {
            *next += 1;
            if entries.len() == CAPACITY {
                entries.pop_front();
            }
            entries.push_back((*next, entry));
        });
    }

    pub(crate) fn clear(&self) {
        self.with(|(_, entries)| entries.clear());
    }

    /// The entries the filter keeps, oldest first, as JSON.
    pub(crate) fn list(&self, filter: &Filter) -> Vec<Value> {
        let kept: Vec<(u64, Entry)> = self.with(|(_, entries)| {
            entries.iter().filter(|(_, e)| filter.keeps(e)).cloned().collect()
        });
        let skip = filter.limit.map_or(0, |n| kept.len().saturating_sub(n));
        kept.into_iter().skip(skip).map(|(id, e)| render(id, &e)).collect()
    }
}

/// The query string's parameters, decoded: a repeated one as a list.
fn query_object(raw: &str) -> Value {
    let mut out = Map::new();
    for (k, v) in crate::query::qs::pairs(raw) {
        let v = Value::String(v);
        match out.get_mut(&k) {
            Some(Value::Array(list)) => list.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
            None => {
                out.insert(k, v);
            }
        }
    }
    Value::Object(out)
}

fn render(id: u64, e: &Entry) -> Value {
    json!({
        "id": id,
        "method": e.method,
        "path": e.path,
        "query": query_object(e.query.as_deref().unwrap_or("")),
        "raw_query": e.query,
        "status": e.status,
        "user": e.user,
        "ip": e.ip,
        "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "duration_ms": (e.duration.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        "fault": e.fault,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_and_repeat() {
        assert_eq!(
            query_object("fields=id,title&filter%5Bid%5D%5B_eq%5D=1&sort=a&sort=b&q=a+b"),
            json!({"fields":"id,title","filter[id][_eq]":"1","sort":["a","b"],"q":"a b"})
        );
        assert_eq!(query_object(""), json!({}));
    }
}

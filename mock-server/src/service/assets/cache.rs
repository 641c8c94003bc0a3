//! Transformed assets, kept so a repeated request is not transformed again
//! (Directus stores them beside the original as `<id>__<hash>.<ext>`).
//! Bounded: at most [`MAX_BYTES`] in all, the least recently used going
//! first; a file's entries go when the file changes or is deleted.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

/// The most bytes the cache holds.
pub(crate) const MAX_BYTES: usize = 64 * 1024 * 1024;

/// One transformed asset.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) bytes: Bytes,
    /// The media type it is served with (`None`: Directus' `Content-Type: null`).
    pub(crate) media_type: Option<String>,
}

#[derive(Debug, Default)]
struct Inner {
    /// `(file id, transformation key)` → entry and its last use.
    entries: HashMap<(String, String), (Entry, u64)>,
    bytes: usize,
    clock: u64,
}

/// The cache of transformed assets.
#[derive(Debug, Default)]
pub(crate) struct TransformCache {
    inner: Mutex<Inner>,
}

impl TransformCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn get(&self, file: &str, key: &str) -> Option<Entry> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let found = inner.entries.get_mut(&(file.to_owned(), key.to_owned()))?;
        found.1 = now;
        Some(found.0.clone())
    }

    pub(crate) fn put(&self, file: &str, key: &str, entry: Entry) {
        let size = entry.bytes.len();
        if size > MAX_BYTES / 4 {
            return;
        }
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        if let Some((old, _)) =
            inner.entries.insert((file.to_owned(), key.to_owned()), (entry, now))
        {
            inner.bytes -= old.bytes.len();
        }
        inner.bytes += size;
        while inner.bytes > MAX_BYTES {
            let Some(oldest) =
                inner.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((gone, _)) = inner.entries.remove(&oldest) {
                inner.bytes -= gone.bytes.len();
            }
        }
    }

    /// Forgets every transform of a file (it changed or is gone).
    pub(crate) fn forget(&self, file: &str) {
        let mut inner = self.lock();
        let keys: Vec<(String, String)> =
            inner.entries.keys().filter(|(f, _)| f == file).cloned().collect();
        for k in keys {
            if let Some((gone, _)) = inner.entries.remove(&k) {
                inner.bytes -= gone.bytes.len();
            }
        }
    }

    /// How many bytes the cache holds.
    #[cfg(test)]
    pub(crate) fn size(&self) -> usize {
        self.lock().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry { bytes: Bytes::from(vec![0u8; n]), media_type: None }
    }

    #[test]
    fn the_cache_stays_within_its_bound_and_forgets_files() {
        let cache = TransformCache::default();
        for i in 0..10 {
            cache.put("f", &i.to_string(), entry(MAX_BYTES / 5));
        }
        assert!(cache.size() <= MAX_BYTES);
        assert!(cache.get("f", "9").is_some());
        assert!(cache.get("f", "0").is_none());
        cache.forget("f");
        assert_eq!(cache.size(), 0);
    }
}

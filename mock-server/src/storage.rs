//! The bytes of stored files, by their `filename_disk`: in memory by default,
//! or under a directory (`--storage-dir`, Directus' `STORAGE_LOCAL_ROOT`).
//!
//! Bytes are not rows: they live beside the store, and the files service
//! orders its writes so that a failure leaves neither a row without bytes nor
//! bytes without a row (the bytes are written last inside the store
//! transaction that adds or changes the row, and removed after the
//! transaction that deletes it). A key is a relative path sanitized like
//! Directus' `sanitizeFilepath` (`../../etc/passwd` is `etc/passwd`), so
//! nothing is ever read or written outside the directory.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use bytes::Bytes;

/// Where the bytes are.
#[derive(Debug)]
enum Backend {
    /// In memory, gone with the process.
    Memory(RwLock<HashMap<String, Bytes>>),
    /// Files under a directory.
    Disk(PathBuf),
}

/// The storage location `local` of a Directus project.
#[derive(Debug)]
pub(crate) struct Storage {
    backend: Backend,
}

/// A relative path without `.`, `..`, empty or absolute parts, with `/`
/// separators: what Directus' `sanitizeFilepath` makes of a path (it resolves
/// the path against the root, so `..` never climbs above it).
pub(crate) fn sanitize_key(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

impl Storage {
    /// Bytes kept in memory.
    pub(crate) fn memory() -> Storage {
        Storage { backend: Backend::Memory(RwLock::default()) }
    }

    /// Bytes kept under `root` (created if missing).
    pub(crate) fn disk(root: &Path) -> io::Result<Storage> {
        std::fs::create_dir_all(root)?;
        Ok(Storage { backend: Backend::Disk(root.to_path_buf()) })
    }

    fn path(root: &Path, key: &str) -> io::Result<PathBuf> {
        let key = sanitize_key(key);
        if key.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "an empty file name"));
        }
        Ok(root.join(key))
    }

    /// Stores `bytes` under `key`, replacing what was there. On disk the bytes
    /// go to a temporary file first and are renamed into place, so a reader
    /// never sees half of them.
    pub(crate) fn put(&self, key: &str, bytes: Bytes) -> io::Result<()> {
        match &self.backend {
            Backend::Memory(map) => {
                let mut map = map.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                map.insert(sanitize_key(key), bytes);
                Ok(())
            }
            Backend::Disk(root) => {
                let path = Self::path(root, key)?;
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                let tmp = path.with_file_name(format!(
                    ".tmp-{}-{}",
                    std::process::id(),
                    path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
                ));
                std::fs::write(&tmp, &bytes)?;
                std::fs::rename(&tmp, &path)
            }
        }
    }

    /// The bytes under `key`, if there are any.
    pub(crate) fn get(&self, key: &str) -> io::Result<Option<Bytes>> {
        match &self.backend {
            Backend::Memory(map) => {
                let map = map.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                Ok(map.get(&sanitize_key(key)).cloned())
            }
            Backend::Disk(root) => match std::fs::read(Self::path(root, key)?) {
                Ok(bytes) => Ok(Some(Bytes::from(bytes))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// Removes the bytes under `key`; a key with nothing under it is fine.
    pub(crate) fn delete(&self, key: &str) -> io::Result<()> {
        match &self.backend {
            Backend::Memory(map) => {
                let mut map = map.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                map.remove(&sanitize_key(key));
                Ok(())
            }
            Backend::Disk(root) => match std::fs::remove_file(Self::path(root, key)?) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_leave_the_root() {
        assert_eq!(sanitize_key("../../etc/passwd"), "etc/passwd");
        assert_eq!(sanitize_key("/abs/./x.png"), "abs/x.png");
        assert_eq!(sanitize_key("a/../../b.txt"), "b.txt");
        // As on Linux, a backslash is part of a name, not a separator.
        assert_eq!(sanitize_key("a\\b.txt"), "a\\b.txt");
        assert_eq!(sanitize_key(".."), "");
    }

    #[test]
    fn memory_and_disk_keep_and_forget_bytes() {
        let dir = std::env::temp_dir().join(format!("mock-storage-test-{}", std::process::id()));
        for storage in [Storage::memory(), Storage::disk(&dir).unwrap()] {
            storage.put("a/b.txt", Bytes::from_static(b"hello")).unwrap();
            assert_eq!(storage.get("../a/b.txt").unwrap().unwrap(), Bytes::from_static(b"hello"));
            storage.delete("a/b.txt").unwrap();
            assert!(storage.get("a/b.txt").unwrap().is_none());
            storage.delete("a/b.txt").unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

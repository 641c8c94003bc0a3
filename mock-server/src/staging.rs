//! Directories written whole: a [`Staging`] directory fills up beside its
//! target and is renamed into place by [`Staging::commit`]; dropped before
//! that, it is removed. A fixture that `pull` or `--export-on-exit` writes is
//! therefore either the whole new one or the old one, never half of each.
//! A leaf: it names no layer.

use std::path::{Path, PathBuf};

/// A directory being written, to become `target` on commit.
#[derive(Debug)]
pub(crate) struct Staging {
    path: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// An empty staging directory beside `target`.
    pub(crate) fn new(target: &Path) -> anyhow::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| anyhow::anyhow!("creating {}: {e}", parent.display()))?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
        let path = parent.join(format!(".{name}.partial-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .map_err(|e| anyhow::anyhow!("creating {}: {e}", path.display()))?;
        Ok(Staging { path, target: target.to_path_buf(), committed: false })
    }

    /// Writes a file at `rel` (folders created as needed).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.path.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)
                .map_err(|e| anyhow::anyhow!("creating {}: {e}", p.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))
    }

    /// Writes a JSON file, pretty-printed.
    pub(crate) fn write_json(&self, rel: &str, value: &serde_json::Value) -> anyhow::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(value)?;
        bytes.push(b'\n');
        self.write(rel, &bytes)
    }

    /// Puts the directory in place of the target; the old target is removed
    /// only once the new one is there.
    pub(crate) fn commit(mut self) -> anyhow::Result<()> {
        let name = self.target.file_name().and_then(|n| n.to_str()).unwrap_or("fixture");
        let old = self.target.with_file_name(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| {
                anyhow::anyhow!("moving the old {} aside: {e}", self.target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&self.path, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            anyhow::bail!("moving {} into place: {e}", self.target.display());
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_staging_leaves_the_old_directory() {
        let root = std::env::temp_dir().join(format!("staging-test-{}", std::process::id()));
        let target = root.join("fixture");
        std::fs::create_dir_all(&target).expect("target");
        std::fs::write(target.join("old.json"), "1").expect("old file");
        {
            let staging = Staging::new(&target).expect("staging");
            staging.write("new.json", b"2").expect("write");
        }
        assert!(target.join("old.json").exists());
        assert!(!target.join("new.json").exists());
        assert_eq!(std::fs::read_dir(&root).expect("root").count(), 1, "no staging left behind");
        let staging = Staging::new(&target).expect("staging");
        staging.write("sub/new.json", b"2").expect("write");
        staging.commit().expect("commit");
        assert!(!target.join("old.json").exists());
        assert!(target.join("sub/new.json").exists());
        assert_eq!(std::fs::read_dir(&root).expect("root").count(), 1);
        std::fs::remove_dir_all(&root).expect("cleanup");
    }
}

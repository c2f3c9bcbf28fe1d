//! Stage 4: put the generated files on disk, all or nothing, or compare them with what is there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::GeneratedFile;

/// What a write changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files whose contents changed or that are new.
    pub written: Vec<String>,
    /// Files left byte-identical.
    pub unchanged: usize,
    /// Files that were there before and are gone now.
    pub removed: Vec<String>,
}

/// A file whose committed contents differ from what the generator writes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: String,
    /// `None` when the file does not exist on disk.
    pub on_disk: Option<String>,
    /// `None` when the generator would not write it (it should be deleted).
    pub generated: Option<String>,
}

/// Every file under `dir`, as relative paths with `/` separators, sorted.
pub fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// Compares `files` with `dir`; empty when `dir` holds exactly these files.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for file in files {
        let on_disk = match fs::read_to_string(dir.join(&file.path)) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if on_disk.as_deref() != Some(file.contents.as_str()) {
            stale.push(Stale {
                path: file.path.clone(),
                on_disk,
                generated: Some(file.contents.clone()),
            });
        }
    }
    for existing in list_files(dir)? {
        if !files.iter().any(|f| f.path == existing) {
            let on_disk = fs::read_to_string(dir.join(&existing)).ok();
            stale.push(Stale {
                path: existing,
                on_disk,
                generated: None,
            });
        }
    }
    Ok(stale)
}

/// Replaces `dir` with exactly `files`. The new tree is written next to it first and swapped in
/// with renames, so an error at any point leaves `dir` as it was.
pub fn write_atomically(dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteSummary> {
    let before = list_files(dir)?;
    let mut summary = WriteSummary::default();
    for file in files {
        match fs::read_to_string(dir.join(&file.path)) {
            Ok(old) if old == file.contents => summary.unchanged += 1,
            _ => summary.written.push(file.path.clone()),
        }
    }
    summary.removed = before
        .iter()
        .filter(|p| !files.iter().any(|f| &f.path == *p))
        .cloned()
        .collect();
    if summary.written.is_empty() && summary.removed.is_empty() {
        return Ok(summary);
    }

    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let staging = sibling(parent, &name, "new");
    let backup = sibling(parent, &name, "old");
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&backup);
    let result = (|| {
        for file in files {
            let path = staging.join(&file.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, &file.contents)?;
        }
        if dir.exists() {
            fs::rename(dir, &backup)?;
        }
        if let Err(e) = fs::rename(&staging, dir) {
            // Put the old tree back before reporting.
            if backup.exists() {
                let _ = fs::rename(&backup, dir);
            }
            return Err(e);
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&staging);
    result?;
    let _ = fs::remove_dir_all(&backup);
    Ok(summary)
}

fn sibling(parent: &Path, name: &str, what: &str) -> PathBuf {
    parent.join(format!(".{name}.{what}.{}", std::process::id()))
}

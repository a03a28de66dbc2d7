//! Atomic output: write to a temporary file in the target's directory, rename on success.
//!
//! A failed, cancelled or dropped export removes its temporary file, so it never leaves a
//! file that looks complete and never replaces a good file with a broken one.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file next to `target`, renamed onto it by [`commit`](Self::commit) and removed
/// on drop otherwise.
#[derive(Debug)]
pub(crate) struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl AtomicFile {
    /// Reserves the temporary path and creates the (empty) file. Errors name `target`.
    pub(crate) fn create(target: &Path) -> Result<(Self, File)> {
        let name = target
            .file_name()
            .ok_or_else(|| {
                Error::io(
                    target,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "the path has no file name",
                    ),
                )
            })?
            .to_string_lossy()
            .into_owned();
        if target.is_dir() {
            return Err(Error::io(
                target,
                std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
            ));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}.{n}.part", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Error::io(target, e))?;
        Ok((
            AtomicFile {
                target: target.to_path_buf(),
                temp,
                committed: false,
            },
            file,
        ))
    }

    /// The temporary path.
    pub(crate) fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The final path.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the finished file onto the target.
    pub(crate) fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.temp, &self.target).map_err(|e| Error::io(&self.target, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

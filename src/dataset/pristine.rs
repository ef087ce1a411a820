//! The pristine copy of a dataset: built once, never handed to learner SQL.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, MAIN_DB};

use super::DatasetError;
use super::script::exec_script;
use crate::engine::split::line_col;
use crate::lesson::SourceFile;

/// A dataset built into a serialized SQLite image. Every attempt gets its own
/// copy through [`Pristine::fresh`]; the image itself is immutable.
///
/// A generated full-scale dataset is instead a file in the data directory,
/// too large to copy: [`Pristine::fresh`] opens it read-only, so learner SQL
/// can query it but not change it (see `dataset::generate`).
#[derive(Debug)]
pub struct Pristine {
    name: String,
    image: Vec<u8>,
    file: Option<PathBuf>,
    build_time: Duration,
}

impl Pristine {
    /// Builds a dataset from its SQL script (foreign keys off while loading,
    /// so a dataset may hold deliberate orphans).
    pub fn from_script(name: &str, file: &SourceFile) -> Result<Self, DatasetError> {
        let started = Instant::now();
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        exec_script(&conn, &file.text).map_err(|(message, offset)| {
            let (line, column) = line_col(&file.text, offset);
            DatasetError::Script {
                file: file.path.clone(),
                line,
                column,
                message,
            }
        })?;
        let mut pristine = Self::from_connection(name, conn)?;
        pristine.build_time = started.elapsed();
        Ok(pristine)
    }

    /// Captures an already built database (e.g. from a generator).
    pub fn from_connection(name: &str, mut conn: Connection) -> Result<Self, DatasetError> {
        let started = Instant::now();
        let image = conn.serialize(MAIN_DB)?.to_vec();
        Ok(Pristine {
            name: name.to_string(),
            image,
            file: None,
            build_time: started.elapsed(),
        })
    }

    /// A dataset kept in a read-only file (a built full-scale dataset).
    pub fn from_file(name: &str, path: &Path) -> Self {
        Pristine {
            name: name.to_string(),
            image: Vec::new(),
            file: Some(path.to_path_buf()),
            build_time: Duration::ZERO,
        }
    }

    /// The file behind a read-only dataset, `None` for an in-memory image.
    pub fn read_only_file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The dataset's name (or the script path it was built from).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Size of the database image (or file) in bytes.
    pub fn size(&self) -> usize {
        match &self.file {
            Some(path) => std::fs::metadata(path).map_or(0, |m| m.len() as usize),
            None => self.image.len(),
        }
    }

    /// Records how long building took (for generated datasets).
    pub fn set_build_time(&mut self, elapsed: Duration) {
        self.build_time = elapsed;
    }

    /// How long building took.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// A fresh, private, writable in-memory copy. Nothing done to it reaches
    /// the pristine image. For a file-backed dataset: a read-only connection
    /// to the file (writes fail with SQLite's "readonly database" error).
    pub fn fresh(&self) -> rusqlite::Result<Connection> {
        if let Some(path) = &self.file {
            return super::generate::open_read_only(path);
        }
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(MAIN_DB, &self.image[..], self.image.len(), false)?;
        Ok(conn)
    }
}

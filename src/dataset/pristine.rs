//! The pristine copy of a dataset: built once, never handed to learner SQL.

use std::time::{Duration, Instant};

use rusqlite::{Connection, MAIN_DB};

use super::DatasetError;
use super::script::exec_script;
use crate::engine::split::line_col;
use crate::lesson::SourceFile;

/// A dataset built into a serialized SQLite image. Every attempt gets its own
/// copy through [`Pristine::fresh`]; the image itself is immutable.
#[derive(Debug)]
pub struct Pristine {
    name: String,
    image: Vec<u8>,
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
            build_time: started.elapsed(),
        })
    }

    /// The dataset's name (or the script path it was built from).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Size of the database image in bytes.
    pub fn size(&self) -> usize {
        self.image.len()
    }

    /// How long building took.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// A fresh, private, writable in-memory copy. Nothing done to it reaches
    /// the pristine image.
    pub fn fresh(&self) -> rusqlite::Result<Connection> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(MAIN_DB, &self.image[..], self.image.len(), false)?;
        Ok(conn)
    }
}

//! Datasets: SQL scripts under `datasets/`, built once per process into a
//! pristine in-memory database, then copied fresh for every attempt.

pub mod generate;
mod pristine;
mod script;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use pristine::Pristine;
pub use script::exec_script;

use crate::lesson::{CourseSource, read_text};

/// A dataset that could not be found or built.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// No dataset of that name in the course, and no such file.
    #[error("no dataset `{name}`; known datasets: {known}")]
    Unknown {
        /// What was asked for.
        name: String,
        /// The names the course has.
        known: String,
    },
    /// The script or file could not be read.
    #[error("{0}")]
    Read(#[from] crate::lesson::ReadError),
    /// A statement of the script failed.
    #[error("{file}:{line}:{column}: the dataset script failed: {message}")]
    Script {
        /// Script path.
        file: String,
        /// 1-based line of the failing statement.
        line: usize,
        /// 1-based column.
        column: usize,
        /// SQLite's message.
        message: String,
    },
    /// SQLite failed outside the script.
    #[error("building the dataset failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A generator failed.
    #[error(transparent)]
    Generate(#[from] generate::GenerateError),
    /// A full-scale generated dataset has not been built yet.
    #[error(
        "`{name}` is not built yet: run `sqldojo dataset build {generator} --scale full` once \
         (about a minute; it is kept in {dir})"
    )]
    NotBuilt {
        /// The dataset name.
        name: String,
        /// The generator to build.
        generator: String,
        /// The data directory it goes to.
        dir: String,
    },
}

/// Names of the datasets a course provides: its scripts (`datasets/NAME.sql`)
/// sorted, then the generated ones (`catalog-small`, `catalog-full`), which
/// every course has and none should get by default.
pub fn names(source: &CourseSource) -> Vec<String> {
    let mut out = script_names(source);
    for generated in generate::names() {
        if !out.contains(&generated) {
            out.push(generated);
        }
    }
    out
}

/// Names of the course's dataset scripts (`datasets/NAME.sql`), sorted.
fn script_names(source: &CourseSource) -> Vec<String> {
    let mut out: Vec<String> = source
        .list("datasets", &[".sql"])
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.rsplit('/').next())
        .filter_map(|f| f.strip_suffix(".sql"))
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

/// The datasets of one course, each built at most once per process.
#[derive(Debug)]
pub struct Datasets {
    source: CourseSource,
    data_dir: Option<PathBuf>,
    cache: Mutex<HashMap<String, Arc<Pristine>>>,
}

impl Datasets {
    /// Datasets of a course.
    pub fn new(source: CourseSource) -> Self {
        Datasets {
            source,
            data_dir: None,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Where built full-scale datasets are looked for (`--data-dir`); by
    /// default `$SQLDOJO_DATA_DIR` or the platform's data directory.
    pub fn with_data_dir(mut self, data_dir: Option<PathBuf>) -> Self {
        self.data_dir = data_dir;
        self
    }

    /// The course these datasets belong to.
    pub fn source(&self) -> &CourseSource {
        &self.source
    }

    /// The pristine database for a dataset name of the course, or for a path
    /// to a `.sql` script. Built on first use, then shared.
    pub fn get(&self, name_or_file: &str) -> Result<Arc<Pristine>, DatasetError> {
        if let Some(found) = self.cache.lock().unwrap().get(name_or_file) {
            return Ok(found.clone());
        }
        let built = Arc::new(self.build(name_or_file)?);
        self.cache
            .lock()
            .unwrap()
            .insert(name_or_file.to_string(), built.clone());
        Ok(built)
    }

    fn build(&self, name_or_file: &str) -> Result<Pristine, DatasetError> {
        let scripts = script_names(&self.source);
        if !scripts.iter().any(|n| n == name_or_file)
            && let Some((generator, scale)) = generate::parse_name(name_or_file)
        {
            return self.generated(name_or_file, generator, scale);
        }
        let known = names(&self.source);
        if scripts.iter().any(|n| n == name_or_file) {
            let file = self.source.read(&format!("datasets/{name_or_file}.sql"))?;
            let file = crate::lesson::SourceFile {
                path: self.source.display_path(&file.path),
                text: file.text,
            };
            return Pristine::from_script(name_or_file, &file);
        }
        let path = Path::new(name_or_file);
        if name_or_file.ends_with(".sql") || path.is_file() {
            let file = read_text(path)?;
            return Pristine::from_script(name_or_file, &file);
        }
        Err(DatasetError::Unknown {
            name: name_or_file.to_string(),
            known: known.join(", "),
        })
    }

    /// A generated dataset: small scales are built in memory, full scales
    /// are opened read-only from the data directory.
    fn generated(
        &self,
        name: &str,
        generator: &generate::Generator,
        scale: generate::Scale,
    ) -> Result<Pristine, DatasetError> {
        if scale == generate::Scale::Small {
            let started = std::time::Instant::now();
            let conn = generate::build_in_memory(generator, scale)?;
            let mut pristine = Pristine::from_connection(name, conn)?;
            pristine.set_build_time(started.elapsed());
            return Ok(pristine);
        }
        let dir = crate::progress::data_dir(self.data_dir.clone());
        match dir
            .as_deref()
            .and_then(|d| generate::built_file(d, generator, scale))
        {
            Some(path) => Ok(Pristine::from_file(name, &path)),
            None => Err(DatasetError::NotBuilt {
                name: name.to_string(),
                generator: generator.name.to_string(),
                dir: dir.map_or("the data directory".into(), |d| d.display().to_string()),
            }),
        }
    }
}

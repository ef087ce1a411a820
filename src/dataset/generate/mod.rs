//! Deterministic dataset generators, for data too large to ship as SQL.
//!
//! A generated dataset is named `GENERATOR-SCALE` (`catalog-small`,
//! `catalog-full`). The small scale is built in memory on first use, like a
//! bundled script, and copied per attempt. The full scale is far too large
//! for that (about 1.8 GB for the catalog, above the sandbox's 1 GiB heap
//! cap): `sqldojo dataset build` writes it once into the data directory, and
//! it is then opened read-only, never copied (see [`crate::dataset::Pristine`]).

pub mod catalog;
pub mod prng;
mod words;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

/// How big a generated dataset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// Fast to build (well under a second); what lessons use.
    Small,
    /// The seed's own figures; built once into the data directory.
    Full,
}

impl Scale {
    /// The name used in dataset names and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Full => "full",
        }
    }
}

/// Progress of a build, reported to the caller (which may draw a bar).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// What is being built: `products`, `indexes`, ...
    pub phase: &'a str,
    /// Units done.
    pub done: u64,
    /// Units in this phase.
    pub total: u64,
}

/// Fills an empty database at a scale, reporting progress.
pub type BuildFn = fn(&Connection, Scale, &mut dyn FnMut(Progress<'_>)) -> rusqlite::Result<()>;

/// A dataset generator.
#[derive(Debug)]
pub struct Generator {
    /// Name, e.g. `catalog`.
    pub name: &'static str,
    /// Version of its output; a built file of another version is rebuilt.
    pub version: u32,
    /// One line about it.
    pub summary: &'static str,
    build: BuildFn,
}

/// Every generator.
pub const GENERATORS: &[Generator] = &[Generator {
    name: "catalog",
    version: catalog::VERSION,
    summary: "products with comma-separated tags and a tags/product_tags junction, plus reviews \
              (small: 5,000 products; full: 2,800,000 products, 23.4M tag links)",
    build: build_catalog,
}];

/// Products of the catalog at each scale.
pub const CATALOG_SMALL_PRODUCTS: u64 = 5_000;
/// Products of the full catalog (the seed's figure).
pub const CATALOG_FULL_PRODUCTS: u64 = 2_800_000;

fn build_catalog(
    conn: &Connection,
    scale: Scale,
    progress: &mut dyn FnMut(Progress<'_>),
) -> rusqlite::Result<()> {
    let size = match scale {
        Scale::Small => catalog::CatalogSize {
            products: CATALOG_SMALL_PRODUCTS,
            lab_indexes: false,
        },
        Scale::Full => catalog::CatalogSize {
            products: CATALOG_FULL_PRODUCTS,
            lab_indexes: true,
        },
    };
    catalog::generate(conn, size, progress)
}

/// A generator by name.
pub fn generator(name: &str) -> Option<&'static Generator> {
    GENERATORS.iter().find(|g| g.name == name)
}

/// The generator and scale a dataset name stands for (`catalog-full`).
pub fn parse_name(dataset: &str) -> Option<(&'static Generator, Scale)> {
    let (name, scale) = dataset.rsplit_once('-')?;
    let scale = match scale {
        "small" => Scale::Small,
        "full" => Scale::Full,
        _ => return None,
    };
    Some((generator(name)?, scale))
}

/// Every generated dataset name (`catalog-small`, `catalog-full`).
pub fn names() -> Vec<String> {
    GENERATORS
        .iter()
        .flat_map(|g| [Scale::Small, Scale::Full].map(|s| dataset_name(g, s)))
        .collect()
}

/// The dataset name of a generator at a scale.
pub fn dataset_name(generator: &Generator, scale: Scale) -> String {
    format!("{}-{}", generator.name, scale.as_str())
}

/// A build or open that failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// SQLite failed.
    #[error("building the dataset failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file system failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The full scale was asked for in memory.
    #[error(
        "`{0}` is too large to build in memory; build it once with `sqldojo dataset build` instead"
    )]
    TooLarge(String),
}

/// Builds a generated dataset into a fresh in-memory database (small scale only).
pub fn build_in_memory(generator: &Generator, scale: Scale) -> Result<Connection, GenerateError> {
    if scale == Scale::Full {
        return Err(GenerateError::TooLarge(dataset_name(generator, scale)));
    }
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    (generator.build)(&conn, scale, &mut |_| {})?;
    Ok(conn)
}

/// Where a generated dataset's file lives in the data directory: the
/// generator's version is part of the name.
pub fn file_path(data_dir: &Path, generator: &Generator, scale: Scale) -> PathBuf {
    data_dir.join("datasets").join(format!(
        "{}-v{}.db",
        dataset_name(generator, scale),
        generator.version
    ))
}

/// `application_id` stamped on built files: "SQDJ".
const APPLICATION_ID: i32 = 0x5351_444A;

/// The built file of a dataset, if it exists and is complete (stamped with
/// the generator's version).
pub fn built_file(data_dir: &Path, generator: &Generator, scale: Scale) -> Option<PathBuf> {
    let path = file_path(data_dir, generator, scale);
    let conn = open_read_only(&path).ok()?;
    let stamp: (i32, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()?;
    (stamp == (APPLICATION_ID, i64::from(generator.version))).then_some(path)
}

/// Opens a built file read-only. `immutable=1`: the file never changes once
/// renamed into place (a rebuild writes a new file and renames it over), so
/// SQLite may skip locking and change detection.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let uri = format!(
        "file:{}?mode=ro&immutable=1",
        path.to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// What `build_file` did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The file.
    pub path: PathBuf,
    /// True when an existing file of this version was reused.
    pub reused: bool,
    /// Time spent (zero when reused).
    pub elapsed: Duration,
    /// Files of older versions that were removed.
    pub removed: Vec<PathBuf>,
}

/// Builds a generated dataset into the data directory, or reuses the file
/// already built by this generator version. Writes a temporary file with
/// journaling and syncing off, then renames it into place atomically, so a
/// crash or Ctrl-C never leaves a half-built file under the real name.
///
/// The page cache stays at SQLite's default (2 MB) on purpose: CREATE INDEX
/// sorts in runs as large as the cache, and small runs that fit the CPU
/// cache, merged afterwards, measured four times faster than 256 MB runs.
pub fn build_file(
    data_dir: &Path,
    generator: &Generator,
    scale: Scale,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Built, GenerateError> {
    let path = file_path(data_dir, generator, scale);
    if built_file(data_dir, generator, scale).is_some() {
        return Ok(Built {
            path,
            reused: true,
            elapsed: Duration::ZERO,
            removed: Vec::new(),
        });
    }
    let started = Instant::now();
    let dir = path.parent().expect("a datasets folder");
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |source| GenerateError::Io { path: p, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    remove_abandoned_builds(dir, &path);
    let temp = path.with_extension(format!("db.building-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    {
        let conn = Connection::open(&temp)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA foreign_keys = OFF;
             PRAGMA threads = 2;",
        )?;
        let result = (generator.build)(&conn, scale, progress).and_then(|()| {
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
                generator.version
            ))
        });
        if let Err(e) = result {
            drop(conn);
            let _ = std::fs::remove_file(&temp);
            return Err(e.into());
        }
    }
    std::fs::rename(&temp, &path).map_err(io(&path))?;
    let removed = remove_other_versions(dir, generator, scale, &path);
    Ok(Built {
        path,
        reused: false,
        elapsed: started.elapsed(),
        removed,
    })
}

/// Deletes the temporary files of builds that were interrupted (Ctrl-C, a
/// crash): a running build writes its file continuously, so one untouched
/// for ten minutes is abandoned.
fn remove_abandoned_builds(dir: &Path, path: &Path) {
    let Some(prefix) = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| format!("{n}.building-"))
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let abandoned = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(600));
        if name.to_string_lossy().starts_with(&prefix) && abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Deletes files of this dataset built by other generator versions.
fn remove_other_versions(
    dir: &Path,
    generator: &Generator,
    scale: Scale,
    keep: &Path,
) -> Vec<PathBuf> {
    let prefix = format!("{}-v", dataset_name(generator, scale));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p != keep
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".db"))
        })
        .filter(|p| std::fs::remove_file(p).is_ok())
        .collect()
}

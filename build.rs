//! Embeds the bundled course (`lessons/`) and datasets (`datasets/`) into the
//! binary, so an installed `sqldojo` works anywhere; and a JSON snapshot of
//! each lesson file, which loads about three times faster than its YAML and
//! so brings the first frame closer to `sqlite3`'s own prompt. A file whose
//! YAML does not convert is left out of the snapshot: it is then parsed from
//! YAML at run time, where its error gets a file, line and column.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    for dir in ["lessons", "datasets"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root, &root.join(dir), &mut files);
    }
    files.sort();
    let mut out = String::from(
        "/// Files of the bundled course: (path relative to the course root, contents).\n",
    );
    out.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for rel in &files {
        let abs = root.join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    snapshot(&root, &out_dir, &files, &mut out);
    let dest = out_dir.join("bundled_files.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "sql" | "md")
        ) {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push(rel);
        }
    }
}

/// Writes `JSON`: (path, the lesson file's data as JSON) for every lesson
/// file whose YAML converts.
fn snapshot(root: &Path, out_dir: &Path, files: &[String], out: &mut String) {
    let dir = out_dir.join("json");
    std::fs::create_dir_all(&dir).unwrap();
    out.push_str(
        "/// Lesson files of the bundled course as JSON: (path, the same data as the YAML).\n",
    );
    out.push_str("pub static JSON: &[(&str, &str)] = &[\n");
    for (n, rel) in files.iter().enumerate() {
        if !rel.starts_with("lessons/") || !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
            continue;
        }
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let Ok(value) = serde_yaml::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let file = dir.join(format!("{n}.json"));
        std::fs::write(&file, serde_json::to_string(&value).unwrap()).unwrap();
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
}

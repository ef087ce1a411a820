//! SQLite's own keyword list (`sqlite3_keyword_name`), for highlighting and
//! completion: sqlparser knows every dialect's words, SQLite only its own.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use rusqlite::ffi;

/// The keywords of the bundled SQLite, uppercase and sorted.
pub fn keywords() -> &'static BTreeSet<String> {
    static WORDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut out = BTreeSet::new();
        // SAFETY: sqlite3_keyword_name returns pointers into a static table.
        unsafe {
            let n = ffi::sqlite3_keyword_count();
            for i in 0..n {
                let mut ptr: *const std::os::raw::c_char = std::ptr::null();
                let mut len: std::os::raw::c_int = 0;
                if ffi::sqlite3_keyword_name(i, &mut ptr, &mut len) == ffi::SQLITE_OK
                    && !ptr.is_null()
                {
                    let bytes = std::slice::from_raw_parts(ptr.cast::<u8>(), len as usize);
                    out.insert(String::from_utf8_lossy(bytes).to_ascii_uppercase());
                }
            }
        }
        out
    })
}

/// True when `word` is an SQLite keyword (any case).
pub fn is_keyword(word: &str) -> bool {
    keywords().contains(&word.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_sqlite_words_only() {
        assert!(super::is_keyword("select") && super::is_keyword("WINDOW"));
        assert!(!super::is_keyword("name"));
    }
}

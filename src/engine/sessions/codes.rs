//! SQLite's extended result codes by name: `busy` (5) and `busy_snapshot`
//! (517) print the same message, so lessons and learners name the code.

use rusqlite::ffi;

/// The codes an isolation lab meets, with their lowercase names.
const NAMES: &[(i32, &str)] = &[
    (ffi::SQLITE_ERROR, "error"),
    (ffi::SQLITE_BUSY, "busy"),
    (ffi::SQLITE_BUSY_RECOVERY, "busy_recovery"),
    (ffi::SQLITE_BUSY_SNAPSHOT, "busy_snapshot"),
    (ffi::SQLITE_BUSY_TIMEOUT, "busy_timeout"),
    (ffi::SQLITE_LOCKED, "locked"),
    (ffi::SQLITE_LOCKED_SHAREDCACHE, "locked_sharedcache"),
    (ffi::SQLITE_READONLY, "readonly"),
    (ffi::SQLITE_INTERRUPT, "interrupt"),
    (ffi::SQLITE_CONSTRAINT, "constraint"),
    (ffi::SQLITE_CONSTRAINT_CHECK, "constraint_check"),
    (ffi::SQLITE_CONSTRAINT_FOREIGNKEY, "constraint_foreignkey"),
    (ffi::SQLITE_CONSTRAINT_NOTNULL, "constraint_notnull"),
    (ffi::SQLITE_CONSTRAINT_PRIMARYKEY, "constraint_primarykey"),
    (ffi::SQLITE_CONSTRAINT_UNIQUE, "constraint_unique"),
    (ffi::SQLITE_CONSTRAINT_TRIGGER, "constraint_trigger"),
];

/// The lowercase name of an extended result code, e.g. `busy_snapshot`.
pub fn code_name(code: i32) -> Option<&'static str> {
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The code as SQLite's headers spell it, with its number:
/// `SQLITE_BUSY_SNAPSHOT (517)`.
pub fn code_label(code: i32) -> String {
    match code_name(code) {
        Some(name) => format!("SQLITE_{} ({code})", name.to_ascii_uppercase()),
        None => format!("SQLite error code {code}"),
    }
}

/// Reads a code written as a name (`busy_snapshot`, `SQLITE_BUSY_SNAPSHOT`,
/// any case) or a number (`517`).
pub fn parse_code(text: &str) -> Option<i32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i32>() {
        return (n > 0).then_some(n);
    }
    let lower = t.to_ascii_lowercase();
    let name = lower.strip_prefix("sqlite_").unwrap_or(&lower);
    NAMES.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
}

/// Every name [`parse_code`] knows, for messages.
pub fn known_names() -> Vec<&'static str> {
    NAMES.iter().map(|(_, n)| *n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_read_back() {
        assert_eq!(parse_code("busy_snapshot"), Some(517));
        assert_eq!(parse_code("SQLITE_BUSY"), Some(5));
        assert_eq!(parse_code(" 262 "), Some(262));
        assert_eq!(parse_code("busy snapshot"), None);
        assert_eq!(code_label(517), "SQLITE_BUSY_SNAPSHOT (517)");
        assert_eq!(code_label(4242), "SQLite error code 4242");
    }
}

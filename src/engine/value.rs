//! Typed values and result sets, as SQLite returned them.

use std::fmt;
use std::time::Duration;

use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};

use super::counters::Counters;

/// One SQLite value, with its storage class kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// INTEGER.
    Integer(i64),
    /// REAL.
    Real(f64),
    /// TEXT.
    Text(String),
    /// BLOB, serialized as `{"blob": "<hex>"}`.
    Blob {
        /// The bytes in lowercase hex.
        blob: String,
    },
}

impl Value {
    /// Converts SQLite's borrowed value.
    pub fn from_ref(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob { blob: hex(b) },
        }
    }

    /// Converts a value written in a lesson file (YAML/JSON).
    pub fn from_json(v: &serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    }

    /// True for NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A literal that SQLite reads back as this value.
    pub fn to_sql_literal(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Integer(i) => i.to_string(),
            Value::Real(r) => format_real(*r),
            Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Blob { blob } => format!("X'{blob}'"),
        }
    }
}

/// Formats a REAL the way SQLite's shell does: `3.0`, `2.5`, `1.0e+20`.
pub fn format_real(r: f64) -> String {
    if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{r:.1}")
    } else {
        format!("{r}")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl fmt::Display for Value {
    /// Plain text: NULL prints as `NULL`; front ends style it to tell it
    /// apart from the string 'NULL'.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => f.write_str(&format_real(*r)),
            Value::Text(s) => f.write_str(s),
            Value::Blob { blob } => write!(f, "x'{blob}'"),
        }
    }
}

/// The rows a statement returned, the first `rows.len()` of `total_rows`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResultSet {
    /// Column names as SQLite reports them.
    pub columns: Vec<String>,
    /// The rows kept (at most the configured cap).
    pub rows: Vec<Vec<Value>>,
    /// How many rows the statement produced in all.
    pub total_rows: u64,
    /// Rows changed, for INSERT/UPDATE/DELETE.
    #[serde(default)]
    pub changes: u64,
    /// Wall time of the run.
    #[serde(skip)]
    pub elapsed: Duration,
    /// SQLite's cost counters for the statement.
    #[serde(skip)]
    pub counters: Counters,
}

impl ResultSet {
    /// True when rows were dropped to respect the cap.
    pub fn truncated(&self) -> bool {
        (self.rows.len() as u64) < self.total_rows
    }

    /// Builds a result from literal rows (used for stated results in lessons).
    pub fn from_rows(columns: Vec<String>, rows: Vec<Vec<Value>>) -> Self {
        ResultSet {
            columns,
            total_rows: rows.len() as u64,
            rows,
            ..ResultSet::default()
        }
    }
}

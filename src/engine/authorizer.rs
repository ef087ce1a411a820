//! The sandbox's authorizer: what learner SQL may do, and why not otherwise.

use std::collections::BTreeSet;

use rusqlite::hooks::{AuthAction, AuthContext};

/// Pragmas learner SQL may use: introspection, and per-connection switches
/// the lessons teach. Everything else (journal modes, writable_schema,
/// temp_store, ...) alters the engine and is refused.
const ALLOWED_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "foreign_keys",
    "defer_foreign_keys",
    "recursive_triggers",
    "collation_list",
    "function_list",
    "pragma_list",
    "module_list",
    "compile_options",
    "integrity_check",
    "quick_check",
    "automatic_index",
];

/// Virtual-table modules learner SQL may create.
const ALLOWED_MODULES: &[&str] = &["fts5", "rtree"];

/// Functions learner SQL may not call.
const DENIED_FUNCTIONS: &[&str] = &[
    "load_extension",
    "fts3_tokenizer",
    "readfile",
    "writefile",
    "edit",
];

/// Why an action was refused, in words a learner understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// What was refused, e.g. "ATTACH".
    pub what: String,
    /// Why, and what to do instead.
    pub why: String,
}

/// Decides one authorizer request.
pub fn decide(ctx: &AuthContext<'_>) -> Result<(), Denial> {
    match ctx.action {
        AuthAction::Attach { .. } => Err(Denial {
            what: "ATTACH (or VACUUM INTO)".into(),
            why: "your SQL runs on a private in-memory copy of the dataset and may not open or write other database files".into(),
        }),
        AuthAction::Detach { .. } => Err(Denial {
            what: "DETACH".into(),
            why: "the sandbox has only its own database; there is nothing to detach".into(),
        }),
        AuthAction::Pragma { pragma_name, .. } => {
            let name = pragma_name.to_ascii_lowercase();
            if ALLOWED_PRAGMAS.contains(&name.as_str()) {
                Ok(())
            } else {
                Err(Denial {
                    what: format!("PRAGMA {name}"),
                    why: format!(
                        "this pragma changes how the engine itself works; exercises allow only: {}",
                        ALLOWED_PRAGMAS.join(", ")
                    ),
                })
            }
        }
        AuthAction::Function { function_name } => {
            let name = function_name.to_ascii_lowercase();
            if DENIED_FUNCTIONS.contains(&name.as_str()) {
                Err(Denial {
                    what: format!("{name}()"),
                    why: "loading extensions and touching files is not possible in the sandbox".into(),
                })
            } else {
                Ok(())
            }
        }
        AuthAction::CreateVtable { module_name, .. } | AuthAction::DropVtable { module_name, .. } => {
            if ALLOWED_MODULES.contains(&module_name.to_ascii_lowercase().as_str()) {
                Ok(())
            } else {
                Err(Denial {
                    what: format!("virtual table module `{module_name}`"),
                    why: format!("only these modules are available: {}", ALLOWED_MODULES.join(", ")),
                })
            }
        }
        AuthAction::Unknown { code, .. } => Err(Denial {
            what: format!("an operation SQLite calls action {code}"),
            why: "the sandbox does not know it, so it refuses it".into(),
        }),
        _ => Ok(()),
    }
}

/// Tables and columns a statement reads, as the authorizer saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadLog {
    /// (table, column) pairs; the column is empty for whole-row access.
    pub reads: BTreeSet<(String, String)>,
}

impl ReadLog {
    /// Records a read action, ignoring SQLite's internal tables.
    pub fn note(&mut self, ctx: &AuthContext<'_>) {
        if let AuthAction::Read {
            table_name,
            column_name,
        } = ctx.action
            && !table_name.starts_with("sqlite_")
        {
            self.reads
                .insert((table_name.to_string(), column_name.to_string()));
        }
    }

    /// The distinct tables read.
    pub fn tables(&self) -> BTreeSet<String> {
        self.reads.iter().map(|(t, _)| t.clone()).collect()
    }
}

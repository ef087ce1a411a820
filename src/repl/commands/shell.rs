//! The sqlite3 shell's habits: `.tables`, `.schema`, `.indexes`, `.timer`,
//! `.eqp`, `.mode`, `.headers`, `.read`, `.show`, `.editmode`, `.help`, `.quit`.

use super::{Done, help as help_text};
use crate::engine::{decode, introspect};
use crate::repl::input::units;
use crate::repl::session::{EditMode, Session};
use crate::repl::show::{self, Mode};

/// Deepest nesting of `.read` (a file that reads itself stops here).
const MAX_READ_DEPTH: usize = 8;

/// `.tables [PATTERN]`
pub fn tables(s: &mut Session, arg: &str) -> Done {
    let schema = match introspect::schema(s.sandbox().connection()) {
        Ok(schema) => schema,
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    };
    let pattern = arg.trim_matches(['\'', '"', '%']).to_lowercase();
    let names: Vec<String> = schema
        .tables
        .iter()
        .map(|t| t.name.clone())
        .filter(|n| n.to_lowercase().contains(&pattern))
        .collect();
    if names.is_empty() && s.interactive {
        s.out.say(if arg.is_empty() {
            "(no tables yet: CREATE TABLE makes one, `.dataset` loads a dataset)".to_string()
        } else {
            format!("(no table name contains `{arg}`)")
        });
        return Done::Ok;
    }
    s.out.say(show::in_columns(&names, 80));
    Done::Ok
}

/// `.schema [TABLE]`
pub fn schema(s: &mut Session, arg: &str) -> Done {
    let conn = s.sandbox().connection();
    let query = "SELECT sql FROM sqlite_schema \
                 WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                 AND (?1 = '' OR tbl_name = ?1 COLLATE NOCASE) \
                 ORDER BY tbl_name, type = 'table' DESC, name";
    let result: rusqlite::Result<Vec<String>> = conn
        .prepare(query)
        .and_then(|mut stmt| stmt.query_map([arg], |r| r.get::<_, String>(0))?.collect());
    match result {
        Ok(list) if list.is_empty() && !arg.is_empty() => {
            s.out
                .warn(format!("Error: no table `{arg}`; `.tables` lists them"));
            Done::Failed
        }
        Ok(list) => {
            let text: String = list
                .iter()
                .map(|sql| format!("{};\n", show::paint_sql(sql, s.style)))
                .collect();
            if !text.is_empty() {
                s.out.say(text);
            }
            Done::Ok
        }
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            Done::Failed
        }
    }
}

/// `.indexes [TABLE]`
pub fn indexes(s: &mut Session, arg: &str) -> Done {
    let schema = match introspect::schema(s.sandbox().connection()) {
        Ok(schema) => schema,
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    };
    if !arg.is_empty() && schema.table(arg).is_none() {
        s.out
            .warn(format!("Error: no table `{arg}`; `.tables` lists them"));
        return Done::Failed;
    }
    let mut lines = Vec::new();
    for t in schema
        .tables
        .iter()
        .filter(|t| arg.is_empty() || t.name.eq_ignore_ascii_case(arg))
    {
        for i in &t.indexes {
            let why = match (i.origin.as_str(), i.unique) {
                ("pk", _) => "  -- made by the PRIMARY KEY",
                ("u", _) => "  -- made by a UNIQUE constraint",
                (_, true) => "  -- a UNIQUE index",
                _ => "",
            };
            let partial = if i.partial { " WHERE ..." } else { "" };
            lines.push(format!(
                "{} ON {} ({}){partial}{why}",
                i.name,
                t.name,
                i.columns.join(", ")
            ));
        }
    }
    if lines.is_empty() {
        if s.interactive {
            s.out.say("(no indexes)");
        }
    } else {
        s.out.say(lines.join("\n"));
    }
    Done::Ok
}

fn on_off(s: &mut Session, name: &str, arg: &str) -> Option<bool> {
    match arg.to_ascii_lowercase().as_str() {
        "on" | "yes" | "1" | "true" => Some(true),
        "off" | "no" | "0" | "false" => Some(false),
        _ => {
            s.out.warn(format!("Usage: .{name} on|off"));
            None
        }
    }
}

/// `.timer on|off`
pub fn timer(s: &mut Session, arg: &str) -> Done {
    match on_off(s, "timer", arg) {
        Some(v) => {
            s.settings.timer = v;
            Done::Ok
        }
        None => Done::Failed,
    }
}

/// `.eqp on|off`
pub fn eqp(s: &mut Session, arg: &str) -> Done {
    match on_off(s, "eqp", arg) {
        Some(v) => {
            s.settings.eqp = v;
            Done::Ok
        }
        None => Done::Failed,
    }
}

/// `.headers on|off`
pub fn headers(s: &mut Session, arg: &str) -> Done {
    match on_off(s, "headers", arg) {
        Some(v) => {
            s.settings.headers = v;
            Done::Ok
        }
        None => Done::Failed,
    }
}

/// `.mode table|list|csv`
pub fn mode(s: &mut Session, arg: &str) -> Done {
    if arg.is_empty() {
        s.out
            .say(format!("current output mode: {}", s.settings.mode.name()));
        return Done::Ok;
    }
    match Mode::parse(arg.split_whitespace().next().unwrap_or("")) {
        Some(m) => {
            s.settings.mode = m;
            Done::Ok
        }
        None => {
            s.out.warn(format!(
                "Error: sqldojo prints results as {}; `.mode {arg}` is not one of them",
                Mode::NAMES.join(", ")
            ));
            Done::Failed
        }
    }
}

/// `.editmode emacs|vi`
pub fn editmode(s: &mut Session, arg: &str) -> Done {
    s.settings.edit_mode = match arg.to_ascii_lowercase().as_str() {
        "emacs" => EditMode::Emacs,
        "vi" => EditMode::Vi,
        _ => {
            s.out.warn("Usage: .editmode emacs|vi");
            return Done::Failed;
        }
    };
    Done::Ok
}

/// `.show`
pub fn show(s: &mut Session, _arg: &str) -> Done {
    let on = |b: bool| if b { "on" } else { "off" };
    let st = s.settings;
    let text = format!(
        "   dataset: {}\n  exercise: {}\n      mode: {}\n   headers: {}\n     timer: {}\n       eqp: {}\n  editmode: {}\n",
        s.dataset().unwrap_or("(empty in-memory database)"),
        s.exercise.as_deref().unwrap_or("(none)"),
        st.mode.name(),
        on(st.headers),
        on(st.timer),
        on(st.eqp),
        match st.edit_mode {
            EditMode::Emacs => "emacs",
            EditMode::Vi => "vi",
        }
    );
    s.out.say(text);
    Done::Ok
}

/// `.read FILE`
pub fn read(s: &mut Session, arg: &str) -> Done {
    if arg.is_empty() {
        s.out.warn("Usage: .read FILE");
        return Done::Failed;
    }
    if s.read_depth >= MAX_READ_DEPTH {
        s.out.warn(format!(
            "Error: .read is nested {MAX_READ_DEPTH} deep; does a file read itself?"
        ));
        return Done::Failed;
    }
    let path = arg.trim_matches(['\'', '"']);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            s.out.warn(format!("Error: cannot read {path}: {e}"));
            return Done::Failed;
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            s.out.warn(format!("Error: {path}: {e}"));
            return Done::Failed;
        }
    };
    let mut result = Done::Ok;
    let outer_line = s.line;
    s.read_depth += 1;
    for unit in units(&text) {
        s.line = Some(unit.line);
        match s.handle(&unit.text) {
            Done::Quit => {
                result = Done::Quit;
                break;
            }
            Done::Failed => result = Done::Failed,
            Done::Ok => {}
        }
        if s.interrupt.pressed() {
            result = Done::Failed;
            break;
        }
    }
    s.read_depth -= 1;
    s.line = outer_line;
    result
}

/// `.help [COMMAND]`
pub fn help(s: &mut Session, arg: &str) -> Done {
    match help_text(arg, s.out.columns()) {
        Ok(text) => {
            s.out.say(text);
            Done::Ok
        }
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            Done::Failed
        }
    }
}

/// `.quit`
pub fn quit(s: &mut Session, _arg: &str) -> Done {
    s.quit = true;
    Done::Quit
}

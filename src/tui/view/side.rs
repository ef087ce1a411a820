//! The panels that take the lesson's place: the schema browser (read from
//! the live sandbox) and the query plan tree.

use ratatui::text::{Line, Span};

use crate::engine::introspect::{SchemaInfo, TableInfo};
use crate::tui::app::{Loading, Side};
use crate::tui::keys::{Action, Mode, spoken};
use crate::tui::text::wrap_plain;
use crate::tui::theme::Theme;

/// The panel's title.
pub fn title(side: &Side) -> String {
    let (name, action) = match side {
        Side::Schema(_) => ("Schema", Action::ToggleSchema),
        Side::Plan(_) => ("Query plan", Action::TogglePlan),
    };
    format!("{name} ({} hides)", spoken(Mode::Browse, action))
}

/// The panel's lines.
pub fn lines(side: &Side, theme: &Theme, width: u16, spinner: &str) -> Vec<Line<'static>> {
    let cols = usize::from(width.saturating_sub(1).max(10));
    match side {
        Side::Schema(Loading::Pending(_)) | Side::Plan(Loading::Pending(_)) => {
            vec![Line::styled(format!("{spinner} reading…"), theme.muted())]
        }
        Side::Schema(Loading::Failed(e)) | Side::Plan(Loading::Failed(e)) => {
            wrap_plain(&format!("✗ {e}"), theme.bad(), cols)
        }
        Side::Schema(Loading::Ready(schema)) => schema_lines(schema, theme, cols),
        Side::Plan(Loading::Ready(tree)) => plan_lines(tree, theme, cols),
    }
}

fn schema_lines(schema: &SchemaInfo, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut out = wrap_plain(
        "What your sandbox holds now, including anything your SQL created.",
        theme.muted(),
        cols,
    );
    if schema.tables.is_empty() {
        out.push(Line::styled("(no tables)", theme.muted()));
    }
    for table in &schema.tables {
        out.push(Line::default());
        out.extend(table_lines(table, theme));
    }
    out
}

fn table_lines(t: &TableInfo, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let kind = if t.is_view { "view " } else { "" };
    out.push(Line::from(vec![
        Span::styled(format!("{kind}{}", t.name), theme.heading()),
        Span::styled(format!("  {} columns", t.columns.len()), theme.muted()),
    ]));
    let name_w = t
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &t.columns {
        let mut spans = vec![Span::raw("  ")];
        let key = if c.pk > 0 {
            Span::styled("PK ", theme.warn())
        } else if t.foreign_keys.iter().any(|f| f.from.contains(&c.name)) {
            Span::styled("FK ", theme.code())
        } else {
            Span::raw("   ")
        };
        spans.push(key);
        spans.push(Span::styled(
            format!("{:<name_w$}  ", c.name),
            theme.strong(),
        ));
        let ty = if c.decl_type.is_empty() {
            "(any type)".to_string()
        } else {
            c.decl_type.clone()
        };
        spans.push(Span::raw(ty));
        if c.not_null {
            spans.push(Span::styled(" NOT NULL", theme.muted()));
        }
        if let Some(d) = &c.default {
            spans.push(Span::styled(format!(" DEFAULT {d}"), theme.muted()));
        }
        out.push(Line::from(spans));
    }
    for fk in &t.foreign_keys {
        let to = if fk.to.is_empty() {
            "(primary key)".to_string()
        } else {
            fk.to.join(", ")
        };
        let mut text = format!("  FK ({}) → {}({to})", fk.from.join(", "), fk.parent);
        if fk.on_delete != "NO ACTION" {
            text.push_str(&format!(" ON DELETE {}", fk.on_delete));
        }
        out.push(Line::styled(text, theme.code()));
    }
    for ix in &t.indexes {
        // Indexes SQLite made for a constraint have generated names: say
        // what they are for instead.
        let what = match ix.origin.as_str() {
            "pk" => "primary key".to_string(),
            "u" => "unique".to_string(),
            _ if ix.unique => format!("unique index {}", ix.name),
            _ => format!("index {}", ix.name),
        };
        let partial = if ix.partial { " (partial)" } else { "" };
        out.push(Line::styled(
            format!("  {what} ({}){partial}", ix.columns.join(", ")),
            theme.muted(),
        ));
    }
    out
}

fn plan_lines(tree: &[String], theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut out = wrap_plain(
        "EXPLAIN QUERY PLAN of the editor's SQL, on your sandbox. SCAN reads every row; \
         SEARCH uses an index or key to jump to rows.",
        theme.muted(),
        cols,
    );
    out.push(Line::default());
    if tree.is_empty() {
        out.push(Line::styled(
            "(SQLite reports no plan steps)",
            theme.muted(),
        ));
    }
    for line in tree {
        let style = if line.contains("SCAN") {
            theme.warn()
        } else if line.contains("SEARCH") {
            theme.good()
        } else {
            theme.text()
        };
        out.push(Line::styled(line.clone(), style));
    }
    out
}

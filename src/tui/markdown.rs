//! Lesson Markdown as styled terminal lines: headings, emphasis, lists,
//! inline code, block quotes, code blocks (SQL coloured) and tables.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{sql_lines, width, wrap};
use super::theme::Theme;

/// Renders Markdown to lines at most `cols` cells wide (code blocks and
/// tables may be wider; the pane clips them).
pub fn render(markdown: &str, cols: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut r = Renderer {
        theme,
        cols: cols.max(8) as usize,
        out: Vec::new(),
        inline: Vec::new(),
        styles: vec![Style::new()],
        lists: Vec::new(),
        item_marker: None,
        quote: 0,
        code: None,
        table: None,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush();
    while r.out.last().is_some_and(|l| l.width() == 0) {
        r.out.pop();
    }
    r.out
}

struct TableState {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    cell: String,
    head_rows: usize,
}

struct Renderer<'t> {
    theme: &'t Theme,
    cols: usize,
    out: Vec<Line<'static>>,
    inline: Vec<Span<'static>>,
    styles: Vec<Style>,
    /// Open lists: the next number for ordered lists, `None` for bullets.
    lists: Vec<Option<u64>>,
    item_marker: Option<String>,
    quote: usize,
    code: Option<(bool, String)>,
    table: Option<TableState>,
}

impl Renderer<'_> {
    fn style(&self) -> Style {
        *self.styles.last().unwrap()
    }

    fn push_style(&mut self, f: impl FnOnce(Style) -> Style) {
        let s = f(self.style());
        self.styles.push(s);
    }

    fn indent(&self) -> usize {
        self.lists.len() * 2 + self.quote * 2
    }

    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| l.width() > 0) {
            self.out.push(Line::default());
        }
    }

    /// Writes the pending inline text as a wrapped paragraph.
    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        let indent = self.indent();
        let quote_bar = if self.quote > 0 { "│ " } else { "" };
        let lines = wrap(&spans, self.cols.saturating_sub(indent).max(8));
        let marker = self.item_marker.take();
        for (i, line) in lines.into_iter().enumerate() {
            let mut prefix = " ".repeat(indent.saturating_sub(2));
            match (&marker, i) {
                (Some(m), 0) => prefix.push_str(m),
                _ if indent >= 2 => prefix.push_str(if self.quote > 0 { quote_bar } else { "  " }),
                _ => {}
            }
            let mut spans = vec![Span::styled(prefix, self.theme.muted())];
            spans.extend(line);
            self.out.push(Line::from(spans));
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(table) = &mut self.table {
            table.cell.push_str(t);
            return;
        }
        if let Some((_, code)) = &mut self.code {
            code.push_str(t);
            return;
        }
        let style = self.style();
        self.inline.push(Span::styled(t.to_string(), style));
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(c) => {
                if let Some(table) = &mut self.table {
                    table.cell.push_str(&c);
                } else {
                    let style = self.theme.code();
                    self.inline.push(Span::styled(c.to_string(), style));
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => {
                self.flush();
                self.blank();
                let rule = "─".repeat(self.cols.min(40));
                self.out.push(Line::styled(rule, self.theme.muted()));
                self.out.push(Line::default());
            }
            Event::Html(h) | Event::InlineHtml(h) => self.text(&h),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.blank();
                let heading = self.theme.heading();
                let style = if level == HeadingLevel::H1 {
                    heading.add_modifier(ratatui::style::Modifier::UNDERLINED)
                } else {
                    heading
                };
                self.styles.push(style);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
                self.push_style(|s| s.add_modifier(ratatui::style::Modifier::ITALIC));
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let sql = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.is_empty() || lang.eq_ignore_ascii_case("sql")
                    }
                    CodeBlockKind::Indented => true,
                };
                self.code = Some((sql, String::new()));
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.item_marker = Some(marker);
            }
            Tag::Emphasis => self.push_style(|s| s.patch(self.theme.emphasis())),
            Tag::Strong => self.push_style(|s| s.patch(self.theme.strong())),
            Tag::Strikethrough => {
                self.push_style(|s| s.add_modifier(ratatui::style::Modifier::CROSSED_OUT))
            }
            Tag::Link { .. } => {
                self.push_style(|s| s.add_modifier(ratatui::style::Modifier::UNDERLINED))
            }
            Tag::Table(aligns) => {
                self.flush();
                self.blank();
                self.table = Some(TableState {
                    aligns,
                    rows: Vec::new(),
                    cell: String::new(),
                    head_rows: 0,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.cell.clear();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                if self.lists.is_empty() {
                    self.out.push(Line::default());
                }
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.styles.pop();
                self.out.push(Line::default());
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
                self.styles.pop();
            }
            TagEnd::CodeBlock => {
                if let Some((sql, code)) = self.code.take() {
                    let indent = " ".repeat(self.indent() + 2);
                    let code = code.trim_end_matches('\n');
                    let lines = if sql {
                        sql_lines(code, self.theme)
                    } else {
                        code.lines()
                            .map(|l| Line::styled(l.to_string(), self.theme.code()))
                            .collect()
                    };
                    for line in lines {
                        let mut spans = vec![Span::styled(indent.clone(), self.theme.muted())];
                        spans.extend(line.spans);
                        self.out.push(Line::from(spans));
                    }
                    self.out.push(Line::default());
                }
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push(Line::default());
                }
            }
            TagEnd::Item => self.flush(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.styles.pop();
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.head_rows = t.rows.len();
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell.trim().to_string());
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_lines(&t);
                    self.out.push(Line::default());
                }
            }
            _ => {}
        }
    }

    fn table_lines(&mut self, t: &TableState) {
        let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; ncols];
        for row in &t.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let grid_width = 3 + widths.iter().map(|w| w + 3).sum::<usize>();
        if grid_width > self.cols && t.head_rows > 0 {
            self.table_records(t);
            return;
        }
        let border = self.theme.muted();
        let rule = |l: &str, m: &str, r: &str| {
            let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            Line::styled(format!("  {l}{}{r}", inner.join(m)), border)
        };
        self.out.push(rule("┌", "┬", "┐"));
        for (r, row) in t.rows.iter().enumerate() {
            let mut spans = vec![Span::styled("  │", border)];
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                let pad = w - width(cell);
                let (left, right) = match t.aligns.get(i) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                let style = if r < t.head_rows {
                    self.theme.strong()
                } else {
                    self.theme.text()
                };
                spans.push(Span::raw(" ".repeat(left + 1)));
                spans.push(Span::styled(cell.to_string(), style));
                spans.push(Span::raw(" ".repeat(right + 1)));
                spans.push(Span::styled("│", border));
            }
            self.out.push(Line::from(spans));
            if r + 1 == t.head_rows {
                self.out.push(rule("├", "┼", "┤"));
            }
        }
        self.out.push(rule("└", "┴", "┘"));
    }

    /// A table too wide for the pane, as one record per row: each cell
    /// under its column's name, wrapped, so nothing is cut at the edge.
    fn table_records(&mut self, t: &TableState) {
        let head = &t.rows[0];
        for row in &t.rows[t.head_rows..] {
            for (i, cell) in row.iter().enumerate() {
                let name = head.get(i).map(String::as_str).unwrap_or("");
                let marker = if i == 0 { "  • " } else { "    " };
                self.out.extend(crate::tui::text::wrap_after(
                    vec![Span::styled(marker, self.theme.muted())],
                    &[Span::styled(format!("{name}: {cell}"), self.theme.text())],
                    self.cols,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str, cols: u16) -> Vec<String> {
        render(md, cols, &Theme::new(false))
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn paragraphs_wrap_and_emphasis_is_styled() {
        let lines = render("An **inner join** keeps pairs.", 20, &Theme::new(true));
        assert_eq!(lines[0].to_string(), "An inner join keeps");
        let strong = lines[0]
            .spans
            .iter()
            .find(|s| s.content.contains("inner"))
            .unwrap();
        assert!(
            strong
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::BOLD)
        );
    }

    #[test]
    fn lists_get_markers_and_hanging_indent() {
        let lines = plain(
            "- first item that wraps around\n- second\n\n1. one\n2. two",
            16,
        );
        assert_eq!(
            lines,
            vec![
                "• first item",
                "  that wraps",
                "  around",
                "• second",
                "",
                "1. one",
                "2. two",
            ]
        );
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        let lines = plain("Text\n\n```sql\nSELECT a\nFROM t;\n```\n", 40);
        assert_eq!(lines, vec!["Text", "", "  SELECT a", "  FROM t;"]);
    }

    #[test]
    fn tables_are_drawn_as_grids() {
        let lines = plain("| a | bb |\n|---|---:|\n| 1 | 2 |\n", 40);
        assert_eq!(
            lines,
            vec![
                "  ┌───┬────┐",
                "  │ a │ bb │",
                "  ├───┼────┤",
                "  │ 1 │  2 │",
                "  └───┴────┘",
            ]
        );
    }

    #[test]
    fn a_table_too_wide_for_the_pane_becomes_records() {
        let md = "| query | plan |\n|---|---|\n| tags LIKE '%wireless%' | SCAN products |\n| junction | three SEARCH steps |\n";
        let lines = plain(md, 30);
        assert_eq!(
            lines,
            vec![
                "  • query: tags LIKE",
                "    '%wireless%'",
                "    plan: SCAN products",
                "  • query: junction",
                "    plan: three SEARCH steps",
            ]
        );
        assert!(plain(md, 60)[0].starts_with("  ┌"), "it fits: a grid");
    }

    #[test]
    fn headings_and_inline_code() {
        let lines = render("# Joins\n\nUse `JOIN`.", 40, &Theme::new(true));
        assert_eq!(lines[0].to_string(), "Joins");
        let code = lines[2].spans.iter().find(|s| s.content == "JOIN").unwrap();
        assert_eq!(code.style, Theme::new(true).code());
    }
}

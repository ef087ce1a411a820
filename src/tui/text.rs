//! Styled text helpers: display width, word wrapping of styled spans, and
//! SQL syntax colouring shared by the editor, code blocks and solutions.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::sqltext::highlight::classify;

/// Display width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a string to at most `max` cells, ending with `…` when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Wraps styled spans into lines of at most `width` cells, breaking at
/// spaces, and inside words only when a word is wider than a line.
pub fn wrap(spans: &[Span<'_>], width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    // Words carry their style; a word may span several styled pieces.
    let mut word: Vec<(String, Style)> = Vec::new();
    let mut word_width = 0usize;

    fn push_piece(line: &mut Vec<Span<'static>>, text: &str, style: Style) {
        if let Some(last) = line.last_mut()
            && last.style == style
        {
            last.content.to_mut().push_str(text);
            return;
        }
        line.push(Span::styled(text.to_string(), style));
    }

    let flush_word = |lines: &mut Vec<Vec<Span<'static>>>,
                      used: &mut usize,
                      word: &mut Vec<(String, Style)>,
                      word_width: &mut usize| {
        if word.is_empty() {
            return;
        }
        if *used > 0 && *used + *word_width > width {
            // Drop the trailing space of the full line, start a new one.
            if let Some(last) = lines.last_mut().and_then(|l| l.last_mut()) {
                let trimmed = last.content.trim_end().to_string();
                last.content = trimmed.into();
            }
            lines.push(Vec::new());
            *used = 0;
        }
        for (text, style) in word.drain(..) {
            for c in text.chars() {
                let w = c.width().unwrap_or(0);
                if *used + w > width && *used > 0 {
                    lines.push(Vec::new());
                    *used = 0;
                }
                let mut buf = [0u8; 4];
                push_piece(lines.last_mut().unwrap(), c.encode_utf8(&mut buf), style);
                *used += w;
            }
        }
        *word_width = 0;
    };

    for span in spans {
        for c in span.content.chars() {
            if c == '\n' {
                flush_word(&mut lines, &mut used, &mut word, &mut word_width);
                lines.push(Vec::new());
                used = 0;
                continue;
            }
            if c == ' ' {
                flush_word(&mut lines, &mut used, &mut word, &mut word_width);
                if used > 0 && used < width {
                    push_piece(lines.last_mut().unwrap(), " ", span.style);
                    used += 1;
                }
                continue;
            }
            match word.last_mut() {
                Some((text, style)) if *style == span.style => text.push(c),
                _ => word.push((c.to_string(), span.style)),
            }
            word_width += c.width().unwrap_or(0);
        }
    }
    flush_word(&mut lines, &mut used, &mut word, &mut word_width);
    if let Some(last) = lines.last_mut().and_then(|l| l.last_mut()) {
        let trimmed = last.content.trim_end().to_string();
        last.content = trimmed.into();
    }
    lines
}

/// Wraps plain text in one style into lines.
pub fn wrap_plain(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    wrap(&[Span::styled(text.to_string(), style)], width)
        .into_iter()
        .map(Line::from)
        .collect()
}

/// Wraps `body` after a `lead` (a bullet, a key, a mark) with a hanging
/// indent: continuation lines start under the body, not under the lead.
pub fn wrap_after(lead: Vec<Span<'static>>, body: &[Span<'_>], width: usize) -> Vec<Line<'static>> {
    let indent: usize = lead.iter().map(Span::width).sum();
    let mut lead = Some(lead);
    wrap(body, width.saturating_sub(indent).max(10))
        .into_iter()
        .map(|spans| {
            let mut line = lead
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
            line.extend(spans);
            Line::from(line)
        })
        .collect()
}

/// SQL text as coloured lines, one per line of the text.
pub fn sql_lines(sql: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    for (range, class) in classify(sql) {
        let style = theme.sql(class);
        for (i, part) in sql[range].split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                lines
                    .last_mut()
                    .unwrap()
                    .push(Span::styled(part.replace('\t', "    "), style));
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Vec<Span<'_>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_styles() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let spans = [
            Span::raw("an inner "),
            Span::styled("join", bold),
            Span::raw(" keeps matching pairs"),
        ];
        let lines = wrap(&spans, 14);
        assert_eq!(
            texts(&lines),
            vec!["an inner join", "keeps matching", "pairs"]
        );
        assert!(
            lines[0]
                .iter()
                .any(|s| s.content == "join" && s.style == bold)
        );
    }

    #[test]
    fn splits_words_longer_than_a_line() {
        let lines = wrap(&[Span::raw("abcdefghij")], 4);
        assert_eq!(texts(&lines), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn ellipsizes_by_display_width() {
        assert_eq!(ellipsize("Common table expressions", 10), "Common ta…");
        assert_eq!(ellipsize("short", 10), "short");
    }

    #[test]
    fn sql_lines_follow_newlines() {
        let lines = sql_lines("SELECT 1\nFROM t", &Theme::new(false));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].to_string(), "FROM t");
    }
}

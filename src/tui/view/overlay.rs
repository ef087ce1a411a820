//! Things drawn above the screen: the help (generated from the keymap) and
//! yes/no questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::drill::{ItemKind, candidates, mmss, select};
use crate::tui::app::{App, Question, SOLUTION_AFTER_ATTEMPTS};
use crate::tui::drill::DrillForm;
use crate::tui::keys::{Action, Mode, help_sections, key_for, spoken};
use crate::tui::text::wrap_plain;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help overlay's lines.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    for (title, entries) in help_sections() {
        out.push(Line::styled(title.to_string(), theme.heading()));
        let key_w = entries
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for (keys, help) in entries {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_w$}  "), theme.key()),
                Span::raw(help.to_string()),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::styled(
        "Marks: ✓ solved  ◐ attempted  · new.  In results, NULL is SQL's NULL; 'NULL' in quotes is text.",
        theme.muted(),
    ));
    out
}

/// Draws the help overlay.
pub fn help(frame: &mut Frame<'_>, app: &App, scroll: u16) {
    let area = centered(frame.area(), 92, frame.area().height.saturating_sub(2));
    let lines = help_lines(app);
    let max = lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(format!(
            " Keys ({} closes, {} / {} scroll) ",
            key_for(Mode::Help, Action::No).unwrap_or_default(),
            key_for(Mode::Help, Action::Up).unwrap_or_default(),
            key_for(Mode::Help, Action::Down).unwrap_or_default()
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max as u16), 0)),
        area,
    );
}

/// Draws a yes/no question.
pub fn confirm(frame: &mut Frame<'_>, app: &App, question: Question) {
    let text = match question {
        Question::Reset => {
            "Start this exercise again? The editor goes back to the starting SQL (your text is discarded); your attempts and progress are kept."
                .to_string()
        }
        Question::Solution => format!(
            "You have made {SOLUTION_AFTER_ATTEMPTS} or more attempts. Show the reference solution? Trying once more with a hint often teaches more."
        ),
        Question::Skip => {
            "Skip this item? It scores 0 and comes back in your reviews.".to_string()
        }
        Question::EndDrill => {
            "End the drill now? Items not reached score 0; the report follows.".to_string()
        }
    };
    let area = centered(frame.area(), 60, 8);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(" Are you sure? ");
    let lines = vec![
        Line::raw(text),
        Line::default(),
        Line::from(vec![
            Span::styled(spoken(Mode::Confirm, Action::Yes), app.theme.key()),
            Span::raw(" yes    "),
            Span::styled(spoken(Mode::Confirm, Action::No), app.theme.key()),
            Span::raw(" no"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

/// The form's lines: each setting with its value, the cursor on one, and
/// what the drill will hold.
pub fn form_lines(app: &App, form: &DrillForm, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let topic_title = |slug: &str| app.course.topic_title(slug);
    let preview = select(&candidates(&app.course), &form.config(0));
    let budget: std::time::Duration = preview
        .as_ref()
        .map(|s| s.items.iter().map(|i| i.budget()).sum())
        .unwrap_or_default();
    let values = [
        form.level
            .map_or("any level".to_string(), |l| l.as_str().to_string()),
        form.topic
            .as_deref()
            .map_or("any topic".to_string(), topic_title),
        form.count.to_string(),
        match form.minutes {
            Some(m) => format!("{m} minutes"),
            None => format!("auto ({}: each item's own time)", mmss(budget)),
        },
        if form.exam {
            "on: no hints, one answer each, feedback in the report".to_string()
        } else {
            "off: feedback after each answer, hints allowed".to_string()
        },
    ];
    let mut out = vec![Line::default()];
    for (i, (name, value)) in DrillForm::FIELDS.iter().zip(values).enumerate() {
        let chosen = i == form.field;
        let line = Line::from(vec![
            Span::styled(if chosen { " ▸ " } else { "   " }, theme.key()),
            Span::styled(format!("{name:<10} "), theme.strong()),
            Span::raw(if chosen {
                format!("◂ {value} ▸")
            } else {
                value
            }),
        ]);
        out.push(if chosen {
            line.style(theme.selected())
        } else {
            line
        });
    }
    out.push(Line::default());
    match preview {
        Ok(sel) => {
            let count =
                |kinds: &[ItemKind]| sel.items.iter().filter(|i| kinds.contains(&i.kind)).count();
            let text = format!(
                "{} items: {} SQL, {} interview, {} choice or predict.",
                sel.items.len(),
                count(&[ItemKind::Sql]),
                count(&[ItemKind::Interview]),
                count(&[ItemKind::Choice, ItemKind::Predict])
            );
            out.extend(wrap_plain(&format!(" {text}"), theme.muted(), cols));
            for note in sel.notes {
                out.extend(wrap_plain(&format!(" Note: {note}."), theme.warn(), cols));
            }
        }
        Err(e) => out.extend(wrap_plain(&format!(" ✗ {e}"), theme.bad(), cols)),
    }
    out.push(Line::default());
    // The form's keys, from the keymap.
    let key = |action| key_for(Mode::Form, action).unwrap_or_default();
    let keys = [
        (
            format!("{}{}", key(Action::Up), key(Action::Down)),
            "choose",
        ),
        (
            format!("{}{}", key(Action::Left), key(Action::Right)),
            "change",
        ),
        (key(Action::Start), "start"),
        (key(Action::No), "cancel"),
    ];
    let mut spans = vec![Span::raw(" ")];
    for (k, word) in keys {
        spans.push(Span::styled(k, theme.key()));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    out.push(Line::from(spans));
    out
}

/// Draws the form that starts a drill.
pub fn form(frame: &mut Frame<'_>, app: &App, form: &DrillForm) {
    let width = 74.min(frame.area().width.saturating_sub(2));
    let lines = form_lines(app, form, usize::from(width.saturating_sub(2)));
    let area = centered(frame.area(), width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus_border())
        .title(" Start a drill ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

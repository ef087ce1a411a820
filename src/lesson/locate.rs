//! Positions of YAML nodes by path (`exercises[2].wrong_answers[0].sql`), so
//! problems found after parsing still point at a line and column.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// Maps node paths of one YAML file to 1-based (line, column) positions.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    positions: HashMap<String, (usize, usize)>,
    maps: Vec<(String, (usize, usize))>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

impl Locations {
    /// Indexes a YAML text. A text that does not parse yields what was seen
    /// before the error (serde reports the error itself).
    pub fn index(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut maps = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let at = (span.start.line(), span.start.col() + 1);
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = Self::claim(&mut stack, &mut positions, at);
                    if matches!(event, Event::MappingStart(..)) {
                        maps.push((path.clone(), at));
                    }
                    stack.push(match event {
                        Event::MappingStart(..) => Frame::Map { path, key: None },
                        _ => Frame::Seq { path, next: 0 },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    Self::finish_value(&mut stack);
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        let child = join(path, &value);
                        positions.insert(child, at);
                        *key = Some(value.into_owned());
                        continue;
                    }
                    Self::claim(&mut stack, &mut positions, at);
                    Self::finish_value(&mut stack);
                }
                Event::Alias(_) => {
                    Self::claim(&mut stack, &mut positions, at);
                    Self::finish_value(&mut stack);
                }
                _ => {}
            }
        }
        Locations { positions, maps }
    }

    /// Mappings found where text is expected: a list item of `hints`-like
    /// fields, or a text field, that YAML read as `key: value` because the
    /// text contains `: `. Returns the first such position.
    pub fn accidental_mapping(&self) -> Option<(usize, usize)> {
        const TEXT_FIELDS: &[&str] = &[
            "title",
            "prompt",
            "solution",
            "explanation",
            "feedback",
            "question",
            "intro",
            "starter",
            "model_answer",
            "follow_up",
            "follow_up_answer",
            "note",
            "why",
            "text",
            "summary",
            "sql",
        ];
        const TEXT_LISTS: &[&str] = &["hints", "key_points"];
        self.maps
            .iter()
            .filter(|(path, _)| {
                let last = path.rsplit('.').next().unwrap_or(path);
                TEXT_FIELDS.contains(&last)
                    || TEXT_LISTS.iter().any(|l| {
                        last.strip_prefix(l)
                            .is_some_and(|rest| rest.starts_with('['))
                    })
            })
            .map(|(_, at)| *at)
            .min()
    }

    /// The path of the value starting now; records sequence items' positions.
    fn claim(
        stack: &mut [Frame],
        positions: &mut HashMap<String, (usize, usize)>,
        at: (usize, usize),
    ) -> String {
        match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key }) => join(path, key.as_deref().unwrap_or("?")),
            Some(Frame::Seq { path, next }) => {
                let item = format!("{path}[{next}]");
                positions.insert(item.clone(), at);
                item
            }
        }
    }

    /// After a value ends: a map expects its next key, a sequence its next item.
    fn finish_value(stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            None => {}
        }
    }

    /// The position of a path, or of its nearest recorded ancestor, or (1, 1).
    pub fn at(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return *pos;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return (1, 1),
            }
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_text_that_yaml_read_as_a_mapping() {
        let text = "hints:\n  - fine\n  - There is no link: every pair is wanted.\n";
        assert_eq!(Locations::index(text).accidental_mapping(), Some((3, 5)));
        assert_eq!(
            Locations::index("hints:\n  - \"quoted: ok\"\n").accidental_mapping(),
            None
        );
    }

    #[test]
    fn finds_nested_keys_and_items() {
        let text = "id: a\nexercises:\n  - kind: query\n    id: one\n  - kind: query\n    id: two\n    wrong_answers:\n      - sql: x\n        feedback: y\n";
        let loc = Locations::index(text);
        assert_eq!(loc.at("id"), (1, 1));
        assert_eq!(loc.at("exercises[1]"), (5, 5));
        assert_eq!(loc.at("exercises[1].id"), (6, 5));
        assert_eq!(loc.at("exercises[1].wrong_answers[0].feedback"), (9, 9));
        // Unknown leaf falls back to the nearest ancestor.
        assert_eq!(loc.at("exercises[1].hints"), (5, 5));
        assert_eq!(loc.at("nothing"), (1, 1));
    }
}

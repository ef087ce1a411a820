//! The course map's rows: topics, their lessons, and the exercises of the
//! lesson under the cursor (an accordion that follows the selection).

use crate::lesson::{Course, ExerciseRef};

/// A row of the course map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "Continue where you left off".
    Resume,
    /// A topic heading, by index.
    Topic(usize),
    /// A lesson: topic index, lesson index.
    Lesson(usize, usize),
    /// An exercise: topic, lesson, exercise index.
    Exercise(usize, usize, usize),
}

impl Row {
    /// The lesson a row belongs to, if any.
    pub fn lesson(self) -> Option<(usize, usize)> {
        match self {
            Row::Lesson(t, l) | Row::Exercise(t, l, _) => Some((t, l)),
            _ => None,
        }
    }
}

/// The rows shown for a selection: every topic and lesson, and the
/// exercises of the selected lesson.
pub fn rows(course: &Course, selected: Row, resume: bool) -> Vec<Row> {
    let open = selected.lesson();
    let mut out = Vec::new();
    if resume {
        out.push(Row::Resume);
    }
    for (t, topic) in course.topics.iter().enumerate() {
        out.push(Row::Topic(t));
        for (l, lesson) in topic.lessons.iter().enumerate() {
            out.push(Row::Lesson(t, l));
            if open == Some((t, l)) {
                out.extend((0..lesson.lesson.exercises.len()).map(|e| Row::Exercise(t, l, e)));
            }
        }
    }
    out
}

/// The row `delta` steps from `selected` (clamped at the ends).
pub fn step(course: &Course, selected: Row, resume: bool, delta: isize) -> Row {
    let mut current = selected;
    let (n, dir) = (delta.unsigned_abs(), delta.signum());
    for _ in 0..n {
        let list = rows(course, current, resume);
        let i = list.iter().position(|r| *r == current).unwrap_or(0);
        let j = (i as isize + dir).clamp(0, list.len() as isize - 1) as usize;
        // Moving down onto a lesson whose exercises would open under the
        // cursor: the list is recomputed on the next step.
        current = list[j];
    }
    current
}

/// The first row, or the last.
pub fn end(course: &Course, resume: bool, last: bool) -> Row {
    if last {
        // Step far enough down to reach the last row, whatever opens.
        let total: usize = course
            .topics
            .iter()
            .map(|t| {
                1 + t
                    .lessons
                    .iter()
                    .map(|l| 1 + l.lesson.exercises.len())
                    .sum::<usize>()
            })
            .sum();
        step(course, first(course, resume), resume, total as isize + 1)
    } else {
        first(course, resume)
    }
}

/// Where the cursor starts: the resume row when there is one, else the
/// first lesson.
pub fn first(course: &Course, resume: bool) -> Row {
    if resume {
        return Row::Resume;
    }
    course
        .topics
        .iter()
        .enumerate()
        .find(|(_, t)| !t.lessons.is_empty())
        .map(|(t, _)| Row::Lesson(t, 0))
        .unwrap_or(Row::Topic(0))
}

/// The exercise a row opens: an exercise row itself, a lesson's first
/// exercise not yet solved (else its first), a topic's first lesson's.
pub fn target<'c>(
    course: &'c Course,
    row: Row,
    solved: impl Fn(&str) -> bool,
) -> Option<ExerciseRef<'c>> {
    let lesson_ref = |t: usize, l: usize, e: usize| {
        let lesson = course.topics.get(t)?.lessons.get(l)?;
        let exercise = lesson.lesson.exercises.get(e)?;
        Some(ExerciseRef {
            lesson,
            index: e,
            exercise,
        })
    };
    match row {
        Row::Resume => None,
        Row::Exercise(t, l, e) => lesson_ref(t, l, e),
        Row::Lesson(t, l) => {
            let lesson = course.topics.get(t)?.lessons.get(l)?;
            let e = (0..lesson.lesson.exercises.len())
                .find(|&e| {
                    let key = format!("{}/{}", lesson.lesson.id, lesson.lesson.exercises[e].id());
                    !solved(&key)
                })
                .unwrap_or(0);
            lesson_ref(t, l, e)
        }
        Row::Topic(t) => {
            if course.topics.get(t)?.lessons.is_empty() {
                None
            } else {
                lesson_ref(t, 0, 0)
            }
        }
    }
}

/// The map row of an exercise key.
pub fn row_of(course: &Course, key: &str) -> Option<Row> {
    for (t, topic) in course.topics.iter().enumerate() {
        for (l, lesson) in topic.lessons.iter().enumerate() {
            for (e, ex) in lesson.lesson.exercises.iter().enumerate() {
                if format!("{}/{}", lesson.lesson.id, ex.id()) == key {
                    return Some(Row::Exercise(t, l, e));
                }
            }
        }
    }
    None
}

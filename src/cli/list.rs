//! `sqldojo list`: lessons and exercises, as text or JSON.

use serde::Serialize;

use super::args::Format;
use super::context::Context;
use super::exit::Exit;
use crate::lesson::Course;

#[derive(Serialize)]
struct LessonEntry<'a> {
    id: &'a str,
    title: &'a str,
    topic: &'a str,
    difficulty: &'a str,
    dataset: &'a str,
    exercises: Vec<ExerciseEntry<'a>>,
}

#[derive(Serialize)]
struct ExerciseEntry<'a> {
    id: &'a str,
    key: String,
    kind: &'a str,
    /// Passed or failed by writing SQL (query, plan, schema, isolation
    /// except free play); quizzes, interviews and free play are not.
    graded: bool,
    title: &'a str,
    difficulty: &'a str,
    hints: usize,
    wrong_answers: usize,
}

/// Runs `sqldojo list`.
pub fn run(ctx: &Context, format: Format) -> Exit {
    let course = match ctx.course() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&entries(&course)).expect("serializes")
        ),
        Format::Text => print!("{}", text(&course)),
    }
    Exit::Ok
}

fn entries(course: &Course) -> Vec<LessonEntry<'_>> {
    course
        .lessons()
        .map(|file| {
            let l = &file.lesson;
            LessonEntry {
                id: &l.id,
                title: &l.title,
                topic: &l.topic,
                difficulty: l.difficulty.as_str(),
                dataset: &l.dataset,
                exercises: l
                    .exercises
                    .iter()
                    .map(|e| ExerciseEntry {
                        id: e.id(),
                        key: format!("{}/{}", l.id, e.id()),
                        kind: e.kind(),
                        graded: e.is_graded(),
                        title: e.title(),
                        difficulty: e.difficulty_override().unwrap_or(l.difficulty).as_str(),
                        hints: e.hints().len(),
                        wrong_answers: e.wrong_answers().len(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn text(course: &Course) -> String {
    let mut out = format!("{}\n", course.manifest.title);
    for topic in &course.topics {
        if topic.lessons.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} ({})\n", topic.entry.title, topic.entry.slug));
        for file in &topic.lessons {
            let l = &file.lesson;
            out.push_str(&format!(
                "  {:<32} {} [{}]\n",
                l.id,
                l.title,
                l.difficulty.as_str()
            ));
            for e in &l.exercises {
                out.push_str(&format!(
                    "    {:<30} {:<9} {}\n",
                    e.id(),
                    e.kind(),
                    e.title()
                ));
            }
        }
    }
    let total: usize = course.lessons().map(|l| l.lesson.exercises.len()).sum();
    out.push_str(&format!(
        "\n{} lessons, {total} exercises\n",
        course.lessons().count()
    ));
    out
}

//! Questions at the prompt: `.answer` for choice, predict and interview
//! questions, in the formats `sqldojo grade` reads; showing a question when
//! it opens; an interview question's model answer.

use super::Done;
use super::tutor::{current, grade_and_record};
use crate::cli::drill as cli_drill;
use crate::drill;
use crate::lesson::kinds::{InterviewQuestion, PredictAnswer};
use crate::lesson::{Exercise, ExerciseRef};
use crate::render::{self, Style};
use crate::repl::drill::rows_on_lines;
use crate::repl::session::{Activity, Session};
use crate::repl::show;

/// True for the kinds `.answer` takes.
pub fn is_question(kind: &str) -> bool {
    matches!(kind, "choice" | "predict" | "interview")
}

/// The question and how to answer it at the prompt, for when it opens.
pub fn question_text(grader: &crate::grade::Grader, ex: ExerciseRef<'_>) -> String {
    let mut out = cli_drill::question(grader, ex);
    out.push_str(&match ex.exercise {
        Exercise::Choice(q) if q.multiple => {
            "Answer with the letters of every right option: `.answer a,c`".to_string()
        }
        Exercise::Choice(_) => "Answer with one letter: `.answer b`".to_string(),
        Exercise::Predict(q) if matches!(q.answer, PredictAnswer::Rows(_) | PredictAnswer::Error(_)) => {
            "Answer on one line, rows separated by `;`: `.answer Alice|100; Bob|50` (`.answer none` for no rows, `.answer error` if it fails)".to_string()
        }
        Exercise::Predict(_) => "Answer with `.answer` and your answer, e.g. `.answer 3`".to_string(),
        Exercise::Interview(_) => "Answer aloud (or on paper) as in an interview; then `.solution` shows the model answer and its key points,\n\
             and `.answer RATING POINTS` rates how you did, e.g. `.answer good 1,3` (again, hard, good, easy; points: numbers, `all`, `none`)".to_string(),
        _ => String::new(),
    });
    out
}

/// An interview question's model answer, key points, follow-up and its answer.
pub fn model_answer_text(q: &InterviewQuestion, style: Style) -> String {
    let mut out = cli_drill::model_answer(q, style);
    out.push_str(&format!(
        "{} {}\n",
        style.paint("1", "Follow-up:"),
        q.follow_up.trim()
    ));
    if !q.follow_up_answer.trim().is_empty() {
        out.push_str(q.follow_up_answer.trim());
        out.push('\n');
    }
    out
}

/// `.answer TEXT`: answers the open question (or the drill's item, or the
/// prediction a lab asks for).
pub fn answer(s: &mut Session, arg: &str) -> Done {
    match &s.activity {
        Activity::Drill(_) => return super::drill::input(s, arg),
        Activity::Lab(lab) if lab.asking => return super::lab::predicted(s, arg),
        _ => {}
    }
    let Some(info) = current(s) else {
        return Done::Failed;
    };
    if !is_question(info.kind) {
        s.out.warn(if info.kind == "isolation" {
            "In a lab, `.step` asks for each prediction when its step comes (or give it: `.step 11`)."
                .to_string()
        } else {
            format!(
                "`.answer` is for questions; this {} exercise is answered with SQL: run it, then `.submit`.",
                info.kind
            )
        });
        return Done::Failed;
    }
    let text = arg.trim();
    if text.is_empty() {
        s.out.warn(
            "Usage: .answer TEXT (`.exercise` shows the question and the form of its answer).",
        );
        return Done::Failed;
    }
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        return Done::Failed;
    };
    let Some(ex) = tutor.course.find(&info.key) else {
        return Done::Failed;
    };
    let answer = match ex.exercise {
        Exercise::Predict(q)
            if matches!(q.answer, PredictAnswer::Rows(_) | PredictAnswer::Error(_)) =>
        {
            rows_on_lines(text)
        }
        _ => text.to_string(),
    };
    if let Err(message) = drill::validate(ex, &answer) {
        s.out
            .warn(format!("That answer cannot be read: {message}."));
        return Done::Failed;
    }
    let Some(verdict) = grade_and_record(s, &info.key, &answer) else {
        return Done::Failed;
    };
    let mut out = render::verdict(&verdict, s.style);
    let explanation = info.explanation.trim();
    if verdict.passed && info.kind != "interview" && !explanation.is_empty() {
        out.push('\n');
        out.push_str(&show::markdown(explanation, s.style));
    }
    out.push_str(if verdict.passed {
        "`.next` opens the next exercise.\n"
    } else if info.kind == "interview" {
        "`.review` brings it back when it is due; `.next` moves on.\n"
    } else {
        "`.answer` again to try once more, or `.next` to move on.\n"
    });
    s.out.say(out);
    if verdict.passed {
        Done::Ok
    } else {
        Done::Failed
    }
}

//! The isolation lab's commands: `.lab` (free play), `.session`, `.step`,
//! `.sessions`, `.timeline`; SQL typed into the active session; the
//! prediction asked before a step; opening an isolation exercise's lab.

use super::Done;
use super::tutor::grade_and_record;
use crate::engine::sessions::{Executed, LabMode, SessionId, StepOutcome, split_statements};
use crate::engine::{ResultSet, RunError};
use crate::grade::isolation::judge_prediction;
use crate::grade::isolation::prediction::{self, Prediction};
use crate::render;
use crate::repl::interrupt::SlowNotice;
use crate::repl::lab::{LabRun, Task, entry_line, one_line, parse_lab_args, ran};
use crate::repl::session::{Activity, SLOW_AFTER, Session};
use crate::repl::show::{self, Source};

/// Dataset of `.lab` when none is given and none is open.
const DEFAULT_LAB_DATASET: &str = "bank";

/// How to write a prediction, briefly.
const PREDICTION_FORMS: &str = "rows as `10` or `1, 10; 2, 20`, `no rows`, `ok` or `ok, 1 row changed`, or the error: `busy`, `busy_snapshot`, `locked_sharedcache`, `constraint_check`, `error`";

const NO_LAB: &str = "No lab is open. `.lab` opens sessions A, B and C on a dataset; the isolation lessons have labs with a schedule (`.lesson isolation-lost-update`).";

/// Takes the lab out of the session, so that the session can be used
/// while the lab changes; [`put`] gives it back.
fn take(s: &mut Session) -> Option<Box<LabRun>> {
    match std::mem::replace(&mut s.activity, Activity::None) {
        Activity::Lab(lab) => Some(lab),
        other => {
            s.activity = other;
            None
        }
    }
}

fn put(s: &mut Session, lab: Box<LabRun>) {
    s.activity = Activity::Lab(lab);
}

/// Runs `f` with the open lab, or says there is none.
fn with_lab(s: &mut Session, f: impl FnOnce(&mut Session, &mut LabRun) -> Done) -> Done {
    let Some(mut lab) = take(s) else {
        s.out.warn(NO_LAB);
        return Done::Failed;
    };
    let done = f(s, &mut lab);
    put(s, lab);
    done
}

/// `.lab [DATASET] [wal|rollback|shared_cache]`: sessions A, B and C on a
/// fresh copy of a dataset, no schedule.
pub fn lab(s: &mut Session, arg: &str) -> Done {
    let (dataset, mode) = match parse_lab_args(arg) {
        Ok(parsed) => parsed,
        Err(message) => {
            s.out
                .warn(format!("Usage: .lab [DATASET] [MODE]: {message}"));
            return Done::Failed;
        }
    };
    let dataset = dataset
        .or_else(|| s.dataset().map(str::to_string))
        .unwrap_or_else(|| DEFAULT_LAB_DATASET.to_string());
    let run = match s
        .pristine(&dataset)
        .and_then(|p| LabRun::free(&p, &dataset, mode))
    {
        Ok(run) => run,
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    };
    if s.dataset() != Some(dataset.as_str()) {
        // Completion and `.schema` read this copy; the lab has its own.
        let _ = s.switch_dataset(&dataset);
    }
    s.exercise = None;
    s.activity = Activity::Lab(Box::new(run));
    s.out.say(format!(
        "Lab: sessions A, B and C on one database file, a private copy of `{dataset}`.\n\
         {}\n\
         A statement that would wait for a lock fails at once with SQLite's error code.\n\
         SQL you type runs in the session the prompt shows; `.session B` switches.\n\
         A session remembers the first row it last read: `:n` in a later statement is its column `n`.\n\
         `.sessions` shows each session's transaction, `.timeline` what ran, `.stop` closes the lab.",
        mode_sentence(mode, &[SessionId::B])
    ));
    Done::Ok
}

/// What a lab's mode means, in one sentence.
fn mode_sentence(mode: LabMode, read_uncommitted: &[SessionId]) -> String {
    match mode {
        LabMode::Wal => "WAL mode: a reader keeps a snapshot from its first read until its transaction ends.".into(),
        LabMode::Rollback => {
            "Rollback journal: a reader's lock keeps a writer from committing, and a committing writer keeps readers out.".into()
        }
        LabMode::SharedCache => {
            let who: Vec<&str> = read_uncommitted.iter().map(|id| id.name()).collect();
            let dirty = match who.as_slice() {
                [] => String::new(),
                [one] => format!("; {one} reads uncommitted rows"),
                more => format!("; {} read uncommitted rows", more.join(" and ")),
            };
            format!("Shared cache: the sessions share one page cache and lock whole tables{dirty}.")
        }
    }
}

/// Opens the lab of an isolation exercise (called when the exercise
/// opens) and says how to work it.
pub fn open_for_exercise(s: &mut Session, key: &str) -> Done {
    let Some(tutor) = s.tutor.get(&mut s.out) else {
        return Done::Failed;
    };
    let Some(ex) = tutor.course.find(key) else {
        return Done::Failed;
    };
    let run = match LabRun::for_exercise(&tutor.grader, ex) {
        Ok(run) => run,
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            return Done::Failed;
        }
    };
    let dataset = run.dataset.clone();
    if s.dataset() != Some(dataset.as_str()) {
        // Completion and `.schema` read this copy; the lab has its own.
        let _ = s.switch_dataset(&dataset);
    }
    let names: Vec<&str> = run.lab.sessions().iter().map(|v| v.id.name()).collect();
    let names = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let dirty: Vec<SessionId> = run
        .lab
        .sessions()
        .iter()
        .filter(|v| v.read_uncommitted)
        .map(|v| v.id)
        .collect();
    let mut text = format!(
        "Lab: sessions {names} on one database file, a copy of `{dataset}`.\n{}\n",
        mode_sentence(run.lab.mode(), &dirty)
    );
    match &run.task {
        Task::Predict(_) => {
            text.push_str("Schedule:\n");
            text.push_str(&run.schedule_text());
            text.push_str(
                "`.step` runs the next step, and asks for your prediction first where marked.\n\
                 `.timeline` shows what ran, `.sessions` each session's transaction.\n",
            );
        }
        Task::Fix(fix) => {
            text.push_str(&format!(
                "Session {0} is yours: `.step` runs the other sessions' steps, and when {0}'s turn comes you type its statements at the prompt.\n\
                 Schedule, with {0}'s turns:\n",
                fix.session
            ));
            text.push_str(&run.schedule_text());
            if let Some(tutor) = s.tutor.ready()
                && let Some(crate::lesson::Exercise::Isolation(x)) =
                    tutor.course.find(key).map(|e| e.exercise)
                && let Some(starter) = x.starter_text()
            {
                text.push_str(&format!("{}'s code now, turn by turn:\n", fix.session));
                for line in starter.lines() {
                    text.push_str(&format!("    {line}\n"));
                }
            }
            text.push_str(&format!(
                "When the schedule is done, `.submit` grades what you ran in {0}, on the lesson's data and its variants\n\
                 (`.submit FILE` grades a file of {0}'s statements under `-- turn N` lines instead).\n",
                fix.session
            ));
        }
        Task::FreePlay { .. } | Task::Free => {
            text.push_str(
                "No schedule: type SQL in the sessions (`.session B` switches). `.sessions` shows each transaction,\n\
                 `.timeline` what ran, and `.submit` runs your statements again as a transcript.\n",
            );
        }
    }
    text.push_str(&format!(
        "A session remembers the first row it last read: `:n` in a later statement is its column `n`.\nYou are in session {}.",
        run.active
    ));
    s.activity = Activity::Lab(Box::new(run));
    if let Some(lab) = take(s) {
        let opening = turn_notice(&lab);
        put(s, lab);
        if let Some(n) = opening {
            text.push('\n');
            text.push_str(&n);
        }
    }
    s.out.say(text);
    Done::Ok
}

/// `.exercise` while the exercise's lab is open: the task, the schedule
/// and where the lab stands, without starting it again.
pub fn show_task(s: &mut Session, key: &str) -> Done {
    let style = s.style;
    let Some(info) = s.tutor.ready().and_then(|t| t.info(key)) else {
        return Done::Failed;
    };
    with_lab(s, |s, lab| {
        let mut text = style.paint(
            "1",
            &format!(
                "Exercise {} of {}: {} ({})",
                info.number, info.of, info.title, info.key
            ),
        );
        text.push('\n');
        text.push_str(&show::markdown(&info.prompt, style));
        let schedule = lab.schedule_text();
        if !schedule.is_empty() {
            text.push_str("Schedule:\n");
            text.push_str(&schedule);
        }
        let next = match (&lab.task, lab.lab.next_step()) {
            (Task::Predict(p), Some((at, _))) => format!("Next: step {} (`.step`).", p.numbers[at]),
            (_, Some((at, _))) => format!("Next: step {} (`.step`).", at + 1),
            (_, None) if lab.scripted() => "The schedule is done.".to_string(),
            (_, None) => "No schedule: type SQL in the sessions.".to_string(),
        };
        text.push_str(&format!(
            "{next} `.timeline` shows what ran; `.reset` starts the lab again."
        ));
        if let Some(n) = turn_notice(lab) {
            text.push('\n');
            text.push_str(&n);
        }
        s.out.say(text);
        Done::Ok
    })
}

/// `.session [A|B|C]`: switches the session SQL runs in, or lists them.
pub fn session(s: &mut Session, arg: &str) -> Done {
    with_lab(s, |s, lab| {
        if arg.is_empty() {
            s.out.say(lab.sessions_text());
            return Done::Ok;
        }
        let names: Vec<&str> = lab.lab.sessions().iter().map(|v| v.id.name()).collect();
        let Some(id) = SessionId::parse(arg).filter(|id| lab.lab.session(*id).is_some()) else {
            s.out.warn(format!(
                "Usage: .session {}: this lab's sessions are {}",
                names.join("|"),
                names.join(", ")
            ));
            return Done::Failed;
        };
        lab.active = id;
        let state = lab
            .lab
            .session(id)
            .map(|v| v.state.describe())
            .unwrap_or("autocommit");
        s.out.say(format!("Session {id} ({state})."));
        Done::Ok
    })
}

/// `.sessions`: each session's transaction and remembered values.
pub fn sessions(s: &mut Session, _arg: &str) -> Done {
    with_lab(s, |s, lab| {
        s.out.say(lab.sessions_text());
        Done::Ok
    })
}

/// `.timeline`: everything that ran, in order.
pub fn timeline(s: &mut Session, _arg: &str) -> Done {
    with_lab(s, |s, lab| {
        s.out.say(lab.timeline_text(s.style.unicode));
        Done::Ok
    })
}

/// `.step [PREDICTION]`: runs the schedule's next step; before a step the
/// lesson asks about, takes the prediction (from the argument, or asks).
pub fn step(s: &mut Session, arg: &str) -> Done {
    with_lab(s, |s, lab| step_in(s, lab, arg))
}

fn step_in(s: &mut Session, lab: &mut LabRun, arg: &str) -> Done {
    if !lab.scripted() {
        s.out.warn(
            "This lab has no schedule: type SQL in the sessions (`.session B` switches, `.timeline` shows what ran).",
        );
        return Done::Failed;
    }
    if lab.lab.finished() {
        if let Some(notice) = turn_notice(lab) {
            s.out.say(notice);
            return Done::Ok;
        }
        if matches!(&lab.task, Task::Predict(p) if p.graded) {
            s.out.say(
                "The schedule is done: `.timeline` shows what ran, `.reset` runs the lab again.",
            );
            return Done::Ok;
        }
        return finished(s, lab);
    }
    if let Task::Predict(p) = &lab.task {
        let at = lab.position();
        if p.steps[at].ask && !p.said.contains_key(&at) {
            if !arg.is_empty() {
                return predict_and_run(s, lab, arg);
            }
            lab.asking = true;
            let (id, sql) = lab
                .lab
                .next_step()
                .map(|(_, st)| (st.session, st.sql.clone()))
                .unwrap_or((SessionId::A, String::new()));
            s.out.say(format!(
                "Step {} of {}, session {id}:\n    {}\nWhat does it do? Write {PREDICTION_FORMS}.",
                p.numbers[at],
                p.of,
                one_line(&sql)
            ));
            return Done::Ok;
        }
    }
    if let (Task::Fix(fix), Some(t)) = (&lab.task, lab.open_turn()) {
        let n = split_statements(&fix.turns[t]).len();
        s.out.say(format!(
            "({}'s turn {} ends: {n} statement{} of yours.)",
            fix.session,
            t + 1,
            if n == 1 { "" } else { "s" }
        ));
    }
    run_step(s, lab, None)
}

/// A prediction typed while the prompt asks for one.
pub fn predicted(s: &mut Session, text: &str) -> Done {
    with_lab(s, |s, lab| predict_and_run(s, lab, text.trim()))
}

fn predict_and_run(s: &mut Session, lab: &mut LabRun, said: &str) -> Done {
    let said = prediction::bare(said);
    let prediction = match Prediction::parse(said) {
        Ok(p) => p,
        Err(e) => {
            s.out.warn(format!(
                "That prediction cannot be read: {e}. Write {PREDICTION_FORMS}."
            ));
            return Done::Failed;
        }
    };
    lab.asking = false;
    let at = lab.position();
    if let Task::Predict(p) = &mut lab.task {
        p.said.insert(at, said.to_string());
    }
    run_step(s, lab, Some((said.to_string(), prediction)))
}

/// Runs the next scheduled step and shows it: the statement, what it
/// bound, its outcome and the session's transaction; the prediction judged;
/// the lesson's note; then what comes next.
fn run_step(s: &mut Session, lab: &mut LabRun, said: Option<(String, Prediction)>) -> Done {
    s.interrupt.clear();
    if let Some(handle) = lab
        .lab
        .next_step()
        .and_then(|(_, st)| lab.lab.cancel_handle(st.session))
    {
        s.interrupt.watch(handle);
    }
    let notice = s
        .interactive
        .then(|| SlowNotice::arm(SLOW_AFTER, "(still running: Ctrl-C stops it)"));
    let executed = lab.lab.run_next().cloned();
    drop(notice);
    s.watch_sandbox();
    let Some(e) = executed else {
        return Done::Ok;
    };
    let at = e.step.unwrap_or(0);
    let mut done = Done::Ok;
    let mut text = match &lab.task {
        Task::Predict(p) => format!("{}. {}", p.numbers[at], entry_line(&e, s.style.unicode)),
        _ => format!("{}. {}", at + 1, entry_line(&e, s.style.unicode)),
    };
    if let Task::Predict(p) = &lab.task {
        if let Some((said, prediction)) = &said {
            let (right, mut remark) = judge_prediction(prediction, &p.steps[at], &e.outcome);
            if let (false, Prediction::Error { .. }, StepOutcome::Failed { name, .. }) =
                (right, prediction, &e.outcome)
            {
                remark.get_or_insert(format!("It does fail, but with {name}."));
            }
            let mark = if right { "right" } else { "wrong" };
            text.push_str(&format!("\n   you said: {said} ({mark})"));
            if let Some(r) = remark {
                text.push_str(&format!("\n   {r}"));
            }
            if !right {
                done = Done::Failed;
            }
        }
        let note = p.steps[at].note.trim();
        if !note.is_empty() {
            for line in show::markdown(note, s.style).lines() {
                text.push_str(&format!("\n   {line}"));
            }
        }
    }
    s.out.say(text);
    if let Some(n) = turn_notice(lab)
        && let Task::Fix(fix) = &lab.task
    {
        let session = fix.session;
        s.out.say(n);
        lab.active = session;
    }
    if lab.lab.finished() && finished(s, lab) == Done::Failed {
        done = Done::Failed;
    }
    done
}

/// When the learner's session has a turn now, what to do.
fn turn_notice(lab: &LabRun) -> Option<String> {
    let (Task::Fix(fix), Some(t)) = (&lab.task, lab.open_turn()) else {
        return None;
    };
    let then = if lab.lab.finished() {
        "then `.submit` grades your turns".to_string()
    } else {
        "then `.step` goes on".to_string()
    };
    Some(format!(
        "{0}'s turn {1} of {2}: type {0}'s statements at the prompt (or none), {then}.",
        fix.session,
        t + 1,
        fix.turns.len()
    ))
}

/// At the end of the schedule: a predict lab grades the predictions and
/// records the attempt; a fix lab says how to submit.
fn finished(s: &mut Session, lab: &mut LabRun) -> Done {
    let turn_open = lab.open_turn().is_some();
    match &mut lab.task {
        Task::Predict(p) if !p.graded => {
            let asked = p.steps.iter().filter(|st| st.ask).count();
            if p.said.len() < asked {
                return Done::Ok;
            }
            p.graded = true;
            let key = p.key.clone();
            let Some(answer) = lab.answer() else {
                return Done::Ok;
            };
            let Some(verdict) = grade_and_record(s, &key, &answer) else {
                return Done::Failed;
            };
            let mut short = verdict.clone();
            short.messages.truncate(1);
            if let Some(k) = &verdict.known_mistake {
                short.push(k.clone());
            }
            let mut text = format!("\n{}", render::verdict(&short, s.style));
            if lab.off_script {
                text.push_str(
                    "(Graded on the lesson's schedule, without the statements you typed.)\n",
                );
            }
            let explanation = s
                .tutor
                .ready()
                .and_then(|t| t.info(&key))
                .map(|i| i.explanation)
                .unwrap_or_default();
            if verdict.passed {
                if !explanation.trim().is_empty() {
                    text.push('\n');
                    text.push_str(&show::markdown(explanation.trim(), s.style));
                }
                text.push_str("`.next` opens the next exercise.\n");
            } else {
                text.push_str("`.reset` runs the lab again; `.hint` may help.\n");
            }
            s.out.say(text);
            if verdict.passed {
                Done::Ok
            } else {
                Done::Failed
            }
        }
        Task::Fix(fix) if !turn_open => {
            s.out.say(format!(
                "The schedule is done. `.submit` grades what you ran in {}; `.reset` starts the lab again.",
                fix.session
            ));
            Done::Ok
        }
        _ => Done::Ok,
    }
}

/// SQL typed at the prompt: runs in the active session, statement by
/// statement, stopping at the first that fails.
pub fn typed(s: &mut Session, text: &str) -> Done {
    with_lab(s, |s, lab| typed_in(s, lab, text))
}

fn typed_in(s: &mut Session, lab: &mut LabRun, text: &str) -> Done {
    let mut turn = None;
    if let Task::Fix(fix) = &lab.task {
        let mine = fix.session;
        if lab.active != mine {
            s.out.warn(format!(
                "In this exercise session {} runs the lesson's steps (`.step`); you write session {mine}: `.session {mine}`.",
                lab.active
            ));
            return Done::Failed;
        }
        turn = lab.open_turn();
        if turn.is_none() {
            let next = fix.turn_at.iter().position(|&p| p > lab.position());
            s.out.warn(match next {
                Some(t) => format!(
                    "It is not {mine}'s turn yet: `.step` runs the other sessions' steps up to turn {}.",
                    t + 1
                ),
                None => format!(
                    "{mine} has had all its turns: `.submit` grades them, `.reset` starts again."
                ),
            });
            return Done::Failed;
        }
    }
    if matches!(lab.task, Task::Predict(_)) && !lab.lab.finished() && !lab.off_script {
        lab.off_script = true;
        s.out.warn(
            "Note: what you type changes the lab, so the next steps may not do what the lesson says; `.reset` starts it again.",
        );
    }
    s.interrupt.clear();
    if let Some(handle) = lab.lab.cancel_handle(lab.active) {
        s.interrupt.watch(handle);
    }
    let mut done = Done::Ok;
    let mut kept = 0;
    for range in split_statements(text) {
        let notice = s
            .interactive
            .then(|| SlowNotice::arm(SLOW_AFTER, "(still running: Ctrl-C stops it)"));
        let result = lab
            .lab
            .execute(lab.active, &text[range.clone()])
            .map(<[Executed]>::to_vec);
        drop(notice);
        let entries = match result {
            Ok(entries) => entries,
            Err(e) => {
                s.out.warn(format!("Error: {e}"));
                done = Done::Failed;
                break;
            }
        };
        for e in &entries {
            show_typed(s, e, text, range.start);
            if let Some(held) = e.lock_advice().map(|a| format!("({a})")) {
                s.out.warn(held);
            }
            if let (Some(t), Task::Fix(fix)) = (turn, &mut lab.task)
                && ran(&e.outcome)
            {
                fix.turns[t].push_str(&format!("{};\n", e.sql));
                kept += 1;
            }
        }
        let failed = entries.iter().any(|e| {
            matches!(
                e.outcome,
                StepOutcome::Failed { .. } | StepOutcome::Rejected { .. }
            )
        });
        if failed || s.interrupt.pressed() {
            done = Done::Failed;
            break;
        }
    }
    s.watch_sandbox();
    if let (Some(t), Task::Fix(fix)) = (turn, &lab.task)
        && kept > 0
    {
        let n = split_statements(&fix.turns[t]).len();
        s.out.say(format!(
            "(kept in {}'s turn {}: {n} statement{} so far)",
            fix.session,
            t + 1,
            if n == 1 { "" } else { "s" }
        ));
    }
    done
}

/// One typed statement's outcome: rows as a table, a count, or the error.
fn show_typed(s: &mut Session, e: &Executed, text: &str, at: usize) {
    if !e.bound.is_empty() {
        let pairs: Vec<String> = e
            .bound
            .iter()
            .map(|(k, v)| {
                format!(
                    ":{k} = {}",
                    crate::engine::sessions::rows_text(&[vec![v.clone()]])
                )
            })
            .collect();
        s.out.say(format!("[{}]", pairs.join(", ")));
    }
    match &e.outcome {
        StepOutcome::Rows {
            columns,
            rows,
            total_rows,
        } => {
            let mut rs = ResultSet::from_rows(columns.clone(), rows.clone());
            rs.total_rows = *total_rows;
            let (table, notice) = show::rows(&rs, s.settings.mode, s.settings.headers, s.style);
            s.out.say(table);
            if let Some(n) = notice {
                s.out.warn(n);
            }
        }
        StepOutcome::Done { .. } => s.out.say(e.outcome.summary()),
        StepOutcome::Failed { name, message, .. } => {
            let label = s.style.paint("1;31", "Error");
            s.out.warn(format!("{label}: {name}: {message}"));
        }
        StepOutcome::Rejected { error, .. } => {
            let src = Source {
                text,
                at,
                first_line: s.line,
            };
            let mut message = show::error(error, src, s.style);
            if s.interactive && *error == RunError::Cancelled {
                message.insert(0, '\n');
            }
            s.out.warn(message);
        }
    }
}

/// `.reset` in a lab: the same lab from the start.
pub fn reset(s: &mut Session) -> Done {
    let Some(old) = take(s) else {
        return Done::Failed;
    };
    if let Some(key) = old.key().map(str::to_string) {
        drop(old);
        return open_for_exercise(s, &key);
    }
    let (dataset, mode) = (old.dataset.clone(), old.lab.mode());
    drop(old);
    match s
        .pristine(&dataset)
        .and_then(|p| LabRun::free(&p, &dataset, mode))
    {
        Ok(run) => {
            s.activity = Activity::Lab(Box::new(run));
            s.out
                .say(format!("A fresh lab on `{dataset}`; you are in session A."));
            Done::Ok
        }
        Err(e) => {
            s.out.warn(format!("Error: {e}"));
            Done::Failed
        }
    }
}

/// What `.submit` grades in the open lab of exercise `key`, if any.
pub fn answer_for(s: &Session, key: &str) -> Option<String> {
    match &s.activity {
        Activity::Lab(lab) if lab.key() == Some(key) => lab.answer(),
        _ => None,
    }
}

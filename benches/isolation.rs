//! Isolation lab latency: opening a lab (temp file, dataset copy, journal
//! mode, sessions), stepping a schedule, and grading a predict and a fix
//! exercise the way `sqldojo grade` does. Run with
//! `cargo bench --bench isolation`.

use std::time::{Duration, Instant};

use sqldojo::grade::Grader;
use sqldojo::grade::isolation::open_lab;
use sqldojo::lesson::{Course, CourseSource, Exercise};

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // warm up: datasets build once per process
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    let pick = |q: f64| times[((runs as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<48} median {:>8.2} ms   p90 {:>8.2} ms   ({runs} runs)",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.9).as_secs_f64() * 1e3
    );
}

fn main() {
    let course = Course::load(CourseSource::Bundled)
        .expect("bundled course")
        .course;
    let grader = Grader::new(CourseSource::Bundled);

    for (key, mode) in [
        ("isolation-snapshots/busy-snapshot", "wal"),
        ("isolation-locks/busy-deadlock", "rollback"),
        ("isolation-dirty-reads/table-locks", "shared_cache"),
    ] {
        let ex = course.find(key).expect("exercise");
        measure(&format!("open a lab ({mode})"), 50, || {
            open_lab(&grader, ex).expect("lab");
        });
        measure(&format!("open and run every step ({mode})"), 50, || {
            let mut lab = open_lab(&grader, ex).expect("lab");
            lab.run_all();
        });
        let mut lab = open_lab(&grader, ex).expect("lab");
        let steps = lab.schedule().len();
        let started = Instant::now();
        lab.run_all();
        println!(
            "{:<48} {:>8.1} µs per step ({steps} steps)",
            format!("run next step ({mode})"),
            started.elapsed().as_secs_f64() * 1e6 / steps as f64
        );
    }

    let predict = course.find("isolation-snapshots/busy-snapshot").unwrap();
    measure("grade a predict exercise", 30, || {
        let v = grader.grade(predict, "busy_snapshot\nbusy\nok\n").unwrap();
        assert!(!v.passed);
    });
    let fix = course
        .find("isolation-lost-update/atomic-increment")
        .unwrap();
    let Exercise::Isolation(x) = fix.exercise else {
        unreachable!()
    };
    let solution = x.solution.clone().unwrap();
    measure("grade a fix exercise: right (data + variant)", 30, || {
        assert!(grader.grade(fix, &solution).unwrap().passed);
    });
    let starter = x.starter_text().unwrap();
    measure("grade a fix exercise: wrong (+ known mistakes)", 30, || {
        assert!(!grader.grade(fix, &starter).unwrap().passed);
    });
    let started = Instant::now();
    let report = sqldojo::check::check(
        CourseSource::Bundled,
        None,
        sqldojo::check::CheckOptions { strict: true },
    );
    println!(
        "{:<48} {:>8.0} ms ({} exercises, all kinds)",
        "sqldojo check --strict (whole course)",
        started.elapsed().as_secs_f64() * 1e3,
        report.exercises
    );
}

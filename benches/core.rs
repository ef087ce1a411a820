//! Core benchmarks: dataset build and fresh copy, grading latency with
//! variants, whole-course check. Run with `cargo bench --bench core`.

use std::time::{Duration, Instant};

use sqldojo::check::{CheckOptions, check};
use sqldojo::dataset::{Datasets, names};
use sqldojo::grade::Grader;
use sqldojo::lesson::{Course, CourseSource};

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed())
}

fn per_iter(n: u32, mut f: impl FnMut()) -> Duration {
    f(); // warm up
    let started = Instant::now();
    for _ in 0..n {
        f();
    }
    started.elapsed() / n
}

fn main() {
    println!(
        "{:<10} {:>10} {:>12} {:>14}",
        "dataset", "bytes", "build", "fresh copy"
    );
    let source = CourseSource::Bundled;
    for name in names(&source) {
        let datasets = Datasets::new(source.clone());
        let (pristine, build) = match time(|| datasets.get(&name)) {
            (Ok(pristine), build) => (pristine, build),
            // Built on request only (`sqldojo dataset build catalog --scale full`), and timed by
            // its own bench (catalog_build).
            (Err(sqldojo::dataset::DatasetError::NotBuilt { .. }), _) => {
                println!("{name:<10} (built on request; see `cargo bench --bench catalog_build`)");
                continue;
            }
            (Err(e), _) => panic!("{name}: {e}"),
        };
        let copy = per_iter(2000, || {
            pristine.fresh().expect("copy");
        });
        println!(
            "{name:<10} {:>10} {:>12.2?} {:>14.2?}",
            pristine.size(),
            build,
            copy
        );
    }

    let course = Course::load(source.clone()).expect("course loads").course;
    let key = "joins-outer/order-counts";
    let ex = course.find(key).expect("exercise exists");
    let solution = ex.exercise.solution().unwrap().to_string();
    let grader = Grader::new(source.clone());
    let (first, cold) = time(|| grader.grade(ex, &solution).expect("grades"));
    let right = per_iter(50, || {
        grader.grade(ex, &solution).expect("grades");
    });
    let wrong_sql = &ex.exercise.wrong_answers()[0].sql;
    let wrong = per_iter(50, || {
        grader.grade(ex, wrong_sql).expect("grades");
    });
    println!();
    println!("grading {key} ({} variants)", first.variants_checked);
    println!("  first grade, expectation built: {cold:.2?}");
    println!("  right answer, every variant:     {right:.2?}");
    println!("  wrong answer:                    {wrong:.2?}");

    let (report, whole) = time(|| check(source.clone(), None, CheckOptions { strict: true }));
    println!();
    println!(
        "check of the bundled course: {} lessons, {} exercises in {whole:.2?} ({} errors)",
        report.lessons,
        report.exercises,
        report.errors()
    );
}

//! Loading a course: the manifest, then every lesson file of every topic,
//! collecting located diagnostics instead of stopping at the first problem.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::diagnostic::Diagnostic;
use super::locate::Locations;
use super::model::{Difficulty, Exercise, FORMAT_VERSION, Lesson, Manifest, TopicEntry};
use super::source::{CourseSource, SourceFile};

/// Path of the manifest relative to the course root.
pub const MANIFEST: &str = "lessons/course.yaml";

/// A loaded course.
#[derive(Debug, Clone)]
pub struct Course {
    /// Where it was loaded from.
    pub source: CourseSource,
    /// The manifest.
    pub manifest: Manifest,
    /// Topics in manifest order, each with its lessons in file-name order.
    pub topics: Vec<Topic>,
}

/// A topic and its lessons.
#[derive(Debug, Clone)]
pub struct Topic {
    /// The manifest's entry for it.
    pub entry: TopicEntry,
    /// Its lessons.
    pub lessons: Vec<LessonFile>,
}

/// A parsed lesson and where it came from.
#[derive(Debug, Clone)]
pub struct LessonFile {
    /// File path as authors see it.
    pub path: String,
    /// The lesson.
    pub lesson: Lesson,
    /// The file's text, for locating diagnostics.
    text: String,
    /// Positions of its YAML nodes, indexed on first use (only problems
    /// need them, so loading the course does not pay for it).
    locations: OnceLock<Locations>,
}

impl LessonFile {
    /// A lesson parsed from a file's text.
    pub fn new(path: String, lesson: Lesson, text: String) -> Self {
        LessonFile {
            path,
            lesson,
            text,
            locations: OnceLock::new(),
        }
    }

    /// Positions of the file's YAML nodes, for diagnostics.
    pub fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::index(&self.text))
    }

    /// Position of a YAML path (`exercises[2].hints[0]`) in the file.
    pub fn at(&self, path: &str) -> (usize, usize) {
        self.locations().at(path)
    }
}

/// One exercise located in the course.
#[derive(Debug, Clone, Copy)]
pub struct ExerciseRef<'a> {
    /// The lesson it belongs to.
    pub lesson: &'a LessonFile,
    /// Its position in the lesson.
    pub index: usize,
    /// The exercise.
    pub exercise: &'a Exercise,
}

impl ExerciseRef<'_> {
    /// The exercise's level: its own, or else its lesson's.
    pub fn difficulty(&self) -> Difficulty {
        self.exercise
            .difficulty_override()
            .unwrap_or(self.lesson.lesson.difficulty)
    }

    /// The `LESSON/EXERCISE` key used on the command line and in progress.
    pub fn key(&self) -> String {
        format!("{}/{}", self.lesson.lesson.id, self.exercise.id())
    }

    /// The dataset the exercise runs on.
    pub fn dataset(&self) -> &str {
        self.exercise
            .dataset_override()
            .unwrap_or(&self.lesson.lesson.dataset)
    }

    /// The YAML path of this exercise inside its lesson file.
    pub fn yaml_path(&self) -> String {
        format!("exercises[{}]", self.index)
    }

    /// Position of a field of this exercise, e.g. `wrong_answers[1].sql`.
    pub fn at(&self, field: &str) -> (usize, usize) {
        let path = if field.is_empty() {
            self.yaml_path()
        } else {
            format!("{}.{field}", self.yaml_path())
        };
        self.lesson.locations().at(&path)
    }
}

/// The outcome of loading: the course (with every lesson that parsed) and
/// the problems found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The course.
    pub course: Course,
    /// Problems, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Course {
    /// Loads a course. Fails only when the manifest itself is unusable.
    pub fn load(source: CourseSource) -> Result<Loaded, Vec<Diagnostic>> {
        let manifest_file = source.read(MANIFEST).map_err(|e| {
            vec![
                Diagnostic::error(&source.display_path(MANIFEST), (1, 1), e.message).with_fix(
                    "a course folder holds lessons/course.yaml, lessons/NN-topic/*.yaml and datasets/*.sql; \
                     `sqldojo new lesson NAME` scaffolds one",
                ),
            ]
        })?;
        let manifest: Manifest = parse_yaml(&manifest_file).map_err(|d| vec![d])?;
        if manifest.format_version > FORMAT_VERSION || manifest.format_version == 0 {
            let at = Locations::index(&manifest_file.text).at("format_version");
            return Err(vec![
                Diagnostic::error(
                    &manifest_file.path,
                    at,
                    format!(
                        "this course is written in lesson format {}, but this sqldojo reads format {FORMAT_VERSION}",
                        manifest.format_version
                    ),
                )
                .with_fix("upgrade sqldojo (cargo install --force sqldojo), or ask the pack's author for a version-1 pack"),
            ]);
        }

        let mut diagnostics = Vec::new();
        let mut files = Vec::new();
        for (t, entry) in manifest.topics.iter().enumerate() {
            let dir = format!("lessons/{}", entry.dir);
            match source.list(&dir, &[".yaml", ".yml"]) {
                Ok(found) => files.extend(found.into_iter().map(|rel| (t, rel))),
                Err(e) => {
                    let at = Locations::index(&manifest_file.text).at("topics");
                    diagnostics.push(
                        Diagnostic::error(
                            &manifest_file.path,
                            at,
                            format!("topic `{}`: {}", entry.slug, e),
                        )
                        .with_fix(format!(
                            "create the folder {dir} or fix `dir:` in the manifest"
                        )),
                    );
                }
            }
        }
        let mut topics: Vec<Topic> = manifest
            .topics
            .iter()
            .map(|entry| Topic {
                entry: entry.clone(),
                lessons: Vec::new(),
            })
            .collect();
        for (t, parsed) in parse_lessons(&source, &files) {
            match parsed {
                Ok(lesson) => topics[t].lessons.push(lesson),
                Err(d) => diagnostics.push(d),
            }
        }
        let course = Course {
            source,
            manifest,
            topics,
        };
        diagnostics.extend(course.validate());
        Ok(Loaded {
            course,
            diagnostics,
        })
    }

    /// Structural checks that need no database: ids, topics, datasets named.
    fn validate(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let datasets: HashSet<String> = crate::dataset::names(&self.source).into_iter().collect();
        let mut lesson_ids: HashMap<&str, &str> = HashMap::new();
        for topic in &self.topics {
            for file in &topic.lessons {
                let lesson = &file.lesson;
                let loc = file; // positions are indexed only if a problem needs one
                if let Some(first) = lesson_ids.insert(&lesson.id, &file.path) {
                    out.push(
                        Diagnostic::error(
                            &file.path,
                            loc.at("id"),
                            format!("lesson id `{}` is also used by {first}", lesson.id),
                        )
                        .with_fix("lesson ids must be unique across the course; rename one"),
                    );
                }
                if !is_slug(&lesson.id) {
                    out.push(slug_problem(
                        &file.path,
                        loc.at("id"),
                        "lesson id",
                        &lesson.id,
                    ));
                }
                if lesson.topic != topic.entry.slug {
                    out.push(
                        Diagnostic::error(
                            &file.path,
                            loc.at("topic"),
                            format!(
                                "topic `{}` does not match the folder's topic `{}`",
                                lesson.topic, topic.entry.slug
                            ),
                        )
                        .with_fix(format!(
                            "write `topic: {}` or move the file",
                            topic.entry.slug
                        )),
                    );
                }
                let mut dataset_names = vec![("dataset".to_string(), lesson.dataset.as_str())];
                let mut exercise_ids = HashSet::new();
                if lesson.exercises.is_empty() {
                    out.push(
                        Diagnostic::error(
                            &file.path,
                            loc.at("exercises"),
                            "the lesson has no exercises",
                        )
                        .with_fix("add at least one exercise under `exercises:`"),
                    );
                }
                for (i, exercise) in lesson.exercises.iter().enumerate() {
                    let path = format!("exercises[{i}]");
                    if !exercise_ids.insert(exercise.id()) {
                        out.push(
                            Diagnostic::error(
                                &file.path,
                                loc.at(&format!("{path}.id")),
                                format!(
                                    "exercise id `{}` appears twice in this lesson",
                                    exercise.id()
                                ),
                            )
                            .with_fix("exercise ids must be unique within a lesson; rename one"),
                        );
                    }
                    if !is_slug(exercise.id()) {
                        out.push(slug_problem(
                            &file.path,
                            loc.at(&format!("{path}.id")),
                            "exercise id",
                            exercise.id(),
                        ));
                    }
                    if let Exercise::Query(q) = exercise {
                        let has_solution = !q.solution.trim().is_empty();
                        match (has_solution, &q.expectation) {
                            (false, None) => out.push(
                                Diagnostic::error(
                                    &file.path,
                                    loc.at(&path),
                                    "this query exercise has no `solution`",
                                )
                                .with_fix("add `solution:` with the reference query"),
                            ),
                            (true, Some(_)) => out.push(
                                Diagnostic::error(
                                    &file.path,
                                    loc.at(&format!("{path}.expectation")),
                                    "give either `solution` or `expectation`, not both",
                                )
                                .with_fix(
                                    "`expectation` is written by `sqldojo pack --closed` for packs without solutions; \
                                     in an open pack, remove it",
                                ),
                            ),
                            _ => {}
                        }
                    }
                    if let Some(name) = exercise.dataset_override() {
                        dataset_names.push((format!("{path}.dataset"), name));
                    }
                    for (h, hint) in exercise.hints().iter().enumerate() {
                        if hint.trim().is_empty() {
                            out.push(
                                Diagnostic::error(
                                    &file.path,
                                    loc.at(&format!("{path}.hints[{h}]")),
                                    "empty hint",
                                )
                                .with_fix("write the hint or remove the entry"),
                            );
                        }
                    }
                }
                for (path, name) in dataset_names {
                    if !datasets.contains(name) {
                        let mut known: Vec<_> = datasets.iter().map(String::as_str).collect();
                        known.sort();
                        out.push(
                            Diagnostic::error(
                                &file.path,
                                loc.at(&path),
                                format!("no dataset named `{name}`"),
                            )
                            .with_fix(format!(
                                "add datasets/{name}.sql, or use one of: {}",
                                known.join(", ")
                            )),
                        );
                    }
                }
            }
        }
        out
    }

    /// All lessons in course order.
    pub fn lessons(&self) -> impl Iterator<Item = &LessonFile> {
        self.topics.iter().flat_map(|t| t.lessons.iter())
    }

    /// All exercises in course order.
    pub fn exercises(&self) -> impl Iterator<Item = ExerciseRef<'_>> {
        self.lessons().flat_map(|lesson| {
            lesson
                .lesson
                .exercises
                .iter()
                .enumerate()
                .map(move |(index, exercise)| ExerciseRef {
                    lesson,
                    index,
                    exercise,
                })
        })
    }

    /// Finds a lesson by id.
    pub fn lesson(&self, id: &str) -> Option<&LessonFile> {
        self.lessons().find(|l| l.lesson.id == id)
    }

    /// The title of the topic with this slug, or the slug when there is none.
    pub fn topic_title(&self, slug: &str) -> String {
        self.topics
            .iter()
            .find(|t| t.entry.slug == slug)
            .map_or(slug.to_string(), |t| t.entry.title.clone())
    }

    /// Finds an exercise by its `LESSON/EXERCISE` key.
    pub fn find(&self, key: &str) -> Option<ExerciseRef<'_>> {
        let (lesson_id, exercise_id) = key.split_once('/')?;
        let lesson = self.lesson(lesson_id)?;
        let index = lesson
            .lesson
            .exercises
            .iter()
            .position(|e| e.id() == exercise_id)?;
        Some(ExerciseRef {
            lesson,
            index,
            exercise: &lesson.lesson.exercises[index],
        })
    }

    /// Keys of the exercises closest to `key`, for "did you mean" messages:
    /// near misspellings of the whole key or of its exercise part, and keys
    /// that contain what was typed.
    pub fn suggest(&self, key: &str) -> Vec<String> {
        let typed_exercise = key.rsplit('/').next().unwrap_or(key);
        closest(
            key,
            5,
            self.exercises().map(|e| {
                let whole = e.key();
                let part = strsim::jaro_winkler(typed_exercise, e.exercise.id());
                (whole, part)
            }),
        )
    }

    /// Lesson ids closest to a mistyped one.
    pub fn suggest_lessons(&self, wrong: &str) -> Vec<String> {
        closest(wrong, 3, self.lessons().map(|l| (l.lesson.id.clone(), 0.0)))
    }
}

/// Up to `n` candidates most like `typed`, best first: by the Jaro-Winkler
/// similarity of the whole (or `also`, a score of a part, when higher),
/// with a bonus for containing what was typed; weak matches are left out.
fn closest(typed: &str, n: usize, candidates: impl Iterator<Item = (String, f64)>) -> Vec<String> {
    let mut scored: Vec<(f64, String)> = candidates
        .map(|(candidate, also)| {
            let mut score = strsim::jaro_winkler(typed, &candidate).max(also);
            if candidate.contains(typed) {
                score += 1.0;
            }
            (score, candidate)
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Reads and parses lesson files (topic index, relative path), spread over
/// the cores; results come back in the input order.
fn parse_lessons(
    source: &CourseSource,
    files: &[(usize, String)],
) -> Vec<(usize, Result<LessonFile, Diagnostic>)> {
    let parse = |(t, rel): &(usize, String)| {
        let path = source.display_path(rel);
        let parsed = match source.read(rel) {
            Err(e) => Err(Diagnostic::error(&path, (1, 1), e.message)),
            Ok(f) => {
                let file = SourceFile { path, text: f.text };
                let snapshot = source
                    .json_snapshot(rel)
                    .and_then(|json| serde_json::from_str::<Lesson>(json).ok());
                match snapshot {
                    Some(lesson) => Ok(lesson),
                    None => parse_yaml::<Lesson>(&file),
                }
                .map(|lesson| LessonFile::new(file.path, lesson, file.text))
            }
        };
        (*t, parsed)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    if workers == 1 || files.len() < 8 {
        return files.iter().map(parse).collect();
    }
    let chunk = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(parse).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("parsing a lesson does not panic"))
            .collect()
    })
}

/// Parses a YAML file into `T`, turning serde's error into a located diagnostic.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    serde_yaml::from_str(&file.text).map_err(|e| {
        let at = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the position is already in front.
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        // An unquoted `: ` inside text makes a mapping; serde reports it at
        // the enclosing exercise, so find the exact line.
        if message.contains("invalid type: map, expected a string")
            && let Some(exact) = Locations::index(&file.text).accidental_mapping()
        {
            return Diagnostic::error(
                &file.path,
                exact,
                "this text contains `: `, so YAML reads it as `key: value`, not as text",
            )
            .with_fix("put the text in quotes, or write it as a block after `|`");
        }
        let fix = yaml_fix(&message);
        let d = Diagnostic::error(&file.path, at, message);
        match fix {
            Some(fix) => d.with_fix(fix),
            None => d,
        }
    })
}

/// A suggestion for common YAML and format mistakes.
fn yaml_fix(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some(
            "check the spelling against assets/lesson.schema.json (see README: editor completion)"
                .into(),
        )
    } else if message.contains("missing field") {
        Some("add the field; assets/lesson.schema.json lists what each kind needs".into())
    } else if message.contains("unknown variant") {
        Some("use one of the values listed in the message".into())
    } else if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
        Some("a value containing `: ` or starting with a special character must be quoted, or written as a block (`|`)".into())
    } else {
        None
    }
}

/// Ids are lowercase words joined by hyphens: `left-join-gotcha`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn slug_problem(file: &str, at: (usize, usize), what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(file, at, format!("{what} `{id}` is not a slug"))
        .with_fix("use lowercase letters, digits and hyphens, e.g. `left-join-gotcha`")
}

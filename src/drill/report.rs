//! The end-of-drill report: score, time per item, weakest topics, and what
//! to review. Data only; front ends lay it out.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::session::{Answer, Session, Status};
use crate::grade::quiz::SelfRating;
use crate::lesson::{Course, Exercise};

/// Most topics listed as weakest.
pub const WEAKEST_TOPICS: usize = 3;

/// A finished drill, summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Sum of item scores.
    pub score: f64,
    /// Number of items (the most the score can be).
    pub out_of: usize,
    /// Score as a percentage.
    pub percent: f64,
    /// Items answered in time.
    pub answered: usize,
    /// Time taken in all.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
    /// The time limit.
    #[serde(serialize_with = "secs")]
    pub time_limit: Duration,
    /// True when the drill ended because time ran out.
    pub time_up: bool,
    /// Exam mode.
    pub exam: bool,
    /// The seed, to repeat the same drill.
    pub seed: u64,
    /// Every item with its result.
    pub items: Vec<Answer>,
    /// Topics by score over the items asked, weakest first (only those
    /// below 100%).
    pub weakest_topics: Vec<TopicScore>,
    /// Items to go over again, with where to practise.
    pub to_review: Vec<ReviewEntry>,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_millis() as f64) / 1000.0)
}

/// One topic's share of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// The topic slug.
    pub topic: String,
    /// Its title from the course manifest.
    pub title: String,
    /// Points scored.
    pub score: f64,
    /// Items in the drill.
    pub out_of: usize,
    /// As a percentage.
    pub percent: f64,
}

impl std::fmt::Display for TopicScore {
    /// "Joins 1.5/3 (50%)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:.1}/{} ({:.0}%)",
            self.title, self.score, self.out_of, self.percent
        )
    }
}

/// An item to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewEntry {
    /// `LESSON/EXERCISE`.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Why it is listed.
    pub why: String,
    /// A graded SQL task that practises the same idea (interview questions).
    pub practice: Option<String>,
}

/// Summarises a finished (or abandoned) session at `elapsed`.
pub fn build(session: &Session, course: &Course, elapsed: Duration) -> Report {
    let items = session.answers().to_vec();
    let out_of = session.items().len();
    let score: f64 = items.iter().map(|a| a.score).sum();
    let mut by_topic: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    // Items never reached say nothing about a topic.
    for a in items.iter().filter(|a| a.status != Status::NotReached) {
        let e = by_topic.entry(a.item.topic.as_str()).or_default();
        e.0 += a.score;
        e.1 += 1;
    }
    let title_of = |slug: &str| course.topic_title(slug);
    let mut weakest: Vec<TopicScore> = by_topic
        .into_iter()
        .filter(|(_, (s, n))| *s < *n as f64 - 1e-9)
        .map(|(topic, (s, n))| TopicScore {
            topic: topic.to_string(),
            title: title_of(topic),
            score: s,
            out_of: n,
            percent: 100.0 * s / n as f64,
        })
        .collect();
    weakest.sort_by(|a, b| {
        a.percent
            .total_cmp(&b.percent)
            .then(b.out_of.cmp(&a.out_of))
            .then(a.topic.cmp(&b.topic))
    });
    weakest.truncate(WEAKEST_TOPICS);
    let to_review = items
        .iter()
        .filter_map(|a| {
            let why = match a.status {
                Status::NotReached => return None,
                Status::Skipped => "skipped".to_string(),
                Status::TimeUp => "time ran out".to_string(),
                Status::Answered if a.rating <= SelfRating::Hard => {
                    if a.passed {
                        "rated low or needed help".to_string()
                    } else if a.item.kind == super::item::ItemKind::Interview {
                        format!("rated {}", a.rating)
                    } else {
                        "wrong".to_string()
                    }
                }
                Status::Answered if a.score < 1.0 - 1e-9 => "partly right".to_string(),
                Status::Answered => return None,
            };
            let practice = match course.find(&a.item.key).map(|e| e.exercise) {
                Some(Exercise::Interview(q)) => q.practice.clone(),
                _ => None,
            };
            Some(ReviewEntry {
                key: a.item.key.clone(),
                title: a.item.title.clone(),
                why,
                practice,
            })
        })
        .collect();
    Report {
        score,
        out_of,
        percent: if out_of == 0 {
            0.0
        } else {
            100.0 * score / out_of as f64
        },
        answered: items
            .iter()
            .filter(|a| a.status == Status::Answered)
            .count(),
        elapsed,
        time_limit: session.countdown().limit(),
        time_up: session.countdown().is_over(elapsed),
        exam: session.config().exam,
        seed: session.config().seed,
        items,
        weakest_topics: weakest,
        to_review,
    }
}

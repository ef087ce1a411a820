//! Picking a drill: filter by topic and level, mix SQL tasks, quiz
//! questions and interview questions, shuffle with a seed. The same course,
//! options and seed always give the same drill.

use std::time::Duration;

use super::item::{DrillItem, ItemKind};
use crate::lesson::{Course, Difficulty};

/// Items in a drill when `--count` is not given.
pub const DEFAULT_COUNT: usize = 10;

/// What the learner asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillConfig {
    /// Only items of this difficulty (others fill in when too few).
    pub level: Option<Difficulty>,
    /// Only items of this topic slug.
    pub topic: Option<String>,
    /// Number of items.
    pub count: usize,
    /// Time limit; `None` means the sum of the items' budgets.
    pub time_limit: Option<Duration>,
    /// Exam mode: no hints, one answer per item, feedback only in the report.
    pub exam: bool,
    /// Seed of the selection and its order.
    pub seed: u64,
}

impl Default for DrillConfig {
    fn default() -> Self {
        DrillConfig {
            level: None,
            topic: None,
            count: DEFAULT_COUNT,
            time_limit: None,
            exam: false,
            seed: 0,
        }
    }
}

/// The drill picked, and what the learner should know about the picking.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The items, in the order they are asked.
    pub items: Vec<DrillItem>,
    /// Notes such as "only 4 senior items: 2 mid items added".
    pub notes: Vec<String>,
}

/// Why no drill could be picked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// `--count 0`.
    #[error("a drill needs at least one item (--count 1 or more)")]
    ZeroCount,
    /// No topic has that slug.
    #[error("no topic `{topic}`; topics: {}", known.join(", "))]
    UnknownTopic {
        /// What was asked.
        topic: String,
        /// Topics that have drillable items.
        known: Vec<String>,
    },
    /// Nothing to drill.
    #[error("there is nothing to drill{}", topic.as_ref().map(|t| format!(" in topic `{t}`")).unwrap_or_default())]
    Empty {
        /// The topic asked for.
        topic: Option<String>,
    },
}

/// Every drillable item of a course, in course order.
pub fn candidates(course: &Course) -> Vec<DrillItem> {
    course.exercises().filter_map(DrillItem::of).collect()
}

/// The three groups a drill mixes, and the share of each.
const GROUPS: [(&[ItemKind], f64); 3] = [
    (&[ItemKind::Sql], 0.3),
    (&[ItemKind::Interview], 0.3),
    (&[ItemKind::Choice, ItemKind::Predict], 0.4),
];

/// Picks a drill from `candidates`.
pub fn select(candidates: &[DrillItem], config: &DrillConfig) -> Result<Selection, SelectError> {
    if config.count == 0 {
        return Err(SelectError::ZeroCount);
    }
    let pool: Vec<&DrillItem> = match &config.topic {
        None => candidates.iter().collect(),
        Some(topic) => {
            let pool: Vec<&DrillItem> = candidates.iter().filter(|c| &c.topic == topic).collect();
            if pool.is_empty() {
                let mut known: Vec<String> = candidates.iter().map(|c| c.topic.clone()).collect();
                known.dedup();
                let mut seen = std::collections::HashSet::new();
                known.retain(|t| seen.insert(t.clone()));
                return Err(SelectError::UnknownTopic {
                    topic: topic.clone(),
                    known,
                });
            }
            pool
        }
    };
    if pool.is_empty() {
        return Err(SelectError::Empty {
            topic: config.topic.clone(),
        });
    }
    let mut rng = fastrand::Rng::with_seed(config.seed);
    // Tiers by closeness to the level asked for: that level, then the
    // neighbours (lower first).
    let tiers: Vec<Vec<&DrillItem>> = level_order(config.level)
        .iter()
        .map(|levels| {
            let mut tier: Vec<&DrillItem> = pool
                .iter()
                .copied()
                .filter(|c| levels.contains(&c.difficulty))
                .collect();
            rng.shuffle(&mut tier);
            tier
        })
        .collect();
    let count = config.count.min(pool.len());
    let mut picked = Vec::new();
    let mut used_tiers = 1;
    for depth in 1..=tiers.len() {
        used_tiers = depth;
        let available: Vec<Vec<&DrillItem>> = GROUPS
            .iter()
            .map(|(kinds, _)| {
                tiers[..depth]
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|c| kinds.contains(&c.kind))
                    .collect()
            })
            .collect();
        let quotas = quotas(count, &available.iter().map(Vec::len).collect::<Vec<_>>());
        if quotas.iter().sum::<usize>() == count || depth == tiers.len() {
            picked = available
                .iter()
                .zip(&quotas)
                .flat_map(|(items, &q)| items.iter().take(q).map(|&i| i.clone()))
                .collect();
            break;
        }
    }
    rng.shuffle(&mut picked);
    let mut notes = Vec::new();
    if config.count > pool.len() {
        notes.push(format!(
            "only {} item(s) to choose from, so the drill has {}",
            pool.len(),
            pool.len()
        ));
    }
    if let Some(level) = config.level {
        let off = picked.iter().filter(|i| i.difficulty != level).count();
        if off > 0 && used_tiers > 1 {
            notes.push(format!(
                "not enough {} items: {off} from a neighbouring level added",
                level.as_str()
            ));
        }
    }
    Ok(Selection {
        items: picked,
        notes,
    })
}

/// Levels in order of closeness: the level itself, then lower, then higher.
fn level_order(level: Option<Difficulty>) -> Vec<Vec<Difficulty>> {
    use Difficulty::{Junior, Mid, Senior};
    match level {
        None => vec![vec![Junior, Mid, Senior]],
        Some(Junior) => vec![vec![Junior], vec![Mid], vec![Senior]],
        Some(Mid) => vec![vec![Mid], vec![Junior], vec![Senior]],
        Some(Senior) => vec![vec![Senior], vec![Mid], vec![Junior]],
    }
}

/// How many items of each group: the shares of [`GROUPS`], then whatever a
/// group cannot fill goes to the others.
fn quotas(count: usize, available: &[usize]) -> Vec<usize> {
    let mut q: Vec<usize> = GROUPS
        .iter()
        .zip(available)
        .map(|((_, share), &a)| ((count as f64 * share).round() as usize).min(a))
        .collect();
    // Rounding can overshoot: trim the largest group, interviews first on a tie.
    while q.iter().sum::<usize>() > count {
        let max = q.iter().copied().max().unwrap_or(0);
        let i = [1, 0, 2]
            .into_iter()
            .find(|&i| q[i] == max)
            .expect("groups");
        q[i] -= 1;
    }
    // Fill what is left from groups that still have items, quiz first.
    let mut left = count.saturating_sub(q.iter().sum());
    while left > 0 {
        let mut progressed = false;
        for i in [2, 1, 0] {
            if left > 0 && q[i] < available[i] {
                q[i] += 1;
                left -= 1;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_follow_shares_then_fill() {
        assert_eq!(quotas(10, &[50, 50, 50]), [3, 3, 4]);
        assert_eq!(quotas(10, &[1, 50, 50]), [1, 4, 5]);
        assert_eq!(quotas(10, &[0, 0, 3]), [0, 0, 3]);
        assert_eq!(quotas(1, &[5, 5, 5]), [0, 0, 1]);
        assert_eq!(quotas(2, &[5, 5, 5]), [1, 0, 1]);
    }
}

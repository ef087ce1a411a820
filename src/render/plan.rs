//! Plans and cost counters as text, for the REPL and the command line.

use super::Style;
use crate::engine::Counters;
use crate::engine::plan::Plan;
use crate::grade::PlanReport;

/// A plan as an indented tree, one step per line, indented by `indent`.
pub fn plan_tree(plan: &Plan, style: Style, indent: &str) -> String {
    let lines = plan.tree_lines(style.unicode);
    if lines.is_empty() {
        return format!("{indent}(no plan: the statement reads no table)\n");
    }
    lines
        .iter()
        .map(|l| format!("{indent}{}\n", highlight_step(l, style)))
        .collect()
}

/// Marks the words that matter in a plan line: SCAN and temp B-trees stand
/// out (bold red), SEARCH and covering indexes read as good (green).
fn highlight_step(line: &str, style: Style) -> String {
    if !style.color {
        return line.to_string();
    }
    let mut out = line.to_string();
    for (word, code) in [
        ("SCAN", "1;31"),
        ("USE TEMP B-TREE", "1;31"),
        ("AUTOMATIC", "1;33"),
        ("CORRELATED", "1;33"),
        ("SEARCH", "1;32"),
        ("COVERING INDEX", "32"),
    ] {
        if let Some(i) = out.find(word) {
            out = format!(
                "{}{}{}",
                &out[..i],
                style.paint(code, word),
                &out[i + word.len()..]
            );
        }
    }
    out
}

/// One line of counters: `1,234 VM steps · 999 full-scan steps · 0 sorts · 0 automatic-index rows`.
pub fn counters_line(c: &Counters, style: Style) -> String {
    let dot = if style.unicode { " · " } else { ", " };
    [
        format!("{} VM steps", thousands(c.vm_steps)),
        format!("{} full-scan steps", thousands(c.fullscan_steps)),
        format!("{} sort{}", c.sort, if c.sort == 1 { "" } else { "s" }),
        format!("{} automatic-index rows", thousands(c.autoindex)),
    ]
    .join(dot)
}

/// A verdict's plan section: the tree, the cost next to the reference's,
/// and each rule with a mark.
pub fn plan_report(r: &PlanReport, style: Style) -> String {
    let (ok, bad) = if style.unicode {
        ("✓", "✗")
    } else {
        ("ok ", "NO ")
    };
    let mut out = String::from("  Plan of your query:\n");
    out.push_str(&plan_tree(&r.plan, style, "    "));
    out.push_str(&format!(
        "  Cost: {} ({} quer{}, {:.1} ms)\n",
        counters_line(&r.cost.counters, style),
        r.cost.queries,
        if r.cost.queries == 1 { "y" } else { "ies" },
        r.cost.elapsed_ms
    ));
    out.push_str(&format!(
        "  Reference: {} VM steps ({:.1} ms)\n",
        thousands(r.reference.counters.vm_steps),
        r.reference.elapsed_ms
    ));
    for rule in &r.rules {
        let mark = if rule.passed {
            style.paint("32", ok)
        } else {
            style.paint("31", bad)
        };
        out.push_str(&format!("  {mark} {}\n", rule.rule));
    }
    for b in &r.budget {
        let mark = if b.passed {
            style.paint("32", ok)
        } else {
            style.paint("31", bad)
        };
        let counter = crate::grade::plan::rules::counter_label(&b.counter);
        out.push_str(&format!(
            "  {mark} {counter} at most {}× the reference ({} of {} allowed)\n",
            b.ratio,
            thousands(b.yours),
            thousands(b.allowed)
        ));
    }
    out
}

fn thousands(n: u64) -> String {
    crate::grade::plan::rules::thousands(n)
}

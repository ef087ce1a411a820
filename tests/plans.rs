//! Query plans as data, plan rules, cost budgets and plan exercises, on
//! real SQLite (the bundled 3.54) and the generated catalog.

mod common;
use common::sqldojo;

use std::sync::{Arc, OnceLock};

use sqldojo::dataset::{Datasets, Pristine, generate};
use sqldojo::engine::plan::{Plan, Step, TempPurpose, Using};
use sqldojo::engine::{Counters, Sandbox, SandboxConfig};
use sqldojo::grade::plan::names::Names;
use sqldojo::grade::plan::rules::{self, Facts};
use sqldojo::grade::plan::{PlanExpectation, grade_plan};
use sqldojo::grade::{Grader, Outcome, Verdict};
use sqldojo::lesson::kinds::{CostBudget, PlanExercise, PlanRule, SetupPolicy, TempBtreeFor};
use sqldojo::lesson::{Course, CourseSource, WrongAnswer};

// ---------------------------------------------------------------------------
// The parser, on real EXPLAIN QUERY PLAN output.

const SHOP: &str = "
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
                     amount INTEGER, day TEXT);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX customers_name ON customers (name);
CREATE TABLE items (order_id INTEGER, sku TEXT, PRIMARY KEY (order_id, sku)) WITHOUT ROWID;
INSERT INTO customers VALUES (1, 'Ann', 'Oslo'), (2, 'Bo', 'Rome'), (3, 'Cy', 'Oslo');
INSERT INTO orders VALUES (1, 1, 10, 'Oslo'), (2, 1, 70, 'Rome'), (3, 2, 90, 'Lima');
INSERT INTO items VALUES (1, 'a'), (1, 'b'), (2, 'a');
";

fn shop() -> Sandbox {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(SHOP).unwrap();
    Sandbox::new(conn, SandboxConfig::default()).unwrap()
}

fn tree(sql: &str) -> Vec<String> {
    shop().explain(sql).unwrap().tree_lines(false)
}

#[test]
fn parses_a_three_way_join_with_aliases() {
    let mut sb = shop();
    let sql = "SELECT c.name, o.amount FROM customers AS c JOIN orders AS o ON o.customer_id = c.id \
               JOIN items AS i ON i.order_id = o.id WHERE c.city = 'Oslo'";
    let plan = sb.explain(sql).unwrap();
    assert_eq!(
        plan.tree_lines(false),
        [
            "|--SCAN i",
            "|--SEARCH o USING INTEGER PRIMARY KEY (rowid=?)",
            "`--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ]
    );
    let names = Names::new(sb.connection(), sql);
    let tables: Vec<Option<String>> = plan
        .steps()
        .map(|(_, s)| names.table_of(s.access().unwrap()))
        .collect();
    assert_eq!(
        tables,
        [
            Some("items".into()),
            Some("orders".into()),
            Some("customers".into())
        ]
    );
}

#[test]
fn parses_subqueries() {
    assert_eq!(
        tree(
            "SELECT c.name, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c"
        ),
        [
            "|--SCAN c USING COVERING INDEX customers_name",
            "`--CORRELATED SCALAR SUBQUERY 1",
            "   `--SEARCH o USING COVERING INDEX orders_customer (customer_id=?)",
        ]
    );
    let plan = shop()
        .explain("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE amount > 50)")
        .unwrap();
    assert_eq!(
        plan.tree_lines(false),
        [
            "|--SEARCH customers USING INTEGER PRIMARY KEY (rowid=?)",
            "`--LIST SUBQUERY 1",
            "   `--SCAN orders",
        ]
    );
    let steps: Vec<Step> = plan.steps().map(|(_, s)| s).collect();
    assert_eq!(
        steps[1],
        Step::Subquery {
            kind: "list".into(),
            correlated: false
        }
    );
    assert_eq!(plan.depths(), [0, 0, 1]);
    let exists = shop()
        .explain("SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 50)")
        .unwrap();
    let search = exists.nodes[1].step();
    let access = search.access().unwrap();
    assert!(access.exists, "{search:?}");
    assert_eq!(access.constraint.as_deref(), Some("customer_id=?"));
}

#[test]
fn parses_ctes_materialized_and_recursive() {
    assert_eq!(
        tree(
            "WITH big AS MATERIALIZED (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) \
             SELECT c.name, big.total FROM customers c JOIN big ON big.customer_id = c.id"
        ),
        [
            "|--MATERIALIZE big",
            "|  `--SCAN orders USING INDEX orders_customer",
            "|--SCAN big",
            "`--SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ]
    );
    let plan = shop()
        .explain("WITH RECURSIVE n(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n")
        .unwrap();
    assert_eq!(
        plan.tree_lines(false),
        [
            "|--CO-ROUTINE n",
            "|  |--SETUP",
            "|  |  `--SCAN CONSTANT ROW",
            "|  `--RECURSIVE STEP",
            "|     `--SCAN n",
            "`--SCAN n",
        ]
    );
    let steps: Vec<Step> = plan.steps().map(|(_, s)| s).collect();
    assert_eq!(steps[0], Step::CoRoutine { name: "n".into() });
    assert_eq!(steps[2], Step::ConstantRows);
    // A CTE is not a table: rules about tables ignore it.
    let names = Names::new(shop().connection(), "SELECT x FROM n");
    assert_eq!(names.table_of(steps[5].access().unwrap()), None);
}

#[test]
fn parses_compound_queries() {
    assert_eq!(
        tree("SELECT name FROM customers UNION ALL SELECT day FROM orders"),
        [
            "`--COMPOUND QUERY",
            "   |--LEFT-MOST SUBQUERY",
            "   |  `--SCAN customers USING COVERING INDEX customers_name",
            "   `--UNION ALL",
            "      `--SCAN orders",
        ]
    );
    let plan = shop()
        .explain("SELECT city FROM customers UNION SELECT day FROM orders")
        .unwrap();
    assert_eq!(
        plan.tree_lines(false),
        [
            "`--MERGE (UNION)",
            "   |--LEFT",
            "   |  |--SCAN customers",
            "   |  `--USE TEMP B-TREE FOR ORDER BY",
            "   `--RIGHT",
            "      |--SCAN orders",
            "      `--USE TEMP B-TREE FOR ORDER BY",
        ]
    );
    assert!(matches!(plan.nodes[0].step(), Step::Compound { .. }));
    assert_eq!(
        plan.nodes[3].step(),
        Step::TempBtree(TempPurpose::OrderBy { last_terms: None })
    );
}

#[test]
fn parses_bloom_filters_and_automatic_indexes() {
    let plan = shop()
        .explain("SELECT c.name FROM customers c JOIN orders o ON o.day = c.city")
        .unwrap();
    assert_eq!(
        plan.tree_lines(false),
        [
            "|--SCAN c",
            "|--BLOOM FILTER ON o (day=?)",
            "`--SEARCH o USING AUTOMATIC COVERING INDEX (day=?)",
        ]
    );
    assert_eq!(
        plan.nodes[1].step(),
        Step::BloomFilter {
            object: "o".into(),
            constraint: "day=?".into()
        }
    );
    assert_eq!(
        plan.nodes[2].step().access().unwrap().using,
        Using::AutomaticIndex { partial: false }
    );
}

#[test]
fn parses_or_branches_left_joins_and_without_rowid_keys() {
    assert_eq!(
        tree("SELECT * FROM customers WHERE id = 2 OR name = 'Cy'"),
        [
            "`--MULTI-INDEX OR",
            "   |--INDEX 1",
            "   |  `--SEARCH customers USING INTEGER PRIMARY KEY (rowid=?)",
            "   `--INDEX 2",
            "      `--SEARCH customers USING INDEX customers_name (name=?)",
        ]
    );
    let left = shop()
        .explain("SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.id < 3")
        .unwrap();
    let step = left.nodes[1].step();
    assert!(step.access().unwrap().left_join);
    assert_eq!(
        left.nodes[0].step().access().unwrap().constraint.as_deref(),
        Some("rowid<?")
    );
    let pk = shop()
        .explain("SELECT sku FROM items WHERE order_id = 1")
        .unwrap();
    assert_eq!(
        pk.nodes[0].step().access().unwrap().using,
        Using::PrimaryKey
    );
}

#[test]
fn plans_serialize_as_nodes_without_cost_estimates() {
    let plan = shop().explain("SELECT * FROM orders").unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    let node = &json[0];
    assert_eq!(node["detail"], "SCAN orders");
    assert!(node["id"].is_i64() && node["parent"].is_i64());
    assert!(node.get("notused").is_none());
}

// ---------------------------------------------------------------------------
// Plan rules and the cost budget, each passing and failing, on catalog-small.

fn catalog_small() -> Arc<Pristine> {
    static CATALOG: OnceLock<Arc<Pristine>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            Datasets::new(CourseSource::Bundled)
                .get("catalog-small")
                .expect("catalog-small builds")
        })
        .clone()
}

/// Runs `script` on a fresh catalog-small; checks `rule` on its final query.
fn rule_on(rule: PlanRule, script: &str) -> rules::RuleCheck {
    let mut sb = Sandbox::open(&catalog_small(), SandboxConfig::default()).unwrap();
    let profile = sb.profile(script).unwrap();
    let last = profile.final_query().unwrap();
    let names = Names::new(sb.connection(), &script[last.range.clone()]);
    let plan: Plan = last.plan.clone().unwrap();
    let facts = Facts {
        plan: &plan,
        names: &names,
        counters: profile.query_counters(),
        queries: profile.queries().count(),
    };
    rules::check(&rule, &facts)
}

#[track_caller]
fn holds(rule: PlanRule, script: &str) {
    let r = rule_on(rule, script);
    assert!(r.passed, "expected {} to hold for {script}: {r:?}", r.rule);
}

#[track_caller]
fn misses(rule: PlanRule, script: &str, line: Option<&str>) {
    let r = rule_on(rule, script);
    assert!(!r.passed, "expected {} to fail for {script}", r.rule);
    assert_eq!(r.line.as_deref(), line, "{r:?}");
    assert!(!r.advice.is_empty());
}

#[test]
fn rule_uses_index() {
    let with = "CREATE INDEX products_brand ON products (brand);
                SELECT id FROM products AS p WHERE p.brand = 'Kestrel'";
    holds(PlanRule::UsesIndex("products_brand".into()), with);
    misses(
        PlanRule::UsesIndex("products_brand".into()),
        "CREATE INDEX products_brand ON products (brand);
         SELECT id, name FROM products WHERE lower(brand) = 'kestrel'",
        Some("SCAN products"),
    );
}

#[test]
fn rule_uses_any_index_on() {
    holds(
        PlanRule::UsesAnyIndexOn("product_tags".into()),
        "SELECT tag_id FROM product_tags WHERE product_id = 7",
    );
    misses(
        PlanRule::UsesAnyIndexOn("product_tags".into()),
        "SELECT product_id FROM product_tags WHERE tag_id = 7",
        Some("SCAN product_tags"),
    );
}

#[test]
fn rule_no_full_scan() {
    holds(
        PlanRule::NoFullScan("products".into()),
        "SELECT name FROM products WHERE id BETWEEN 10 AND 20",
    );
    misses(
        PlanRule::NoFullScan("products".into()),
        "SELECT name FROM products WHERE tags LIKE '%wireless%'",
        Some("SCAN products"),
    );
    // A scan of a whole index is a full scan too...
    misses(
        PlanRule::NoFullScan("products".into()),
        "CREATE INDEX pn ON products (name); SELECT id, name FROM products WHERE name LIKE 'Kes%'",
        Some("SCAN products USING COVERING INDEX pn"),
    );
    // ...but not a scan of a partial index, which holds only matching rows.
    holds(
        PlanRule::NoFullScan("products".into()),
        "CREATE INDEX oos ON products (id) WHERE in_stock = 0;
         SELECT id FROM products WHERE in_stock = 0",
    );
}

#[test]
fn rule_no_temp_btree() {
    let ordered = "CREATE INDEX pc ON products (created_at);
                   SELECT id FROM products ORDER BY created_at DESC LIMIT 3";
    holds(PlanRule::NoTempBtree(TempBtreeFor::OrderBy), ordered);
    misses(
        PlanRule::NoTempBtree(TempBtreeFor::OrderBy),
        "SELECT id FROM products ORDER BY created_at DESC LIMIT 3",
        Some("USE TEMP B-TREE FOR ORDER BY"),
    );
    holds(
        PlanRule::NoTempBtree(TempBtreeFor::GroupBy),
        "CREATE INDEX pc ON products (category); SELECT category, count(*) FROM products GROUP BY category",
    );
    misses(
        PlanRule::NoTempBtree(TempBtreeFor::GroupBy),
        "SELECT category, count(*) FROM products GROUP BY category",
        Some("USE TEMP B-TREE FOR GROUP BY"),
    );
    holds(
        PlanRule::NoTempBtree(TempBtreeFor::Distinct),
        "SELECT id FROM products p WHERE id IN (SELECT product_id FROM reviews WHERE rating = 1)",
    );
    misses(
        PlanRule::NoTempBtree(TempBtreeFor::Distinct),
        "SELECT DISTINCT p.id FROM products p JOIN reviews r ON r.product_id = p.id WHERE r.rating = 1",
        Some("USE TEMP B-TREE FOR DISTINCT"),
    );
    misses(
        PlanRule::NoTempBtree(TempBtreeFor::Distinct),
        "SELECT count(DISTINCT brand) FROM products",
        Some("USE TEMP B-TREE FOR count(DISTINCT)"),
    );
}

#[test]
fn rule_covering_index() {
    holds(
        PlanRule::CoveringIndex("products".into()),
        "CREATE INDEX pb ON products (brand, name);
         SELECT name FROM products WHERE brand = 'Kestrel'",
    );
    misses(
        PlanRule::CoveringIndex("products".into()),
        "CREATE INDEX pb ON products (brand);
         SELECT name FROM products WHERE brand = 'Kestrel'",
        Some("SEARCH products USING INDEX pb (brand=?)"),
    );
    // No step on the table at all: nothing is read from a covering index.
    misses(PlanRule::CoveringIndex("products".into()), "SELECT 1", None);
}

#[test]
fn rule_no_automatic_index() {
    holds(
        PlanRule::NoAutomaticIndex,
        "CREATE INDEX rp ON reviews (product_id, rating);
         SELECT p.id FROM products p WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.rating = 1)",
    );
    let r = rule_on(
        PlanRule::NoAutomaticIndex,
        "SELECT p.id FROM products p WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.rating = 1)",
    );
    assert!(!r.passed);
    assert_eq!(
        r.line.as_deref(),
        Some("SEARCH r EXISTS USING AUTOMATIC PARTIAL COVERING INDEX (product_id=? AND rating=?)")
    );
    assert!(r.advice.contains("14996 rows"), "{}", r.advice);
}

#[test]
fn rule_no_correlated_subquery() {
    holds(
        PlanRule::NoCorrelatedSubquery,
        "SELECT id FROM products WHERE price_cents > (SELECT avg(price_cents) FROM products)",
    );
    misses(
        PlanRule::NoCorrelatedSubquery,
        "CREATE INDEX rp ON reviews (product_id);
         SELECT p.id, (SELECT count(*) FROM reviews r WHERE r.product_id = p.id) FROM products p",
        Some("CORRELATED SCALAR SUBQUERY 1"),
    );
}

#[test]
fn rule_max_queries() {
    holds(
        PlanRule::MaxQueries(1),
        "CREATE INDEX x ON products (brand); SELECT 1",
    );
    misses(PlanRule::MaxQueries(1), "SELECT 1; SELECT 2", None);
}

#[test]
fn budget_is_a_ratio_of_the_reference_rounded_up() {
    let reference = Counters {
        vm_steps: 101,
        fullscan_steps: 0,
        ..Counters::default()
    };
    let budget = CostBudget {
        vm_steps_ratio: Some(2.0),
        fullscan_steps_ratio: Some(1.0),
    };
    let within = Counters {
        vm_steps: 202,
        ..Counters::default()
    };
    let checks = rules::budget(&budget, within, reference);
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.passed), "{checks:?}");
    assert_eq!(checks[0].allowed, 202);
    let over = Counters {
        vm_steps: 203,
        fullscan_steps: 1,
        ..Counters::default()
    };
    let checks = rules::budget(&budget, over, reference);
    assert!(checks.iter().all(|c| !c.passed), "{checks:?}");
    assert_eq!(
        rules::describe_budget(&checks[0]),
        "virtual machine steps: yours 203, the reference 101; the budget is 2× the reference (202)"
    );
    assert!(
        rules::budget(
            &CostBudget {
                vm_steps_ratio: None,
                fullscan_steps_ratio: None
            },
            over,
            reference
        )
        .is_empty()
    );
}

// ---------------------------------------------------------------------------
// Plan exercises end to end, through the grader of the bundled course.

fn course() -> &'static Course {
    static COURSE: OnceLock<Course> = OnceLock::new();
    COURSE.get_or_init(|| Course::load(CourseSource::Bundled).unwrap().course)
}

fn grader() -> &'static Grader {
    static GRADER: OnceLock<Grader> = OnceLock::new();
    GRADER.get_or_init(|| Grader::new(CourseSource::Bundled))
}

fn grade(key: &str, answer: &str) -> Verdict {
    let ex = course()
        .find(key)
        .unwrap_or_else(|| panic!("no exercise {key}"));
    grader().grade(ex, answer).unwrap()
}

#[test]
fn budget_miss_quotes_the_counters_and_the_plan() {
    let v = grade(
        "indexes-low-selectivity/in-stock-brand",
        "CREATE INDEX stock ON products (in_stock);
         SELECT id, name FROM products WHERE in_stock = 1 AND brand = 'Kestrel'",
    );
    assert!(!v.passed);
    assert_eq!(v.outcome, Outcome::Wrong);
    assert_eq!(v.headline, "Right rows, but the query costs too much.");
    let report = v.plan.as_ref().unwrap();
    assert!(
        report.rules.iter().all(|r| r.passed),
        "SEARCH is no full scan"
    );
    let vm = &report.budget[0];
    assert_eq!((vm.counter.as_str(), vm.passed), ("vm_steps", false));
    assert!(
        v.messages
            .iter()
            .any(|m| m.starts_with("Over budget on virtual machine steps: yours 24,001")),
        "{:#?}",
        v.messages
    );
    // The author's feedback for this exact mistake, recognised by its plan
    // and its index even under another name.
    assert!(v.known_mistake.as_deref().unwrap().contains("95%"));
    // Where to look, when no rule names a line.
    assert!(
        v.messages.iter().any(|m| m.contains("Look at each SEARCH")),
        "{:#?}",
        v.messages
    );
}

#[test]
fn rule_and_budget_misses_together() {
    let v = grade(
        "indexes-composite-order/category-under-price",
        "CREATE INDEX pc ON products (price_cents, category);
         SELECT id, name, price_cents FROM products
         WHERE category = 'audio' AND price_cents < 2000 ORDER BY price_cents, id",
    );
    assert_eq!(
        v.headline,
        "Right rows, but the plan misses a rule: no temporary B-tree for ORDER BY."
    );
    assert!(v.messages[1].starts_with("Your plan: `USE TEMP B-TREE FOR LAST TERM OF ORDER BY`"));
    assert!(
        v.messages.iter().any(|m| m.contains("yours 4,551")),
        "{:#?}",
        v.messages
    );
    assert!(
        v.known_mistake
            .as_deref()
            .unwrap()
            .contains("(category, price_cents)")
    );
}

#[test]
fn plan_mistakes_are_recognised_whatever_the_index_is_called() {
    let v = grade(
        "indexes-btree-basics/name-prefix",
        "CREATE INDEX my_own_name ON products (name);
         SELECT id, name FROM products WHERE name LIKE 'Kestrel%'",
    );
    assert!(!v.passed);
    assert!(
        v.known_mistake
            .as_deref()
            .unwrap()
            .contains("COLLATE NOCASE")
    );
    assert!(
        v.messages[1].starts_with("Your plan: `SCAN products USING COVERING INDEX my_own_name`")
    );
}

#[test]
fn accepted_answers_pass_rows_variants_rules_and_budget() {
    let v = grade(
        "m2m-lab-tag-search/wireless-fast",
        "CREATE INDEX links_by_tag ON product_tags (tag_id, product_id);
         SELECT p.id, p.name FROM products AS p
         WHERE p.id IN (SELECT pt.product_id FROM product_tags pt
                        JOIN tags t ON t.id = pt.tag_id WHERE t.name = 'wireless')",
    );
    assert!(v.passed, "{v:#?}");
    assert!(v.variants_checked > 0);
    let report = v.plan.unwrap();
    assert!(report.passed());
    assert_eq!(report.cost.queries, 1);
    assert!(
        report
            .tree
            .iter()
            .any(|l| l.contains("SEARCH pt USING COVERING INDEX links_by_tag"))
    );
}

#[test]
fn learner_setup_runs_on_every_variant_before_the_query() {
    // A "migration" that hard-codes today's answer into the junction passes
    // on the visible data only: each variant is migrated by the learner's own
    // statements, and a changed copy exposes it.
    let hard_coded = "
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE product_tags (product_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
                                   PRIMARY KEY (product_id, tag_id)) WITHOUT ROWID;
        CREATE INDEX product_tags_by_tag ON product_tags (tag_id, product_id);
        INSERT INTO tags (id, name) VALUES (1, 'wireless');
        INSERT INTO product_tags VALUES (1, 1), (2, 1), (12, 1), (13, 1), (16, 1);
        SELECT p.id, p.name FROM tags t JOIN product_tags pt ON pt.tag_id = t.id
        JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'";
    let v = grade("m2m-lab-migrate-csv/migrate-and-search", hard_coded);
    assert!(!v.passed);
    assert!(v.diff.is_none(), "right on the visible data: {v:#?}");
    assert!(v.counterexample.is_some(), "{v:#?}");
}

#[test]
fn setup_policy_refuses_other_statements() {
    let v = grade(
        "indexes-btree-basics/brand-lookup",
        "CREATE TABLE answer AS SELECT id, name, price_cents FROM products WHERE brand = 'Kestrel';
         SELECT * FROM answer",
    );
    assert_eq!(v.outcome, Outcome::Refused);
    assert!(v.headline.contains("CREATE TABLE answer"), "{}", v.headline);
    let v = grade(
        "indexes-keyset-pagination/next-page-by-id",
        "CREATE INDEX x ON products (name); SELECT id, name FROM products WHERE id > 4020 ORDER BY id LIMIT 20",
    );
    assert_eq!(v.outcome, Outcome::Refused);
}

#[test]
fn the_final_statement_must_be_the_query() {
    let v = grade(
        "indexes-btree-basics/brand-lookup",
        "SELECT 1; CREATE INDEX products_brand ON products (brand)",
    );
    assert!(!v.passed);
    assert!(
        v.headline.contains("must end with the query"),
        "{}",
        v.headline
    );
}

#[test]
fn n_plus_one_is_counted_in_statements() {
    let v = grade(
        "m2m-lab-n-plus-one/tags-for-a-page",
        "SELECT id FROM products WHERE brand = 'Kestrel' ORDER BY id LIMIT 5;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 8;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 58",
    );
    assert!(!v.passed);
    assert_eq!(v.headline, "3 queries where one would do.");
    assert_eq!(v.plan.unwrap().cost.queries, 3);
}

/// Alternatives the lessons' explanations say are accepted.
#[test]
fn alternatives_the_lessons_mention_are_accepted() {
    for (key, answer) in [
        (
            "indexes-btree-basics/name-prefix",
            "CREATE INDEX pn ON products (name); SELECT id, name FROM products WHERE name GLOB 'Kestrel*'",
        ),
        (
            "indexes-btree-basics/name-prefix",
            "CREATE INDEX pn ON products (name); SELECT id, name FROM products WHERE name >= 'Kestrel' AND name < 'Kestrem'",
        ),
        (
            "indexes-composite-order/leftmost-column",
            "CREATE INDEX products_brand_category ON products (brand, category); ANALYZE;
             SELECT id, name FROM products WHERE category = 'garden'",
        ),
        (
            "indexes-low-selectivity/in-stock-brand",
            "CREATE INDEX s ON products (in_stock, brand);
             SELECT id, name FROM products WHERE in_stock = 1 AND brand = 'Kestrel'",
        ),
        (
            "indexes-low-selectivity/out-of-stock",
            "CREATE INDEX oos ON products (id) WHERE in_stock = 0;
             SELECT id, name FROM products WHERE in_stock = 0",
        ),
        (
            "indexes-exists-in-join/one-star-products",
            "CREATE INDEX rp ON reviews (product_id, rating);
             SELECT p.id, p.name FROM products p
             WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.rating = 1)",
        ),
        (
            "indexes-exists-in-join/never-reviewed",
            "CREATE INDEX rp ON reviews (product_id);
             SELECT p.id, p.name FROM products p LEFT JOIN reviews r ON r.product_id = p.id WHERE r.id IS NULL",
        ),
        (
            "indexes-exists-in-join/never-reviewed",
            "CREATE INDEX rp ON reviews (product_id);
             SELECT p.id, p.name FROM products p WHERE p.id NOT IN (SELECT product_id FROM reviews)",
        ),
        (
            "indexes-keyset-pagination/next-page-by-price",
            "CREATE INDEX pp ON products (price_cents);
             SELECT id, name, price_cents FROM products
             WHERE price_cents > 199 OR (price_cents = 199 AND id > 1787)
             ORDER BY price_cents, id LIMIT 20",
        ),
        (
            "indexes-correlated-subquery/above-category-average",
            "SELECT p.id, p.name, p.price_cents FROM products p
             JOIN (SELECT category, avg(price_cents) AS avg_price FROM products GROUP BY category) a
               ON a.category = p.category
             WHERE p.price_cents > a.avg_price",
        ),
        (
            "m2m-lab-tag-search/tag-leaderboard",
            "CREATE INDEX bt ON product_tags (tag_id, product_id);
             SELECT t.name, count(*) AS products FROM product_tags pt JOIN tags t ON t.id = pt.tag_id
             GROUP BY t.name ORDER BY products DESC, t.name LIMIT 20",
        ),
        (
            "m2m-lab-n-plus-one/tags-for-a-page",
            "WITH page AS (SELECT id, name FROM products WHERE brand = 'Kestrel' ORDER BY id LIMIT 5)
             SELECT page.id, page.name, t.name FROM page
             JOIN product_tags pt ON pt.product_id = page.id JOIN tags t ON t.id = pt.tag_id",
        ),
    ] {
        let v = grade(key, answer);
        assert!(v.passed, "{key}: {answer}\n{:#?}", v.messages);
    }
}

/// Counter values the lessons quote: VM steps are exact for one SQLite
/// version and one generator version, so they are checked here.
#[test]
fn counters_the_lessons_quote_are_what_sqlite_counts() {
    let counters = |script: &str| {
        let mut sb = Sandbox::open(&catalog_small(), SandboxConfig::default()).unwrap();
        let p = sb.profile(script).unwrap();
        (
            p.query_counters(),
            p.final_query().unwrap().result.total_rows,
        )
    };
    // Lab 1: the LIKE scan, its wrong rows, and the junction without and with the reverse index.
    let (like, like_rows) = counters("SELECT * FROM products WHERE tags LIKE '%wireless%'");
    assert_eq!(
        (like.vm_steps, like.fullscan_steps, like_rows),
        (20_142, 4_999, 15)
    );
    let junction = "SELECT p.* FROM tags t JOIN product_tags pt ON pt.tag_id = t.id \
                    JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'";
    let (no_index, rows) = counters(junction);
    assert_eq!((no_index.vm_steps, rows), (164_194, 9));
    let (indexed, _) = counters(&format!(
        "CREATE INDEX bt ON product_tags (tag_id, product_id); {junction}"
    ));
    assert_eq!(indexed.vm_steps, 129);
    assert!(
        like.vm_steps / indexed.vm_steps >= 100,
        "ratio in the hundreds"
    );
    // Lab 3: six small queries against one join.
    let (n_plus_one, _) = counters(
        "SELECT id, name FROM products WHERE brand = 'Kestrel' ORDER BY id LIMIT 5;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 8;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 58;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 87;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 89;
         SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = 93;",
    );
    assert_eq!(n_plus_one.vm_steps, 581);
    let (batched, _) = counters(
        "SELECT p.id, p.name, t.name FROM products p JOIN product_tags pt ON pt.product_id = p.id
         JOIN tags t ON t.id = pt.tag_id
         WHERE p.id IN (SELECT id FROM products WHERE brand = 'Kestrel' ORDER BY id LIMIT 5)",
    );
    assert_eq!(batched.vm_steps, 659);
    // Keyset pagination: OFFSET grows, the seek does not.
    let (offset_100, _) = counters("SELECT id, name FROM products ORDER BY id LIMIT 20 OFFSET 100");
    let (offset_4000, _) =
        counters("SELECT id, name FROM products ORDER BY id LIMIT 20 OFFSET 4000");
    let (keyset, _) =
        counters("SELECT id, name FROM products WHERE id > 4000 ORDER BY id LIMIT 20");
    assert_eq!(
        [
            (offset_100.vm_steps, offset_100.fullscan_steps),
            (offset_4000.vm_steps, offset_4000.fullscan_steps),
            (keyset.vm_steps, keyset.fullscan_steps)
        ],
        [(330, 119), (8_130, 4_019), (108, 0)]
    );
}

// ---------------------------------------------------------------------------
// Full-scale datasets are files opened read-only, never copied.

#[test]
fn read_only_datasets_take_queries_but_refuse_ddl_with_an_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = generate::generator("catalog").unwrap();
    let built =
        generate::build_file(dir.path(), catalog, generate::Scale::Small, &mut |_| {}).unwrap();
    assert!(!built.reused);
    let pristine = Pristine::from_file("catalog-small-file", &built.path);
    assert!(pristine.read_only_file().is_some());
    let exercise = PlanExercise {
        id: "t".into(),
        title: "t".into(),
        prompt: "t".into(),
        dataset: None,
        starter: None,
        solution: "SELECT p.id FROM tags t JOIN product_tags pt ON pt.tag_id = t.id \
                   JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'"
            .into(),
        allow_setup: SetupPolicy::Indexes,
        rules: vec![PlanRule::NoFullScan("products".into())],
        budget: None,
        hints: vec![],
        explanation: String::new(),
        wrong_answers: vec![WrongAnswer {
            sql: "SELECT id FROM products WHERE ',' || replace(lower(tags), ' ', '') || ',' LIKE '%,wireless,%'".into(),
            feedback: "scan".into(),
        }],
    };
    let exp = PlanExpectation::build(&pristine, &exercise).unwrap();
    assert_eq!(exp.rows.cases.len(), 1, "no variants on a read-only file");
    let v = grade_plan(&exp, &pristine, &exercise.solution);
    assert!(v.passed, "{v:#?}");
    let v = grade_plan(&exp, &pristine, &exercise.wrong_answers[0].sql);
    assert_eq!(v.known_mistake.as_deref(), Some("scan"));
    let v = grade_plan(
        &exp,
        &pristine,
        "CREATE INDEX x ON products (name); SELECT id FROM products",
    );
    assert_eq!(v.outcome, Outcome::Error);
    assert!(
        v.messages.iter().any(|m| m.contains("opened read-only")),
        "{:#?}",
        v.messages
    );
    // The file is untouched.
    let again =
        generate::build_file(dir.path(), catalog, generate::Scale::Small, &mut |_| {}).unwrap();
    assert!(again.reused);
}

#[test]
fn built_files_are_versioned_and_rebuilt_when_stale() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = generate::generator("catalog").unwrap();
    let datasets = dir.path().join("datasets");
    std::fs::create_dir_all(&datasets).unwrap();
    // A file of an older generator version, and a half-written current one.
    let old = datasets.join("catalog-small-v0.db");
    std::fs::write(&old, b"old").unwrap();
    let current = generate::file_path(dir.path(), catalog, generate::Scale::Small);
    std::fs::write(&current, b"not a database").unwrap();
    assert!(generate::built_file(dir.path(), catalog, generate::Scale::Small).is_none());
    let mut phases = Vec::new();
    let built = generate::build_file(dir.path(), catalog, generate::Scale::Small, &mut |p| {
        phases.push((p.phase.to_string(), p.done, p.total));
    })
    .unwrap();
    assert!(!built.reused);
    assert_eq!(built.removed, std::slice::from_ref(&old));
    assert!(!old.exists());
    assert_eq!(
        phases.last().unwrap(),
        &("products".to_string(), 5000, 5000)
    );
    assert!(generate::built_file(dir.path(), catalog, generate::Scale::Small).is_some());
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&datasets)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["catalog-small-v1.db"]);
}

#[test]
fn the_generated_small_catalog_is_stable_and_starts_with_the_hand_made_rows() {
    let mut sb = Sandbox::open(&catalog_small(), SandboxConfig::default()).unwrap();
    let r = sb
        .run_query("SELECT id, name, tags FROM products WHERE id IN (3, 13, 4711) ORDER BY id")
        .unwrap();
    let text: Vec<String> = r.rows.iter().map(|row| format!("{row:?}")).collect();
    assert!(text[0].contains("Charging Pad") && text[0].contains("wireless-charging"));
    assert!(text[1].contains("audio, Wireless"));
    // Product 4711 pins the generator's output: change the generator, bump its version.
    assert_eq!(
        r.rows[2][1],
        sqldojo::engine::Value::Text("Brightline Cordless Adapter".into()),
        "{text:?}"
    );
    let hand_made = Datasets::new(CourseSource::Bundled).get("catalog").unwrap();
    let mut hm = Sandbox::open(&hand_made, SandboxConfig::default()).unwrap();
    let q = "SELECT id, name, tags FROM products WHERE id <= 20 ORDER BY id";
    assert_eq!(
        hm.run_query(q).unwrap().rows,
        sb.run_query(q).unwrap().rows,
        "ids 1-20 of the generated catalog are datasets/catalog.sql"
    );
}

// ---------------------------------------------------------------------------
// The command line: `explain`, `dataset build`, plan verdicts as JSON.

fn explain_json(script: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &[
            "explain",
            "--dataset",
            "catalog-small",
            "--query",
            "-",
            "--format",
            "json",
        ],
        script,
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn explain_json_shows_the_scan_the_search_and_the_ratio() {
    let like = explain_json("SELECT id, name FROM products WHERE tags LIKE '%wireless%'");
    assert_eq!(like["plan"][0]["detail"], "SCAN products");
    assert_eq!(like["plan"][0]["parent"], 0);
    assert!(like["plan"][0]["id"].is_i64());
    assert_eq!(like["rows"], 15);
    assert!(like["elapsed_ms"].is_f64());
    let like_steps = like["counters"]["vm_steps"].as_u64().unwrap();
    assert_eq!(like["counters"]["fullscan_steps"], 4999);
    assert_eq!(like["counters"]["sort"], 0);
    assert_eq!(like["counters"]["autoindex"], 0);

    let junction = explain_json(
        "CREATE INDEX product_tags_by_tag ON product_tags (tag_id, product_id);
         SELECT p.id, p.name FROM tags t JOIN product_tags pt ON pt.tag_id = t.id
         JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'",
    );
    let details: Vec<&str> = junction["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["detail"].as_str().unwrap())
        .collect();
    assert!(
        details.iter().all(|d| d.starts_with("SEARCH")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.contains("USING COVERING INDEX product_tags_by_tag")),
        "{details:?}"
    );
    assert_eq!(junction["rows"], 9);
    assert_eq!(junction["queries"], 1);
    assert_eq!(junction["statements"].as_array().unwrap().len(), 2);
    let junction_steps = junction["counters"]["vm_steps"].as_u64().unwrap();
    let ratio = like_steps / junction_steps;
    assert!((100..1000).contains(&ratio), "VM-step ratio {ratio}");
}

#[test]
fn explain_text_draws_the_tree_and_sums_several_queries() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &["explain", "--dataset", "catalog-small", "--query", "-"],
        "SELECT count(*) FROM products;\nSELECT name FROM products WHERE id IN (SELECT product_id FROM reviews WHERE rating = 1)",
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Query 2 of 2"), "{}", run.stdout);
    assert!(
        run.stdout.contains("|--SEARCH products USING INTEGER PRIMARY KEY (rowid=?)\n`--LIST SUBQUERY 1\n   `--SCAN reviews"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("All 2 queries together:"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &["explain", "--dataset", "nope", "--query", "-"],
        "SELECT 1",
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no dataset `nope`") && run.stderr.contains("catalog-small"),
        "{}",
        run.stderr
    );
    let run = sqldojo(
        &["explain", "--dataset", "catalog-small", "--query", "-"],
        "SELECT nope FROM products",
        dir.path(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no such column: nope"),
        "{}",
        run.stderr
    );
    let run = sqldojo(
        &["explain", "--dataset", "catalog-small", "--query", "-"],
        "ATTACH 'x.db' AS x",
        dir.path(),
    );
    assert_eq!(run.code, 1);
    let run = sqldojo(
        &["explain", "--dataset", "catalog-full", "--query", "-"],
        "SELECT 1",
        dir.path(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not built yet")
            && run
                .stderr
                .contains("sqldojo dataset build catalog --scale full"),
        "{}",
        run.stderr
    );
}

#[test]
fn dataset_build_builds_once_then_reuses() {
    let dir = tempfile::tempdir().unwrap();
    let first = sqldojo(
        &["dataset", "build", "catalog", "--scale", "small"],
        "",
        dir.path(),
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.starts_with("built catalog-small in "),
        "{}",
        first.stdout
    );
    assert!(
        first.stderr.contains("products: 100%"),
        "progress on a pipe: {}",
        first.stderr
    );
    let again = sqldojo(&["dataset", "build", "catalog"], "", dir.path());
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("already built"), "{}", again.stdout);
    // The built file is usable like any dataset file.
    let file = dir.path().join("datasets/catalog-small-v1.db");
    assert!(file.is_file());
    let unknown = sqldojo(&["dataset", "build", "nope"], "", dir.path());
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("known: catalog"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn grade_json_carries_the_plan_report() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqldojo(
        &[
            "grade",
            "--exercise",
            "m2m-lab-tag-search/wireless-fast",
            "--answer",
            "-",
            "--format",
            "json",
        ],
        "SELECT p.id, p.name FROM tags t JOIN product_tags pt ON pt.tag_id = t.id \
         JOIN products p ON p.id = pt.product_id WHERE t.name = 'wireless'",
        dir.path(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["passed"], false);
    let plan = &v["plan"];
    assert_eq!(plan["plan"][1]["detail"], "SCAN pt");
    assert_eq!(plan["tree"][1], "|--SCAN pt");
    assert_eq!(plan["cost"]["counters"]["fullscan_steps"], 41_020);
    let missed: Vec<&str> = plan["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == false)
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        missed,
        [
            "no full scan of `product_tags`",
            "reads `product_tags` through an index"
        ]
    );
    assert_eq!(plan["budget"][0]["counter"], "vm_steps");
    assert!(
        v["known_mistake"]
            .as_str()
            .unwrap()
            .contains("reverse index")
    );
}

//! The generated product catalog of the many-to-many lab: products whose
//! tags are stored twice — as the comma-separated `products.tags` text of
//! the seed's slow design, and as `tags` + `product_tags` — plus reviews.
//!
//! Figures at full scale (the seed's): 2,800,000 products, 8.4 tags per
//! tagged product on average, at most 47, 12,400 distinct tags, `wireless`
//! on about 850 products. Ids 1–20 are the hand-made products of
//! `datasets/catalog.sql` (same names and tag text, edge cases included), so
//! every scale has them; generated products follow from id 21. Every
//! product is drawn from its own random stream, so the small catalog's
//! products are exactly the first products of the full one.

use std::collections::HashMap;

use rusqlite::Connection;

use super::Progress;
use super::prng::{SplitMix64, Weighted};
use super::words::{ADJECTIVES, BRANDS, HEAD_TAGS, MODIFIERS, MORE_TAGS, NOUNS};

/// Generator version: bump it whenever the output changes (word lists,
/// distributions, schema); built files of other versions are rebuilt.
pub const VERSION: u32 = 1;
/// The fixed seed.
pub const SEED: u64 = 0x5EED_CA7A_1060_0011;
/// Distinct tags in the vocabulary (tag id = popularity rank).
pub const TAG_COUNT: usize = 12_400;
/// Most tags one product has.
pub const MAX_TAGS: usize = 47;
/// Popularity rank (and id) of `wireless`: rare enough that about 850 of
/// 2.8M products carry it, as in the seed.
pub const WIRELESS_RANK: usize = 3915;
/// Rank (and id) of `wireless-charging`, the tag `LIKE '%wireless%'` also matches.
pub const WIRELESS_CHARGING_RANK: usize = 2600;
/// Products created from 2015-01-01 on, over ten years.
const CREATED_FROM_DAY: i64 = 16_436; // days from 1970-01-01 to 2015-01-01
const CREATED_SPAN_SECONDS: u64 = 10 * 365 * 86_400;
/// Flattening of the tag popularity curve: tag r has weight 1 / (r + 10).
const ZIPF_OFFSET: u64 = 10;
/// Tag counts: 1 + a negative binomial (2, 0.787) capped at 47: mean 8.4.
const COUNT_RHO: f64 = 0.787;

const STREAM_PRODUCT: u64 = 1;
const STREAM_REVIEW: u64 = 2;
const STREAM_VOCABULARY: u64 = 3;

/// Size of one scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogSize {
    /// Number of products.
    pub products: u64,
    /// Create the indexes the lab builds (full scale is read-only, so it
    /// comes with them).
    pub lab_indexes: bool,
}

/// The schema (both designs side by side).
pub const SCHEMA: &str = "
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    tags        TEXT,              -- comma-separated: the design the lab replaces
    category    TEXT NOT NULL,
    brand       TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    created_at  TEXT NOT NULL,     -- 'YYYY-MM-DD HH:MM:SS'
    in_stock    INTEGER NOT NULL   -- 1 for about 95% of products
);
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE product_tags (
    product_id INTEGER NOT NULL REFERENCES products(id),
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (product_id, tag_id)
) WITHOUT ROWID;
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    created_at TEXT NOT NULL
);
";

/// Indexes the full scale is built with (the lab's reverse index, and the
/// one reviews need): learners cannot add indexes to the read-only file.
pub const LAB_INDEXES: &str = "
CREATE INDEX product_tags_by_tag ON product_tags (tag_id, product_id);
CREATE INDEX reviews_by_product ON reviews (product_id);
";

/// The hand-made products of `datasets/catalog.sql`, with a category each.
pub const HAND_MADE: &[(i64, &str, Option<&str>, &str)] = &[
    (
        1,
        "Bluetooth Speaker",
        Some("electronics,audio,wireless,bluetooth,portable"),
        "audio",
    ),
    (
        2,
        "Wireless Earbuds",
        Some("wireless,audio,bluetooth"),
        "audio",
    ),
    (
        3,
        "Charging Pad",
        Some("electronics,wireless-charging"),
        "power",
    ),
    (4, "Phone Stand", Some("phone,office"), "phone"),
    (5, "USB-C Cable", Some("usb,cable,electronics"), "power"),
    (6, "USB-C Cable", Some("usb,cable,usb"), "power"),
    (7, "Desk Lamp", Some("home,office,lighting"), "lighting"),
    (8, "Travel Mug", Some("kitchen,portable"), "kitchen"),
    (9, "Kettle", Some("kitchen,"), "kitchen"),
    (10, "Gift Card", Some(""), "home"),
    (11, "Mystery Box", None, "toys"),
    (
        12,
        "Wireless Mouse",
        Some("electronics,office,wireless"),
        "computing",
    ),
    (13, "Headphones", Some("audio, Wireless"), "audio"),
    (14, "Power Bank", Some("electronics,portable,usb"), "power"),
    (
        15,
        "Smart Watch",
        Some("wireless-charging,wearable,bluetooth"),
        "wearables",
    ),
    (16, "Radio", Some("wireless"), "audio"),
    (
        17,
        "Camping Lantern",
        Some("outdoor,portable,lighting"),
        "lighting",
    ),
    (18, "Car Charger", Some("electronics,usb,phone"), "power"),
    (19, "Phone Case", Some("phone"), "phone"),
    (20, "Doormat", Some("home"), "home"),
];

/// The tag vocabulary: names by id (id = rank), and popularity weights.
pub struct Vocabulary {
    /// Tag names; the tag with id `i` is `names[i - 1]`.
    pub names: Vec<String>,
    by_name: HashMap<String, u32>,
    popularity: Weighted,
}

impl Vocabulary {
    /// Builds the vocabulary: the head tags, then single words and
    /// modifier-word pairs in a fixed shuffled order, with `wireless` and
    /// `wireless-charging` placed at their ranks.
    pub fn new() -> Self {
        let mut singles: Vec<&str> = HEAD_TAGS.to_vec();
        singles.extend(MORE_TAGS);
        let mut tail: Vec<String> = MORE_TAGS.iter().map(|s| s.to_string()).collect();
        let mut seen: std::collections::HashSet<String> =
            singles.iter().map(|s| s.to_string()).collect();
        seen.insert("wireless".into());
        seen.insert("wireless-charging".into());
        let mut pairs = Vec::new();
        for m in MODIFIERS {
            for base in &singles {
                let pair = format!("{m}-{base}");
                if m != base && seen.insert(pair.clone()) {
                    pairs.push(pair);
                }
            }
        }
        let mut rng = SplitMix64::for_item(SEED, STREAM_VOCABULARY, 0);
        for i in (1..pairs.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            pairs.swap(i, j);
        }
        // Single words are a little more popular than pairs: interleave one
        // single per ten pairs after the head.
        let mut names: Vec<String> = HEAD_TAGS.iter().map(|s| s.to_string()).collect();
        let mut pairs = pairs.into_iter();
        tail.reverse();
        while names.len() < TAG_COUNT {
            let rank = names.len() + 1;
            if rank == WIRELESS_RANK {
                names.push("wireless".into());
            } else if rank == WIRELESS_CHARGING_RANK {
                names.push("wireless-charging".into());
            } else if rank % 10 == 0
                && let Some(single) = tail.pop()
            {
                names.push(single);
            } else {
                names.push(pairs.next().expect("enough pairs for the vocabulary"));
            }
        }
        let by_name = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32 + 1))
            .collect();
        let popularity = Weighted::new(
            (1..=TAG_COUNT as u64).map(|r| 1_000_000_000_000_000 / (r + ZIPF_OFFSET)),
        );
        Vocabulary {
            names,
            by_name,
            popularity,
        }
    }

    /// The id of a tag name.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// The name of a tag id.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize - 1]
    }

    /// The probability that one drawn tag is this id.
    pub fn probability(&self, id: u32) -> f64 {
        self.popularity.probability(id as usize - 1)
    }

    fn draw(&self, rng: &mut SplitMix64) -> u32 {
        self.popularity.sample(rng) as u32 + 1
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::new()
    }
}

/// The distribution of tag counts: index j means 1 + j tags.
fn tag_counts() -> Weighted {
    // (j + 1) * rho^j by repeated multiplication: exact IEEE operations,
    // the same on every platform. The tail beyond 46 is folded into 47.
    let mut weights = Vec::with_capacity(MAX_TAGS);
    let mut power = 1.0f64;
    let mut tail = 0.0f64;
    for j in 0..400u32 {
        let w = f64::from(j + 1) * power;
        if (j as usize) < MAX_TAGS - 1 {
            weights.push(w);
        } else {
            tail += w;
        }
        power *= COUNT_RHO;
    }
    weights.push(tail);
    Weighted::new(weights.into_iter().map(|w| (w * 1e12) as u64))
}

/// One generated product.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Comma-separated tags as stored (NULL for never tagged).
    pub tags: Option<String>,
    /// Tag ids, cleaned (trimmed, lower-cased, no empties, each once), sorted.
    pub tag_ids: Vec<u32>,
    /// Category.
    pub category: String,
    /// Brand.
    pub brand: String,
    /// Price in cents.
    pub price_cents: i64,
    /// Creation time, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: String,
    /// 1 when in stock.
    pub in_stock: i64,
    /// Seconds since the epoch of `created_at` (for reviews).
    created_secs: i64,
}

/// Generates product `id` (1-based).
pub fn product(vocab: &Vocabulary, counts: &Weighted, id: i64) -> Product {
    let mut rng = SplitMix64::for_item(SEED, STREAM_PRODUCT, id as u64);
    let brand = rng.pick(BRANDS).to_string();
    let adjective = rng.pick(ADJECTIVES);
    let (noun, noun_category) = *rng.pick(NOUNS);
    let x = rng.below(10_000) as i64;
    let price_cents = 199 + x * x / 1000;
    let created_secs = CREATED_FROM_DAY * 86_400 + rng.below(CREATED_SPAN_SECONDS) as i64;
    let in_stock = i64::from(rng.chance(95, 100));
    let (name, tags, category) = match HAND_MADE.iter().find(|h| h.0 == id) {
        Some(&(_, name, tags, category)) => (
            name.to_string(),
            tags.map(str::to_string),
            category.to_string(),
        ),
        None => {
            let tags = if rng.chance(1, 200) {
                None
            } else {
                let k = counts.sample(&mut rng) + 1;
                let mut chosen: Vec<u32> = Vec::with_capacity(k);
                while chosen.len() < k {
                    let t = vocab.draw(&mut rng);
                    if !chosen.contains(&t) {
                        chosen.push(t);
                    }
                }
                let text: Vec<&str> = chosen.iter().map(|&t| vocab.name(t)).collect();
                Some(text.join(","))
            };
            (
                format!("{brand} {adjective} {noun}"),
                tags,
                noun_category.to_string(),
            )
        }
    };
    let tag_ids = clean_tags(vocab, tags.as_deref());
    Product {
        id,
        name,
        tags,
        tag_ids,
        category,
        brand,
        price_cents,
        created_at: datetime(created_secs),
        in_stock,
        created_secs,
    }
}

/// The junction's view of a tag text: split on commas, trim, lower-case,
/// drop empty pieces, keep each tag once; sorted ids.
pub fn clean_tags(vocab: &Vocabulary, tags: Option<&str>) -> Vec<u32> {
    let mut ids: Vec<u32> = tags
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .map(|t| vocab.id(&t).expect("hand-made tags are in the vocabulary"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `YYYY-MM-DD HH:MM:SS` of seconds since the Unix epoch (proleptic
/// Gregorian, Howard Hinnant's days-to-civil algorithm).
pub fn datetime(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Most rows one multi-row INSERT carries (SQLite allows 32,766 parameters).
const ROWS_PER_INSERT: usize = 64;

/// Multi-row INSERT statements of one table, by number of rows: one
/// prepared statement per batch size, so that a product's tag links (or
/// reviews) go in with one step instead of one per row.
struct BatchInsert {
    sql: Vec<String>,
}

impl BatchInsert {
    fn new(head: &str, row: &str) -> Self {
        let sql = (0..=ROWS_PER_INSERT)
            .map(|n| {
                let rows = vec![row; n.max(1)].join(", ");
                format!("{head} VALUES {rows}")
            })
            .collect();
        BatchInsert { sql }
    }

    /// Inserts `rows` (each a slice of values) with as few statements as possible.
    fn run(&self, conn: &Connection, rows: &[Vec<rusqlite::types::Value>]) -> rusqlite::Result<()> {
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut stmt = conn.prepare_cached(&self.sql[chunk.len()])?;
            let mut i = 1;
            for row in chunk {
                for v in row {
                    stmt.raw_bind_parameter(i, v)?;
                    i += 1;
                }
            }
            stmt.raw_execute()?;
        }
        Ok(())
    }
}

/// Fills an empty database with the catalog. Runs in one transaction with
/// prepared (multi-row) statements; calls `progress` every few thousand
/// products.
pub fn generate(
    conn: &Connection,
    size: CatalogSize,
    progress: &mut dyn FnMut(Progress<'_>),
) -> rusqlite::Result<()> {
    use rusqlite::types::Value as V;
    let vocab = Vocabulary::new();
    let counts = tag_counts();
    conn.set_prepared_statement_cache_capacity(4 * ROWS_PER_INSERT);
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(SCHEMA)?;
    let tags = BatchInsert::new("INSERT INTO tags (id, name)", "(?, ?)");
    let products = BatchInsert::new(
        "INSERT INTO products (id, name, tags, category, brand, price_cents, created_at, in_stock)",
        "(?, ?, ?, ?, ?, ?, ?, ?)",
    );
    let links = BatchInsert::new("INSERT INTO product_tags (product_id, tag_id)", "(?, ?)");
    let reviews = BatchInsert::new(
        "INSERT INTO reviews (id, product_id, rating, created_at)",
        "(?, ?, ?, ?)",
    );
    let tag_rows: Vec<Vec<V>> = vocab
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| vec![V::Integer(i as i64 + 1), V::Text(name.clone())])
        .collect();
    tags.run(&tx, &tag_rows)?;

    let total = size.products;
    let mut review_id = 0i64;
    let mut product_rows = Vec::with_capacity(ROWS_PER_INSERT);
    let mut link_rows = Vec::with_capacity(MAX_TAGS);
    let mut review_rows = Vec::with_capacity(8);
    for id in 1..=total as i64 {
        let p = product(&vocab, &counts, id);
        link_rows.clear();
        link_rows.extend(
            p.tag_ids
                .iter()
                .map(|&t| vec![V::Integer(id), V::Integer(i64::from(t))]),
        );
        links.run(&tx, &link_rows)?;
        let mut rng = SplitMix64::for_item(SEED, STREAM_REVIEW, id as u64);
        // 0 to 6 reviews (3 on average), ratings leaning positive.
        review_rows.clear();
        for _ in 0..rng.below(7) {
            review_id += 1;
            let rating = 1 + [0, 1, 2, 2, 3, 3, 3, 4, 4, 4][rng.below(10) as usize];
            let at = p.created_secs + 3600 + rng.below(400 * 86_400) as i64;
            review_rows.push(vec![
                V::Integer(review_id),
                V::Integer(id),
                V::Integer(rating),
                V::Text(datetime(at)),
            ]);
        }
        reviews.run(&tx, &review_rows)?;
        product_rows.push(vec![
            V::Integer(p.id),
            V::Text(p.name),
            p.tags.map_or(V::Null, V::Text),
            V::Text(p.category),
            V::Text(p.brand),
            V::Integer(p.price_cents),
            V::Text(p.created_at),
            V::Integer(p.in_stock),
        ]);
        if product_rows.len() == ROWS_PER_INSERT || id as u64 == total {
            products.run(&tx, &product_rows)?;
            product_rows.clear();
        }
        if id % 5000 == 0 || id as u64 == total {
            progress(Progress {
                phase: "products",
                done: id as u64,
                total,
            });
        }
    }
    if size.lab_indexes {
        progress(Progress {
            phase: "indexes",
            done: 0,
            total: 1,
        });
        tx.execute_batch(LAB_INDEXES)?;
        progress(Progress {
            phase: "indexes",
            done: 1,
            total: 1,
        });
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_has_the_seed_figures() {
        let v = Vocabulary::new();
        assert_eq!(v.names.len(), TAG_COUNT);
        let distinct: std::collections::HashSet<&String> = v.names.iter().collect();
        assert_eq!(distinct.len(), TAG_COUNT);
        assert_eq!(v.id("wireless"), Some(WIRELESS_RANK as u32));
        assert_eq!(
            v.id("wireless-charging"),
            Some(WIRELESS_CHARGING_RANK as u32)
        );
        let containing: Vec<&String> = v.names.iter().filter(|n| n.contains("wireless")).collect();
        assert_eq!(containing.len(), 2, "{containing:?}");
        for (_, _, tags, _) in HAND_MADE {
            clean_tags(&v, *tags); // every hand-made tag is known
        }
    }

    #[test]
    fn tag_counts_average_about_eight_point_four() {
        let counts = tag_counts();
        let mean: f64 = (0..MAX_TAGS)
            .map(|j| (j + 1) as f64 * counts.probability(j))
            .sum();
        assert!((8.3..8.5).contains(&mean), "mean {mean}");
        assert!(counts.probability(MAX_TAGS - 1) > 0.0);
    }

    #[test]
    fn hand_made_rows_are_cleaned_like_catalog_md_says() {
        let v = Vocabulary::new();
        let names = |id: i64| -> Vec<String> {
            let (_, _, tags, _) = HAND_MADE.iter().find(|h| h.0 == id).unwrap();
            clean_tags(&v, *tags)
                .into_iter()
                .map(|t| v.name(t).to_string())
                .collect()
        };
        assert!(names(13).contains(&"wireless".to_string()));
        assert_eq!(names(6).len(), 2); // usb once, cable
        assert_eq!(names(9), vec!["kitchen".to_string()]);
        assert!(names(10).is_empty() && names(11).is_empty());
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(datetime(0), "1970-01-01 00:00:00");
        assert_eq!(datetime(CREATED_FROM_DAY * 86_400), "2015-01-01 00:00:00");
        assert_eq!(datetime(951_782_400 + 3661), "2000-02-29 01:01:01");
    }

    #[test]
    fn products_are_stable_and_independent_of_scale() {
        let v = Vocabulary::new();
        let c = tag_counts();
        let a = product(&v, &c, 4711);
        assert_eq!(a, product(&v, &c, 4711));
        assert!(a.tags.is_none() || !a.tag_ids.is_empty());
        assert_eq!(product(&v, &c, 13).tags.as_deref(), Some("audio, Wireless"));
    }
}

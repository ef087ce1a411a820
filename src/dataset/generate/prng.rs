//! A small, value-stable pseudo-random generator for dataset generators.
//!
//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014; the generator that seeds xoshiro): the state
//! advances by a fixed odd constant and each output is the state run through
//! a fixed 64-bit mixer. It passes BigCrush, needs no allocation, and every
//! item of a dataset can have its own stream (`for_item`), so the first N
//! products of the full catalog are exactly the small catalog's N products.
//!
//! Why not `rand`/`rand_chacha`: lessons state facts about generated rows
//! ("product 4711 has 47 tags"), so the bytes must never change unless the
//! generator's version changes. ChaCha's stream is stable, but `rand`'s
//! distribution helpers (ranges, floats, shuffles) have changed their outputs
//! between releases; a dependency bump would silently change the data. Here
//! everything, sampling included, is integer arithmetic written down once —
//! no `ln`/`exp` whose last bit could differ between platforms' libm.

/// Weyl increment of SplitMix64 (2^64 divided by the golden ratio, odd).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output mixer (a bijection on u64).
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A stream from a seed.
    pub const fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The stream of one item (`index`) of one kind of thing (`stream`, e.g.
    /// products or reviews) under a dataset seed: independent of how many
    /// items come before it.
    pub const fn for_item(seed: u64, stream: u64, index: u64) -> Self {
        let key = mix(seed ^ mix(stream.wrapping_mul(GOLDEN) ^ index));
        SplitMix64 { state: key }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A number in `0..n` (Lemire's multiply-shift; the bias, below 2^-40 for
    /// the ranges used here, does not matter for test data). `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `numerator / denominator`.
    pub fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A discrete distribution over `0..len` given by integer weights, sampled
/// by binary search over cumulative sums: exact and platform-independent.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<u64>,
}

impl Weighted {
    /// From weights (at least one non-zero).
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Self {
        let mut total = 0u64;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect::<Vec<_>>();
        assert!(total > 0, "a weighted choice needs some weight");
        Weighted { cumulative }
    }

    /// A random index, each with probability weight / total.
    pub fn sample(&self, rng: &mut SplitMix64) -> usize {
        let total = *self.cumulative.last().expect("not empty");
        let x = rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }

    /// The probability of an index, as a fraction of the total (for tests and docs).
    pub fn probability(&self, index: usize) -> f64 {
        let total = *self.cumulative.last().expect("not empty") as f64;
        let before = if index == 0 {
            0
        } else {
            self.cumulative[index - 1]
        };
        (self.cumulative[index] - before) as f64 / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_outputs() {
        // First outputs of SplitMix64 seeded with 1234567 (the values in
        // Vigna's reference implementation's test vectors).
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn item_streams_are_independent_of_order() {
        let a = SplitMix64::for_item(7, 1, 42).next_u64();
        let _ = SplitMix64::for_item(7, 1, 41).next_u64();
        assert_eq!(SplitMix64::for_item(7, 1, 42).next_u64(), a);
        assert_ne!(SplitMix64::for_item(7, 2, 42).next_u64(), a);
    }

    #[test]
    fn weighted_sampling_follows_the_weights() {
        let w = Weighted::new([1, 0, 3]);
        let mut rng = SplitMix64::new(9);
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[w.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        let ratio = f64::from(counts[2]) / f64::from(counts[0]);
        assert!((2.8..3.2).contains(&ratio), "{counts:?}");
        assert!((w.probability(2) - 0.75).abs() < 1e-12);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SplitMix64::new(3);
        assert!((0..10_000).all(|_| rng.below(7) < 7));
    }
}

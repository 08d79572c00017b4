//! Keyed Bloom-filter encodings (cryptographic long-term keys, CLK; Schnell et al. 2011, as in
//! the Data61 clkhash/anonlink stack) for fuzzy privacy-preserving matching.
//!
//! Every feature of a record (bigrams of the normalised name tokens, a transliteration-folded
//! code of each token, the parts of the birth date, the birth country) sets `k` positions of a
//! filter of `BITS` bits; the positions come from `HMAC-SHA256(K_clk, feature)` by double hashing,
//! with `K_clk` derived from the linkage secret (HKDF, purpose `clk`), so nobody without the
//! secret can encode a guess. Similar records have filters with a high Dice coefficient.
//!
//! Hardening (see docs/LINKAGE.md for the measured trade-off): the filter can be **balanced** (a
//! filter of `BITS / 2` bits and its complement are concatenated, so every encoding has exactly
//! `BITS / 2` ones and the Hamming weight says nothing about the name's length; off, see
//! [`BALANCED`]), and it is always **permuted** with a keyed permutation.
//!
//! An encoding is one frame of `BITS` bits, on the wire and in memory. (Before linkage v3 the
//! frame was `2 * BITS` bits with half of it always zero when not balanced; such a frame from an
//! older client is read as "no encoding", see [`from_bytes`].)

use ring::hmac;

/// Bits of an encoding (the frame on the wire and in memory).
pub const BITS: usize = 1024;
/// Words of an encoding.
pub const WORDS: usize = BITS / 64;
/// Bytes of a frame sent by clients before linkage v3 (`2 * BITS` bits).
const LEGACY_BYTES: usize = 2 * BITS / 8;

/// A permuted encoding of `BITS` bits (exactly `BITS / 2` ones when balanced).
pub type Clk = [u64; WORDS];

/// Hash functions per feature kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub name_bigram: u32,
    pub name_phonetic: u32,
    pub birth_year: u32,
    /// Month and day are encoded as an unordered pair: this weighs the smaller number (or a
    /// month known alone), `birth_day` the larger.
    pub birth_month: u32,
    pub birth_day: u32,
    pub birth_digit: u32,
    pub country: u32,
    pub other: u32,
}

/// Whether Samla balances its encodings. Measured on the bench (docs/LINKAGE.md), balancing
/// costs 0.02–0.1 F1 at every threshold with the current weights, so it is off until the
/// hardening work of the linkage issue finds a configuration that keeps quality.
pub const BALANCED: bool = false;

/// The weights Samla uses (chosen on the bench, docs/LINKAGE.md).
pub const WEIGHTS: Weights = Weights {
    name_bigram: 12,
    name_phonetic: 16,
    birth_year: 24,
    birth_month: 14,
    birth_day: 14,
    birth_digit: 6,
    country: 6,
    other: 10,
};

/// What a record contributes to its encoding.
#[derive(Debug, Default, Clone)]
pub struct Features<'a> {
    /// Normalised name tokens (given and family together).
    pub names: Vec<&'a str>,
    pub birth_year: Option<i32>,
    pub birth_month: Option<u8>,
    pub birth_day: Option<u8>,
    pub country: Option<&'a str>,
    /// Further text attributes (benchmarks only: FEBRL addresses); tagged, already normalised.
    pub other: Vec<(&'a str, &'a str)>,
}

/// Encoder holding the derived keys, and a cache of feature hashes (the same bigrams and dates
/// recur across records, so most features are hashed once per batch).
pub struct Encoder {
    key: hmac::Key,
    permutation: Vec<u16>,
    weights: Weights,
    balanced: bool,
    /// Positions the features hash to: `BITS`, or `BITS / 2` when balanced (the complement
    /// takes the other half).
    filter_bits: u64,
    cache: std::cell::RefCell<std::collections::HashMap<String, [u64; 2]>>,
}

impl Encoder {
    /// `key_material` is 32 bytes derived from the linkage secret for purpose `clk`.
    pub fn new(key_material: &[u8; 32], weights: Weights, balanced: bool) -> Encoder {
        let key = hmac::Key::new(hmac::HMAC_SHA256, key_material);
        // Keyed Fisher–Yates permutation of the BITS positions.
        let perm_key = hmac::Key::new(hmac::HMAC_SHA256, hmac::sign(&key, b"samla clk permutation").as_ref());
        let n = BITS;
        let mut permutation: Vec<u16> = (0..n as u16).collect();
        let mut stream = Vec::new();
        let mut counter = 0u32;
        let mut next = || -> u64 {
            if stream.len() < 8 {
                stream.extend_from_slice(hmac::sign(&perm_key, &counter.to_be_bytes()).as_ref());
                counter += 1;
            }
            let v = u64::from_le_bytes(stream[..8].try_into().unwrap_or([0; 8]));
            stream.drain(..8);
            v
        };
        for i in (1..n).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            permutation.swap(i, j);
        }
        let filter_bits = if balanced { BITS as u64 / 2 } else { BITS as u64 };
        Encoder { key, permutation, weights, balanced, filter_bits, cache: Default::default() }
    }

    fn set(&self, filter: &mut [u64; BITS / 64], feature: &str, k: u32) {
        let cached = self.cache.borrow().get(feature).copied();
        let [h1, h2] = match cached {
            Some(h) => h,
            None => {
                let d = hmac::sign(&self.key, feature.as_bytes());
                let b = d.as_ref();
                let h = [
                    u64::from_le_bytes(b[0..8].try_into().unwrap_or([0; 8])),
                    u64::from_le_bytes(b[8..16].try_into().unwrap_or([0; 8])) | 1,
                ];
                let mut c = self.cache.borrow_mut();
                if c.len() < 1 << 20 {
                    c.insert(feature.to_string(), h);
                }
                h
            }
        };
        for i in 0..u64::from(k) {
            let p = (h1.wrapping_add(i.wrapping_mul(h2)) % self.filter_bits) as usize;
            filter[p / 64] |= 1 << (p % 64);
        }
    }

    /// The plain (unbalanced, unpermuted) Bloom filter.
    pub fn filter(&self, f: &Features<'_>) -> [u64; BITS / 64] {
        let w = &self.weights;
        let mut filter = [0u64; BITS / 64];
        let mut buf = String::with_capacity(32);
        for t in &f.names {
            let padded: Vec<char> = std::iter::once('_').chain(t.chars()).chain(std::iter::once('_')).collect();
            for pair in padded.windows(2) {
                buf.clear();
                buf.push_str("n2:");
                buf.extend(pair);
                self.set(&mut filter, &buf, w.name_bigram);
            }
            let code = phonetic(t);
            if !code.is_empty() {
                self.set(&mut filter, &format!("np:{code}"), w.name_phonetic);
            }
        }
        // Birth date as whole parts (a different year is a strong disagreement) and as
        // positional digits (so one mistyped digit still leaves most of the date agreeing).
        let mut digits = String::new();
        if let Some(y) = f.birth_year {
            self.set(&mut filter, &format!("by:{y:04}"), w.birth_year);
            digits.push_str(&format!("{y:04}"));
        }
        // Month and day as an unordered pair: a date written day-first at one member and
        // month-first at another (2003-08-03 / 2003-03-08, a common data-entry and spreadsheet
        // error) encodes the same. Their digits follow the pair's order, so one mistyped digit
        // still leaves most of the date agreeing. A month alone sets its number only (it is
        // then found inside a full date's pair whichever place it has there).
        match (f.birth_month, f.birth_day) {
            (Some(m), Some(d)) => {
                let (lo, hi) = (m.min(d), m.max(d));
                self.set(&mut filter, &format!("bmd:{lo:02}"), w.birth_month);
                self.set(&mut filter, &format!("bmd:{hi:02}"), w.birth_day);
                digits.push_str(&format!("{lo:02}{hi:02}"));
            }
            (Some(x), None) | (None, Some(x)) => self.set(&mut filter, &format!("bmd:{x:02}"), w.birth_month),
            (None, None) => {}
        }
        for (i, c) in digits.chars().enumerate() {
            self.set(&mut filter, &format!("b{i}:{c}"), w.birth_digit);
        }
        if let Some(c) = f.country {
            self.set(&mut filter, &format!("bc:{c}"), w.country);
        }
        for (tag, v) in &f.other {
            let padded: Vec<char> = std::iter::once('_').chain(v.chars()).chain(std::iter::once('_')).collect();
            for pair in padded.windows(2) {
                buf.clear();
                buf.push_str(tag);
                buf.push(':');
                buf.extend(pair);
                self.set(&mut filter, &buf, w.other);
            }
        }
        filter
    }

    /// The encoding that is sent: balanced and permuted (or only permuted when not balanced).
    pub fn encode(&self, f: &Features<'_>) -> Clk {
        let plain = self.filter(f);
        let mut out = [0u64; WORDS];
        if !self.balanced {
            // Only the set bits move: visit them, not all positions.
            for (w, &word) in plain.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    let i = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let p = self.permutation[i] as usize;
                    out[p / 64] |= 1 << (p % 64);
                }
            }
            return out;
        }
        // Balanced: the first half is the filter, the second its complement.
        let half = BITS / 2;
        for (i, &p) in self.permutation.iter().enumerate() {
            let bit =
                if i < half { plain[i / 64] >> (i % 64) & 1 } else { !plain[(i - half) / 64] >> ((i - half) % 64) & 1 };
            if bit == 1 {
                out[p as usize / 64] |= 1 << (p % 64);
            }
        }
        out
    }
}

/// Share of the bits of the encodings of a record **without a birth date** (an encoding of its
/// names and birth country only) that the client flips at random before sending (BLIP, Schnell
/// & Borgs 2016): two such records with the same names never send the same encoding, so
/// nobody holding the encodings can count identical ones and align those counts with a list of
/// common names (docs/LINKAGE.md §4). The linkage knows which records carry noise and at what
/// rate, and compares accordingly ([`noisy_dice_same`]).
pub const NAME_NOISE: f64 = 0.01;

/// Flip each bit of `c` with probability `f`, from the system's random generator (a
/// per-record key would give identical records identical flips). `false` (and `c` unchanged)
/// when no randomness could be had: the caller must not send `c` then.
pub fn blip(c: &mut Clk, f: f64) -> bool {
    if f <= 0.0 {
        return true;
    }
    use ring::rand::SecureRandom as _;
    let mut r = [0u8; BITS * 4];
    if ring::rand::SystemRandom::new().fill(&mut r).is_err() {
        return false;
    }
    let limit = (f.clamp(0.0, 1.0) * f64::from(u32::MAX)) as u32;
    for (i, chunk) in r.chunks_exact(4).enumerate() {
        if u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) < limit {
            c[i / 64] ^= 1 << (i % 64);
        }
    }
    true
}

/// Set bits before noise at rate `f` of an encoding with `ones` set bits as received
/// (observed = n (1 − f) + (bits − n) f).
fn true_ones(ones: u32, f: f64, bits: f64) -> f64 {
    ((f64::from(ones) - bits * f) / (1.0 - 2.0 * f)).clamp(1.0, bits)
}

/// The Dice coefficient two encodings of the *same* feature set have when each bit of the
/// first was flipped with probability `fa` and of the second with `fb` (0: no noise), given
/// their numbers of set bits as received and the frame size `bits` left to compare (the
/// linkage takes the year bits out).
pub fn noisy_dice_same(ones_a: u32, ones_b: u32, fa: f64, fb: f64, bits: f64) -> f64 {
    if fa <= 0.0 && fb <= 0.0 {
        return 1.0;
    }
    let n = (true_ones(ones_a, fa, bits) + true_ones(ones_b, fb, bits)) / 2.0;
    let shared = n * (1.0 - fa) * (1.0 - fb) + (bits - n) * fa * fb;
    let ones = n * (2.0 - fa - fb) + (bits - n) * (fa + fb);
    (2.0 * shared / ones).clamp(0.05, 1.0)
}

/// The standard deviation of that Dice coefficient (to first order: the bits the noise takes
/// away and adds, `sqrt(bits · (fa + fb) / 4) / n` for `n` set bits before the noise).
pub fn noisy_dice_spread(ones_a: u32, ones_b: u32, fa: f64, fb: f64, bits: f64) -> f64 {
    if fa <= 0.0 && fb <= 0.0 {
        return 0.0;
    }
    let n = (true_ones(ones_a, fa, bits) + true_ones(ones_b, fb, bits)) / 2.0;
    (bits * (fa + fb) / 4.0).sqrt() / n
}

/// Dice coefficient of two encodings.
#[inline]
pub fn dice(a: &Clk, b: &Clk) -> f64 {
    let (mut both, mut na, mut nb) = (0u32, 0u32, 0u32);
    for i in 0..WORDS {
        both += (a[i] & b[i]).count_ones();
        na += a[i].count_ones();
        nb += b[i].count_ones();
    }
    if na + nb == 0 {
        0.0
    } else {
        2.0 * f64::from(both) / f64::from(na + nb)
    }
}

/// Encode to bytes (little-endian words) and back, for the wire.
pub fn to_bytes(c: &Clk) -> Vec<u8> {
    c.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Whether `b` is a frame of an older client (`2 * BITS` bits): its bits were permuted over
/// twice the positions and cannot be compared with a current frame, so it is read as no
/// encoding (the record still links by its match keys).
pub(crate) fn is_legacy_frame(b: &[u8]) -> bool {
    b.len() == LEGACY_BYTES
}

pub(crate) fn from_bytes(b: &[u8]) -> Option<Clk> {
    if b.len() != WORDS * 8 {
        return None;
    }
    let mut c = [0u64; WORDS];
    for (i, chunk) in b.chunks_exact(8).enumerate() {
        c[i] = u64::from_le_bytes(chunk.try_into().ok()?);
    }
    Some(c)
}

/// A transliteration-folded code of a name token, so that common variants get the same code
/// (Mohammed/Muhammad, Aleksandr/Alexander, Olga/Olha, Yulia/Julia, Iosif/Josef): digraphs are
/// simplified, letters are mapped to sound classes, adjacent repeats collapsed and vowels dropped.
pub fn phonetic(token: &str) -> String {
    let mut s = token.to_ascii_lowercase();
    for (from, to) in [("dzh", "j"), ("dj", "j"), ("tch", "ch"), ("sch", "sh"), ("ph", "f"), ("th", "t"), ("x", "ks")] {
        s = s.replace(from, to);
    }
    let b = s.as_bytes();
    let mut classes = Vec::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        let next_vowel = b.get(i + 1).is_some_and(|n| b"aeiouy".contains(n));
        let class = match c {
            // A leading j/y/i before a vowel is a glide: Julia = Yulia, Jelena = Yelena = Elena.
            b'j' | b'y' if i == 0 && next_vowel => b'0',
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => b'0',
            b'b' | b'p' | b'f' | b'v' | b'w' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' | b'h' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            b'0'..=b'9' => c,
            _ => continue,
        };
        if classes.last() != Some(&class) {
            classes.push(class);
        }
    }
    classes.into_iter().filter(|c| *c != b'0').map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(balanced: bool) -> Encoder {
        Encoder::new(&[9u8; 32], WEIGHTS, balanced)
    }

    fn rec<'a>(names: &'a [&'a str], date: (i32, u8, u8)) -> Features<'a> {
        Features {
            names: names.to_vec(),
            birth_year: Some(date.0),
            birth_month: Some(date.1),
            birth_day: Some(date.2),
            country: None,
            other: vec![],
        }
    }

    #[test]
    fn transliteration_variants_share_a_code() {
        for (a, b) in [
            ("mohammed", "muhammad"),
            ("aleksandr", "alexander"),
            ("olga", "olha"),
            ("yulia", "julia"),
            ("nguyen", "nguyen"),
            ("jelena", "yelena"),
        ] {
            assert_eq!(phonetic(a), phonetic(b), "{a}/{b}");
        }
        assert_ne!(phonetic("maria"), phonetic("marta"));
    }

    #[test]
    fn balanced_encodings_have_constant_weight_and_round_trip() {
        let e = enc(true);
        for names in [&["a"][..], &["aleksandra", "konstantinopolskaya"][..]] {
            let c = e.encode(&rec(names, (1990, 1, 2)));
            let ones: u32 = c.iter().map(|w| w.count_ones()).sum();
            assert_eq!(ones as usize, BITS / 2);
            assert_eq!(from_bytes(&to_bytes(&c)), Some(c));
            assert_eq!(to_bytes(&c).len(), BITS / 8);
        }
        assert_eq!(from_bytes(&[0u8; 3]), None);
    }

    #[test]
    fn noise_makes_equal_names_unequal_and_the_expected_dice_is_right() {
        let e = enc(false);
        let clean = e.encode(&rec(&["olga", "ivanova"], (1990, 1, 2)));
        let (mut a, mut b) = (clean, clean);
        assert!(blip(&mut a, NAME_NOISE) && blip(&mut b, NAME_NOISE));
        assert_ne!(a, b, "two noisy copies differ");
        assert_ne!(a, clean);
        let ones = |c: &Clk| c.iter().map(|w| w.count_ones()).sum::<u32>();
        // Over many copies the mean Dice of two noisy copies is what the formula says.
        let mut sum = 0.0;
        let mut expect = 0.0;
        for _ in 0..200 {
            let (mut x, mut y) = (clean, clean);
            assert!(blip(&mut x, NAME_NOISE) && blip(&mut y, NAME_NOISE));
            sum += dice(&x, &y);
            expect += noisy_dice_same(ones(&x), ones(&y), NAME_NOISE, NAME_NOISE, BITS as f64);
        }
        assert!((sum / 200.0 - expect / 200.0).abs() < 0.01, "{} vs {}", sum / 200.0, expect / 200.0);
        assert_eq!(noisy_dice_same(100, 100, 0.0, 0.0, 1024.0), 1.0);
        // One noisy side, one clean.
        let (mut sum, mut expect) = (0.0, 0.0);
        for _ in 0..200 {
            let mut x = clean;
            assert!(blip(&mut x, NAME_NOISE));
            sum += dice(&x, &clean);
            expect += noisy_dice_same(ones(&x), ones(&clean), NAME_NOISE, 0.0, BITS as f64);
        }
        assert!((sum / 200.0 - expect / 200.0).abs() < 0.01, "{} vs {}", sum / 200.0, expect / 200.0);
    }

    #[test]
    fn a_date_written_day_first_encodes_as_written_month_first() {
        let e = enc(false);
        let on = |m: Option<u8>, d: Option<u8>| {
            e.filter(&Features { birth_year: Some(1990), birth_month: m, birth_day: d, ..Features::default() })
        };
        // 8 March and 3 August: the same pair of numbers, the same encoding.
        assert_eq!(on(Some(3), Some(8)), on(Some(8), Some(3)));
        // Another date does not.
        assert_ne!(on(Some(3), Some(8)), on(Some(3), Some(9)));
        // A date known to the month only is found inside the full date whichever place the
        // month has in the pair.
        let within = |part: [u64; WORDS], full: [u64; WORDS]| part.iter().zip(&full).all(|(p, f)| p & f == *p);
        assert!(within(on(Some(3), None), on(Some(3), Some(8))));
        assert!(within(on(Some(8), None), on(Some(3), Some(8))));
        assert!(!within(on(Some(5), None), on(Some(3), Some(8))));
    }

    #[test]
    fn variants_score_higher_than_different_people() {
        for balanced in [false, true] {
            let e = enc(balanced);
            let d = |a: &[&str], da, b: &[&str], db| dice(&e.encode(&rec(a, da)), &e.encode(&rec(b, db)));
            let same = d(&["mohammed", "ali"], (1990, 1, 2), &["muhammad", "ali"], (1990, 1, 2));
            let other = d(&["mohammed", "ali"], (1990, 1, 2), &["mahmoud", "ali"], (1985, 7, 9));
            assert!(same > other + 0.1, "balanced={balanced}: {same} vs {other}");
        }
    }

    proptest::proptest! {
        #[test]
        fn wire_round_trip_and_dice_properties(words in proptest::collection::vec(proptest::num::u64::ANY, WORDS), other in proptest::collection::vec(proptest::num::u64::ANY, WORDS)) {
            let mut a = [0u64; WORDS];
            a.copy_from_slice(&words);
            let mut b = [0u64; WORDS];
            b.copy_from_slice(&other);
            proptest::prop_assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
            let d = dice(&a, &b);
            proptest::prop_assert!((0.0..=1.0).contains(&d));
            proptest::prop_assert_eq!(d, dice(&b, &a));
            if a.iter().any(|w| *w != 0) {
                proptest::prop_assert_eq!(dice(&a, &a), 1.0);
            }
        }

        #[test]
        fn encoding_is_deterministic_and_phonetic_never_panics(name in "\\PC{0,20}", y in 1900i32..2025) {
            let e = enc(false);
            let tokens = crate::normalize::name_tokens(&name);
            let f = Features { names: tokens.iter().map(String::as_str).collect(), birth_year: Some(y), ..Default::default() };
            proptest::prop_assert_eq!(e.encode(&f), e.encode(&f));
            for t in &tokens {
                let code = phonetic(t);
                proptest::prop_assert!(code.bytes().all(|c| c.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn the_key_matters() {
        let a = Encoder::new(&[1u8; 32], WEIGHTS, true).encode(&rec(&["olga"], (1990, 1, 1)));
        let b = Encoder::new(&[2u8; 32], WEIGHTS, true).encode(&rec(&["olga"], (1990, 1, 1)));
        assert!(dice(&a, &b) < 0.6);
    }
}

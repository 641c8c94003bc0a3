//! The clock and the id generator the control plane can steer: a clock set
//! to an instant (frozen, or running on from it) and uuids and tokens drawn
//! from a seed, so a frontend test's snapshots come out the same every run.
//! Both wrap what the app was built with (the system clock, random ids, or a
//! test's fixed ones) and are transparent until set.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

use crate::service::{Clock, IdGen};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How the steered clock reads the time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    /// The wrapped clock, as it is.
    Base,
    /// The wrapped clock shifted by this much (the time runs on).
    Offset(Duration),
    /// Always this instant.
    Frozen(DateTime<Utc>),
}

/// A clock the control plane can set, freeze and advance.
pub(crate) struct SteeredClock {
    base: Arc<dyn Clock>,
    mode: Mutex<Mode>,
}

impl SteeredClock {
    pub(crate) fn new(base: Arc<dyn Clock>, mode: Mode) -> Self {
        SteeredClock { base, mode: Mutex::new(mode) }
    }

    pub(crate) fn mode(&self) -> Mode {
        *lock(&self.mode)
    }

    pub(crate) fn set_mode(&self, mode: Mode) {
        *lock(&self.mode) = mode;
    }

    /// Sets the time to `at`, frozen there or running on from it.
    pub(crate) fn set(&self, at: DateTime<Utc>, frozen: bool) {
        let mode = if frozen { Mode::Frozen(at) } else { Mode::Offset(at - self.base.now()) };
        self.set_mode(mode);
    }

    /// Moves the time forward (or back, for a negative `by`).
    pub(crate) fn advance(&self, by: Duration) {
        let mut mode = lock(&self.mode);
        *mode = match *mode {
            Mode::Base => Mode::Offset(by),
            Mode::Offset(o) => Mode::Offset(o + by),
            Mode::Frozen(at) => Mode::Frozen(at + by),
        };
    }
}

impl Clock for SteeredClock {
    fn now(&self) -> DateTime<Utc> {
        match self.mode() {
            Mode::Base => self.base.now(),
            Mode::Offset(o) => self.base.now() + o,
            Mode::Frozen(at) => at,
        }
    }
}

/// SplitMix64: a tiny generator whose output for a seed never changes with a
/// dependency's version, so a seed names the same ids in every release.
#[derive(Debug, Clone, Copy)]
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Seeded: the seed and the generator's position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seeded {
    seed: u64,
    state: SplitMix,
}

/// Ids from the wrapped generator, or from a seed once one is set.
pub(crate) struct SeededIds {
    base: Arc<dyn IdGen>,
    seeded: Mutex<Option<Seeded>>,
}

impl SeededIds {
    pub(crate) fn new(base: Arc<dyn IdGen>, seed: Option<u64>) -> Self {
        let ids = SeededIds { base, seeded: Mutex::new(None) };
        ids.set_seed(seed);
        ids
    }

    /// Starts the sequence of `seed` from its beginning (`None`: back to the wrapped generator).
    pub(crate) fn set_seed(&self, seed: Option<u64>) {
        *lock(&self.seeded) = seed.map(|seed| Seeded { seed, state: SplitMix(seed) });
    }

    /// Where the sequence stands, to come back to with [`SeededIds::put_back`].
    pub(crate) fn position(&self) -> Option<Seeded> {
        *lock(&self.seeded)
    }

    pub(crate) fn put_back(&self, position: Option<Seeded>) {
        *lock(&self.seeded) = position;
    }

    pub(crate) fn seed(&self) -> Option<u64> {
        lock(&self.seeded).map(|s| s.seed)
    }

    /// Random bytes from the seed, or `None` when unseeded.
    fn bytes<const N: usize>(&self) -> Option<[u8; N]> {
        let mut seeded = lock(&self.seeded);
        let seeded = seeded.as_mut()?;
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let word = seeded.state.next().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Some(out)
    }
}

impl IdGen for SeededIds {
    fn uuid(&self) -> String {
        match self.bytes::<16>() {
            // A version 4 uuid, as Directus makes: its version and variant bits set.
            Some(bytes) => uuid::Builder::from_random_bytes(bytes).into_uuid().to_string(),
            None => self.base.uuid(),
        }
    }

    fn token(&self, len: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
        if self.seed().is_none() {
            return self.base.token(len);
        }
        let mut out = String::with_capacity(len);
        while out.len() < len {
            let Some(word) = self.bytes::<8>() else { return self.base.token(len) };
            for b in word.into_iter().take(len - out.len()) {
                out.push(ALPHABET[(b & 63) as usize] as char);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{RandomIds, SystemClock};

    #[test]
    fn a_seed_names_one_sequence() {
        let a = SeededIds::new(Arc::new(RandomIds), Some(42));
        let first: Vec<String> = (0..3).map(|_| a.uuid()).collect();
        a.set_seed(Some(42));
        let again: Vec<String> = (0..3).map(|_| a.uuid()).collect();
        assert_eq!(first, again);
        assert_ne!(first[0], first[1]);
        let parsed = uuid::Uuid::parse_str(&first[0]).expect("a uuid");
        assert_eq!(parsed.get_version_num(), 4);
        // Pinned: a seed gives the same ids in every release.
        assert_eq!(first[0], "956eeb2f-2632-47bd-83f1-66b233e3ef28");
        assert_eq!(a.token(70).len(), 70);
        a.set_seed(None);
        assert_ne!(a.uuid(), a.uuid());
    }

    #[test]
    fn the_clock_freezes_runs_on_and_advances() {
        let clock = SteeredClock::new(Arc::new(SystemClock), Mode::Base);
        let at: DateTime<Utc> = "2030-01-01T00:00:00Z".parse().expect("a date");
        clock.set(at, true);
        assert_eq!(clock.now(), at);
        clock.advance(Duration::hours(1));
        assert_eq!(clock.now(), at + Duration::hours(1));
        clock.set(at, false);
        let running = clock.now() - at;
        assert!(running >= Duration::zero() && running < Duration::seconds(5), "{running}");
        clock.set_mode(Mode::Base);
        assert!((clock.now() - Utc::now()).num_seconds().abs() < 5);
    }
}

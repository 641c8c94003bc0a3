//! Progress on stderr: on a terminal a live line with the scenarios done out
//! of the run's total (every pass of the run counted together), the failures
//! so far and the elapsed time; one line per feature in any case.

use std::io::{IsTerminal as _, Write as _};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The run's progress, shared by its passes.
#[derive(Clone)]
pub(crate) struct Progress {
    state: Arc<Mutex<State>>,
}

struct State {
    total: usize,
    done: usize,
    failed: usize,
    started: Instant,
    /// The feature being run: its name, scenarios done and not passing.
    feature: Option<(String, usize, usize)>,
    tty: bool,
    quiet: bool,
}

/// `1m05s`, `42s`.
pub(crate) fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 { format!("{}m{:02}s", s / 60, s % 60) } else { format!("{s}s") }
}

/// The live line: `[123/861 1m05s] 2 failing  Reading items`.
pub(crate) fn live_line(
    done: usize,
    total: usize,
    failed: usize,
    took: Duration,
    feature: &str,
) -> String {
    format!("[{done}/{total} {}] {failed} failing  {feature}", elapsed(took))
}

impl Progress {
    pub(crate) fn new(total: usize, quiet: bool) -> Progress {
        let state = State {
            total,
            done: 0,
            failed: 0,
            started: Instant::now(),
            feature: None,
            tty: std::io::stderr().is_terminal(),
            quiet,
        };
        Progress { state: Arc::new(Mutex::new(state)) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn tick(&self, feature: &str, passed: bool) {
        let mut st = self.state();
        st.done += 1;
        if !passed {
            st.failed += 1;
        }
        let same = st.feature.as_ref().is_some_and(|(f, _, _)| f == feature);
        if !same {
            st.flush_feature();
            st.feature = Some((feature.to_owned(), 0, 0));
        }
        if let Some((_, n, bad)) = st.feature.as_mut() {
            *n += 1;
            if !passed {
                *bad += 1;
            }
        }
        if st.tty && !st.quiet {
            let line = live_line(st.done, st.total, st.failed, st.started.elapsed(), feature);
            let mut err = std::io::stderr();
            let _ = write!(err, "\r\x1b[2K{line}");
            let _ = err.flush();
        }
    }

    /// The end of a pass: the last feature's line.
    pub(crate) fn finish(&self) {
        self.state().flush_feature();
    }
}

impl State {
    fn flush_feature(&mut self) {
        if self.quiet {
            return;
        }
        if let Some((name, n, bad)) = self.feature.take() {
            let mut err = std::io::stderr();
            if self.tty {
                let _ = write!(err, "\r\x1b[2K");
            }
            let verdict = if bad == 0 { "ok".to_owned() } else { format!("{bad} not passing") };
            let _ = writeln!(err, "  {name}: {n} scenarios, {verdict}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_line_shows_done_total_and_elapsed_time() {
        assert_eq!(
            live_line(123, 861, 2, Duration::from_millis(65_400), "Reading items"),
            "[123/861 1m05s] 2 failing  Reading items"
        );
        assert_eq!(live_line(1, 3, 0, Duration::from_secs(7), "F"), "[1/3 7s] 0 failing  F");
    }
}

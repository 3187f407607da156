//! Progress bars on a terminal (indicatif). Nothing is drawn when stderr is
//! not a terminal: piped and redirected output, CI logs and tests stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ops::progress::Progress;

/// A bar on stderr, or nothing at all when stderr is not a terminal.
pub(crate) struct Bar {
    bar: ProgressBar,
    /// Where the bar is drawn once the first phase starts (nothing is drawn before).
    target: Option<fn() -> ProgressDrawTarget>,
}

impl Bar {
    pub(crate) fn stderr() -> Bar {
        Bar::to(std::io::stderr().is_terminal().then_some(ProgressDrawTarget::stderr as fn() -> ProgressDrawTarget))
    }

    fn to(target: Option<fn() -> ProgressDrawTarget>) -> Bar {
        let bar = ProgressBar::hidden();
        let style = ProgressStyle::with_template("{msg:>18} [{bar:30}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Bar { bar, target }
    }
}

impl Progress for Bar {
    fn start(&self, message: &str, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(message.to_string());
        if let Some(target) = self.target
            && self.bar.is_hidden()
        {
            self.bar.set_draw_target(target());
        }
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Bar {
    /// An operation that fails half-way leaves no bar behind its error message.
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_bar_draws_nothing_and_counts() {
        let bar = Bar::to(None);
        assert!(bar.bar.is_hidden());
        bar.start("Reading history", 10);
        bar.advance(3);
        assert_eq!((bar.bar.position(), bar.bar.length()), (3, Some(10)));
        bar.start("Writing pages", 2);
        assert_eq!((bar.bar.position(), bar.bar.length()), (0, Some(2)));
        bar.finish();
        assert!(bar.bar.is_finished());
        assert!(bar.bar.is_hidden());
    }
}

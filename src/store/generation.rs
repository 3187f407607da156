//! The product's write generation: a token in pm's state folder that every
//! write through pm replaces, under the product's write lock, before and
//! after it changes files. A command that reads the product notes the token
//! first; when it then takes the lock to write and finds the token as it was,
//! no pm write has landed since it read, so the product it read is the
//! product as it is and need not be read a second time.
//!
//! The token says nothing about edits made outside pm (an editor, a `git
//! checkout`): those never took the lock, so reading again under it never
//! ordered pm's writes after them either; the compare-and-swap on each
//! written file is what keeps such an edit from being overwritten.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Result;

const FILE: &str = "generation";

/// The token as it is now: empty before the first write, `None` when the
/// file cannot be read (then nothing can be assumed unchanged).
pub(crate) fn read(state_dir: &Path) -> Option<Vec<u8>> {
    match std::fs::read(state_dir.join(FILE)) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Vec::new()),
        Err(_) => None,
    }
}

/// Replaces the token with one no process has written before: this
/// process's id, the time in nanoseconds and a counter.
pub(crate) fn bump(state_dir: &Path) -> Result<()> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let token = format!("{} {nanos} {}\n", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
    super::atomic::create_dir_all(state_dir)?;
    super::atomic::write_unsynced_with(&state_dir.join(FILE), |out| out.write_all(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bump_gives_a_new_token() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        assert_eq!(read(&state), Some(Vec::new()));
        bump(&state).unwrap();
        let first = read(&state).unwrap();
        assert!(!first.is_empty());
        bump(&state).unwrap();
        assert_ne!(read(&state).unwrap(), first);
    }

    #[test]
    fn an_unreadable_token_is_none() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file belongs cannot be read as one.
        std::fs::create_dir_all(dir.path().join(FILE)).unwrap();
        assert_eq!(read(dir.path()), None);
    }
}

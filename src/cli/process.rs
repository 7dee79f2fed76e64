//! Start-up hardening, before the program reads or writes anything: files private to the user from
//! their first byte, no core dumps (they would hold the data key and passphrases), and passphrases
//! taken out of the environment, where other processes of the same user could read them
//! (`/proc/<pid>/environ`) and every child would inherit them.

use age::secrecy::SecretString;
use std::sync::OnceLock;

/// The environment variables that may carry a passphrase.
const SECRET_VARIABLES: [&str; 2] = ["ERCMS_PASSPHRASE", "ERCMS_NEW_PASSPHRASE"];

static TAKEN: OnceLock<[Option<SecretString>; 2]> = OnceLock::new();

/// Called first thing in `main`, while the process has a single thread.
pub fn harden() {
    // SAFETY: these calls take plain integers and a pointer to a local struct; they cannot fail in a
    // way that leaves memory unsafe, and their results only say whether the limit was applied.
    unsafe {
        libc::umask(0o077);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        // `ercms case list | head` ends quietly when `head` has read enough, like other tools,
        // instead of failing on the closed pipe.
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    take_secrets();
    quiet_panics();
}

/// A panic prints one sentence with where it happened, never its message (which may hold data).
/// Panics inside sled are caught at the store and reported as storage errors: they print nothing.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if crate::vault::panicking_in_store() {
            return;
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("ercms: an internal error stopped this action{at}; please report it");
    }));
}

/// Reads the passphrase variables once and removes them from the environment.
fn take_secrets() {
    TAKEN.get_or_init(|| {
        SECRET_VARIABLES.map(|name| {
            let value = std::env::var(name).ok().map(SecretString::from);
            // Single-threaded here (see `harden`), so removing cannot race a reader.
            std::env::remove_var(name);
            value
        })
    });
}

/// `$ERCMS_PASSPHRASE` as it was at start.
pub fn passphrase_variable() -> Option<SecretString> {
    taken(0)
}

/// `$ERCMS_NEW_PASSPHRASE` as it was at start.
pub fn new_passphrase_variable() -> Option<SecretString> {
    taken(1)
}

fn taken(i: usize) -> Option<SecretString> {
    // Library callers (tests) that never ran `harden` still read the variables, once.
    take_secrets();
    TAKEN.get().and_then(|t| t[i].clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    #[test]
    fn the_passphrase_variables_are_read_once_and_removed() {
        std::env::set_var("ERCMS_PASSPHRASE", "from the environment");
        std::env::set_var("ERCMS_NEW_PASSPHRASE", "a new one");
        let p = passphrase_variable().expect("read");
        assert_eq!(p.expose_secret(), "from the environment");
        assert!(std::env::var_os("ERCMS_PASSPHRASE").is_none());
        assert!(std::env::var_os("ERCMS_NEW_PASSPHRASE").is_none());
        assert_eq!(
            new_passphrase_variable().unwrap().expose_secret(),
            "a new one"
        );
    }
}

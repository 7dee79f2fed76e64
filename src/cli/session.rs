//! A command's session. Each `ercms` command signs in, does its one thing and signs out; a
//! supervisor's command that changed the station signs out as a supervisor's TUI session does, with a
//! signed checkpoint kept as the station's last (docs/THREAT-MODEL.md, "Checkpoints"). Commands that
//! only read leave none: nothing new would be signed, and a checkpoint replays the whole state.

use crate::service::Session;
use std::ops::{Deref, DerefMut};

pub struct CommandSession {
    session: Session,
    /// The chain's size at sign-in: the command changed the station if it grew.
    signed_in_at: u64,
}

impl CommandSession {
    pub fn new(session: Session) -> CommandSession {
        let signed_in_at = session.head.next;
        CommandSession {
            session,
            signed_in_at,
        }
    }
}

impl Deref for CommandSession {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl DerefMut for CommandSession {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.session
    }
}

impl Drop for CommandSession {
    /// Runs when the command is done with its session; dropping the session then zeroises the key.
    fn drop(&mut self) {
        if self.session.head.next > self.signed_in_at {
            // The command's own work is durable already; a checkpoint that cannot be signed is said,
            // and the next sign-out, export or backup signs one.
            if let Err(e) = self.session.checkpoint_at_sign_out(chrono::Utc::now()) {
                eprintln!("ercms: no checkpoint was signed at sign-out: {e}");
            }
        }
    }
}

//! A command's session. Each `ercms` command signs in, does its one thing and signs out; a
//! supervisor's command that changed the station signs out as a supervisor's TUI session does, with a
//! signed checkpoint kept as the station's last (docs/THREAT-MODEL.md, "Checkpoints"). Commands that
//! only read leave none: nothing new would be signed, and a checkpoint replays the whole state.

use crate::domain::role::Role;
use crate::service::Session;
use std::ops::{Deref, DerefMut};

pub struct CommandSession {
    session: Option<Session>,
    /// The chain's size at sign-in: the command changed the station if it grew.
    signed_in_at: u64,
}

impl CommandSession {
    pub fn new(session: Session) -> CommandSession {
        let signed_in_at = session.head.next;
        CommandSession {
            session: Some(session),
            signed_in_at,
        }
    }
}

impl Deref for CommandSession {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session
            .as_ref()
            .expect("the session is only taken when the command ends")
    }
}

impl DerefMut for CommandSession {
    fn deref_mut(&mut self) -> &mut Session {
        self.session
            .as_mut()
            .expect("the session is only taken when the command ends")
    }
}

impl Drop for CommandSession {
    fn drop(&mut self) {
        let Some(s) = self.session.take() else { return };
        let changed = s.head.next > self.signed_in_at;
        if s.user().role == Role::Supervisor && changed {
            // The command's own work is durable already; a checkpoint that cannot be signed is said,
            // and the next sign-out, export or backup signs one.
            if let Err(e) = s.sign_out(chrono::Utc::now()) {
                eprintln!("ercms: no checkpoint was signed at sign-out: {e}");
            }
        }
    }
}

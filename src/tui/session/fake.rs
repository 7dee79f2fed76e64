//! The fake station's answers to the session port: synthetic, fixed.

use crate::tui::cases::view::*;
use crate::tui::fake::FakeStation;
use crate::tui::fake::{role_of, PASSPHRASE};
use crate::tui::session::port::SessionPort;
use crate::tui::session::view::*;
use crate::tui::view::*;

impl SessionPort for FakeStation {
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String> {
        match role_of(user) {
            Some(role) if passphrase == PASSPHRASE => Ok(SessionInfo {
                user: user.to_string(),
                role,
                station: "IQ-MOMD-BGD".to_string(),
            }),
            _ => Err("The user name or passphrase is not right.".to_string()),
        }
    }
    fn lock(&mut self) {
        self.journal.borrow_mut().locks += 1;
    }
    fn dashboard(&mut self) -> Result<Dashboard, String> {
        if let Some(why) = &self.failing_reads {
            return Err(why.clone());
        }
        let count = |status: &str| self.rows.iter().filter(|r| r.status == status).count();
        Ok(Dashboard {
            queues: vec![
                QueueCount {
                    view: QueueView::All,
                    count: self.rows.len(),
                },
                QueueCount {
                    view: QueueView::Incoming,
                    count: count("RECEIVED"),
                },
                QueueCount {
                    view: QueueView::Verification,
                    count: count("IN_VERIFICATION"),
                },
                QueueCount {
                    view: QueueView::Approval,
                    count: count("DECISION_PROPOSED"),
                },
            ],
            overdue: self
                .rows
                .iter()
                .filter(|r| r.urgency == Urgency::Overdue)
                .count(),
            due_soon: self
                .rows
                .iter()
                .filter(|r| r.urgency == Urgency::DueSoon)
                .count(),
            waiting_for_me: count("DECISION_PROPOSED"),
        })
    }
}

//! The lock screen: the session is kept, nothing of it shows, the passphrase opens it again.

use super::super::app::App;
use super::super::components::sign_in::{self, SignInBox};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let Some(lock) = &app.lock else {
        return;
    };
    let user = app.session.as_ref().map_or("", |s| s.user.as_str());
    let masked = "•".repeat(lock.passphrase.value().chars().count());
    sign_in::render(
        frame,
        area,
        &app.theme,
        SignInBox {
            title: t.get("lock-title"),
            prompt: t.with("lock-prompt", &[("user", user.into())]),
            fields: vec![(t.get("login-passphrase"), masked, true)],
            error: lock.error.as_deref(),
            hint: t.get("lock-hint"),
        },
    );
}

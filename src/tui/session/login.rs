//! Sign in: user name and a passphrase that never shows.

use super::super::app::App;
use super::super::components::sign_in::{self, SignInBox, LABEL_WIDTH};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let login = &app.login;
    let masked = "•".repeat(login.passphrase.value().chars().count());
    let (popup, rows) = sign_in::render(
        frame,
        area,
        &app.theme,
        SignInBox {
            title: t.get("login-title"),
            prompt: t.get("login-prompt"),
            fields: vec![
                (
                    t.get("login-user"),
                    login.user.value().to_string(),
                    login.focus == 0,
                ),
                (t.get("login-passphrase"), masked, login.focus == 1),
            ],
            error: login.error.as_deref(),
            hint: t.get("login-hint"),
        },
    );
    let input = if login.focus == 0 {
        &login.user
    } else {
        &login.passphrase
    };
    let x = popup.x + 1 + LABEL_WIDTH as u16 + input.visual_cursor() as u16;
    let y = popup.y + 1 + rows.get(login.focus.min(1)).copied().unwrap_or(0);
    if x < popup.right() && y < popup.bottom() {
        frame.set_cursor_position((x, y));
    }
}

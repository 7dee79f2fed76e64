//! Screen tests: snapshots on a test terminal, and key sequences driven through `App`.

pub(crate) use super::action::Action;
pub(crate) use super::app::{App, AppOptions, ConfirmThen, Screen};
use super::draw;
pub(crate) use super::fake::{FakeStation, Journal, PASSPHRASE};
pub(crate) use super::keymap::Context;
pub(crate) use ratatui::backend::TestBackend;
pub(crate) use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub(crate) use ratatui::Terminal;
pub(crate) use std::cell::RefCell;
pub(crate) use std::rc::Rc;

pub(crate) fn app_with(station: FakeStation, language: &str) -> (App, Rc<RefCell<Journal>>) {
    let journal = station.journal.clone();
    let options = AppOptions {
        language: language.to_string(),
        media_dir: "/media/usb".into(),
        ..AppOptions::default()
    };
    let mut app = App::new(Box::new(station), options);
    app.update(Action::Resize(80, 24));
    (app, journal)
}

pub(crate) fn app() -> App {
    app_with(FakeStation::new(), "en").0
}

pub(crate) fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

pub(crate) fn ctrl(app: &mut App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub(crate) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub(crate) fn sign_in(app: &mut App, user: &str) {
    type_text(app, user);
    press(app, KeyCode::Tab);
    type_text(app, PASSPHRASE);
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Dashboard, "{user} signs in");
}

pub(crate) fn signed_in(user: &str) -> App {
    let mut a = app();
    sign_in(&mut a, user);
    a
}

pub(crate) fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|f| draw::draw(app, f))
        .expect("draw on a test terminal");
    terminal.backend().to_string()
}

pub(crate) fn screen(app: &App) -> String {
    render(app, 80, 24)
}

/// Opens the queue from the dashboard's first line ("All").
pub(crate) fn open_queue(app: &mut App) {
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Queue);
}

// ---- login and lock ----

// ---- dashboards per role ----

// ---- queue ----

// ---- case detail ----

// ---- approvals ----

// ---- exchange ----

// ---- help ----

#[test]
pub(crate) fn help_lists_the_keys_of_the_screen_under_it() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    press(&mut a, KeyCode::Char('?'));
    assert_eq!(a.context(), Context::Help);
    let s = screen(&a);
    assert!(s.contains("filter by typing"));
    insta::assert_snapshot!("help_queue", s);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::Queue);
}

// ---- languages ----

#[test]
pub(crate) fn french_and_arabic_screens() {
    let mut fr = app_with(FakeStation::new(), "fr").0;
    insta::assert_snapshot!("login_fr", screen(&fr));
    sign_in(&mut fr, "amira");
    insta::assert_snapshot!("dashboard_fr", screen(&fr));
    let mut ar = app_with(FakeStation::new(), "ar").0;
    sign_in(&mut ar, "amira");
    open_queue(&mut ar);
    insta::assert_snapshot!("queue_ar", screen(&ar));
}

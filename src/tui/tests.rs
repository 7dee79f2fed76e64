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

/// The live tests' clock: a fixed Wednesday noon, so that working-day deadlines and days to a reply
/// read the same on any day and at any hour the tests run (a demo made on a Thursday counts differently).
pub(crate) fn live_clock() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
        .single()
        .expect("a fixed instant")
}

/// A TUI over the real live adapter on a real demo station (`service::demo`), signed in as `user`:
/// the screens then show the product's own text, not the fake's.
pub(crate) fn live_app(user: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let station = crate::service::Station::demo(dir.path(), live_clock()).expect("demo station");
    let options = AppOptions {
        media_dir: dir.path().join("media"),
        ..AppOptions::default()
    };
    let live = super::live::LiveStation::new(station).with_clock(live_clock);
    let mut app = App::new(Box::new(live), options);
    app.nrm.clock = Some(live_clock().date_naive());
    app.update(Action::Resize(80, 24));
    type_text(&mut app, user);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, &format!("demo-{user}-pass"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Dashboard, "{user} signs in to the demo");
    (dir, app)
}

/// The screen with dates, times, references and ids masked (`2026-12-02` becomes `####-##-##`),
/// so that a snapshot of a demo made today stays the same tomorrow: a word holding a digit is
/// masked when it is joined to another by `-`, `:` or `_`, or is eight characters or longer. Day
/// counts stay: the demo's deadlines are relative to the day it is made.
pub(crate) fn masked(screen: &str) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &chars[start..i];
        let at = |k: Option<usize>| k.and_then(|k| chars.get(k)).copied();
        // A '-' joins only when a word stands before it; otherwise it is a minus sign.
        let joined_before = match at(start.checked_sub(1)) {
            Some(':') | Some('_') => true,
            Some('-') => at(start.checked_sub(2)).is_some_and(|c| c.is_ascii_alphanumeric()),
            _ => false,
        };
        let joined_after = matches!(at(Some(i)), Some('-') | Some(':') | Some('_'))
            && at(Some(i + 1)).is_some_and(|c| c.is_ascii_alphanumeric());
        if word.iter().any(char::is_ascii_digit)
            && (joined_before || joined_after || word.len() >= 8)
        {
            out[start..i].iter_mut().for_each(|c| *c = '#');
        }
    }
    out.into_iter().collect()
}

/// Opens the dashboard line `item` of a signed-in App.
pub(crate) fn open_item(app: &mut App, item: crate::tui::app::MenuItem) {
    press(app, KeyCode::Home);
    let at = app
        .menu()
        .iter()
        .position(|m| *m == item)
        .expect("the dashboard offers it");
    for _ in 0..at {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

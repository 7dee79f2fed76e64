//! Screen tests: snapshots on a test terminal, and key sequences driven through `App`.

pub(crate) use super::action::Action;
pub(crate) use super::app::{App, AppOptions, ConfirmThen, Screen};
use super::draw;
pub(crate) use super::fake::{FakeStation, Journal, PASSPHRASE};
pub(crate) use super::keymap::Context;
use super::view::{ImportProgress, Urgency};
use ratatui::backend::TestBackend;
pub(crate) use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
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

#[test]
pub(crate) fn login_screen() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
pub(crate) fn a_bad_passphrase_says_so_and_is_forgotten() {
    let mut a = app();
    type_text(&mut a, "amira");
    press(&mut a, KeyCode::Enter); // to the passphrase field
    type_text(&mut a, "wrong");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Login);
    assert_eq!(a.login.passphrase.value(), "");
    assert!(a.session.is_none());
    insta::assert_snapshot!(screen(&a));
}

#[test]
pub(crate) fn the_passphrase_is_masked_while_typed() {
    let mut a = app();
    type_text(&mut a, "amira");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "secret");
    let s = screen(&a);
    assert!(!s.contains("secret"));
    assert!(s.contains("••••••"));
}

#[test]
pub(crate) fn ctrl_l_locks_and_only_the_passphrase_opens_again() {
    let (mut a, journal) = app_with(FakeStation::new(), "en");
    sign_in(&mut a, "amira");
    open_queue(&mut a);
    ctrl(&mut a, 'l');
    assert!(a.is_locked());
    assert_eq!(journal.borrow().locks, 1);
    assert_eq!(a.context(), Context::Lock);
    // Nothing of the queue shows on the lock screen.
    let locked = screen(&a);
    assert!(!locked.contains("Al-Jubouri"));
    insta::assert_snapshot!("lock_screen", locked);
    type_text(&mut a, "nope");
    press(&mut a, KeyCode::Enter);
    assert!(a.is_locked());
    insta::assert_snapshot!("lock_bad_passphrase", screen(&a));
    type_text(&mut a, PASSPHRASE);
    press(&mut a, KeyCode::Enter);
    assert!(!a.is_locked());
    assert_eq!(a.screen, Screen::Queue);
}

#[test]
pub(crate) fn idling_past_the_limit_locks_and_before_it_does_not() {
    use std::time::Duration;
    let limit = Duration::from_secs(300);
    let mut a = app();
    a.idle(Duration::from_secs(999), limit);
    assert!(!a.is_locked(), "nothing to lock before sign-in");
    sign_in(&mut a, "amira");
    a.idle(Duration::from_secs(299), limit);
    assert!(!a.is_locked());
    a.idle(Duration::from_secs(300), limit);
    assert!(a.is_locked());
}

// ---- dashboards per role ----

#[test]
pub(crate) fn dashboards_follow_the_role() {
    for user in ["karim", "amira", "sara", "admin", "nour"] {
        let a = signed_in(user);
        insta::assert_snapshot!(format!("dashboard_{user}"), screen(&a));
    }
    use super::app::MenuItem;
    let has = |user: &str, wanted: fn(&MenuItem) -> bool| signed_in(user).menu().iter().any(wanted);
    assert!(has("karim", |m| *m == MenuItem::Exchange));
    assert!(!has("karim", |m| matches!(m, MenuItem::Approvals(_))));
    assert!(has("sara", |m| matches!(m, MenuItem::Approvals(_))));
    assert!(!has("admin", |m| matches!(m, MenuItem::Queue(..))));
    assert_eq!(
        signed_in("admin").menu(),
        [
            MenuItem::Providers,
            MenuItem::Users,
            MenuItem::PartnerKeys,
            MenuItem::Agreements,
            MenuItem::Audit,
            MenuItem::Reports
        ]
    );
    assert_eq!(
        signed_in("nour").menu(),
        [MenuItem::Audit, MenuItem::Reports, MenuItem::Exchange]
    );
}

#[test]
pub(crate) fn dashboard_wide() {
    insta::assert_snapshot!(render(&signed_in("amira"), 120, 30));
}

// ---- queue ----

#[test]
pub(crate) fn queue_is_sorted_by_urgency() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    let urgencies: Vec<Urgency> = a
        .queue
        .shown
        .iter()
        .map(|&i| a.queue.rows[i].urgency)
        .collect();
    let mut sorted = urgencies.clone();
    sorted.sort();
    assert_eq!(urgencies, sorted);
    assert_eq!(urgencies.first(), Some(&Urgency::Overdue));
    insta::assert_snapshot!(screen(&a));
}

#[test]
pub(crate) fn queue_wide() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    a.update(Action::Resize(120, 30));
    insta::assert_snapshot!(render(&a, 120, 30));
}

#[test]
pub(crate) fn typing_a_filter_narrows_the_rows_in_any_script() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    let all = a.queue.shown.len();
    press(&mut a, KeyCode::Char('/'));
    assert_eq!(a.context(), Context::Filter);
    type_text(&mut a, "muh");
    let muh = a.queue.shown.len();
    assert!(muh > 0 && muh < all);
    assert!(a
        .queue
        .shown
        .iter()
        .all(|&i| a.queue.rows[i].name_latin == "Mohammed Al-Jubouri"));
    // 'q' and 'j' are letters while typing, not quit or down.
    type_text(&mut a, " de");
    assert!(a.queue.shown.len() <= muh);
    assert!(!a.should_quit());
    insta::assert_snapshot!("queue_filtered", screen(&a));
    for _ in 0.." de".len() + 3 {
        press(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "محم");
    assert_eq!(a.queue.shown.len(), muh);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Queue);
    // Esc clears the filter, then goes back.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.queue.shown.len(), all);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
}

#[test]
pub(crate) fn an_empty_queue_says_so() {
    let mut a = app_with(FakeStation::with_rows(0), "en").0;
    sign_in(&mut a, "amira");
    open_queue(&mut a);
    insta::assert_snapshot!(screen(&a));
}

#[test]
pub(crate) fn tab_switches_views_and_arrows_move() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Down);
    assert_eq!(a.queue.nav.selected, 2);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.queue.view, super::view::QueueView::Incoming);
    assert!(a.queue.rows.iter().all(|r| r.status == "RECEIVED"));
}

#[test]
pub(crate) fn a_hundred_thousand_rows_filter_and_draw() {
    let mut a = app_with(FakeStation::with_rows(100_000), "en").0;
    sign_in(&mut a, "amira");
    open_queue(&mut a);
    assert_eq!(a.queue.shown.len(), 100_000);
    press(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "de-2026-09");
    // DE is every fifth case; references 4200+i with i < 100,000 starting "09" are 9000..=9999 - 4200.
    let expected = (0..100_000usize)
        .filter(|i| i % 5 == 0 && format!("{:06}", 4200 + i).starts_with("09"))
        .count();
    assert_eq!(a.queue.shown.len(), expected);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::End);
    assert_eq!(a.queue.nav.selected, expected - 1);
    let s = screen(&a);
    assert!(s.contains(&format!("{expected} of 100000 cases")));
}

// ---- case detail ----

pub(crate) fn open_first_case(a: &mut App) {
    open_queue(a);
    press(a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Case);
}

#[test]
pub(crate) fn case_tabs() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    for tab in super::app::CASE_TABS {
        insta::assert_snapshot!(format!("case_{tab}"), screen(&a));
        press(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.case.tab, 0);
}

#[test]
pub(crate) fn case_wide() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    insta::assert_snapshot!(render(&a, 120, 30));
}

#[test]
pub(crate) fn esc_goes_back_step_by_step() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Queue);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
}

#[test]
pub(crate) fn a_form_checks_required_fields_in_place_then_sends_the_values() {
    let (mut a, journal) = app_with(FakeStation::new(), "en");
    sign_in(&mut a, "amira");
    open_first_case(&mut a);
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(a.context(), Context::Actions);
    insta::assert_snapshot!("case_actions_menu", screen(&a));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Form);
    press(&mut a, KeyCode::Enter);
    assert!(
        a.form.is_some(),
        "an empty required field keeps the form open"
    );
    insta::assert_snapshot!("form_validation_message", screen(&a));
    type_text(&mut a, "CR-77");
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    let performed = &journal.borrow().performed;
    assert_eq!(performed.len(), 1);
    assert_eq!(performed[0].1, "check");
    assert!(performed[0]
        .2
        .contains(&("reference".to_string(), "CR-77".to_string())));
    assert_eq!(
        a.message.as_ref().map(|m| m.text.as_str()),
        Some("The check is recorded.")
    );
}

#[test]
pub(crate) fn q_with_an_unsaved_form_asks_first() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "quick note");
    assert_eq!(
        a.form.as_ref().map(|f| f.inputs[1].value()),
        Some("quick note")
    );
    ctrl(&mut a, 'q');
    assert!(!a.should_quit());
    assert_eq!(
        a.confirm.as_ref().map(|c| &c.then),
        Some(&ConfirmThen::Quit)
    );
    insta::assert_snapshot!("confirm_quit_unsaved", screen(&a));
    press(&mut a, KeyCode::Char('n'));
    assert!(a.form.is_some() && !a.should_quit());
    // Esc on a changed form asks too; 'y' discards it.
    press(&mut a, KeyCode::Esc);
    assert_eq!(
        a.confirm.as_ref().map(|c| &c.then),
        Some(&ConfirmThen::DiscardForm)
    );
    press(&mut a, KeyCode::Char('y'));
    assert!(a.form.is_none());
    // Without a form, q quits at once.
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit());
}

#[test]
pub(crate) fn a_refusal_from_the_station_shows_as_a_sentence() {
    let mut a = signed_in("sara");
    open_first_case(&mut a);
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert!(matches!(
        a.confirm.as_ref().map(|c| &c.then),
        Some(ConfirmThen::Perform { .. })
    ));
    press(&mut a, KeyCode::Char('y'));
    let m = a.message.clone().expect("a message");
    assert!(m.is_error);
    assert_eq!(m.text, "You cannot approve your own proposal.");
}

// ---- approvals ----

/// Moves down the dashboard to the approvals line and opens it.
pub(crate) fn open_approvals(a: &mut App) {
    let at = a
        .menu()
        .iter()
        .position(|m| matches!(m, super::app::MenuItem::Approvals(_)))
        .expect("a supervisor has approvals");
    for _ in 0..at {
        press(a, KeyCode::Down);
    }
    press(a, KeyCode::Enter);
}

#[test]
pub(crate) fn approvals_list_and_empty() {
    let mut a = signed_in("sara");
    open_approvals(&mut a);
    assert_eq!(a.screen, Screen::Approvals);
    assert!(!a.approvals.is_empty());
    insta::assert_snapshot!("approvals", screen(&a));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Case);

    let mut empty = app_with(FakeStation::with_rows(0), "en").0;
    sign_in(&mut empty, "sara");
    open_approvals(&mut empty);
    assert_eq!(empty.screen, Screen::Approvals);
    insta::assert_snapshot!("approvals_empty", screen(&empty));
}

// ---- exchange ----

pub(crate) fn open_exchange(a: &mut App) {
    press(a, KeyCode::End);
    press(a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Exchange);
}

#[test]
pub(crate) fn exchange_preview_then_import_with_progress() {
    let (mut a, journal) = app_with(FakeStation::new(), "en");
    sign_in(&mut a, "karim");
    open_exchange(&mut a);
    insta::assert_snapshot!("exchange_media", screen(&a));
    press(&mut a, KeyCode::Enter);
    assert!(a.exchange.preview.is_some());
    insta::assert_snapshot!("exchange_preview", screen(&a));
    press(&mut a, KeyCode::Char('i'));
    assert!(matches!(
        a.confirm.as_ref().map(|c| &c.then),
        Some(ConfirmThen::Import(_))
    ));
    press(&mut a, KeyCode::Char('y'));
    assert!(a.job.is_some());
    let mut seen = Vec::new();
    a.run_job(&mut |p| {
        seen.push(p);
        true
    });
    assert_eq!(seen.last(), Some(&ImportProgress { done: 4, total: 4 }));
    assert_eq!(journal.borrow().imported.len(), 1);
    assert_eq!(a.exchange.bundles.len(), 1);
    assert!(a.message.as_ref().is_some_and(|m| !m.is_error));
}

#[test]
pub(crate) fn a_cancelled_import_says_so_and_imports_nothing() {
    let (mut a, journal) = app_with(FakeStation::new(), "en");
    sign_in(&mut a, "karim");
    open_exchange(&mut a);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('i'));
    press(&mut a, KeyCode::Char('y'));
    // The clerk presses Esc at the second report.
    let mut reports = 0;
    a.run_job(&mut |_| {
        reports += 1;
        reports < 2
    });
    assert_eq!(reports, 2);
    assert!(journal.borrow().imported.is_empty());
    assert_eq!(a.exchange.bundles.len(), 2);
    let message = a.message.as_ref().expect("a message");
    assert!(message.is_error);
    assert!(message.text.contains("cancelled"), "{}", message.text);
}

#[test]
pub(crate) fn import_progress_display() {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let theme = super::theme::Theme::default();
    terminal
        .draw(|f| {
            super::exchange::progress::render(
                f,
                &theme,
                "Importing",
                "Esc cancels the import; nothing changes until it ends.",
                ImportProgress { done: 3, total: 4 },
            )
        })
        .expect("draw");
    insta::assert_snapshot!(terminal.backend().to_string());
}

#[test]
pub(crate) fn no_bundles_on_the_media_says_where_it_looked() {
    let mut a = app_with(FakeStation::new().without_bundles(), "en").0;
    sign_in(&mut a, "karim");
    open_exchange(&mut a);
    let s = screen(&a);
    assert!(s.contains("/media/usb"));
    insta::assert_snapshot!("exchange_no_bundles", s);
}

#[test]
pub(crate) fn export_asks_for_the_partner_and_the_log_shows() {
    let (mut a, journal) = app_with(FakeStation::new(), "en");
    sign_in(&mut a, "karim");
    open_exchange(&mut a);
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.context(), Context::Form);
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Enter);
    assert_eq!(journal.borrow().exported, vec!["FR-OFII".to_string()]);
    press(&mut a, KeyCode::Tab);
    insta::assert_snapshot!("exchange_log", screen(&a));
}

#[test]
pub(crate) fn auditors_see_only_the_exchange_log() {
    let mut a = signed_in("nour");
    open_exchange(&mut a);
    assert_eq!(a.exchange_tabs(), vec![super::app::ExchangeTab::Log]);
    press(&mut a, KeyCode::Char('e'));
    assert!(a.form.is_none());
}

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

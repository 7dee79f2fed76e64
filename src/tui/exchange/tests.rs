//! The exchange screens: snapshots on a test terminal, and key sequences driven through `App`.

use crate::tui::exchange::view::ImportProgress;
use crate::tui::tests::*;

fn open_exchange(a: &mut App) {
    press(a, KeyCode::End);
    press(a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Exchange);
}

#[test]
fn exchange_preview_then_import_with_progress() {
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
fn a_cancelled_import_says_so_and_imports_nothing() {
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
fn import_progress_display() {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let theme = crate::tui::theme::Theme::default();
    terminal
        .draw(|f| {
            crate::tui::exchange::progress::render(
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
fn no_bundles_on_the_media_says_where_it_looked() {
    let mut a = app_with(FakeStation::new().without_bundles(), "en").0;
    sign_in(&mut a, "karim");
    open_exchange(&mut a);
    let s = screen(&a);
    assert!(s.contains("/media/usb"));
    insta::assert_snapshot!("exchange_no_bundles", s);
}

#[test]
fn export_asks_for_the_partner_and_the_log_shows() {
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
fn auditors_see_only_the_exchange_log() {
    let mut a = signed_in("nour");
    open_exchange(&mut a);
    assert_eq!(a.exchange_tabs(), vec![crate::tui::app::ExchangeTab::Log]);
    press(&mut a, KeyCode::Char('e'));
    assert!(a.form.is_none());
}

#[test]
fn live_exchange_on_the_demo_station() {
    let (dir, mut a) = live_app("clerk");
    open_item(&mut a, crate::tui::app::MenuItem::Exchange);
    assert_eq!(a.screen, Screen::Exchange);
    // The temporary directory's name changes from run to run.
    let here = dir.path().display().to_string();
    let shown = screen(&a).replace(&here, "/tmp/demo");
    insta::assert_snapshot!("live_exchange_media", masked(&shown));
    press(&mut a, KeyCode::Tab);
    insta::assert_snapshot!("live_exchange_log", masked(&screen(&a)));
}

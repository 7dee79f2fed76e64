//! The cases screens: snapshots on a test terminal, and key sequences driven through `App`.

use crate::tui::tests::*;
use crate::tui::view::Urgency;

#[test]
fn queue_is_sorted_by_urgency() {
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
fn queue_wide() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    a.update(Action::Resize(120, 30));
    insta::assert_snapshot!(render(&a, 120, 30));
}

#[test]
fn typing_a_filter_narrows_the_rows_in_any_script() {
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
fn an_empty_queue_says_so() {
    let mut a = app_with(FakeStation::with_rows(0), "en").0;
    sign_in(&mut a, "amira");
    open_queue(&mut a);
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn tab_switches_views_and_arrows_move() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Down);
    assert_eq!(a.queue.nav.selected, 2);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.queue.view, crate::tui::cases::view::QueueView::Incoming);
    assert!(a.queue.rows.iter().all(|r| r.status == "RECEIVED"));
}

#[test]
fn a_hundred_thousand_rows_filter_and_draw() {
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

fn open_first_case(a: &mut App) {
    open_queue(a);
    press(a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Case);
}

#[test]
fn case_tabs() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    for tab in crate::tui::app::CASE_TABS {
        insta::assert_snapshot!(format!("case_{tab}"), screen(&a));
        press(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.case.tab, 0);
}

#[test]
fn case_wide() {
    let mut a = signed_in("amira");
    open_first_case(&mut a);
    insta::assert_snapshot!(render(&a, 120, 30));
}

#[test]
fn esc_goes_back_step_by_step() {
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
fn a_form_checks_required_fields_in_place_then_sends_the_values() {
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
fn q_with_an_unsaved_form_asks_first() {
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
fn a_refusal_from_the_station_shows_as_a_sentence() {
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

/// Moves down the dashboard to the approvals line and opens it.
fn open_approvals(a: &mut App) {
    let at = a
        .menu()
        .iter()
        .position(|m| matches!(m, crate::tui::app::MenuItem::Approvals(_)))
        .expect("a supervisor has approvals");
    for _ in 0..at {
        press(a, KeyCode::Down);
    }
    press(a, KeyCode::Enter);
}

#[test]
fn approvals_list_and_empty() {
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

#[test]
fn a_failing_vault_read_shows_on_the_queue_not_an_empty_queue() {
    let mut a = signed_in("amira");
    open_queue(&mut a);
    assert!(a.queue.error.is_none());
    // The vault breaks after sign-in: the next read of the queue fails.
    let station = FakeStation {
        failing_reads: Some("The vault could not be read: storage error.".into()),
        ..FakeStation::new()
    };
    a.port = Box::new(station);
    press(&mut a, KeyCode::Char('r'));
    let s = screen(&a);
    assert!(
        s.contains("The vault could not be read: storage error."),
        "{s}"
    );
    assert!(!s.contains("No cases"), "not shown as an empty queue:\n{s}");
}

#[test]
fn the_live_adapter_refuses_reads_without_a_session_instead_of_listing_nothing() {
    use crate::tui::cases::port::CasesPort;
    use crate::tui::cases::view::QueueView;
    use crate::tui::session::port::SessionPort;
    let dir = tempfile::tempdir().expect("temp dir");
    let station =
        crate::service::Station::demo(dir.path(), chrono::Utc::now()).expect("demo station");
    let mut live = crate::tui::live::LiveStation::new(station);
    let why = live.queue(QueueView::All).expect_err("no session, no rows");
    assert_eq!(why, "The session is locked; sign in again.");
    assert!(live.dashboard().is_err());
    assert!(live.approvals().is_err());
}

#[test]
fn live_queue_and_case_on_the_demo_station() {
    let (_dir, mut a) = live_app("officer");
    open_queue(&mut a);
    insta::assert_snapshot!("live_queue", masked(&screen(&a)));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Case);
    insta::assert_snapshot!("live_case", masked(&screen(&a)));
    press(&mut a, KeyCode::Char('a'));
    insta::assert_snapshot!("live_case_actions", masked(&screen(&a)));
}

#[test]
fn live_case_history_times_carry_the_station_zone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let now = chrono::Utc::now();
    let station = crate::service::Station::demo(dir.path(), now).expect("demo station");
    let pass = |p: &str| age::secrecy::SecretString::from(p.to_string());
    let mut admin = station
        .login("admin", &pass("demo-admin-pass"), now)
        .unwrap();
    admin.set_time_zone("Asia/Baku", now).unwrap();
    drop(admin);
    let mut s = station
        .login("supervisor", &pass("demo-supervisor-pass"), now)
        .unwrap();
    let row = s
        .cases(&crate::service::CaseFilter::default(), now)
        .unwrap()
        .into_iter()
        .find(|r| r.status != crate::domain::case::CaseStatus::Received)
        .expect("a case with a history");
    let case = s.case(&row.id).unwrap();
    let view = crate::tui::cases::live::case_view(
        &mut s,
        &case,
        &crate::tui::text::Text::new("en"),
        chrono::Utc::now(),
    )
    .unwrap();
    assert!(!view.decisions.is_empty());
    for h in view.decisions.iter().chain(view.audit.as_ref().unwrap()) {
        assert!(h.when.ends_with(" +04"), "{}", h.when);
    }
}

//! The session screens: snapshots on a test terminal, and key sequences driven through `App`.

use crate::tui::tests::*;

#[test]
fn login_screen() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn a_bad_passphrase_says_so_and_is_forgotten() {
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
fn the_passphrase_is_masked_while_typed() {
    let mut a = app();
    type_text(&mut a, "amira");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "secret");
    let s = screen(&a);
    assert!(!s.contains("secret"));
    assert!(s.contains("••••••"));
}

#[test]
fn ctrl_l_locks_and_only_the_passphrase_opens_again() {
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
fn idling_past_the_limit_locks_and_before_it_does_not() {
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

#[test]
fn dashboards_follow_the_role() {
    for user in ["karim", "amira", "sara", "admin", "nour"] {
        let a = signed_in(user);
        insta::assert_snapshot!(format!("dashboard_{user}"), screen(&a));
    }
    use crate::tui::app::MenuItem;
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
fn dashboard_wide() {
    insta::assert_snapshot!(render(&signed_in("amira"), 120, 30));
}

#[test]
fn a_failing_vault_read_shows_on_the_dashboard_not_zeros() {
    let station = FakeStation {
        failing_reads: Some("The vault could not be read: storage error.".into()),
        ..FakeStation::new()
    };
    let (mut a, _) = app_with(station, "en");
    sign_in(&mut a, "amira");
    let s = screen(&a);
    assert!(
        s.contains("The vault could not be read: storage error."),
        "{s}"
    );
    assert!(
        !s.contains("0 overdue"),
        "no zeros in place of the error:\n{s}"
    );
}

#[test]
fn live_dashboard_on_the_demo_station() {
    let (_dir, a) = live_app("supervisor");
    insta::assert_snapshot!("live_dashboard", masked(&screen(&a)));
}

//! The NRM screens: snapshots with data, empty and failing; key sequences that check what reaches
//! the port; and the live adapter on a real demo station.

use crate::domain::nrm::{ConsentProviders, ReturneeAction, ReturneeActionKind};
use crate::tui::app::{MenuItem, ReferralScope, Screen};
use crate::tui::tests::*;
use chrono::NaiveDate;

const FAILING: &str = "The station's records cannot be read; the vault may be damaged.";

/// Signs `user` in and opens the first dashboard line that `pick` accepts.
fn open(
    station: FakeStation,
    user: &str,
    pick: fn(&MenuItem) -> bool,
) -> (App, Rc<RefCell<Journal>>) {
    let (mut a, journal) = app_with(station, "en");
    a.nrm.clock = NaiveDate::from_ymd_opt(2026, 11, 20);
    sign_in(&mut a, user);
    let at = a
        .menu()
        .iter()
        .position(pick)
        .expect("the dashboard offers it");
    for _ in 0..at {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    (a, journal)
}

fn referrals(m: &MenuItem) -> bool {
    matches!(m, MenuItem::Referrals(_))
}

fn providers(m: &MenuItem) -> bool {
    *m == MenuItem::Providers
}

/// The officer's returnee record, opened from the first (most overdue) referral of "mine".
fn returnee(station: FakeStation) -> (App, Rc<RefCell<Journal>>) {
    let (mut a, journal) = open(station, "amira", referrals);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Returnee);
    (a, journal)
}

#[test]
fn each_screen_with_data_empty_and_failing() {
    let (a, journal) = open(FakeStation::new(), "amira", referrals);
    assert_eq!(
        (a.screen, a.nrm.scope),
        (Screen::Referrals, ReferralScope::Mine)
    );
    // "Mine" asks for the signed-in officer's referrals.
    assert!(journal
        .borrow()
        .nrm
        .queries
        .contains(&(None, Some("amira".to_string()))));
    let s = screen(&a);
    assert!(s.contains("3 referrals, 1 overdue"));
    insta::assert_snapshot!("nrm_referrals", s);
    let (r, _) = returnee(FakeStation::new());
    insta::assert_snapshot!("nrm_returnee", screen(&r));
    let (p, _) = open(FakeStation::new(), "admin", providers);
    insta::assert_snapshot!("nrm_providers", screen(&p));

    let (e, _) = open(FakeStation::new().without_nrm_data(), "amira", referrals);
    insta::assert_snapshot!("nrm_referrals_empty", screen(&e));
    let (e, _) = open(FakeStation::new().without_nrm_data(), "admin", providers);
    insta::assert_snapshot!("nrm_providers_empty", screen(&e));

    let (f, _) = open(FakeStation::new().failing_nrm(FAILING), "amira", referrals);
    let s = screen(&f);
    assert!(s.contains("The station's records cannot be read"));
    insta::assert_snapshot!("nrm_referrals_error", s);
    let (f, _) = open(FakeStation::new().failing_nrm(FAILING), "admin", providers);
    insta::assert_snapshot!("nrm_providers_error", screen(&f));
}

#[test]
fn overdue_referrals_come_first_with_their_days_and_tab_switches_views() {
    let (mut a, _) = open(FakeStation::new(), "amira", referrals);
    let late: Vec<i64> = a
        .nrm
        .referrals
        .rows
        .iter()
        .map(|r| r.days_overdue)
        .collect();
    assert_eq!(late.first(), Some(&12));
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.nrm.scope, ReferralScope::AllOpen);
    assert_eq!(a.nrm.referrals.rows.len(), 5);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.nrm.scope, ReferralScope::FollowUpsDue);
    assert!(screen(&a).contains("1 follow-ups due"));
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.nrm.scope, ReferralScope::Provider(0));
    assert!(a
        .nrm
        .referrals
        .rows
        .iter()
        .all(|r| r.provider_name == "Nineveh Housing Desk"));
}

#[test]
fn a_supervisor_sees_all_open_and_no_mine_tab() {
    let (a, _) = open(FakeStation::new(), "sara", referrals);
    assert_eq!(a.nrm.scope, ReferralScope::AllOpen);
    assert!(!a.referral_scopes().contains(&ReferralScope::Mine));
}

#[test]
fn enter_opens_the_returnee_and_a_lists_its_form_actions() {
    let (mut a, _) = returnee(FakeStation::new());
    let s = screen(&a);
    assert!(s.contains("DE-2026-004201"));
    assert!(s.contains("Nineveh Housing Desk"));
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(a.context(), Context::Actions);
    // Withdrawing consent is allowed but stays with the ercms command.
    assert!(!a
        .returnee_form_actions()
        .contains(&ReturneeActionKind::WithdrawConsent));
    insta::assert_snapshot!("nrm_returnee_actions", screen(&a));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Referrals);
}

#[test]
fn the_consent_form_sends_the_right_action() {
    let (mut a, journal) = returnee(FakeStation::new());
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Enter); // record consent, the first action
    assert_eq!(a.context(), Context::Form);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char(' ')); // receive services: no
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char(' ')); // the first provider only
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    let journal = journal.borrow();
    let (id, action) = journal.nrm.actions.last().expect("an action was sent");
    assert_eq!(id, &uuid::Uuid::from_u128(1).to_string());
    match action {
        ReturneeAction::RecordConsent {
            scope, providers, ..
        } => {
            assert!(scope.share_data && !scope.receive_services);
            assert_eq!(
                providers,
                &ConsentProviders::Only(vec![crate::domain::nrm::ProviderId(
                    uuid::Uuid::from_u128(1)
                )])
            );
        }
        other => panic!("sent {:?}", other.kind()),
    }
}

#[test]
fn a_refusal_shows_its_sentence_under_the_form() {
    let refusal = "You cannot propose closure while referrals are open.";
    let (mut a, journal) = returnee(FakeStation::new().refusing_nrm(refusal));
    press(&mut a, KeyCode::Char('a'));
    for _ in 0..4 {
        press(&mut a, KeyCode::Down); // propose closure, the fifth
    }
    press(&mut a, KeyCode::Enter);
    type_text(&mut a, "moved abroad");
    press(&mut a, KeyCode::Enter);
    let form = a.form.as_ref().expect("the form stays open");
    assert_eq!(form.error.as_deref(), Some(refusal));
    assert!(screen(&a).contains("You cannot propose closure"));
    assert!(journal.borrow().nrm.actions.is_empty());
}

#[test]
fn a_bad_follow_up_date_is_caught_before_the_station() {
    let (mut a, journal) = returnee(FakeStation::new());
    press(&mut a, KeyCode::Char('a'));
    for _ in 0..3 {
        press(&mut a, KeyCode::Down); // record a follow-up
    }
    press(&mut a, KeyCode::Enter);
    type_text(&mut a, "20 Nov");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "called");
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.form.as_ref().and_then(|f| f.error.as_deref()),
        Some("Write the date as YYYY-MM-DD.")
    );
    assert!(journal.borrow().nrm.actions.is_empty());
}

#[test]
fn an_admin_deactivates_a_provider_after_confirming_and_an_officer_may_not() {
    let (mut a, journal) = open(FakeStation::new(), "admin", providers);
    press(&mut a, KeyCode::Char('d'));
    assert!(a.confirm.is_some());
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        journal.borrow().nrm.deactivated,
        vec![uuid::Uuid::from_u128(1).to_string()]
    );
    assert!(!a.nrm.providers.rows[0].active);

    let (mut o, journal) = open(FakeStation::new(), "amira", providers);
    press(&mut o, KeyCode::Char('d'));
    assert!(o.confirm.is_none());
    assert!(journal.borrow().nrm.deactivated.is_empty());
}

#[test]
fn live_referrals_on_the_demo_station() {
    let (_dir, mut a) = live_app("officer");
    let item = *a
        .menu()
        .iter()
        .find(|m| matches!(m, MenuItem::Referrals(_)))
        .expect("an officer has referrals");
    open_item(&mut a, item);
    assert_eq!(a.screen, Screen::Referrals);
    insta::assert_snapshot!("live_referrals", masked(&screen(&a)));
}

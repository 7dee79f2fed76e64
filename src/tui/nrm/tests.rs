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
    // Every action the station allows has its form here, withdrawing consent included.
    assert!(a
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
    for _ in 0..5 {
        press(&mut a, KeyCode::Down); // propose closure, the sixth
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
    for _ in 0..4 {
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
fn the_assessment_form_sends_each_domains_severity() {
    let (mut a, journal) =
        returnee(FakeStation::new().nrm_allowing(vec![ReturneeActionKind::RecordAssessment]));
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Form);
    // The first domain (housing): none -> mild -> moderate -> severe.
    for _ in 0..3 {
        press(&mut a, KeyCode::Char(' '));
    }
    press(&mut a, KeyCode::Enter);
    assert!(
        a.form.is_none(),
        "{:?}",
        a.form.as_ref().and_then(|f| f.error.clone())
    );
    let journal = journal.borrow();
    match &journal.nrm.actions.last().expect("an action was sent").1 {
        ReturneeAction::RecordAssessment { flags, needs } => {
            assert!(flags.is_empty());
            assert_eq!(needs.len(), 1);
            assert_eq!(
                (needs[0].domain, needs[0].severity),
                (
                    crate::domain::nrm::NeedDomain::ALL[0],
                    crate::domain::nrm::Severity::Severe
                )
            );
        }
        other => panic!("sent {:?}", other.kind()),
    }
}

#[test]
fn a_referral_to_a_provider_without_a_station_goes_as_a_letter_to_the_media_folder() {
    let (mut a, journal) =
        returnee(FakeStation::new().nrm_allowing(vec![ReturneeActionKind::SendReferral]));
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Form);
    press(&mut a, KeyCode::Enter);
    let journal = journal.borrow();
    assert!(journal.nrm.actions.is_empty(), "no bundle path was taken");
    assert_eq!(journal.nrm.letters.len(), 1);
    assert_eq!(journal.nrm.letters[0].1, a.media_dir);
}

#[test]
fn the_returnee_list_filters_by_governorate_status_officer_and_provider() {
    let (mut a, _) = open(FakeStation::new(), "amira", |m| {
        matches!(m, MenuItem::Returnees(_))
    });
    assert_eq!(a.screen, Screen::Returnees);
    assert_eq!(a.shown_returnees().len(), 1);
    insta::assert_snapshot!("nrm_returnees", screen(&a));
    let row = a.shown_returnees()[0].clone();
    // The filter form offers "any" and the values the list holds; the record's own values keep it.
    press(&mut a, KeyCode::Char('/'));
    assert!(a.form.is_some());
    press(&mut a, KeyCode::Char(' ')); // governorate: any -> the record's
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    assert_eq!(
        a.nrm.filter.governorate.as_deref(),
        Some(row.governorate.as_str())
    );
    assert_eq!(a.shown_returnees().len(), 1);
    // Another governorate, status, officer or provider leaves it out.
    for (key, other) in [
        ("governorate", "Basra"),
        ("status", "CLOSED"),
        ("officer", "nobody"),
        ("provider", "Old Shelter Project"),
    ] {
        let values: Vec<(String, String)> = ["governorate", "status", "officer", "provider"]
            .iter()
            .map(|k| {
                let v = if *k == key { other } else { "any" };
                (k.to_string(), v.to_string())
            })
            .collect();
        a.set_returnee_filter(&values);
        assert!(a.shown_returnees().is_empty(), "{key} = {other}");
    }
    assert!(screen(&a).contains("No returnee record matches."));
    a.set_returnee_filter(&[]);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Returnee);
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

fn returnee_list(station: FakeStation, user: &str) -> (App, Rc<RefCell<Journal>>) {
    let (a, journal) = open(station, user, |m| matches!(m, MenuItem::Returnees(_)));
    assert_eq!(a.screen, Screen::Returnees);
    (a, journal)
}

/// Fills the new-record form: each text as typed, each choice moved on `n` times.
fn fill_new_returnee(a: &mut App, fields: &[(&str, &str)]) {
    for (i, (kind, value)) in fields.iter().enumerate() {
        if i > 0 {
            press(a, KeyCode::Tab);
        }
        match *kind {
            "choice" => {
                for _ in 0..value.parse::<usize>().unwrap() {
                    press(a, KeyCode::Char(' '));
                }
            }
            _ => type_text(a, value),
        }
    }
}

const NEW_RETURNEE: [(&str, &str); 8] = [
    ("text", "Karimi"),
    ("text", "Hawre Jalal"),
    ("choice", "1"), // female -> male
    ("text", "1991-04"),
    ("text", "2026-11-18"),
    ("choice", "2"), // Anbar -> Babil -> Baghdad
    ("text", "+964 750 000 0000"),
    ("text", ""),
];

#[test]
fn an_officer_opens_a_record_without_a_case_from_the_returnee_list() {
    let (mut a, journal) = returnee_list(FakeStation::new(), "amira");
    let before = a.nrm.returnees.rows.len();
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.context(), Context::Form);
    insta::assert_snapshot!("nrm_new_returnee_80x24", screen(&a));
    insta::assert_snapshot!("nrm_new_returnee_120x40", render(&a, 120, 40));
    fill_new_returnee(&mut a, &NEW_RETURNEE);
    press(&mut a, KeyCode::Enter);
    assert!(
        a.form.is_none(),
        "{:?}",
        a.form.as_ref().and_then(|f| f.error.clone())
    );
    let opened = &journal.borrow().nrm.opened;
    assert_eq!(opened.len(), 1);
    let new = &opened[0];
    assert_eq!(new.person.surname, "Karimi");
    assert_eq!(new.person.given_names, "Hawre Jalal");
    assert_eq!(new.person.sex, crate::domain::application::Sex::M);
    assert_eq!(new.person.date_of_birth.to_string(), "1991-04");
    assert_eq!(
        new.arrived_on,
        NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
    );
    assert_eq!(new.governorate, crate::domain::nrm::Governorate::Baghdad);
    assert_eq!(new.contact.phone.as_deref(), Some("+964 750 000 0000"));
    assert_eq!(new.contact.address, None);
    // The new record is shown, and the list holds it once back there.
    assert_eq!(a.screen, Screen::Returnee);
    assert!(screen(&a).contains("is open"));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Returnees);
    assert_eq!(a.nrm.returnees.rows.len(), before + 1);
}

#[test]
fn a_wrong_field_of_the_new_record_is_named_and_what_was_typed_is_kept() {
    for (at, bad, sentence) in [
        (3, "1991-13", "Write the date of birth as YYYY"),
        (4, "18/11/2026", "Write the date as YYYY-MM-DD."),
    ] {
        let (mut a, journal) = returnee_list(FakeStation::new(), "amira");
        press(&mut a, KeyCode::Char('n'));
        let mut fields = NEW_RETURNEE;
        fields[at] = ("text", bad);
        fill_new_returnee(&mut a, &fields);
        press(&mut a, KeyCode::Enter);
        let form = a.form.as_ref().expect("the form stays open");
        assert!(
            form.error
                .as_deref()
                .is_some_and(|e| e.starts_with(sentence)),
            "{:?}",
            form.error
        );
        assert_eq!(form.values()[0].1, "Karimi", "the surname typed is kept");
        assert!(screen(&a).contains(sentence));
        assert!(
            journal.borrow().nrm.opened.is_empty(),
            "nothing reached the station"
        );
    }
}

#[test]
fn only_an_officer_opens_a_new_record() {
    let (mut a, journal) = returnee_list(FakeStation::new(), "sara");
    press(&mut a, KeyCode::Char('n'));
    assert!(a.form.is_none());
    assert!(
        screen(&a).contains("Only officers open returnee records."),
        "{}",
        screen(&a)
    );
    assert!(journal.borrow().nrm.opened.is_empty());
}

#[test]
fn live_new_returnee_without_a_case_on_the_demo_station() {
    let (_dir, mut a) = live_app("officer");
    let item = *a
        .menu()
        .iter()
        .find(|m| matches!(m, MenuItem::Returnees(_)))
        .expect("an officer has the returnee list");
    open_item(&mut a, item);
    let before = a.nrm.returnees.rows.len();
    press(&mut a, KeyCode::Char('n'));
    insta::assert_snapshot!("live_new_returnee_80x24", masked(&screen(&a)));
    insta::assert_snapshot!("live_new_returnee_120x40", masked(&render(&a, 120, 40)));
    // The station refuses a day of arrival in the future, with its sentence under the form.
    let mut fields = NEW_RETURNEE;
    fields[4] = ("text", "2999-01-01");
    fill_new_returnee(&mut a, &fields);
    press(&mut a, KeyCode::Enter);
    let error = a.form.as_ref().and_then(|f| f.error.clone());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("future")),
        "{error:?}"
    );
    assert_eq!(
        a.port.returnees().unwrap().len(),
        before,
        "nothing was opened"
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('y'));
    press(&mut a, KeyCode::Char('n'));
    let today = crate::tui::tests::live_clock().date_naive().to_string();
    fields[4] = ("text", today.as_str());
    fill_new_returnee(&mut a, &fields);
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.screen,
        Screen::Returnee,
        "{:?}",
        a.form.as_ref().and_then(|f| f.error.clone())
    );
    let record = a.nrm.record.clone().expect("the new record is shown");
    assert!(record.reference.starts_with("NRM-"));
    assert_eq!(record.returnee.case_id, None);
    assert_eq!(record.person.surname, "Karimi");
    let rows = a.port.returnees().unwrap();
    assert_eq!(rows.len(), before + 1);
    assert!(rows
        .iter()
        .any(|r| r.reference == record.reference && r.governorate == "Baghdad"));
}

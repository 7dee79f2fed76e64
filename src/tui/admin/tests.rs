//! The administration and oversight screens: snapshots with data, empty and failing, and key
//! sequences that check what reaches the port.

use crate::domain::role::Role;
use crate::tui::admin::fake::FINGERPRINT;
use crate::tui::app::{AdminConfirm, ConfirmThen, MenuItem, Screen};
use crate::tui::tests::*;

/// Signs `user` in and opens the dashboard line `item`.
fn open(station: FakeStation, user: &str, item: MenuItem) -> (App, Rc<RefCell<Journal>>) {
    let (mut a, journal) = app_with(station, "en");
    sign_in(&mut a, user);
    let at = a
        .menu()
        .iter()
        .position(|m| *m == item)
        .expect("the dashboard offers it");
    for _ in 0..at {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    (a, journal)
}

fn admin_on(item: MenuItem) -> (App, Rc<RefCell<Journal>>) {
    open(FakeStation::new(), "admin", item)
}

fn status(a: &App) -> Option<(String, bool)> {
    a.message.as_ref().map(|m| (m.text.clone(), m.is_error))
}

const FAILING: &str = "The station's records cannot be read; the vault may be damaged.";

#[test]
fn each_screen_with_data_empty_and_failing() {
    let screens = [
        ("users", MenuItem::Users, Screen::Users),
        ("partner_keys", MenuItem::PartnerKeys, Screen::PartnerKeys),
        ("agreements", MenuItem::Agreements, Screen::Agreements),
        ("audit", MenuItem::Audit, Screen::Audit),
    ];
    for (name, item, expected) in screens {
        let (a, _) = admin_on(item);
        assert_eq!(a.screen, expected);
        insta::assert_snapshot!(name, screen(&a));
        let (empty, _) = open(FakeStation::new().without_admin_data(), "admin", item);
        insta::assert_snapshot!(format!("{name}_empty"), screen(&empty));
        let (failing, _) = open(FakeStation::new().failing_admin(FAILING), "admin", item);
        let s = screen(&failing);
        assert!(s.contains("The station's records cannot be read"), "{name}");
        insta::assert_snapshot!(format!("{name}_error"), s);
    }
}

#[test]
fn adding_a_user_sends_the_form_values_and_masks_the_passphrase() {
    let (mut a, journal) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(a.context(), Context::Form);
    type_text(&mut a, "hadi");
    press(&mut a, KeyCode::Tab);
    // Roles in the policy table's order: clerk, officer, …
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "long enough phrase");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "long enough phrase");
    let s = screen(&a);
    assert!(!s.contains("long enough"));
    assert!(s.contains("••••••••••••••••••"));
    insta::assert_snapshot!("users_add_form", s);
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    assert_eq!(
        journal.borrow().admin.added_users,
        vec![(
            "hadi".to_string(),
            Role::Officer,
            "long enough phrase".to_string()
        )]
    );
    assert_eq!(
        status(&a),
        Some(("User hadi added as officer.".to_string(), false))
    );
    assert!(a.admin.users.rows.iter().any(|u| u.name == "hadi"));
}

#[test]
fn a_refused_user_shows_the_sentence_in_the_form_and_forgets_the_passphrase() {
    let (mut a, journal) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Char('a'));
    type_text(&mut a, "amira");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "long enough phrase");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "long enough phrase");
    press(&mut a, KeyCode::Enter);
    let form = a.form.as_ref().expect("the form stays open");
    assert_eq!(form.error.as_deref(), Some("User amira exists already."));
    assert_eq!(form.inputs[2].value(), "");
    assert_eq!(form.inputs[3].value(), "");
    assert_eq!(form.inputs[0].value(), "amira");
    assert!(journal.borrow().admin.added_users.is_empty());
    insta::assert_snapshot!("users_add_refused", screen(&a));
}

#[test]
fn two_different_passphrases_are_caught_before_the_station_is_asked() {
    let (mut a, journal) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Char('p'));
    assert!(matches!(
        a.form.as_ref().map(|f| &f.purpose),
        Some(crate::tui::components::form::FormPurpose::ResetPassphrase { user }) if user == "admin"
    ));
    type_text(&mut a, "first phrase typed");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "second phrase typed");
    press(&mut a, KeyCode::Enter);
    let form = a.form.as_ref().expect("the form stays open");
    assert_eq!(
        form.problems[1].as_deref(),
        Some("The two passphrases differ; type them again.")
    );
    assert!(journal.borrow().admin.passphrases.is_empty());
    // Typed again, alike, the new passphrase goes to the station.
    press(&mut a, KeyCode::BackTab);
    type_text(&mut a, "same phrase twice");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "same phrase twice");
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    assert_eq!(
        journal.borrow().admin.passphrases,
        vec![("admin".to_string(), "same phrase twice".to_string())]
    );
}

#[test]
fn locking_asks_first_and_no_leaves_the_account_alone() {
    let (mut a, journal) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Down); // amira
    press(&mut a, KeyCode::Char('l'));
    assert_eq!(
        a.confirm.as_ref().map(|c| &c.then),
        Some(&ConfirmThen::Admin(AdminConfirm::SetLocked {
            user: "amira".into(),
            locked: true
        }))
    );
    insta::assert_snapshot!("users_confirm_lock", screen(&a));
    press(&mut a, KeyCode::Char('n'));
    assert!(journal.borrow().admin.locked.is_empty());
    press(&mut a, KeyCode::Char('l'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        journal.borrow().admin.locked,
        vec![("amira".to_string(), true)]
    );
    assert!(a.admin.users.selected().is_some_and(|u| u.locked));
    // Unlock asks too.
    press(&mut a, KeyCode::Char('u'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(journal.borrow().admin.locked.len(), 2);
    assert!(a.admin.users.selected().is_some_and(|u| !u.locked));
}

#[test]
fn a_refused_lock_and_a_removal_show_in_the_status_bar() {
    let (mut a, journal) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Char('l')); // admin itself
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        status(&a),
        Some(("You cannot lock your own account.".to_string(), true))
    );
    press(&mut a, KeyCode::End); // sara
    press(&mut a, KeyCode::Char('d'));
    assert!(a
        .confirm
        .as_ref()
        .is_some_and(|c| c.question.contains("sara")));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(journal.borrow().admin.removed, vec!["sara".to_string()]);
    assert!(a.admin.users.rows.iter().all(|u| u.name != "sara"));
}

fn fill_partner(a: &mut App, age: &str) {
    press(a, KeyCode::Char('a'));
    for (i, value) in [
        "FR-OFII",
        "OFII",
        age,
        "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",
        "receipts",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            press(a, KeyCode::Tab);
        }
        type_text(a, value);
    }
    press(a, KeyCode::Enter);
}

const AGE: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

#[test]
fn adding_a_partner_shows_the_fingerprint_and_needs_the_telephone_confirmation() {
    let (mut a, journal) = admin_on(MenuItem::PartnerKeys);
    fill_partner(&mut a, AGE);
    let question = a.confirm.as_ref().map(|c| c.question.clone());
    assert!(question.as_deref().is_some_and(|q| q.contains(FINGERPRINT)
        && q.contains("Have you confirmed this fingerprint with the partner by telephone?")));
    insta::assert_snapshot!("partner_keys_fingerprint", screen(&a));
    // No: nothing is saved, the form is still there to check the keys again.
    press(&mut a, KeyCode::Char('n'));
    assert!(a.form.is_some());
    assert!(journal.borrow().admin.partners.is_empty());
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('y'));
    assert!(a.form.is_none());
    let added = journal.borrow().admin.partners.clone();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0][0], "FR-OFII");
    assert_eq!(added[0][2], AGE);
    assert_eq!(added[0][4], "receipts");
    assert_eq!(a.admin.partners.rows.len(), 2);
    assert!(status(&a).is_some_and(|(text, err)| !err && text.contains(FINGERPRINT)));
}

#[test]
fn a_bad_partner_key_is_refused_before_any_fingerprint() {
    let (mut a, journal) = admin_on(MenuItem::PartnerKeys);
    fill_partner(&mut a, "not-a-key");
    assert!(a.confirm.is_none());
    assert_eq!(
        a.form.as_ref().and_then(|f| f.error.as_deref()),
        Some("The age recipient is not a valid age1… public key.")
    );
    assert!(journal.borrow().admin.partners.is_empty());
}

#[test]
fn an_agreement_opens_with_its_rules_and_a_refused_change_shows_in_place() {
    let (mut a, journal) = admin_on(MenuItem::Agreements);
    press(&mut a, KeyCode::Enter);
    assert!(a.admin.agreement_open);
    let s = screen(&a);
    assert!(s.contains("reply_days") && s.contains("silence_means_consent"));
    insta::assert_snapshot!("agreements_open", s);
    press(&mut a, KeyCode::Char('e'));
    // The rules in the agreement's order: name, calendar, reply_days.
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "0");
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.form.as_ref().and_then(|f| f.error.as_deref()),
        Some("Reply_days takes a number of days from 1 to 366, or none.")
    );
    insta::assert_snapshot!("agreements_change_refused", screen(&a));
    press(&mut a, KeyCode::Backspace);
    type_text(&mut a, "21");
    press(&mut a, KeyCode::Enter);
    assert!(a.form.is_none());
    assert_eq!(
        journal.borrow().admin.agreement_changes,
        vec![("EU-IQ".into(), "reply_days".into(), "21".into())]
    );
    assert!(screen(&a).contains("21"));
    press(&mut a, KeyCode::Esc);
    assert!(!a.admin.agreement_open);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
}

#[test]
fn the_audit_trail_filters_and_verifies() {
    let (mut a, journal) = open(FakeStation::new(), "nour", MenuItem::Audit);
    let len = a.admin.audit.list.rows.len();
    assert_eq!(
        a.admin.audit.list.nav.selected,
        len - 1,
        "newest last, selected"
    );
    press(&mut a, KeyCode::Char('v'));
    let verdict = a.admin.audit.verdict.clone().expect("a verdict");
    assert!(!verdict.is_error);
    assert!(screen(&a).contains("The audit chain is whole: 7 entries"));
    press(&mut a, KeyCode::Char('/'));
    assert_eq!(a.context(), Context::Filter);
    type_text(&mut a, "user");
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        journal.borrow().admin.audit_filters.last(),
        Some(&Some("user".to_string()))
    );
    assert!(a
        .admin
        .audit
        .list
        .rows
        .iter()
        .all(|r| r.action.starts_with("user.")));
    assert_eq!(a.admin.audit.list.rows.len(), 3);
    insta::assert_snapshot!("audit_filtered_and_verified", screen(&a));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.admin.audit.list.rows.len(), len);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
}

#[test]
fn a_broken_chain_is_named_in_red() {
    let (mut a, _) = open(
        FakeStation::new().failing_admin(FAILING),
        "admin",
        MenuItem::Audit,
    );
    press(&mut a, KeyCode::Char('v'));
    let verdict = a.admin.audit.verdict.clone().expect("a verdict");
    assert!(verdict.is_error);
    assert_eq!(
        verdict.text,
        "Audit entry 4 was changed: entry 5 does not follow from it."
    );
}

#[test]
fn help_on_the_users_screen_lists_its_keys() {
    // That each listed key does what help says is checked for every context in keymap.rs.
    let (mut a, _) = admin_on(MenuItem::Users);
    press(&mut a, KeyCode::Char('?'));
    let s = screen(&a);
    assert!(s.contains("lock the selected account"));
    insta::assert_snapshot!("help_users", s);
}

#[test]
fn live_users_and_agreements_on_the_demo_station() {
    let (_dir, mut a) = live_app("admin");
    open_item(&mut a, MenuItem::Users);
    insta::assert_snapshot!("live_users", masked(&screen(&a)));
    press(&mut a, KeyCode::Esc);
    open_item(&mut a, MenuItem::Agreements);
    insta::assert_snapshot!("live_agreements", masked(&screen(&a)));
}

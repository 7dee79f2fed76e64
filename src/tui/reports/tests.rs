//! The reports screen: snapshots with figures, without any and with a refused period, at 80×24
//! and 120×30; key sequences that check the bounds reaching the port; and the live adapter
//! against a real demo station.

use crate::tui::app::MenuItem;
use crate::tui::reports::fake::REFUSED;
use crate::tui::tests::*;

/// Signs `user` in and opens the reports from the dashboard.
fn reports_as(station: FakeStation, user: &str) -> (App, Rc<RefCell<Journal>>) {
    let (mut a, journal) = app_with(station, "en");
    sign_in(&mut a, user);
    let at = a
        .menu()
        .iter()
        .position(|m| *m == MenuItem::Reports)
        .expect("the dashboard offers the reports");
    for _ in 0..at {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Reports);
    (a, journal)
}

fn set_period(a: &mut App, from: &str, to: &str) {
    press(a, KeyCode::Char('p'));
    assert_eq!(a.context(), Context::Form);
    type_text(a, from);
    press(a, KeyCode::Tab);
    type_text(a, to);
    press(a, KeyCode::Enter);
}

#[test]
fn only_the_roles_with_view_statistics_are_offered_the_reports() {
    for (user, offered) in [
        ("nour", true),
        ("sara", true),
        ("admin", true),
        ("karim", false),
        ("amira", false),
    ] {
        let a = signed_in(user);
        assert_eq!(a.menu().contains(&MenuItem::Reports), offered, "{user}");
    }
}

#[test]
fn the_screen_with_figures_empty_and_refused() {
    let (a, journal) = reports_as(FakeStation::new(), "nour");
    assert_eq!(journal.borrow().reports, vec![(None, None)]);
    let s = screen(&a);
    for shown in [
        "2026-01-01 to 2026-12-31",
        "Median days to reply",
        "11.5 (over 48)",
        "Nineveh",
    ] {
        assert!(s.contains(shown), "{shown}");
    }
    insta::assert_snapshot!("reports", s);
    insta::assert_snapshot!("reports_wide", render(&a, 120, 30));

    let (empty, _) = reports_as(FakeStation::new().without_report_data(), "sara");
    let s = screen(&empty);
    assert!(s.contains("No applications in this period."));
    assert!(s.contains("No arrivals in this period."));
    insta::assert_snapshot!("reports_empty", s);
    insta::assert_snapshot!("reports_empty_wide", render(&empty, 120, 30));

    let (mut refused, _) = reports_as(FakeStation::new(), "admin");
    set_period(&mut refused, "2026-13", "2026-02");
    let s = screen(&refused);
    assert!(s.contains("The period is two months written as YYYY-MM"));
    insta::assert_snapshot!("reports_refused", s);
    insta::assert_snapshot!("reports_refused_wide", render(&refused, 120, 30));
}

#[test]
fn the_period_form_sends_the_bounds_and_refresh_asks_again_for_them() {
    let (mut a, journal) = reports_as(FakeStation::new(), "nour");
    set_period(&mut a, "2026-03", " 2026-09 ");
    assert!(a.form.is_none());
    assert_eq!(
        journal.borrow().reports.last(),
        Some(&(Some("2026-03".to_string()), Some("2026-09".to_string())))
    );
    press(&mut a, KeyCode::Char('r'));
    let asked = journal.borrow().reports.clone();
    assert_eq!(asked.len(), 3);
    assert_eq!(asked[2], asked[1]);
    // A blank bound is the station's default, not an empty string.
    set_period(&mut a, "", "2026-06");
    assert_eq!(
        journal.borrow().reports.last(),
        Some(&(None, Some("2026-06".to_string())))
    );
}

#[test]
fn a_refused_period_shows_the_sentence_and_keeps_the_figures_and_bounds() {
    let (mut a, journal) = reports_as(FakeStation::new(), "sara");
    set_period(&mut a, "2026-05", "2026-02");
    let form = a.form.as_ref().expect("the form stays open");
    assert_eq!(form.error.as_deref(), Some(REFUSED));
    assert_eq!(
        journal.borrow().reports.last(),
        Some(&(Some("2026-05".to_string()), Some("2026-02".to_string())))
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('y'));
    assert!(a.form.is_none());
    assert!(a.reports.view.is_some());
    assert_eq!((a.reports.from.clone(), a.reports.to.clone()), (None, None));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Dashboard);
}

#[test]
fn help_lists_the_reports_keys() {
    let (mut a, _) = reports_as(FakeStation::new(), "nour");
    press(&mut a, KeyCode::Char('?'));
    let s = screen(&a);
    assert!(s.contains("choose the period"));
    assert!(s.contains("read again from the station"));
}

mod live {
    use crate::domain::statistics::Period;
    use crate::service::Station;
    use crate::tui::live::LiveStation;

    use crate::tui::reports::live::{period, report_view, BAD_PERIOD};
    use crate::tui::reports::port::ReportPort;
    use crate::tui::session::port::SessionPort;
    use age::secrecy::SecretString;
    use chrono::{Datelike, Duration, Utc};

    #[test]
    fn the_live_port_shows_what_session_report_computes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = Utc::now();
        let station = Station::demo(dir.path(), now).expect("demo station");
        let year_ago = (now - Duration::days(366)).date_naive();
        let from = format!("{:04}-{:02}", year_ago.year(), year_ago.month());
        let to = crate::domain::statistics::month_of(now.date_naive());
        let bounds = Period::months(&from, &to).expect("a period");
        let expected = {
            let s = station
                .login("auditor", &SecretString::from("demo-auditor-pass"), now)
                .expect("auditor signs in");
            s.report(bounds, now)
                .expect("the auditor may see statistics")
        };
        assert!(expected.applications_total() > 0, "the demo has cases");

        let mut port = LiveStation::new(station);
        port.login("auditor", "demo-auditor-pass")
            .expect("auditor signs in");
        let view = port
            .report(Some(from.clone()), Some(to.clone()))
            .expect("figures");
        assert_eq!(view, report_view(&expected));
        assert_eq!(view.from, bounds.from.to_string());
        let total: u64 = view.by_state.iter().map(|(_, n)| n).sum();
        assert_eq!(total, expected.applications_total());
        let per_month: u64 = view.per_month.iter().map(|(_, n)| n).sum();
        assert_eq!(per_month, expected.applications_total());
        let arrivals: u64 = view.arrivals.iter().map(|(_, n)| n).sum();
        assert_eq!(arrivals, expected.arrivals.values().sum::<u64>());
        assert_eq!(
            view.figures.first(),
            Some(&(
                "Applications received".to_string(),
                expected.applications_total().to_string()
            ))
        );
        assert_eq!(
            port.report(Some("2026-13".into()), None),
            Err(BAD_PERIOD.to_string())
        );
        assert_eq!(
            port.report(Some(to.clone()), Some(from.clone())),
            Err(BAD_PERIOD.to_string())
        );
    }

    #[test]
    fn roles_without_view_statistics_are_refused_by_the_station() {
        let dir = tempfile::tempdir().expect("temp dir");
        let station = Station::demo(dir.path(), Utc::now()).expect("demo station");
        let mut port = LiveStation::new(station);
        port.login("clerk", "demo-clerk-pass")
            .expect("clerk signs in");
        let refused = port
            .report(None, None)
            .expect_err("a clerk sees no statistics");
        assert!(!refused.is_empty());
    }

    #[test]
    fn missing_bounds_default_to_january_and_this_month() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
        let p = period(None, None, today).expect("the default period");
        assert_eq!(p.from.to_string(), "2026-01-01");
        assert_eq!(p.to.to_string(), "2026-11-30");
        let p = period(Some("2025-02"), None, today).expect("from only");
        assert_eq!(p.from.to_string(), "2025-02-01");
        assert_eq!(
            period(Some("2026-12"), None, today),
            Err(BAD_PERIOD.to_string())
        );
    }
}

#[test]
fn live_report_on_the_demo_station() {
    let (_dir, mut a) = live_app("auditor");
    open_item(&mut a, MenuItem::Reports);
    insta::assert_snapshot!("live_reports", masked(&screen(&a)));
}

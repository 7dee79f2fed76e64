use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn facts(state: &str, received: NaiveDate) -> CaseFacts {
    CaseFacts {
        requesting_state: state.into(),
        agreement: "EU-IQ".into(),
        received_on: received,
        reply_sent_on: None,
        accepted: None,
        deemed_accepted_on: None,
        reply_within_limit: None,
        travel_document_on: None,
        transfer_on: None,
        closed: false,
    }
}

#[test]
fn period_of_months_runs_from_the_first_to_the_last_day() {
    let p = Period::months("2026-02", "2026-12").unwrap();
    assert_eq!((p.from, p.to), (d(2026, 2, 1), d(2026, 12, 31)));
    assert_eq!(
        Period::months("2026-02", "2026-02").unwrap().to,
        d(2026, 2, 28)
    );
    assert!(Period::months("2026-03", "2026-02").is_none());
    assert!(Period::months("2026-13", "2026-12").is_none());
    assert!(Period::months("26-01", "2026-12").is_none());
}

#[test]
fn days_to_reply_count_from_receipt_and_only_replies_inside_the_period_count() {
    // Received 1 Jan, replied 11 Jan (10 days) and 21 Jan (20 days); a third replied in February.
    let mut a = facts("DE", d(2026, 1, 1));
    a.reply_sent_on = Some(d(2026, 1, 11));
    a.accepted = Some(true);
    a.reply_within_limit = Some(true);
    let mut b = facts("NL", d(2026, 1, 1));
    b.reply_sent_on = Some(d(2026, 1, 21));
    b.accepted = Some(false);
    b.reply_within_limit = Some(false);
    let mut c = facts("DE", d(2026, 1, 2));
    c.reply_sent_on = Some(d(2026, 2, 1));
    let s = compute(
        Period::months("2026-01", "2026-01").unwrap(),
        [&a, &b, &c],
        [],
    );
    assert_eq!(s.applications_total(), 3);
    assert_eq!(s.applications["DE"]["2026-01"], 2);
    assert_eq!(s.replies_sent, 2);
    assert_eq!((s.accepted, s.refused), (1, 1));
    assert_eq!(s.replies_within_limit, Rate { part: 1, of: 2 });
    assert_eq!(s.median_days_to_reply.days, Some(15.0));
    assert_eq!(s.applications_per_month(), vec![("2026-01".to_string(), 3)]);
}

#[test]
fn small_counts_leave_only_as_under_five() {
    let cases: Vec<CaseFacts> = (0..4).map(|i| facts("DE", d(2026, 1, 1 + i))).collect();
    let s = compute(Period::months("2026-01", "2026-01").unwrap(), &cases, []);
    let figures = suppress(&s);
    let total = figures
        .iter()
        .find(|f| f.measure == Measure::ApplicationsReceived && f.by == By::default())
        .unwrap();
    assert_eq!(total.shown, Shown::Suppressed);
    assert_eq!(total.shown.to_string(), "<5");
}

fn arb_facts() -> impl Strategy<Value = CaseFacts> {
    (
        0u32..90,
        prop::option::of(0i64..60),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        0usize..3,
    )
        .prop_map(|(recv, reply, accepted, within, state)| {
            let received = d(2026, 1, 1) + chrono::Duration::days(recv as i64);
            let mut f = facts(["DE", "NL", "FR"][state], received);
            f.reply_sent_on = reply.map(|r| received + chrono::Duration::days(r));
            f.accepted = f.reply_sent_on.map(|_| accepted);
            f.reply_within_limit = f.reply_sent_on.and(within);
            f
        })
}

proptest! {
    #[test]
    fn a_median_lies_between_the_least_and_greatest_and_ignores_order(
        mut v in prop::collection::vec(-1000i64..1000, 1..40)
    ) {
        let m = median(v.clone());
        let days = m.days.unwrap();
        prop_assert_eq!(m.of, v.len() as u64);
        prop_assert!(*v.iter().min().unwrap() as f64 <= days && days <= *v.iter().max().unwrap() as f64);
        let below = v.iter().filter(|x| (**x as f64) < days).count();
        let above = v.iter().filter(|x| (**x as f64) > days).count();
        prop_assert!(below <= v.len() / 2 && above <= v.len() / 2);
        v.reverse();
        prop_assert_eq!(median(v).days, Some(days));
    }

    #[test]
    fn a_rate_is_a_percentage(part in 0u64..1000, extra in 0u64..1000) {
        let r = Rate { part, of: part + extra };
        match r.percent() {
            None => prop_assert_eq!(r.of, 0),
            Some(p) => prop_assert!((0.0..=100.0).contains(&p)),
        }
    }

    #[test]
    fn nothing_under_five_leaves_and_rates_on_small_counts_are_withheld(
        cases in prop::collection::vec(arb_facts(), 0..60)
    ) {
        let s = compute(Period::months("2026-01", "2026-03").unwrap(), &cases, []);
        for f in suppress(&s) {
            match f.shown {
                Shown::Count(n) => prop_assert!(n == 0 || n >= SMALL),
                Shown::Percent(_) if f.measure == Measure::RepliesWithinLimitPercent => {
                    let r = s.replies_within_limit;
                    prop_assert!(r.part >= SMALL && r.of - r.part >= SMALL);
                }
                Shown::Days(_) => prop_assert!(s.replies_sent >= SMALL || f.measure != Measure::MedianDaysToReply),
                _ => {}
            }
        }
        // Every application is counted once, by state and month.
        let in_period = cases.iter().filter(|c| s.period.contains(c.received_on)).count() as u64;
        prop_assert_eq!(s.applications_total(), in_period);
        prop_assert_eq!(s.applications_per_month().iter().map(|(_, n)| n).sum::<u64>(), in_period);
        prop_assert_eq!(s.accepted + s.refused, s.replies_sent);
    }
}

/// What an outsider learns from a shown figure: the values it allows.
fn allows(shown: Shown, n: u64) -> bool {
    match shown {
        Shown::Count(c) => c == n,
        Shown::Suppressed => (1..SMALL).contains(&n),
        Shown::Withheld => n >= SMALL,
        Shown::Days(_) | Shown::Percent(_) | Shown::NoData => true,
    }
}

#[test]
fn zero_is_shown_as_zero_and_a_lone_small_cell_hides_the_total() {
    // DE: 9 in January, NL: 2 in January; nothing refused.
    let mut cases: Vec<CaseFacts> = (0..9).map(|i| facts("DE", d(2026, 1, 1 + i))).collect();
    cases.extend((0..2).map(|i| facts("NL", d(2026, 1, 1 + i))));
    let s = compute(Period::months("2026-01", "2026-01").unwrap(), &cases, []);
    let figures = suppress(&s);
    let get = |m: Measure, state: Option<&str>| {
        figures
            .iter()
            .find(|f| f.measure == m && f.by.requesting_state.as_deref() == state)
            .unwrap()
            .shown
    };
    assert_eq!(get(Measure::Refused, None), Shown::Count(0));
    assert_eq!(get(Measure::Refused, None).to_string(), "0");
    assert_eq!(
        get(Measure::ApplicationsReceived, Some("DE")),
        Shown::Count(9)
    );
    assert_eq!(
        get(Measure::ApplicationsReceived, Some("NL")),
        Shown::Suppressed
    );
    // 11 published as the total would give NL's 2 away.
    assert_eq!(get(Measure::ApplicationsReceived, None), Shown::Withheld);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// Random tables of applications (two states × two months, 0 to 7 each), suppressed, then every
    /// table an outsider could believe in is enumerated (each cell 0 to 12) against what was
    /// published, cells and total: each suppressed cell must keep at least two possible values.
    #[test]
    fn no_suppressed_cell_can_be_worked_out_from_the_published_cells_and_total(
        counts in prop::collection::vec(0u64..8, 4)
    ) {
        let states = ["DE", "NL"];
        let months = ["2026-01", "2026-02"];
        let mut cases = vec![];
        for (i, n) in counts.iter().enumerate() {
            let month = 1 + (i % 2) as u32;
            cases.extend((0..*n).map(|k| facts(states[i / 2], d(2026, month, 1 + k as u32))));
        }
        let s = compute(Period::months("2026-01", "2026-02").unwrap(), &cases, []);
        let figures = suppress(&s);
        let shown_cell = |i: usize| {
            figures.iter().find(|f| {
                f.measure == Measure::ApplicationsReceived
                    && f.by.requesting_state.as_deref() == Some(states[i / 2])
                    && f.by.month.as_deref() == Some(months[i % 2])
            }).map(|f| f.shown)
        };
        let cells: Vec<Option<Shown>> = (0..4).map(shown_cell).collect();
        let total = figures
            .iter()
            .find(|f| f.measure == Measure::ApplicationsReceived && f.by == By::default())
            .unwrap()
            .shown;
        // A cell not published at all is a zero (only months with applications are listed).
        let cell_allows = |i: usize, n: u64| match cells[i] {
            None => n == 0,
            Some(shown) => n > 0 && allows(shown, n),
        };
        let mut possible: Vec<std::collections::BTreeSet<u64>> = vec![Default::default(); 4];
        for a in 0..13u64 { for b in 0..13u64 { for c in 0..13u64 { for e in 0..13u64 {
            let t = [a, b, c, e];
            if (0..4).all(|i| cell_allows(i, t[i])) && allows(total, t.iter().sum()) {
                for i in 0..4 { possible[i].insert(t[i]); }
            }
        }}}}
        for i in 0..4 {
            prop_assert!(possible[i].contains(&counts[i]), "the truth is possible");
            if cells[i] == Some(Shown::Suppressed) {
                prop_assert!(possible[i].len() >= 2, "cell {} = {} recovered from {:?} and total {:?}", i, counts[i], cells, total);
            }
        }
    }
}

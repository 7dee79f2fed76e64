//! A case's next due date: which time limit of its agreement applies now, when it falls, and how
//! urgent it is. Pure: the caller passes the clock events, the agreement, the calendar and `now`.
//!
//! Instants are UTC; the station's IANA zone (Asia/Baghdad, Asia/Baku, Africa/Abidjan…, from the
//! chrono-tz database) turns an instant into the local date a period starts from. A period of `n` days started on day D ends on day D + n, counted
//! as the rule says (see [`Calendar::add_days`]).

use super::agreement::Agreement;
use super::application::Procedure;
use super::calendar::{Calendar, DayCount};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The facts of a case that the time limits depend on (the case record provides them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClockEvents {
    pub procedure: Option<Procedure>,
    pub received_at: Option<DateTime<Utc>>,
    pub registered_at: Option<DateTime<Utc>>,
    pub receipt_confirmed_at: Option<DateTime<Utc>>,
    /// Days of extension granted so far, in the reply rule's count.
    pub extension_days: u32,
    pub reply_sent_at: Option<DateTime<Utc>>,
    /// The reply's outcome once sent: `Some(true)` accepted.
    pub accepted: Option<bool>,
    /// The case was recorded as deemed accepted (silence).
    pub deemed_accepted: bool,
    /// The current travel document's validity end, once one is issued.
    pub td_valid_until: Option<NaiveDate>,
    pub transfer_notified_at: Option<DateTime<Utc>>,
    pub transfer_at: Option<DateTime<Utc>>,
    /// Arrived, closed, withdrawn…: no time limit runs any more.
    pub finished: bool,
}

/// What the next due date is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFor {
    Reply,
    TravelDocument,
    TravelDocumentExpiry,
    TransferWindow,
}

impl DueFor {
    pub fn as_str(self) -> &'static str {
        match self {
            DueFor::Reply => "reply",
            DueFor::TravelDocument => "travel document",
            DueFor::TravelDocumentExpiry => "travel document expiry",
            DueFor::TransferWindow => "end of the transfer window",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueSoon,
    OnTrack,
    /// No time limit runs.
    None,
}

/// Something the officer must know about how the date was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineNote {
    /// The rule's starting event is not recorded yet; the date is counted from receipt, the earliest
    /// it can be.
    CountedFromReceipt,
    /// The agreement sets no reply limit: enter one if the text has it.
    NoReplyRule,
    /// The transfer was notified with less lead time than the agreement requires.
    ShortTransferNotice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub what: DueFor,
    pub on: NaiveDate,
    /// Calendar days from today (the station's date) to `on`; negative when overdue.
    pub days_left: i64,
    /// Working days from today to `on` on the agreement's calendar; negative when overdue.
    pub working_days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineReport {
    pub due: Option<Due>,
    pub urgency: Urgency,
    /// Silence means consent and the reply limit passed without a reply: the case counts as accepted.
    pub deemed_accepted: bool,
    pub notes: Vec<DeadlineNote>,
}

/// How the station shows time: its zone, and how many working days before a limit count as "soon".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineSettings {
    pub zone: Tz,
    pub due_soon_working_days: u32,
}

/// The zone a station starts with unless `init --time-zone` says otherwise.
pub const DEFAULT_ZONE: Tz = Tz::Asia__Baghdad;

/// An IANA zone name as the admin types it (`Asia/Baku`), checked against the zone database.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

impl DeadlineSettings {
    /// The station's zone and three working days.
    pub fn in_zone(zone: Tz) -> DeadlineSettings {
        DeadlineSettings {
            zone,
            due_soon_working_days: 3,
        }
    }

    /// Asia/Baghdad and three working days.
    pub fn baghdad() -> DeadlineSettings {
        DeadlineSettings::in_zone(DEFAULT_ZONE)
    }

    /// The station's date at this instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }
}

/// An instant in the station's zone, with the zone named: `2026-12-09 13:00 Asia/Baghdad (+03)`.
pub fn local_time(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!(
        "{} {} ({})",
        local.format("%Y-%m-%d %H:%M"),
        zone.name(),
        local.format("%Z")
    )
}

/// The same, short for table rows: `2026-12-09 13:00 +03` (the zone's abbreviation or offset).
pub fn local_time_short(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The reply limit's date, and whether it had to be counted from receipt for want of the real start.
pub fn reply_due(
    ev: &ClockEvents,
    agreement: &Agreement,
    calendar: &Calendar,
    settings: &DeadlineSettings,
) -> Option<(NaiveDate, bool)> {
    let rule = agreement.reply?;
    let received = ev.received_at?;
    let start = match rule.clock_start {
        super::agreement::ClockStart::Receipt => Some(received),
        super::agreement::ClockStart::Registration => ev.registered_at,
        super::agreement::ClockStart::ConfirmedReceipt => ev.receipt_confirmed_at,
    };
    let provisional = start.is_none();
    let start = settings.local_date(start.unwrap_or(received));
    let base = match (ev.procedure, rule.accelerated_days) {
        (Some(Procedure::Accelerated), Some(fast)) => fast,
        _ => rule.days,
    };
    let granted = ev.extension_days.min(agreement.extension_days.unwrap_or(0));
    let days = base.saturating_add(granted);
    Some((calendar.add_days(start, days, rule.count), provisional))
}

/// The case's next due date and its urgency, as of `now`.
pub fn next_due(
    ev: &ClockEvents,
    agreement: &Agreement,
    calendar: &Calendar,
    settings: &DeadlineSettings,
    now: DateTime<Utc>,
) -> DeadlineReport {
    let today = settings.local_date(now);
    let mut notes = Vec::new();
    let mut deemed_accepted = ev.deemed_accepted;
    let mut candidates: Vec<(DueFor, NaiveDate)> = Vec::new();

    if let (Some(notified), Some(at), Some(lead)) = (
        ev.transfer_notified_at,
        ev.transfer_at,
        agreement.transfer_notice,
    ) {
        let earliest = calendar.add_days(settings.local_date(notified), lead.days, lead.count);
        if settings.local_date(at) < earliest {
            notes.push(DeadlineNote::ShortTransferNotice);
        }
    }

    if !ev.finished {
        match ev.reply_sent_at {
            None if !ev.deemed_accepted => match reply_due(ev, agreement, calendar, settings) {
                Some((on, provisional)) => {
                    if provisional {
                        notes.push(DeadlineNote::CountedFromReceipt);
                    }
                    if today > on && agreement.silence_means_consent {
                        deemed_accepted = true;
                    }
                    candidates.push((DueFor::Reply, on));
                }
                None => notes.push(DeadlineNote::NoReplyRule),
            },
            _ => {
                // Accepted, by reply or by silence: the travel document and the transfer follow,
                // counted from the reply (or from the reply limit that silence let pass).
                let accepted_on = match (ev.reply_sent_at, ev.accepted) {
                    (Some(at), Some(true)) => Some(settings.local_date(at)),
                    (None, _) if ev.deemed_accepted => {
                        reply_due(ev, agreement, calendar, settings).map(|(on, _)| on)
                    }
                    _ => None,
                };
                if let Some(accepted_on) = accepted_on {
                    match (ev.td_valid_until, agreement.travel_document) {
                        (None, Some(p)) => candidates.push((
                            DueFor::TravelDocument,
                            calendar.add_days(accepted_on, p.days, p.count),
                        )),
                        (Some(until), _) => candidates.push((DueFor::TravelDocumentExpiry, until)),
                        (None, None) => {}
                    }
                    if let Some(window) = agreement.transfer_window_days {
                        candidates.push((
                            DueFor::TransferWindow,
                            calendar.add_days(accepted_on, window, DayCount::Calendar),
                        ));
                    }
                }
            }
        }
    }

    let due = candidates
        .into_iter()
        .min_by_key(|(_, on)| *on)
        .map(|(what, on)| Due {
            what,
            on,
            days_left: (on - today).num_days(),
            working_days_left: calendar.working_days_between(today, on),
        });
    let urgency = match &due {
        None => Urgency::None,
        Some(d) if d.on < today => Urgency::Overdue,
        Some(d) if d.working_days_left <= i64::from(settings.due_soon_working_days) => {
            Urgency::DueSoon
        }
        Some(_) => Urgency::OnTrack,
    };
    DeadlineReport {
        due,
        urgency,
        deemed_accepted,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agreement::{default_agreement, ClockStart, DeadlineRule};
    use crate::domain::calendar::default_calendar;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse_date(s).unwrap()
    }
    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn calendar(code: &str) -> Calendar {
        default_calendar(code).unwrap()
    }
    fn agreement(code: &str) -> Agreement {
        default_agreement(code).unwrap()
    }
    /// EU-IQ with a plain 5-working-day reply rule, to work the dates by hand.
    fn iraq_rule(clock_start: ClockStart) -> Agreement {
        let mut a = agreement("EU-IQ");
        a.reply = Some(DeadlineRule {
            days: 5,
            count: DayCount::Working,
            clock_start,
            accelerated_days: None,
        });
        a
    }
    fn received(at: &str) -> ClockEvents {
        ClockEvents {
            procedure: Some(Procedure::Normal),
            received_at: Some(t(at)),
            ..ClockEvents::default()
        }
    }

    #[test]
    fn iraqi_weekend_and_a_holiday_push_the_reply_back() {
        // Received Sunday 12 July 2026 at 10:00 Baghdad. 5 Iraqi working days: Mon 13 (1),
        // Tue 14 Republic Day, Wed 15 (2), Thu 16 (3), Fri 17/Sat 18 weekend, Sun 19 (4), Mon 20 (5).
        let ev = received("2026-07-12T07:00:00Z");
        let s = DeadlineSettings::baghdad();
        let r = next_due(
            &ev,
            &iraq_rule(ClockStart::Receipt),
            &calendar("IQ"),
            &s,
            t("2026-07-13T06:00:00Z"),
        );
        let due = r.due.unwrap();
        assert_eq!((due.what, due.on), (DueFor::Reply, d("2026-07-20")));
        assert_eq!(due.days_left, 7);
        assert_eq!(due.working_days_left, 4); // Wed 15, Thu 16, Sun 19, Mon 20
        assert_eq!(r.urgency, Urgency::OnTrack);
        // On Thursday 16 three working days are left: due soon.
        let r = next_due(
            &ev,
            &iraq_rule(ClockStart::Receipt),
            &calendar("IQ"),
            &s,
            t("2026-07-16T06:00:00Z"),
        );
        assert_eq!(r.urgency, Urgency::DueSoon);
    }

    #[test]
    fn the_station_zone_decides_the_start_date() {
        // 22:30 UTC on Saturday 11 July is already Sunday 12 July 01:30 in Baghdad.
        let ev = received("2026-07-11T22:30:00Z");
        let r = next_due(
            &ev,
            &iraq_rule(ClockStart::Receipt),
            &calendar("IQ"),
            &DeadlineSettings::baghdad(),
            t("2026-07-12T08:00:00Z"),
        );
        assert_eq!(r.due.unwrap().on, d("2026-07-20"));
    }

    #[test]
    fn clock_from_receipt_and_from_registration_give_different_dates() {
        // Received Sunday 12 July, registered Wednesday 15 July (Baghdad).
        let mut ev = received("2026-07-12T07:00:00Z");
        ev.registered_at = Some(t("2026-07-15T07:00:00Z"));
        let s = DeadlineSettings::baghdad();
        let iq = calendar("IQ");
        let now = t("2026-07-15T08:00:00Z");
        let from_receipt = next_due(&ev, &iraq_rule(ClockStart::Receipt), &iq, &s, now);
        let from_registration = next_due(&ev, &iraq_rule(ClockStart::Registration), &iq, &s, now);
        assert_eq!(from_receipt.due.unwrap().on, d("2026-07-20"));
        // Wed 15 + 5: Thu 16 (1), Sun 19 (2), Mon 20 (3), Tue 21 (4), Wed 22 (5).
        assert_eq!(from_registration.due.unwrap().on, d("2026-07-22"));
        assert!(from_registration.notes.is_empty());
        // Not registered yet: counted from receipt, and said so.
        ev.registered_at = None;
        let early = next_due(&ev, &iraq_rule(ClockStart::Registration), &iq, &s, now);
        assert_eq!(early.due.unwrap().on, d("2026-07-20"));
        assert_eq!(early.notes, [DeadlineNote::CountedFromReceipt]);
    }

    #[test]
    fn switzerland_russia_counts_25_calendar_days_from_confirmed_receipt() {
        // Confirmed receipt Monday 2 March 2026; 25 calendar days: Friday 27 March, weekends included.
        let mut ev = received("2026-02-27T09:00:00Z");
        ev.receipt_confirmed_at = Some(t("2026-03-02T09:00:00Z"));
        let s = DeadlineSettings::in_zone(Tz::Europe__Moscow);
        let r = next_due(
            &ev,
            &agreement("CH-RU"),
            &calendar("RU"),
            &s,
            t("2026-03-10T09:00:00Z"),
        );
        let due = r.due.unwrap();
        assert_eq!(due.on, d("2026-03-27"));
        assert_eq!(due.days_left, 17);
        // An extension of 30 days (cap 60) moves it to 26 April.
        ev.extension_days = 30;
        let r = next_due(
            &ev,
            &agreement("CH-RU"),
            &calendar("RU"),
            &s,
            t("2026-03-10T09:00:00Z"),
        );
        assert_eq!(r.due.unwrap().on, d("2026-04-26"));
    }

    #[test]
    fn silence_past_the_limit_is_deemed_acceptance_and_overdue() {
        let mut ev = received("2026-02-27T09:00:00Z");
        ev.receipt_confirmed_at = Some(t("2026-03-02T09:00:00Z"));
        let s = DeadlineSettings::baghdad();
        let ch = agreement("CH-RU");
        let on_the_day = next_due(&ev, &ch, &calendar("RU"), &s, t("2026-03-27T12:00:00Z"));
        assert!(!on_the_day.deemed_accepted);
        assert_eq!(on_the_day.urgency, Urgency::DueSoon);
        let r = next_due(&ev, &ch, &calendar("RU"), &s, t("2026-03-30T09:00:00Z"));
        assert!(r.deemed_accepted);
        assert_eq!(r.urgency, Urgency::Overdue);
        assert_eq!(r.due.unwrap().days_left, -3);
        // Without silence-means-consent the same case is only overdue.
        let mut no_silence = ch.clone();
        no_silence.silence_means_consent = false;
        let r = next_due(
            &ev,
            &no_silence,
            &calendar("RU"),
            &s,
            t("2026-03-30T09:00:00Z"),
        );
        assert!(!r.deemed_accepted);
        assert_eq!(r.urgency, Urgency::Overdue);
    }

    #[test]
    fn overdue_days_left_are_negative() {
        let ev = received("2026-07-12T07:00:00Z");
        let r = next_due(
            &ev,
            &iraq_rule(ClockStart::Receipt),
            &calendar("IQ"),
            &DeadlineSettings::baghdad(),
            t("2026-07-23T07:00:00Z"),
        );
        let due = r.due.unwrap();
        assert_eq!(due.days_left, -3);
        assert_eq!(due.working_days_left, -3); // late on Tue 21, Wed 22 and Thu 23 (today)
        assert_eq!(r.urgency, Urgency::Overdue);
    }

    #[test]
    fn after_acceptance_the_travel_document_then_its_expiry_and_the_window_follow() {
        let s = DeadlineSettings::baghdad();
        let iq = calendar("IQ");
        let a = agreement("EU-IQ"); // TD 5 working days, window 90 days
        let mut ev = received("2026-07-01T07:00:00Z");
        ev.reply_sent_at = Some(t("2026-07-12T07:00:00Z"));
        ev.accepted = Some(true);
        let r = next_due(&ev, &a, &iq, &s, t("2026-07-12T08:00:00Z"));
        assert_eq!(
            r.due.as_ref().map(|d| (d.what, d.on)),
            Some((DueFor::TravelDocument, d("2026-07-20")))
        );
        ev.td_valid_until = Some(d("2026-08-01"));
        let r = next_due(&ev, &a, &iq, &s, t("2026-07-20T08:00:00Z"));
        assert_eq!(r.due.unwrap().what, DueFor::TravelDocumentExpiry);
        ev.td_valid_until = Some(d("2026-12-31"));
        let r = next_due(&ev, &a, &iq, &s, t("2026-07-20T08:00:00Z"));
        assert_eq!(
            r.due.unwrap(),
            Due {
                what: DueFor::TransferWindow,
                on: d("2026-10-10"),
                days_left: 82,
                working_days_left: iq.working_days_between(d("2026-07-20"), d("2026-10-10")),
            }
        );
        // A refusal, or an arrived case, has nothing due.
        ev.accepted = Some(false);
        assert_eq!(
            next_due(&ev, &a, &iq, &s, t("2026-07-20T08:00:00Z")).urgency,
            Urgency::None
        );
        ev.accepted = Some(true);
        ev.finished = true;
        assert_eq!(
            next_due(&ev, &a, &iq, &s, t("2026-07-20T08:00:00Z")).due,
            None
        );
    }

    #[test]
    fn short_transfer_notice_and_missing_rules_are_flagged() {
        let s = DeadlineSettings::baghdad();
        let mut ev = received("2026-07-01T07:00:00Z");
        ev.reply_sent_at = Some(t("2026-07-05T07:00:00Z"));
        ev.accepted = Some(true);
        ev.transfer_notified_at = Some(t("2026-07-12T07:00:00Z")); // Sunday
        ev.transfer_at = Some(t("2026-07-14T07:00:00Z")); // needs 3 Iraqi working days: Wed 15
        let r = next_due(
            &ev,
            &agreement("EU-IQ"),
            &calendar("IQ"),
            &s,
            t("2026-07-12T08:00:00Z"),
        );
        assert!(r.notes.contains(&DeadlineNote::ShortTransferNotice));
        let r = next_due(
            &received("2026-07-01T07:00:00Z"),
            &agreement("EU-LK"),
            &calendar("LK"),
            &s,
            t("2026-07-12T08:00:00Z"),
        );
        assert_eq!(
            (r.urgency, r.notes),
            (Urgency::None, vec![DeadlineNote::NoReplyRule])
        );
    }

    /// The hand-worked table: each row a case under EU-IQ with a 5-working-day reply on the Iraqi
    /// calendar (weekend Friday and Saturday), the station's zone, and the date worked out by hand.
    #[test]
    fn hand_worked_deadline_table() {
        let eid_2027 = calendar("IQ")
            .with_named_holiday(d("2027-03-10"), "Eid al-Fitr")
            .unwrap()
            .with_named_holiday(d("2027-03-11"), "Eid al-Fitr (2nd day)")
            .unwrap();
        let rows: [(&str, Tz, &Calendar, &str, &str); 7] = [
            // Sun 7 Mar 2027 10:00 Baghdad: Mon 8, Tue 9, Wed 10, Thu 11, (Fri, Sat), Sun 14.
            (
                "2027-03-07T07:00:00Z",
                Tz::Asia__Baghdad,
                &calendar("IQ"),
                "2027-03-14",
                "no Eid",
            ),
            // Eid entered for 2027: Mon 8, Tue 9, (Wed 10, Thu 11 Eid; Fri, Sat), Sun 14, Mon 15, Tue 16.
            (
                "2027-03-07T07:00:00Z",
                Tz::Asia__Baghdad,
                &eid_2027,
                "2027-03-16",
                "Eid 2027",
            ),
            // 22:30 UTC Saturday 11 July 2026 is already Sunday in Baghdad (01:30) and Baku (02:30):
            // Mon 13, (Tue 14 Republic Day), Wed 15, Thu 16, (Fri, Sat), Sun 19, Mon 20.
            (
                "2026-07-11T22:30:00Z",
                Tz::Asia__Baghdad,
                &calendar("IQ"),
                "2026-07-20",
                "Baghdad 22:30Z",
            ),
            (
                "2026-07-11T22:30:00Z",
                Tz::Asia__Baku,
                &calendar("IQ"),
                "2026-07-20",
                "Baku 22:30Z",
            ),
            // ...but still Saturday in Abidjan (UTC+0): Sun 12, Mon 13, Wed 15, Thu 16, Sun 19.
            (
                "2026-07-11T22:30:00Z",
                Tz::Africa__Abidjan,
                &calendar("IQ"),
                "2026-07-19",
                "Abidjan 22:30Z",
            ),
            // 20:30 UTC: Saturday 23:30 in Baghdad, Sunday 00:30 in Baku: a day apart.
            (
                "2026-07-11T20:30:00Z",
                Tz::Asia__Baghdad,
                &calendar("IQ"),
                "2026-07-19",
                "Baghdad 20:30Z",
            ),
            (
                "2026-07-11T20:30:00Z",
                Tz::Asia__Baku,
                &calendar("IQ"),
                "2026-07-20",
                "Baku 20:30Z",
            ),
        ];
        for (received_at, zone, cal, due, what) in rows {
            let r = next_due(
                &received(received_at),
                &iraq_rule(ClockStart::Receipt),
                cal,
                &DeadlineSettings::in_zone(zone),
                t(received_at),
            );
            assert_eq!(r.due.unwrap().on, d(due), "{what}");
        }
    }

    #[test]
    fn the_accelerated_procedure_uses_the_shorter_period() {
        let mut ev = received("2026-07-12T07:00:00Z");
        ev.procedure = Some(Procedure::Accelerated);
        // EU-IQ default: 2 working days accelerated: Mon 13, (Tue 14 holiday), Wed 15.
        let r = next_due(
            &ev,
            &agreement("EU-IQ"),
            &calendar("IQ"),
            &DeadlineSettings::baghdad(),
            t("2026-07-12T08:00:00Z"),
        );
        assert_eq!(r.due.unwrap().on, d("2026-07-15"));
    }
}

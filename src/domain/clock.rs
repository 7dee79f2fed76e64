//! What the station's clock establishes by itself: the facts that follow from a date passing. Pure: the
//! service asks [`due_action`] for each case and applies what it returns, one transaction each.

use super::agreement::Agreement;
use super::calendar::{Calendar, DayCount};
use super::case::CaseStatus;
use super::deadline::{reply_due, ClockEvents, DeadlineSettings};
use super::lifecycle::{CaseAction, CaseActionKind};
use chrono::{DateTime, NaiveDate, Utc};

/// The case actions only the station clock applies (`Session::run_clock`; no user is offered them):
/// the action-reachability test counts them as reached by the station itself.
pub const CLOCK_ACTIONS: [CaseActionKind; 3] = [
    CaseActionKind::MarkDeemedAccepted,
    CaseActionKind::ExpireTravelDocument,
    CaseActionKind::ExpireTransferWindow,
];

/// The name the clock's case events and audit entries carry. No account may take it.
pub const STATION_CLOCK: &str = "station-clock";

/// The day that counts as "today" for the clock: the earlier of the station's date and the UTC date,
/// so that a limit has passed both where the station is and in the case rules' own (UTC) check.
pub fn clock_today(settings: &DeadlineSettings, now: DateTime<Utc>) -> NaiveDate {
    settings.local_date(now).min(now.date_naive())
}

/// The date the transfer window ends, once the case is accepted (by reply or by silence).
pub fn transfer_window_end(
    ev: &ClockEvents,
    agreement: &Agreement,
    calendar: &Calendar,
    settings: &DeadlineSettings,
) -> Option<NaiveDate> {
    let window = agreement.transfer_window_days?;
    let accepted_on = match (ev.reply_sent_at, ev.accepted) {
        (Some(at), Some(true)) => settings.local_date(at),
        (None, _) if ev.deemed_accepted => reply_due(ev, agreement, calendar, settings)?.0,
        _ => return None,
    };
    Some(calendar.add_days(accepted_on, window, DayCount::Calendar))
}

/// The next clock action due on this case at `now`, if any. Applying it and asking again gives the
/// next one (a station closed for a week may be deemed accepted and see its window pass in one run).
pub fn due_action(
    status: CaseStatus,
    ev: &ClockEvents,
    agreement: &Agreement,
    calendar: &Calendar,
    settings: &DeadlineSettings,
    now: DateTime<Utc>,
) -> Option<CaseAction> {
    use CaseStatus::*;
    let today = clock_today(settings, now);
    let reply_pending = matches!(
        status,
        Registered
            | InVerification
            | DecisionProposed
            | DecisionApproved
            | ExtensionRequested
            | InfoRequested
    );
    // Silence is consent only where the agreement says so; elsewhere the overdue alarm stays.
    if reply_pending && agreement.silence_means_consent && ev.reply_sent_at.is_none() {
        if let Some((on, _)) = reply_due(ev, agreement, calendar, settings) {
            if today > on {
                return Some(CaseAction::MarkDeemedAccepted { reply_due: on });
            }
        }
    }
    let accepted = (status == ReplySent && ev.accepted == Some(true))
        || matches!(
            status,
            DeemedAccepted | TravelDocIssued | TravelDocExpired | TransferNotified
        );
    if !accepted {
        return None;
    }
    if matches!(status, TravelDocIssued | TransferNotified)
        && ev.td_valid_until.is_some_and(|until| until < today)
    {
        return Some(CaseAction::ExpireTravelDocument);
    }
    let end = transfer_window_end(ev, agreement, calendar, settings)?;
    // A transfer booked inside the window keeps it open until the arrival is recorded.
    let booked_in_time = ev
        .transfer_at
        .is_some_and(|at| settings.local_date(at) <= end);
    if today > end && !booked_in_time {
        return Some(CaseAction::ExpireTransferWindow { window_end: end });
    }
    None
}

//! Case screens over the service: rows, the case view and its action forms. The queues group the
//! lifecycle's statuses the way officers work them; every rule stays in the domain and the service.

use crate::domain::case::{Case, CaseStatus, TransferMode};
use crate::domain::check::{CheckKind, CheckResult};
use crate::domain::date::parse_date;
use crate::domain::deadline::Urgency as DomainUrgency;
use crate::domain::ids::UserName;
use crate::domain::lifecycle::{CaseAction, CaseActionKind};
use crate::domain::policy::Permission;
use crate::domain::role::Role;
use crate::service::{CaseFilter, CaseRow, Session};
use crate::tui::view::{
    ActionForm, CaseView, CheckRow, Dashboard, EvidenceRow, Field, FieldKind, FormField,
    HistoryRow, QueueCount, QueueRow, QueueView, Urgency,
};
use chrono::{NaiveDate, NaiveDateTime, Utc};

/// Which queue a status belongs to.
pub fn queue_of(status: CaseStatus) -> QueueView {
    use CaseStatus::*;
    match status {
        Received | Registered => QueueView::Incoming,
        InVerification | InfoRequested | ExtensionRequested => QueueView::Verification,
        DecisionProposed => QueueView::Approval,
        DecisionApproved | ReplySent | TravelDocIssued | TravelDocExpired | TransferNotified
        | DeemedAccepted => QueueView::Travel,
        Arrived | Referred => QueueView::Referral,
        Closed | Withdrawn | TransferWindowExpired => QueueView::Closed,
    }
}

fn urgency(u: DomainUrgency) -> Urgency {
    match u {
        DomainUrgency::Overdue => Urgency::Overdue,
        DomainUrgency::DueSoon => Urgency::DueSoon,
        DomainUrgency::OnTrack => Urgency::OnTrack,
        DomainUrgency::None => Urgency::None,
    }
}

fn queue_row(r: CaseRow) -> QueueRow {
    QueueRow {
        case_id: r.id,
        reference: r.reference,
        name_latin: format!("{} {}", r.given_names, r.surname),
        name_native: r.native_name,
        requesting_state: r.requesting_state,
        // Deemed acceptance is an alarm, never silent: it shows in the status column at once.
        status: if r.deemed_accepted && r.status != CaseStatus::DeemedAccepted {
            format!("{} · DEEMED ACCEPTED", r.status)
        } else {
            r.status.to_string()
        },
        days_left: r.days_left,
        urgency: urgency(r.urgency),
        assignee: r.assignee,
        search_keys: r.search_keys,
    }
}

/// Every case's row as the signed-in user sees it, worked out once per change and per day: the
/// dashboard and the queue it opens then share one listing (100,000 deadlines are not free).
#[derive(Default)]
pub struct Rows {
    made: Option<(u64, NaiveDate)>,
    rows: Vec<CaseRow>,
}

impl Rows {
    pub fn of(&mut self, s: &mut Session) -> &[CaseRow] {
        let now = Utc::now();
        let key = (s.changes(), now.date_naive());
        if self.made != Some(key) {
            self.rows = if s.may(Permission::ViewCases) {
                s.cases(&CaseFilter::default(), now).unwrap_or_default()
            } else {
                vec![]
            };
            self.made = Some(key);
        }
        &self.rows
    }

    /// Forgets the rows (the session ended).
    pub fn clear(&mut self) {
        *self = Rows::default();
    }
}

pub fn queue(s: &mut Session, rows: &mut Rows, view: QueueView) -> Vec<QueueRow> {
    rows.of(s)
        .iter()
        .filter(|r| view == QueueView::All || queue_of(r.status) == view)
        .cloned()
        .map(queue_row)
        .collect()
}

/// Proposals another officer made, waiting for this supervisor.
pub fn approvals(s: &mut Session, rows: &mut Rows) -> Vec<QueueRow> {
    let me = s.user().name.to_string();
    rows.of(s)
        .iter()
        .filter(|r| {
            r.status == CaseStatus::DecisionProposed
                && r.proposed_by.as_deref() != Some(me.as_str())
        })
        .cloned()
        .map(queue_row)
        .collect()
}

pub fn dashboard(s: &mut Session, rows: &mut Rows) -> Dashboard {
    let me = s.user().name.to_string();
    let role = s.user().role;
    let all = rows.of(s);
    let count = |v: QueueView| {
        all.iter()
            .filter(|r| v == QueueView::All || queue_of(r.status) == v)
            .count()
    };
    let waiting_for_me = all
        .iter()
        .filter(|r| match role {
            Role::Supervisor => {
                r.status == CaseStatus::DecisionProposed
                    && r.proposed_by.as_deref() != Some(me.as_str())
            }
            Role::Officer => {
                r.assignee.as_deref() == Some(me.as_str())
                    && queue_of(r.status) != QueueView::Closed
            }
            Role::Clerk => r.status == CaseStatus::Received,
            _ => false,
        })
        .count();
    Dashboard {
        queues: QueueView::ALL
            .into_iter()
            .map(|view| QueueCount {
                view,
                count: count(view),
            })
            .collect(),
        overdue: all
            .iter()
            .filter(|r| r.urgency == DomainUrgency::Overdue)
            .count(),
        due_soon: all
            .iter()
            .filter(|r| r.urgency == DomainUrgency::DueSoon)
            .count(),
        waiting_for_me,
    }
}

fn text(key: &str, label: &str, required: bool) -> FormField {
    FormField {
        key: key.into(),
        label: label.into(),
        required,
        kind: FieldKind::Text,
    }
}

fn choice(key: &str, label: &str, values: &[&str]) -> FormField {
    FormField {
        key: key.into(),
        label: label.into(),
        required: true,
        kind: FieldKind::Choice(values.iter().map(|v| v.to_string()).collect()),
    }
}

/// The form of each action a person takes on a screen (recorded facts the station derives are not offered).
fn form(kind: CaseActionKind) -> Option<ActionForm> {
    use CaseActionKind as K;
    let (label, fields) = match kind {
        K::Register => ("Register the application (starts the clock)", vec![]),
        K::ConfirmReceipt => ("Confirm receipt to the requesting state", vec![]),
        K::StartVerification => ("Start verification", vec![]),
        K::RecordCheck => (
            "Record a verification check",
            vec![
                choice("kind", "Check", &CheckKind::ALL.map(|k| k.as_str())),
                choice("result", "Result", &CheckResult::ALL.map(|r| r.as_str())),
                text("reference", "Reference", false),
                text("note", "Note", false),
            ],
        ),
        K::ProposeAccept => ("Propose to accept", vec![]),
        K::ProposeRefuse => (
            "Propose to refuse",
            vec![text("grounds", "Grounds (compulsory)", true)],
        ),
        K::ProposeExtension => ("Propose an extension", vec![text("days", "Days", true)]),
        K::ProposeInfoRequest => (
            "Propose asking for more information",
            vec![text("what", "What is needed", true)],
        ),
        K::Approve => ("Approve the proposal", vec![]),
        K::Return => (
            "Return the proposal to the officer",
            vec![text("note", "Note", true)],
        ),
        K::IssueTravelDocument => (
            "Issue the travel document",
            vec![
                text("number", "Number", true),
                text("valid_until", "Valid until (YYYY-MM-DD)", true),
            ],
        ),
        K::ReissueTravelDocument => (
            "Reissue the travel document",
            vec![
                text("number", "Number", true),
                text("valid_until", "Valid until (YYYY-MM-DD)", true),
            ],
        ),
        K::RecordTransfer => (
            "Record the transfer notification",
            vec![
                text("at", "Departure (YYYY-MM-DD HH:MM, UTC)", true),
                text("border_point", "Border point", true),
                choice("mode", "Mode", &["air", "land", "sea"]),
                text("flight", "Flight or vehicle", false),
            ],
        ),
        K::RecordArrival => (
            "Record the arrival",
            vec![text("border_point", "Border point", true)],
        ),
        K::Refer => ("Hand over to the National Referral Mechanism", vec![]),
        K::Close => ("Close the case", vec![]),
        K::Withdraw => ("Record the withdrawal by the requesting state", vec![]),
        K::Assign => (
            "Assign",
            vec![text("user", "User (empty: yourself)", false)],
        ),
        K::MarkReplySent
        | K::MarkDeemedAccepted
        | K::ExpireTravelDocument
        | K::ExpireTransferWindow => return None,
    };
    Some(ActionForm {
        key: kind.as_str().into(),
        label: label.into(),
        fields,
    })
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn required<'a>(fields: &'a [(String, String)], key: &str, label: &str) -> Result<&'a str, String> {
    field(fields, key).ok_or_else(|| format!("{label} is required"))
}

/// The form's values as the lifecycle action, or why they do not make one.
pub fn action(s: &Session, key: &str, fields: &[(String, String)]) -> Result<CaseAction, String> {
    use CaseActionKind as K;
    let kind = CaseActionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == key)
        .ok_or("that action is not known")?;
    let date = |label: &str, v: &str| parse_date(v).map_err(|e| format!("{label}: {e}"));
    Ok(match kind {
        K::Register => CaseAction::Register,
        K::ConfirmReceipt => CaseAction::ConfirmReceipt,
        K::StartVerification => CaseAction::StartVerification,
        K::RecordCheck => CaseAction::RecordCheck {
            id: uuid::Uuid::now_v7(),
            kind: CheckKind::parse(required(fields, "kind", "the check")?)
                .ok_or("that check is not known")?,
            result: CheckResult::parse(required(fields, "result", "the result")?)
                .ok_or("that result is not known")?,
            reference: field(fields, "reference").map(str::to_string),
            note: field(fields, "note").map(str::to_string),
            performed_by: None,
        },
        K::ProposeAccept => CaseAction::ProposeAccept,
        K::ProposeRefuse => CaseAction::ProposeRefuse {
            grounds: field(fields, "grounds").unwrap_or_default().to_string(),
        },
        K::ProposeExtension => CaseAction::ProposeExtension {
            days: required(fields, "days", "the number of days")?
                .parse()
                .map_err(|_| "days is a whole number")?,
        },
        K::ProposeInfoRequest => CaseAction::ProposeInfoRequest {
            what: required(fields, "what", "what is needed")?.into(),
        },
        K::Approve => CaseAction::Approve,
        K::Return => CaseAction::Return {
            note: required(fields, "note", "the note")?.into(),
        },
        K::IssueTravelDocument | K::ReissueTravelDocument => {
            let number = required(fields, "number", "the number")?.to_string();
            let valid_until = date(
                "valid until",
                required(fields, "valid_until", "the validity")?,
            )?;
            let issued_on = Utc::now().date_naive();
            if kind == K::IssueTravelDocument {
                CaseAction::IssueTravelDocument {
                    number,
                    issued_on,
                    valid_until,
                }
            } else {
                CaseAction::ReissueTravelDocument {
                    number,
                    issued_on,
                    valid_until,
                }
            }
        }
        K::RecordTransfer => CaseAction::RecordTransfer {
            at: NaiveDateTime::parse_from_str(
                required(fields, "at", "the departure")?,
                "%Y-%m-%d %H:%M",
            )
            .map_err(|_| "the departure is written YYYY-MM-DD HH:MM")?
            .and_utc(),
            border_point: required(fields, "border_point", "the border point")?.into(),
            mode: match field(fields, "mode") {
                Some("land") => TransferMode::Land,
                Some("sea") => TransferMode::Sea,
                _ => TransferMode::Air,
            },
            flight_or_vehicle: field(fields, "flight").map(str::to_string),
            escort: None,
            medical_needs: None,
        },
        K::RecordArrival => CaseAction::RecordArrival {
            at: Utc::now(),
            border_point: required(fields, "border_point", "the border point")?.into(),
        },
        K::Refer => CaseAction::Refer,
        K::Close => CaseAction::Close,
        K::Withdraw => CaseAction::Withdraw,
        K::Assign => CaseAction::Assign {
            user: Some(match field(fields, "user") {
                Some(u) => UserName::parse(u).map_err(|e| e.to_string())?,
                None => s.user().name.clone(),
            }),
        },
        K::MarkReplySent
        | K::MarkDeemedAccepted
        | K::ExpireTravelDocument
        | K::ExpireTransferWindow => return Err("the station records that itself".into()),
    })
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

pub fn case_view(s: &mut Session, case: &Case) -> Result<CaseView, String> {
    let now = Utc::now();
    let today = now.date_naive();
    let report = s.deadline(case, now).map_err(|e| e.to_string())?;
    let app = &case.application;
    let p = &app.person;
    let native = p.native_script.as_ref();
    let evidence = crate::domain::evidence::assess(&app.evidence, today);
    let audit = s
        .audit_list(Some(&case.id.to_string()))
        .map(|entries| {
            entries
                .into_iter()
                .map(|e| HistoryRow {
                    when: e.at.format("%Y-%m-%d %H:%M").to_string(),
                    who: e.actor,
                    what: e.action,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut decisions: Vec<HistoryRow> = case
        .history
        .iter()
        .map(|h| HistoryRow {
            when: h.at.format("%Y-%m-%d %H:%M").to_string(),
            who: format!("{} ({})", h.actor, h.role),
            what: match &h.note {
                Some(n) => format!("{}: {} -> {} — {n}", h.action.as_str(), h.from, h.to),
                None => format!("{}: {} -> {}", h.action.as_str(), h.from, h.to),
            },
        })
        .collect();
    decisions.reverse();
    Ok(CaseView {
        case_id: case.id.to_string(),
        reference: case.reference().to_string(),
        status: case.status.to_string(),
        days_left: report
            .as_ref()
            .and_then(|r| r.due.as_ref().map(|d| d.days_left)),
        urgency: report
            .as_ref()
            .map_or(Urgency::None, |r| urgency(r.urgency)),
        application: vec![
            Field::new("Reference", case.reference()),
            Field::new(
                "Requesting state",
                format!(
                    "{} — {}",
                    app.requesting_state,
                    opt(&app.requesting_authority)
                ),
            ),
            Field::new("Agreement", &app.agreement),
            Field::new(
                "Submitted on",
                app.submitted_on.format("%Y-%m-%d").to_string(),
            ),
            Field::new("Procedure", format!("{:?}", app.procedure).to_lowercase()),
            Field::new(
                "Next due",
                match report.as_ref().and_then(|r| r.due.clone()) {
                    Some(d) => format!(
                        "{} on {} ({} days left)",
                        d.what.as_str(),
                        d.on,
                        d.days_left
                    ),
                    None => "—".into(),
                },
            ),
            Field::new(
                "Deemed accepted",
                if report.as_ref().is_some_and(|r| r.deemed_accepted) {
                    "YES — the reply limit passed"
                } else {
                    "no"
                },
            ),
            Field::new(
                "Possible duplicates",
                case.possible_duplicates.len().to_string(),
            ),
            Field::new(
                "Assignee",
                case.assignee
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| "—".into()),
            ),
        ],
        person: vec![
            Field::new("Surname", &p.surname),
            Field::new("Given names", &p.given_names),
            Field::new(
                "Native script",
                native
                    .map(|n| format!("{} {}", opt(&n.given_names), opt(&n.surname)))
                    .unwrap_or_else(|| "—".into()),
            ),
            Field::new("Father", opt(&p.father_name)),
            Field::new("Grandfather", opt(&p.grandfather_name)),
            Field::new("Mother", opt(&p.mother_name)),
            Field::new(
                "Aliases",
                if p.aliases.is_empty() {
                    "—".into()
                } else {
                    p.aliases.join(", ")
                },
            ),
            Field::new("Sex", format!("{:?}", p.sex)),
            Field::new("Date of birth", p.date_of_birth.to_string()),
            Field::new("Place of birth", opt(&p.place_of_birth)),
            Field::new("Nationality", opt(&p.nationality)),
            Field::new("Languages", p.languages.join(", ")),
            Field::new("Health", opt(&app.health)),
            Field::new(
                "Escort required",
                if app.escort_required { "yes" } else { "no" },
            ),
            Field::new("Special circumstances", opt(&app.special_circumstances)),
        ],
        evidence: app
            .evidence
            .iter()
            .map(|e| EvidenceRow {
                kind: format!("{:?}", e.kind),
                annex: match e.annex {
                    crate::domain::application::Annex::Proof => "Annex 1 — proof".into(),
                    crate::domain::application::Annex::PrimaFacie => "Annex 2 — prima facie".into(),
                    crate::domain::application::Annex::ThirdCountry => {
                        "Annex 3 — third country".into()
                    }
                },
                description: [
                    e.number.clone(),
                    e.issuer.clone(),
                    e.expires_on.map(|d| format!("expires {d}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            })
            .collect(),
        evidence_strength: evidence.strength.explain().to_string(),
        checks: case
            .checks
            .iter()
            .map(|c| CheckRow {
                kind: c.kind.as_str().into(),
                result: c.result.as_str().into(),
                by: c
                    .performed_by
                    .clone()
                    .unwrap_or_else(|| c.requested_by.to_string()),
                date: c.recorded_at.format("%Y-%m-%d").to_string(),
                reference: opt(&c.reference),
            })
            .collect(),
        determination: case.determination(today).explain().to_string(),
        decisions,
        travel_document: case
            .current_travel_document()
            .map(|t| {
                vec![
                    Field::new("Number", &t.number),
                    Field::new("Issued on", t.issued_on.to_string()),
                    Field::new("Valid until", t.valid_until.to_string()),
                    Field::new("Issued by", t.issued_by.to_string()),
                    Field::new("Documents issued", case.travel_documents.len().to_string()),
                ]
            })
            .unwrap_or_default(),
        transfer: case
            .transfer
            .as_ref()
            .map(|t| {
                vec![
                    Field::new("Departure", t.at.format("%Y-%m-%d %H:%M UTC").to_string()),
                    Field::new("Border point", &t.border_point),
                    Field::new("Mode", format!("{:?}", t.mode).to_lowercase()),
                    Field::new("Flight or vehicle", opt(&t.flight_or_vehicle)),
                    Field::new("Escort", opt(&t.escort)),
                    Field::new("Medical needs", opt(&t.medical_needs)),
                ]
            })
            .into_iter()
            .flatten()
            .chain(case.arrival.as_ref().map(|a| {
                Field::new(
                    "Arrived",
                    format!("{} at {}", a.at.format("%Y-%m-%d %H:%M"), a.border_point),
                )
            }))
            .collect(),
        referrals: vec![],
        audit,
        actions: s
            .allowed_actions(case)
            .into_iter()
            .filter_map(form)
            .collect(),
    })
}

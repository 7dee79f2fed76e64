//! Case screens over the service: rows, the case view and its action forms. The queues group the
//! lifecycle's statuses the way officers work them; every rule stays in the domain and the service.

use crate::domain::application::{EvidenceKind, Procedure, Sex};
use crate::domain::case::{Case, CaseStatus, TransferMode};
use crate::domain::check::{CheckKind, CheckResult};
use crate::domain::date::parse_date;
use crate::domain::deadline::Urgency as DomainUrgency;
use crate::domain::ids::UserName;
use crate::domain::lifecycle::{CaseAction, CaseActionKind};
use crate::domain::nrm::{Contact, Governorate};
use crate::domain::policy::Permission;
use crate::domain::role::Role;
use crate::service::{CaseFilter, CaseRow, Session};
use crate::tui::cases::port::CasesPort;
use crate::tui::cases::view::{
    CaseView, CheckRow, EvidenceRow, HistoryRow, QueueRow, QueueView, ReferralRow,
};
use crate::tui::live::{sentence, LiveStation, LOCKED};
use crate::tui::session::view::{Dashboard, QueueCount};
use crate::tui::text::Text;
use crate::tui::view::{ActionForm, Field, FieldKind, FormField, Urgency};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

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
        returnee_id: None,
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
    /// The rows, or the sentence saying why the vault could not give them: a failed read is
    /// never shown as an empty queue.
    pub fn of(&mut self, s: &mut Session, now: DateTime<Utc>) -> Result<&[CaseRow], String> {
        let key = (s.changes(), now.date_naive());
        if self.made != Some(key) {
            self.rows = if s.may(Permission::ViewCases) {
                s.cases(&CaseFilter::default(), now).map_err(sentence)?
            } else {
                vec![]
            };
            self.made = Some(key);
        }
        Ok(&self.rows)
    }

    /// Forgets the rows (the session ended).
    pub fn clear(&mut self) {
        *self = Rows::default();
    }
}

pub fn queue(
    s: &mut Session,
    rows: &mut Rows,
    view: QueueView,
    now: DateTime<Utc>,
) -> Result<Vec<QueueRow>, String> {
    Ok(rows
        .of(s, now)?
        .iter()
        .filter(|r| view == QueueView::All || queue_of(r.status) == view)
        .cloned()
        .map(queue_row)
        .collect())
}

/// Proposals another officer made, waiting for this supervisor.
pub fn approvals(
    s: &mut Session,
    rows: &mut Rows,
    now: DateTime<Utc>,
) -> Result<Vec<QueueRow>, String> {
    let me = s.user().name.to_string();
    let mut out: Vec<QueueRow> = rows
        .of(s, now)?
        .iter()
        .filter(|r| {
            r.status == CaseStatus::DecisionProposed
                && r.proposed_by.as_deref() != Some(me.as_str())
        })
        .cloned()
        .map(queue_row)
        .collect();
    // Reintegration plans and closures waiting for this supervisor follow the case decisions.
    out.extend(
        s.nrm_approvals()
            .map_err(sentence)?
            .into_iter()
            .map(|r| QueueRow {
                case_id: String::new(),
                reference: r.reference,
                name_latin: format!("{} {}", r.given_names, r.surname),
                name_native: None,
                requesting_state: r.governorate,
                status: r.status.to_string(),
                days_left: None,
                urgency: Urgency::None,
                assignee: r.assignee,
                search_keys: vec![],
                returnee_id: Some(r.id),
            }),
    );
    Ok(out)
}

pub fn dashboard(
    s: &mut Session,
    rows: &mut Rows,
    now: DateTime<Utc>,
) -> Result<Dashboard, String> {
    let me = s.user().name.to_string();
    let role = s.user().role;
    let all = rows.of(s, now)?;
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
    // Plans and closures a supervisor must decide count as waiting too.
    let waiting_for_me = waiting_for_me
        + if role == Role::Supervisor {
            s.nrm_approvals().map_err(sentence)?.len()
        } else {
            0
        };
    Ok(Dashboard {
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
    })
}

fn text(t: &Text, key: &str, label: &str, required: bool) -> FormField {
    FormField {
        key: key.into(),
        label: t.get(label),
        required,
        kind: FieldKind::Text,
    }
}

fn choice(t: &Text, key: &str, label: &str, values: &[&str]) -> FormField {
    FormField {
        key: key.into(),
        label: t.get(label),
        required: true,
        kind: FieldKind::Choice(values.iter().map(|v| v.to_string()).collect()),
    }
}

/// The form of each action a person takes on a screen (recorded facts the station derives are not offered).
/// `regions` are the station's governorates, offered by the hand-over form.
pub(crate) fn form(t: &Text, kind: CaseActionKind, regions: &[&str]) -> Option<ActionForm> {
    use CaseActionKind as K;
    let (label, fields) = match kind {
        K::Register => ("case-action-register", vec![]),
        K::ConfirmReceipt => ("case-action-confirm-receipt", vec![]),
        K::StartVerification => ("case-action-start-verification", vec![]),
        K::RecordCheck => (
            "case-action-record-check",
            vec![
                choice(
                    t,
                    "kind",
                    "case-field-kind",
                    &CheckKind::ALL.map(|k| k.as_str()),
                ),
                choice(
                    t,
                    "result",
                    "case-field-result",
                    &CheckResult::ALL.map(|r| r.as_str()),
                ),
                text(t, "reference", "case-field-reference", false),
                text(t, "note", "case-field-note", false),
            ],
        ),
        K::ProposeAccept => ("case-action-propose-accept", vec![]),
        K::ProposeRefuse => (
            "case-action-propose-refuse",
            vec![text(t, "grounds", "case-field-grounds", true)],
        ),
        K::ProposeExtension => (
            "case-action-propose-extension",
            vec![text(t, "days", "case-field-days", true)],
        ),
        K::ProposeInfoRequest => (
            "case-action-propose-info-request",
            vec![text(t, "what", "case-field-what", true)],
        ),
        K::Approve => ("case-action-approve", vec![]),
        K::Return => (
            "case-action-return",
            vec![text(t, "note", "case-field-note", true)],
        ),
        K::IssueTravelDocument => (
            "case-action-issue-travel-document",
            vec![
                text(t, "number", "case-field-number", true),
                text(t, "valid_until", "case-field-valid-until", true),
            ],
        ),
        K::ReissueTravelDocument => (
            "case-action-reissue-travel-document",
            vec![
                text(t, "number", "case-field-number", true),
                text(t, "valid_until", "case-field-valid-until", true),
            ],
        ),
        K::RecordTransfer => (
            "case-action-record-transfer",
            vec![
                text(t, "at", "case-field-at", true),
                text(t, "border_point", "case-field-border-point", true),
                choice(t, "mode", "case-field-mode", &["air", "land", "sea"]),
                text(t, "flight", "case-field-flight", false),
            ],
        ),
        K::RecordArrival => (
            "case-action-record-arrival",
            vec![text(t, "border_point", "case-field-border-point", true)],
        ),
        K::Refer => (
            "case-action-refer",
            vec![
                choice(t, "governorate", "case-field-governorate", regions),
                text(t, "phone", "case-field-phone", false),
                text(t, "address", "case-field-address", false),
            ],
        ),
        K::ProposeClosure => ("case-action-propose-closure", vec![]),
        K::Close => ("case-action-close", vec![]),
        K::Withdraw => ("case-action-withdraw", vec![]),
        K::Assign => (
            "case-action-assign",
            vec![text(t, "user", "case-field-user", false)],
        ),
        K::MarkReplySent
        | K::MarkDeemedAccepted
        | K::ExpireTravelDocument
        | K::ExpireTransferWindow => return None,
    };
    Some(ActionForm {
        key: kind.as_str().into(),
        label: t.get(label),
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

/// The value of a field the action cannot do without; `label` is the field's catalogue key.
fn required<'a>(
    t: &Text,
    fields: &'a [(String, String)],
    key: &str,
    label: &str,
) -> Result<&'a str, String> {
    field(fields, key).ok_or_else(|| t.with("case-form-missing", &[("field", t.get(label).into())]))
}

/// The form's values as the lifecycle action, or why they do not make one.
pub fn action(
    s: &Session,
    t: &Text,
    key: &str,
    fields: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<CaseAction, String> {
    use CaseActionKind as K;
    let kind = CaseActionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == key)
        .ok_or_else(|| t.get("case-form-unknown-action"))?;
    let date = |label: &str, v: &str| {
        parse_date(v).map_err(|e| {
            let why = e.to_string();
            t.with(
                "case-form-bad-value",
                &[("field", t.get(label).into()), ("why", why.into())],
            )
        })
    };
    Ok(match kind {
        K::Register => CaseAction::Register,
        K::ConfirmReceipt => CaseAction::ConfirmReceipt,
        K::StartVerification => CaseAction::StartVerification,
        K::RecordCheck => CaseAction::RecordCheck {
            id: uuid::Uuid::now_v7(),
            kind: CheckKind::parse(required(t, fields, "kind", "case-field-kind")?)
                .ok_or_else(|| t.get("case-form-unknown-check"))?,
            result: CheckResult::parse(required(t, fields, "result", "case-field-result")?)
                .ok_or_else(|| t.get("case-form-unknown-result"))?,
            reference: field(fields, "reference").map(str::to_string),
            note: field(fields, "note").map(str::to_string),
            performed_by: None,
        },
        K::ProposeAccept => CaseAction::ProposeAccept,
        K::ProposeRefuse => CaseAction::ProposeRefuse {
            grounds: field(fields, "grounds").unwrap_or_default().to_string(),
        },
        K::ProposeExtension => CaseAction::ProposeExtension {
            days: required(t, fields, "days", "case-field-days")?
                .parse()
                .map_err(|_| t.get("case-form-days"))?,
        },
        K::ProposeInfoRequest => CaseAction::ProposeInfoRequest {
            what: required(t, fields, "what", "case-field-what")?.into(),
        },
        K::Approve => CaseAction::Approve,
        K::Return => CaseAction::Return {
            note: required(t, fields, "note", "case-field-note")?.into(),
        },
        K::IssueTravelDocument | K::ReissueTravelDocument => {
            let number = required(t, fields, "number", "case-field-number")?.to_string();
            let valid_until = date(
                "case-field-valid-until",
                required(t, fields, "valid_until", "case-field-valid-until")?,
            )?;
            let issued_on = now.date_naive();
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
                required(t, fields, "at", "case-field-at")?,
                "%Y-%m-%d %H:%M",
            )
            .map_err(|_| t.get("case-form-departure"))?
            .and_utc(),
            border_point: required(t, fields, "border_point", "case-field-border-point")?.into(),
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
            at: now,
            border_point: required(t, fields, "border_point", "case-field-border-point")?.into(),
        },
        K::Refer => CaseAction::Refer,
        K::ProposeClosure => CaseAction::ProposeClosure,
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
        | K::ExpireTransferWindow => return Err(t.get("case-form-station-only")),
    })
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

pub fn case_view(
    s: &mut Session,
    case: &Case,
    t: &Text,
    now: DateTime<Utc>,
) -> Result<CaseView, String> {
    let today = now.date_naive();
    let report = s.deadline(case, now).map_err(|e| e.to_string())?;
    let regions = s.regions();
    let region_names: Vec<&str> = regions.iter().map(|g| g.name()).collect();
    let app = &case.application;
    let p = &app.person;
    let native = p.native_script.as_ref();
    let evidence = crate::domain::evidence::assess(&app.evidence, today);
    let zone = s.time_zone().map_err(|e| e.to_string())?;
    let when = |at| crate::domain::deadline::local_time_short(at, zone);
    let audit = s
        .case_audit(&case.id)
        .map(|entries| {
            entries
                .into_iter()
                .map(|e| HistoryRow {
                    when: when(e.at),
                    who: e.actor,
                    what: e.action,
                })
                .collect()
        })
        .map_err(sentence);
    let mut decisions: Vec<HistoryRow> = case
        .history
        .iter()
        .map(|h| HistoryRow {
            when: when(h.at),
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
            Field::new(t.get("case-label-reference"), case.reference()),
            Field::new(
                t.get("case-label-requesting-state"),
                format!(
                    "{} — {}",
                    app.requesting_state,
                    opt(&app.requesting_authority)
                ),
            ),
            Field::new(t.get("case-label-agreement"), &app.agreement),
            Field::new(
                t.get("case-label-submitted-on"),
                app.submitted_on.format("%Y-%m-%d").to_string(),
            ),
            Field::new(
                t.get("case-label-procedure"),
                t.get(match app.procedure {
                    Procedure::Normal => "procedure-normal",
                    Procedure::Accelerated => "procedure-accelerated",
                }),
            ),
            Field::new(
                t.get("case-label-next-due"),
                match report.as_ref().and_then(|r| r.due.clone()) {
                    Some(d) => t.with(
                        "case-next-due",
                        &[
                            ("what", d.what.as_str().into()),
                            ("on", d.on.to_string().into()),
                            ("days", d.days_left.into()),
                        ],
                    ),
                    None => "—".into(),
                },
            ),
            Field::new(
                t.get("case-label-deemed-accepted"),
                t.get(if report.as_ref().is_some_and(|r| r.deemed_accepted) {
                    "case-deemed-accepted-yes"
                } else {
                    "case-no"
                }),
            ),
            Field::new(
                t.get("case-label-possible-duplicates"),
                case.possible_duplicates.len().to_string(),
            ),
            Field::new(
                t.get("case-label-assignee"),
                case.assignee
                    .as_ref()
                    .map(|u| u.to_string())
                    .unwrap_or_else(|| "—".into()),
            ),
        ],
        person: vec![
            Field::new(t.get("case-label-surname"), &p.surname),
            Field::new(t.get("case-label-given-names"), &p.given_names),
            Field::new(
                t.get("case-label-native-script"),
                native
                    .map(|n| format!("{} {}", opt(&n.given_names), opt(&n.surname)))
                    .unwrap_or_else(|| "—".into()),
            ),
            Field::new(t.get("case-label-father"), opt(&p.father_name)),
            Field::new(t.get("case-label-grandfather"), opt(&p.grandfather_name)),
            Field::new(t.get("case-label-mother"), opt(&p.mother_name)),
            Field::new(
                t.get("case-label-aliases"),
                if p.aliases.is_empty() {
                    "—".into()
                } else {
                    p.aliases.join(", ")
                },
            ),
            Field::new(
                t.get("case-label-sex"),
                t.get(match p.sex {
                    Sex::M => "sex-m",
                    Sex::F => "sex-f",
                    Sex::X => "sex-x",
                }),
            ),
            Field::new(
                t.get("case-label-date-of-birth"),
                p.date_of_birth.to_string(),
            ),
            Field::new(t.get("case-label-place-of-birth"), opt(&p.place_of_birth)),
            Field::new(t.get("case-label-nationality"), opt(&p.nationality)),
            Field::new(t.get("case-label-languages"), p.languages.join(", ")),
            Field::new(t.get("case-label-health"), opt(&app.health)),
            Field::new(
                t.get("case-label-escort-required"),
                t.get(if app.escort_required {
                    "case-yes"
                } else {
                    "case-no"
                }),
            ),
            Field::new(
                t.get("case-label-special-circumstances"),
                opt(&app.special_circumstances),
            ),
        ],
        evidence: app
            .evidence
            .iter()
            .map(|e| EvidenceRow {
                kind: t.get(evidence_key(&e.kind)),
                annex: match e.annex {
                    crate::domain::application::Annex::Proof => t.get("case-annex-proof"),
                    crate::domain::application::Annex::PrimaFacie => {
                        t.get("case-annex-prima-facie")
                    }
                    crate::domain::application::Annex::ThirdCountry => {
                        t.get("case-annex-third-country")
                    }
                },
                description: [
                    e.number.clone(),
                    e.issuer.clone(),
                    e.expires_on
                        .map(|d| t.with("case-evidence-expires", &[("on", d.to_string().into())])),
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
            .map(|d| {
                vec![
                    Field::new(t.get("case-label-number"), &d.number),
                    Field::new(t.get("case-label-issued-on"), d.issued_on.to_string()),
                    Field::new(t.get("case-label-valid-until"), d.valid_until.to_string()),
                    Field::new(t.get("case-label-issued-by"), d.issued_by.to_string()),
                    Field::new(
                        t.get("case-label-documents-issued"),
                        case.travel_documents.len().to_string(),
                    ),
                ]
            })
            .unwrap_or_default(),
        transfer: case
            .transfer
            .as_ref()
            .map(|d| {
                vec![
                    Field::new(
                        t.get("case-label-departure"),
                        d.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    ),
                    Field::new(t.get("case-label-border-point"), &d.border_point),
                    Field::new(
                        t.get("case-label-mode"),
                        t.get(match d.mode {
                            TransferMode::Air => "transfer-mode-air",
                            TransferMode::Land => "transfer-mode-land",
                            TransferMode::Sea => "transfer-mode-sea",
                        }),
                    ),
                    Field::new(
                        t.get("case-label-flight-or-vehicle"),
                        opt(&d.flight_or_vehicle),
                    ),
                    Field::new(t.get("case-label-escort"), opt(&d.escort)),
                    Field::new(t.get("case-label-medical-needs"), opt(&d.medical_needs)),
                ]
            })
            .into_iter()
            .flatten()
            .chain(case.arrival.as_ref().map(|a| {
                Field::new(
                    t.get("case-label-arrived"),
                    format!("{} at {}", a.at.format("%Y-%m-%d %H:%M"), a.border_point),
                )
            }))
            .collect(),
        referrals: case_referrals(s, case),
        audit,
        actions: s
            .allowed_actions(case)
            .into_iter()
            .filter_map(|kind| form(t, kind, &region_names))
            .collect(),
    })
}

/// The catalogue key of an evidence kind's name.
fn evidence_key(kind: &EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::Passport => "evidence-passport",
        EvidenceKind::NationalId => "evidence-national-id",
        EvidenceKind::CitizenshipCertificate => "evidence-citizenship-certificate",
        EvidenceKind::SeamansBook => "evidence-seamans-book",
        EvidenceKind::Photocopy => "evidence-photocopy",
        EvidenceKind::BirthCertificate => "evidence-birth-certificate",
        EvidenceKind::DrivingLicence => "evidence-driving-licence",
        EvidenceKind::MilitaryCard => "evidence-military-card",
        EvidenceKind::ServiceCard => "evidence-service-card",
        EvidenceKind::CompanyId => "evidence-company-id",
        EvidenceKind::WitnessStatement => "evidence-witness-statement",
        EvidenceKind::OwnStatement => "evidence-own-statement",
        EvidenceKind::LanguageTest => "evidence-language-test",
        EvidenceKind::Fingerprints => "evidence-fingerprints",
        EvidenceKind::Visa => "evidence-visa",
        EvidenceKind::ResidencePermit => "evidence-residence-permit",
        EvidenceKind::EntryExitStamp => "evidence-entry-exit-stamp",
        EvidenceKind::Other => "evidence-other",
    }
}

impl CasesPort for LiveStation {
    fn queue(&mut self, view: QueueView) -> Result<Vec<QueueRow>, String> {
        let now = self.now();
        let (s, rows) = self.session_and_rows()?;
        queue(s, rows, view, now)
    }
    fn approvals(&mut self) -> Result<Vec<QueueRow>, String> {
        let now = self.now();
        let (s, rows) = self.session_and_rows()?;
        approvals(s, rows, now)
    }
    fn case(&mut self, case_id: &str) -> Result<CaseView, String> {
        let now = self.now();
        let s = self.session.as_mut().ok_or_else(|| self.text.get(LOCKED))?;
        let case = s.read_case(case_id, now).map_err(|e| e.to_string())?;
        case_view(s, &case, &self.text, now)
    }
    fn perform(
        &mut self,
        case_id: &str,
        action_key: &str,
        fields: &[(String, String)],
    ) -> Result<String, String> {
        let now = self.now();
        let s = self.session.as_mut().ok_or_else(|| self.text.get(LOCKED))?;
        if action_key == CaseActionKind::Refer.as_str() {
            return hand_over(s, &self.text, case_id, fields, now);
        }
        let action = action(s, &self.text, action_key, fields, now)?;
        let case = s.act(case_id, action, now).map_err(|e| e.to_string())?;
        let reference = case.reference().to_string();
        let status = case.status.to_string();
        Ok(self.text.with(
            "case-action-done",
            &[("reference", reference.into()), ("status", status.into())],
        ))
    }
}

/// The hand-over form: opens the returnee record and refers the case in one transaction.
fn hand_over(
    s: &mut Session,
    t: &Text,
    case_id: &str,
    fields: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<String, String> {
    let governorate = Governorate::parse(required(
        t,
        fields,
        "governorate",
        "case-field-governorate",
    )?)
    .map_err(|e| e.to_string())?;
    let contact = Contact {
        phone: field(fields, "phone").map(str::to_string),
        address: field(fields, "address").map(str::to_string),
    };
    let record = s
        .open_returnee_for_case(case_id, governorate, contact, now)
        .map_err(|e| e.to_string())?;
    Ok(t.with(
        "case-handed-over",
        &[("reference", record.reference.clone().into())],
    ))
}

/// The referrals of the case's returnee record, for the case page's Referrals tab.
fn case_referrals(s: &Session, case: &Case) -> Result<Vec<ReferralRow>, String> {
    let records = s.returnees_of_case(case.id).map_err(sentence)?;
    let names: std::collections::HashMap<_, _> = s
        .providers()
        .map_err(sentence)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(records
        .iter()
        .flat_map(|r| r.returnee.referrals.iter())
        .map(|r| ReferralRow {
            // A provider no longer in the directory is named by its id.
            provider: names
                .get(&r.provider)
                .cloned()
                .unwrap_or_else(|| r.provider.0.to_string()),
            service: r.service.phrase().to_string(),
            status: r.status.to_string(),
            due: r.due_on.to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_action_form_speaks_from_the_catalogue() {
        let t = Text::new("en");
        let mut offered = 0;
        for kind in CaseActionKind::ALL {
            let Some(f) = form(&t, kind, &["Baghdad"]) else {
                continue;
            };
            offered += 1;
            // A key missing from en.ftl would come back as itself.
            assert!(!f.label.starts_with("case-"), "{:?}: {}", kind, f.label);
            for field in &f.fields {
                assert!(!field.label.starts_with("case-"), "{}", field.label);
            }
        }
        assert!(offered >= 18, "the forms a person fills in");
        let record_check = form(&t, CaseActionKind::RecordCheck, &[]).expect("a form");
        assert_eq!(record_check.label, "Record a verification check");
        assert_eq!(record_check.fields[0].label, "Check");
    }
}

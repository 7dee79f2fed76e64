//! A station made of synthetic data, for tests of the screens. It answers like the real service
//! would, in view-model terms; none of its numbers come from real rules.

use super::port::StationPort;
use super::view::*;
use crate::domain::role::Role;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub const PASSPHRASE: &str = "correct horse";

const NAMES: [(&str, &str, &[&str]); 8] = [
    (
        "Mohammed Al-Jubouri",
        "محمد الجبوري",
        &[
            "mohammed",
            "muhammad",
            "mohamed",
            "محمد",
            "al-jubouri",
            "jubouri",
            "الجبوري",
        ],
    ),
    (
        "Ahmed Hassan",
        "أحمد حسن",
        &["ahmed", "ahmad", "أحمد", "hassan", "hasan", "حسن"],
    ),
    (
        "Fatima Kareem",
        "فاطمة كريم",
        &["fatima", "fatma", "فاطمة", "kareem", "karim", "كريم"],
    ),
    (
        "Ali Hussein",
        "علي حسين",
        &["ali", "علي", "hussein", "husain", "حسين"],
    ),
    (
        "Zainab Abbas",
        "زينب عباس",
        &["zainab", "zaynab", "زينب", "abbas", "عباس"],
    ),
    (
        "Omar Khalid",
        "عمر خالد",
        &["omar", "umar", "عمر", "khalid", "khaled", "خالد"],
    ),
    (
        "Layla Saeed",
        "ليلى سعيد",
        &["layla", "laila", "ليلى", "saeed", "said", "سعيد"],
    ),
    (
        "Yousef Ibrahim",
        "يوسف إبراهيم",
        &["yousef", "yusuf", "يوسف", "ibrahim", "إبراهيم"],
    ),
];
const STATES: [&str; 5] = ["DE", "FR", "NL", "SE", "BE"];
const STATUSES: [&str; 4] = [
    "REGISTERED",
    "IN_VERIFICATION",
    "DECISION_PROPOSED",
    "RECEIVED",
];

/// An action the fake was asked to perform: case, action key, field values.
pub type Performed = (String, String, Vec<(String, String)>);

/// What the fake saw, for tests to inspect after the App took the station.
#[derive(Debug, Default)]
pub struct Journal {
    pub performed: Vec<Performed>,
    pub exported: Vec<String>,
    pub imported: Vec<PathBuf>,
    pub locks: usize,
    pub admin: super::admin::fake::AdminJournal,
    pub nrm: super::nrm::fake::NrmJournal,
    /// The bounds of every report asked for.
    pub reports: Vec<(Option<String>, Option<String>)>,
}

pub struct FakeStation {
    pub rows: Vec<QueueRow>,
    pub bundles: Vec<MediaBundle>,
    pub journal: Rc<RefCell<Journal>>,
    pub admin: super::admin::fake::AdminData,
    pub nrm: super::nrm::fake::NrmData,
    pub report: super::reports::view::ReportView,
}

/// The synthetic case number `i`.
pub fn row(i: usize) -> QueueRow {
    let (latin, native, keys) = NAMES[i % NAMES.len()];
    let state = STATES[i % STATES.len()];
    let reference = format!("{state}-2026-{:06}", 4200 + i);
    // A spread of deadlines from overdue to comfortable, and some with no clock.
    let days_left = (i % 6 != 5).then(|| ((i * 7) % 30) as i64 - 4);
    let urgency = match days_left {
        None => Urgency::None,
        Some(d) if d < 0 => Urgency::Overdue,
        Some(d) if d <= 3 => Urgency::DueSoon,
        Some(_) => Urgency::OnTrack,
    };
    // Keyed as the station keys rows: the domain's name keys of every word.
    let search_keys: Vec<String> = keys
        .iter()
        .copied()
        .chain([reference.as_str(), state])
        .flat_map(crate::domain::names::tokens)
        .collect();
    QueueRow {
        case_id: format!("case-{i:06}"),
        reference,
        name_latin: latin.to_string(),
        name_native: Some(native.to_string()),
        requesting_state: state.to_string(),
        status: STATUSES[i % STATUSES.len()].to_string(),
        days_left,
        urgency,
        assignee: (i % 3 == 0).then(|| "amira".to_string()),
        search_keys,
    }
}

impl Default for FakeStation {
    fn default() -> Self {
        FakeStation::new()
    }
}

impl FakeStation {
    pub fn new() -> FakeStation {
        FakeStation::with_rows(12)
    }

    pub fn with_rows(n: usize) -> FakeStation {
        FakeStation {
            rows: (0..n).map(row).collect(),
            bundles: vec![
                MediaBundle {
                    file_name: "DE-BAMF_to_IQ-MOMD-BGD_20261120T094103Z.ercms".into(),
                    path: PathBuf::from("/media/usb/DE-BAMF_to_IQ-MOMD-BGD_20261120T094103Z.ercms"),
                    size_bytes: 48_213,
                },
                MediaBundle {
                    file_name: "FR-OFII_to_IQ-MOMD-BGD_20261121T101500Z.ercms".into(),
                    path: PathBuf::from("/media/usb/FR-OFII_to_IQ-MOMD-BGD_20261121T101500Z.ercms"),
                    size_bytes: 9_006,
                },
            ],
            journal: Rc::new(RefCell::new(Journal::default())),
            admin: super::admin::fake::AdminData::default(),
            nrm: super::nrm::fake::NrmData::default(),
            report: super::reports::fake::sample(),
        }
    }

    pub fn without_bundles(mut self) -> FakeStation {
        self.bundles.clear();
        self
    }
}

fn role_of(user: &str) -> Option<Role> {
    match user {
        "karim" => Some(Role::Clerk),
        "amira" => Some(Role::Officer),
        "sara" => Some(Role::Supervisor),
        "admin" => Some(Role::Admin),
        "nour" => Some(Role::Auditor),
        _ => None,
    }
}

fn field(label: &str, value: &str) -> Field {
    Field::new(label, value)
}

impl StationPort for FakeStation {
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String> {
        match role_of(user) {
            Some(role) if passphrase == PASSPHRASE => Ok(SessionInfo {
                user: user.to_string(),
                role,
                station: "IQ-MOMD-BGD".to_string(),
            }),
            _ => Err("The user name or passphrase is not right.".to_string()),
        }
    }

    fn lock(&mut self) {
        self.journal.borrow_mut().locks += 1;
    }

    fn dashboard(&mut self) -> Dashboard {
        let count = |status: &str| self.rows.iter().filter(|r| r.status == status).count();
        Dashboard {
            queues: vec![
                QueueCount {
                    view: QueueView::All,
                    count: self.rows.len(),
                },
                QueueCount {
                    view: QueueView::Incoming,
                    count: count("RECEIVED"),
                },
                QueueCount {
                    view: QueueView::Verification,
                    count: count("IN_VERIFICATION"),
                },
                QueueCount {
                    view: QueueView::Approval,
                    count: count("DECISION_PROPOSED"),
                },
            ],
            overdue: self
                .rows
                .iter()
                .filter(|r| r.urgency == Urgency::Overdue)
                .count(),
            due_soon: self
                .rows
                .iter()
                .filter(|r| r.urgency == Urgency::DueSoon)
                .count(),
            waiting_for_me: count("DECISION_PROPOSED"),
        }
    }

    fn queue(&mut self, view: QueueView) -> Vec<QueueRow> {
        let status = match view {
            QueueView::All => return self.rows.clone(),
            QueueView::Incoming => "RECEIVED",
            QueueView::Verification => "IN_VERIFICATION",
            QueueView::Approval => "DECISION_PROPOSED",
            _ => return Vec::new(),
        };
        self.rows
            .iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect()
    }

    fn approvals(&mut self) -> Vec<QueueRow> {
        self.queue(QueueView::Approval)
    }

    fn case(&mut self, case_id: &str) -> Result<CaseView, String> {
        let r = self
            .rows
            .iter()
            .find(|r| r.case_id == case_id)
            .ok_or_else(|| "There is no such case.".to_string())?;
        Ok(CaseView {
            case_id: r.case_id.clone(),
            reference: r.reference.clone(),
            status: r.status.clone(),
            days_left: r.days_left,
            urgency: r.urgency,
            application: vec![
                field("Requesting state", &r.requesting_state),
                field("Their reference", &r.reference),
                field("Received", "2026-11-20"),
                field("Procedure", "normal"),
                field("Agreement", "EU-IQ"),
            ],
            person: vec![
                field("Name (Latin)", &r.name_latin),
                field("Name (Arabic)", r.name_native.as_deref().unwrap_or("")),
                field("Date of birth", "1991-03"),
                field("Place of birth", "Mosul"),
                field("Sex", "male"),
            ],
            evidence: vec![
                EvidenceRow {
                    kind: "passport copy".into(),
                    annex: "Annex 2".into(),
                    description: "photocopy, expired 2019".into(),
                },
                EvidenceRow {
                    kind: "statement".into(),
                    annex: "Annex 2".into(),
                    description: "the person's own statement".into(),
                },
            ],
            evidence_strength: "Prima facie evidence only: nationality is not yet established."
                .into(),
            checks: vec![CheckRow {
                kind: "civil registry".into(),
                result: "pending".into(),
                by: "amira".into(),
                date: "2026-11-22".into(),
                reference: "CR-1182".into(),
            }],
            determination: "Undetermined: one check is pending.".into(),
            decisions: Vec::new(),
            travel_document: Vec::new(),
            transfer: Vec::new(),
            referrals: Vec::new(),
            audit: vec![
                HistoryRow {
                    when: "2026-11-20 09:41".into(),
                    who: "karim".into(),
                    what: "imported from DE-BAMF".into(),
                },
                HistoryRow {
                    when: "2026-11-20 10:02".into(),
                    who: "karim".into(),
                    what: "registered".into(),
                },
            ],
            actions: vec![
                ActionForm {
                    key: "check".into(),
                    label: "Record a check".into(),
                    fields: vec![
                        FormField {
                            key: "kind".into(),
                            label: "Kind".into(),
                            required: true,
                            kind: FieldKind::Choice(vec![
                                "civil_registry".into(),
                                "biometric".into(),
                            ]),
                        },
                        FormField {
                            key: "reference".into(),
                            label: "Reference".into(),
                            required: true,
                            kind: FieldKind::Text,
                        },
                        FormField {
                            key: "note".into(),
                            label: "Note".into(),
                            required: false,
                            kind: FieldKind::Text,
                        },
                    ],
                },
                ActionForm {
                    key: "approve".into(),
                    label: "Approve the decision".into(),
                    fields: Vec::new(),
                },
            ],
        })
    }

    fn perform(
        &mut self,
        case_id: &str,
        action_key: &str,
        fields: &[(String, String)],
    ) -> Result<String, String> {
        if action_key == "approve" {
            return Err("You cannot approve your own proposal.".into());
        }
        self.journal.borrow_mut().performed.push((
            case_id.to_string(),
            action_key.to_string(),
            fields.to_vec(),
        ));
        Ok("The check is recorded.".into())
    }

    fn media_bundles(&mut self, _dir: &Path) -> Result<Vec<MediaBundle>, String> {
        Ok(self.bundles.clone())
    }

    fn preview_bundle(&mut self, path: &Path) -> Result<BundlePreview, String> {
        let b = self
            .bundles
            .iter()
            .find(|b| b.path == path)
            .ok_or_else(|| "The bundle is no longer on the media.".to_string())?;
        Ok(BundlePreview {
            file_name: b.file_name.clone(),
            from_station: "DE-BAMF".into(),
            to_station: "IQ-MOMD-BGD".into(),
            created: "2026-11-20 09:41 UTC".into(),
            records: vec![
                ("readmission application".into(), 14),
                ("check result".into(), 3),
            ],
            verdict: "Signed by DE-BAMF, a trusted partner; addressed to this station.".into(),
            importable: true,
        })
    }

    fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<String, String> {
        for done in 0..=4 {
            if !progress(ImportProgress { done, total: 4 }) {
                return Err("The import was cancelled; nothing changed.".into());
            }
        }
        self.journal.borrow_mut().imported.push(path.to_path_buf());
        self.bundles.retain(|b| b.path != path);
        Ok("Imported 4 records from DE-BAMF.".into())
    }

    fn partners(&mut self) -> Vec<String> {
        vec!["DE-BAMF".into(), "FR-OFII".into()]
    }

    fn export_to(&mut self, partner: &str, _dir: &Path) -> Result<String, String> {
        self.journal.borrow_mut().exported.push(partner.to_string());
        Ok(format!("Exported 2 records to {partner}."))
    }

    fn exchange_log(&mut self) -> Vec<ExchangeLogRow> {
        vec![
            ExchangeLogRow {
                when: "2026-11-20 09:45".into(),
                direction: "in".into(),
                partner: "DE-BAMF".into(),
                file_name: "DE-BAMF_to_IQ-MOMD-BGD_20261119T120000Z.ercms".into(),
                records: 12,
                outcome: "imported".into(),
            },
            ExchangeLogRow {
                when: "2026-11-21 14:10".into(),
                direction: "out".into(),
                partner: "FR-OFII".into(),
                file_name: "IQ-MOMD-BGD_to_FR-OFII_20261121T141000Z.ercms".into(),
                records: 3,
                outcome: "exported".into(),
            },
        ]
    }
}

//! A station made of synthetic data, for tests of the screens. It answers like the real service
//! would, in view-model terms; none of its numbers come from real rules.

use super::cases::view::QueueRow;
use super::exchange::view::MediaBundle;
use super::view::*;
use crate::domain::role::Role;
use std::cell::RefCell;
use std::path::PathBuf;
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
    /// When set, every read of the cases fails with this sentence, as a broken vault would.
    pub failing_reads: Option<String>,
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
            failing_reads: None,
        }
    }

    pub fn without_bundles(mut self) -> FakeStation {
        self.bundles.clear();
        self
    }
}

pub(crate) fn role_of(user: &str) -> Option<Role> {
    match user {
        "karim" => Some(Role::Clerk),
        "amira" => Some(Role::Officer),
        "sara" => Some(Role::Supervisor),
        "admin" => Some(Role::Admin),
        "nour" => Some(Role::Auditor),
        _ => None,
    }
}

pub(crate) fn field(label: &str, value: &str) -> Field {
    Field::new(label, value)
}

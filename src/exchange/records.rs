//! The records a bundle carries, one JSON object a line (BUNDLE-FORMAT.md and BUNDLE-RECORDS.md).
//!
//! Each line is parsed against the one record type its bundle's `content` allows, with unknown fields
//! refused, then validated. Errors name the field and never quote its value: values are personal data.

use super::attachment::is_sha256_hex;
use super::content::Content;
use crate::domain::application::{Application, Evidence, NativeScript, Person, Sex};
use crate::domain::date::PartialDate;
use crate::domain::ids::StationId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    ReadmissionApplication(Application),
    ReadmissionReply(Reply),
    TransferNotification(TransferNotification),
    Receipt(Receipt),
    VerificationRequest(VerificationRequest),
    VerificationResult(VerificationResult),
    Referral(Referral),
    ReferralUpdate(ReferralUpdate),
    StatisticsExtract(StatisticsExtract),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accepted,
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub id: String,
    /// The requesting state's application reference.
    pub application: String,
    pub decision: Decision,
    /// Compulsory for a refusal.
    #[serde(default)]
    pub grounds: Option<String>,
    #[serde(with = "crate::domain::date::strict")]
    pub decided_on: NaiveDate,
    #[serde(default)]
    pub travel_document: Option<TravelDocument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelDocument {
    pub number: String,
    #[serde(with = "crate::domain::date::strict")]
    pub issued_on: NaiveDate,
    #[serde(with = "crate::domain::date::strict")]
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferMode {
    Air,
    Land,
    Sea,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferNotification {
    pub id: String,
    pub application: String,
    #[serde(with = "super::instant::utc")]
    pub departure: DateTime<Utc>,
    pub border_point: String,
    pub mode: TransferMode,
    #[serde(default)]
    pub flight: Option<String>,
    #[serde(default)]
    pub escorts: u32,
    #[serde(default)]
    pub medical: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub id: String,
    #[serde(with = "super::manifest::canonical_uuid")]
    pub bundle_id: uuid::Uuid,
    pub manifest_sha256: String,
    #[serde(with = "super::instant::utc")]
    pub received_at: DateTime<Utc>,
    pub records: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    CivilRegistry,
    PassportRegistry,
    Biometric,
    DocumentExamination,
    ConsularInterview,
    LanguageAnalysis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    Confirmed,
    NotConfirmed,
    Inconclusive,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    pub id: String,
    /// The application (requesting state's reference) the check is for.
    pub application: String,
    pub check: CheckKind,
    #[serde(with = "crate::domain::date::strict")]
    pub requested_on: NaiveDate,
    pub person: Person,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default, with = "crate::domain::date::strict::option")]
    pub reply_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationResult {
    pub id: String,
    /// The `id` of the verification request answered.
    pub request: String,
    pub application: String,
    pub check: CheckKind,
    pub result: CheckResult,
    #[serde(with = "crate::domain::date::strict")]
    pub performed_on: NaiveDate,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Housing,
    Health,
    Psychosocial,
    Livelihood,
    Education,
    LegalDocumentation,
    Financial,
    Family,
    Protection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Routine,
    Priority,
    Urgent,
}

/// The little a service provider needs to know about a returnee (data minimisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Returnee {
    pub surname: String,
    pub given_names: String,
    #[serde(default)]
    pub native_script: Option<NativeScript>,
    pub sex: Sex,
    pub date_of_birth: PartialDate,
    #[serde(default)]
    pub governorate: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub id: String,
    /// The ministry's reference of the returnee's case.
    pub returnee: String,
    pub person: Returnee,
    pub service: Service,
    pub urgency: Urgency,
    #[serde(with = "crate::domain::date::strict")]
    pub due_on: NaiveDate,
    /// When the returnee consented to the referral; no referral leaves without consent.
    #[serde(with = "crate::domain::date::strict")]
    pub consent_on: NaiveDate,
    #[serde(default)]
    pub needs: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Accepted,
    Declined,
    Delivered,
    FollowUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralUpdate {
    pub id: String,
    /// The `id` of the referral updated.
    pub referral: String,
    pub status: ReferralStatus,
    #[serde(with = "crate::domain::date::strict")]
    pub updated_on: NaiveDate,
    /// Compulsory when declined.
    #[serde(default)]
    pub reason: Option<String>,
    /// Compulsory when delivered.
    #[serde(default, with = "crate::domain::date::strict::option")]
    pub delivered_on: Option<NaiveDate>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    ApplicationsReceived,
    RepliesSent,
    RepliesWithinLimit,
    Accepted,
    Refused,
    DeemedAccepted,
    MedianDaysToReply,
    MedianDaysToTravelDocument,
    MedianDaysToTransfer,
    Arrivals,
    Referrals,
    ReferralsAccepted,
    ReferralsDelivered,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    #[serde(default)]
    pub requesting_state: Option<String>,
    #[serde(default)]
    pub governorate: Option<String>,
    #[serde(default)]
    pub service: Option<Service>,
    #[serde(default)]
    pub provider: Option<StationId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsExtract {
    pub id: String,
    pub indicator: Indicator,
    #[serde(with = "crate::domain::date::strict")]
    pub period_start: NaiveDate,
    #[serde(with = "crate::domain::date::strict")]
    pub period_end: NaiveDate,
    #[serde(default)]
    pub breakdown: Breakdown,
    /// A count, or whole days for the median indicators; null when suppressed.
    pub value: Option<u64>,
    /// Small numbers are suppressed before an extract leaves the station.
    pub suppressed: bool,
}

/// What is wrong with one record. Names fields, never their values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the line is not one JSON object in UTF-8")]
    NotJson,
    #[error("the line has a key twice in one object")]
    DuplicateKey,
    #[error("the line ends in CR LF; the format's lines end in LF only")]
    CarriageReturn,
    #[error("field `requesting_state` is not the state of the station that signed the bundle")]
    NotSendersState,
    #[error("the line is empty")]
    Empty,
    #[error("the line is longer than {0} bytes")]
    TooLong(usize),
    #[error("field `type` is missing")]
    NoType,
    #[error("field `type` is not `{0}`, the record type of this bundle's content")]
    WrongType(&'static str),
    #[error("field `{0}` is missing")]
    Missing(String),
    #[error("field `{0}` is not part of the format")]
    Unknown(String),
    #[error("field `{0}` {1}")]
    Field(String, Problem),
    #[error("field `id` repeats the id of line {0}")]
    DuplicateId(u64),
    #[error("field `{0}` refers to an attachment that is not in the bundle")]
    MissingAttachment(String),
    /// The receiving station refuses the record (an unknown case, a reference it has already).
    #[error("{0}")]
    Refused(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("is not a date (YYYY-MM-DD)")]
    NotDate,
    #[error("is not a date of birth (YYYY, YYYY-MM or YYYY-MM-DD)")]
    NotPartialDate,
    #[error("is not an instant in UTC (RFC 3339 ending in Z)")]
    NotInstant,
    #[error("is not a country code (two capital letters)")]
    NotCountry,
    #[error("is not a language code (two or three lowercase letters)")]
    NotLanguage,
    #[error("is empty")]
    Empty,
    #[error("is not a SHA-256 (64 lowercase hex digits)")]
    NotHash,
    #[error("is not a lowercase hyphenated UUID")]
    NotUuid,
    #[error("is not a station id")]
    NotStation,
    #[error("is not valid (expected {0})")]
    Expected(String),
    #[error("is not valid")]
    Invalid,
    #[error("is required when {0}")]
    RequiredWhen(&'static str),
    #[error("is earlier than `{0}`")]
    Before(&'static str),
    #[error("must be null exactly when `suppressed` is true")]
    Suppression,
    #[error("holds an invisible character, a control character or white space other than a space")]
    Invisible,
}

impl Record {
    /// Parses one line of `records.jsonl` as the record type of `content`.
    pub fn parse_line(line: &[u8], content: Content) -> Result<Record, RecordError> {
        use super::strict_json::{parse, StrictJsonError};
        let mut value = parse(line).map_err(|e| match e {
            StrictJsonError::DuplicateKey => RecordError::DuplicateKey,
            StrictJsonError::NotJson => RecordError::NotJson,
        })?;
        let object = value.as_object_mut().ok_or(RecordError::NotJson)?;
        match object.remove("type") {
            None => return Err(RecordError::NoType),
            Some(serde_json::Value::String(t)) if t == content.record_type() => {}
            Some(_) => return Err(RecordError::WrongType(content.record_type())),
        }
        let body = serde_json::Value::Object(std::mem::take(object));
        let record = match content {
            Content::ReadmissionApplications => Record::ReadmissionApplication(body_as(body)?),
            Content::ReadmissionReplies => Record::ReadmissionReply(body_as(body)?),
            Content::TransferNotifications => Record::TransferNotification(body_as(body)?),
            Content::Receipts => Record::Receipt(body_as(body)?),
            Content::VerificationRequests => Record::VerificationRequest(body_as(body)?),
            Content::VerificationResults => Record::VerificationResult(body_as(body)?),
            Content::Referrals => Record::Referral(body_as(body)?),
            Content::ReferralUpdates => Record::ReferralUpdate(body_as(body)?),
            Content::Statistics => Record::StatisticsExtract(body_as(body)?),
        };
        record.validate()?;
        Ok(record)
    }

    /// One line of `records.jsonl` (without the `\n`).
    pub fn to_line(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    pub fn content(&self) -> Content {
        match self {
            Record::ReadmissionApplication(_) => Content::ReadmissionApplications,
            Record::ReadmissionReply(_) => Content::ReadmissionReplies,
            Record::TransferNotification(_) => Content::TransferNotifications,
            Record::Receipt(_) => Content::Receipts,
            Record::VerificationRequest(_) => Content::VerificationRequests,
            Record::VerificationResult(_) => Content::VerificationResults,
            Record::Referral(_) => Content::Referrals,
            Record::ReferralUpdate(_) => Content::ReferralUpdates,
            Record::StatisticsExtract(_) => Content::Statistics,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::ReadmissionApplication(r) => &r.id,
            Record::ReadmissionReply(r) => &r.id,
            Record::TransferNotification(r) => &r.id,
            Record::Receipt(r) => &r.id,
            Record::VerificationRequest(r) => &r.id,
            Record::VerificationResult(r) => &r.id,
            Record::Referral(r) => &r.id,
            Record::ReferralUpdate(r) => &r.id,
            Record::StatisticsExtract(r) => &r.id,
        }
    }

    /// The attachments a record points at, with the field that names each.
    pub fn attachment_refs(&self) -> Vec<(String, &str)> {
        let mut refs = Vec::new();
        let (person, evidence): (Option<&Person>, &[Evidence]) = match self {
            Record::ReadmissionApplication(a) => (Some(&a.person), &a.evidence),
            Record::VerificationRequest(v) => (Some(&v.person), &v.evidence),
            _ => (None, &[]),
        };
        if let Some(photo) = person.and_then(|p| p.photo.as_deref()) {
            refs.push(("person.photo".to_string(), photo));
        }
        for (i, e) in evidence.iter().enumerate() {
            if let Some(a) = e.attachment.as_deref() {
                refs.push((format!("evidence[{i}].attachment"), a));
            }
        }
        refs
    }

    /// The rules serde's shape cannot say: non-empty texts, codes, conditional fields, date order.
    pub fn validate(&self) -> Result<(), RecordError> {
        reference("id", self.id())?;
        for (field, hash) in self.attachment_refs() {
            if !is_sha256_hex(hash) {
                return Err(RecordError::Field(field, Problem::NotHash));
            }
        }
        match self {
            Record::ReadmissionApplication(a) => {
                text("agreement", &a.agreement)?;
                country("requesting_state", &a.requesting_state)?;
                person("person", &a.person)
            }
            Record::ReadmissionReply(r) => {
                reference("application", &r.application)?;
                if r.decision == Decision::Refused
                    && r.grounds.as_deref().is_none_or(|g| g.trim().is_empty())
                {
                    return Err(RecordError::Field(
                        "grounds".into(),
                        Problem::RequiredWhen("`decision` is `refused`"),
                    ));
                }
                if let Some(td) = &r.travel_document {
                    text("travel_document.number", &td.number)?;
                    not_before(
                        "travel_document.valid_until",
                        td.valid_until,
                        "travel_document.issued_on",
                        td.issued_on,
                    )?;
                }
                Ok(())
            }
            Record::TransferNotification(t) => {
                reference("application", &t.application)?;
                text("border_point", &t.border_point)
            }
            Record::Receipt(r) => {
                if !is_sha256_hex(&r.manifest_sha256) {
                    return Err(RecordError::Field(
                        "manifest_sha256".into(),
                        Problem::NotHash,
                    ));
                }
                Ok(())
            }
            Record::VerificationRequest(v) => {
                reference("application", &v.application)?;
                person("person", &v.person)
            }
            Record::VerificationResult(v) => {
                reference("request", &v.request)?;
                reference("application", &v.application)
            }
            Record::Referral(r) => {
                reference("returnee", &r.returnee)?;
                text("person.surname", &r.person.surname)?;
                text("person.given_names", &r.person.given_names)
            }
            Record::ReferralUpdate(u) => {
                reference("referral", &u.referral)?;
                if u.status == ReferralStatus::Declined
                    && u.reason.as_deref().is_none_or(|g| g.trim().is_empty())
                {
                    return Err(RecordError::Field(
                        "reason".into(),
                        Problem::RequiredWhen("`status` is `declined`"),
                    ));
                }
                if u.status == ReferralStatus::Delivered && u.delivered_on.is_none() {
                    return Err(RecordError::Field(
                        "delivered_on".into(),
                        Problem::RequiredWhen("`status` is `delivered`"),
                    ));
                }
                Ok(())
            }
            Record::StatisticsExtract(s) => {
                not_before("period_end", s.period_end, "period_start", s.period_start)?;
                if let Some(cc) = &s.breakdown.requesting_state {
                    country("breakdown.requesting_state", cc)?;
                }
                if s.suppressed == s.value.is_some() {
                    return Err(RecordError::Field("value".into(), Problem::Suppression));
                }
                Ok(())
            }
        }
    }
}

fn body_as<T: DeserializeOwned>(body: serde_json::Value) -> Result<T, RecordError> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        explain(&path, &message)
    })
}

/// Turns serde's message into one that names the field and drops any quoted value.
pub(super) fn explain(path: &str, message: &str) -> RecordError {
    // The path is made of the line's own keys: neutralised and cut short before it is shown.
    let path = &crate::domain::untrusted::excerpt(path);
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    let quoted = |m: &str| quoted(m).map(|q| crate::domain::untrusted::excerpt(&q));
    if let Some(name) = message.strip_prefix("missing field ").and_then(quoted) {
        return RecordError::Missing(join(&name));
    }
    if let Some(name) = message.strip_prefix("unknown field ").and_then(quoted) {
        // serde_path_to_error already puts the unknown key at the end of the path.
        let at = if path.ends_with(name.as_str()) {
            path.to_string()
        } else {
            join(&name)
        };
        return RecordError::Unknown(at);
    }
    let field = if path == "." {
        "(record)".to_string()
    } else {
        path.to_string()
    };
    let problem = if message == crate::domain::date::BadDate.to_string() {
        Problem::NotDate
    } else if message == crate::domain::date::BadPartialDate.to_string() {
        Problem::NotPartialDate
    } else if message == super::instant::BadInstant.to_string() {
        Problem::NotInstant
    } else if message == super::manifest::UUID_MESSAGE {
        Problem::NotUuid
    } else if message == crate::domain::ids::IdError::Station.to_string() {
        Problem::NotStation
    } else if let Some((_, expected)) = message.rsplit_once(", expected ") {
        // What serde expected comes from our types; the part before it may quote the value.
        Problem::Expected(expected.to_string())
    } else {
        Problem::Invalid
    };
    RecordError::Field(field, problem)
}

/// A reference to a case or record: not empty, and nothing invisible in it, so that two references
/// that look alike are compared as one (see `domain::untrusted::reference_key`).
fn reference(field: &str, value: &str) -> Result<(), RecordError> {
    text(field, value)?;
    if crate::domain::untrusted::has_invisible(value) {
        return Err(RecordError::Field(field.to_string(), Problem::Invisible));
    }
    Ok(())
}

fn text(field: &str, value: &str) -> Result<(), RecordError> {
    if value.trim().is_empty() {
        Err(RecordError::Field(field.to_string(), Problem::Empty))
    } else {
        Ok(())
    }
}

fn country(field: &str, value: &str) -> Result<(), RecordError> {
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(RecordError::Field(field.to_string(), Problem::NotCountry))
    }
}

fn language(field: &str, value: &str) -> Result<(), RecordError> {
    if (2..=3).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(RecordError::Field(field.to_string(), Problem::NotLanguage))
    }
}

fn not_before(
    field: &str,
    value: NaiveDate,
    other_field: &'static str,
    other: NaiveDate,
) -> Result<(), RecordError> {
    if value < other {
        Err(RecordError::Field(
            field.to_string(),
            Problem::Before(other_field),
        ))
    } else {
        Ok(())
    }
}

fn person(at: &str, p: &Person) -> Result<(), RecordError> {
    text(&format!("{at}.surname"), &p.surname)?;
    text(&format!("{at}.given_names"), &p.given_names)?;
    if let Some(cc) = &p.nationality {
        country(&format!("{at}.nationality"), cc)?;
    }
    for (i, cc) in p.former_nationalities.iter().enumerate() {
        country(&format!("{at}.former_nationalities[{i}]"), cc)?;
    }
    for (i, l) in p.languages.iter().enumerate() {
        language(&format!("{at}.languages[{i}]"), l)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const APPLICATION: &str = r#"{"type": "readmission_application", "id": "DE-2026-004211",
      "agreement": "EU-IQ", "requesting_state": "DE", "requesting_authority": "BAMF Referat 41",
      "submitted_on": "2026-11-18", "procedure": "normal",
      "person": {"surname": "Al-Jubouri", "given_names": "Ahmed", "sex": "M",
        "date_of_birth": "1991-03", "nationality": "IQ", "languages": ["ar"]},
      "evidence": [{"kind": "passport", "annex": 1, "number": "A12345678", "issuer": "IQ",
        "issued_on": "2014-05-02", "expires_on": "2022-05-01", "attachment": null}],
      "health": null, "escort_required": false, "interview_requested": true,
      "special_circumstances": null}"#;

    const REPLY: &str = r#"{"type": "readmission_reply", "id": "0193a4f2-6c1e-7d3a-9b8e-2f1c0d9e8a7b",
      "application": "DE-2026-004211", "decision": "accepted", "grounds": null,
      "decided_on": "2026-11-25", "travel_document": {"number": "LP-2026-000381",
      "issued_on": "2026-11-26", "valid_until": "2027-02-26"}}"#;

    fn app(json: &str) -> Result<Record, RecordError> {
        Record::parse_line(json.as_bytes(), Content::ReadmissionApplications)
    }

    #[test]
    fn the_format_examples_parse_and_round_trip() {
        let a = app(APPLICATION).unwrap();
        assert_eq!(a.id(), "DE-2026-004211");
        let line = a.to_line().unwrap();
        assert!(line.starts_with("{\"type\":\"readmission_application\""));
        assert_eq!(app(&line).unwrap(), a);

        let r = Record::parse_line(REPLY.as_bytes(), Content::ReadmissionReplies).unwrap();
        let back = Record::parse_line(r.to_line().unwrap().as_bytes(), Content::ReadmissionReplies);
        assert_eq!(back.unwrap(), r);
    }

    #[test]
    fn errors_name_the_field_and_never_the_value() {
        let cases = [
            (
                APPLICATION.replace("\"2026-11-18\"", "\"18.11.2026\""),
                "field `submitted_on` is not a date (YYYY-MM-DD)",
            ),
            (
                APPLICATION.replace("\"sex\": \"M\",", ""),
                "field `person.sex` is missing",
            ),
            (
                APPLICATION.replace("\"health\": null", "\"Ahmed\": 1"),
                "field `Ahmed` is not part of the format",
            ),
            (
                APPLICATION.replace("\"1991-03\"", "\"March 1991\""),
                "field `person.date_of_birth` is not a date of birth (YYYY, YYYY-MM or YYYY-MM-DD)",
            ),
            (
                APPLICATION.replace("\"M\"", "\"Ahmed\""),
                "field `person.sex` is not valid (expected one of `M`, `F`, `X`)",
            ),
            (
                APPLICATION.replace("\"surname\": \"Al-Jubouri\"", "\"surname\": 7"),
                "field `person.surname` is not valid (expected a string)",
            ),
            (
                APPLICATION.replace(
                    "\"requesting_state\": \"DE\"",
                    "\"requesting_state\": \"Germany\"",
                ),
                "field `requesting_state` is not a country code (two capital letters)",
            ),
            (
                APPLICATION.replace("\"kind\": \"passport\"", "\"kind\": \"A12345678\""),
                "field `evidence[0].kind` is not valid (expected one of",
            ),
            (
                APPLICATION.replace("readmission_application", "readmission_reply"),
                "field `type` is not `readmission_application`",
            ),
        ];
        for (json, want) in cases {
            let err = app(&json).expect_err(want).to_string();
            assert!(err.starts_with(want), "{err}");
            for secret in [
                "Al-Jubouri",
                "Ahmed\"",
                "A12345678",
                "Germany",
                "18.11",
                "March",
            ] {
                assert!(!err.contains(secret), "{err} leaks {secret}");
            }
        }
    }

    #[test]
    fn a_refusal_needs_grounds() {
        let refused = REPLY.replace("\"accepted\"", "\"refused\"");
        let err = Record::parse_line(refused.as_bytes(), Content::ReadmissionReplies).unwrap_err();
        assert_eq!(
            err.to_string(),
            "field `grounds` is required when `decision` is `refused`"
        );
        let grounded = refused.replace("\"grounds\": null", "\"grounds\": \"not a national\"");
        assert!(Record::parse_line(grounded.as_bytes(), Content::ReadmissionReplies).is_ok());
    }

    #[test]
    fn the_other_families_parse_and_validate() {
        let lines = [
            (
                Content::TransferNotifications,
                r#"{"type": "transfer_notification", "id": "DE-TN-2026-0093", "application": "DE-2026-004211", "departure": "2026-12-05T08:00:00Z", "border_point": "BGW", "mode": "air", "flight": "IA232", "escorts": 2, "medical": null}"#,
            ),
            (
                Content::Receipts,
                r#"{"type": "receipt", "id": "r1", "bundle_id": "0193a4f2-6c1e-7d3a-9b8e-2f1c0d9e8a7b", "manifest_sha256": "HASH", "received_at": "2026-11-21T10:02:11Z", "records": 3}"#,
            ),
            (
                Content::VerificationRequests,
                r#"{"type": "verification_request", "id": "VR-1", "application": "DE-2026-004211", "check": "civil_registry", "requested_on": "2026-11-21", "person": {"surname": "Al-Jubouri", "given_names": "Ahmed", "sex": "M", "date_of_birth": "1991"}, "reply_by": "2026-11-28"}"#,
            ),
            (
                Content::VerificationResults,
                r#"{"type": "verification_result", "id": "VS-1", "request": "VR-1", "application": "DE-2026-004211", "check": "civil_registry", "result": "confirmed", "performed_on": "2026-11-24", "reference": "CR-88"}"#,
            ),
            (
                Content::Referrals,
                r#"{"type": "referral", "id": "RF-1", "returnee": "C-1", "person": {"surname": "Al-Jubouri", "given_names": "Ahmed", "sex": "M", "date_of_birth": "1991", "governorate": "Nineveh"}, "service": "housing", "urgency": "priority", "due_on": "2027-01-10", "consent_on": "2026-12-06"}"#,
            ),
            (
                Content::ReferralUpdates,
                r#"{"type": "referral_update", "id": "RU-1", "referral": "RF-1", "status": "delivered", "updated_on": "2027-01-08", "delivered_on": "2027-01-08"}"#,
            ),
            (
                Content::Statistics,
                r#"{"type": "statistics_extract", "id": "S-1", "indicator": "applications_received", "period_start": "2026-11-01", "period_end": "2026-11-30", "breakdown": {"requesting_state": "DE"}, "value": 41, "suppressed": false}"#,
            ),
        ];
        for (content, line) in lines {
            let line = line.replace("HASH", &"0f".repeat(32));
            let r = Record::parse_line(line.as_bytes(), content).unwrap();
            assert_eq!(r.content(), content);
            let again = Record::parse_line(r.to_line().unwrap().as_bytes(), content).unwrap();
            assert_eq!(again, r);
        }
        let declined = r#"{"type": "referral_update", "id": "RU-2", "referral": "RF-1", "status": "declined", "updated_on": "2027-01-08"}"#;
        assert!(Record::parse_line(declined.as_bytes(), Content::ReferralUpdates).is_err());
        let leaky = r#"{"type": "statistics_extract", "id": "S-2", "indicator": "arrivals", "period_start": "2026-11-01", "period_end": "2026-11-30", "value": 2, "suppressed": true}"#;
        assert!(Record::parse_line(leaky.as_bytes(), Content::Statistics).is_err());
    }

    proptest! {
        #[test]
        fn any_line_is_parsed_or_refused_without_panic(line in proptest::collection::vec(any::<u8>(), 0..200)) {
            for c in Content::ALL {
                let _ = Record::parse_line(&line, c);
            }
        }

        #[test]
        fn mutated_applications_never_panic(cut in 0usize..700, byte in any::<u8>()) {
            let mut bytes = APPLICATION.as_bytes().to_vec();
            let i = cut % bytes.len();
            bytes[i] = byte;
            let _ = Record::parse_line(&bytes, Content::ReadmissionApplications);
        }
    }
}

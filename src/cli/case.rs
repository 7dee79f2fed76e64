use super::args::{CaseCommand, Common, VerdictArg};
use super::{login, output, Failure, Outcome};
use crate::domain::case::CaseStatus;
use crate::domain::check::{CheckKind, CheckResult};
use crate::domain::date::parse_date;
use crate::domain::ids::UserName;
use crate::domain::lifecycle::CaseAction;
use crate::service::{CaseFilter, DuplicateVerdict, Session};
use chrono::Utc;

pub fn run(c: &Common, cmd: CaseCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    let action = match cmd {
        CaseCommand::List {
            status,
            overdue,
            due_soon,
            find,
        } => return list(c, &mut s, status, overdue, due_soon, find),
        CaseCommand::Show { case } => return show(c, &mut s, &case),
        CaseCommand::Duplicates { case } => return duplicates(c, &mut s, &case),
        CaseCommand::DuplicateResolve {
            case,
            other,
            verdict,
        } => {
            let verdict = match verdict {
                VerdictArg::SamePerson => DuplicateVerdict::SamePerson,
                VerdictArg::NotSamePerson => DuplicateVerdict::NotSamePerson,
            };
            s.resolve_duplicate(&case, &other, verdict, now)?;
            return duplicates(c, &mut s, &case);
        }
        CaseCommand::Register { case } => (case, CaseAction::Register),
        CaseCommand::Check {
            case,
            kind,
            result,
            reference,
            note,
        } => {
            let kind = CheckKind::parse(&kind).ok_or_else(|| {
                Failure::usage("--kind is civil_registry, passport_registry, biometric, document_examination, consular_interview or language_analysis")
            })?;
            let result = CheckResult::parse(&result).ok_or_else(|| {
                Failure::usage("--result is confirmed, not_confirmed, inconclusive or pending")
            })?;
            (
                case,
                CaseAction::RecordCheck {
                    id: uuid::Uuid::now_v7(),
                    kind,
                    result,
                    reference,
                    note,
                    performed_by: None,
                },
            )
        }
        CaseCommand::Propose {
            case,
            accept,
            refuse,
            grounds,
            extension_days,
            request_info,
        } => {
            let action = match (accept, refuse, extension_days, request_info) {
                (true, false, None, None) => CaseAction::ProposeAccept,
                (false, true, None, None) => CaseAction::ProposeRefuse { grounds: grounds.unwrap_or_default() },
                (false, false, Some(days), None) => CaseAction::ProposeExtension { days },
                (false, false, None, Some(what)) => CaseAction::ProposeInfoRequest { what },
                _ => {
                    return Err(Failure::usage(
                        "say one of --accept, --refuse --grounds TEXT, --extension-days N or --request-info WHAT",
                    ))
                }
            };
            (case, action)
        }
        CaseCommand::Approve { case } => (case, CaseAction::Approve),
        CaseCommand::ProposeClose { case } => (case, CaseAction::ProposeClosure),
        CaseCommand::Close { case } => (case, CaseAction::Close),
        CaseCommand::Return { case, note } => (case, CaseAction::Return { note }),
        CaseCommand::TravelDocument {
            case,
            number,
            valid_until,
        } => {
            let valid_until = parse_date(&valid_until)
                .map_err(|e| Failure::usage(format!("--valid-until: {e}")))?;
            let id = s.resolve_case(&case)?;
            let current = s.case(&id.to_string())?;
            let issued_on = now.date_naive();
            let action = if current.travel_documents.is_empty() {
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
            };
            (case, action)
        }
        CaseCommand::Arrival { case, border_point } => (
            case,
            CaseAction::RecordArrival {
                at: now,
                border_point,
            },
        ),
        CaseCommand::Assign { case, to } => {
            let user = match to.as_str() {
                "none" | "-" => None,
                name => Some(UserName::parse(name).map_err(|e| Failure::usage(e.to_string()))?),
            };
            (case, CaseAction::Assign { user })
        }
    };
    let case = s.act(&action.0, action.1, now)?;
    if c.json {
        return output::json(&s.case_document(&case, now)?);
    }
    println!("{}  {}", case.reference(), case.status);
    Ok(())
}

fn list(
    c: &Common,
    s: &mut Session,
    status: Option<String>,
    overdue: bool,
    due_soon: bool,
    find: Option<String>,
) -> Outcome {
    let status = match status {
        Some(st) => Some(CaseStatus::parse(&st).ok_or_else(|| {
            Failure::usage(format!(
                "\"{}\" is not a case status; use one of {}",
                st.chars().take(32).collect::<String>(),
                CaseStatus::ALL.map(|s| s.as_str()).join(", ")
            ))
        })?),
        None => None,
    };
    let rows = s.search_cases(
        &CaseFilter {
            status,
            overdue,
            due_soon,
            find,
        },
        Utc::now(),
    )?;
    if c.json {
        return output::json(&rows);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.days_left
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                r.reference.clone(),
                format!("{} {}", r.given_names, r.surname),
                r.native_name.clone().unwrap_or_default(),
                r.date_of_birth.clone(),
                r.requesting_state.clone(),
                r.status.to_string(),
                r.assignee.clone().unwrap_or_default(),
                if r.possible_duplicates > 0 {
                    "dup?".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    super::output::table(
        &[
            "DAYS",
            "REFERENCE",
            "NAME",
            "NATIVE",
            "BORN",
            "FROM",
            "STATUS",
            "ASSIGNEE",
            "",
        ],
        &table,
    );
    Ok(())
}

fn show(c: &Common, s: &mut Session, case: &str) -> Outcome {
    let case = s.read_case(case, Utc::now())?;
    let doc = s.case_document(&case, Utc::now())?;
    if c.json {
        return output::json(&doc);
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&doc).map_err(|e| Failure::failed(e.to_string()))?
    );
    Ok(())
}

fn duplicates(c: &Common, s: &mut Session, case: &str) -> Outcome {
    let rows = s.duplicates(case)?;
    if c.json {
        return output::json(&rows);
    }
    if rows.is_empty() {
        eprintln!("{} has no possible duplicates.", s.case(case)?.reference());
    }
    // Reasons and verdicts are printed as their codes: the same words as the JSON output.
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.reference.clone(),
                r.status.to_string(),
                format!("{} {}", r.given_names, r.surname),
                r.date_of_birth.to_string(),
                r.score.to_string(),
                r.verdict
                    .map(|v| code(&v))
                    .unwrap_or_else(|| "flagged".into()),
                r.reasons.iter().map(code).collect::<Vec<_>>().join(","),
            ]
        })
        .collect();
    output::table(
        &[
            "REFERENCE",
            "STATUS",
            "NAME",
            "BORN",
            "SCORE",
            "STATE",
            "WHY",
        ],
        &table,
    );
    Ok(())
}

/// The snake_case name serde gives a unit variant (a reason, a verdict).
fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

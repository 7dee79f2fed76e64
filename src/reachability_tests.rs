//! Every case action and every returnee action kind reaches its users (a crate-level test: it looks at
//! both front ends, the CLI and the TUI, so it belongs to neither layer): a TUI form and a CLI command,
//! or it is listed here as applied by the station itself. A new action fails these tests until it gets
//! both paths (the CLI matches below are exhaustive, so a new command must name its action too).

use crate::cli::args::{Cli, Command};
use crate::cli::nrm_args::{ReferralCommand, ReturneeCommand};
use crate::domain::lifecycle::CaseActionKind;
use crate::domain::nrm::ReturneeActionKind;
use crate::service::{Station, DEMO_USERS};
use crate::tui::cases::live::form;
use crate::tui::nrm::update::{FORM_ACTIONS, OVERRIDE};
use clap::Parser;
use secrecy::SecretString;

/// Case actions no person asks for, and what applies them.
const CASE_BY_STATION: [(CaseActionKind, &str); 4] = [
    (
        CaseActionKind::MarkReplySent,
        "the export, when the reply leaves in a bundle",
    ),
    (
        CaseActionKind::ExpireTravelDocument,
        "the station clock (clock run)",
    ),
    (
        CaseActionKind::MarkDeemedAccepted,
        "the station clock (clock run)",
    ),
    (
        CaseActionKind::ExpireTransferWindow,
        "the station clock (clock run)",
    ),
];

fn parse(argv: &[&str]) -> Command {
    let mut full = vec!["ercms"];
    full.extend_from_slice(argv);
    Cli::try_parse_from(full)
        .unwrap_or_else(|e| panic!("{argv:?} does not parse: {e}"))
        .command
        .unwrap()
}

/// A command line for each case action a person takes.
fn case_argv(kind: CaseActionKind, case: &str) -> Vec<String> {
    use CaseActionKind as K;
    let words: Vec<&str> = match kind {
        K::Register => vec!["register"],
        K::ConfirmReceipt => vec!["confirm-receipt"],
        K::StartVerification => vec!["start-verification"],
        K::RecordCheck => vec!["check", "--kind", "biometric", "--result", "confirmed"],
        K::ProposeAccept => vec!["propose", "--accept"],
        K::ProposeRefuse => vec!["propose", "--refuse", "--grounds", "g"],
        K::ProposeExtension => vec!["propose", "--extension-days", "5"],
        K::ProposeInfoRequest => vec!["propose", "--request-info", "w"],
        K::Approve => vec!["approve"],
        K::Return => vec!["return", "--note", "n"],
        K::IssueTravelDocument | K::ReissueTravelDocument => {
            vec![
                "travel-document",
                "--number",
                "N1",
                "--valid-until",
                "2099-01-01",
            ]
        }
        K::RecordTransfer => vec![
            "transfer",
            "--at",
            "2026-01-01 10:00",
            "--border-point",
            "BGW",
        ],
        K::RecordArrival => vec!["arrival", "--border-point", "BGW"],
        K::ProposeClosure => vec!["propose-close"],
        K::Close => vec!["close"],
        K::Withdraw => vec!["withdraw"],
        K::Assign => vec!["assign", "--to", "officer"],
        K::Refer
        | K::MarkReplySent
        | K::ExpireTravelDocument
        | K::MarkDeemedAccepted
        | K::ExpireTransferWindow => unreachable!("not a case command"),
    };
    let mut argv = vec!["case".to_string(), words[0].to_string(), case.to_string()];
    argv.extend(words[1..].iter().map(|w| w.to_string()));
    argv
}

#[test]
fn every_case_action_is_reachable_from_the_tui_and_the_cli_or_applied_by_the_station() {
    let dir = tempfile::tempdir().unwrap();
    let station = Station::demo(dir.path(), chrono::Utc::now()).unwrap();
    let (name, _, pass) = DEMO_USERS.iter().find(|(n, _, _)| *n == "officer").unwrap();
    let mut s = station
        .login(
            name,
            &SecretString::from(pass.to_string()),
            chrono::Utc::now(),
        )
        .unwrap();
    let case = s.cases(&Default::default(), chrono::Utc::now()).unwrap()[0]
        .reference
        .clone();
    let regions = ["Baghdad"];
    let text = crate::tui::text::Text::new("en");
    for kind in CaseActionKind::ALL {
        if let Some((_, by)) = CASE_BY_STATION.iter().find(|(k, _)| *k == kind) {
            assert!(
                form(&text, kind, &regions).is_none(),
                "{kind:?} is applied by {by}, yet the TUI offers it"
            );
            continue;
        }
        let tui = form(&text, kind, &regions).unwrap_or_else(|| panic!("{kind:?} has no TUI form"));
        assert_eq!(tui.key, kind.as_str());
        if kind == CaseActionKind::Refer {
            // The hand-over opens the returnee record: `returnee open`, and the form asks its governorate.
            assert!(tui.fields.iter().any(|f| f.key == "governorate"));
            let cmd = parse(&["returnee", "open", &case, "--governorate", "Baghdad"]);
            assert!(matches!(
                cmd,
                Command::Returnee(ReturneeCommand::Open { .. })
            ));
            continue;
        }
        let argv = case_argv(kind, &case);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let Command::Case(cmd) = parse(&argv) else {
            panic!("{argv:?} is not a case command")
        };
        let (_, action) = crate::cli::case::case_action(&mut s, cmd, chrono::Utc::now())
            .unwrap_or_else(|_| panic!("{argv:?} is refused"));
        let reached = action.kind();
        // `travel-document` issues the first document and reissues later ones.
        let same = reached == kind
            || (kind == CaseActionKind::ReissueTravelDocument
                && reached == CaseActionKind::IssueTravelDocument);
        assert!(same, "{argv:?} asks for {reached:?}, not {kind:?}");
    }
    // A bare Refer through the generic path is refused: no orphan case.
    let refused = s.act(
        &case,
        crate::domain::lifecycle::CaseAction::Refer,
        chrono::Utc::now(),
    );
    assert!(refused.unwrap_err().to_string().contains("returnee open"));
}

/// The returnee action a returnee or referral command asks for; `None` for commands that only read.
fn returnee_kind(cmd: &Command) -> Option<ReturneeActionKind> {
    use ReturneeActionKind as K;
    Some(match cmd {
        Command::Returnee(c) => match c {
            ReturneeCommand::Open { .. } | ReturneeCommand::OpenWithoutCase { .. } => K::Register,
            ReturneeCommand::List { .. } | ReturneeCommand::Show { .. } => return None,
            ReturneeCommand::Consent { .. } => K::RecordConsent,
            ReturneeCommand::WithdrawConsent { .. } => K::WithdrawConsent,
            ReturneeCommand::OverrideConsent { .. } => K::OverrideConsent,
            ReturneeCommand::Assess { .. } => K::RecordAssessment,
            ReturneeCommand::Plan { .. } => K::ProposePlan,
            ReturneeCommand::ApprovePlan { .. } => K::ApprovePlan,
            ReturneeCommand::ReturnPlan { .. } => K::ReturnPlan,
            ReturneeCommand::FollowUp { .. } => K::RecordFollowUp,
            ReturneeCommand::Close { .. } => K::ProposeClosure,
            ReturneeCommand::ApproveClosure { .. } => K::ApproveClosure,
            ReturneeCommand::ReturnClosure { .. } => K::ReturnClosure,
            ReturneeCommand::Reopen { .. } => K::Reopen,
            ReturneeCommand::Schedule { .. } => K::SetFollowUpSchedule,
            ReturneeCommand::Assign { .. } => K::Assign,
            ReturneeCommand::Contact { .. } => K::UpdateContact,
        },
        Command::Referral(c) => match c {
            ReferralCommand::Propose { .. } => K::ProposeReferral,
            ReferralCommand::Send { .. } => K::SendReferral,
            ReferralCommand::Answer { .. } => K::RecordReferralResponse,
            ReferralCommand::Cancel { .. } => K::CancelReferral,
            ReferralCommand::List { .. } => return None,
        },
        _ => return None,
    })
}

#[test]
fn every_returnee_action_is_reachable_from_the_cli_and_the_tui() {
    let r = "NRM-1";
    let p = "00000000-0000-0000-0000-000000000001";
    let lines: Vec<Vec<&str>> = vec![
        vec!["returnee", "open", "DE-1", "--governorate", "Baghdad"],
        vec![
            "returnee",
            "consent",
            r,
            "--share-data",
            "--receive-services",
        ],
        vec!["returnee", "withdraw-consent", r],
        vec!["returnee", "override-consent", r, "--reason", "x"],
        vec!["returnee", "assess", r, "--need", "housing:severe"],
        vec!["returnee", "plan", r, "--item", "housing:a flat"],
        vec!["returnee", "approve-plan", r],
        vec!["returnee", "return-plan", r, "--note", "x"],
        vec![
            "referral",
            "propose",
            r,
            "--provider",
            "P",
            "--service",
            "housing",
            "--urgency",
            "priority",
            "--due",
            "2026-03-01",
        ],
        vec!["referral", "send", p],
        vec!["referral", "send", p, "--letter", "/media"],
        vec!["referral", "answer", p, "--declined", "full"],
        vec!["referral", "cancel", p, "--reason", "x"],
        vec!["returnee", "follow-up", r, "--note", "x"],
        vec!["returnee", "schedule", r, "--days", "30,90"],
        vec!["returnee", "close", r, "--reason", "x"],
        vec!["returnee", "approve-closure", r],
        vec!["returnee", "return-closure", r, "--note", "x"],
        vec!["returnee", "reopen", r, "--reason", "x"],
        vec!["returnee", "assign", r, "--user", "officer"],
        vec!["returnee", "contact", r, "--phone", "+964 770 000 0000"],
    ];
    let cli: Vec<ReturneeActionKind> = lines
        .iter()
        .filter_map(|argv| returnee_kind(&parse(argv)))
        .collect();
    let mut all = ReturneeActionKind::ALL.to_vec();
    all.push(ReturneeActionKind::Register);
    for kind in &all {
        assert!(cli.contains(kind), "{kind:?} has no CLI command");
    }
    // The TUI: the returnee page's forms, the supervisor's override, and Register twice: the case
    // hand-over (checked with the case actions) and the returnee list's new-record form, which asks
    // what `returnee open-without-case` asks.
    let text = crate::tui::text::Text::new("en");
    let regions = vec!["Baghdad".to_string()];
    let new_record = crate::tui::nrm::new_returnee::form(&text, &regions);
    let asked: Vec<&str> = new_record.fields.iter().map(|f| f.key.as_str()).collect();
    for flag in [
        "surname",
        "given_names",
        "sex",
        "date_of_birth",
        "arrived_on",
        "governorate",
        "phone",
        "address",
    ] {
        assert!(
            asked.contains(&flag),
            "the new-record form does not ask {flag}"
        );
    }
    assert!(matches!(
        parse(&[
            "returnee",
            "open-without-case",
            "--surname",
            "S",
            "--given-names",
            "G",
            "--sex",
            "F",
            "--date-of-birth",
            "1990",
            "--arrived-on",
            "2026-01-01",
            "--governorate",
            "Baghdad"
        ]),
        Command::Returnee(ReturneeCommand::OpenWithoutCase { .. })
    ));
    let tui = |k: &ReturneeActionKind| {
        FORM_ACTIONS.contains(k) || *k == OVERRIDE || *k == ReturneeActionKind::Register
    };
    for kind in &all {
        assert!(tui(kind), "{kind:?} has no TUI form");
    }
}

#[test]
fn the_clock_applies_what_this_list_says_it_applies() {
    for kind in crate::domain::clock::CLOCK_ACTIONS {
        assert!(
            CASE_BY_STATION.iter().any(|(k, _)| *k == kind),
            "{kind:?} is applied by the station clock but not listed here"
        );
    }
}

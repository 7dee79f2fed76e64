//! The command line as CLI.md defines it (a contract: add freely, change only with a version note).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ercms",
    version,
    about = "Readmission case management and National Referral Mechanism"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// The station's data folder (else $ERCMS_DATA, else ~/.local/share/ercms).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Who acts (else $ERCMS_USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// A file holding the passphrase (else $ERCMS_PASSPHRASE, else a prompt).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// A file holding the new passphrase for init, user add and user passwd (else $ERCMS_NEW_PASSPHRASE, else a prompt).
    #[arg(long, global = true, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
    /// One JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a demo station from the embedded demo keys and bundles, and open the TUI.
    Demo {
        /// Print the demo users and leave without opening the TUI.
        #[arg(long)]
        no_tui: bool,
    },
    /// Create a new station: vault, station keys, first admin.
    Init {
        #[arg(long, value_name = "ID")]
        station: String,
        #[arg(long, value_name = "NAME")]
        admin: String,
        /// scrypt work factor (log2 N) for passphrase slots, 10 to 22; default 18.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(10..=22))]
        work_factor: Option<u8>,
        /// The station's IANA time zone (Asia/Baghdad, Asia/Baku, Africa/Abidjan…); default Asia/Baghdad.
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
    },
    /// User accounts (admin).
    #[command(subcommand)]
    User(UserCommand),
    /// This station's keys and the partners' keyring.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Station changes waiting for a second person: list, show, approve, reject.
    #[command(subcommand)]
    Proposal(ProposalCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Readmission cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Agreements and their deadline rules.
    #[command(subcommand)]
    Agreement(AgreementCommand),
    /// Returnee records of the National Referral Mechanism.
    #[command(subcommand)]
    Returnee(super::nrm_args::ReturneeCommand),
    /// Referrals of returnees to service providers.
    #[command(subcommand)]
    Referral(super::nrm_args::ReferralCommand),
    /// The service provider directory.
    #[command(subcommand)]
    Provider(super::nrm_args::ProviderCommand),
    /// Import bundles (clerk): one at a time, all or nothing each.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Move rejected files into this folder.
        #[arg(long, value_name = "DIR")]
        quarantine: Option<PathBuf>,
    },
    /// Write everything due to a partner as bundles (one per content family) into DIR (clerk).
    Export {
        #[arg(long, value_name = "ID")]
        to: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// The exchange log and what is waiting to be sent.
    #[command(subcommand)]
    Exchange(ExchangeCommand),
    /// Write an age-encrypted, consistent copy of the whole station (admin).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Back up even though no recovery key is registered (such a backup cannot be restored if
        /// the station's disk is lost).
        #[arg(long)]
        without_recovery_key: bool,
    },
    /// Statistics for Objective 21 over a period of months (auditor, supervisor, admin).
    Report {
        /// First month, YYYY-MM (default: January of this year).
        #[arg(long, value_name = "YYYY-MM")]
        from: Option<String>,
        /// Last month, YYYY-MM (default: this month).
        #[arg(long, value_name = "YYYY-MM")]
        to: Option<String>,
        /// Write the figures, small counts suppressed, as CSV to FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "send_to")]
        csv: Option<PathBuf>,
        /// Queue the figures, small counts suppressed, as statistics_extract records for STATION.
        #[arg(long, value_name = "STATION")]
        send_to: Option<String>,
    },
    /// Retention of closed records: settings, what is due, supervisor-approved purges.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// The station clock: applies the facts that dates passing establish.
    #[command(subcommand)]
    Clock(ClockCommand),
    /// This station's settings: its time zone.
    #[command(subcommand)]
    Station(StationCommand),
    /// Country calendars: weekend days and holidays working days are counted on.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Rebuild a station from a backup into an empty folder, then log in and verify it.
    Restore {
        file: PathBuf,
        /// The offline recovery identity (an age identity file) that opens the backup.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// Also hold the restored chain to this checkpoint file (refused if the backup is older).
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// The station's minisign public key file, as known off the station, to check signatures with.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
    /// Bind an existing station's state to its audit chain: re-seal every value with its version and
    /// write the first commitment, audited (admin; once, after installing this version).
    Upgrade,
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Closed cases past their retention period (officer, supervisor).
    List,
    /// Propose the purge of a closed case past its period (officer).
    Purge {
        case: String,
        #[arg(long, conflicts_with = "erase", required_unless_present = "erase")]
        anonymise: bool,
        #[arg(long)]
        erase: bool,
    },
    /// Approve and carry out a proposed purge (supervisor, not the proposer).
    Approve { case: String },
    /// Set a retention period in days, for one agreement or the default (admin).
    Set {
        #[arg(long, value_name = "CODE")]
        agreement: Option<String>,
        #[arg(long, value_name = "DAYS")]
        cases: Option<u32>,
        #[arg(long, value_name = "DAYS")]
        returnees: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user: clerk | officer | supervisor | admin | auditor.
    Add {
        name: String,
        #[arg(long)]
        role: String,
    },
    List,
    /// Change a passphrase (your own, or anyone's as admin).
    Passwd {
        name: String,
    },
    Lock {
        name: String,
    },
    Unlock {
        name: String,
    },
    Remove {
        name: String,
    },
    /// Propose a new role for a user (a second person approves).
    Role {
        name: String,
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProposalCommand {
    /// Proposed station changes (waiting ones first); `--all` includes decided ones.
    List {
        #[arg(long)]
        all: bool,
    },
    /// One proposal whole: what it changes, before and after, who proposed it.
    Show { id: String },
    /// Approve a proposal another person made; the change takes effect now.
    Approve { id: String },
    /// Reject a proposal, saying why.
    Reject {
        id: String,
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// This station's id, age recipient, minisign public key and fingerprints.
    Show,
    /// Write DIR/<ID>.age.pub and DIR/<ID>.minisign.pub.
    Export { dir: PathBuf },
    /// Make an offline recovery key: writes its identity to FILE (keep it in a safe) and encrypts every
    /// later backup to it too (admin).
    RecoveryNew {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Register an existing recovery recipient (age1…) for later backups (admin).
    RecoveryAdd { recipient: String },
    /// Trust a partner station's keys, after confirming its fingerprint out of band (admin).
    Add {
        #[arg(long, value_name = "ID")]
        station: String,
        #[arg(long, value_name = "TEXT")]
        name: String,
        #[arg(long, value_name = "AGE1...")]
        age_recipient: String,
        /// The partner's minisign public key file.
        #[arg(long, value_name = "FILE")]
        minisign_key: PathBuf,
        /// The contents it may send, comma-separated (e.g. readmission-applications,receipts).
        #[arg(long, value_name = "LIST")]
        may_send: String,
    },
    /// The partners' keys with their fingerprints.
    List,
    /// Propose new keys for a partner in the keyring (old and new fingerprints shown side by side).
    Rotate {
        #[arg(long, value_name = "ID")]
        station: String,
        #[arg(long, value_name = "AGE1...")]
        age_recipient: String,
        /// The partner's new minisign public key file.
        #[arg(long, value_name = "FILE")]
        minisign_key: PathBuf,
    },
    /// Propose a new list of what a partner may send.
    Allow {
        #[arg(long, value_name = "ID")]
        station: String,
        #[arg(long, value_name = "LIST")]
        may_send: String,
    },
    /// Propose that a partner be revoked: its bundles are refused from then on.
    Revoke {
        #[arg(long, value_name = "ID")]
        station: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// The signed checkpoints held from partner ID, received in its bundles (admin, auditor,
    /// supervisor).
    Checkpoints {
        #[arg(value_name = "ID")]
        station: String,
    },
    /// Write the newest checkpoint held from partner ID as a checkpoint file, for that partner's
    /// `audit verify --checkpoint` (admin, auditor, supervisor).
    Checkpoint {
        #[arg(value_name = "ID")]
        station: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain, and every stored value against it; exit 1 and name the first bad
    /// entry or record.
    Verify {
        /// Also prove the chain up to this signed checkpoint file unchanged.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
        /// The minisign public key file the checkpoint must be signed with (default: this station's).
        #[arg(long, value_name = "FILE", requires = "checkpoint")]
        key: Option<PathBuf>,
    },
    /// Write a signed checkpoint of the chain as it stands, to carry off the station.
    Checkpoint {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List the entries; every filter given must match.
    List {
        /// A case, by its reference or id.
        #[arg(long, value_name = "CASE")]
        case: Option<String>,
        /// A person's name: the entries about the cases that carry it.
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// The user who acted (`--user` is who runs the command).
        #[arg(long = "by", value_name = "USER")]
        user_name: Option<String>,
        /// An action word or its first part (case, user.add, proposal).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// From this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DAY")]
        from: Option<chrono::NaiveDate>,
        /// To this day (YYYY-MM-DD, UTC), included.
        #[arg(long, value_name = "DAY")]
        to: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Every bundle sent, received and rejected, newest first.
    Log,
    /// What is waiting to be exported, per partner.
    Outbox,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Every calendar, with a warning from November when next year has no dated holidays.
    List,
    /// One calendar: weekend days, yearly and dated holidays.
    Show { country: String },
    /// Dated holidays (admin; audited).
    #[command(subcommand)]
    Holiday(HolidayCommand),
    /// Import dated holidays from a CSV (YYYY-MM-DD,name) or iCalendar (.ics) file (admin; audited).
    Import { country: String, file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Add one dated holiday, e.g. `calendar holiday add IQ 2027-03-10 --name "Eid al-Fitr"`.
    Add {
        country: String,
        /// YYYY-MM-DD
        date: String,
        #[arg(long, value_name = "TEXT")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClockCommand {
    /// Apply what is due now and print what changed (also done when any command or the TUI opens).
    Run,
    /// Confirm that the system time is right although it is earlier than the clock's last run (admin).
    Confirm,
}

#[derive(Debug, Subcommand)]
pub enum StationCommand {
    /// The station's id, time zone and the clock's last run.
    Show,
    /// Change the station's settings (admin; audited).
    Set {
        /// An IANA time zone name, e.g. Asia/Baku.
        #[arg(long, value_name = "ZONE")]
        time_zone: String,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum AgreementCommand {
    /// Every agreement and its rules.
    List,
    /// Add an agreement (admin; audited): --calendar is required, every other field as for set.
    Add {
        code: String,
        #[command(flatten)]
        fields: AgreementFields,
    },
    /// Change one or more rules of an agreement (admin; audited).
    Set {
        code: String,
        #[command(flatten)]
        fields: AgreementFields,
    },
}

/// One flag per field of an agreement; `none` clears an optional figure.
#[derive(Debug, Args, Default)]
pub struct AgreementFields {
    #[arg(long)]
    pub name: Option<String>,
    /// The country calendar working days are counted on (e.g. IQ).
    #[arg(long)]
    pub calendar: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub reply_days: Option<String>,
    /// calendar | working
    #[arg(long, value_name = "COUNT")]
    pub reply_day_count: Option<String>,
    /// receipt | registration | confirmed_receipt
    #[arg(long, value_name = "EVENT")]
    pub clock_start: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub accelerated_reply_days: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub extension_days: Option<String>,
    /// true | false
    #[arg(long, value_name = "BOOL")]
    pub silence_means_consent: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub td_days: Option<String>,
    #[arg(long, value_name = "COUNT")]
    pub td_day_count: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub td_validity_days: Option<String>,
    #[arg(long, value_name = "MONTHS")]
    pub td_validity_months: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub transfer_notice_days: Option<String>,
    #[arg(long, value_name = "COUNT")]
    pub transfer_notice_day_count: Option<String>,
    #[arg(long, value_name = "DAYS")]
    pub transfer_window_days: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
}

impl AgreementFields {
    /// The changes given, as (field name, value) pairs in the domain's field names.
    pub fn changes(self) -> Vec<(&'static str, String)> {
        let all = [
            ("name", self.name),
            ("calendar", self.calendar),
            ("reply_days", self.reply_days),
            ("reply_day_count", self.reply_day_count),
            ("clock_start", self.clock_start),
            ("accelerated_reply_days", self.accelerated_reply_days),
            ("extension_days", self.extension_days),
            ("silence_means_consent", self.silence_means_consent),
            ("td_days", self.td_days),
            ("td_day_count", self.td_day_count),
            ("td_validity_days", self.td_validity_days),
            ("td_validity_months", self.td_validity_months),
            ("transfer_notice_days", self.transfer_notice_days),
            ("transfer_notice_day_count", self.transfer_notice_day_count),
            ("transfer_window_days", self.transfer_window_days),
            ("source", self.source),
        ];
        all.into_iter()
            .filter_map(|(f, v)| v.map(|v| (f, v)))
            .collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Cases, most urgent first.
    List {
        /// Only cases in this status (e.g. REGISTERED).
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Only cases whose deadline has passed.
        #[arg(long)]
        overdue: bool,
        /// Only cases due within the agreement's warning period.
        #[arg(long)]
        due_soon: bool,
        /// Only cases matching these words (names in any script or spelling, references, document numbers).
        #[arg(long, value_name = "WORDS")]
        find: Option<String>,
    },
    /// Everything a case holds. CASE: the internal id or the requesting state's reference.
    Show {
        case: String,
    },
    /// Register a received application: its clock starts (clerk, officer).
    Register {
        case: String,
    },
    /// Confirm receipt of the application to the requesting state (clerk, officer).
    ConfirmReceipt {
        case: String,
    },
    /// Start the verification of identity and nationality (officer).
    StartVerification {
        case: String,
    },
    /// Record a transfer notification typed in from paper (officer).
    Transfer {
        case: String,
        /// Departure, UTC: YYYY-MM-DD HH:MM.
        #[arg(long, value_name = "WHEN")]
        at: String,
        #[arg(long, value_name = "CODE")]
        border_point: String,
        /// air | land | sea
        #[arg(long, value_name = "M", default_value = "air")]
        mode: String,
        #[arg(long, value_name = "F")]
        flight: Option<String>,
    },
    /// Record that the requesting state withdrew its application (officer).
    Withdraw {
        case: String,
    },
    /// Record a verification check (officer).
    Check {
        case: String,
        /// civil_registry | passport_registry | biometric | document_examination | consular_interview | language_analysis
        #[arg(long, value_name = "K")]
        kind: String,
        /// confirmed | not_confirmed | inconclusive | pending
        #[arg(long, value_name = "R")]
        result: String,
        #[arg(long, value_name = "R")]
        reference: Option<String>,
        #[arg(long, value_name = "T")]
        note: Option<String>,
    },
    /// Propose a decision (officer): accept, or refuse with grounds.
    Propose {
        case: String,
        #[arg(long, conflicts_with_all = ["refuse", "extension_days", "request_info"])]
        accept: bool,
        #[arg(long, requires = "grounds")]
        refuse: bool,
        #[arg(long, value_name = "TEXT")]
        grounds: Option<String>,
        /// Propose extending the reply period by DAYS.
        #[arg(long, value_name = "DAYS")]
        extension_days: Option<u32>,
        /// Propose asking the requesting state for more information.
        #[arg(long, value_name = "WHAT")]
        request_info: Option<String>,
    },
    /// Approve the proposal (supervisor; not the proposer).
    /// Propose closing a case (officer); a supervisor who did not propose it closes it.
    ProposeClose {
        case: String,
    },
    /// Close a case whose closure an officer proposed (supervisor).
    Close {
        case: String,
    },
    Approve {
        case: String,
    },
    /// Return the proposal to the officer with a note (supervisor).
    Return {
        case: String,
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
    /// Issue (or reissue) the travel document after acceptance (officer).
    TravelDocument {
        case: String,
        #[arg(long, value_name = "NUMBER")]
        number: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        valid_until: String,
    },
    /// Record the returnee's arrival at the border point (officer).
    Arrival {
        case: String,
        #[arg(long, value_name = "CODE")]
        border_point: String,
    },
    /// Assign the case to an officer (supervisor or officer taking it).
    Assign {
        case: String,
        #[arg(long, value_name = "USER")]
        to: String,
    },
    /// Possible duplicates of a case: same person by name, date of birth or document; best first,
    /// each with why it matched, then the cases linked as the same person.
    Duplicates {
        case: String,
    },
    /// An officer's verdict on a flagged case: `not-same-person` takes the flag away, `same-person`
    /// links the two cases (officer).
    DuplicateResolve {
        case: String,
        /// The flagged case (its reference or id).
        other: String,
        #[arg(value_enum)]
        verdict: VerdictArg,
    },
}

/// The verdict of `case duplicate-resolve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerdictArg {
    SamePerson,
    NotSamePerson,
}

//! The NRM's commands (docs/CLI-EXTENSIONS.md, section "NRM"): returnee records, referrals, providers.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReturneeCommand {
    /// Open the NRM record of an ARRIVED case; the case moves to REFERRED (officer).
    Open {
        /// The case's internal id or reference.
        case: String,
        #[arg(long, value_name = "G")]
        governorate: String,
        #[arg(long, value_name = "P")]
        phone: Option<String>,
        #[arg(long, value_name = "T")]
        address: Option<String>,
    },
    /// Open the NRM record of a returnee who came back without a readmission case (officer).
    OpenWithoutCase {
        #[arg(long)]
        surname: String,
        #[arg(long)]
        given_names: String,
        /// M, F or X.
        #[arg(long)]
        sex: String,
        /// YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date_of_birth: String,
        #[arg(long, value_name = "DATE")]
        arrived_on: String,
        #[arg(long, value_name = "G")]
        governorate: String,
        #[arg(long, value_name = "P")]
        phone: Option<String>,
        #[arg(long, value_name = "T")]
        address: Option<String>,
    },
    /// Returnee records, open ones first.
    List {
        /// Only records with a follow-up due.
        #[arg(long)]
        follow_up_due: bool,
    },
    /// Everything a record holds. ID: the record's id or its reference.
    Show { id: String },
    /// Record the returnee's consent (officer).
    Consent {
        id: String,
        #[arg(long)]
        share_data: bool,
        #[arg(long)]
        receive_services: bool,
        /// Limit consent to these providers (ids or names, comma-separated); default: all.
        #[arg(long, value_name = "LIST")]
        providers: Option<String>,
        /// When the returnee gave it (YYYY-MM-DD); default: now.
        #[arg(long, value_name = "DATE")]
        given_on: Option<String>,
    },
    /// Record that the returnee withdrew consent (officer).
    WithdrawConsent { id: String },
    /// Let referrals leave without consent, with a reason; audited (supervisor).
    OverrideConsent {
        id: String,
        #[arg(long, value_name = "T")]
        reason: String,
    },
    /// Record the vulnerability screening and needs assessment (officer).
    Assess {
        id: String,
        /// unaccompanied_minor | victim_of_trafficking | survivor_of_violence | serious_medical_condition | disability | single_parent | elderly
        #[arg(long = "flag", value_name = "F")]
        flags: Vec<String>,
        /// DOMAIN:SEVERITY, e.g. housing:severe (mild | moderate | severe).
        #[arg(long = "need", value_name = "D:S", required = true)]
        needs: Vec<String>,
    },
    /// Propose the reintegration plan (officer): one --item DOMAIN:DESCRIPTION per service.
    Plan {
        id: String,
        #[arg(long = "item", value_name = "D:TEXT", required = true)]
        items: Vec<String>,
    },
    /// Approve the proposed plan (supervisor, not its proposer).
    ApprovePlan { id: String },
    /// Return the proposed plan to the officer with a note (supervisor).
    ReturnPlan {
        id: String,
        #[arg(long, value_name = "T")]
        note: String,
    },
    /// Record a follow-up contact (officer).
    FollowUp {
        id: String,
        /// The day of the contact (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, value_name = "T")]
        note: String,
    },
    /// Propose closing the record (officer).
    Close {
        id: String,
        #[arg(long, value_name = "T")]
        reason: String,
    },
    /// Approve the proposed closure (supervisor).
    ApproveClosure { id: String },
    /// Return the closure proposal with a note (supervisor).
    ReturnClosure {
        id: String,
        #[arg(long, value_name = "T")]
        note: String,
    },
    /// Reopen a closed record, with a reason (officer).
    Reopen {
        id: String,
        #[arg(long, value_name = "T")]
        reason: String,
    },
    /// Set the follow-up schedule: days after arrival, e.g. --days 30,90,180 (officer).
    Schedule {
        id: String,
        #[arg(long, value_name = "N,N,…", value_delimiter = ',', required = true)]
        days: Vec<String>,
    },
    /// Assign the record to a user (default: yourself), or --nobody to clear (officer, supervisor).
    Assign {
        id: String,
        #[arg(long, value_name = "NAME", conflicts_with = "nobody")]
        user: Option<String>,
        #[arg(long)]
        nobody: bool,
    },
    /// Replace the returnee's phone and address; a field not given is cleared (officer).
    Contact {
        id: String,
        #[arg(long, value_name = "PHONE")]
        phone: Option<String>,
        #[arg(long, value_name = "T")]
        address: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Propose a referral of a returnee to a provider (officer).
    Propose {
        /// The returnee record's id or reference.
        returnee: String,
        /// The provider's id or name.
        #[arg(long, value_name = "P")]
        provider: String,
        /// housing | health | psychosocial | livelihood | education | legal_documentation | financial | family | protection
        #[arg(long, value_name = "S")]
        service: String,
        /// routine | priority | urgent
        #[arg(long, value_name = "U", default_value = "routine")]
        urgency: String,
        #[arg(long, value_name = "DATE")]
        due: String,
    },
    /// Send a proposed referral: it is queued for the provider's station; to a provider without a
    /// station, --letter DIR writes a printable referral letter into DIR (the media folder) (officer).
    Send {
        referral: String,
        #[arg(long, value_name = "DIR")]
        letter: Option<std::path::PathBuf>,
    },
    /// Record a provider's answer given on paper or by phone: exactly one of --accepted,
    /// --declined REASON, --delivered DATE (officer).
    Answer {
        referral: String,
        #[arg(long, conflicts_with_all = ["declined", "delivered"])]
        accepted: bool,
        #[arg(long, value_name = "REASON", conflicts_with = "delivered")]
        declined: Option<String>,
        #[arg(long, value_name = "DATE")]
        delivered: Option<String>,
    },
    /// Cancel a referral before delivery, with a reason (officer).
    Cancel {
        referral: String,
        #[arg(long, value_name = "T")]
        reason: String,
    },
    /// Referrals, overdue first.
    List {
        #[arg(long)]
        overdue: bool,
        /// Only open referrals (proposed, sent, accepted).
        #[arg(long)]
        open: bool,
        /// Only this provider's (id or name).
        #[arg(long, value_name = "P")]
        provider: Option<String>,
        /// Only records assigned to this user.
        #[arg(long, value_name = "NAME")]
        assignee: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// Add a provider to the directory (admin).
    Add {
        #[command(flatten)]
        entry: ProviderFields,
    },
    /// The directory, active entries first.
    List,
    /// Replace a provider's entry (admin); fields not given keep their value.
    Update {
        /// The provider's id or name.
        provider: String,
        #[command(flatten)]
        entry: ProviderFields,
    },
    /// Mark a provider inactive: no new referral goes to it (admin).
    Deactivate { provider: String },
}

#[derive(Debug, clap::Args)]
pub struct ProviderFields {
    #[arg(long)]
    pub name: Option<String>,
    /// government | local_provider | cso | ngo | un_agency
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Comma-separated governorates covered.
    #[arg(long, value_name = "LIST")]
    pub governorates: Option<String>,
    /// Comma-separated services offered (as in `referral propose --service`).
    #[arg(long, value_name = "LIST")]
    pub services: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub focal_name: Option<String>,
    #[arg(long, value_name = "P")]
    pub focal_phone: Option<String>,
    /// The provider's station id (its keys must be in the keyring to send referrals).
    #[arg(long, value_name = "ID")]
    pub station: Option<String>,
}

# English: the complete set. Other languages fall back to these for any key they lack.
app-name = ercms
login-title = Sign in
dashboard-title = Dashboard
queue-title = Cases
case-title = Case
approvals-title = Approvals
exchange-title = Exchange
users-title = Users
partners-title = Partner keys
agreements-title = Agreements
audit-title = Audit trail
lock-title = Locked
help-title = Keys on this screen

role-clerk = clerk
role-officer = officer
role-supervisor = supervisor
role-admin = admin
role-auditor = auditor

status-hint = ? help
confirm-hint = y yes · n no
form-required = required
form-hint = Tab next field · Space choose · Enter save · Esc cancel
form-required-missing = This field is required.
confirm-quit-unsaved = The form has unsaved changes. Quit and lose them?
confirm-discard-form = The form has unsaved changes. Close it and lose them?
confirm-action = { $action } for case { $reference }?
confirm-import = Import { $file }? Every record in it is imported, or none.

login-prompt = Enter your user name and passphrase.
login-user = User
login-passphrase = Passphrase
login-hint = Tab next field · Enter sign in · Ctrl-Q quit
login-user-missing = Enter your user name.

lock-prompt = The session of { $user } is locked. Enter the passphrase to continue.
lock-hint = Enter unlock · Ctrl-Q quit

dashboard-role-clerk = Bundles on removable media, and registering what arrives.
dashboard-role-officer = Your case queues: verification, decisions, travel documents and referrals.
dashboard-role-supervisor = Proposals wait for your approval; you cannot approve your own.
dashboard-role-admin = Users, partner keys and agreements here; calendars and settings with the ercms command.
dashboard-role-auditor = Read-only: the audit trail, its verification, and the exchange log.
dashboard-overdue = { $n } overdue
dashboard-due-soon = { $n } due soon
dashboard-waiting = { $n } waiting for you
dashboard-numbers = Today
dashboard-go = Go to
dashboard-where = Where
dashboard-count = Cases
dashboard-nothing = Nothing to open for your role here.

view-all = All
view-incoming = Incoming
view-verification = Verification
view-approval = Approval
view-travel = Travel
view-referral = Referral
view-closed = Closed

queue-filter = Filter:
queue-filter-hint = / filter by name, reference or state · Tab next view
queue-count = { $shown } of { $total } cases
queue-empty = No cases in this view.
queue-no-match = No case matches the filter. Esc clears it.

col-due = Days
col-reference = Reference
col-name = Name
col-native = Native script
col-state = From
col-status = Status
col-assignee = Officer
col-file = File
col-size = Size
col-when = When
col-direction = Dir
col-partner = Partner
col-records = Records
col-outcome = Outcome

approvals-count = { $n ->
    [one] 1 proposal waiting
   *[other] { $n } proposals waiting
}
approvals-empty = No proposal is waiting for your approval.

tab-person = Person
tab-evidence = Evidence
tab-checks = Checks
tab-decision = Decision
tab-travel = Travel
tab-transfer = Transfer
tab-referrals = Referrals
tab-audit = Audit

case-nothing-yet = Nothing recorded yet.
case-application = Application
case-person = Person
case-none = No case is open.
case-days-left = Days left: { $n }
case-no-actions = Nothing you may do with this case now.
case-actions-hint = a actions ({ $n }) · Tab next tab · Esc back
case-actions = Actions

exchange-media = Removable media
exchange-log = Exchange log
exchange-no-bundles = No bundle files in { $folder }. Insert the media and press r.
size-kib = { $n } KiB
exchange-preview = Preview
exchange-preview-hint = Enter shows what the selected bundle holds before you import it.
exchange-from-to = From { $from } to { $to }, made { $created }.
exchange-hint = Enter preview · i import · e export · r refresh · Tab log
exchange-log-empty = Nothing has been imported or exported yet.
export-no-partners = There is no partner station to export to.
export-title = Export to a partner
export-partner = Partner
import-progress = Importing
import-cancel-hint = Esc cancels the import; nothing changes until it ends.
import-cancelling = Cancelling: what was written so far is being undone…

users-count = { $n ->
    [one] 1 user
   *[other] { $n } users
}
users-empty = There are no users.
users-hint = a add · l lock · u unlock · p passphrase · d remove · Esc back
user-locked = locked
user-active = active
user-add-title = Add a user
user-reset-title = New passphrase for { $user }
user-name = User name
user-role = Role
user-passphrase = Passphrase
user-passphrase-again = Again
user-passphrase-mismatch = The two passphrases differ; type them again.
confirm-lock-user = Lock the account of { $user }? They cannot sign in until it is unlocked.
confirm-unlock-user = Unlock the account of { $user } and clear its failed sign-ins?
confirm-remove-user = Remove the user { $user }? Their audit entries stay.
col-user = User
col-role = Role
col-account = Account
col-failed = Failed sign-ins
col-created = Created

partners-count = { $n ->
    [one] 1 trusted partner
   *[other] { $n } trusted partners
}
partners-empty = No partner station is trusted yet. Press a to add one.
partners-hint = a add a partner · r refresh · Esc back
partner-add-title = Add a partner station
partner-station = Station id
partner-name = Name
partner-age = age recipient
partner-minisign = minisign key
partner-may-send = May send:
confirm-partner-fingerprint =
    The fingerprint of these keys is
    { $fingerprint }
    Have you confirmed this fingerprint with the partner by telephone?
col-station = Station
col-fingerprint = Fingerprint
col-partner-name = Name

agreements-empty = There are no agreements.
agreements-hint = Enter open · e change a rule · r refresh · Esc back
agreement-open-hint = e change a rule · Esc close
agreement-change-title = Change a rule of { $code }
agreement-field = Rule
agreement-value = New value
col-code = Code
col-agreement = Agreement
col-reply = Reply
col-silence = Silence
col-travel-document = Travel doc

audit-count = { $n ->
    [one] 1 entry
   *[other] { $n } entries
}
audit-empty = No audit entry matches.
audit-filter = Filter:
audit-hint = / filter by target or action · v verify the chain · r refresh
col-seq = No.
col-actor = Actor
col-action = Action
col-target = Target
col-detail = Detail

action-help = show or hide this help
action-quit = quit ercms
action-back = go back
action-lock = lock the session now
action-up = move up
action-down = move down
action-page_up = page up
action-page_down = page down
action-top = go to the first row
action-bottom = go to the last row
action-open = open the selected line
action-next_tab = next tab or view
action-prev_tab = previous tab or view
action-filter = filter by typing
action-actions = actions on this case
action-import = import the selected bundle
action-export = export to a partner
action-refresh = read again from the station
action-submit = confirm or save
action-next_field = next field
action-prev_field = previous field
action-cycle = choose the next value
action-yes = yes
action-no = no
action-add = add
action-lock_user = lock the selected account
action-unlock_user = unlock the selected account
action-reset_passphrase = set a new passphrase for the selected user
action-remove = remove the selected user
action-change = change one rule of the selected agreement
action-verify = verify the audit chain

## National Referral Mechanism
referrals-title = Referral assignments
follow-ups-title = Follow-ups due
returnee-title = Returnee
providers-title = Service providers
referrals-mine = Mine
referrals-all-open = All open
referrals-follow-ups = Follow-ups due
referrals-count = { $n } referrals, { $late } overdue
referrals-empty = No referrals here.
referrals-hint = Tab view · Enter open the returnee · r refresh · Esc back
follow-ups-count = { $n } follow-ups due
follow-ups-empty = No follow-ups are due.
col-late = Late
col-service = Service
col-provider = Provider
col-due-on = Due
col-after-days = After days
col-kind = Kind
col-governorates = Governorates
col-services = Services
col-active = Active
providers-count = { $n } providers
providers-empty = The directory has no providers.
providers-hint = d deactivate (admin) · r refresh · Esc back
providers-not-allowed = Only an administrator may deactivate a provider.
provider-active = yes
provider-inactive = no
confirm-deactivate-provider = Deactivate { $name }? It keeps its old referrals but receives no new ones.
returnee-officer = Officer: { $user }
returnee-consent = Consent: share data { $share }, receive services { $services }, providers: { $providers }
returnee-consent-none = Consent: not recorded
returnee-consent-withdrawn = Consent: withdrawn
returnee-override = consent overridden by { $by }
returnee-assessment = Assessment: priority { $priority }; needs: { $needs }
returnee-not-assessed = Assessment: not yet done
returnee-plan = Plan
returnee-plan-waiting = waiting for a supervisor
returnee-plan-approved = approved by { $by }
returnee-plan-returned = returned by { $by }: { $note }
returnee-no-plan = no plan yet
returnee-referrals = Referrals
returnee-no-referrals = none yet
returnee-due = due { $date }
returnee-unknown-provider = (not in the directory)
returnee-follow-ups = Follow-ups due
returnee-no-follow-ups = none due
returnee-follow-up-due = { $days } days after arrival, due { $date }
returnee-history = History
nrm-no-actions = Nothing you may do here; other actions are in the ercms command.
nrm-nothing-to-send = There is no proposed referral to send.
nrm-bad-date = Write the date as YYYY-MM-DD.
nrm-no-provider = That provider is not in the directory.
nrm-all-providers = all providers
nrm-confirm-action = { $action } for { $reference }?
nrm-action-record_consent = Record consent
nrm-action-override_consent = Override consent
nrm-action-propose_referral = Propose a referral
nrm-action-send_referral = Send a referral
nrm-action-record_follow_up = Record a follow-up
nrm-action-propose_closure = Propose closure
nrm-action-approve_plan = Approve the plan
nrm-action-return_plan = Return the plan
nrm-action-approve_closure = Approve the closure
nrm-field-share_data = Share data with providers
nrm-field-receive_services = Receive services
nrm-field-providers = Providers
nrm-field-provider = Provider
nrm-field-service = Service
nrm-field-urgency = Urgency
nrm-field-due_on = Due (YYYY-MM-DD)
nrm-field-referral = Referral
nrm-field-on = Date (YYYY-MM-DD)
nrm-field-note = Note
nrm-field-reason = Reason
returnee-hint = a actions ({ $n }) · ↑↓ scroll · r refresh · Esc back
action-period = choose the period (from and to, as YYYY-MM)

reports-title = Reports
reports-hint = p period · r refresh · Esc back
reports-period = { $from } to { $to }
reports-period-title = Period of the report
reports-period-from = From (YYYY-MM; blank: January)
reports-period-to = To (YYYY-MM; blank: this month)
reports-by-state = Applications by requesting state
reports-arrivals = Arrivals by governorate
reports-per-month = Applications per month
reports-months = { $from } to { $to }, highest { $n }
reports-figures = Key figures
reports-by-service = Referrals by service
reports-no-applications = No applications in this period.
reports-no-arrivals = No arrivals in this period.
reports-no-referrals = No referrals in this period.

## Station settings (read at start, before the terminal opens)
settings-unreadable = The settings file { $file } could not be read: { $why }.
settings-invalid = The settings file { $file } is not valid: { $why }.
settings-idle-lock = In { $file }, idle_lock_minutes must be a whole number from 1 to { $max }.
settings-keymap-unreadable = The keymap file { $file } named in the settings could not be read: { $why }.
settings-keymap-invalid = The keymap file { $file } is not valid: { $why }.

## Case actions and their forms (the live adapter's words)
case-action-register = Register the application (starts the clock)
case-action-confirm-receipt = Confirm receipt to the requesting state
case-action-start-verification = Start verification
case-action-record-check = Record a verification check
case-action-propose-accept = Propose to accept
case-action-propose-refuse = Propose to refuse
case-action-propose-extension = Propose an extension
case-action-propose-info-request = Propose asking for more information
case-action-approve = Approve the proposal
case-action-return = Return the proposal to the officer
case-action-issue-travel-document = Issue the travel document
case-action-reissue-travel-document = Reissue the travel document
case-action-record-transfer = Record the transfer notification
case-action-record-arrival = Record the arrival
case-action-refer = Hand over to the National Referral Mechanism
case-action-propose-closure = Propose closing the case
case-action-close = Close the case (approve the proposed closure)
case-action-withdraw = Record the withdrawal by the requesting state
case-action-assign = Assign
case-field-kind = Check
case-field-result = Result
case-field-reference = Reference
case-field-note = Note
case-field-grounds = Grounds (compulsory)
case-field-days = Days
case-field-what = What is needed
case-field-number = Number
case-field-valid-until = Valid until (YYYY-MM-DD)
case-field-at = Departure (YYYY-MM-DD HH:MM, UTC)
case-field-border-point = Border point
case-field-mode = Mode
case-field-flight = Flight or vehicle
case-field-user = User (empty: yourself)
case-form-missing = { $field } is required.
case-form-bad-value = { $field }: { $why }.
case-form-unknown-action = That action is not known.
case-form-unknown-check = That check is not known.
case-form-unknown-result = That result is not known.
case-form-days = Days is a whole number.
case-form-departure = The departure is written YYYY-MM-DD HH:MM.
case-form-station-only = The station records that itself.
case-action-done = { $reference } is now { $status }.

## The case page's labels and values (the live adapter's words)
case-label-reference = Reference
case-label-agreement = Agreement
case-label-procedure = Procedure
case-label-surname = Surname
case-label-given-names = Given names
case-label-father = Father
case-label-grandfather = Grandfather
case-label-mother = Mother
case-label-sex = Sex
case-label-date-of-birth = Date of birth
case-label-place-of-birth = Place of birth
case-label-nationality = Nationality
case-label-languages = Languages
case-label-health = Health
case-label-special-circumstances = Special circumstances
case-label-number = Number
case-label-issued-on = Issued on
case-label-valid-until = Valid until
case-label-issued-by = Issued by
case-label-documents-issued = Documents issued
case-label-departure = Departure
case-label-border-point = Border point
case-label-mode = Mode
case-label-flight-or-vehicle = Flight or vehicle
case-label-escort = Escort
case-label-medical-needs = Medical needs
case-label-requesting-state = Requesting state
case-label-submitted-on = Submitted on
case-label-next-due = Next due
case-label-deemed-accepted = Deemed accepted
case-label-possible-duplicates = Possible duplicates
case-label-assignee = Assignee
case-label-native-script = Native script
case-label-aliases = Aliases
case-label-escort-required = Escort required
case-label-arrived = Arrived
procedure-normal = normal
procedure-accelerated = accelerated
sex-m = M
sex-f = F
sex-x = X
transfer-mode-air = air
transfer-mode-land = land
transfer-mode-sea = sea
evidence-passport = Passport
evidence-national-id = National identity card
evidence-citizenship-certificate = Citizenship certificate
evidence-seamans-book = Seaman's book
evidence-photocopy = Photocopy
evidence-birth-certificate = Birth certificate
evidence-driving-licence = Driving licence
evidence-military-card = Military card
evidence-service-card = Service card
evidence-company-id = Company identity card
evidence-witness-statement = Witness statement
evidence-own-statement = Own statement
evidence-language-test = Language test
evidence-fingerprints = Fingerprints
evidence-visa = Visa
evidence-residence-permit = Residence permit
evidence-entry-exit-stamp = Entry or exit stamp
evidence-other = Other
case-next-due = { $what } on { $on } ({ $days } days left)
case-deemed-accepted-yes = YES — the reply limit passed
case-yes = yes
case-no = no
case-annex-proof = Annex 1 — proof
case-annex-prima-facie = Annex 2 — prima facie
case-annex-third-country = Annex 3 — third country
case-evidence-expires = expires { $on }

## The exchange's outcomes (the live adapter's words)
exchange-media-unreadable = The media folder { $folder } cannot be read: { $why }.
exchange-verdict-imported = Signed by { $sender } ({ $name }); already imported, importing again changes nothing.
exchange-verdict-trusted = Signed by { $sender } ({ $name }), a trusted partner that may send { $content }.
exchange-imported = Imported { $content } from { $sender }: { $summary }.
exchange-sequence-gap = Note: { $gap }.
exchange-nothing-due = Nothing is due to { $partner }.
exchange-exported = { $bundles } bundle(s) with { $records } record(s) written for { $partner }.

## Administration outcomes (the live adapter's words)
admin-user-added = User { $user } added as { $role }.
admin-user-locked = User { $user } is locked.
admin-user-unlocked = User { $user } is unlocked.
admin-passphrase-changed = The passphrase of { $user } is changed.
admin-user-removed = User { $user } is removed.
admin-bad-age-recipient = The age recipient is not a valid age1… public key.
admin-bad-minisign-key = The minisign public key is not a valid RW… key line.
admin-partner-trusted = Partner { $partner } is trusted, with fingerprint { $fingerprint }.
admin-agreement-changed = Agreement { $code }: { $field } is now { $value }.
admin-audit-whole = The audit chain is whole: { $n } entries; head { $head }.
session-locked = The session is locked; sign in again.
admin-proposed = Proposed as { $id }; it takes effect when a supervisor approves it.

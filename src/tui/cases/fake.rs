//! The fake station's answers to the cases port: synthetic, fixed.

use crate::tui::cases::port::CasesPort;
use crate::tui::cases::view::*;
use crate::tui::fake::field;
use crate::tui::fake::FakeStation;
use crate::tui::view::*;

impl CasesPort for FakeStation {
    fn queue(&mut self, view: QueueView) -> Result<Vec<QueueRow>, String> {
        if let Some(why) = &self.failing_reads {
            return Err(why.clone());
        }
        let status = match view {
            QueueView::All => return Ok(self.rows.clone()),
            QueueView::Incoming => "RECEIVED",
            QueueView::Verification => "IN_VERIFICATION",
            QueueView::Approval => "DECISION_PROPOSED",
            _ => return Ok(Vec::new()),
        };
        Ok(self
            .rows
            .iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect())
    }
    fn approvals(&mut self) -> Result<Vec<QueueRow>, String> {
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
            referrals: Ok(Vec::new()),
            audit: Ok(vec![
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
            ]),
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
}

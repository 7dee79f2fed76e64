//! The new-record form of the returnee list: a returnee who came back without a readmission case
//! (deported from elsewhere, or returned on their own), opened by an officer as
//! `ercms returnee open-without-case` does. The screen asks; the live adapter reads the values into
//! the domain's terms and the station decides.

use crate::tui::app::App;
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::text::Text;
use crate::tui::view::{ActionForm, FieldKind, FormField};

/// The catalogue keys of the sexes the form offers, in the order female, male, unspecified (the
/// adapter reads the choice back by its place).
pub const SEX_KEYS: [&str; 3] = ["nrm-sex-f", "nrm-sex-m", "nrm-sex-x"];

fn field(t: &Text, key: &str, required: bool, kind: FieldKind) -> FormField {
    FormField {
        key: key.to_string(),
        label: t.get(&format!("nrm-field-{key}")),
        required,
        kind,
    }
}

/// The form: the person, the day of arrival, the governorate (one of the station's) and the contact.
pub(crate) fn form(t: &Text, regions: &[String]) -> ActionForm {
    let sexes = SEX_KEYS.iter().map(|key| t.get(key)).collect();
    ActionForm {
        key: "open_without_case".into(),
        label: t.get("nrm-new-returnee"),
        fields: vec![
            field(t, "surname", true, FieldKind::Text),
            field(t, "given_names", true, FieldKind::Text),
            field(t, "sex", true, FieldKind::Choice(sexes)),
            field(t, "date_of_birth", true, FieldKind::Text),
            field(t, "arrived_on", true, FieldKind::Text),
            field(t, "governorate", true, FieldKind::Choice(regions.to_vec())),
            field(t, "phone", false, FieldKind::Text),
            field(t, "address", false, FieldKind::Text),
        ],
    }
}

impl App {
    /// `n` on the returnee list, for those who work returnee records (see `on_returnees`).
    pub(crate) fn start_new_returnee(&mut self) {
        match self.port.regions() {
            Ok(regions) => {
                let form = form(&self.text, &regions);
                self.form = Some(FormState::new(FormPurpose::NewReturnee, form));
            }
            Err(e) => self.complain(e),
        }
    }

    /// Opens the record and shows it; a wrong field or a refusal stays under the form, which keeps
    /// what was typed.
    pub(crate) fn submit_new_returnee(&mut self, values: &[(String, String)]) {
        match self.port.open_returnee(values) {
            Ok(id) => {
                self.form = None;
                self.show_returnee(&id);
                let shown = self
                    .nrm
                    .record
                    .as_ref()
                    .filter(|r| r.returnee.id.to_string() == id);
                if let Some(reference) = shown.map(|r| r.reference.clone()) {
                    let said = self
                        .text
                        .with("nrm-returnee-opened", &[("reference", reference.into())]);
                    self.say(said);
                }
            }
            Err(e) => {
                if let Some(form) = self.form.as_mut() {
                    form.error = Some(e);
                }
            }
        }
    }
}

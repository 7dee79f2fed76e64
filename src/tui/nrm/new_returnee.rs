//! The new-record form of the returnee list: a returnee who came back without a readmission case
//! (deported from elsewhere, or returned on their own), opened by an officer as
//! `ercms returnee open-without-case` does.

use crate::domain::application::Sex;
use crate::domain::date::{parse_date, PartialDate};
use crate::domain::nrm::{Contact, Governorate};
use crate::domain::policy::{allows, Permission};
use crate::exchange::records::Returnee as WirePerson;
use crate::tui::app::App;
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::nrm::port::NewReturnee;
use crate::tui::text::Text;
use crate::tui::view::{ActionForm, FieldKind, FormField};

/// The sexes the form offers, as the catalogue names them, and the value each stands for.
const SEXES: [(&str, Sex); 3] = [
    ("nrm-sex-f", Sex::F),
    ("nrm-sex-m", Sex::M),
    ("nrm-sex-x", Sex::X),
];

fn field(t: &Text, key: &str, required: bool, kind: FieldKind) -> FormField {
    FormField {
        key: key.to_string(),
        label: t.get(&format!("nrm-field-{key}")),
        required,
        kind,
    }
}

/// The form: the person, the day of arrival, the governorate (one of the station's) and the contact.
pub(crate) fn form(t: &Text, regions: &[Governorate]) -> ActionForm {
    let sexes = SEXES.iter().map(|(key, _)| t.get(key)).collect();
    let regions = regions.iter().map(|g| g.name().to_string()).collect();
    ActionForm {
        key: "open_without_case".into(),
        label: t.get("nrm-new-returnee"),
        fields: vec![
            field(t, "surname", true, FieldKind::Text),
            field(t, "given_names", true, FieldKind::Text),
            field(t, "sex", true, FieldKind::Choice(sexes)),
            field(t, "date_of_birth", true, FieldKind::Text),
            field(t, "arrived_on", true, FieldKind::Text),
            field(t, "governorate", true, FieldKind::Choice(regions)),
            field(t, "phone", false, FieldKind::Text),
            field(t, "address", false, FieldKind::Text),
        ],
    }
}

/// What the filled form asks for, or the sentence naming the field that is wrong.
pub(crate) fn read(
    t: &Text,
    regions: &[Governorate],
    values: &[(String, String)],
) -> Result<NewReturnee, String> {
    let value = |key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.trim())
    };
    let optional = |key: &str| Some(value(key).to_string()).filter(|v| !v.is_empty());
    let sex = SEXES
        .iter()
        .find(|(key, _)| t.get(key) == value("sex"))
        .map(|(_, sex)| *sex)
        .ok_or_else(|| t.get("nrm-bad-sex"))?;
    let date_of_birth =
        PartialDate::parse(value("date_of_birth")).map_err(|_| t.get("nrm-bad-birth-date"))?;
    let arrived_on = parse_date(value("arrived_on")).map_err(|_| t.get("nrm-bad-date"))?;
    let governorate = regions
        .iter()
        .find(|g| g.name() == value("governorate"))
        .cloned()
        .ok_or_else(|| t.get("nrm-bad-governorate"))?;
    Ok(NewReturnee {
        person: WirePerson {
            surname: value("surname").to_string(),
            given_names: value("given_names").to_string(),
            native_script: None,
            sex,
            date_of_birth,
            governorate: None,
            phone: None,
        },
        governorate,
        contact: Contact {
            phone: optional("phone"),
            address: optional("address"),
        },
        arrived_on,
    })
}

impl App {
    /// `n` on the returnee list: the form, for those who work returnee records.
    pub(crate) fn start_new_returnee(&mut self) {
        if !self
            .role()
            .is_some_and(|r| allows(r, Permission::WorkReturnee))
        {
            self.complain(self.text.get("nrm-new-returnee-not-allowed"));
            return;
        }
        let regions = self.port.regions();
        let form = form(&self.text, &regions);
        self.form = Some(FormState::new(FormPurpose::NewReturnee, form));
    }

    /// Opens the record and shows it; a wrong field or a refusal stays under the form, which keeps
    /// what was typed.
    pub(crate) fn submit_new_returnee(&mut self, values: &[(String, String)]) {
        let regions = self.port.regions();
        let opened =
            read(&self.text, &regions, values).and_then(|new| self.port.open_returnee(new));
        match opened {
            Ok(record) => {
                self.form = None;
                let id = record.returnee.id.to_string();
                let said = self.text.with(
                    "nrm-returnee-opened",
                    &[("reference", record.reference.clone().into())],
                );
                self.show_returnee(&id);
                self.say(said);
            }
            Err(e) => {
                if let Some(form) = self.form.as_mut() {
                    form.error = Some(e);
                }
            }
        }
    }
}

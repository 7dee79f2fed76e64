//! The printable referral letter for a provider without an ercms station: the same minimal data as the
//! `referral` record of a bundle, as a plain HTML page a clerk prints from the media folder. The
//! provider's answer comes back on paper or by phone and is typed in with `referral answer`.

use super::nrm::NrmRecord;
use super::referral_out::wire_referral;
use super::ServiceError;
use crate::domain::ids::StationId;
use crate::domain::nrm::Provider;
use crate::exchange::records::Referral as WireReferral;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The letter's file name: the referral's id only, so the name itself says nothing of the person.
pub fn letter_name(referral: Uuid) -> String {
    format!("referral-{}.html", referral.hyphenated())
}

/// Text from records and the directory, made safe to place in HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The wire word of a serialisable value (`housing`, `priority`, `F`).
fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The HTML page of a referral letter.
pub fn letter_html(
    wire: &WireReferral,
    provider: &Provider,
    from: &StationId,
    officer: &str,
    now: DateTime<Utc>,
) -> String {
    let p = &wire.person;
    let rows: Vec<(&str, String)> = vec![
        ("Referral", wire.id.clone()),
        ("Returnee reference", wire.returnee.clone()),
        ("Surname", p.surname.clone()),
        ("Given names", p.given_names.clone()),
        (
            "Name in native script",
            p.native_script
                .as_ref()
                .map(|n| {
                    [n.surname.as_deref(), n.given_names.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default(),
        ),
        ("Sex", word(&p.sex)),
        ("Date of birth", p.date_of_birth.to_string()),
        (
            "Governorate of return",
            p.governorate.clone().unwrap_or_default(),
        ),
        ("Phone", p.phone.clone().unwrap_or_default()),
        ("Service", word(&wire.service)),
        ("Urgency", word(&wire.urgency)),
        ("Answer needed by", wire.due_on.to_string()),
        ("Consent given on", wire.consent_on.to_string()),
        ("What is needed", wire.needs.clone().unwrap_or_default()),
    ];
    let mut body = String::new();
    for (label, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        body.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            escape(label),
            escape(value)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Referral {id}</title>\
<style>body{{font-family:sans-serif;max-width:40em;margin:2em auto}}th{{text-align:left;padding-right:1em}}\
td,th{{vertical-align:top;padding:.2em 0}}.answer p{{margin:1.2em 0}}</style></head><body>\n\
<h1>Referral to {provider}</h1>\n\
<p>From station {station}, officer {officer}, on {date}. This letter holds personal data: hand it \
only to {provider} and destroy any other copy.</p>\n\
<table>\n{body}</table>\n\
<div class=\"answer\"><h2>Your answer</h2>\n\
<p>&#9744; We accept this referral.</p>\n\
<p>&#9744; We decline this referral, because: ______________________________</p>\n\
<p>&#9744; The service was delivered on (date): ____________</p>\n\
<p>Name and signature: ______________________________</p>\n\
<p>Return this page to the ministry quoting referral {id}.</p></div>\n\
</body></html>\n",
        id = escape(&wire.id),
        provider = escape(&provider.name),
        station = escape(from.as_str()),
        officer = escape(officer),
        date = now.format("%Y-%m-%d"),
    )
}

/// Writes the letter of `referral` into `dir` and makes it durable; returns its path. Refuses to
/// overwrite a letter already there.
pub(crate) fn write_letter(
    dir: &Path,
    record: &NrmRecord,
    referral: Uuid,
    provider: &Provider,
    from: &StationId,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, ServiceError> {
    let wire = wire_referral(record, referral, provider)?;
    let html = letter_html(&wire, provider, from, officer, now);
    let path = dir.join(letter_name(referral));
    let failed = |e: std::io::Error| {
        ServiceError::Invalid(format!(
            "the referral letter could not be written to the media folder ({})",
            e.kind()
        ))
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(failed)?;
    file.write_all(html.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(failed)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_outside_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'\u{7}</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39; &lt;/script&gt;"
        );
    }
}

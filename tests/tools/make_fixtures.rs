//! Synthetic demo bundles (no real people): `cargo run --example make-fixtures` rewrites
//! `fixtures/demo/01-applications.ercms` and `02-transfer-notifications.ercms`; `cargo run --release --example make-fixtures -- --large N FILE` writes one
//! bundle of N applications for benchmarks. Names come from a list of common Iraqi names in Latin
//! transliteration and Arabic script; a seeded RNG makes the records repeatable, and some people
//! appear twice with another transliteration, as real duplicates do.

#[path = "demo_stations.rs"]
mod demo_stations;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use ercms::domain::application::{
    Annex, Application, Evidence, EvidenceKind, NativeScript, Person, Procedure, Sex,
};
use ercms::domain::date::PartialDate;
use ercms::exchange::records::{TransferMode, TransferNotification};
use ercms::exchange::{write_bundle, Content, OutgoingBundle, Record, RecordLines};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

/// (Latin spellings, the first being the usual one; Arabic script).
const SURNAMES: &[(&[&str], &str)] = &[
    (&["Al-Jubouri", "Aljaburi", "Al-Jabouri"], "الجبوري"),
    (&["Al-Obaidi", "Alubaidi"], "العبيدي"),
    (&["Al-Tamimi", "Altamimi"], "التميمي"),
    (&["Al-Dulaimi", "Aldulaimi", "Al-Dulaymi"], "الدليمي"),
    (&["Al-Shammari", "Alshamari"], "الشمري"),
    (&["Al-Zubaidi", "Al-Zubaydi"], "الزبيدي"),
    (&["Al-Khafaji", "Alkhafaji"], "الخفاجي"),
    (&["Al-Saadi", "Al-Sa'adi"], "الساعدي"),
    (&["Al-Rubaie", "Al-Rubaye"], "الربيعي"),
    (&["Al-Bayati", "Albayati"], "البياتي"),
];
const MEN: &[(&[&str], &str)] = &[
    (&["Mohammed", "Muhammad", "Mohamed"], "محمد"),
    (&["Ahmed", "Ahmad"], "أحمد"),
    (&["Ali"], "علي"),
    (&["Hussein", "Husain", "Hussain"], "حسين"),
    (&["Hassan", "Hasan"], "حسن"),
    (&["Omar", "Umar"], "عمر"),
    (&["Mustafa", "Mostafa"], "مصطفى"),
    (&["Haider", "Hayder"], "حيدر"),
    (&["Yousif", "Yusuf", "Youssef"], "يوسف"),
    (&["Ibrahim", "Ebrahim"], "إبراهيم"),
    (&["Abbas"], "عباس"),
    (&["Karim", "Kareem"], "كريم"),
];
const WOMEN: &[(&[&str], &str)] = &[
    (&["Fatima", "Fatimah"], "فاطمة"),
    (&["Zainab", "Zaynab"], "زينب"),
    (&["Maryam", "Mariam"], "مريم"),
    (&["Noor", "Nur"], "نور"),
    (&["Sara", "Sarah"], "سارة"),
    (&["Huda", "Hoda"], "هدى"),
    (&["Aisha", "Aysha"], "عائشة"),
];
const PLACES: &[&str] = &[
    "Mosul",
    "Baghdad",
    "Basra",
    "Erbil",
    "Kirkuk",
    "Najaf",
    "Karbala",
    "Sulaymaniyah",
    "Duhok",
    "Ramadi",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => demo_fixtures(),
        [flag, n, path] if flag == "--large" => match n.parse::<usize>() {
            Ok(n) => large(n, Path::new(path)),
            Err(_) => Err(format!("{n} is not a number of applications")),
        },
        _ => Err("usage: make-fixtures [--large N FILE]".to_string()),
    };
    if let Err(e) = result {
        eprintln!("make-fixtures: {e}");
        std::process::exit(1);
    }
}

fn created_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

fn demo_fixtures() -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for old in std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        if old.path().extension().is_some_and(|x| x == "ercms") {
            std::fs::remove_file(old.path()).map_err(|e| e.to_string())?;
        }
    }
    let applications = applications(40, 20261120, 1);
    let first = write(
        &dir,
        "01-applications.ercms",
        Content::ReadmissionApplications,
        1,
        &applications,
    )?;
    let notices: Vec<Record> = applications[..2]
        .iter()
        .zip(1..)
        .filter_map(|(r, n)| match r {
            Record::ReadmissionApplication(a) => Some(transfer(&a.id, n)),
            _ => None,
        })
        .collect();
    let second = write(
        &dir,
        "02-transfer-notifications.ercms",
        Content::TransferNotifications,
        2,
        &notices,
    )?;
    println!("wrote {first} (40 applications) and {second} (2 transfer notifications)");
    Ok(())
}

fn large(n: usize, path: &Path) -> Result<(), String> {
    // Numbered after the demo's cases, so a large bundle imports into a demo station too.
    let records = applications(n, 7, 100_001);
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let summary = bundle(
        std::io::BufWriter::new(file),
        Content::ReadmissionApplications,
        1,
        &records,
    )?;
    println!(
        "wrote {} applications to {} (bundle {})",
        n,
        path.display(),
        summary
    );
    Ok(())
}

/// Writes a bundle under a stable name: `ercms demo` embeds these files by name.
fn write(
    dir: &Path,
    name: &str,
    content: Content,
    sequence: u64,
    records: &[Record],
) -> Result<String, String> {
    let tmp = dir.join("new.ercms.tmp");
    let file = std::fs::File::create(&tmp).map_err(|e| e.to_string())?;
    let id = bundle(file, content, sequence, records)?;
    std::fs::rename(&tmp, dir.join(name)).map_err(|e| e.to_string())?;
    Ok(format!("{name} (bundle {id})"))
}

fn bundle(
    out: impl std::io::Write,
    content: Content,
    sequence: u64,
    records: &[Record],
) -> Result<String, String> {
    let me = demo_stations::keys(demo_stations::BAMF);
    let to = demo_stations::MOMD;
    let bundle = OutgoingBundle {
        content,
        sequence,
        created_at: created_at(),
        records: RecordLines::Records(records),
        attachments: &[],
        checkpoint: None,
    };
    let recipients = [(demo_stations::station(to), demo_stations::age_recipient(to))];
    write_bundle(out, &me, &recipients, &bundle)
        .map(|s| s.bundle_id.hyphenated().to_string())
        .map_err(|e| e.to_string())
}

fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> &'a T {
    &list[rng.gen_range(0..list.len())]
}

/// `n` applications numbered from `first`; about one in eight repeats an earlier person under another spelling.
fn applications(n: usize, seed: u64, first: usize) -> Vec<Record> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut people: Vec<Person> = Vec::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    let submitted = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
    for i in 0..n {
        let person = if i > 4 && rng.gen_ratio(1, 8) {
            let earlier = people[rng.gen_range(0..people.len())].clone();
            respelled(&mut rng, earlier)
        } else {
            new_person(&mut rng)
        };
        people.push(person.clone());
        let evidence = evidence(&mut rng);
        out.push(Record::ReadmissionApplication(Application {
            id: format!("DE-2026-{:06}", first + i),
            agreement: "EU-IQ".into(),
            requesting_state: "DE".into(),
            requesting_authority: Some(format!("BAMF Referat {}", rng.gen_range(31..48))),
            submitted_on: submitted + Duration::days(rng.gen_range(0..18)),
            procedure: if rng.gen_ratio(1, 10) {
                Procedure::Accelerated
            } else {
                Procedure::Normal
            },
            person,
            evidence,
            health: None,
            escort_required: rng.gen_ratio(1, 6),
            interview_requested: rng.gen_ratio(1, 3),
            special_circumstances: None,
        }));
    }
    out
}

fn new_person(rng: &mut StdRng) -> Person {
    let sex = if rng.gen_ratio(3, 4) { Sex::M } else { Sex::F };
    let (surnames, surname_ar) = *pick(rng, SURNAMES);
    let (given, given_ar) = *pick(rng, if sex == Sex::M { MEN } else { WOMEN });
    let (father, father_ar) = *pick(rng, MEN);
    let (grandfather, _) = *pick(rng, MEN);
    let (mother, mother_ar) = *pick(rng, WOMEN);
    let year = rng.gen_range(1965..2006);
    let date_of_birth = match rng.gen_range(0..4) {
        0 => PartialDate::Year(year),
        1 => PartialDate::Month(year, rng.gen_range(1..13)),
        _ => NaiveDate::from_ymd_opt(year, rng.gen_range(1..13), rng.gen_range(1..29))
            .map(PartialDate::Day)
            .unwrap_or(PartialDate::Year(year)),
    };
    Person {
        surname: surnames[0].into(),
        given_names: given[0].into(),
        father_name: Some(father[0].into()),
        grandfather_name: Some(grandfather[0].into()),
        mother_name: Some(mother[0].into()),
        maiden_name: None,
        native_script: Some(NativeScript {
            surname: Some(surname_ar.into()),
            given_names: Some(given_ar.into()),
            father_name: Some(father_ar.into()),
            mother_name: Some(mother_ar.into()),
        }),
        aliases: Vec::new(),
        sex,
        date_of_birth,
        place_of_birth: Some((*pick(rng, PLACES)).into()),
        physical_description: None,
        nationality: Some("IQ".into()),
        former_nationalities: Vec::new(),
        languages: vec![if rng.gen_ratio(1, 5) {
            "ku".into()
        } else {
            "ar".into()
        }],
        civil_status: Some((*pick(rng, &["single", "married", "divorced", "widowed"])).into()),
        spouse: None,
        children: Vec::new(),
        last_address_in_requested_state: None,
        fingerprints_reference: None,
        photo: None,
    }
}

/// The same person as another authority spelled them: other transliterations, the old one as alias.
fn respelled(rng: &mut StdRng, mut p: Person) -> Person {
    let other = |rng: &mut StdRng, list: &[(&[&str], &str)], current: &str| -> Option<String> {
        let (spellings, _) = list.iter().find(|(s, _)| s.contains(&current))?;
        let choices: Vec<&&str> = spellings.iter().filter(|s| **s != current).collect();
        (!choices.is_empty()).then(|| (*choices[rng.gen_range(0..choices.len())]).to_string())
    };
    let old = format!("{} {}", p.given_names, p.surname);
    let names = if p.sex == Sex::M { MEN } else { WOMEN };
    if let Some(g) = other(rng, names, &p.given_names) {
        p.given_names = g;
    }
    if let Some(s) = other(rng, SURNAMES, &p.surname) {
        p.surname = s;
    }
    p.aliases.push(old);
    p
}

fn evidence(rng: &mut StdRng) -> Vec<Evidence> {
    let kinds = [
        (EvidenceKind::Passport, Annex::Proof),
        (EvidenceKind::NationalId, Annex::Proof),
        (EvidenceKind::CitizenshipCertificate, Annex::Proof),
        (EvidenceKind::Photocopy, Annex::PrimaFacie),
        (EvidenceKind::BirthCertificate, Annex::PrimaFacie),
        (EvidenceKind::WitnessStatement, Annex::PrimaFacie),
        (EvidenceKind::OwnStatement, Annex::PrimaFacie),
    ];
    (0..rng.gen_range(0..3))
        .map(|_| {
            let (kind, annex) = *pick(rng, &kinds);
            let issued =
                NaiveDate::from_ymd_opt(rng.gen_range(2008..2022), rng.gen_range(1..13), 1);
            let documented = annex == Annex::Proof;
            Evidence {
                kind,
                annex,
                number: documented.then(|| format!("A{:08}", rng.gen_range(0..100_000_000))),
                issuer: documented.then(|| "IQ".to_string()),
                issued_on: issued.filter(|_| documented),
                expires_on: issued
                    .filter(|_| documented)
                    .and_then(|d| d.checked_add_signed(Duration::days(8 * 365))),
                attachment: None,
            }
        })
        .collect()
}

fn transfer(application: &str, n: u32) -> Record {
    Record::TransferNotification(TransferNotification {
        id: format!("DE-TN-2026-{n:04}"),
        application: application.to_string(),
        departure: created_at() + Duration::days(15),
        border_point: "BGW".into(),
        mode: TransferMode::Air,
        flight: Some(format!("IA23{n}")),
        escorts: 2,
        medical: None,
    })
}

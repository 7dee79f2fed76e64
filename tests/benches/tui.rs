//! TUI benchmark on a real station: the time from the passphrase accepted to the first frames (the
//! dashboard, then the queue of all cases), and from a key press in the queue filter to the redrawn
//! frame, p50 and p99. The real app, the real service and vault, drawn on ratatui's `TestBackend`.
//!
//! `tests/perf/measure-tui.sh` prepares a station with 100,000 imported cases and runs this with
//! `ERCMS_BENCH_DATA` pointing at it; without it, the bench makes a demo station (40 cases).
//! Prints a markdown section for docs/PERFORMANCE.md. Targets (issue 5): the first frame under 1 s
//! after the key is unwrapped; a filter key press to its frame under 16 ms at p99.

use age::secrecy::SecretString;
use chrono::Utc;
use ercms::service::Station;
use ercms::tui::action::Action;
use ercms::tui::app::{App, AppOptions};
use ercms::tui::draw;
use ercms::tui::live::LiveStation;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// As the shipped binary does (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USER: &str = "officer";
const PASSPHRASE: &str = "demo-officer-pass";
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// Sign-ins measured (each unwraps the key: about a second).
const SIGN_INS: usize = 5;
/// What the officer types into the filter, key by key (Backspace between words), several times.
const QUERIES: &[&str] = &[
    "ahmed",
    "muhammad al",
    "فاطمة",
    "de-2026-1000",
    "hussein 19",
    "zz",
];
const ROUNDS: usize = 10;

fn main() {
    let (data, _keep) = station_dir();
    let sizes = format!("{WIDTH}×{HEIGHT}");

    let unwrap: Vec<Duration> = (0..SIGN_INS).map(|_| unwrap_only(&data)).collect();
    let mut to_dashboard = Vec::new();
    let mut to_queue = Vec::new();
    let mut cases = 0;
    for _ in 0..SIGN_INS {
        let (dashboard, queue, rows) = sign_in_to_queue(&data);
        to_dashboard.push(dashboard);
        to_queue.push(queue);
        cases = rows;
    }
    let unwrap_p50 = percentile(&unwrap, 50);

    let (mut app, mut terminal) = signed_in_queue(&data);
    let mut keys = Vec::new();
    for _ in 0..ROUNDS {
        for query in QUERIES {
            press(&mut app, KeyCode::Char('/'));
            for c in query.chars() {
                keys.push(timed_key(&mut app, &mut terminal, KeyCode::Char(c)));
            }
            for _ in query.chars() {
                keys.push(timed_key(&mut app, &mut terminal, KeyCode::Backspace));
            }
            press(&mut app, KeyCode::Esc);
        }
    }

    println!("## TUI (`cargo bench --bench tui`, `tests/perf/measure-tui.sh`)");
    println!();
    println!("The real app on the real service and vault with **{cases} cases** in the queue of all cases,");
    println!("drawn on ratatui's `TestBackend` ({sizes}), as `{USER}`. Targets: first frame under 1 s after");
    println!(
        "the key is unwrapped; a key press in the filter to its redrawn frame under 16 ms at p99."
    );
    println!();
    println!("| measure | p50 | p99 / slowest | runs |");
    println!("|---|---:|---:|---:|");
    row("unwrap the key and sign in (scrypt)", &unwrap);
    row("Enter on the sign-in form → dashboard frame", &to_dashboard);
    let after: Vec<Duration> = to_dashboard
        .iter()
        .map(|d| d.saturating_sub(unwrap_p50))
        .collect();
    row("… of which after the key is unwrapped", &after);
    row(
        "Enter on the dashboard → queue frame (all cases)",
        &to_queue,
    );
    let first_queue: Vec<Duration> = after.iter().zip(&to_queue).map(|(a, q)| *a + *q).collect();
    row(
        "after the key is unwrapped → first queue frame",
        &first_queue,
    );
    row("filter key press → redrawn frame", &keys);
}

/// The station to measure, and the temporary folder to keep alive when the bench made it.
fn station_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(dir) = std::env::var_os("ERCMS_BENCH_DATA") {
        return (PathBuf::from(dir), None);
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let data = tmp.path().join("station");
    Station::demo(&data, Utc::now()).expect("the demo station");
    (data, Some(tmp))
}

fn unwrap_only(data: &Path) -> Duration {
    let station = Station::open(data).expect("the station opens");
    let start = Instant::now();
    let session = station
        .login(USER, &SecretString::from(PASSPHRASE), Utc::now())
        .expect("the officer signs in");
    let took = start.elapsed();
    drop(session);
    took
}

fn new_app(data: &Path) -> (App, Terminal<TestBackend>) {
    let station = Station::open(data).expect("the station opens");
    let mut app = App::new(
        Box::new(LiveStation::new(station)),
        AppOptions {
            language: "en".into(),
            media_dir: data.join("media"),
            ..AppOptions::default()
        },
    );
    app.update(Action::Resize(WIDTH, HEIGHT));
    let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    (app, terminal)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|f| draw::draw(app, f))
        .expect("a frame on the test terminal");
}

fn timed_key(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let start = Instant::now();
    press(app, code);
    draw(app, terminal);
    start.elapsed()
}

/// Types the officer's name and passphrase into the sign-in form, without submitting it.
fn fill_sign_in(app: &mut App) {
    for c in USER.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Tab);
    for c in PASSPHRASE.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Signs in through the form and opens the first queue (all cases): the time of each step to its
/// frame, and how many rows the queue has.
fn sign_in_to_queue(data: &Path) -> (Duration, Duration, usize) {
    let (mut app, mut terminal) = new_app(data);
    draw(&app, &mut terminal);
    fill_sign_in(&mut app);
    let dashboard = timed_key(&mut app, &mut terminal, KeyCode::Enter);
    let text = terminal.backend().to_string();
    assert!(!text.contains("Sign in"), "the officer is signed in");
    let queue = timed_key(&mut app, &mut terminal, KeyCode::Enter);
    (dashboard, queue, app.queue.rows.len())
}

fn signed_in_queue(data: &Path) -> (App, Terminal<TestBackend>) {
    let (mut app, mut terminal) = new_app(data);
    fill_sign_in(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    draw(&app, &mut terminal);
    (app, terminal)
}

fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let at = ((sorted.len() * p).div_ceil(100)).clamp(1, sorted.len()) - 1;
    sorted[at]
}

fn row(what: &str, samples: &[Duration]) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {what} | {} | {} | {} |",
        ms(percentile(samples, 50)),
        ms(percentile(samples, 99)),
        samples.len()
    );
}

//! The terminal user interface. Elm-like: keys become actions through the keymap, `App::update`
//! changes the one state, `draw::draw` only draws it. Everything the screens need from the
//! station goes through `port::StationPort`.

pub mod action;
pub mod admin;
pub mod app;
pub mod cases;
pub mod components;
pub mod draw;
pub mod exchange;
pub mod keymap;
pub mod live;
pub mod nrm;
pub mod port;
pub mod reports;
pub mod session;
pub mod settings;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;

#[cfg(test)]
pub mod fake;
#[cfg(test)]
mod tests;

use action::Action;
use app::{App, AppOptions};
use port::StationPort;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How the TUI starts.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// "en", "ar", "ckb", "fr" or "az".
    pub language: String,
    /// Lock the session after this long without a key press.
    pub idle_lock: Duration,
    /// Where removable media are mounted.
    pub media_dir: PathBuf,
    /// A user's keymap file laid over the defaults, already read.
    pub keymap: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            language: "en".to_string(),
            idle_lock: Duration::from_secs(5 * 60),
            media_dir: PathBuf::from("/media"),
            keymap: None,
        }
    }
}

/// How often the loop wakes without input, to notice the idle time.
const TICK: Duration = Duration::from_millis(250);

/// Runs the TUI until the user quits. The terminal is restored on every way out.
pub fn run(port: Box<dyn StationPort>, options: RunOptions) -> io::Result<()> {
    let keymap = match &options.keymap {
        Some(text) => keymap::Keymap::with_overrides(text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?,
        None => keymap::Keymap::default(),
    };
    let mut app = App::new(
        port,
        AppOptions {
            language: options.language.clone(),
            media_dir: options.media_dir.clone(),
            keymap,
        },
    );
    let mut guard = terminal::TerminalGuard::enter()?;
    let terminal = &mut guard.terminal;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut last_input = Instant::now();

    while !app.should_quit() {
        terminal.draw(|frame| draw::draw(&app, frame))?;
        if event::poll(TICK)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    last_input = Instant::now();
                    app.handle_key(&key);
                }
                Event::Resize(w, h) => app.update(Action::Resize(w, h)),
                _ => {}
            }
        } else {
            app.idle(last_input.elapsed(), options.idle_lock);
        }
        if app.job.is_some() {
            let theme = app.theme;
            let label = app.text.get("import-progress");
            let hint = app.text.get("import-cancel-hint");
            let cancelling = app.text.get("import-cancelling");
            let mut cancelled = false;
            app.run_job(&mut |progress| {
                let hint = if cancelled { &cancelling } else { &hint };
                // A failed progress draw must not stop the import; the result is shown after.
                let _ = terminal
                    .draw(|f| exchange::progress::render(f, &theme, &label, hint, progress));
                // Input is read while the import runs: Esc (or Ctrl-C) cancels it; other keys are
                // let go rather than acted on later, on a screen the officer no longer sees.
                while matches!(event::poll(Duration::ZERO), Ok(true)) {
                    if let Ok(Event::Key(key)) = event::read() {
                        cancelled |= is_cancel(&key);
                    }
                }
                !cancelled
            });
            last_input = Instant::now();
        }
    }
    Ok(())
}
pub use live::run_station;

/// Esc or Ctrl-C: stop the long job.
fn is_cancel(key: &event::KeyEvent) -> bool {
    use event::{KeyCode, KeyModifiers};
    key.kind != KeyEventKind::Release
        && (key.code == KeyCode::Esc
            || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)))
}

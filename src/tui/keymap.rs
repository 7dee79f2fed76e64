//! The declarative keymap: for each screen (context), which keys give which action. Defaults come
//! from the embedded `keymap.toml`; a user file may replace any binding. Help reads this same table.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::BTreeMap;
use tui_input::backend::crossterm::to_input_request;

const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// Where the keys are pressed; each has a section in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Login,
    Lock,
    Dashboard,
    Queue,
    Filter,
    Case,
    Actions,
    Approvals,
    Exchange,
    Users,
    PartnerKeys,
    Agreements,
    Audit,
    Referrals,
    Returnee,
    Returnees,
    Providers,
    Reports,
    Form,
    Confirm,
    Help,
}

impl Context {
    fn section(self) -> &'static str {
        match self {
            Context::Login => "login",
            Context::Lock => "lock",
            Context::Dashboard => "dashboard",
            Context::Queue => "queue",
            Context::Filter => "filter",
            Context::Case => "case",
            Context::Actions => "actions",
            Context::Approvals => "approvals",
            Context::Exchange => "exchange",
            Context::Users => "users",
            Context::PartnerKeys => "partner_keys",
            Context::Agreements => "agreements",
            Context::Audit => "audit",
            Context::Referrals => "referrals",
            Context::Returnee => "returnee",
            Context::Providers => "providers",
            Context::Returnees => "returnees",
            Context::Reports => "reports",
            Context::Form => "form",
            Context::Confirm => "confirm",
            Context::Help => "help",
        }
    }

    /// Typing goes into a text field here, so plain letters are never commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Login | Context::Lock | Context::Filter | Context::Form
        )
    }

    fn shows_list(self) -> bool {
        matches!(
            self,
            Context::Dashboard
                | Context::Queue
                | Context::Approvals
                | Context::Exchange
                | Context::Users
                | Context::PartnerKeys
                | Context::Agreements
                | Context::Audit
                | Context::Referrals
                | Context::Returnees
                | Context::Providers
        )
    }

    /// The sections consulted, most specific first.
    fn sections(self) -> Vec<&'static str> {
        let mut out = vec![self.section()];
        if self.shows_list() {
            out.push("list");
        }
        if !self.takes_text() && !matches!(self, Context::Confirm | Context::Help) {
            out.push("browse");
        }
        out.push("global");
        out
    }
}

/// One key as written in the keymap: a code and the Ctrl/Alt modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl KeySpec {
    pub fn parse(text: &str) -> Option<KeySpec> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            c => {
                let mut chars = c.chars();
                let ch = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(ch)
            }
        };
        Some(KeySpec { code, modifiers })
    }

    fn matches(&self, key: &KeyEvent) -> bool {
        // Shift is part of the character itself ('?', 'G'), so only Ctrl and Alt are compared.
        let wanted = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let code = match key.code {
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        code == self.code && (key.modifiers & wanted) == self.modifiers
    }
}

/// An action and the keys that give it, with the keys' names as written, for help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub action: Action,
    /// The action's name in the keymap, which is also its help text key (`action-<name>`).
    pub name: String,
    pub keys: Vec<String>,
    specs: Vec<KeySpec>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeymapError {
    #[error("the keymap is not valid TOML: {0}")]
    Syntax(String),
    #[error("the keymap names an unknown action \"{0}\"")]
    UnknownAction(String),
    #[error("the keymap names an unknown key \"{0}\"")]
    UnknownKey(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    sections: BTreeMap<String, Vec<Binding>>,
}

type RawKeymap = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn parse_sections(text: &str) -> Result<BTreeMap<String, Vec<Binding>>, KeymapError> {
    let raw: RawKeymap = toml::from_str(text).map_err(|e| KeymapError::Syntax(e.to_string()))?;
    let mut sections = BTreeMap::new();
    for (section, entries) in raw {
        let mut bindings = Vec::new();
        for (name, keys) in entries {
            let action: Action = toml::Value::String(name.clone())
                .try_into()
                .map_err(|_| KeymapError::UnknownAction(name.chars().take(32).collect()))?;
            let specs = keys
                .iter()
                .map(|k| KeySpec::parse(k).ok_or_else(|| KeymapError::UnknownKey(k.clone())))
                .collect::<Result<Vec<_>, _>>()?;
            bindings.push(Binding {
                action,
                name,
                keys,
                specs,
            });
        }
        sections.insert(section, bindings);
    }
    Ok(sections)
}

impl Default for Keymap {
    fn default() -> Self {
        // The embedded file is checked by a test, so it always parses.
        Keymap {
            sections: parse_sections(DEFAULT_KEYMAP).unwrap_or_default(), // ok: tested below
        }
    }
}

impl Keymap {
    /// The defaults with a user's file laid over them: a binding named there replaces the default.
    pub fn with_overrides(text: &str) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap::default();
        for (section, bindings) in parse_sections(text)? {
            let target = keymap.sections.entry(section).or_default();
            for b in bindings {
                target.retain(|old| old.action != b.action);
                target.push(b);
            }
        }
        Ok(keymap)
    }

    /// What a key press means in this context: a command, typing, or nothing.
    pub fn action_for(&self, context: Context, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        for section in context.sections() {
            let found = self
                .sections
                .get(section)
                .and_then(|bs| bs.iter().find(|b| b.specs.iter().any(|s| s.matches(key))));
            if let Some(b) = found {
                return Some(b.action);
            }
        }
        if context.takes_text() {
            let event = ratatui::crossterm::event::Event::Key(*key);
            return to_input_request(&event).map(Action::Edit);
        }
        None
    }

    /// The bindings help shows for a context: each action once, with every key that gives it
    /// here (a key taken by a more specific section is left out, as it does something else).
    pub fn bindings(&self, context: Context) -> Vec<Binding> {
        let mut out: Vec<Binding> = Vec::new();
        let mut taken: Vec<KeySpec> = Vec::new();
        for section in context.sections() {
            for b in self.sections.get(section).into_iter().flatten() {
                let (keys, specs): (Vec<String>, Vec<KeySpec>) = b
                    .keys
                    .iter()
                    .cloned()
                    .zip(b.specs.iter().copied())
                    .filter(|(_, s)| !taken.contains(s))
                    .unzip();
                if keys.is_empty() {
                    continue;
                }
                taken.extend(specs.iter().copied());
                match out.iter_mut().find(|o| o.action == b.action) {
                    Some(o) => {
                        o.keys.extend(keys);
                        o.specs.extend(specs);
                    }
                    None => out.push(Binding {
                        action: b.action,
                        name: b.name.clone(),
                        keys,
                        specs,
                    }),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tui_input::InputRequest;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_embedded_keymap_parses() {
        assert!(parse_sections(DEFAULT_KEYMAP).is_ok());
        assert!(!Keymap::default().sections.is_empty());
    }

    #[test]
    fn letters_are_commands_on_lists_and_text_in_fields() {
        let km = Keymap::default();
        let q = key(KeyCode::Char('q'));
        assert_eq!(km.action_for(Context::Queue, &q), Some(Action::Quit));
        assert_eq!(
            km.action_for(Context::Form, &q),
            Some(Action::Edit(InputRequest::InsertChar('q')))
        );
        let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert_eq!(km.action_for(Context::Form, &ctrl_l), Some(Action::Lock));
        assert_eq!(
            km.action_for(Context::Queue, &key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
    }

    #[test]
    fn shifted_characters_match_their_character() {
        let km = Keymap::default();
        let help = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(km.action_for(Context::Dashboard, &help), Some(Action::Help));
    }

    #[test]
    fn overrides_replace_a_binding_and_bad_files_are_refused() {
        let km = Keymap::with_overrides("[list]\ndown = [\"n\"]\n").unwrap();
        assert_eq!(
            km.action_for(Context::Queue, &key(KeyCode::Char('n'))),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(Context::Queue, &key(KeyCode::Char('j'))),
            None
        );
        assert!(matches!(
            Keymap::with_overrides("[list]\nfly = [\"x\"]\n"),
            Err(KeymapError::UnknownAction(_))
        ));
        assert!(matches!(
            Keymap::with_overrides("[list]\nup = [\"ctrl-\"]\n"),
            Err(KeymapError::UnknownKey(_))
        ));
    }

    #[test]
    fn help_lists_what_the_keys_do() {
        let km = Keymap::default();
        for ctx in [
            Context::Queue,
            Context::Case,
            Context::Form,
            Context::Exchange,
            Context::Login,
            Context::Confirm,
            Context::Help,
            Context::Dashboard,
            Context::Users,
            Context::PartnerKeys,
            Context::Agreements,
            Context::Audit,
            Context::Referrals,
            Context::Returnee,
            Context::Returnees,
            Context::Providers,
            Context::Reports,
        ] {
            for b in km.bindings(ctx) {
                for k in &b.keys {
                    let spec = KeySpec::parse(k).unwrap();
                    let ev = KeyEvent::new(spec.code, spec.modifiers);
                    assert_eq!(km.action_for(ctx, &ev), Some(b.action), "{ctx:?} {k}");
                }
            }
        }
    }
}

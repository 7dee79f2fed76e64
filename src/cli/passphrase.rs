//! Where passphrases come from: a file, the environment, or a no-echo prompt. Never an argument.

use age::secrecy::SecretString;
use std::io::IsTerminal;
use std::path::Path;

fn from_file(path: &Path) -> Result<SecretString, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("could not read the passphrase file {}: {e}", path.display()))?;
    // Only the line end is trimmed: spaces inside or around a passphrase are part of it.
    let line = text.lines().next().unwrap_or("");
    Ok(SecretString::from(line.to_string()))
}

fn prompt(label: &str) -> Result<SecretString, String> {
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "no {label} given: use a file option, the environment variable, or run in a terminal"
        ));
    }
    rpassword::prompt_password(format!("{label}: "))
        .map(SecretString::from)
        .map_err(|e| format!("could not read the {label}: {e}"))
}

/// The acting user's passphrase.
pub fn current(file: Option<&Path>) -> Result<SecretString, String> {
    if let Some(f) = file {
        return from_file(f);
    }
    if let Some(p) = super::process::passphrase_variable() {
        return Ok(p);
    }
    prompt("Passphrase")
}

/// A new passphrase (asked twice when prompted).
pub fn new(file: Option<&Path>) -> Result<SecretString, String> {
    use age::secrecy::ExposeSecret;
    if let Some(f) = file {
        return from_file(f);
    }
    if let Some(p) = super::process::new_passphrase_variable() {
        return Ok(p);
    }
    let first = prompt("New passphrase")?;
    let second = prompt("Repeat the new passphrase")?;
    if first.expose_secret() != second.expose_secret() {
        return Err("the two passphrases differ; nothing was changed".into());
    }
    Ok(first)
}

/// The first admin's passphrase at `init`: from the usual inputs, asked twice when prompted.
pub fn first(file: Option<&Path>) -> Result<SecretString, String> {
    if file.is_some() || super::process::passphrase_variable().is_some() {
        return current(file);
    }
    new(None)
}

use super::args::{Common, UserCommand};
use super::{login, output, passphrase, Failure, Outcome};
use crate::domain::role::Role;
use chrono::Utc;

pub fn run(c: &Common, cmd: UserCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    match cmd {
        UserCommand::Add { name, role } => {
            let role: Role = role
                .parse()
                .map_err(|e: crate::domain::role::UnknownRole| Failure::usage(e.to_string()))?;
            // Check the permission before asking for a passphrase nobody may set.
            s.allow(crate::domain::policy::Permission::ManageUsers)?;
            let p = passphrase::new(c.new_passphrase_file.as_deref()).map_err(Failure::usage)?;
            let outcome = s.add_user(&name, role, &p, now)?;
            output::guarded(&format!("User {name} added as {role}."), &outcome);
        }
        UserCommand::List => {
            let users = s.list_users()?;
            if c.json {
                return output::json(&users);
            }
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        u.name.clone(),
                        u.role.to_string(),
                        match (u.locked, u.waits_until) {
                            (true, _) => "locked".into(),
                            (false, Some(t)) => format!("waits until {}", t.format("%H:%M UTC")),
                            (false, None) => "active".into(),
                        },
                        u.failed_logins.to_string(),
                        u.created_at.format("%Y-%m-%d").to_string(),
                    ]
                })
                .collect();
            output::table(&["USER", "ROLE", "STATE", "FAILED", "CREATED"], &rows);
        }
        UserCommand::Passwd { name } => {
            let p = passphrase::new(c.new_passphrase_file.as_deref()).map_err(Failure::usage)?;
            let outcome = s.change_passphrase(&name, &p, now)?;
            output::guarded(&format!("Passphrase of {name} changed."), &outcome);
        }
        UserCommand::Lock { name } => {
            s.set_user_locked(&name, true, now)?;
            eprintln!("User {name} locked.");
        }
        UserCommand::Unlock { name } => {
            s.set_user_locked(&name, false, now)?;
            eprintln!("User {name} unlocked.");
        }
        UserCommand::Remove { name } => {
            let outcome = s.remove_user(&name, now)?;
            output::guarded(&format!("User {name} removed."), &outcome);
        }
        UserCommand::Role { name, role } => {
            let role: Role = role
                .parse()
                .map_err(|e: crate::domain::role::UnknownRole| Failure::usage(e.to_string()))?;
            let outcome = s.change_role(&name, role, now)?;
            output::guarded(&format!("{name} is now a {role}."), &outcome);
        }
    }
    Ok(())
}

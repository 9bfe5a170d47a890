//! Users and groups from the user database files (`/etc/passwd`, `/etc/group`).

use std::path::Path;

use crate::scap::{Group, User};

pub(super) fn read_users(path: &Path) -> Vec<User> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            Some(User {
                name: f.first()?.to_string(),
                uid: f.get(2)?.parse().ok()?,
                gid: f.get(3)?.parse().ok()?,
                home: f.get(5).unwrap_or(&"").to_string(),
                shell: f.get(6).unwrap_or(&"").to_string(),
            })
        })
        .collect()
}

pub(super) fn read_groups(path: &Path) -> Vec<Group> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            Some(Group {
                name: f.first()?.to_string(),
                gid: f.get(2)?.parse().ok()?,
            })
        })
        .collect()
}

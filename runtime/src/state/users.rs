//! Users and groups of the captured machine, from the capture's user list.
//!
//! Falco (libs HEAD) also looks uids that the user list lacks up in the *reading* machine's
//! passwd database, so its `user.name` depends on where a capture is replayed. falcoc does
//! not: results depend on the capture only. The one exception libs makes without a lookup
//! is kept: uid 0 without an entry is `root`.

use rustc_hash::FxHashMap as HashMap;

use crate::scap::{Group, User};

/// One user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    pub name: String,
    pub home: String,
    pub shell: String,
}

/// Users by uid and groups by gid (host table; containers share it in captures).
#[derive(Clone, Debug, Default)]
pub struct UserTable {
    users: HashMap<u32, UserInfo>,
    groups: HashMap<u32, String>,
}

impl UserTable {
    /// The table of a capture's user list.
    pub fn from_lists(users: &[User], groups: &[Group]) -> UserTable {
        let mut t = UserTable::default();
        for u in users {
            t.users.entry(u.uid).or_insert_with(|| UserInfo {
                name: u.name.clone(),
                home: u.home.clone(),
                shell: u.shell.clone(),
            });
        }
        for g in groups {
            t.groups.entry(g.gid).or_insert_with(|| g.name.clone());
        }
        t
    }

    /// Adds or replaces a user (`useradded`).
    pub fn add_user(&mut self, uid: u32, info: UserInfo) {
        self.users.insert(uid, info);
    }

    /// Removes a user (`userdeleted`).
    pub fn remove_user(&mut self, uid: u32) {
        self.users.remove(&uid);
    }

    /// Adds or replaces a group (`groupadded`).
    pub fn add_group(&mut self, gid: u32, name: String) {
        self.groups.insert(gid, name);
    }

    /// Removes a group (`groupdeleted`).
    pub fn remove_group(&mut self, gid: u32) {
        self.groups.remove(&gid);
    }

    /// The user with `uid`; uid 0 without an entry is `root`.
    pub fn user(&self, uid: u32) -> Option<UserInfo> {
        match self.users.get(&uid) {
            Some(u) => Some(u.clone()),
            None if uid == 0 => Some(UserInfo {
                name: "root".into(),
                home: "/root".into(),
                shell: String::new(),
            }),
            None => None,
        }
    }

    /// The name of user `uid`.
    /// Whether `uid` is in the user list (not only the built-in root).
    pub fn has_user(&self, uid: u32) -> bool {
        self.users.contains_key(&uid)
    }

    pub fn user_name(&self, uid: u32) -> Option<&str> {
        match self.users.get(&uid) {
            Some(u) => Some(&u.name),
            None if uid == 0 => Some("root"),
            None => None,
        }
    }

    /// Whether the list holds user `uid` with exactly this name, home and shell (as bytes:
    /// non-UTF-8 bytes, stored decoded, never compare equal).
    pub fn holds_user(&self, uid: u32, name: &[u8], home: &[u8], shell: &[u8]) -> bool {
        self.users.get(&uid).is_some_and(|u| {
            u.name.as_bytes() == name && u.home.as_bytes() == home && u.shell.as_bytes() == shell
        })
    }

    /// Whether the list holds group `gid` with exactly this name (`None`: no such group).
    pub fn holds_group(&self, gid: u32, name: Option<&[u8]>) -> bool {
        self.groups.get(&gid).map(String::as_bytes) == name
    }

    /// The name of group `gid`; gid 0 without an entry is `root`.
    pub fn group_name(&self, gid: u32) -> Option<&str> {
        match self.groups.get(&gid) {
            Some(g) => Some(g),
            None if gid == 0 => Some("root"),
            None => None,
        }
    }
}

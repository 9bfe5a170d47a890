//! The user list block (UL v1 and v2): users and groups of the captured machine.

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

/// Longest user, home, shell or group string accepted (`MAX_CREDENTIALS_STR_LEN` - 1).
const MAX_CRED: usize = 255;

/// One user of the captured machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
    pub name: String,
    pub home: String,
    pub shell: String,
}

/// One group of the captured machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub gid: u32,
    pub name: String,
}

/// Parses a UL body of `version` 1 or 2 into `users` and `groups`.
pub(crate) fn parse_users(
    c: &mut Cursor<'_>,
    version: u8,
    users: &mut Vec<User>,
    groups: &mut Vec<Group>,
) -> Result<(), ScapError> {
    while c.remaining() >= 4 {
        if version >= 2 {
            let at = c.offset();
            let len = c.u32("user entry length")? as usize;
            let body_len = len
                .checked_sub(4)
                .ok_or_else(|| c.error(format!("user entry length {len} below 4")))?;
            let body = c.bytes(body_len, "user entry")?;
            let mut e = Cursor::new(body, at + 4, 0x220);
            parse_entry(&mut e, users, groups)?;
        } else {
            parse_entry(c, users, groups)?;
        }
    }
    Ok(())
}

fn parse_entry(
    c: &mut Cursor<'_>,
    users: &mut Vec<User>,
    groups: &mut Vec<Group>,
) -> Result<(), ScapError> {
    match c.u8("user entry kind")? {
        0 => {
            let uid = c.u32("uid")?;
            let gid = c.u32("gid")?;
            let name = c.str16("user name", MAX_CRED)?;
            let home = c.str16("home directory", MAX_CRED)?;
            let shell = c.str16("shell", MAX_CRED)?;
            users.push(User {
                uid,
                gid,
                name,
                home,
                shell,
            });
        }
        1 => {
            let gid = c.u32("gid")?;
            let name = c.str16("group name", MAX_CRED)?;
            groups.push(Group { gid, name });
        }
        k => return Err(c.error(format!("unknown user entry kind {k}"))),
    }
    Ok(())
}

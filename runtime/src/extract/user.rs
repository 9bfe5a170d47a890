//! `user.*`, `group.*` and the container-plugin fields (`container.*`, `k8s.*`).
//! Only the container id (from cgroups) is known without the container plugin; the
//! other container and k8s metadata is not extractable.
//!
//! As libsinsp, a user or group missing from the tables is `<NA>` (uid and gid 0 are
//! `root`, with home `/root` and no known shell).

use falcoc_catalog::fields::{ids, ResolvedField};

use super::{s, Source};
use crate::field_value::FieldValue;
use crate::output::NA;
use crate::state::HOST;

pub fn extract(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let t = src.thread()?;
    let users = src.insp.users();
    Some(match f.info.id {
        ids::USER_UID => FieldValue::Uint(u64::from(t.uid)),
        ids::USER_NAME => FieldValue::Str(users.user_name(t.uid).unwrap_or(NA).to_string()),
        ids::USER_HOMEDIR => match users.user(t.uid) {
            Some(u) => FieldValue::Str(u.home),
            None => FieldValue::Str(NA.into()),
        },
        ids::USER_SHELL => match users
            .user(t.uid)
            .filter(|_| t.uid != 0 || users.has_user(0))
        {
            Some(u) => FieldValue::Str(u.shell),
            None => FieldValue::Str(NA.into()),
        },
        ids::USER_LOGINUID => FieldValue::Int(if t.loginuid == u32::MAX {
            -1
        } else {
            i64::from(t.loginuid)
        }),
        ids::USER_LOGINNAME => {
            FieldValue::Str(users.user_name(t.loginuid).unwrap_or(NA).to_string())
        }
        ids::GROUP_GID => FieldValue::Uint(u64::from(t.gid)),
        ids::GROUP_NAME => FieldValue::Str(users.group_name(t.gid).unwrap_or(NA).to_string()),
        ids::CONTAINER_ID => return s(t.container_id.to_string()),
        ids::CONTAINER_NAME if t.container.is_none() => return s(HOST),
        ids::CONTAINER_FULL_ID => match &t.container {
            Some(c) => return s(c.full_id.clone()),
            None => return s(HOST),
        },
        ids::CONTAINER_TYPE => return t.container.as_ref().and_then(|c| s(c.engine)),
        // The start of the container's pid namespace, as the container plugin reports it.
        ids::CONTAINER_START_TS => {
            t.container.as_ref()?;
            let main = src.main().unwrap_or(t);
            return (main.pidns_init_start_ts != 0)
                .then_some(FieldValue::Uint(main.pidns_init_start_ts));
        }
        ids::CONTAINER_DURATION => {
            t.container.as_ref()?;
            let start = src.main().unwrap_or(t).pidns_init_start_ts;
            if start == 0 {
                return None;
            }
            FieldValue::Uint(src.ev.ts().checked_sub(start)?)
        }
        ids::PROC_IS_CONTAINER_HEALTHCHECK
        | ids::PROC_IS_CONTAINER_LIVENESS_PROBE
        | ids::PROC_IS_CONTAINER_READINESS_PROBE => FieldValue::Bool(false),
        _ => return None,
    })
}

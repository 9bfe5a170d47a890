//! Event names → event codes (`names_to_codes`, libsinsp `names_to_event_set`) and the
//! names Falco accepts as `evt.type` values.

use super::{event_table, syscall_id, EventSet, PPME_ASYNCEVENT_E, PPME_GENERIC_E, PPME_GENERIC_X};

/// Async event names Falco knows with its default plugins: the container plugin pushes
/// `container` and `container_removed` events through `PPME_ASYNCEVENT_E`.
pub const ASYNC_EVENT_NAMES: &[&str] = &["container", "container_removed"];

/// The codes a rule restricted to event names `names` can match (§5 point 3):
/// - every code from 2 on whose table name is in `names` (all versions, enter and exit);
/// - `PPME_ASYNCEVENT_E` for async event names;
/// - `PPME_GENERIC_E`/`X` when a name matched no table entry but is a ppm_sc syscall name.
///
/// Unknown names add nothing.
pub fn names_to_codes(names: &[&str]) -> EventSet {
    let mut set = EventSet::empty();
    let mut matched = vec![false; names.len()];
    for ev in event_table().iter().skip(2) {
        for (i, n) in names.iter().enumerate() {
            if ev.name == *n {
                set.insert(ev.code);
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
            }
        }
    }
    if names.iter().any(|n| ASYNC_EVENT_NAMES.contains(n)) {
        set.insert(PPME_ASYNCEVENT_E);
    }
    let generic = names
        .iter()
        .zip(&matched)
        .any(|(n, m)| !*m && !ASYNC_EVENT_NAMES.contains(n) && syscall_id(n).is_some());
    if generic {
        set.insert(PPME_GENERIC_E);
        set.insert(PPME_GENERIC_X);
    }
    set
}

/// Whether `evt.type = name` is accepted: an event-table name, a ppm_sc syscall name or an
/// async event name. Otherwise Falco reports `unknown event type NAME`.
pub fn is_known_event_type(name: &str) -> bool {
    if name.is_empty() || name == "NA" {
        return false;
    }
    event_table().iter().any(|e| e.name == name)
        || syscall_id(name).is_some()
        || ASYNC_EVENT_NAMES.contains(&name)
}

/// [`is_known_event_type`] with Falco's message: `unknown event type NAME`.
pub fn check_event_type(name: &str) -> Result<(), String> {
    if is_known_event_type(name) {
        Ok(())
    } else {
        Err(format!("unknown event type {name}"))
    }
}

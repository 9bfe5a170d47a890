//! The index of every parameter name in every event code, built at compile time from the
//! generated event table: finding a parameter is one look-up, never a search by name.
//!
//! An index is the parameter's position in its code's table entry. Captures written by
//! older drivers carry fewer parameters under the same code: the index is then past the
//! event's last parameter, and reading it gives "absent" as a missing parameter does.

use super::param_names::{ParamName, PARAM_NAMES};
use super::table::EVENTS;

/// Marks a name the code has no parameter of.
const ABSENT: u8 = u8::MAX;

/// `INDEX[code][name]`: the position of parameter `name` in event `code`, or [`ABSENT`].
static INDEX: [[u8; PARAM_NAMES]; EVENTS.len()] = build();

const fn build() -> [[u8; PARAM_NAMES]; EVENTS.len()] {
    let mut index = [[ABSENT; PARAM_NAMES]; EVENTS.len()];
    let mut code = 0;
    while code < EVENTS.len() {
        let params = EVENTS[code].params;
        let mut i = params.len();
        // Backwards, so a name listed twice resolves to its first position.
        while i > 0 {
            i -= 1;
            index[code][params[i].name_id as usize] = i as u8;
        }
        code += 1;
    }
    index
}

/// The position of parameter `name` in event code `code`; `None` when the code has no
/// such parameter or is outside the table.
#[inline]
pub fn param_index(code: u16, name: ParamName) -> Option<usize> {
    let at = *INDEX.get(usize::from(code))?.get(name as usize)?;
    (at != ABSENT).then_some(usize::from(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{event_info, PPM_EVENT_MAX};

    #[test]
    fn every_code_and_name_agrees_with_a_search_of_the_table() {
        let mut found = 0;
        for code in 0..PPM_EVENT_MAX {
            let info = event_info(code).expect("code in the table");
            for p in info.params {
                let name = ParamName::from_name(p.name).expect("every table name has a variant");
                assert_eq!(name.name(), p.name);
                let first = info.params.iter().position(|q| q.name == p.name);
                assert_eq!(param_index(code, name), first, "{} {}", info.ppme, p.name);
                found += 1;
            }
            let absent = (0..PARAM_NAMES as u8)
                .filter(|n| param_index(code, name_of(*n)).is_none())
                .count();
            assert_eq!(absent + distinct(info.params), PARAM_NAMES, "{}", info.ppme);
        }
        assert!(found > 1000, "{found} parameters");
        assert_eq!(param_index(PPM_EVENT_MAX, ParamName::Fd), None);
    }

    #[test]
    fn names_resolve_to_their_positions_in_event_versions() {
        // execve exit, version 19 (PPME_SYSCALL_EXECVE_19_X = 293): res, exe, args, tid, pid.
        assert_eq!(param_index(293, ParamName::Res), Some(0));
        assert_eq!(param_index(293, ParamName::Pid), Some(4));
        assert_eq!(param_index(293, ParamName::Fd), None);
        assert_eq!(
            ParamName::from_name("trusted_exepath"),
            Some(ParamName::TrustedExepath)
        );
        assert_eq!(ParamName::from_name("nosuch"), None);
    }

    fn name_of(n: u8) -> ParamName {
        (0..PPM_EVENT_MAX)
            .filter_map(event_info)
            .flat_map(|i| i.params)
            .map(|p| p.name_id)
            .find(|id| *id as u8 == n)
            .expect("every variant is some parameter's name")
    }

    fn distinct(params: &[crate::events::ParamInfo]) -> usize {
        let mut ids: Vec<ParamName> = params.iter().map(|p| p.name_id).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    }
}

//! Differential test against sysdig (libsinsp 2022): the exit events this reader delivers,
//! as (evt.rawtime, thread.tid, evt.type), equal sysdig's exit events on every capture.
//!
//! Documented exceptions: events whose raw code is not in the 2022 table (>= 336) are
//! skipped by sysdig 0.29.3; they are left out of our side.

mod common;

use std::collections::HashSet;

use falcoc_compiler::catalog::events::{syscall_name_2022, Direction};
use falcoc_runtime::Event;

/// The code count of the 2022 libs: sysdig 0.29.3 skips events with codes beyond it.
const PPM_EVENT_MAX_2022: u16 = 336;

/// `evt.type` as sysdig 0.29.3 prints it: generic events by their ppm_sc name.
fn type_name(ev: &Event<'_>) -> String {
    match ev.syscall_id() {
        Some(id) => syscall_name_2022(id).unwrap_or("<unknown>").to_owned(),
        None => ev.name().to_owned(),
    }
}

#[test]
fn exit_events_match_sysdig() {
    let caps = common::captures();
    for cap in caps {
        let bytes = common::plain_bytes(&cap);
        let (raw, err) = common::read_all(&bytes, true);
        assert!(err.is_none(), "{}: {err:?}", cap.display());
        let unknown_2022: HashSet<(u64, i64)> = raw
            .iter()
            .map(|e| e.view())
            .filter(|e| e.code() >= PPM_EVENT_MAX_2022)
            .map(|e| (e.ts(), e.tid()))
            .collect();
        let (events, err) = common::read_all(&bytes, false);
        assert!(err.is_none(), "{}: {err:?}", cap.display());
        let ours: Vec<String> = events
            .iter()
            .map(|e| e.view())
            .filter(|e| e.direction() == Direction::Exit)
            .filter(|e| !unknown_2022.contains(&(e.ts(), e.tid())))
            .map(|e| format!("{} {} {}", e.ts(), e.tid(), type_name(&e)))
            .collect();
        let Some(theirs) = common::sysdig(
            &cap,
            "%evt.rawtime %thread.tid %evt.type %evt.dir",
            "evt.dir=<",
        ) else {
            return;
        };
        let theirs: Vec<String> = theirs
            .iter()
            .map(|l| l.trim_end_matches(" <").to_owned())
            .collect();
        if ours != theirs {
            let a: HashSet<&String> = ours.iter().collect();
            let b: HashSet<&String> = theirs.iter().collect();
            let only_ours: Vec<_> = ours.iter().filter(|l| !b.contains(l)).take(10).collect();
            let only_theirs: Vec<_> = theirs.iter().filter(|l| !a.contains(l)).take(10).collect();
            panic!(
                "{}: {} exit events, sysdig {}; only ours: {only_ours:?}; only sysdig: {only_theirs:?}",
                cap.display(),
                ours.len(),
                theirs.len()
            );
        }
        println!("{}: {} exit events match sysdig", cap.display(), ours.len());
    }
}

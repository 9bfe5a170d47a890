//! The generated event table against `spec/event-table.tsv` and `spec/ppm-sc.tsv`, and the
//! event-name → code-set rules of §5.

mod common;

use falcoc_compiler::catalog::events::{
    check_event_type, event_info, event_table, is_known_event_type, longest_matching_param,
    names_to_codes, syscall_id, syscall_name, Direction, EventSet, ParamExtra, ParamType,
    PPME_ASYNCEVENT_E, PPME_GENERIC_E, PPME_GENERIC_X, PPM_EVENT_MAX,
};

#[test]
fn table_matches_tsv() {
    let Some(rows) = common::spec_rows("event-table.tsv") else {
        return;
    };
    assert_eq!(rows.len(), event_table().len());
    for row in &rows {
        let code: u16 = row[0].parse().unwrap();
        let ev = event_info(code).unwrap();
        assert_eq!(ev.code, code);
        assert_eq!(ev.ppme, row[1]);
        let dir = if row[2] == "E" {
            Direction::Enter
        } else {
            Direction::Exit
        };
        assert_eq!(ev.direction, dir, "{}", row[1]);
        assert_eq!(ev.name, row[3]);
        let n: usize = row[6].parse().unwrap();
        assert_eq!(ev.params.len(), n, "{}", row[1]);
        let specs: Vec<&str> = if n == 0 {
            vec![]
        } else {
            row[7].split(';').collect()
        };
        for (p, spec) in ev.params.iter().zip(specs) {
            let parts: Vec<&str> = spec.split(':').collect();
            assert_eq!(p.name, parts[0]);
            assert_eq!(p.ptype.pt_name(), parts[1]);
            assert_eq!(p.format.pf_name(), parts[2]);
        }
    }
}

#[test]
fn syscalls_match_tsv() {
    let Some(rows) = common::spec_rows("ppm-sc.tsv") else {
        return;
    };
    for row in &rows {
        let code: u16 = row[0].parse().unwrap();
        assert_eq!(syscall_name(code), Some(row[1].as_str()));
    }
    assert_eq!(syscall_name(rows.len() as u16), None);
}

#[test]
fn basic_lookups() {
    assert_eq!(PPM_EVENT_MAX, 454);
    assert_eq!(
        event_info(PPME_ASYNCEVENT_E).unwrap().ppme,
        "PPME_ASYNCEVENT_E"
    );
    assert_eq!(event_info(322).unwrap().ppme, "PPME_PLUGINEVENT_E");
    assert!(event_info(PPM_EVENT_MAX).is_none());
    assert_eq!(
        syscall_id("openat"),
        syscall_name(syscall_id("openat").unwrap()).and(syscall_id("openat"))
    );
    assert_eq!(syscall_name(5), Some("open"));
    assert_eq!(syscall_id("nosuch"), None);
    let open_x = event_info(3).unwrap();
    assert_eq!(
        open_x.param("flags").unwrap().1.extra,
        ParamExtra::Values("file_flags")
    );
    let ptrace = event_table()
        .iter()
        .find(|e| e.name == "ptrace" && e.direction == Direction::Exit)
        .unwrap();
    let addr = ptrace.param("addr").unwrap().1;
    assert_eq!(
        addr.extra,
        ParamExtra::Dyn(&[ParamType::Uint64, ParamType::SigType])
    );
    for t in ParamType::ALL {
        assert_eq!(ParamType::from_code(t.code()), Some(t));
        assert_eq!(ParamType::from_pt_name(t.pt_name()), Some(t));
    }
}

fn count(names: &str) -> usize {
    let v: Vec<&str> = names.split(',').collect();
    names_to_codes(&v).len()
}

#[test]
fn names_to_codes_counts() {
    assert_eq!(count("open"), 2);
    assert_eq!(count("open,openat,openat2"), 8);
    assert_eq!(count("execve,execveat"), 18);
    assert_eq!(count("nosuch"), 0);
    // a syscall without its own event maps to the generic pair
    let s = names_to_codes(&["madvise_nosuch", "getegid32"]);
    assert_eq!(
        s.iter().collect::<Vec<_>>(),
        vec![PPME_GENERIC_E, PPME_GENERIC_X]
    );
    // a name with its own event does not pull in the generic pair
    assert!(!names_to_codes(&["open"]).contains(PPME_GENERIC_E));
    let c = names_to_codes(&["container"]);
    assert!(c.contains(PPME_ASYNCEVENT_E));
    // `syscall` (the name of codes 0/1) is not looked up in 0..2
    assert!(!names_to_codes(&["syscall"]).contains(PPME_GENERIC_E));
}

#[test]
fn upstream_event_names_are_small_sets() {
    let names = "accept accept4 bpf chmod connect creat dup dup2 dup3 execve execveat fchmod fchmodat finit_module init_module link linkat listen mkdir mkdirat open openat openat2 ptrace recvfrom recvmsg rename renameat renameat2 rmdir sendmsg sendto setns setuid socket symlink symlinkat unlink unlinkat unshare userfaultfd";
    for n in names.split(' ') {
        assert!(is_known_event_type(n), "{n}");
        let s = names_to_codes(&[n]);
        assert!(!s.is_empty() && s.len() <= 18, "{n}: {}", s.len());
    }
}

#[test]
fn known_event_types() {
    assert!(is_known_event_type("open"));
    assert!(is_known_event_type("container"));
    assert!(is_known_event_type("container_removed"));
    assert_eq!(
        names_to_codes(&["container_removed"])
            .iter()
            .collect::<Vec<_>>(),
        vec![PPME_ASYNCEVENT_E]
    );
    assert!(is_known_event_type("getegid32"));
    assert!(!is_known_event_type("nosuch"));
    assert!(!is_known_event_type("NA"));
    assert!(!is_known_event_type(""));
    assert_eq!(
        check_event_type("nosuch").unwrap_err(),
        "unknown event type nosuch"
    );
    assert!(check_event_type("openat2").is_ok());
}

#[test]
fn event_set_algebra() {
    let all = EventSet::all();
    assert_eq!(all.len(), PPM_EVENT_MAX as usize);
    assert!(all.complement().is_empty());
    let a = EventSet::from_codes([2, 3, 100]);
    let b = EventSet::from_codes([3, 4]);
    assert_eq!(a.union(&b).len(), 4);
    assert_eq!(a.intersect(&b).iter().collect::<Vec<_>>(), vec![3]);
    assert_eq!(a.complement().len(), PPM_EVENT_MAX as usize - 3);
    assert!(!a.complement().contains(100));
    assert!(!a.contains(PPM_EVENT_MAX));
    let mut c = EventSet::empty();
    assert!(!c.insert(PPM_EVENT_MAX));
    assert!(c.insert(5));
    c.remove(5);
    assert!(c.is_empty());
}

#[test]
fn longest_param_prefix() {
    let p = longest_matching_param("res").unwrap();
    assert_eq!(p.ptype, ParamType::Errno);
    let p = longest_matching_param("uid").unwrap();
    assert_eq!(p.ptype, ParamType::Uint32);
    // `flagsx` has the prefix `flags`; the caller rejects the leftover
    assert_eq!(longest_matching_param("flagsx").unwrap().name, "flags");
    assert!(longest_matching_param("").is_none());
    assert!(longest_matching_param("zzz").is_none());
}

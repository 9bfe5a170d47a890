//! Differential test against sysdig: the process list read from each capture matches what
//! sysdig shows for threads that appear in events, before any execve changes them.

mod common;

use std::collections::HashMap;

use falcoc_runtime::CaptureReader;

#[test]
fn process_list_matches_sysdig() {
    let mut compared = 0;
    for cap in common::captures() {
        let r = CaptureReader::open_path(&cap).expect("capture opens");
        let tables = r.tables();
        let Some(lines) = common::sysdig(
            &cap,
            "*%thread.tid\t%evt.type\t%evt.dir\t%proc.name\t%proc.exe\t%proc.args",
            "",
        ) else {
            return;
        };
        let mut first: HashMap<i64, Vec<&str>> = HashMap::new();
        for l in &lines {
            let cols: Vec<&str> = l.split('\t').collect();
            let Some(tid) = cols.first().and_then(|t| t.parse::<i64>().ok()) else {
                continue;
            };
            first.entry(tid).or_insert(cols);
        }
        for (tid, cols) in &first {
            let Some(t) = tables.thread(*tid) else {
                continue;
            };
            let [_, ty, dir, name, exe, args] = cols.as_slice() else {
                panic!("unexpected sysdig line {cols:?}");
            };
            if (*ty == "execve" && *dir == "<") || *ty == "procexit" {
                continue;
            }
            let ours_args = t.args.join(" ");
            let ctx = format!("{} tid {tid}", cap.display());
            assert_eq!(&t.comm, name, "{ctx}: proc.name");
            assert_eq!(&t.exe, exe, "{ctx}: proc.exe");
            let theirs_args = if *args == "<NA>" { "" } else { *args };
            assert_eq!(
                ours_args.trim_end(),
                theirs_args.trim_end(),
                "{ctx}: proc.args"
            );
            compared += 1;
        }
    }
    println!("compared {compared} threads");
    if common::shared_dir().is_some() {
        assert!(compared >= 10, "too few threads compared: {compared}");
    }
}

#[test]
fn tables_have_expected_shape() {
    let Some(path) = common::capture("sample.scap") else {
        return;
    };
    let r = CaptureReader::open_path(&path).expect("sample.scap opens");
    let t = r.tables();
    // scap-format.md: sample.scap has 94 PL entries, 56 of the 94 FDL blocks empty.
    assert_eq!(t.threads.len(), 94);
    let with_fds = t.threads.iter().filter(|th| !th.fds.is_empty()).count();
    assert_eq!(with_fds, 94 - 56);
    assert!(t.unattached_fds.is_empty());
    let m = t.machine.as_ref().expect("machine info");
    assert!(m.num_cpus > 0 && !m.hostname.is_empty());
    assert!(!t.users.is_empty() && t.user(0).is_some_and(|u| u.name == "root"));
    assert!(t.group(0).is_some_and(|g| g.name == "root"));
    for th in &t.threads {
        // PL v9 entries carry the optional tail and every versioned field.
        assert!(
            th.exepath.is_some() && th.vpgid.is_some() && th.root.is_some(),
            "tid {}",
            th.tid
        );
        assert!(th.loginuid.is_some());
        if th.tid == th.pid {
            assert_eq!(th.flags & (1 << 13), 0, "main thread without CLONE_THREAD");
        }
    }
}

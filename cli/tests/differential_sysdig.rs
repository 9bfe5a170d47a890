//! Differential test against libsinsp (Debian's `sysdig`, 2022): a generated set of
//! conditions over common fields and every operator family is evaluated by `falcoc replay
//! --filter` and by `sysdig` on every shared capture; the matching events (by `evt.rawtime`
//! and `thread.tid`) must be the same, except where modern Falco and libsinsp 2022 are known
//! to differ (listed in KNOWN_DIFFERENCES with the reason).

mod common;

use common::{captures, oracle_ready};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

type EventKey = (u64, i64);

/// Event types on which libsinsp 2022 and modern Falco legitimately disagree
/// (../shared/README.md): modern libs merge enter parameters into exits (so `mmap` and
/// friends carry fd context), read fd details of `sendmsg`/`connect`/`socket` exits
/// differently, and drop some old records such as `mprotect`.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "mprotect",
        "old mprotect records do not reach rules in modern Falco",
    ),
    (
        "mmap",
        "modern libs merge the enter fd into the exit: fd fields exist on the exit",
    ),
    ("mmap2", "as mmap"),
    ("munmap", "as mmap"),
    ("sendmsg", "fd details taken from the enter event in 2022"),
    ("sendto", "fd details taken from the enter event in 2022"),
    ("connect", "fd details taken from the enter event in 2022"),
    ("socket", "fd details taken from the enter event in 2022"),
];

/// Fields whose values depend on the reading machine or differ by design in old captures.
const UNCOMPARABLE_FIELDS: &[(&str, &str)] = &[
    (
        "user.name",
        "uids missing from the capture resolve through the reading machine",
    ),
    (
        "proc.vpid",
        "filled for threads of old captures by modern libs",
    ),
    (
        "user.loginuid",
        "filled for threads of old captures by modern libs",
    ),
];

fn parse_keys(out: &[u8]) -> BTreeSet<EventKey> {
    String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .collect()
}

/// Exit events sysdig matches, or `None` when sysdig rejects the condition.
fn sysdig_matches(cap: &Path, cond: &str) -> Option<BTreeSet<EventKey>> {
    let filter = format!("({cond}) and evt.dir = <");
    let out = falcoc_testkit::sysdig::command(cap)
        .args(["-p", "%evt.rawtime %thread.tid", &filter])
        .output()
        .ok()?;
    out.status.success().then(|| parse_keys(&out.stdout))
}

/// The events falcoc's filter selects, the same under every engine.
fn falcoc_matches(cap: &Path, cond: &str) -> Result<BTreeSet<EventKey>, String> {
    let mut first: Option<BTreeSet<EventKey>> = None;
    for engine in common::ENGINES {
        let keys = falcoc_matches_with(engine, cap, cond)?;
        match &first {
            None => first = Some(keys),
            Some(f) if *f != keys => {
                return Err(format!("engine `{engine}` selects other events for {cond}"))
            }
            Some(_) => {}
        }
    }
    Ok(first.unwrap_or_default())
}

fn falcoc_matches_with(engine: &str, cap: &Path, cond: &str) -> Result<BTreeSet<EventKey>, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .arg(cap)
        .args(["--print", "%evt.rawtime %thread.tid", "--filter", cond])
        .args(["--engine", engine])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string());
    }
    Ok(parse_keys(&out.stdout))
}

/// What both sides say about one exit event, to explain documented disagreements.
#[derive(Clone, Debug, Default)]
struct Facts {
    /// `evt.type` (sysdig).
    ty: String,
    /// sysdig's `fd.typechar` and `fd.type`.
    their_typechar: String,
    their_fdtype: String,
    /// sysdig's `group.gid`.
    their_gid: String,
    /// falcoc's `proc.pid`, `thread.tid` and `fd.typechar`.
    our_pid: String,
    our_tid: String,
    our_typechar: String,
    /// falcoc's `evt.rawres` (`<NA>` without a syscall return value).
    our_rawres: String,
    /// The capture's file name.
    capture: String,
}

/// (rawtime, tid) → facts of every exit event sysdig shows.
fn event_facts(cap: &Path) -> BTreeMap<EventKey, Facts> {
    let out = falcoc_testkit::sysdig::command(cap)
        .args([
            "-p",
            "*%evt.rawtime %thread.tid %evt.type|%fd.typechar|%fd.type|%group.gid",
            "evt.dir = <",
        ])
        .output()
        .expect("sysdig runs");
    let mut facts: BTreeMap<EventKey, Facts> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut it = line.splitn(3, ' ');
        let (Some(Ok(ts)), Some(Ok(tid)), Some(rest)) = (
            it.next().map(str::parse::<u64>),
            it.next().map(str::parse::<i64>),
            it.next(),
        ) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('|').collect();
        let f = facts.entry((ts, tid)).or_default();
        f.capture = cap
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        f.ty = parts.first().unwrap_or(&"").to_string();
        f.their_typechar = parts.get(1).unwrap_or(&"").to_string();
        f.their_fdtype = parts.get(2).unwrap_or(&"").to_string();
        f.their_gid = parts.get(3).unwrap_or(&"").to_string();
    }
    let ours = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .arg(cap)
        .args([
            "--print",
            "%evt.rawtime %thread.tid %proc.pid %fd.typechar %evt.rawres",
        ])
        .output()
        .expect("falcoc runs");
    for line in String::from_utf8_lossy(&ours.stdout).lines() {
        let v: Vec<&str> = line.split(' ').collect();
        let (Some(Ok(ts)), Some(Ok(tid))) = (
            v.first().map(|s| s.parse::<u64>()),
            v.get(1).map(|s| s.parse::<i64>()),
        ) else {
            continue;
        };
        if let Some(f) = facts.get_mut(&(ts, tid)) {
            f.our_tid = v[1].to_string();
            f.our_pid = v.get(2).unwrap_or(&"").to_string();
            f.our_typechar = v.get(3).unwrap_or(&"").to_string();
            f.our_rawres = v.get(4).unwrap_or(&"").to_string();
        }
    }
    facts
}

/// Why modern Falco (and falcoc) legitimately differ from libsinsp 2022 on this event for
/// a condition on `field`; `None` when nothing explains it.
fn explained(field: &str, f: &Facts) -> Option<&'static str> {
    if let Some((_, why)) = KNOWN_DIFFERENCES.iter().find(|(t, _)| *t == f.ty) {
        return Some(why);
    }
    if field == "evt.failed" && f.our_rawres == "<NA>" {
        return Some("an event without a syscall return value (an old exit without parameters) has no evt.failed in modern libsinsp (falco-fields oracle); 2022 gave false");
    }
    if f.our_pid == "-1" {
        return Some("a thread missing from the process list: modern libs make a placeholder with pid -1; 2022 used the tid");
    }
    let on_fd = field.starts_with("fd.");
    if on_fd && f.their_typechar == "o" && f.our_typechar == "<NA>" {
        return Some("an fd never opened in the capture: 2022 invented an fd of unknown type `o`; modern libs have none");
    }
    if field == "fd.typechar" && f.ty == "open" && f.our_typechar == "o" {
        return Some("an open exit without an fd: modern libsinsp guesses the letter from the event type, and its list names openat, openat2 and creat but not open, so `o` (falco-fields oracle); 2022 gave `f`");
    }
    if on_fd && f.their_fdtype == "unix" && matches!(field, "fd.cport" | "fd.sport" | "fd.l4proto")
    {
        return Some("2022 printed port 0 / a protocol for unix sockets");
    }
    if field == "fd.l4proto" && matches!(f.their_typechar.as_str(), "4" | "6") {
        return Some("modern socket exits carry domain/type/proto, so an IP socket knows its l4 protocol from socket() on; 2022 learned it at connect/accept");
    }
    if field == "fd.filename" && f.ty.starts_with("open") {
        return Some("a failed open names its file in modern libs' fd.filename too");
    }
    if field == "group.gid" && f.capture == "sample.scap" {
        return Some(
            "sample.scap was written by newer libs; 2022 misreads the tail of its process list",
        );
    }
    if field == "group.gid" && f.their_gid == "8589934591" {
        return Some("2022 printed an unknown gid (-1) widened to 33 bits");
    }
    if field.starts_with("proc.p") && field != "proc.pid" && f.our_pid != f.our_tid {
        return Some("2022 took a thread's parent from the thread's own ptid; modern libs walk from the main thread");
    }
    None
}

/// Distinct values sysdig prints for `field` on exit events (at most `n`).
fn sample_values(cap: &Path, field: &str, n: usize) -> Vec<String> {
    let out = falcoc_testkit::sysdig::command(cap)
        .args(["-p", &format!("*%{field}"), "evt.dir = <"])
        .output();
    let Ok(out) = out else { return Vec::new() };
    let mut seen = BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v = line.trim();
        if v.is_empty()
            || v == "<NA>"
            || v.contains(' ')
            || v.contains('"')
            || v.contains('\'')
            || v.contains('(')
            || v.contains(')')
            || v.contains(',')
            || v.contains('=')
        {
            continue;
        }
        seen.insert(v.to_string());
        if seen.len() >= n {
            break;
        }
    }
    seen.into_iter().collect()
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Path,
    Num,
    Bool,
    Ip,
}

const FIELDS: &[(&str, Kind)] = &[
    ("proc.name", Kind::Str),
    ("proc.exe", Kind::Str),
    ("proc.cmdline", Kind::Str),
    ("proc.args", Kind::Str),
    ("proc.pname", Kind::Str),
    ("proc.cwd", Kind::Path),
    ("proc.pid", Kind::Num),
    ("proc.ppid", Kind::Num),
    ("thread.tid", Kind::Num),
    ("user.uid", Kind::Num),
    ("group.gid", Kind::Num),
    ("fd.name", Kind::Path),
    ("fd.directory", Kind::Path),
    ("fd.filename", Kind::Str),
    ("fd.num", Kind::Num),
    ("fd.type", Kind::Str),
    ("fd.typechar", Kind::Str),
    ("fd.l4proto", Kind::Str),
    ("fd.sip", Kind::Ip),
    ("fd.cip", Kind::Ip),
    ("fd.sport", Kind::Num),
    ("fd.cport", Kind::Num),
    ("evt.type", Kind::Str),
    ("evt.res", Kind::Str),
    ("evt.rawres", Kind::Num),
    ("evt.failed", Kind::Bool),
    ("evt.is_open_read", Kind::Bool),
    ("evt.is_open_write", Kind::Bool),
    ("evt.cpu", Kind::Num),
];

/// Conditions for one field from the values seen in a capture.
fn conditions_for(field: &str, kind: Kind, values: &[String]) -> Vec<String> {
    let mut out = vec![format!("{field} exists"), format!("not {field} exists")];
    let Some(v) = values.first() else { return out };
    match kind {
        Kind::Str | Kind::Path => {
            out.push(format!("{field} = {v}"));
            out.push(format!("{field} != {v}"));
            out.push(format!("{field} in ({})", values.join(", ")));
            let cut = v
                .char_indices()
                .nth(v.chars().count() / 2)
                .map_or(v.len(), |(i, _)| i)
                .max(1);
            let prefix = &v[..cut.min(v.len())];
            out.push(format!("{field} startswith {prefix}"));
            out.push(format!("{field} contains {}", &v[v.len() / 3..]));
            out.push(format!("{field} endswith {}", &v[v.len() / 2..]));
            out.push(format!("{field} icontains {}", v.to_uppercase()));
            out.push(format!("{field} glob {prefix}*"));
            if matches!(kind, Kind::Path) && v.starts_with('/') {
                let dir = v
                    .rsplit_once('/')
                    .map(|(d, _)| d)
                    .filter(|d| !d.is_empty())
                    .unwrap_or("/");
                out.push(format!("{field} pmatch ({dir})"));
            }
        }
        Kind::Num => {
            out.push(format!("{field} = {v}"));
            out.push(format!("{field} != {v}"));
            out.push(format!("{field} < {v}"));
            out.push(format!("{field} >= {v}"));
            out.push(format!("{field} in ({})", values.join(", ")));
        }
        Kind::Bool => {
            out.push(format!("{field} = true"));
            out.push(format!("{field} = false"));
        }
        Kind::Ip => {
            out.push(format!("{field} = {v}"));
            out.push(format!("{field} != {v}"));
            out.push(format!("{field} in ({})", values.join(", ")));
        }
    }
    out
}

#[test]
fn generated_conditions_match_libsinsp() {
    let Some(shared) = oracle_ready() else { return };
    let caps = captures(&shared);
    let mut compared = 0;
    let mut failures = Vec::new();
    for cap in &caps {
        let facts = event_facts(cap);
        for (field, kind) in FIELDS {
            if UNCOMPARABLE_FIELDS.iter().any(|(f, _)| f == field) {
                continue;
            }
            let values = sample_values(cap, field, 3);
            for cond in conditions_for(field, *kind, &values) {
                let Some(expected) = sysdig_matches(cap, &cond) else {
                    continue;
                };
                let got = match falcoc_matches(cap, &cond) {
                    Ok(g) => g,
                    Err(e) => {
                        failures.push(format!("{}: `{cond}`: falcoc failed: {e}", cap.display()));
                        continue;
                    }
                };
                compared += 1;
                let unexplained: Vec<_> = expected
                    .symmetric_difference(&got)
                    .filter(|k| {
                        // Enter-only kinds (procinfo, procexit, switch…) reach rules in
                        // modern Falco but are outside sysdig's `evt.dir = <` view.
                        let Some(f) = facts.get(k) else { return false };
                        explained(field, f).is_none()
                    })
                    .collect();
                if !unexplained.is_empty() {
                    failures.push(format!(
                        "{}: `{cond}`: {} events differ, e.g. {:?} ({})",
                        cap.file_name().unwrap().to_string_lossy(),
                        unexplained.len(),
                        unexplained[0],
                        facts
                            .get(unexplained[0])
                            .map(|f| f.ty.as_str())
                            .unwrap_or("?")
                    ));
                }
            }
        }
    }
    println!(
        "compared {compared} conditions over {} captures",
        caps.len()
    );
    assert!(
        compared >= 300,
        "only {compared} conditions were comparable"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

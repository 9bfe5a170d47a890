//! Differential test of state and field extraction against sysdig (libsinsp of 2022):
//! for every capture of the corpus and a broad list of fields, the value falcoc extracts
//! on each exit event equals what `sysdig -p` prints for the same event (matched by
//! `evt.rawtime` and `thread.tid`), except where [`EXCEPTIONS`] documents why modern
//! Falco (the target) differs from the 2022 libsinsp inside sysdig.

mod common;
mod sysdig_exceptions;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use falcoc_compiler::catalog::events::{Direction, ParamFormat};
use falcoc_compiler::catalog::fields::{resolve_field, ResolvedField};
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::{CaptureReader, Inspector};
use sysdig_exceptions::{Cond, Facts, Kind, EXCEPTIONS};

/// Separates the fields of one sysdig output line.
const SEP: &str = "\u{1e}";
/// Fields per sysdig run.
const BATCH: usize = 25;

/// The fields compared (sysdig's names; arguments in brackets). Not here: fields sysdig
/// 0.29.3 parses as a shorter field followed by literal text (`evt.type.is.open`,
/// `proc.vpgid.name`, `proc.exe_ino`), and raw parameters that make it stop (`evt.rawarg.fd`, spec §8).
const FIELDS: &[&str] = &[
    "evt.time",
    "evt.time.s",
    "evt.datetime",
    "evt.datetime.s",
    "evt.time.iso8601",
    "evt.rawtime.s",
    "evt.rawtime.ns",
    "evt.type",
    "evt.dir",
    "evt.cpu",
    "evt.category",
    "evt.args",
    "evt.info",
    "evt.res",
    "evt.rawres",
    "evt.failed",
    "evt.is_io",
    "evt.is_io_read",
    "evt.is_io_write",
    "evt.io_dir",
    "evt.is_wait",
    "evt.is_syslog",
    "evt.count",
    "evt.count.error",
    "evt.count.exit",
    "evt.buflen",
    "evt.is_open_read",
    "evt.is_open_write",
    "evt.is_open_exec",
    "evt.arg.fd",
    "evt.arg.res",
    "evt.arg.name",
    "evt.arg.flags",
    "evt.arg.mode",
    "evt.arg.tuple",
    "evt.arg.addr",
    "evt.arg.data",
    "evt.arg[0]",
    "evt.arg[1]",
    "evt.rawarg.res",
    "syscall.type",
    "evt.hostname",
    "proc.name",
    "proc.exe",
    "proc.exepath",
    "proc.args",
    "proc.cmdline",
    "proc.exeline",
    "proc.cmdnargs",
    "proc.cmdlenargs",
    "proc.pname",
    "proc.pexe",
    "proc.pcmdline",
    "proc.aname[0]",
    "proc.aname[1]",
    "proc.aname[2]",
    "proc.aname[3]",
    "proc.apid[1]",
    "proc.apid[2]",
    "proc.pid",
    "proc.ppid",
    "proc.vpid",
    "proc.pvpid",
    "proc.sid",
    "proc.sname",
    "proc.vpgid",
    "proc.tty",
    "proc.cwd",
    "proc.env",
    "proc.loginshellid",
    "proc.duration",
    "proc.fdopencount",
    "proc.fdlimit",
    "proc.vmsize",
    "proc.vmrss",
    "proc.vmswap",
    "proc.nthreads",
    "proc.nchilds",
    "proc.is_exe_writable",
    "proc.pid.ts",
    "proc.stdin.type",
    "proc.stdout.type",
    "proc.stderr.type",
    "proc.stdin.name",
    "proc.stdout.name",
    "proc.stderr.name",
    "proc.is_sid_leader",
    "proc.is_vpgid_leader",
    "thread.tid",
    "thread.vtid",
    "thread.ismain",
    "thread.pfmajor",
    "thread.pfminor",
    "thread.cgroups",
    "thread.cgroup.cpuset",
    "thread.vmsize",
    "thread.vmrss",
    "thread.cap_permitted",
    "thread.cap_effective",
    "user.uid",
    "user.name",
    "user.homedir",
    "user.shell",
    "user.loginuid",
    "user.loginname",
    "group.gid",
    "group.name",
    "fd.num",
    "fd.type",
    "fd.typechar",
    "fd.name",
    "fd.directory",
    "fd.filename",
    "fd.cip",
    "fd.sip",
    "fd.lip",
    "fd.rip",
    "fd.cport",
    "fd.sport",
    "fd.lport",
    "fd.rport",
    "fd.l4proto",
    "fd.sockfamily",
    "fd.is_server",
    "fd.uid",
    "fd.containername",
    "fd.connected",
    "fd.name_changed",
    "fd.dev",
    "fd.dev.major",
    "fd.dev.minor",
    "fd.ino",
    "container.id",
    "container.name",
    "container.type",
    "container.full_id",
    "evt.buflen.in",
    "evt.buflen.out",
    "evt.buflen.file",
    "evt.buflen.net",
    "evt.buflen.net.in",
    "thread.totexectime",
    "thread.exectime",
    "proc.pgid",
    "evt.count.error.file",
    "evt.count.error.net",
    "evt.count.error.other",
    "evt.abspath",
    "fd.cproto",
    "fd.sproto",
    "evt.latency",
    "evt.deltatime",
    "evt.reltime",
    "evt.num",
    "fdlist.nums",
    "fdlist.names",
    "fdlist.cips",
    "fdlist.sips",
];

/// Where an event was seen: capture file name, event type, falcoc's facts.
struct At<'a> {
    cap: &'a str,
    ty: &'a str,
    facts: Facts,
    theirs: Option<&'a str>,
    ours: Option<&'a str>,
}

/// The first exception that allows this disagreement, by position in [`EXCEPTIONS`].
fn allowed(field: &str, at: &At<'_>, kind: Kind) -> Option<usize> {
    EXCEPTIONS.iter().position(|e| {
        let field_ok = e.field == "*"
            || e.field == field
            || e.field.ends_with('*') && field.starts_with(e.field.trim_end_matches('*'));
        let cond_ok = match e.cond {
            Cond::Always => true,
            Cond::Placeholder => at.facts.placeholder,
            Cond::NotMain => !at.facts.main,
            Cond::Capture(c) => at.cap == c,
            Cond::MergedParam => merged_param(field, at.ty),
            Cond::Theirs(v) => at.theirs == Some(v),
            Cond::Ours(v) => at.ours == Some(v),
        };
        field_ok
            && cond_ok
            && (e.types.is_empty() || e.types.contains(&at.ty))
            && (e.kind == kind || e.kind == Kind::Any)
    })
}

/// The parameter names every 2022 exit event version of type `ty` has.
fn params_2022(ty: &str) -> Vec<String> {
    static TABLE: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let Some(dir) = common::shared_dir() else {
            return HashMap::new();
        };
        let text =
            std::fs::read_to_string(dir.join("spec/event-table-2022.tsv")).unwrap_or_default();
        let mut versions: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            if let (Some(&"X"), Some(name)) = (cols.get(2), cols.get(3)) {
                let params = cols.get(7).unwrap_or(&"").split(';');
                versions.entry(name.to_string()).or_default().push(
                    params
                        .filter_map(|p| p.split(':').next())
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                        .collect(),
                );
            }
        }
        versions
            .into_iter()
            .map(|(name, vs)| {
                let shortest = vs
                    .iter()
                    .min_by_key(|v| v.len())
                    .cloned()
                    .unwrap_or_default();
                let common = shortest
                    .into_iter()
                    .filter(|n| vs.iter().all(|v| v.contains(n)))
                    .collect();
                (name, common)
            })
            .collect()
    });
    table.get(ty).cloned().unwrap_or_default()
}

/// Whether `field` reads a parameter the 2022 exit event of `ty` did not have.
fn merged_param(field: &str, ty: &str) -> bool {
    let old = params_2022(ty);
    if let Some(name) = field
        .strip_prefix("evt.arg.")
        .or_else(|| field.strip_prefix("evt.rawarg."))
    {
        return !old.iter().any(|p| p == name);
    }
    if let Some(n) = field
        .strip_prefix("evt.arg[")
        .and_then(|r| r.strip_suffix(']'))
    {
        return n.parse::<usize>().is_ok_and(|n| n >= old.len());
    }
    if field.starts_with("fd.") || field.starts_with("evt.buflen") {
        return !old.iter().any(|p| p == "fd" || p == "res" || p == "fd1");
    }
    old.is_empty()
}

/// How sysdig prints a value of `f`.
fn render(f: &ResolvedField, v: &FieldValue) -> String {
    match v {
        FieldValue::Str(s) => s.clone(),
        FieldValue::Int(i) => match f.info.print {
            ParamFormat::Hex => format!("{i:X}"),
            _ => i.to_string(),
        },
        FieldValue::Uint(u) => match f.info.print {
            ParamFormat::Hex => format!("{u:X}"),
            ParamFormat::PaddedDec10 => format!("{u:09}"),
            _ => u.to_string(),
        },
        FieldValue::Double(d) => format!("{d:.2}"),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Bytes(b) => b
            .iter()
            .map(|c| {
                if (0x20..0x7f).contains(c) {
                    *c as char
                } else {
                    '.'
                }
            })
            .collect(),
        FieldValue::Ip(a) => a.to_string(),
        FieldValue::Net { addr, prefix } => format!("{addr}/{prefix}"),
        FieldValue::List(items) => items
            .iter()
            .map(|i| render(f, i))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Runs sysdig; `Err` with its message when it rejects the format or stops.
fn run_sysdig(cap: &Path, format: &str, filter: &str) -> Result<Vec<String>, String> {
    falcoc_testkit::sysdig::lines(cap, format, filter)
}

/// Whether sysdig knows `field` (an unknown field makes the whole format invalid).
fn sysdig_knows(probe: &Path, field: &str) -> bool {
    run_sysdig(probe, &format!("*%{field}"), "evt.num<3").is_ok()
}

#[derive(Default)]
struct Tally {
    equal: usize,
    ours_only: usize,
    theirs_only: usize,
    different: usize,
    excused: usize,
    failures: Vec<String>,
}

/// Our values per (rawtime, tid) for the exit events of a capture.
type Ours = HashMap<(u64, i64), (String, Facts, Vec<Option<String>>)>;

fn ours(cap: &Path, fields: &[ResolvedField]) -> Ours {
    let mut r = CaptureReader::open_path(cap).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut out = HashMap::new();
    while let Ok(Some(ev)) = r.next_event() {
        insp.process(&ev);
        if ev.direction() != Direction::Exit {
            continue;
        }
        let t = insp.threads().get(ev.tid());
        let facts = Facts {
            placeholder: t.is_none_or(|t| t.placeholder),
            main: t.is_some_and(|t| t.is_main()),
        };
        let mut src = insp.source(&ev);
        // A placeholder's `<NA>` names print like missing values.
        let vals = fields
            .iter()
            .map(|f| {
                src.extract(f)
                    .map(|v| render(f, &v))
                    .filter(|v| v != "<NA>")
            })
            .collect();
        let ty = falcoc_runtime::extract::event_type_name(&ev).to_string();
        out.insert((ev.ts(), ev.tid()), (ty, facts, vals));
    }
    out
}

/// Whether `ours` holds sysdig's text, where sysdig may have cut buffers short with
/// `...`: the pieces between the cuts appear in `ours` in order, the first at the start.
fn holds_truncated(ours: &str, theirs: &str) -> bool {
    let mut rest = ours;
    for (i, piece) in theirs.trim_end().split("...").enumerate() {
        let piece = piece.trim_end_matches('.');
        match rest.find(piece) {
            Some(0) => {}
            Some(_) if i > 0 => {}
            _ => return false,
        }
        let at = rest.find(piece).unwrap_or(0);
        rest = rest.get(at + piece.len()..).unwrap_or("");
    }
    true
}

#[test]
fn fields_match_sysdig() {
    let caps = common::captures();
    let Some(probe) = caps
        .iter()
        .min_by_key(|c| std::fs::metadata(c).map_or(u64::MAX, |m| m.len()))
    else {
        return;
    };
    if !falcoc_testkit::sysdig::available() {
        return;
    }
    let mut known = Vec::new();
    let mut lacking = Vec::new();
    for name in FIELDS {
        if sysdig_knows(probe, name) {
            known.push(*name);
        } else {
            lacking.push(*name);
        }
    }
    let resolved: Vec<ResolvedField> = known
        .iter()
        .map(|n| {
            let (base, arg) = match n.split_once('[') {
                Some((b, a)) => (b, Some(a.trim_end_matches(']'))),
                None => (*n, None),
            };
            resolve_field(base, arg).unwrap_or_else(|e| panic!("{n}: {e}"))
        })
        .collect();
    let mut tally: Vec<Tally> = known.iter().map(|_| Tally::default()).collect();
    let mut used = vec![0usize; EXCEPTIONS.len()];
    // FALCOC_SHOW_FIELD=<field> prints the excused disagreements of one field.
    let show = std::env::var("FALCOC_SHOW_FIELD").ok();
    for cap in &caps {
        let mine = ours(cap, &resolved);
        for (b, chunk) in known.chunks(BATCH).enumerate() {
            let mut fmt = String::from("*%evt.rawtime %thread.tid ");
            for f in chunk {
                let _ = write!(fmt, "{SEP}%{f}");
            }
            let lines = run_sysdig(cap, &fmt, "evt.dir=<")
                .unwrap_or_else(|e| panic!("sysdig failed on {}: {e}", cap.display()));
            for l in &lines {
                let mut parts = l.split(SEP);
                let head = parts.next().unwrap_or("");
                let mut h = head.split(' ');
                let (Some(Ok(ts)), Some(Ok(tid))) = (
                    h.next().map(str::parse::<u64>),
                    h.next().map(str::parse::<i64>),
                ) else {
                    continue;
                };
                let Some((ty, facts, vals)) = mine.get(&(ts, tid)) else {
                    continue;
                };
                let cap_name = cap.file_name().and_then(|n| n.to_str()).unwrap_or("?");
                for (k, theirs) in parts.enumerate() {
                    let theirs_text = (theirs != "<NA>").then_some(theirs);
                    let at = At {
                        cap: cap_name,
                        ty,
                        facts: *facts,
                        theirs: theirs_text,
                        ours: vals.get(b * BATCH + k).and_then(|v| v.as_deref()),
                    };
                    let idx = b * BATCH + k;
                    let (Some(t), Some(name)) = (tally.get_mut(idx), known.get(idx)) else {
                        continue;
                    };
                    let ours = vals.get(idx).cloned().flatten();
                    let theirs = (theirs != "<NA>").then(|| theirs.to_string());
                    let kind = match (&ours, &theirs) {
                        (Some(o), Some(s)) if o == s || o.trim_end() == s.trim_end() => {
                            t.equal += 1;
                            continue;
                        }
                        (None, None) => {
                            t.equal += 1;
                            continue;
                        }
                        (Some(o), Some(s)) if holds_truncated(o, s) => {
                            if let Some(e) = allowed(name, &at, Kind::Prefix) {
                                t.excused += 1;
                                used[e] += 1;
                                continue;
                            }
                            Kind::Any
                        }
                        (Some(_), None) => Kind::OursOnly,
                        (None, Some(_)) => Kind::TheirsOnly,
                        _ => Kind::Any,
                    };
                    match kind {
                        Kind::OursOnly => t.ours_only += 1,
                        Kind::TheirsOnly => t.theirs_only += 1,
                        _ => t.different += 1,
                    }
                    if let Some(e) = allowed(name, &at, kind) {
                        t.excused += 1;
                        used[e] += 1;
                        if show.as_deref() == Some(*name) {
                            println!("excused {cap_name} {ty} @{ts}/{tid}: ours {ours:?}, sysdig {theirs:?}");
                        }
                    } else if t.failures.len() < 6 {
                        t.failures.push(format!(
                            "{cap_name} {ty} @{ts}/{tid}: ours {ours:?}, sysdig {theirs:?}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        "fields sysdig 0.29.3 lacks (not compared): {}",
        lacking.join(" ")
    );
    println!(
        "{:<24} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "field", "equal", "ours", "theirs", "diff", "excused"
    );
    let mut failed = Vec::new();
    for (name, t) in known.iter().zip(&tally) {
        println!(
            "{name:<24} {:>6} {:>6} {:>6} {:>6} {:>6}",
            t.equal, t.ours_only, t.theirs_only, t.different, t.excused
        );
        for f in &t.failures {
            failed.push(format!("{name}: {f}"));
        }
    }
    assert!(
        failed.is_empty(),
        "unexplained differences:\n{}",
        failed.join("\n")
    );
    let stale: Vec<String> = EXCEPTIONS
        .iter()
        .zip(&used)
        .filter(|(_, n)| **n == 0)
        .map(|(e, _)| format!("{} {:?} ({})", e.field, e.types, e.reason))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions no disagreement needs any more: {stale:?}"
    );
}

//! Differential test against real Falco 0.44.1's own field values
//! (`../shared/spec/examples/falco-fields/`): every capture is replayed with one catch-all
//! rule (`evt.num > 0`, every field of `fields.txt` in the output, `rule_matching: all`),
//! as the oracle was made, and each alert's `output_fields` is compared with Falco's for
//! the same event (joined by `evt.rawtime` and `thread.tid`).
//!
//! The events shown to rules must be Falco's, and every value equal (`null` where Falco has
//! none), except the differences listed in [`EXCEPTIONS`] by field and capture, each with
//! its reason. An exception that no longer differs fails the test too, so the list stays
//! exactly the set of remaining differences.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::io::Read;
use std::path::Path;

use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, OutputOptions, TimeZone};
use falcoc_runtime::{CaptureReader, Event, Session, Source};
use serde_json::Value;

/// Every capture the exception applies to.
const ALL: &[&str] = &[
    "cat_write",
    "connect_localhost",
    "curl_google",
    "open-multiple-files",
    "ping_sendto",
    "privileged",
    "sample",
    "single_ipv6_conn",
    "synthetic-tiny",
    "syscall",
];

/// A remaining difference: a field, the captures where it differs, and why.
struct Exception {
    field: &'static str,
    captures: &'static [&'static str],
    reason: &'static str,
}

const fn x(
    field: &'static str,
    captures: &'static [&'static str],
    reason: &'static str,
) -> Exception {
    Exception {
        field,
        captures,
        reason,
    }
}

const TWICE: &str = "Falco's JSON formatter evaluates every token twice per alert (a test \
                     for null, then the value); fields that keep the previous event's time \
                     in the check itself then see the same event and are 0";
const UNINIT: &str = "Falco copies this field of scap_threadinfo, which the reader of old \
                      process lists leaves uninitialised: the values are garbage";

/// The differences that remain, by field.
const EXCEPTIONS: &[Exception] = &[
    x("evt.arg[0]", &["cat_write", "connect_localhost", "curl_google", "privileged", "single_ipv6_conn"], "as evt.args (decimal addresses, `<NA>`)"),
    x("evt.arg[1]", &["connect_localhost", "curl_google", "sample", "single_ipv6_conn"], "as evt.args (socket family flags `AF_LOCAL|AF_UNIX`, fd type letters)"),
    x("evt.arg[2]", &["single_ipv6_conn"], "as evt.args"),
    x("evt.args", &["cat_write", "connect_localhost", "curl_google", "open-multiple-files", "privileged", "single_ipv6_conn", "synthetic-tiny", "syscall"], "parameter rendering: Falco prints a missing parameter as `<NA>` (falcoc `NULL`), mmap/brk results in decimal (falcoc hex), `loginuid=-1(<NONE>)` (falcoc `-1`)"),
    x("evt.buffer", &["cat_write", "curl_google", "single_ipv6_conn"], "reads of 0 bytes (`data=NULL`): Falco renders the empty buffer as `NULL` followed by stale bytes of an earlier event's buffer (reused memory, not matchable); falcoc gives the empty buffer"),
    x("evt.deltatime", ALL, TWICE),
    x("evt.deltatime.ns", ALL, TWICE),
    x("evt.deltatime.s", &["cat_write", "curl_google", "open-multiple-files", "privileged", "single_ipv6_conn"], TWICE),
    x("evt.info", &["cat_write", "connect_localhost", "curl_google", "open-multiple-files", "privileged", "single_ipv6_conn", "synthetic-tiny", "syscall"], "as evt.args"),
    x("evt.reltime", &["synthetic-tiny", "syscall"], "the capture starts with an enter event the converter consumes; libsinsp counts from it, falcoc from the first delivered event"),
    x("evt.reltime.ns", &["synthetic-tiny", "syscall"], "as evt.reltime"),
    x("proc.env", &["connect_localhost", "open-multiple-files", "ping_sendto", "privileged", "syscall"], "environments with bytes that are not UTF-8: falcoc keeps them lossily"),
    x("proc.exe_ino.ctime_duration_pidns_start", ALL, UNINIT),
    x("proc.exe_ino.ctime_duration_proc_start", ALL, UNINIT),
    x("thread.cpu", &["cat_write", "connect_localhost", "curl_google", "open-multiple-files", "ping_sendto", "privileged", "sample", "single_ipv6_conn", "syscall"], "falcoc does not extract thread.cpu* (libsinsp: the procinfo cpu delta kept per check, 0.0 in Falco's JSON as evt.deltatime)"),
    x("thread.cpu.system", &["cat_write", "connect_localhost", "curl_google", "open-multiple-files", "ping_sendto", "privileged", "sample", "single_ipv6_conn", "syscall"], "as thread.cpu"),
    x("thread.cpu.user", &["cat_write", "connect_localhost", "curl_google", "open-multiple-files", "ping_sendto", "privileged", "sample", "single_ipv6_conn", "syscall"], "as thread.cpu"),
    x("thread.exectime", &["curl_google", "sample"], TWICE),
    x("thread.totexectime", &["curl_google", "sample"], TWICE),
];

/// Events falcoc shows rules and Falco does not: (capture, count, reason). None remain:
/// the initial-state records a capture section opens with (open-multiple-files.scap's
/// three container records) reach no rule through the `Session`, as in Falco.
const EXTRA_EVENTS: &[(&str, usize, &str)] = &[];

/// The catch-all rule of the oracle, with every field in the output.
fn rules(fields: &[String]) -> falcoc_compiler::ir::RuleSet {
    let out: Vec<String> = fields.iter().map(|f| format!("{f}=%{f}")).collect();
    let yaml = format!(
        "- rule: all\n  desc: all\n  condition: evt.num > 0\n  output: \"{}\"\n  priority: WARNING\n",
        out.join(" ")
    );
    let mut sources = Sources::new();
    sources.add("all.yaml", &yaml);
    let loaded = load(&sources);
    loaded
        .into_ruleset()
        .0
        .expect("the catch-all rule compiles")
}

type Key = (Value, Value);

fn key(fields: &BTreeMap<String, Value>) -> Key {
    (
        fields.get("evt.rawtime").cloned().unwrap_or(Value::Null),
        fields.get("thread.tid").cloned().unwrap_or(Value::Null),
    )
}

/// falcoc's `output_fields` for every alert of the catch-all rule on `capture`, replayed
/// through a [`Session`] as `falcoc replay` does (state-only events and the initial-state
/// records a section opens with reach no rule).
fn falcoc_fields(capture: &Path, engine: &Engine) -> Vec<BTreeMap<String, Value>> {
    let formatter = AlertFormatter::new(OutputOptions {
        time_zone: TimeZone::Utc,
        ..OutputOptions::default()
    });
    let mut out = Vec::new();
    let hook = |ev: &Event<'_>, src: &mut Source<'_, '_>| -> Result<(), Infallible> {
        for idx in engine.matches(ev.code(), src) {
            let rule = engine.rule(idx).expect("rule");
            out.push(formatter.alert(rule, src).output_fields);
        }
        Ok(())
    };
    let mut reader = CaptureReader::open_path(capture).expect("open capture");
    Session::new(hook).run(&mut reader).expect("replays");
    out
}

fn falco_fields(path: &Path) -> Vec<BTreeMap<String, Value>> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open oracle"))
        .read_to_string(&mut text)
        .expect("read oracle");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("oracle line"))
        .collect()
}

#[test]
fn falcoc_fields_equal_falco_0_44() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("spec/examples/falco-fields");
    let fields: Vec<String> = std::fs::read_to_string(dir.join("fields.txt"))
        .expect("fields.txt")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let engine = Engine::new(
        rules(&fields),
        EngineOptions {
            rule_matching: RuleMatching::All,
            ..EngineOptions::default()
        },
    );
    let allowed: HashMap<(&str, &str), &str> = EXCEPTIONS
        .iter()
        .flat_map(|e| e.captures.iter().map(move |c| ((e.field, *c), e.reason)))
        .collect();
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut unexplained: Vec<String> = Vec::new();
    let (mut total, mut equal) = (0usize, 0usize);
    for capture in ALL {
        let falco = falco_fields(&dir.join(format!("{capture}.jsonl.gz")));
        let ours = falcoc_fields(
            &shared.join(format!("corpus/captures/{capture}.scap")),
            &engine,
        );
        let mut by_key: HashMap<Key, Vec<&BTreeMap<String, Value>>> = HashMap::new();
        for o in &ours {
            by_key.entry(key(o)).or_default().push(o);
        }
        let falco_keys: BTreeSet<String> = falco.iter().map(|f| format!("{:?}", key(f))).collect();
        let extra = by_key
            .keys()
            .filter(|k| !falco_keys.contains(&format!("{k:?}")))
            .count();
        let allowed_extra = EXTRA_EVENTS
            .iter()
            .find(|(c, ..)| c == capture)
            .map_or(0, |(_, n, _)| *n);
        assert_eq!(
            extra, allowed_extra,
            "{capture}: events falcoc shows rules and Falco does not"
        );
        let mut seen: HashMap<Key, usize> = HashMap::new();
        for f in &falco {
            let k = key(f);
            let i = seen.entry(k.clone()).or_default();
            let Some(list) = by_key.get(&k) else {
                unexplained.push(format!(
                    "{capture}: Falco's event {:?} is not shown by falcoc",
                    k
                ));
                continue;
            };
            let o = list[(*i).min(list.len() - 1)];
            *i += 1;
            for field in &fields {
                total += 1;
                let a = f.get(field).unwrap_or(&Value::Null);
                let b = o.get(field).unwrap_or(&Value::Null);
                if a == b {
                    equal += 1;
                } else if allowed.contains_key(&(field.as_str(), *capture)) {
                    used.insert((field.clone(), capture.to_string()));
                } else if unexplained.len() < 40 {
                    unexplained.push(format!(
                        "{capture} evt.num {}: {field}: Falco {a}, falcoc {b}",
                        f["evt.num"]
                    ));
                }
            }
        }
    }
    println!(
        "falco-fields: {equal} of {total} values equal ({:.2}%)",
        100.0 * equal as f64 / total.max(1) as f64
    );
    assert!(
        unexplained.is_empty(),
        "unlisted differences:\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<String> = allowed
        .keys()
        .filter(|(f, c)| !used.contains(&(f.to_string(), c.to_string())))
        .map(|(f, c)| format!("{f} on {c}"))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer differ: {stale:?}"
    );
}

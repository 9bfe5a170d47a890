//! The JIT against the interpreter on random typed conditions (every operator and
//! modifier, nesting, `not`, lists, transformers, `val()`, missing fields) over random
//! events: both back ends must give the same result on every event.
//!
//! A second property does the same for groups (the fused function of several rules that
//! share sub-conditions, as an engine's rules for one event code do), with `first` and
//! `all` matching.
//!
//! `FALCOC_JIT_PROP_CASES` sets how many conditions are generated (20,000 by default, ten
//! to a program: each program's conditions are compared one by one through a group
//! function, and its first condition through its own function too); the group property
//! runs a tenth as many groups.

mod support;

use falcoc_codegen::Jit;
use falcoc_predicate::backend::{Backend, Compiled};
use falcoc_predicate::interp::Interpreter;
use falcoc_predicate::lowered::{lower, CondId, GroupId};
use falcoc_runtime::field_value::FieldValue;
use falcoc_runtime::fields::{Frame, OwnedFields};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::Arc;
use support::{try_condition, TableSource};

const STR_FIELDS: &[&str] = &[
    "proc.name",
    "proc.pname",
    "proc.cmdline",
    "fd.name",
    "proc.exepath",
    "proc.aname[2]",
];
const STR_LIST_FIELDS: &[&str] = &["proc.aname", "fd.types"];
const INT_FIELDS: &[&str] = &["proc.pid", "fd.num", "user.loginuid"];
const UINT_FIELDS: &[&str] = &["user.uid", "proc.tty"];
const WORDS: &[&str] = &[
    "bash",
    "sh",
    "BASH",
    "nginx",
    "/etc/shadow",
    "/etc",
    "/tmp/x",
    "/usr/lib/a.so",
    "cat /etc/shadow",
    "",
    "ipv4",
    "file",
];
const PATTERNS: &[&str] = &[
    "ba*",
    "*sh",
    "/etc/*",
    "[a-c]*",
    "?ash",
    "*",
    "b?sh",
    "/tmp/[!y]",
];
const REGEXES: &[&str] = &["ba.*", "s?h", "[a-z]+", "/etc/.*", "n.inx"];
const IPS: &[&str] = &["10.1.2.3", "192.168.1.5", "10.9.9.9", "::1", "2001:db8::1"];
const NETS: &[&str] = &["10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"];

fn pick(xs: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    prop::sample::select(xs)
}

fn quoted(w: &str) -> String {
    format!("'{w}'")
}

fn word_list() -> impl Strategy<Value = String> {
    prop::collection::vec(pick(WORDS), 0..4)
        .prop_map(|ws| ws.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(", "))
}

fn int_text() -> impl Strategy<Value = i64> {
    prop_oneof![-3i64..5, Just(4242), Just(i64::MAX), Just(i64::MIN + 1)]
}

fn string_leaf() -> impl Strategy<Value = String> {
    let field = prop_oneof![pick(STR_FIELDS), pick(STR_LIST_FIELDS)];
    let ops = pick(&[
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "contains",
        "icontains",
        "startswith",
        "endswith",
    ]);
    prop_oneof![
        (field.clone(), ops, pick(WORDS)).prop_map(|(f, o, w)| format!("{f} {o} {}", quoted(w))),
        (field.clone(), pick(&["glob", "iglob"]), pick(PATTERNS))
            .prop_map(|(f, o, p)| format!("{f} {o} {}", quoted(p))),
        (field.clone(), pick(REGEXES)).prop_map(|(f, r)| format!("{f} regex {}", quoted(r))),
        (
            field.clone(),
            pick(&["in", "intersects", "pmatch"]),
            word_list()
        )
            .prop_map(|(f, o, l)| format!("{f} {o} ({l})")),
        field.clone().prop_map(|f| format!("{f} exists")),
        (
            field.clone(),
            pick(&["=", "!=", "contains", "startswith", "glob"]),
            pick(&["oneof", "anyof", "allof"]),
            word_list()
        )
            .prop_map(|(f, o, m, l)| format!("{f} {o} {m} ({l})")),
        (
            field.clone(),
            pick(&["=", "!=", "<", "contains", "in"]),
            pick(STR_FIELDS)
        )
            .prop_map(|(f, o, g)| format!("{f} {o} val({g})")),
        (
            pick(&["tolower", "toupper", "basename", "b64"]),
            field,
            pick(&["=", "!=", "contains", "startswith"]),
            pick(WORDS)
        )
            .prop_map(|(t, f, o, w)| format!("{t}({f}) {o} {}", quoted(w))),
        // A run of `contains` on one field: one Aho-Corasick search in the JIT.
        (
            field_of_run(),
            prop::collection::vec(pick(WORDS), 3..6),
            pick(WORDS)
        )
            .prop_map(|(f, ws, tail)| {
                let run: Vec<String> = ws
                    .iter()
                    .map(|w| format!("{f} contains {}", quoted(w)))
                    .collect();
                format!("({} or {f} = {})", run.join(" or "), quoted(tail))
            }),
    ]
}

fn field_of_run() -> impl Strategy<Value = &'static str> {
    prop_oneof![pick(STR_FIELDS), pick(STR_LIST_FIELDS)]
}

fn number_leaf() -> impl Strategy<Value = String> {
    let ops = pick(&["=", "!=", "<", "<=", ">", ">="]);
    prop_oneof![
        (pick(INT_FIELDS), ops.clone(), int_text()).prop_map(|(f, o, n)| format!("{f} {o} {n}")),
        (pick(UINT_FIELDS), ops.clone(), 0u64..40).prop_map(|(f, o, n)| format!("{f} {o} {n}")),
        (pick(INT_FIELDS), prop::collection::vec(int_text(), 0..4)).prop_map(|(f, l)| {
            let l: Vec<String> = l.iter().map(i64::to_string).collect();
            format!("{f} in ({})", l.join(", "))
        }),
        (pick(INT_FIELDS), ops.clone(), pick(INT_FIELDS))
            .prop_map(|(f, o, g)| format!("{f} {o} val({g})")),
        (pick(STR_FIELDS), ops, 0u64..6).prop_map(|(f, o, n)| format!("len({f}) {o} {n}")),
        pick(&[
            "proc.is_exe_writable = true",
            "proc.is_exe_writable = false",
            "proc.is_exe_writable != true"
        ])
        .prop_map(str::to_string),
        (
            pick(INT_FIELDS),
            pick(&["=", "!=", "<"]),
            pick(&["oneof", "anyof", "allof"]),
            prop::collection::vec(int_text(), 0..3)
        )
            .prop_map(|(f, o, m, l)| {
                let l: Vec<String> = l.iter().map(i64::to_string).collect();
                format!("{f} {o} {m} ({})", l.join(", "))
            }),
        pick(&[
            "fd.num exists",
            "user.uid exists",
            "proc.is_exe_writable exists"
        ])
        .prop_map(str::to_string),
    ]
}

fn address_leaf() -> impl Strategy<Value = String> {
    let field = pick(&["fd.sip", "fd.ip", "fd.cip"]);
    prop_oneof![
        (field.clone(), pick(&["=", "!="]), pick(IPS)).prop_map(|(f, o, a)| format!("{f} {o} {a}")),
        (field.clone(), pick(&["=", "!="]), pick(NETS))
            .prop_map(|(f, o, a)| format!("{f} {o} {a}")),
        (
            field.clone(),
            prop::collection::vec(prop_oneof![pick(IPS), pick(NETS)], 0..3)
        )
            .prop_map(|(f, l)| format!("{f} in ({})", l.join(", "))),
        (
            pick(&["fd.sport", "fd.port"]),
            pick(&["=", "!=", ">"]),
            pick(&["80", "443", "51000"])
        )
            .prop_map(|(f, o, n)| format!("{f} {o} {n}")),
        (
            pick(&["fd.sport", "fd.port"]),
            prop::collection::vec(pick(&["80", "443", "51000"]), 0..3)
        )
            .prop_map(|(f, l)| format!("{f} in ({})", l.join(", "))),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![string_leaf(), number_leaf(), address_leaf()];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|c| format!("({})", c.join(" and "))),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|c| format!("({})", c.join(" or "))),
            inner.prop_map(|c| format!("not ({c})")),
        ]
    })
}

fn string_value() -> impl Strategy<Value = FieldValue> {
    pick(WORDS).prop_map(|w| FieldValue::Str(w.to_string()))
}

fn ip_value() -> impl Strategy<Value = FieldValue> {
    pick(IPS).prop_map(|a| FieldValue::Ip(a.parse().expect("address")))
}

fn int_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        int_text().prop_map(FieldValue::Int),
        (0u64..40).prop_map(FieldValue::Uint)
    ]
}

/// A random event: each field present or missing, lists possibly empty, and now and then
/// a value of another kind than the field's (readers can hand out any record).
fn event() -> impl Strategy<Value = TableSource> {
    let mut fields: Vec<(&'static str, BoxedStrategy<FieldValue>)> = Vec::new();
    for f in STR_FIELDS {
        fields.push((
            f,
            prop_oneof![9 => string_value(), 1 => int_value()].boxed(),
        ));
    }
    for f in STR_LIST_FIELDS {
        fields.push((
            f,
            prop::collection::vec(string_value(), 0..3)
                .prop_map(FieldValue::List)
                .boxed(),
        ));
    }
    for f in INT_FIELDS.iter().chain(UINT_FIELDS) {
        fields.push((
            f,
            prop_oneof![9 => int_value(), 1 => string_value()].boxed(),
        ));
    }
    fields.push((
        "proc.is_exe_writable",
        prop_oneof![any::<bool>().prop_map(FieldValue::Bool), int_value()].boxed(),
    ));
    fields.push(("fd.sip", ip_value().boxed()));
    fields.push(("fd.cip", ip_value().boxed()));
    fields.push((
        "fd.ip",
        prop::collection::vec(ip_value(), 0..3)
            .prop_map(FieldValue::List)
            .boxed(),
    ));
    let port = || prop_oneof![Just(80u64), Just(443), Just(51000)].prop_map(FieldValue::Uint);
    fields.push(("fd.sport", port().boxed()));
    fields.push((
        "fd.port",
        prop::collection::vec(port(), 0..3)
            .prop_map(FieldValue::List)
            .boxed(),
    ));
    let parts: Vec<BoxedStrategy<Option<(String, FieldValue)>>> = fields
        .into_iter()
        .map(|(name, s)| {
            prop::option::weighted(0.8, s.prop_map(move |v| (name.to_string(), v))).boxed()
        })
        .collect();
    parts.prop_map(|vs| TableSource {
        values: vs.into_iter().flatten().collect(),
    })
}

fn cases() -> u32 {
    std::env::var("FALCOC_JIT_PROP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

/// Conditions generated per case: they are lowered into one program, so the JIT compiles
/// one group function for them (each condition's result is its own), and the first one
/// alone as well.
const CONDITIONS_PER_CASE: usize = 10;

/// Both back ends' results on `ev`: every condition of group 0, and condition 0 alone.
fn results(c: &dyn Compiled, ev: &TableSource) -> (Vec<usize>, bool) {
    let mut frame = Frame::new(Arc::clone(c.program()));
    let mut src = ev.clone();
    let mut fields = OwnedFields::new(&mut frame, &mut src);
    let mut out = Vec::new();
    c.eval_group(GroupId(0), false, &mut fields, &mut out);
    (out, c.eval(CondId(0), &mut fields))
}

#[test]
fn jit_equals_interpreter_on_random_conditions() {
    let cases = cases();
    let mut runner = TestRunner::new(Config {
        cases: (cases as usize).div_ceil(CONDITIONS_PER_CASE) as u32,
        failure_persistence: None,
        ..Config::default()
    });
    let compiled = std::cell::Cell::new(0u32);
    let strategy = (
        prop::collection::vec(condition(), CONDITIONS_PER_CASE),
        prop::collection::vec(event(), 1..6),
    );
    let result = runner.run(&strategy, |(conds, events)| {
        let (conds, exprs): (Vec<String>, Vec<_>) = conds
            .into_iter()
            .filter_map(|c| try_condition(&c).map(|e| (c, e)))
            .unzip();
        if exprs.is_empty() {
            return Ok(());
        }
        compiled.set(compiled.get() + exprs.len() as u32);
        let mut program = lower(exprs.iter()).expect("lowering");
        program.add_group((0..exprs.len() as u32).map(CondId).collect());
        let program = Arc::new(program);
        let interp = Interpreter
            .compile(Arc::clone(&program))
            .expect("interpreter");
        let jit = Jit.compile(Arc::clone(&program)).expect("jit");
        for ev in &events {
            let want = results(&*interp, ev);
            let got = results(&*jit, ev);
            if want != got {
                return Err(TestCaseError::fail(format!(
                    "{conds:?}: interpreter {want:?}, jit {got:?} on {:?}",
                    ev.values
                )));
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator must mostly produce conditions the loader accepts, or the test would
    // prove little.
    assert!(
        compiled.get() * 2 >= cases,
        "only {} of {cases} generated conditions compiled",
        compiled.get()
    );
}

/// A group of rules built from a few random sub-conditions, each used by several rules
/// (as macros are), in random `and`/`or`/`not` combinations.
fn group() -> impl Strategy<Value = Vec<String>> {
    let parts = prop::collection::vec(condition(), 1..4);
    let shapes = prop::collection::vec((0usize..4, 0usize..4, 0usize..4), 2..8);
    (parts, shapes).prop_map(|(parts, shapes)| {
        let at = |i: usize| parts[i % parts.len()].clone();
        shapes
            .into_iter()
            .map(|(a, b, shape)| match shape {
                0 => format!("({}) and ({})", at(a), at(b)),
                1 => format!("({}) or ({})", at(a), at(b)),
                2 => format!("not ({}) and ({})", at(a), at(b)),
                _ => at(a),
            })
            .collect()
    })
}

/// Both back ends' matches of the group on `ev`, with `first` matching.
fn group_matches(c: &dyn Compiled, first: bool, ev: &TableSource) -> Vec<usize> {
    let mut frame = Frame::new(Arc::clone(c.program()));
    let mut src = ev.clone();
    let mut fields = OwnedFields::new(&mut frame, &mut src);
    let mut out = Vec::new();
    c.eval_group(GroupId(0), first, &mut fields, &mut out);
    out
}

#[test]
fn jit_groups_equal_interpreter_on_random_rule_sets() {
    let cases = (cases() / 10).max(1);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (group(), prop::collection::vec(event(), 1..6));
    let result = runner.run(&strategy, |(conds, events)| {
        let Some(exprs) = conds
            .iter()
            .map(|c| try_condition(c))
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(());
        };
        let mut program = lower(exprs.iter()).expect("lowering");
        program.add_group((0..exprs.len() as u32).map(CondId).collect());
        let program = Arc::new(program);
        let interp = Interpreter
            .compile(Arc::clone(&program))
            .expect("interpreter");
        let jit = Jit.compile(Arc::clone(&program)).expect("jit");
        for ev in &events {
            for first in [false, true] {
                let want = group_matches(&*interp, first, ev);
                let got = group_matches(&*jit, first, ev);
                if want != got {
                    return Err(TestCaseError::fail(format!(
                        "{conds:?} (first: {first}): interpreter {want:?}, jit {got:?} on {:?}",
                        ev.values
                    )));
                }
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

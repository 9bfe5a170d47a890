//! Fuzz target: the JIT and the interpreter agree. The input bytes choose a typed condition
//! (every operator family, modifiers, `val()`, transformers, lists, `not`, nesting) from a
//! small vocabulary, compile it with the real loader, and then choose events (each field
//! present or missing, values now and then of another kind than the field's); both back
//! ends must give the same answer on every event. A condition the loader rejects is
//! skipped.

#![no_main]

use falcoc_codegen::Jit;
use falcoc_compiler::catalog::fields::ResolvedField;
use falcoc_compiler::ir::Expr;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::eval::Program;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::predicate::interp::Interpreter;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

const STR_FIELDS: &[&str] = &["proc.name", "proc.cmdline", "fd.name", "proc.aname[2]"];
const LIST_FIELDS: &[&str] = &["proc.aname", "fd.types"];
const INT_FIELDS: &[&str] = &["proc.pid", "fd.num"];
const UINT_FIELDS: &[&str] = &["user.uid", "proc.tty"];
const ADDR_FIELDS: &[&str] = &["fd.sip", "fd.ip"];
const PORT_FIELDS: &[&str] = &["fd.sport", "fd.port"];
const WORDS: &[&str] = &[
    "bash",
    "sh",
    "BASH",
    "/etc/shadow",
    "/etc",
    "",
    "file",
    "cat /etc",
];
const PATTERNS: &[&str] = &["ba*", "*sh", "/etc/*", "[a-c]*", "?ash", "*"];
const REGEXES: &[&str] = &["ba.*", "s?h", "[a-z]+", "/etc/.*"];
const IPS: &[&str] = &["10.1.2.3", "192.168.1.5", "::1", "2001:db8::1"];
const NETS: &[&str] = &["10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"];
const STR_OPS: &[&str] = &[
    "=",
    "!=",
    "<",
    ">=",
    "contains",
    "icontains",
    "startswith",
    "endswith",
];
const NUM_OPS: &[&str] = &["=", "!=", "<", "<=", ">", ">="];
const MODIFIERS: &[&str] = &["oneof", "anyof", "allof"];
const TRANSFORMERS: &[&str] = &["tolower", "toupper", "basename", "b64"];

fn pick<'a>(u: &mut Unstructured, xs: &[&'a str]) -> Result<&'a str> {
    u.choose(xs).copied()
}

fn words(u: &mut Unstructured, from: &[&str], quote: bool) -> Result<String> {
    let n = u.int_in_range(0..=3)?;
    let mut out = Vec::new();
    for _ in 0..n {
        let w = pick(u, from)?;
        out.push(if quote {
            format!("'{w}'")
        } else {
            w.to_string()
        });
    }
    Ok(out.join(", "))
}

fn string_leaf(u: &mut Unstructured) -> Result<String> {
    let fields = if u.ratio(1, 4)? {
        LIST_FIELDS
    } else {
        STR_FIELDS
    };
    let f = pick(u, fields)?;
    Ok(match u.int_in_range(0..=7)? {
        0 => format!("{f} {} '{}'", pick(u, STR_OPS)?, pick(u, WORDS)?),
        1 => format!(
            "{f} {} '{}'",
            pick(u, &["glob", "iglob"])?,
            pick(u, PATTERNS)?
        ),
        2 => format!("{f} regex '{}'", pick(u, REGEXES)?),
        3 => format!(
            "{f} {} ({})",
            pick(u, &["in", "intersects", "pmatch"])?,
            words(u, WORDS, true)?
        ),
        4 => format!("{f} exists"),
        5 => format!(
            "{f} {} {} ({})",
            pick(u, &["=", "contains", "startswith", "glob"])?,
            pick(u, MODIFIERS)?,
            words(u, WORDS, true)?
        ),
        6 => format!(
            "{f} {} val({})",
            pick(u, &["=", "<", "contains", "in"])?,
            pick(u, STR_FIELDS)?
        ),
        _ => format!(
            "{}({f}) {} '{}'",
            pick(u, TRANSFORMERS)?,
            pick(u, &["=", "!=", "contains", "startswith"])?,
            pick(u, WORDS)?
        ),
    })
}

fn number_leaf(u: &mut Unstructured) -> Result<String> {
    let n: i64 = *u.choose(&[-1, 0, 1, 3, 4242, i64::MAX, i64::MIN + 1])?;
    Ok(match u.int_in_range(0..=5)? {
        0 => format!("{} {} {n}", pick(u, INT_FIELDS)?, pick(u, NUM_OPS)?),
        1 => format!(
            "{} {} {}",
            pick(u, UINT_FIELDS)?,
            pick(u, NUM_OPS)?,
            n.unsigned_abs() % 40
        ),
        2 => format!("{} in ({n}, 1, 3)", pick(u, INT_FIELDS)?),
        3 => format!(
            "{} {} val({})",
            pick(u, INT_FIELDS)?,
            pick(u, NUM_OPS)?,
            pick(u, INT_FIELDS)?
        ),
        4 => format!(
            "len({}) {} {}",
            pick(u, STR_FIELDS)?,
            pick(u, NUM_OPS)?,
            n.unsigned_abs() % 6
        ),
        _ => format!("proc.is_exe_writable {} true", pick(u, &["=", "!="])?),
    })
}

fn address_leaf(u: &mut Unstructured) -> Result<String> {
    let f = pick(u, ADDR_FIELDS)?;
    Ok(match u.int_in_range(0..=3)? {
        0 => format!("{f} {} {}", pick(u, &["=", "!="])?, pick(u, IPS)?),
        1 => format!("{f} {} {}", pick(u, &["=", "!="])?, pick(u, NETS)?),
        2 => format!("{f} in ({})", words(u, NETS, false)?),
        _ => format!(
            "{} in (80, {})",
            pick(u, PORT_FIELDS)?,
            pick(u, &["443", "51000"])?
        ),
    })
}

fn condition(u: &mut Unstructured, depth: u32) -> Result<String> {
    let choice = if depth == 0 {
        0
    } else {
        u.int_in_range(0..=5)?
    };
    Ok(match choice {
        0..=2 => match u.int_in_range(0..=2)? {
            0 => string_leaf(u)?,
            1 => number_leaf(u)?,
            _ => address_leaf(u)?,
        },
        3 => format!(
            "({} and {})",
            condition(u, depth - 1)?,
            condition(u, depth - 1)?
        ),
        4 => format!(
            "({} or {})",
            condition(u, depth - 1)?,
            condition(u, depth - 1)?
        ),
        _ => format!("not ({})", condition(u, depth - 1)?),
    })
}

fn value(u: &mut Unstructured, field: &str) -> Result<FieldValue> {
    let str_value = |u: &mut Unstructured| Ok(FieldValue::Str(pick(u, WORDS)?.to_string()));
    let ip = |u: &mut Unstructured| Ok(FieldValue::Ip(pick(u, IPS)?.parse().expect("address")));
    let port = |u: &mut Unstructured| Ok(FieldValue::Uint(*u.choose(&[80u64, 443, 51000])?));
    let list = |u: &mut Unstructured, item: &dyn Fn(&mut Unstructured) -> Result<FieldValue>| {
        let n = u.int_in_range(0..=2)?;
        (0..n)
            .map(|_| item(u))
            .collect::<Result<Vec<_>>>()
            .map(FieldValue::List)
    };
    if u.ratio(1, 10)? {
        // A record of another kind than the field's.
        return Ok(FieldValue::Int(u.int_in_range(-2..=5)?));
    }
    Ok(match field {
        f if LIST_FIELDS.contains(&f) => list(u, &str_value)?,
        f if INT_FIELDS.contains(&f) => FieldValue::Int(u.int_in_range(-2..=5)?),
        f if UINT_FIELDS.contains(&f) => FieldValue::Uint(u.int_in_range(0..=40)?),
        "fd.sip" => ip(u)?,
        "fd.ip" => list(u, &ip)?,
        "fd.sport" => port(u)?,
        "fd.port" => list(u, &port)?,
        "proc.is_exe_writable" => FieldValue::Bool(u.arbitrary()?),
        _ => str_value(u)?,
    })
}

/// Field values by field text; absent fields cannot be extracted.
#[derive(Clone)]
struct TableSource(HashMap<String, FieldValue>);

impl FieldSource for TableSource {
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue> {
        self.0.get(&field.text).cloned()
    }
}

fn event(u: &mut Unstructured) -> Result<TableSource> {
    let all = STR_FIELDS
        .iter()
        .chain(LIST_FIELDS)
        .chain(INT_FIELDS)
        .chain(UINT_FIELDS)
        .chain(ADDR_FIELDS)
        .chain(PORT_FIELDS)
        .chain(&["proc.is_exe_writable"]);
    let mut values = HashMap::new();
    for f in all {
        if u.ratio(4, 5)? {
            values.insert(f.to_string(), value(u, f)?);
        }
    }
    Ok(TableSource(values))
}

/// The IR of `condition` compiled through a one-rule file, or `None` when it does not
/// compile.
fn compile(condition: &str) -> Option<Expr> {
    let quoted = serde_json::to_string(condition).ok()?;
    let yaml =
        format!("- rule: t\n  desc: t\n  condition: {quoted}\n  output: t\n  priority: WARNING\n");
    let mut sources = Sources::new();
    sources.add("fuzz.yaml", &yaml);
    let rules = load(&sources).into_ruleset().0?;
    rules.rules.into_iter().next().map(|r| r.condition)
}

fn run(u: &mut Unstructured) -> Result<()> {
    let text = condition(u, 4)?;
    let Some(expr) = compile(&text) else {
        return Ok(());
    };
    let interp = Program::with_backend(&expr, &Interpreter).expect("interpreter");
    let jit = Program::with_backend(&expr, &Jit as &dyn Backend).expect("jit");
    while !u.is_empty() {
        let ev = event(u)?;
        let want = interp.eval(&mut ev.clone());
        let got = jit.eval(&mut ev.clone());
        assert_eq!(want, got, "`{text}` on {:?}", ev.0);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

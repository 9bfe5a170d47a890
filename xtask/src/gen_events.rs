//! `gen-events`: turns `event-table.tsv` into `catalog/src/events/table.rs`, a static
//! array of `EventInfo` in code order, `catalog/src/events/kinds.rs`, the `EventKind`
//! enum (one variant per event name) with its table by code, for dispatch without names,
//! and `catalog/src/events/param_names.rs`, the `ParamName` enum ([`crate::gen_param_names`]).

use crate::tsv::{lit, rows};
use std::fmt::Write as _;
use std::path::Path;

/// `PT_*` name in the TSV → `ParamType` variant in the compiler.
const PARAM_TYPES: &[(&str, &str)] = &[
    ("PT_NONE", "None"),
    ("PT_INT8", "Int8"),
    ("PT_INT16", "Int16"),
    ("PT_INT32", "Int32"),
    ("PT_INT64", "Int64"),
    ("PT_UINT8", "Uint8"),
    ("PT_UINT16", "Uint16"),
    ("PT_UINT32", "Uint32"),
    ("PT_UINT64", "Uint64"),
    ("PT_CHARBUF", "CharBuf"),
    ("PT_BYTEBUF", "ByteBuf"),
    ("PT_ERRNO", "Errno"),
    ("PT_SOCKADDR", "SockAddr"),
    ("PT_SOCKTUPLE", "SockTuple"),
    ("PT_FD", "Fd"),
    ("PT_PID", "Pid"),
    ("PT_FDLIST", "FdList"),
    ("PT_FSPATH", "FsPath"),
    ("PT_SYSCALLID", "SyscallId"),
    ("PT_SIGTYPE", "SigType"),
    ("PT_RELTIME", "RelTime"),
    ("PT_ABSTIME", "AbsTime"),
    ("PT_PORT", "Port"),
    ("PT_L4PROTO", "L4Proto"),
    ("PT_SOCKFAMILY", "SockFamily"),
    ("PT_BOOL", "Bool"),
    ("PT_IPV4ADDR", "Ipv4Addr"),
    ("PT_DYN", "Dyn"),
    ("PT_FLAGS8", "Flags8"),
    ("PT_FLAGS16", "Flags16"),
    ("PT_FLAGS32", "Flags32"),
    ("PT_UID", "Uid"),
    ("PT_GID", "Gid"),
    ("PT_DOUBLE", "Double"),
    ("PT_SIGSET", "SigSet"),
    ("PT_CHARBUFARRAY", "CharBufArray"),
    ("PT_CHARBUF_PAIR_ARRAY", "CharBufPairArray"),
    ("PT_IPV4NET", "Ipv4Net"),
    ("PT_IPV6ADDR", "Ipv6Addr"),
    ("PT_IPV6NET", "Ipv6Net"),
    ("PT_IPADDR", "IpAddr"),
    ("PT_IPNET", "IpNet"),
    ("PT_MODE", "Mode"),
    ("PT_FSRELPATH", "FsRelPath"),
    ("PT_ENUMFLAGS8", "EnumFlags8"),
    ("PT_ENUMFLAGS16", "EnumFlags16"),
    ("PT_ENUMFLAGS32", "EnumFlags32"),
    ("PT_FD32", "Fd32"),
    ("PT_PID32", "Pid32"),
];

const FORMATS: &[(&str, &str)] = &[
    ("PF_NA", "Na"),
    ("PF_DEC", "Dec"),
    ("PF_HEX", "Hex"),
    ("PF_10_PADDED_DEC", "PaddedDec10"),
    ("PF_ID", "Id"),
    ("PF_DIR", "Dir"),
    ("PF_OCT", "Oct"),
];

fn param_type(pt: &str) -> Result<&'static str, String> {
    PARAM_TYPES
        .iter()
        .find(|(k, _)| *k == pt)
        .map(|(_, v)| *v)
        .ok_or_else(|| format!("unknown parameter type {pt}"))
}

fn format(pf: &str) -> Result<&'static str, String> {
    FORMATS
        .iter()
        .find(|(k, _)| *k == pf)
        .map(|(_, v)| *v)
        .ok_or_else(|| format!("unknown print format {pf}"))
}

/// `EC_FILE|EC_SYSCALL` → `ec::FILE | ec::SYSCALL`.
fn bits(spec: &str, prefix: &str, module: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for item in spec.split('|') {
        let name = item
            .strip_prefix(prefix)
            .ok_or_else(|| format!("bad flag {item}"))?;
        if name != "NONE" {
            parts.push(format!("{module}::{name}"));
        }
    }
    Ok(if parts.is_empty() {
        "0".into()
    } else {
        parts.join(" | ")
    })
}

/// One `param_info` cell → a `ParamExtra` expression.
fn extra(info: &str) -> Result<String, String> {
    if info.is_empty() {
        return Ok("X::None".into());
    }
    if let Some(n) = info.strip_prefix("dirfd=param") {
        let n: u8 = n.parse().map_err(|_| format!("bad dirfd {info}"))?;
        return Ok(format!("X::DirFd({n})"));
    }
    if let Some(list) = info.strip_prefix("dyn:") {
        let mut types = Vec::new();
        for (i, item) in list.split(',').enumerate() {
            let (idx, pt) = item
                .split_once('=')
                .ok_or_else(|| format!("bad dyn {info}"))?;
            if idx != i.to_string() {
                return Err(format!("dyn indexes are not consecutive in {info}"));
            }
            types.push(format!("T::{}", param_type(pt)?));
        }
        return Ok(format!("X::Dyn(&[{}])", types.join(", ")));
    }
    Ok(format!("X::Values({})", lit(info)))
}

fn params(spec: &str, infos: &str, n: usize) -> Result<Vec<String>, String> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let ps: Vec<&str> = spec.split(';').collect();
    let is: Vec<&str> = if infos.is_empty() {
        vec![""; n]
    } else {
        infos.split(';').collect()
    };
    if ps.len() != n || is.len() != n {
        return Err(format!("expected {n} params in {spec:?} / {infos:?}"));
    }
    let mut out = Vec::new();
    for (p, i) in ps.iter().zip(is) {
        let mut it = p.split(':');
        let (Some(name), Some(pt), Some(pf), None) = (it.next(), it.next(), it.next(), it.next())
        else {
            return Err(format!("bad param {p}"));
        };
        out.push(format!(
            "p(P::{}, T::{}, F::{}, {})",
            crate::gen_param_names::variant(name),
            param_type(pt)?,
            format(pf)?,
            extra(i)?
        ));
    }
    Ok(out)
}

fn render(rows: &[Vec<String>], source: &str) -> Result<String, String> {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! GENERATED by `cargo run -p xtask -- gen-events` from `{source}`; do not edit.\n\
         //! The libs event table: one entry per event code, in code order.\n\n\
         use super::category::{{ec, ef}};\n\
         use super::param_names::ParamName as P;\n\
         use super::param_type::{{ParamFormat as F, ParamType as T}};\n\
         use super::{{p, Direction as D, EventCategory, EventFlags, EventInfo, ParamExtra as X}};\n\n\
         /// Every event code of the table, indexed by code.\n\
         pub(super) static EVENTS: [EventInfo; {}] = [",
        rows.len()
    );
    for (i, r) in rows.iter().enumerate() {
        let [code, ppme, dir, name, cat, flags, nparams, ps, infos] = r.as_slice() else {
            return Err(format!("row {i}: expected 9 columns, got {}", r.len()));
        };
        if code.parse::<usize>().ok() != Some(i) {
            return Err(format!("row {i}: code {code} is not in order"));
        }
        let n: usize = nparams
            .parse()
            .map_err(|_| format!("row {i}: bad nparams"))?;
        let dir = match dir.as_str() {
            "E" => "D::Enter",
            "X" => "D::Exit",
            d => return Err(format!("row {i}: bad direction {d}")),
        };
        let plist = params(ps, infos, n).map_err(|e| format!("row {i}: {e}"))?;
        let _ = writeln!(s, "    EventInfo {{");
        let _ = writeln!(s, "        code: {code},");
        let _ = writeln!(s, "        ppme: {},", lit(ppme));
        let _ = writeln!(s, "        direction: {dir},");
        let _ = writeln!(s, "        name: {},", lit(name));
        let _ = writeln!(
            s,
            "        category: EventCategory({}),",
            bits(cat, "EC_", "ec")?
        );
        let _ = writeln!(
            s,
            "        flags: EventFlags({}),",
            bits(flags, "EF_", "ef")?
        );
        if plist.is_empty() {
            let _ = writeln!(s, "        params: &[],");
        } else {
            let _ = writeln!(s, "        params: &[");
            for p in plist {
                let _ = writeln!(s, "            {p},");
            }
            let _ = writeln!(s, "        ],");
        }
        let _ = writeln!(s, "    }},");
    }
    let _ = writeln!(s, "];");
    Ok(s)
}

/// `io_uring_setup` → `IoUringSetup`.
pub fn variant(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// The `EventKind` enum (event names in first-code order) and its table by code.
fn render_kinds(rows: &[Vec<String>], source: &str) -> Result<String, String> {
    let mut names: Vec<&str> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let name = r.get(3).ok_or_else(|| format!("row {i}: no name"))?;
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("row {i}: event name {name:?} is not an identifier"));
        }
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! GENERATED by `cargo run -p xtask -- gen-events` from `{source}`; do not edit.\n\
         //! [`EventKind`]: one variant per event name (enter and exit and every version of a\n\
         //! syscall share it), so state tracking and extraction dispatch on a number.\n\n\
         /// The kind of an event: its name as an enum.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n\
         #[repr(u16)]\n\
         pub enum EventKind {{"
    );
    for n in &names {
        let _ = writeln!(s, "    /// `{n}`");
        let _ = writeln!(s, "    {},", variant(n));
    }
    let _ = writeln!(s, "}}\n\nimpl EventKind {{\n    /// The event name.\n    pub fn name(self) -> &'static str {{\n        match self {{");
    for n in &names {
        let _ = writeln!(s, "            EventKind::{} => {},", variant(n), lit(n));
    }
    let _ = writeln!(s, "        }}\n    }}\n}}\n");
    let _ = writeln!(
        s,
        "/// The kind of every event code, indexed by code.\n\
         pub(super) static KINDS: [EventKind; {}] = [",
        rows.len()
    );
    for r in rows {
        let _ = writeln!(s, "    EventKind::{},", variant(&r[3]));
    }
    let _ = writeln!(s, "];");
    Ok(s)
}

/// The generated files, by name in `catalog/src/events/`, with their unformatted text.
pub fn render_all(
    rows: &[Vec<String>],
    source: &str,
) -> Result<Vec<(&'static str, String)>, String> {
    let names = crate::gen_param_names::distinct_names(rows)?;
    Ok(vec![
        ("table.rs", render(rows, source)?),
        ("kinds.rs", render_kinds(rows, source)?),
        (
            "param_names.rs",
            crate::gen_param_names::render(&names, source),
        ),
    ])
}

/// Rewrites the generated files of `dir` (`catalog/src/events`) from `input`.
pub fn generate(input: &Path, dir: &Path) -> Result<(), String> {
    let rows = rows(input)?;
    let source = input
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (file, text) in render_all(&rows, &source)? {
        crate::tsv::write_rust(&dir.join(file), &text)?;
    }
    eprintln!("wrote {} events to {}", rows.len(), dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_event_files_are_generated_from_the_tsv() {
        let Some(shared) = falcoc_testkit::shared() else {
            return;
        };
        let rows = rows(&shared.join("spec/event-table.tsv")).expect("event table");
        let dir = crate::workspace_root().join("catalog/src/events");
        for (file, text) in render_all(&rows, "event-table.tsv").expect("renders") {
            let fresh = crate::tsv::format_rust(&text).expect("rustfmt");
            let committed = std::fs::read_to_string(dir.join(file)).expect("committed file");
            assert!(
                fresh == committed,
                "catalog/src/events/{file} is stale: run `cargo run -p xtask -- gen-events`"
            );
        }
    }
}

//! Field-name resolution as libsinsp does it (§1.7): the classes are tried in order; within
//! a class the longest field name that is a prefix of `name[arg]` wins; the first class
//! with a match decides, and the match plus its argument must consume the whole string.

use super::info::{ArgSpec, FieldClass, FieldInfo};
use super::{longest_name_len, named, FieldFlags};
use crate::events::{event_table, longest_matching_param, EventSet, ParamName, PPM_EVENT_MAX};
use crate::types::FieldType;
use std::fmt;

/// The argument of a resolved field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldArg {
    None,
    /// `[N]`: ancestor level, argument position, list element, mount number, `evt.arg[N]`.
    Index(u64),
    /// `[KEY]` / `.KEY`: environment variable, label, mount path (glob allowed), cgroup
    /// subsystem, or `src`/`dst` for `evt.abspath`.
    Key(String),
    /// `evt.arg.NAME` / `evt.rawarg.NAME`: the first event parameter with that name.
    Param {
        name: ParamName,
        ptype: FieldType,
    },
    /// `evt.type.is.X`: the event codes the check is true for (boxed: a set is 64 bytes,
    /// the other arguments at most 24, and every field of every condition and output holds
    /// an argument).
    EventTypes(Box<EventSet>),
}

/// A field reference resolved against the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedField {
    pub info: &'static FieldInfo,
    /// The type values are compared with: the declared type, or for `evt.rawarg.X` the type
    /// of parameter X.
    pub ftype: FieldType,
    pub arg: FieldArg,
    /// The field as libsinsp names it: `name` or `name[arg]`.
    pub text: String,
}

impl ResolvedField {
    pub fn is_list(&self) -> bool {
        self.info.is_list()
    }

    pub fn flags(&self) -> FieldFlags {
        self.info.flags
    }

    /// Whether the field may appear in an output (`%field`): filter-only fields may not.
    pub fn check_printable(&self) -> Result<(), String> {
        if self.info.flags.has(super::fl::FILTER_ONLY) {
            Err(format!(
                "{} is filter only and cannot be used as a display field",
                self.text
            ))
        } else {
            Ok(())
        }
    }
}

/// Why a field reference does not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// No field matches, or the match leaves part of `name[arg]` unconsumed. This is the
    /// error that `skip-if-unknown-filter` downgrades.
    NotFound { name: String },
    /// The field exists but its argument is malformed (libsinsp's own message).
    BadArgument { message: String },
}

impl FieldError {
    /// Whether this is the "nonexistent field" error.
    pub fn is_unknown_field(&self) -> bool {
        matches!(self, FieldError::NotFound { .. })
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::NotFound { name } => {
                write!(f, "filter_check called with nonexistent field {name}")
            }
            FieldError::BadArgument { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for FieldError {}

/// Resolves a field as written in a condition or output: `name` is the field-name token
/// (dotted arguments included, e.g. `evt.arg.flags`), `arg` the text between brackets.
/// An empty `arg` counts as no argument, as in libsinsp.
pub fn resolve_field(name: &str, arg: Option<&str>) -> Result<ResolvedField, FieldError> {
    let text = match arg {
        Some(a) if !a.is_empty() => format!("{name}[{a}]"),
        _ => name.to_string(),
    };
    let candidates = prefix_fields(&text);
    for class in FieldClass::ALL {
        let Some(info) = longest_prefix(&candidates, class) else {
            continue;
        };
        let not_found = || FieldError::NotFound { name: text.clone() };
        let (consumed, arg) = parse_arg(info, &text)?.ok_or_else(not_found)?;
        if consumed != text.len() {
            return Err(not_found());
        }
        let ftype = match &arg {
            FieldArg::Param { ptype, .. } if info.ftype == FieldType::Dyn => *ptype,
            _ => info.ftype,
        };
        return Ok(ResolvedField {
            info,
            ftype,
            arg,
            text,
        });
    }
    Err(FieldError::NotFound { name: text })
}

/// The fields whose name is a prefix of `text`, longest name first (table order reversed
/// among equal names, so the last of them comes first, as a `max_by_key` scan would pick).
fn prefix_fields(text: &str) -> Vec<&'static FieldInfo> {
    // Prefixes longer than every field name name no field.
    (1..=text.len().min(longest_name_len()))
        .rev()
        .filter(|&n| text.is_char_boundary(n))
        .flat_map(|n| named(&text[..n]).iter().rev().copied())
        .collect()
}

/// The longest field name of `class` among `candidates` (from [`prefix_fields`]).
fn longest_prefix(
    candidates: &[&'static FieldInfo],
    class: FieldClass,
) -> Option<&'static FieldInfo> {
    candidates.iter().find(|f| f.class == class).copied()
}

/// `Ok(None)`: libsinsp's parser returns length 0 (reported as a nonexistent field).
type ArgParse = Result<Option<(usize, FieldArg)>, FieldError>;

fn bad(message: String) -> FieldError {
    FieldError::BadArgument { message }
}

fn parse_arg(info: &FieldInfo, text: &str) -> ArgParse {
    let base = info.name.len();
    let rest = text.get(base..).unwrap_or("");
    match info.arg {
        ArgSpec::None => no_arg(info, text, rest),
        ArgSpec::Index { required } => bracket(info, text, rest, required, false),
        ArgSpec::IndexOrKey { required } => bracket(info, text, rest, required, true),
        ArgSpec::Key => key_arg(info, text, rest),
        ArgSpec::EventParam { raw } => event_param(info, text, rest, raw),
        ArgSpec::EventType => event_type(text, base, rest),
        ArgSpec::AbsPath => Ok(Some(abspath(base, rest))),
        ArgSpec::Subsystem => subsystem(text, base, rest).map(Some),
    }
}

/// The plugin framework's message for a missing required argument.
fn requires_argument(info: &FieldInfo, text: &str) -> FieldError {
    bad(format!(
        "filter '{text}': {} requires an argument but none provided",
        info.name
    ))
}

/// Text between `[` (at `rest[0]`) and the first `]` after it, and the end offset in `text`.
fn bracket_content(text: &str, base: usize) -> Option<(&str, usize)> {
    let close = text.get(base..)?.find(']')? + base;
    Some((text.get(base + 1..close)?, close + 1))
}

fn bracket(info: &FieldInfo, text: &str, rest: &str, required: bool, keyed: bool) -> ArgParse {
    let base = info.name.len();
    if rest.is_empty() {
        return if required {
            Err(requires_argument(info, text))
        } else {
            Ok(Some((base, FieldArg::None)))
        };
    }
    if !rest.starts_with('[') {
        return Ok(None);
    }
    let Some((content, end)) = bracket_content(text, base) else {
        return Ok(None);
    };
    let all_digits = !content.is_empty() && content.bytes().all(|b| b.is_ascii_digit());
    if info.class.is_plugin() {
        // The plugin framework: digits without a leading zero are a 64-bit index,
        // anything else is a key.
        let canonical = all_digits && (content.len() == 1 || !content.starts_with('0'));
        let arg = match content.parse::<u64>() {
            Ok(n) if canonical => FieldArg::Index(n),
            _ => FieldArg::Key(content.to_string()),
        };
        return Ok(Some((end, arg)));
    }
    if keyed && !all_digits {
        return Ok(Some((end, FieldArg::Key(content.to_string()))));
    }
    Ok(parse_index(content).map(|n| (end, FieldArg::Index(n))))
}

/// libsinsp's `parsed32`: `sscanf("%d")` with nothing after the number. Negative
/// indexes are not accepted here.
fn parse_index(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i32>().ok().and_then(|n| u64::try_from(n).ok())
}

fn key_arg(info: &FieldInfo, text: &str, rest: &str) -> ArgParse {
    let base = info.name.len();
    if let Some(key) = rest.strip_prefix('.') {
        if key.is_empty() {
            return Err(requires_argument(info, text));
        }
        return Ok(Some((text.len(), FieldArg::Key(key.to_string()))));
    }
    if rest.is_empty() {
        return Err(requires_argument(info, text));
    }
    if !rest.starts_with('[') {
        return Ok(None);
    }
    Ok(bracket_content(text, base).map(|(k, end)| (end, FieldArg::Key(k.to_string()))))
}

fn event_param(info: &FieldInfo, text: &str, rest: &str, raw: bool) -> ArgParse {
    let base = info.name.len();
    if rest.starts_with('[') {
        if raw {
            return Err(bad("evt.arg fields must be expressed explicitly".into()));
        }
        let Some((num, end)) = bracket_content(text, base) else {
            return Err(bad(format!(
                "the field '{}' requires an argument but ']' is not found",
                info.name
            )));
        };
        let n = parse_index(num).ok_or_else(|| bad(format!("invalid number {num}")))?;
        return Ok(Some((end, FieldArg::Index(n))));
    }
    if let Some(pname) = rest.strip_prefix('.') {
        let p = longest_matching_param(pname)
            .ok_or_else(|| bad(format!("unknown event argument {pname}")))?;
        let arg = FieldArg::Param {
            name: p.name_id,
            ptype: p.ptype,
        };
        return Ok(Some((base + 1 + p.name.len(), arg)));
    }
    Err(bad(format!("filter syntax error: {text}")))
}

/// `evt.type.is.N` (any u32; codes past the table match nothing) or `evt.type.is.NAME`
/// (the first code with that name and the code after it, as libsinsp does).
fn event_type(text: &str, base: usize, rest: &str) -> ArgParse {
    let Some(itype) = rest.strip_prefix('.') else {
        return Err(bad(format!("filter syntax error: {text}")));
    };
    let end = base + rest.len();
    if !itype.is_empty() && itype.bytes().all(|b| b.is_ascii_digit()) {
        let Ok(n) = itype.parse::<u32>() else {
            return Ok(None);
        };
        let mut set = EventSet::empty();
        if let Ok(code) = u16::try_from(n) {
            set.insert(code);
        }
        return Ok(Some((end, FieldArg::EventTypes(Box::new(set)))));
    }
    let Some(ev) = event_table().iter().find(|e| e.name == itype) else {
        return Ok(None);
    };
    let mut set = EventSet::empty();
    set.insert(ev.code);
    if ev.code + 1 < PPM_EVENT_MAX {
        set.insert(ev.code + 1);
    }
    Ok(Some((end, FieldArg::EventTypes(Box::new(set)))))
}

/// A field without arguments. Plugin fields reject a bracket argument with the plugin
/// framework's message; libsinsp fields leave it unconsumed (a nonexistent field).
fn no_arg(info: &FieldInfo, text: &str, rest: &str) -> ArgParse {
    let base = info.name.len();
    if info.class.is_plugin() && rest.starts_with('[') {
        if let Some((arg, _)) = bracket_content(text, base) {
            return Err(bad(format!(
                "filter '{text}': {} does not allow nor require an argument but one is provided: {arg}",
                info.name
            )));
        }
    }
    Ok(Some((base, FieldArg::None)))
}

fn abspath(base: usize, rest: &str) -> (usize, FieldArg) {
    for which in ["src", "dst"] {
        if rest.strip_prefix('.').is_some_and(|r| r.starts_with(which)) {
            return (base + 1 + which.len(), FieldArg::Key(which.to_string()));
        }
    }
    (base, FieldArg::None)
}

fn subsystem(text: &str, base: usize, rest: &str) -> Result<(usize, FieldArg), FieldError> {
    let Some(sub) = rest.strip_prefix('.') else {
        return Err(bad(format!("filter syntax error: {text}")));
    };
    let len = sub
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'_')
        .count();
    let key = sub.get(..len).unwrap_or("").to_string();
    Ok((base + 1 + len, FieldArg::Key(key)))
}

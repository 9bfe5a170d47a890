//! The extractor table: one [`ExtractFn`] per catalogue field, indexed by field id, so a
//! reader (or native code through it) reaches a field's extractor without matching names
//! or classes.
//!
//! Fields with a borrowing extractor return values that point into the event, the state or
//! static tables (`proc.name` borrows the thread's `comm`, `evt.type` a static name);
//! computed strings go into the slot's scratch. The remaining fields go through the owned
//! extractors of [`crate::extract`] and are kept in the scratch.

use super::{fd_strings, SlotScratch};
use crate::extract::{arg_into, event_type_name, Source};
use crate::state::Thread;
use falcoc_catalog::fields::{all_fields, id_bound, ids, FieldArg, FieldId, ResolvedField};
use falcoc_predicate::value::Value;
use std::sync::OnceLock;

/// Extracts one field of the source's event: `None` when it cannot be extracted.
pub type ExtractFn =
    for<'a> fn(&'a Source<'a, 'a>, &ResolvedField, &'a mut SlotScratch) -> Option<Value<'a>>;

/// The extractor of field `id` (the owned fallback for an unknown id).
pub fn extractor(id: FieldId) -> ExtractFn {
    static TABLE: OnceLock<Vec<ExtractFn>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![owned as ExtractFn; id_bound()];
        for f in all_fields() {
            if let (Some(slot), Some(b)) = (table.get_mut(usize::from(f.id.0)), borrowing(f.id)) {
                *slot = b;
            }
        }
        table
    });
    table.get(usize::from(id.0)).copied().unwrap_or(owned)
}

/// Fields read from the event header: cheap enough to fill before evaluation.
pub fn is_inline(id: FieldId) -> bool {
    matches!(
        id,
        ids::EVT_TYPE | ids::EVT_RAWTIME | ids::THREAD_TID | ids::EVT_NUM | ids::EVT_DIR
    )
}

/// The value of a field for which [`is_inline`] holds (`None` for any other), computed
/// directly (no table, no indirect call: these are filled in for every event).
#[inline]
pub fn inline_value<'a>(src: &'a Source<'a, 'a>, id: FieldId) -> Option<Value<'a>> {
    Some(match id {
        ids::EVT_TYPE => Value::Str(event_type_name(src.ev).as_bytes()),
        ids::EVT_RAWTIME => Value::Uint(src.ev.ts()),
        ids::EVT_NUM => Value::Uint(src.insp.context().num),
        ids::THREAD_TID => Value::Int(src.ev.tid()),
        ids::EVT_DIR => Value::Str(match src.ev.direction().as_char() {
            '>' => b">",
            '<' => b"<",
            _ => return None,
        }),
        _ => return None,
    })
}

/// Through the owned extractors, kept in the scratch.
fn owned<'a>(
    src: &'a Source<'a, 'a>,
    f: &ResolvedField,
    scratch: &'a mut SlotScratch,
) -> Option<Value<'a>> {
    let v = src.extract_owned(f)?;
    scratch.hold(v)
}

fn borrowing(id: FieldId) -> Option<ExtractFn> {
    Some(match id {
        id if is_inline(id) => |src, f, _| inline_value(src, f.info.id),
        ids::PROC_NAME => |src, _, _| thread_str(src, |t| &*t.comm),
        ids::PROC_EXE => |src, _, _| thread_str(src, |t| &*t.exe),
        ids::PROC_EXEPATH => |src, _, _| thread_str(src, |t| &*t.exepath),
        ids::PROC_PNAME => |src, _, _| parent_str(src, |t| &*t.comm),
        ids::PROC_PEXE => |src, _, _| parent_str(src, |t| &*t.exe),
        ids::PROC_PEXEPATH => |src, _, _| parent_str(src, |t| &*t.exepath),
        ids::PROC_CMDLINE => |src, _, scratch| {
            let t = src.thread()?;
            Some(scratch.text_with(|buf| cmdline(t, buf)))
        },
        ids::PROC_PCMDLINE => |src, _, scratch| {
            let t = src.thread()?;
            let p = src.insp.threads().parent_of(t.tid)?;
            Some(scratch.text_with(|buf| cmdline(p, buf)))
        },
        ids::PROC_ANAME => |src, f, scratch| ancestors(src, f, scratch, |t| &*t.comm),
        ids::PROC_AEXE => |src, f, scratch| ancestors(src, f, scratch, |t| &*t.exe),
        ids::PROC_AEXEPATH => |src, f, scratch| ancestors(src, f, scratch, |t| &*t.exepath),
        ids::PROC_PID => |src, _, _| Some(Value::Int(src.thread()?.pid)),
        ids::CONTAINER_ID => |src, _, _| thread_str(src, |t| &*t.container_id),
        ids::EVT_ARG => |src, f, scratch| {
            let mut found = None;
            let v = scratch.text_with(|buf| found = as_string(buf, |s| arg_into(src, f, s)));
            found.map(|()| v)
        },
        ids::FD_NUM => |src, _, _| fd_strings::num(src),
        ids::FD_NAME => |src, _, _| fd_strings::name(src),
        ids::FD_NAMERAW => |src, _, scratch| fd_strings::name_raw(src, scratch),
        ids::FD_DIRECTORY => |src, _, _| fd_strings::dir(src),
        ids::FD_FILENAME => |src, _, _| fd_strings::filename(src),
        ids::FD_TYPE => |src, _, _| fd_strings::type_name(src),
        ids::FD_TYPECHAR => |src, _, _| fd_strings::typechar(src),
        _ => return None,
    })
}

/// Runs `fill` on the (empty) buffer `buf` as a `String`, keeping its allocation.
fn as_string(buf: &mut Vec<u8>, fill: impl FnOnce(&mut String) -> Option<()>) -> Option<()> {
    let mut s = String::from_utf8(std::mem::take(buf)).unwrap_or_default();
    let found = fill(&mut s);
    *buf = s.into_bytes();
    found
}

/// A string of the event's thread.
fn thread_str<'a>(src: &'a Source<'a, 'a>, get: fn(&Thread) -> &str) -> Option<Value<'a>> {
    Some(Value::Str(get(src.thread()?).as_bytes()))
}

/// A string of the parent process of the event's thread.
fn parent_str<'a>(src: &'a Source<'a, 'a>, get: fn(&Thread) -> &str) -> Option<Value<'a>> {
    let t = src.thread()?;
    let p = src.insp.threads().parent_of(t.tid)?;
    Some(Value::Str(get(p).as_bytes()))
}

/// `comm` followed by the arguments, space-separated.
fn cmdline(t: &Thread, buf: &mut Vec<u8>) {
    buf.extend_from_slice(t.comm.as_bytes());
    for a in t.args.iter() {
        buf.push(b' ');
        buf.extend_from_slice(a.as_bytes());
    }
}

/// An ancestor string field: `[N]` the Nth of the lineage (0 the process itself), without
/// an index the list of every ancestor (parent first); missing when there is none.
fn ancestors<'a>(
    src: &'a Source<'a, 'a>,
    f: &ResolvedField,
    scratch: &'a mut SlotScratch,
    get: fn(&Thread) -> &str,
) -> Option<Value<'a>> {
    let mut lineage = src.insp.threads().ancestry(src.ev.tid());
    if let FieldArg::Index(n) = f.arg {
        let t = lineage.nth(usize::try_from(n).ok()?)?;
        return Some(Value::Str(get(t).as_bytes()));
    }
    lineage.next()?;
    let mut above = lineage.peekable();
    above.peek()?;
    Some(scratch.list(above.map(|t| Value::Str(get(t).as_bytes()))))
}

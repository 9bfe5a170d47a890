//! Parameter access by name for the state parsers. A name is a generated [`ParamName`],
//! resolved to the parameter's index in the event's code by one table look-up
//! ([`Event::param_index`]): names are stable across event versions where positions are
//! not, and a parameter an older capture lacks reads as absent.

use falcoc_catalog::events::ParamName as P;

use crate::event::Event;

/// Integer parameter `name` (sign-extended by its type).
pub fn int(ev: &Event<'_>, name: P) -> Option<i64> {
    ev.as_i64(ev.param_index(name)?)
}

/// Unsigned parameter `name`.
pub fn uint(ev: &Event<'_>, name: P) -> Option<u64> {
    ev.as_u64(ev.param_index(name)?)
}

/// Unsigned parameter `name` when it fits 32 bits (ids, sizes in KiB, flags).
pub fn uint32(ev: &Event<'_>, name: P) -> Option<u32> {
    uint(ev, name).and_then(|v| u32::try_from(v).ok())
}

/// String parameter `name` (lossy for non-UTF-8 bytes); `None` when absent or empty.
pub fn text(ev: &Event<'_>, name: P) -> Option<String> {
    let b = ev.as_cstr_bytes(ev.param_index(name)?)?;
    if b.is_empty() {
        return None;
    }
    Some(lossy(b))
}

/// Whether list parameter `name` is present and holds, item by item, what `known` holds
/// (`same(item, kept)`), `known` not being empty: a parser then keeps its shared list
/// rather than build it again (an exec keeps its environment, a fork its arguments).
pub fn list_is(
    ev: &Event<'_>,
    name: P,
    known: &[String],
    same: impl Fn(&[u8], &str) -> bool,
) -> bool {
    let Some(items) = ev.param_index(name).and_then(|i| ev.as_strlist(i)) else {
        return false;
    };
    let mut n = 0;
    for item in items {
        match known.get(n) {
            Some(k) if same(item, k) => n += 1,
            _ => return false,
        }
    }
    n > 0 && n == known.len()
}

/// The `same` of [`list_is`] for lists kept as given.
pub fn as_given(item: &[u8], kept: &str) -> bool {
    item == kept.as_bytes()
}

/// The bytes [`text`] decodes, as stored; empty when absent.
pub fn text_bytes<'e>(ev: &Event<'e>, name: P) -> &'e [u8] {
    let bytes = ev.param_index(name).and_then(|i| ev.as_cstr_bytes(i));
    bytes.unwrap_or_default()
}

/// NUL-separated list parameter `name`; `None` when absent or empty.
pub fn list(ev: &Event<'_>, name: P) -> Option<Vec<String>> {
    let items: Vec<String> = ev.as_strlist(ev.param_index(name)?)?.map(lossy).collect();
    if items.is_empty() {
        None
    } else {
        Some(items)
    }
}

/// `b` as text, non-UTF-8 bytes replaced (valid text, the usual case, is checked by the
/// faster whole-slice validation first).
fn lossy(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

/// The return value of an exit event: `res`, or a returned `fd`.
pub fn res(ev: &Event<'_>) -> Option<i64> {
    let i = ev
        .param_index(P::Res)
        .or_else(|| ev.param_index(P::Fd).filter(|i| *i == 0))?;
    ev.as_i64(i)
}

/// The fd an `EF_USES_FD` event works on.
pub fn used_fd(ev: &Event<'_>) -> Option<i64> {
    [P::Fd, P::Oldfd, P::OutFd, P::FdIn]
        .into_iter()
        .find_map(|n| ev.param_index(n))
        .and_then(|i| ev.as_i64(i))
}

//! Parameter access by name for the state parsers (names are stable across event
//! versions where positions are not).

use crate::event::Event;

/// Integer parameter `name` (sign-extended by its type).
pub fn int(ev: &Event<'_>, name: &str) -> Option<i64> {
    ev.as_i64(ev.param_index(name)?)
}

/// Unsigned parameter `name`.
pub fn uint(ev: &Event<'_>, name: &str) -> Option<u64> {
    ev.as_u64(ev.param_index(name)?)
}

/// String parameter `name` (lossy for non-UTF-8 bytes); `None` when absent or empty.
pub fn text(ev: &Event<'_>, name: &str) -> Option<String> {
    let b = ev.as_cstr_bytes(ev.param_index(name)?)?;
    if b.is_empty() {
        return None;
    }
    Some(String::from_utf8_lossy(b).into_owned())
}

/// NUL-separated list parameter `name`; `None` when absent or empty.
pub fn list(ev: &Event<'_>, name: &str) -> Option<Vec<String>> {
    let items: Vec<String> = ev
        .as_strlist(ev.param_index(name)?)?
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    if items.is_empty() {
        None
    } else {
        Some(items)
    }
}

/// The return value of an exit event: `res`, or a returned `fd`.
pub fn res(ev: &Event<'_>) -> Option<i64> {
    let i = ev
        .param_index("res")
        .or_else(|| ev.param_index("fd").filter(|i| *i == 0))?;
    ev.as_i64(i)
}

/// The fd an `EF_USES_FD` event works on.
pub fn used_fd(ev: &Event<'_>) -> Option<i64> {
    ["fd", "oldfd", "out_fd", "fd_in"]
        .iter()
        .find_map(|n| ev.param_index(n))
        .and_then(|i| ev.as_i64(i))
}

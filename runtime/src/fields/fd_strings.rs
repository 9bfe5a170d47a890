//! Borrowing extractors of the `fd.*` fields rules read on nearly every file event
//! (`fd.name`, `fd.nameraw`, `fd.directory`, `fd.filename`, `fd.type`, `fd.typechar`,
//! `fd.num`): the values point into the fd table, the event's unknown-fd names, static text
//! or the slot's buffer, with the same lookup and the same rules as the owned extractors of
//! `crate::extract::fdfields`.

use super::SlotScratch;
use crate::extract::fdfields::{
    directory, event_fd, fd_event, file_directory, known_filename, known_type, push_single_slashes,
    raw_name, unknown_typechar, EventFd,
};
use crate::extract::Source;
use falcoc_predicate::value::Value;

/// `fd.num`.
pub fn num<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    Some(Value::Int(fd_event(src)?.1))
}

/// `fd.name`.
pub fn name<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    str_of(match fd_of(src)? {
        EventFd::Known(fd) => &fd.name,
        EventFd::Unknown(_, named) => named.map_or("", |(n, _)| n),
    })
}

/// `fd.nameraw`: the raw name with runs of `/` collapsed, in the slot's buffer.
pub fn name_raw<'a>(src: &'a Source<'a, 'a>, scratch: &'a mut SlotScratch) -> Option<Value<'a>> {
    let raw = raw_name(&fd_of(src)?);
    Some(scratch.text_with(|buf| push_single_slashes(raw, buf)))
}

/// `fd.directory`.
pub fn dir<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    str_of(match fd_of(src)? {
        EventFd::Known(fd) => directory(fd)?,
        EventFd::Unknown(_, named) => file_directory(named.map_or("", |(n, _)| n)),
    })
}

/// `fd.filename`.
pub fn filename<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    match fd_of(src)? {
        EventFd::Known(fd) => str_of(known_filename(fd)?),
        EventFd::Unknown(..) => None,
    }
}

/// `fd.type`.
pub fn type_name<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    match fd_of(src)? {
        EventFd::Known(fd) => str_of(known_type(fd)),
        EventFd::Unknown(..) => None,
    }
}

/// `fd.typechar`.
pub fn typechar<'a>(src: &'a Source<'a, 'a>) -> Option<Value<'a>> {
    let c = match fd_of(src)? {
        EventFd::Known(fd) => fd.kind.type_char(),
        EventFd::Unknown(..) => unknown_typechar(src),
    };
    Some(Value::Str(one_char(c)))
}

fn fd_of<'a>(src: &'a Source<'a, 'a>) -> Option<EventFd<'a>> {
    let (t, num) = fd_event(src)?;
    Some(event_fd(src, t, num))
}

fn str_of(s: &str) -> Option<Value<'_>> {
    Some(Value::Str(s.as_bytes()))
}

/// Every ASCII character, so a one-letter value can borrow static text.
const ASCII: [u8; 128] = {
    let mut all = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        all[i] = i as u8;
        i += 1;
    }
    all
};

/// `c` as static text (type letters are ASCII; anything else reads as `?`).
fn one_char(c: char) -> &'static [u8] {
    let i = c as usize;
    ASCII.get(i..i + 1).unwrap_or(b"?")
}

#[cfg(test)]
mod tests {
    use super::one_char;

    #[test]
    fn type_letters_borrow_static_text() {
        assert_eq!(one_char('f'), b"f");
        assert_eq!(one_char('4'), b"4");
        assert_eq!(one_char('é'), b"?");
    }
}

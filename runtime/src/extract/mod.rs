//! Field extraction: [`Source`] implements [`FieldSource`] over one event and the
//! [`Inspector`] state it was processed into, for every catalogue field that applies to
//! syscall events, with libsinsp's value formats.
//!
//! List-valued results (see [`FieldValue::List`]):
//! * `fd.ip`, `fd.net`, `fd.port`, `fd.proto`: `[client, server]` for a connected socket,
//!   one element for a listening socket; the interpreter applies either-end semantics.
//! * `proc.aname`, `proc.aexe`, `proc.aexepath`, `proc.apid`, `proc.acmdline` and
//!   `proc.aenv[NAME]` without an index: the ancestors (parent first, the process itself
//!   excluded), so a comparison matches when any ancestor matches.
//! * `fd.types`: the types of the event's fds.
//!
//! Container metadata other than the id (`container.name`, images, labels, k8s) comes
//! from the container plugin in Falco and is not extractable here; `container.id` is
//! derived from the cgroups (`host` outside containers).

mod evt;
mod fd_table_fields;
pub(crate) mod fdfields;
mod flags;
mod fspath;
mod names;
mod params;
mod proc;
mod sockfields;
mod user;

pub use fd_table_fields::reads_whole_fd_table;

use falcoc_catalog::fields::{FieldClass, ResolvedField};

use crate::event::Event;
use crate::field_value::{FieldSource, FieldValue};
use crate::state::{Inspector, Thread};

pub(crate) use evt::arg_into;
pub use evt::type_name as event_type_name;
pub use names::{caps_string, errno_name, signal_name};
pub use params::param_strings;

/// The fields of one event, read from the event and the state it was processed into.
#[derive(Clone, Copy)]
pub struct Source<'s, 'e> {
    pub(crate) insp: &'s Inspector,
    pub(crate) ev: &'s Event<'e>,
}

impl<'s, 'e> Source<'s, 'e> {
    /// The source for `ev`, which must be the event last processed by `insp`.
    pub fn new(insp: &'s Inspector, ev: &'s Event<'e>) -> Source<'s, 'e> {
        Source { insp, ev }
    }

    /// The event's thread.
    pub(crate) fn thread(&self) -> Option<&'s Thread> {
        self.insp.threads().get(self.ev.tid())
    }

    /// The main thread of the event's process (the thread itself when unknown).
    pub(crate) fn main(&self) -> Option<&'s Thread> {
        self.insp.threads().main_of(self.ev.tid())
    }
}

impl FieldSource for Source<'_, '_> {
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue> {
        self.extract_owned(field)
    }
}

impl Source<'_, '_> {
    /// The owned value of `field` (the [`FieldSource`] view; rule evaluation reads through
    /// the borrowing extractor table of [`crate::fields`] instead).
    pub fn extract_owned(&self, field: &ResolvedField) -> Option<FieldValue> {
        match field.info.class {
            FieldClass::GenEvent | FieldClass::Event => evt::extract(self, field),
            FieldClass::Thread => proc::extract(self, field),
            FieldClass::User | FieldClass::Group | FieldClass::Container => {
                user::extract(self, field)
            }
            FieldClass::Fd | FieldClass::FdList => fdfields::extract(self, field),
            FieldClass::FsPath => fspath::fs_path(self, field),
            FieldClass::Util => Some(FieldValue::Uint(1)),
        }
    }
}

/// A string value.
pub(crate) fn s(v: impl Into<String>) -> Option<FieldValue> {
    Some(FieldValue::Str(v.into()))
}

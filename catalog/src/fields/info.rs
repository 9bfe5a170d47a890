//! The shape of a catalogue entry: [`FieldInfo`], its flags, class and argument rules.

use crate::events::ParamFormat;
use crate::types::FieldType;

/// Field flags (`EPF_*` of libsinsp `filter_field.h`, plus [`fl::SUGGESTED_OUTPUT`]).
pub mod fl {
    /// Prints only; not usable in conditions.
    pub const PRINT_ONLY: u32 = 1 << 0;
    /// Filters only; cannot be printed.
    pub const FILTER_ONLY: u32 = 1 << 1;
    /// Used by table views only; not offered to rule writers.
    pub const TABLE_ONLY: u32 = 1 << 2;
    /// An argument must be given.
    pub const ARG_REQUIRED: u32 = 1 << 3;
    /// An argument may be given.
    pub const ARG_ALLOWED: u32 = 1 << 4;
    /// The field extracts a list of values.
    pub const IS_LIST: u32 = 1 << 5;
    /// The field cannot be the right-hand side of a comparison (`val(f)`).
    pub const NO_RHS: u32 = 1 << 6;
    /// Transformers cannot be applied to the field.
    pub const NO_TRANSFORMER: u32 = 1 << 7;
    /// The field is deprecated and should not be offered.
    pub const DEPRECATED: u32 = 1 << 8;
    /// libsinsp cannot keep a pointer to the extracted value across events.
    pub const NO_PTR_STABILITY: u32 = 1 << 9;
    /// The container plugin suggests the field for alert outputs.
    pub const SUGGESTED_OUTPUT: u32 = 1 << 10;

    /// falcoc's behaviour flags (not libsinsp's, so not in [`NAMES`]); back ends derive a
    /// check's or a token's shape from them, never from field names.
    ///
    /// The value is the pair of socket endpoints (`fd.ip`, `fd.net`, `fd.port`,
    /// `fd.proto`): a check holds when either end satisfies it, `!=` when both do.
    pub const ENDPOINT_PAIR: u32 = 1 << 16;
    /// An ancestor field (`proc.aname`…): without an index it yields every ancestor
    /// (parent first) and a check holds when one does; an output shows the process itself.
    pub const ANCESTORS: u32 = 1 << 17;
    /// A text rendering of the event timestamp (`evt.time`…): outputs print it from the
    /// timestamp in the configured time zone, JSON gives the integer timestamp.
    pub const TIMESTAMP_TEXT: u32 = 1 << 18;

    /// Every flag with its libsinsp spelling, for docs and tests.
    pub const NAMES: [(u32, &str); 11] = [
        (PRINT_ONLY, "PRINT_ONLY"),
        (FILTER_ONLY, "FILTER_ONLY"),
        (TABLE_ONLY, "TABLE_ONLY"),
        (ARG_REQUIRED, "ARG_REQUIRED"),
        (ARG_ALLOWED, "ARG_ALLOWED"),
        (IS_LIST, "IS_LIST"),
        (NO_RHS, "NO_RHS"),
        (NO_TRANSFORMER, "NO_TRANSFORMER"),
        (DEPRECATED, "DEPRECATED"),
        (NO_PTR_STABILITY, "NO_PTR_STABILITY"),
        (SUGGESTED_OUTPUT, "SUGGESTED_OUTPUT"),
    ];
}

/// A set of [`fl`] bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct FieldFlags(pub u32);

impl FieldFlags {
    /// Whether every bit of `bits` is set.
    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// The libsinsp names of the set flags, e.g. `["ARG_ALLOWED", "NO_RHS"]`.
    pub fn names(self) -> Vec<&'static str> {
        fl::NAMES
            .iter()
            .filter(|(b, _)| self.0 & b != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// The field classes, in lookup order (§1.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldClass {
    GenEvent,
    Event,
    Thread,
    User,
    Group,
    Fd,
    FsPath,
    Util,
    FdList,
    /// Fields of the container plugin (`container.*`, `k8s.*`).
    Container,
}

impl FieldClass {
    /// Every class in lookup order.
    pub const ALL: [FieldClass; 10] = [
        FieldClass::GenEvent,
        FieldClass::Event,
        FieldClass::Thread,
        FieldClass::User,
        FieldClass::Group,
        FieldClass::Fd,
        FieldClass::FsPath,
        FieldClass::Util,
        FieldClass::FdList,
        FieldClass::Container,
    ];

    /// The class name libsinsp uses (the `class` column of `fields-libsinsp.tsv`).
    pub fn name(self) -> &'static str {
        match self {
            FieldClass::GenEvent => "gen_event",
            FieldClass::Event => "event",
            FieldClass::Thread => "thread",
            FieldClass::User => "user",
            FieldClass::Group => "group",
            FieldClass::Fd => "fd",
            FieldClass::FsPath => "fspath",
            FieldClass::Util => "utils",
            FieldClass::FdList => "fdlist",
            FieldClass::Container => "container",
        }
    }

    /// Whether the class comes from a plugin rather than libsinsp itself.
    pub fn is_plugin(self) -> bool {
        self == FieldClass::Container
    }
}

/// How a field takes an argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgSpec {
    /// No argument.
    None,
    /// `name[N]`, a decimal index.
    Index { required: bool },
    /// `name[N]` or `name[KEY]`: digits give an index, anything else a key.
    IndexOrKey { required: bool },
    /// `name[KEY]` or `name.KEY` (plugin label fields); required.
    Key,
    /// `evt.arg.NAME` / `evt.arg[N]`; `evt.rawarg.NAME` only when `raw`. Required.
    EventParam { raw: bool },
    /// `evt.type.is.N` or `evt.type.is.NAME`. Required.
    EventType,
    /// `evt.abspath`, `evt.abspath.src`, `evt.abspath.dst`.
    AbsPath,
    /// `thread.cgroup.SUBSYS`. Required.
    Subsystem,
}

impl ArgSpec {
    /// Whether the field cannot be used without an argument.
    pub fn is_required(self) -> bool {
        match self {
            ArgSpec::None | ArgSpec::AbsPath => false,
            ArgSpec::Index { required } | ArgSpec::IndexOrKey { required } => required,
            ArgSpec::Key | ArgSpec::EventParam { .. } | ArgSpec::EventType | ArgSpec::Subsystem => {
                true
            }
        }
    }

    /// A short human description of the argument form, for docs and hover.
    pub fn describe(self) -> &'static str {
        match self {
            ArgSpec::None => "",
            ArgSpec::Index { required: false } => "optional `[N]` index",
            ArgSpec::Index { required: true } => "required `[N]` index",
            ArgSpec::IndexOrKey { required: false } => "optional `[N]` index or `[KEY]`",
            ArgSpec::IndexOrKey { required: true } => "required `[N]` index or `[KEY]`",
            ArgSpec::Key => "required `[KEY]` or `.KEY`",
            ArgSpec::EventParam { raw: false } => "required `.PARAM` or `[N]`",
            ArgSpec::EventParam { raw: true } => "required `.PARAM`",
            ArgSpec::EventType => "required `.EVENT` name or `.N` code",
            ArgSpec::AbsPath => "optional `.src` or `.dst`",
            ArgSpec::Subsystem => "required `.SUBSYSTEM`",
        }
    }
}

/// A stable numeric handle for a catalogue field: its line in the append-only list
/// `catalog/src/fields/ids.txt`, so inserting or removing a field renumbers no other.
///
/// INVARIANT: ids are unique and dense enough to index tables (at most one retired id per
/// removed field); [`super::field`] maps an id to its field. The named constants and the
/// table's ids in [`super::ids`] are generated from the list (`xtask gen-field-ids`,
/// whose test fails when they are stale).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub u16);

/// One catalogue field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub id: FieldId,
    pub name: &'static str,
    /// Declared type (`DYN` for `evt.rawarg`, resolved per argument).
    pub ftype: FieldType,
    pub flags: FieldFlags,
    pub print: ParamFormat,
    pub class: FieldClass,
    pub arg: ArgSpec,
    /// One line written for this project.
    pub desc: &'static str,
}

impl FieldInfo {
    pub fn is_list(&self) -> bool {
        self.flags.has(fl::IS_LIST)
    }

    /// Fields flagged deprecated or table-only: valid, but not offered in completion.
    pub fn is_hidden(&self) -> bool {
        self.flags.0 & (fl::DEPRECATED | fl::TABLE_ONLY) != 0
    }
}

/// Builds a [`FieldInfo`] without its id and class (set by [`classed`] and
/// [`concat`]). Used by the class tables.
pub(super) const fn f(
    name: &'static str,
    ftype: FieldType,
    flags: u32,
    print: ParamFormat,
    arg: ArgSpec,
    desc: &'static str,
) -> FieldInfo {
    FieldInfo {
        id: FieldId(0),
        name,
        ftype,
        flags: FieldFlags(flags),
        print,
        class: FieldClass::GenEvent,
        arg,
        desc,
    }
}

/// Sets the class of every field of a class table.
pub(super) const fn classed<const N: usize>(
    class: FieldClass,
    mut fields: [FieldInfo; N],
) -> [FieldInfo; N] {
    let mut i = 0;
    while i < N {
        fields[i].class = class;
        i += 1;
    }
    fields
}

/// Concatenates the class tables and gives each field the id `ids` has for its position
/// ([`u16::MAX`] for a position past `ids`: a field added without regenerating the ids).
pub(super) const fn concat<const N: usize>(parts: &[&[FieldInfo]], ids: &[u16]) -> [FieldInfo; N] {
    let placeholder = f("", FieldType::None, 0, ParamFormat::Na, ArgSpec::None, "");
    let mut out = [placeholder; N];
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            assert!(n < N, "field table too small");
            out[n] = part[i];
            out[n].id = FieldId(if n < ids.len() { ids[n] } else { u16::MAX });
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "field table size mismatch");
    out
}

//! The event model: [`Event`], a zero-copy view of one captured event with typed parameter
//! access by index, decoded through the libs event table.
//!
//! An `Event` borrows the reader's buffers; it is valid until the next event is read.
//! Nothing on the per-event path allocates.

pub mod record;
pub mod value;

use falcoc_catalog::events::{
    ef, event_kind, param_index, Direction, EventInfo, EventKind, ParamExtra, ParamInfo, ParamName,
    ParamType,
};

pub use value::{FdList, SockAddr, SockTuple};

/// `SCAP_DF_STATE_ONLY`: parse for state, never show to rules.
pub const DF_STATE_ONLY: u32 = 1;

// Meta events that feed libsinsp's user and group tables only.
const USER_ADDED_E: u16 = 354;
const USER_DELETED_E: u16 = 356;
const GROUP_ADDED_E: u16 = 358;
const GROUP_DELETED_E: u16 = 360;
// The other records libsinsp reads as initial state when a capture section opens.
const CONTAINER_JSON_2_E: u16 = 324;
const ASYNCEVENT_E: u16 = 402;

/// One event: header fields and its parameters.
#[derive(Clone, Copy, Debug)]
pub struct Event<'a> {
    pub(crate) ts: u64,
    pub(crate) tid: i64,
    pub(crate) cpu: u16,
    pub(crate) code: u16,
    pub(crate) dump_flags: u32,
    /// Events just before this one that libsinsp receives and numbers (`evt.num`) but that
    /// the capture converter consumed (enter events sinsp sees for state only).
    pub(crate) numbered_before: u32,
    pub(crate) info: &'static EventInfo,
    pub(crate) data: &'a [u8],
    /// `nparams + 1` offsets into `data`.
    pub(crate) offs: &'a [u32],
}

impl<'a> Event<'a> {
    /// Timestamp in nanoseconds since the epoch (`evt.rawtime`).
    #[inline]
    pub fn ts(&self) -> u64 {
        self.ts
    }

    /// The thread that produced the event (`thread.tid`); -1 for meta events.
    #[inline]
    pub fn tid(&self) -> i64 {
        self.tid
    }

    /// The cpu the event was captured on.
    #[inline]
    pub fn cpu(&self) -> u16 {
        self.cpu
    }

    /// The event code (`PPME_*`).
    #[inline]
    pub fn code(&self) -> u16 {
        self.code
    }

    /// The event table entry of the code.
    #[inline]
    pub fn info(&self) -> &'static EventInfo {
        self.info
    }

    /// The event name (`evt.type`, before generic events are named by their syscall).
    #[inline]
    pub fn name(&self) -> &'static str {
        self.info.name
    }

    /// The event's kind (its name as a generated enum): what state tracking and
    /// extraction dispatch on, without comparing names.
    #[inline]
    pub fn kind(&self) -> EventKind {
        // Every code of an event is in the table, so the fallback is never taken.
        event_kind(self.code).unwrap_or(EventKind::Na)
    }

    /// Enter or exit.
    #[inline]
    pub fn direction(&self) -> Direction {
        self.info.direction
    }

    /// The capture's dump flags (`SCAP_DF_*`, 0 for unflagged blocks).
    #[inline]
    pub fn dump_flags(&self) -> u32 {
        self.dump_flags
    }

    /// How many events libsinsp numbers just before this one that the reader did not
    /// deliver (enter events it sees for state only); `evt.num` counts them.
    #[inline]
    pub fn numbered_before(&self) -> u32 {
        self.numbered_before
    }

    /// Whether Falco shows the event to rules: not a state-only event, and not one of the
    /// meta events libsinsp consumes for its user and group tables (`useradded`,
    /// `userdeleted`, `groupadded`, `groupdeleted`), which reach no rule in modern Falco.
    pub fn reaches_rules(&self) -> bool {
        !self.is_state_only()
            && !matches!(
                self.code,
                USER_ADDED_E | USER_DELETED_E | GROUP_ADDED_E | GROUP_DELETED_E
            )
    }

    /// Whether the event is an initial-state record (libsinsp's `is_initialstate_event`):
    /// the user, group, container and async records a capture writer puts before the
    /// first syscall event. libsinsp consumes the leading run of them when a section
    /// opens, for state only: they are numbered but never returned, so Falco neither
    /// counts them nor shows them to rules.
    #[inline]
    pub fn is_initial_state(&self) -> bool {
        matches!(
            self.code,
            USER_ADDED_E
                | USER_DELETED_E
                | GROUP_ADDED_E
                | GROUP_DELETED_E
                | CONTAINER_JSON_2_E
                | ASYNCEVENT_E
        )
    }

    /// Whether the event is for state only and must not reach rules.
    #[inline]
    pub fn is_state_only(&self) -> bool {
        self.dump_flags & DF_STATE_ONLY != 0
    }

    /// Whether the event type has `EF_LARGE_PAYLOAD` (u32 parameter lengths).
    pub fn is_large_payload(&self) -> bool {
        self.info.flags.has(ef::LARGE_PAYLOAD)
    }

    /// Number of parameters the event carries.
    #[inline]
    pub fn nparams(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }

    /// The raw bytes of parameter `i`; `None` past the last parameter. An empty slice means
    /// "not available".
    #[inline]
    pub fn param(&self, i: usize) -> Option<&'a [u8]> {
        let start = *self.offs.get(i)? as usize;
        let end = *self.offs.get(i + 1)? as usize;
        self.data.get(start..end)
    }

    /// The table description of parameter `i`.
    #[inline]
    pub fn param_info(&self, i: usize) -> Option<&'static ParamInfo> {
        self.info.params.get(i)
    }

    /// The `PT_*` type of parameter `i`.
    #[inline]
    pub fn param_type(&self, i: usize) -> Option<ParamType> {
        self.param_info(i).map(|p| p.ptype)
    }

    /// The index of the parameter called `name` in this event's code: one look-up in the
    /// generated table, no search. An older capture may carry fewer parameters than the
    /// table lists; reading an index past them gives `None` like any absent parameter.
    #[inline]
    pub fn param_index(&self, name: ParamName) -> Option<usize> {
        param_index(self.code, name)
    }

    /// The raw bytes of the parameter called `name`.
    #[inline]
    pub fn param_by_name(&self, name: ParamName) -> Option<&'a [u8]> {
        self.param(self.param_index(name)?)
    }

    /// Parameter `i` as a signed integer, sign- or zero-extended by its type; `None` when
    /// absent, empty or not an integer width.
    #[inline]
    pub fn as_i64(&self, i: usize) -> Option<i64> {
        let signed = self.param_type(i).is_some_and(ParamType::is_signed);
        value::decode_int(self.param(i)?, signed)
    }

    /// Parameter `i` as an unsigned integer (zero-extended; signed types are reinterpreted).
    #[inline]
    pub fn as_u64(&self, i: usize) -> Option<u64> {
        let b = self.param(i)?;
        value::decode_int(b, false).map(|v| v as u64)
    }

    /// Parameter `i` as a string without its NUL; `None` when absent or not UTF-8.
    #[inline]
    pub fn as_str(&self, i: usize) -> Option<&'a str> {
        std::str::from_utf8(self.as_cstr_bytes(i)?).ok()
    }

    /// Parameter `i` as string bytes up to the first NUL.
    #[inline]
    pub fn as_cstr_bytes(&self, i: usize) -> Option<&'a [u8]> {
        Some(value::decode_cstr(self.param(i)?))
    }

    /// A path parameter (FSPATH / FSRELPATH) as stored (relative paths unresolved).
    #[inline]
    pub fn as_path(&self, i: usize) -> Option<&'a str> {
        self.as_str(i)
    }

    /// For a `PT_FSRELPATH` parameter: the index of the dirfd parameter it is relative to.
    pub fn dirfd_param(&self, i: usize) -> Option<usize> {
        match self.param_info(i)?.extra {
            ParamExtra::DirFd(d) => Some(usize::from(d)),
            _ => None,
        }
    }

    /// Parameter `i` as raw bytes (BYTEBUF).
    #[inline]
    pub fn as_bytes(&self, i: usize) -> Option<&'a [u8]> {
        self.param(i)
    }

    /// Parameter `i` as a NUL-separated list (args, env, cgroups, CHARBUFARRAY).
    pub fn as_strlist(&self, i: usize) -> Option<impl Iterator<Item = &'a [u8]>> {
        Some(value::decode_strlist(self.param(i)?))
    }

    /// Parameter `i` as a socket address.
    pub fn as_sockaddr(&self, i: usize) -> Option<SockAddr<'a>> {
        value::decode_sockaddr(self.param(i)?)
    }

    /// Parameter `i` as a socket tuple.
    pub fn as_socktuple(&self, i: usize) -> Option<SockTuple<'a>> {
        value::decode_socktuple(self.param(i)?)
    }

    /// Parameter `i` as a poll fd list.
    pub fn as_fdlist(&self, i: usize) -> Option<FdList<'a>> {
        value::decode_fdlist(self.param(i)?)
    }

    /// Parameter `i` as an IPv4 address (network order).
    pub fn as_ipv4(&self, i: usize) -> Option<[u8; 4]> {
        self.param(i)?.try_into().ok()
    }

    /// Parameter `i` as an IPv6 address.
    pub fn as_ipv6(&self, i: usize) -> Option<[u8; 16]> {
        self.param(i)?.try_into().ok()
    }

    /// Parameter `i` as a double.
    pub fn as_f64(&self, i: usize) -> Option<f64> {
        Some(f64::from_le_bytes(self.param(i)?.try_into().ok()?))
    }

    /// A `PT_DYN` parameter: the type chosen by its index byte and the value bytes.
    pub fn as_dyn(&self, i: usize) -> Option<(ParamType, &'a [u8])> {
        match self.param_info(i)?.extra {
            ParamExtra::Dyn(alts) => value::decode_dyn(self.param(i)?, alts),
            _ => None,
        }
    }

    /// For generic events (`syscall`): the ppm_sc id of the syscall.
    pub fn syscall_id(&self) -> Option<u16> {
        if self.code > 1 {
            return None;
        }
        u16::try_from(self.as_u64(0)?).ok()
    }

    /// A copy that owns its data (allocates; for tests and slow paths).
    pub fn to_owned(&self) -> OwnedEvent {
        let base = self.offs.first().copied().unwrap_or(0) as usize;
        let end = self.offs.last().copied().unwrap_or(0) as usize;
        OwnedEvent {
            ts: self.ts,
            tid: self.tid,
            cpu: self.cpu,
            code: self.code,
            dump_flags: self.dump_flags,
            numbered_before: self.numbered_before,
            info: self.info,
            data: self.data.get(base..end).unwrap_or_default().to_vec(),
            offs: self
                .offs
                .iter()
                .map(|o| o.saturating_sub(base as u32))
                .collect(),
        }
    }
}

/// An event that owns its parameter data; [`OwnedEvent::view`] gives the [`Event`] API.
#[derive(Clone, Debug)]
pub struct OwnedEvent {
    ts: u64,
    tid: i64,
    cpu: u16,
    code: u16,
    dump_flags: u32,
    numbered_before: u32,
    info: &'static EventInfo,
    data: Vec<u8>,
    offs: Vec<u32>,
}

impl OwnedEvent {
    /// The event as a borrowed view.
    pub fn view(&self) -> Event<'_> {
        Event {
            ts: self.ts,
            tid: self.tid,
            cpu: self.cpu,
            code: self.code,
            dump_flags: self.dump_flags,
            numbered_before: self.numbered_before,
            info: self.info,
            data: &self.data,
            offs: &self.offs,
        }
    }
}

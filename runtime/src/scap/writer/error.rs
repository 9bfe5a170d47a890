//! Errors of the capture writer: I/O, and values the format (or the event table) cannot
//! carry.

/// Why a capture could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write capture: {0}")]
    Io(#[from] std::io::Error),
    #[error("unknown event type code {0}")]
    UnknownEvent(u16),
    #[error("event `{name}` (code {code}) has {max} parameters, {given} given")]
    TooManyParams {
        name: &'static str,
        code: u16,
        max: usize,
        given: usize,
    },
    #[error("parameter `{param}` of event `{name}` is {ptype}: {reason}")]
    BadParam {
        name: &'static str,
        param: &'static str,
        ptype: &'static str,
        reason: &'static str,
    },
    #[error("{what} is too long ({len} bytes, at most {max})")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("event record of {0} bytes is shorter than its 26-byte header")]
    ShortRecord(usize),
    #[error("metadata blocks cannot follow events in a capture section")]
    MetadataAfterEvents,
}

//! Event categories (`EC_*`) and event flags (`EF_*`), with libs' bit values.

/// `EC_*` values: the low bits hold one syscall class, the high bits are flags.
pub mod ec {
    pub const UNKNOWN: u32 = 0;
    pub const OTHER: u32 = 1;
    pub const FILE: u32 = 2;
    pub const NET: u32 = 3;
    pub const IPC: u32 = 4;
    pub const MEMORY: u32 = 5;
    pub const PROCESS: u32 = 6;
    pub const SLEEP: u32 = 7;
    pub const SYSTEM: u32 = 8;
    pub const SIGNAL: u32 = 9;
    pub const USER: u32 = 10;
    pub const TIME: u32 = 11;
    pub const PROCESSING: u32 = 12;
    pub const IO_BASE: u32 = 32;
    pub const IO_READ: u32 = 32;
    pub const IO_WRITE: u32 = 33;
    pub const IO_OTHER: u32 = 34;
    pub const WAIT: u32 = 64;
    pub const SCHEDULER: u32 = 128;
    pub const INTERNAL: u32 = 256;
    pub const SYSCALL: u32 = 512;
    pub const TRACEPOINT: u32 = 1024;
    pub const PLUGIN: u32 = 2048;
    pub const METAEVENT: u32 = 4096;
    pub const ITER: u32 = 8192;
}

/// `EF_*` values.
pub mod ef {
    pub const CREATES_FD: u32 = 1;
    pub const DESTROYS_FD: u32 = 2;
    pub const USES_FD: u32 = 4;
    pub const READS_FROM_FD: u32 = 8;
    pub const WRITES_TO_FD: u32 = 16;
    pub const MODIFIES_STATE: u32 = 32;
    pub const UNUSED: u32 = 64;
    pub const WAITS: u32 = 128;
    pub const SKIPPARSERESET: u32 = 256;
    pub const OLD_VERSION: u32 = 512;
    pub const DROP_SIMPLE_CONS: u32 = 1024;
    pub const LARGE_PAYLOAD: u32 = 2048;
    pub const CONVERTER_MANAGED: u32 = 4096;
}

/// An event's category bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventCategory(pub u32);

/// The syscall class part of a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventClass {
    Unknown,
    Other,
    File,
    Net,
    Ipc,
    Memory,
    Process,
    Sleep,
    System,
    Signal,
    User,
    Time,
    Processing,
    IoRead,
    IoWrite,
    IoOther,
}

impl EventCategory {
    /// The syscall class held in the low bits.
    pub fn class(self) -> EventClass {
        match self.0 & 0x3f {
            ec::OTHER => EventClass::Other,
            ec::FILE => EventClass::File,
            ec::NET => EventClass::Net,
            ec::IPC => EventClass::Ipc,
            ec::MEMORY => EventClass::Memory,
            ec::PROCESS => EventClass::Process,
            ec::SLEEP => EventClass::Sleep,
            ec::SYSTEM => EventClass::System,
            ec::SIGNAL => EventClass::Signal,
            ec::USER => EventClass::User,
            ec::TIME => EventClass::Time,
            ec::PROCESSING => EventClass::Processing,
            ec::IO_READ => EventClass::IoRead,
            ec::IO_WRITE => EventClass::IoWrite,
            ec::IO_OTHER => EventClass::IoOther,
            _ => EventClass::Unknown,
        }
    }

    /// Whether every bit of `bits` (an `ec::*` flag such as `ec::SYSCALL`) is set.
    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }
}

/// An event's `EF_*` flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventFlags(pub u32);

impl EventFlags {
    /// Whether every bit of `bits` (an `ef::*` constant) is set.
    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }
}

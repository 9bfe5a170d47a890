//! Reading `.scap` captures (`spec/scap-format.md`): block framing, the metadata blocks in
//! all their versions, event blocks, and the conversion of old enter/exit streams to the
//! exit-only events modern Falco sees.

mod block;
mod convert;
mod cursor;
mod error;
mod event_block;
pub mod meta;
mod passes;
mod reader;
mod section_memo;
mod source;
mod tables;
pub mod writer;

pub use block::{BlockHeader, BlockReader, BlockType};
pub use convert::unresolved_rule_names;
pub use error::{BlockName, ScapError};
pub use meta::fds::{FdInfo, FdKind, FdTable};
pub use meta::interfaces::Interface;
pub use meta::machine::MachineInfo;
pub use meta::section::SectionHeader;
pub use meta::threads::ThreadInfo;
pub use meta::users::{Group, User};
pub use reader::{CaptureReader, EventWithTables};
pub use tables::CaptureTables;
pub use writer::{CaptureWriter, Param, WriteError};

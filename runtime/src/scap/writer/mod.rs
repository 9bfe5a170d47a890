//! Writing `.scap` captures (`spec/scap-format.md` §12): a section header, the metadata
//! blocks in the newest layouts that both sysdig 0.29.3 and modern libs read, then event
//! blocks whose parameters are encoded by the event table's types. A capture written from
//! the reader's tables reads back into the same tables.
//!
//! The writer stores the events it is given. For files that sysdig 0.29.3 reads with full
//! state, give each syscall exit its enter event first, with the 2022 enter parameter count
//! (the "hybrid" layout of §12); modern libs need only the exits. Use event codes below 336
//! and fd types up to 16 for 2022 readers.

mod encode;
mod error;
mod meta;
mod params;

use std::io::Write;

use falcoc_catalog::events::{ef, event_info};
use flate2::write::GzEncoder;
use flate2::Compression;

use super::meta::section::BYTE_ORDER_MAGIC;
use super::{Group, Interface, MachineInfo, ThreadInfo, User};
use encode::{frame, Buf};

pub use error::WriteError;
pub use params::Param;

const SHB: u32 = 0x0A0D_0D0A;
const MI: u32 = 0x201;
const PL_V9: u32 = 0x215;
const FDL_V2: u32 = 0x218;
const EV_V2: u32 = 0x216;
const EV_V2_LARGE: u32 = 0x221;
const IL_V2: u32 = 0x219;
const UL_V2: u32 = 0x220;
/// Largest `block_total_length - 8` of a non-large event block.
const MAX_SMALL_EVENT: usize = 65536;

/// Where the bytes go: as given, or through one gzip stream.
enum Sink<W: Write> {
    Plain(W),
    Gzip(GzEncoder<W>),
}

/// Writes one capture section. Call the metadata methods (any order, each at most once is
/// usual) before the first [`CaptureWriter::event`], then [`CaptureWriter::finish`].
pub struct CaptureWriter<W: Write> {
    sink: Sink<W>,
    events_started: bool,
    cpu: u16,
    scratch: Vec<u8>,
}

impl<W: Write> CaptureWriter<W> {
    /// Starts an uncompressed capture: writes the section header (version 1.2, no options).
    pub fn new(out: W) -> Result<CaptureWriter<W>, WriteError> {
        CaptureWriter::start(Sink::Plain(out))
    }

    /// Starts a capture compressed as one gzip stream.
    pub fn gzip(out: W) -> Result<CaptureWriter<W>, WriteError> {
        CaptureWriter::start(Sink::Gzip(GzEncoder::new(out, Compression::default())))
    }

    fn start(sink: Sink<W>) -> Result<CaptureWriter<W>, WriteError> {
        let mut w = CaptureWriter {
            sink,
            events_started: false,
            cpu: 0,
            scratch: Vec::new(),
        };
        let mut b = Buf::default();
        b.u32(BYTE_ORDER_MAGIC);
        b.u16(1);
        b.u16(2);
        b.u64(u64::MAX);
        w.block(SHB, &b.b)?;
        Ok(w)
    }

    /// Writes the machine info block.
    pub fn machine(&mut self, m: &MachineInfo) -> Result<(), WriteError> {
        self.meta(MI, meta::machine(m)?)
    }

    /// Writes the interface list (IL_V2).
    pub fn interfaces(&mut self, list: &[Interface]) -> Result<(), WriteError> {
        self.meta(IL_V2, meta::interfaces(list)?)
    }

    /// Writes the user and group list (UL_V2).
    pub fn users(&mut self, users: &[User], groups: &[Group]) -> Result<(), WriteError> {
        self.meta(UL_V2, meta::users(users, groups)?)
    }

    /// Writes the process list (one PL_V9 block holding every thread), then one FDL_V2
    /// block for each thread whose `fds` is not empty. List every thread the events use
    /// and its ancestors: `proc.pname` walks `ptid` through this table.
    pub fn threads(&mut self, list: &[ThreadInfo]) -> Result<(), WriteError> {
        self.meta(PL_V9, meta::threads(list)?)?;
        for t in list.iter().filter(|t| !t.fds.is_empty()) {
            self.meta(FDL_V2, meta::fds(t.tid, &t.fds)?)?;
        }
        Ok(())
    }

    /// The cpu number stored with the following events (0 by default).
    pub fn set_cpu(&mut self, cpu: u16) {
        self.cpu = cpu;
    }

    /// Writes one event of type `code` (a `PPME_*` code) by thread `tid` at `ts` (ns since
    /// the epoch). `params` may be fewer than the table lists (an older layout) but not
    /// more; each must suit its parameter's type. Write events in timestamp order.
    pub fn event(
        &mut self,
        ts: u64,
        tid: i64,
        code: u16,
        params: &[Param<'_>],
    ) -> Result<(), WriteError> {
        let info = event_info(code).ok_or(WriteError::UnknownEvent(code))?;
        if params.len() > info.params.len() {
            return Err(WriteError::TooManyParams {
                name: info.name,
                code,
                max: info.params.len(),
                given: params.len(),
            });
        }
        let mut data = std::mem::take(&mut self.scratch);
        data.clear();
        let mut lens = Vec::with_capacity(params.len());
        for (p, pi) in params.iter().zip(info.params) {
            let before = data.len();
            params::encode(pi.ptype, p, &mut data).map_err(|reason| WriteError::BadParam {
                name: info.name,
                param: pi.name,
                ptype: pi.ptype.pt_name(),
                reason,
            })?;
            lens.push(data.len() - before);
        }
        let large = info.flags.has(ef::LARGE_PAYLOAD);
        let mut b = Buf::default();
        b.u16(self.cpu);
        let len_size = if large { 4 } else { 2 };
        let evt_len = 26 + len_size * lens.len() + data.len();
        let too_long = |len: usize, max: usize| WriteError::TooLong {
            what: "event parameter",
            len,
            max,
        };
        b.u64(ts);
        b.i64(tid);
        b.u32(u32::try_from(evt_len).map_err(|_| WriteError::TooLong {
            what: "event",
            len: evt_len,
            max: u32::MAX as usize,
        })?);
        b.u16(code);
        b.u32(lens.len() as u32);
        for l in lens {
            if large {
                b.u32(u32::try_from(l).map_err(|_| too_long(l, u32::MAX as usize))?);
            } else {
                b.u16(u16::try_from(l).map_err(|_| too_long(l, usize::from(u16::MAX)))?);
            }
        }
        b.bytes(&data);
        self.scratch = data;
        let framed = b.b.len().div_ceil(4) * 4 + 4;
        let id = if framed > MAX_SMALL_EVENT {
            EV_V2_LARGE
        } else {
            EV_V2
        };
        self.events_started = true;
        self.block(id, &b.b)
    }

    /// Writes one event already in the event layout (ts, tid, len, code, nparams, lengths,
    /// values: a live record as the probe sends it), framed with the current cpu.
    pub fn event_record(&mut self, record: &[u8]) -> Result<(), WriteError> {
        if record.len() < 26 {
            return Err(WriteError::ShortRecord(record.len()));
        }
        let mut b = Buf::default();
        b.u16(self.cpu);
        b.bytes(record);
        let framed = b.b.len().div_ceil(4) * 4 + 4;
        let id = if framed > MAX_SMALL_EVENT {
            EV_V2_LARGE
        } else {
            EV_V2
        };
        self.events_started = true;
        self.block(id, &b.b)
    }

    /// Flushes (and ends the gzip stream), giving back the output.
    pub fn finish(self) -> Result<W, WriteError> {
        match self.sink {
            Sink::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Sink::Gzip(g) => Ok(g.finish()?),
        }
    }

    fn meta(&mut self, id: u32, body: Vec<u8>) -> Result<(), WriteError> {
        if self.events_started {
            return Err(WriteError::MetadataAfterEvents);
        }
        self.block(id, &body)
    }

    fn block(&mut self, id: u32, body: &[u8]) -> Result<(), WriteError> {
        let bytes = frame(id, body)?;
        match &mut self.sink {
            Sink::Plain(w) => w.write_all(&bytes)?,
            Sink::Gzip(g) => g.write_all(&bytes)?,
        }
        Ok(())
    }
}

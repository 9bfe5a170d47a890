//! Live event records: one event in the scap v2 event layout without the block's cpu id
//! (ts u64, tid u64, len u32, code u16, nparams u32, lengths, values), as the probe sends
//! them. [`RecordDecoder`] validates a record and views it as an [`Event`] with the same
//! decoders captures use.

use falcoc_catalog::events::{ef, event_info, PPM_EVENT_MAX};

use super::Event;

/// Size of the record header.
pub const RECORD_HEADER: usize = 26;

/// Why a record was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("record of {0} bytes is shorter than its header")]
    Short(usize),
    #[error("record length field {field} does not match its {actual} bytes")]
    Length { field: usize, actual: usize },
    #[error("unknown event type {0}")]
    UnknownCode(u16),
    #[error("{0} parameter lengths do not fit in the record")]
    Lengths(usize),
    #[error("parameter lengths ({0} bytes) exceed the record data")]
    Data(usize),
}

/// Reusable decoding state (the parameter offsets of the last record).
#[derive(Debug, Default)]
pub struct RecordDecoder {
    offs: Vec<u32>,
}

impl RecordDecoder {
    /// A decoder.
    pub fn new() -> RecordDecoder {
        RecordDecoder::default()
    }

    /// Views `rec` as an event captured on `cpu`.
    pub fn decode<'a>(&'a mut self, rec: &'a [u8], cpu: u16) -> Result<Event<'a>, RecordError> {
        let u = |at: usize, n: usize| -> u64 {
            let mut b = [0u8; 8];
            if let Some(src) = rec.get(at..at + n) {
                b[..n].copy_from_slice(src);
            }
            u64::from_le_bytes(b)
        };
        if rec.len() < RECORD_HEADER {
            return Err(RecordError::Short(rec.len()));
        }
        let len = u(16, 4) as usize;
        if len > rec.len() || len < RECORD_HEADER {
            return Err(RecordError::Length {
                field: len,
                actual: rec.len(),
            });
        }
        let code = u(20, 2) as u16;
        let info = (code < PPM_EVENT_MAX)
            .then(|| event_info(code))
            .flatten()
            .ok_or(RecordError::UnknownCode(code))?;
        let nparams = u(22, 4) as usize;
        let lsize = if info.flags.has(ef::LARGE_PAYLOAD) {
            4
        } else {
            2
        };
        let data_start = nparams
            .checked_mul(lsize)
            .map(|b| RECORD_HEADER + b)
            .filter(|d| *d <= len)
            .ok_or(RecordError::Lengths(nparams))?;
        self.offs.clear();
        self.offs.push(0);
        let mut sum = 0usize;
        for i in 0..nparams {
            sum += u(RECORD_HEADER + i * lsize, lsize) as usize;
            if data_start + sum > len {
                return Err(RecordError::Data(sum));
            }
            self.offs.push(sum as u32);
        }
        Ok(Event {
            ts: u(0, 8),
            tid: u(8, 8) as i64,
            cpu,
            code,
            dump_flags: 0,
            numbered_before: 0,
            info,
            data: rec.get(data_start..data_start + sum).unwrap_or_default(),
            offs: &self.offs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(code: u16, params: &[&[u8]]) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend_from_slice(&7u64.to_le_bytes());
        r.extend_from_slice(&42u64.to_le_bytes());
        r.extend_from_slice(&0u32.to_le_bytes());
        r.extend_from_slice(&code.to_le_bytes());
        r.extend_from_slice(&(params.len() as u32).to_le_bytes());
        for p in params {
            r.extend_from_slice(&(p.len() as u16).to_le_bytes());
        }
        for p in params {
            r.extend_from_slice(p);
        }
        let len = r.len() as u32;
        r[16..20].copy_from_slice(&len.to_le_bytes());
        r
    }

    #[test]
    fn close_exit_decodes() {
        let rec = record(5, &[&0i64.to_le_bytes(), &3i64.to_le_bytes()]);
        let mut d = RecordDecoder::new();
        let ev = d.decode(&rec, 1).expect("valid");
        assert_eq!(
            (ev.ts(), ev.tid(), ev.code(), ev.name()),
            (7, 42, 5, "close")
        );
        assert_eq!(ev.as_i64(1), Some(3));
    }

    #[test]
    fn bad_records_are_refused() {
        let mut d = RecordDecoder::new();
        assert_eq!(d.decode(&[0; 10], 0).err(), Some(RecordError::Short(10)));
        let mut rec = record(5, &[&0i64.to_le_bytes(), &3i64.to_le_bytes()]);
        rec[26] = 200; // first length past the data
        assert!(matches!(d.decode(&rec, 0), Err(RecordError::Data(_))));
        let rec = record(9999, &[]);
        assert_eq!(
            d.decode(&rec, 0).err(),
            Some(RecordError::UnknownCode(9999))
        );
    }
}

//! Event blocks: the cpu id, the optional flags word, the event header (v1 without
//! `nparams`, v2 with), the lengths array (u16, or u32 for `EF_LARGE_PAYLOAD` types) and
//! the parameter values. Validation follows libs HEAD: every length must fit.

use falcoc_catalog::events::{ef, event_info, PPM_EVENT_MAX};

use super::cursor::Cursor;
use super::error::ScapError;

/// Size of the v2 event header (ts, tid, len, type, nparams).
const HDR_V2: usize = 26;
/// Size of the v1 event header (no nparams).
const HDR_V1: usize = 22;
/// `PPME_NOTIFICATION_E` and `PPME_INFRASTRUCTURE_EVENT_E`: old records of these carry a
/// `len` 3 bytes too long.
const LEN_QUIRK_CODES: [u16; 2] = [280, 286];

/// The header fields of one event; its parameter data is `body[data_start..data_end]`,
/// split by the offsets the parser wrote.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawHeader {
    pub(crate) ts: u64,
    pub(crate) tid: i64,
    pub(crate) cpu: u16,
    pub(crate) code: u16,
    pub(crate) dump_flags: u32,
    pub(crate) data_start: usize,
    pub(crate) data_end: usize,
}

/// Parses an event block body. Fills `offs` with `nparams + 1` offsets relative to
/// `data_start`. `Ok(None)` for event codes outside the table (skipped, like libs).
pub(crate) fn parse_event(
    body: &[u8],
    base: u64,
    id: u32,
    version: u8,
    flagged: bool,
    offs: &mut Vec<u32>,
) -> Result<Option<RawHeader>, ScapError> {
    let mut c = Cursor::new(body, base, id);
    let cpu = c.u16("cpu id")?;
    let dump_flags = if flagged { c.u32("event flags")? } else { 0 };
    let hdr_at = c.position();
    let ts = c.u64("timestamp")?;
    let tid = c.u64("thread id")? as i64;
    let len = c.u32("event length")? as usize;
    let code = c.u16("event type")?;
    if code >= PPM_EVENT_MAX {
        return Ok(None);
    }
    let large = event_info(code).is_some_and(|i| i.flags.has(ef::LARGE_PAYLOAD));
    let lsize = if large { 4 } else { 2 };
    let avail = body.len().saturating_sub(hdr_at);
    let (hdr, nparams, len) = if version >= 2 {
        let n = c.u32("parameter count")? as usize;
        (HDR_V2, n, len)
    } else {
        let table_n = event_info(code).map_or(0, |i| i.params.len());
        let lens = body.get(hdr_at + HDR_V1..).unwrap_or_default();
        let found = infer_nparams(lens, lsize, table_n, len).or_else(|| {
            if LEN_QUIRK_CODES.contains(&code) {
                let fixed = len.checked_sub(3)?;
                infer_nparams(lens, lsize, table_n, fixed)
            } else {
                None
            }
        });
        match found {
            Some((n, l)) => (HDR_V1, n, l),
            None => {
                return Err(c.error(format!(
                    "event length {len} does not match any parameter count of event type {code}"
                )))
            }
        }
    };
    if len < hdr || len > avail {
        return Err(c.error(format!(
            "event length {len} out of range ({hdr} to {avail} bytes in the block)"
        )));
    }
    let lens_bytes = nparams
        .checked_mul(lsize)
        .filter(|b| hdr + b <= len)
        .ok_or_else(|| {
            c.error(format!(
                "{nparams} parameter lengths do not fit in the event"
            ))
        })?;
    let lens_at = hdr_at + hdr;
    let data_start = lens_at + lens_bytes;
    let data_len = len - hdr - lens_bytes;
    offs.clear();
    offs.push(0);
    let mut sum: usize = 0;
    let lens = body.get(lens_at..data_start).unwrap_or_default();
    for l in lens.chunks_exact(lsize) {
        sum += read_len(l);
        if sum > data_len {
            return Err(ScapError::corrupt(
                base + lens_at as u64,
                id,
                format!("parameter lengths ({sum} bytes so far) exceed the event data ({data_len} bytes)"),
            ));
        }
        offs.push(sum as u32);
    }
    Ok(Some(RawHeader {
        ts,
        tid,
        cpu,
        code,
        dump_flags,
        data_start,
        data_end: data_start + sum,
    }))
}

fn read_len(l: &[u8]) -> usize {
    match *l {
        [a, b] => usize::from(u16::from_le_bytes([a, b])),
        [a, b, c, d] => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => 0,
    }
}

/// The v1 parameter count: counting down from the table's, the first `n` for which
/// `22 + n * lsize + sum(first n lengths) == len`. Returns `(n, len)`.
fn infer_nparams(lens: &[u8], lsize: usize, table_n: usize, len: usize) -> Option<(usize, usize)> {
    (0..=table_n).rev().find_map(|n| {
        let arr = lens.get(..n * lsize)?;
        let sum: usize = arr.chunks_exact(lsize).map(read_len).sum();
        (HDR_V1 + n * lsize + sum == len).then_some((n, len))
    })
}

//! A minimal `.scap` writer for tests: builds blocks byte by byte, so that tests can make
//! captures in the newest layouts (PL_V9 with the full tail, FDL_V2 with new fd types,
//! flagged and large event blocks) and in the oldest (v1 event headers).

#![allow(dead_code)]

/// Appends little-endian integers and length-prefixed strings.
#[derive(Default)]
pub struct Body(pub Vec<u8>);

impl Body {
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }
    /// u16 length + bytes (PL/FDL/UL strings).
    pub fn str16(&mut self, s: &str) -> &mut Self {
        self.u16(s.len() as u16).bytes(s.as_bytes())
    }
}

/// Frames `body` as a block of type `id` with padding and trailer.
pub fn block(id: u32, body: &[u8]) -> Vec<u8> {
    let total = (8 + body.len() + 4).div_ceil(4) * 4;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(body);
    out.resize(total - 4, 0);
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out
}

/// A section header block, version 1.2.
pub fn shb() -> Vec<u8> {
    let mut b = Body::default();
    b.u32(0x1A2B_3C4D).u16(1).u16(2).u64(u64::MAX);
    block(0x0A0D_0D0A, &b.0)
}

/// An event: header v2 (or v1 without nparams), lengths (u16 or u32), values.
pub fn event(ts: u64, tid: u64, code: u16, params: &[&[u8]], v1: bool, large: bool) -> Vec<u8> {
    let lsize = if large { 4 } else { 2 };
    let hdr = if v1 { 22 } else { 26 };
    let len = hdr + params.len() * lsize + params.iter().map(|p| p.len()).sum::<usize>();
    let mut b = Body::default();
    b.u64(ts).u64(tid).u32(len as u32).u16(code);
    if !v1 {
        b.u32(params.len() as u32);
    }
    for p in params {
        if large {
            b.u32(p.len() as u32);
        } else {
            b.u16(p.len() as u16);
        }
    }
    for p in params {
        b.bytes(p);
    }
    b.0
}

/// An event block: `id` 0x216 (EV_V2), 0x221 (large), 0x217/0x222 (flagged), 0x204 (v1).
pub fn event_block(id: u32, cpu: u16, flags: Option<u32>, ev: &[u8]) -> Vec<u8> {
    let mut b = Body::default();
    b.u16(cpu);
    if let Some(f) = flags {
        b.u32(f);
    }
    b.bytes(ev);
    block(id, &b.0)
}

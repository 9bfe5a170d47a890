//! Error cases of the reader, each with its message: what the user sees for a file that is
//! not a capture, a newer format, a damaged block.

mod common;

use common::writer::{block, event, event_block, shb, Body};
use falcoc_runtime::{CaptureReader, ScapError};

fn open_err(bytes: &[u8]) -> ScapError {
    match CaptureReader::open(bytes) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn one_event() -> Vec<u8> {
    event_block(
        0x216,
        0,
        None,
        &event(
            1,
            1,
            5,
            &[&0i64.to_le_bytes(), &3i64.to_le_bytes()],
            false,
            false,
        ),
    )
}

#[test]
fn not_a_capture() {
    assert_eq!(
        open_err(b"").to_string(),
        "not a scap capture: expected a section header block at byte 0, found 0x00000000"
    );
    let e = open_err(&block(0x201, &[0; 180]));
    assert!(matches!(e, ScapError::NotScap { found: 0x201 }), "{e}");
}

#[test]
fn section_header_checks() {
    let mut b = Body::default();
    b.u32(0x4D3C_2B1A).u16(1).u16(0).u64(u64::MAX);
    let e = open_err(&block(0x0A0D_0D0A, &b.0));
    assert_eq!(
        e.to_string(),
        "invalid magic number 0x4d3c2b1a in section header at byte 0"
    );
    let mut b = Body::default();
    b.u32(0x1A2B_3C4D).u16(2).u16(0).u64(u64::MAX);
    let e = open_err(&block(0x0A0D_0D0A, &b.0));
    assert_eq!(e.to_string(), "unsupported scap version 2.0 at byte 0");
    assert!(matches!(open_err(&shb()), ScapError::NoEvents));
    assert_eq!(open_err(&shb()).to_string(), "no events in file");
}

/// HEAD skips pcapng-style options after the 16 fixed bytes of the section header.
#[test]
fn section_header_options_are_skipped() {
    let mut b = Body::default();
    b.u32(0x1A2B_3C4D).u16(1).u16(2).u64(u64::MAX);
    b.u16(1).u16(7).bytes(b"comment\0").u16(0).u16(0);
    let mut bytes = block(0x0A0D_0D0A, &b.0);
    bytes.extend(one_event());
    let (events, err) = common::read_all(&bytes, false);
    assert!(err.is_none(), "{err:?}");
    assert_eq!(events.len(), 1);
}

#[test]
fn damaged_blocks_name_offset_and_block() {
    let mut bytes = shb();
    let first = bytes.len();
    bytes.extend(one_event());
    // Trailer of a metadata block that does not repeat its length.
    let mut bad = block(0x201, &[0; 180]);
    let n = bad.len();
    bad[n - 1] = 0xff;
    let mut meta = shb();
    meta.extend(bad);
    let e = open_err(&meta);
    assert_eq!(e.to_string(), "corrupt machine info block at byte 216: block trailer does not repeat the block length 192");
    // A block length below the minimum.
    let mut short = bytes.clone();
    short[first + 4..first + 8].copy_from_slice(&4u32.to_le_bytes());
    let (_, err) = common::read_all(&short, false);
    let err = err.expect("error");
    assert_eq!(
        err.to_string(),
        format!(
            "corrupt event block (v2) at byte {}: block length 4 out of range (12 to 65544)",
            first + 4
        )
    );
    // An event length beyond its block.
    let mut long = bytes.clone();
    long[first + 8 + 2 + 16..first + 8 + 2 + 20].copy_from_slice(&500u32.to_le_bytes());
    let (_, err) = common::read_all(&long, false);
    let msg = err.expect("error").to_string();
    assert!(
        msg.starts_with(&format!(
            "corrupt event block (v2) at byte {}",
            first + 8 + 2 + 26
        )),
        "{msg}"
    );
    // Truncation inside the event block.
    let (_, err) = common::read_all(&bytes[..bytes.len() - 3], false);
    assert_eq!(
        err.expect("error").to_string(),
        format!(
            "truncated capture: event block (v2) at byte {first} needs {} bytes, only {} left",
            bytes.len() - first,
            bytes.len() - first - 3
        )
    );
}

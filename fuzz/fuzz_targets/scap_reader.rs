//! Fuzz target: the capture reader on arbitrary bytes never panics; it ends with success
//! or an error naming an offset inside the input; every delivered event's parameters stay
//! inside their event and decode without panicking; raw and converted reads agree on the
//! error.

#![no_main]

use falcoc_runtime::{CaptureReader, Event, ScapError};
use libfuzzer_sys::fuzz_target;

fn touch(ev: &Event<'_>) {
    for i in 0..ev.nparams() {
        let p = ev.param(i).expect("parameter within the event");
        assert!(p.len() <= 1 << 30);
        let _ = ev.as_i64(i);
        let _ = ev.as_u64(i);
        let _ = ev.as_str(i);
        let _ = ev.as_sockaddr(i);
        let _ = ev.as_socktuple(i);
        let _ = ev.as_fdlist(i).map(|l| l.iter().count());
        let _ = ev.as_dyn(i);
        let _ = ev.as_strlist(i).map(Iterator::count);
    }
    assert!(ev.param(ev.nparams()).is_none());
}

fn run(data: &[u8], raw: bool) -> Option<String> {
    let mut r = match CaptureReader::open(data) {
        Ok(r) => r,
        Err(e) => return Some(check(e, data)),
    };
    r.set_raw(raw);
    loop {
        match r.next_event() {
            Ok(Some(ev)) => touch(&ev),
            Ok(None) => return None,
            Err(e) => return Some(check(e, data)),
        }
    }
}

fn check(e: ScapError, data: &[u8]) -> String {
    // Offsets count decompressed bytes, so only plain inputs bound them.
    let plain = !data.starts_with(&[0x1f, 0x8b]);
    if let (Some(off), true) = (e.offset(), plain) {
        assert!(off <= data.len() as u64 + 8, "{e} beyond {} bytes", data.len());
    }
    e.to_string()
}

fuzz_target!(|data: &[u8]| {
    let converted = run(data, false);
    let raw = run(data, true);
    assert_eq!(converted, raw, "the block layer fails the same way in both modes");
});

//! A capture read several times over (`CaptureReader::open_repeated`, `falcoc replay
//! --loop N`): every pass delivers the events of a fresh open of the capture, as a new
//! section with the first pass's tables (shared), so a replay of N passes is a replay of the
//! capture concatenated N times — state reset at each pass, `evt.num` going on — whether
//! the capture is plain or gzip, one section or several.

mod eval_support;
mod written;

use std::io::Write;
use std::sync::Arc;

use falcoc_runtime::scap::CaptureTables;
use falcoc_runtime::CaptureReader;
use written::{shadow_section, SHADOW_RULES};

/// An event's timestamp, thread, code and parameters.
type EventKey = (u64, i64, u16, Vec<Vec<u8>>);

/// One delivered event, owned, with the tables it came with.
type Delivered = (EventKey, Option<Arc<CaptureTables>>);

fn delivered(mut reader: CaptureReader<&[u8]>) -> Vec<Delivered> {
    let mut out = Vec::new();
    while let Some((ev, tables)) = reader.next_with_tables().expect("reads") {
        let params = (0..ev.nparams())
            .map(|i| ev.param(i).unwrap_or_default().to_vec())
            .collect();
        out.push(((ev.ts(), ev.tid(), ev.code(), params), tables));
    }
    out
}

/// The events without their tables, and where sections started.
fn events_and_starts(all: &[Delivered]) -> (Vec<EventKey>, Vec<usize>) {
    let events = all.iter().map(|d| d.0.clone()).collect();
    let starts = all
        .iter()
        .enumerate()
        .filter(|(_, d)| d.1.is_some())
        .map(|(i, _)| i)
        .collect();
    (events, starts)
}

#[test]
fn every_pass_delivers_what_the_concatenated_capture_delivers() {
    let two = [shadow_section("nginx"), shadow_section("redis")].concat();
    let repeated = delivered(CaptureReader::open_repeated(two.as_slice(), 3).expect("opens"));
    let thrice = [two.as_slice(), &two, &two].concat();
    let concatenated = delivered(CaptureReader::open(thrice.as_slice()).expect("opens"));
    assert_eq!(
        events_and_starts(&repeated),
        events_and_starts(&concatenated)
    );
    assert_eq!(repeated.len(), 24);
}

#[test]
fn later_passes_share_the_first_passs_tables() {
    let one = shadow_section("nginx");
    let all = delivered(CaptureReader::open_repeated(one.as_slice(), 3).expect("opens"));
    let tables: Vec<_> = all.into_iter().filter_map(|d| d.1).collect();
    assert_eq!(tables.len(), 3);
    assert!(Arc::ptr_eq(&tables[0], &tables[1]));
    assert!(Arc::ptr_eq(&tables[0], &tables[2]));
    assert_eq!(
        tables[2].thread(100).map(|t| t.comm.as_str()),
        Some("nginx")
    );
}

#[test]
fn each_pass_alerts_as_the_first_with_state_reset_and_numbering_going_on() {
    let one = shadow_section("nginx");
    let (alerts, stats) = written::replay_repeated(SHADOW_RULES, &one, 3);
    let pass = |n: u64| {
        [
            "opened /etc/shadow by nginx".to_string(),
            format!("read /etc/shadow by nginx num={}", n + 3),
            format!("read /etc/passwd by nginx num={}", n + 4),
        ]
    };
    assert_eq!(alerts, [pass(0), pass(4), pass(8)].concat());
    assert_eq!(stats.seeded, 3);
    assert_eq!(stats.events, 12);
    let thrice = [one.as_slice(), &one, &one].concat();
    assert_eq!(written::replay(SHADOW_RULES, &thrice), (alerts, stats));
}

#[test]
fn a_gzip_capture_is_decompressed_once_and_read_again() {
    let one = shadow_section("nginx");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&one).expect("compresses");
    let gz = gz.finish().expect("compressed");
    let reader = CaptureReader::open_repeated(gz.as_slice(), 2).expect("opens");
    assert!(reader.is_gzip());
    let plain = delivered(CaptureReader::open_repeated(one.as_slice(), 2).expect("opens"));
    assert_eq!(
        events_and_starts(&delivered(reader)),
        events_and_starts(&plain)
    );
}

#[test]
fn one_pass_is_the_capture_once() {
    let one = shadow_section("nginx");
    let once = delivered(CaptureReader::open_repeated(one.as_slice(), 1).expect("opens"));
    let opened = delivered(CaptureReader::open(one.as_slice()).expect("opens"));
    assert_eq!(events_and_starts(&once), events_and_starts(&opened));
    assert_eq!(once.len(), 4);
}

#[test]
fn a_damaged_capture_stops_in_the_first_pass() {
    let mut one = shadow_section("nginx");
    one.truncate(one.len() - 10);
    let mut reader = CaptureReader::open_repeated(one.as_slice(), 3).expect("opens");
    let mut events = 0;
    let err = loop {
        match reader.next_event() {
            Ok(Some(_)) => events += 1,
            Ok(None) => panic!("a truncated capture ends with an error"),
            Err(e) => break e,
        }
    };
    assert_eq!(events, 3);
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(matches!(reader.next_event(), Ok(None)));
}

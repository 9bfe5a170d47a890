//! Every corpus capture reads to the end; modern-libs delivery rules hold on all of them.

mod common;

use falcoc_compiler::catalog::events::{ef, Direction};
use falcoc_runtime::scap::unresolved_rule_names;
use falcoc_runtime::CaptureReader;

#[test]
fn conversion_rules_name_real_events() {
    assert!(
        unresolved_rule_names().is_empty(),
        "{:?}",
        unresolved_rule_names()
    );
}

#[test]
fn every_capture_reads_to_the_end() {
    for cap in common::captures() {
        let mut r =
            CaptureReader::open_path(&cap).unwrap_or_else(|e| panic!("{}: {e}", cap.display()));
        let mut n = 0usize;
        let mut last_ts = 0;
        while let Some(ev) = r
            .next_event()
            .unwrap_or_else(|e| panic!("{}: {e}", cap.display()))
        {
            n += 1;
            last_ts = last_ts.max(ev.ts());
            // Only enter-only kinds (procexit, switch, procinfo, container…) come as enter
            // events: never an old version nor a converter-managed enter.
            if ev.direction() == Direction::Enter {
                let f = ev.info().flags;
                assert!(
                    !f.has(ef::OLD_VERSION) && !f.has(ef::CONVERTER_MANAGED),
                    "{}: enter event {} delivered",
                    cap.display(),
                    ev.name()
                );
            }
            // Converter-managed exits are upgraded to the table's full parameter list.
            if ev.direction() == Direction::Exit && ev.info().flags.has(ef::CONVERTER_MANAGED) {
                assert_eq!(
                    ev.nparams(),
                    ev.info().params.len(),
                    "{}: {}",
                    cap.display(),
                    ev.name()
                );
            }
        }
        assert!(n > 0 && last_ts > 0, "{}: no events", cap.display());
    }
}

/// scap-format.md §13: modern libs deliver 303 events from cat_write.scap, 260 of them
/// procinfo; the exit_group generic enter disappears.
#[test]
fn cat_write_counts_match_modern_libs() {
    let Some(path) = common::capture("cat_write.scap") else {
        return;
    };
    let (events, err) = common::read_all(&common::plain_bytes(&path), false);
    assert!(err.is_none());
    let procinfo = events
        .iter()
        .filter(|e| e.view().name() == "procinfo")
        .count();
    assert_eq!((events.len(), procinfo), (303, 260));
}

//! The borrowing extractor table agrees with the owned extractors: for every field that
//! needs no argument (plus indexed ancestor forms and `evt.arg` by name and index), on
//! every event of every shared capture, the value read through the memoised value ABI
//! (`EventFields`) equals what `Source::extract_owned` gives, missing included; and a
//! second read of the same slot on the same event is the memoised record.

mod common;

use falcoc_compiler::catalog::fields::{all_fields, resolve_field, ResolvedField};
use falcoc_compiler::ir::Operand;
use falcoc_runtime::fields::{EventFields, Frame};
use falcoc_runtime::predicate::lowered::{Lowering, Operand as Lowered};
use falcoc_runtime::predicate::reader::FieldReader;
use falcoc_runtime::predicate::slots::SlotId;
use falcoc_runtime::{CaptureReader, Inspector};
use std::sync::Arc;

fn fields() -> Vec<ResolvedField> {
    let mut out: Vec<ResolvedField> = all_fields()
        .iter()
        .filter(|f| !f.arg.is_required())
        .filter_map(|f| resolve_field(f.name, None).ok())
        .collect();
    for (name, arg) in [("proc.aname", "0"), ("proc.aname", "2"), ("proc.aexe", "1")] {
        out.extend(resolve_field(name, Some(arg)).ok());
    }
    // `evt.arg` over flags (rendered straight into the slot), modes, paths, fds and
    // indexes (through the general rendering).
    for name in [
        "evt.arg.flags",
        "evt.arg.mode",
        "evt.arg.name",
        "evt.arg.fd",
        "evt.arg.res",
        "evt.arg.prot",
        "evt.arg.request",
        "evt.arg.op",
        "evt.arg.how",
    ] {
        out.push(resolve_field(name, None).expect("an evt.arg field"));
    }
    for i in ["0", "1", "2"] {
        out.push(resolve_field("evt.arg", Some(i)).expect("an indexed evt.arg"));
    }
    out
}

#[test]
fn borrowed_reads_equal_owned_extraction() {
    let fields = fields();
    let mut lowering = Lowering::default();
    let slots: Vec<SlotId> = fields
        .iter()
        .map(|f| match lowering.operand(&Operand::Field(f.clone())) {
            Lowered::Field(s) => s,
            Lowered::Transform(_) => unreachable!("a field lowers to a slot"),
        })
        .collect();
    let program = Arc::new(lowering.program);
    let mut frame = Frame::new(Arc::clone(&program));
    let mut checked = 0u64;
    for path in common::captures() {
        let bytes = std::fs::read(&path).expect("read capture");
        let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
        let mut inspector = Inspector::new(reader.tables());
        while let Ok(Some(ev)) = reader.next_event() {
            inspector.process(&ev);
            let src = inspector.source(&ev);
            let mut reader_fields = EventFields::new(&mut frame, src);
            for (f, slot) in fields.iter().zip(&slots) {
                let raw = reader_fields.load(*slot);
                // SAFETY: the record comes from the live reader of this event.
                let got = unsafe { raw.get() }.map(|v| v.to_owned());
                let want = src.extract_owned(f);
                assert_eq!(
                    got,
                    want,
                    "{} on {} event {}",
                    f.text,
                    path.display(),
                    ev.name()
                );
                let again = reader_fields.load(*slot);
                assert_eq!(again.tag, raw.tag, "memoised {}", f.text);
                checked += 1;
            }
        }
    }
    println!("{checked} field reads compared");
}

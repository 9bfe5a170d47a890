//! Bad input never panics the state or the extractors: every exit event type with
//! parameters of random sizes and contents, on a handful of threads, with every catalogue
//! field extracted after each event.

mod common;

use common::writer::{event, event_block, shb};
use falcoc_compiler::catalog::events::{event_table, Direction};
use falcoc_compiler::catalog::fields::{all_fields, resolve_field, ArgSpec, ResolvedField};
use falcoc_compiler::catalog::types::FieldType;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::{CaptureReader, Inspector};

/// xorshift64*: deterministic pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A parameter value: a small integer, a negative fd, a path, or random bytes.
fn value(rng: &mut Rng, width: Option<usize>) -> Vec<u8> {
    match (width, rng.below(5)) {
        (Some(w), 0) => (rng.below(8) as i64)
            .to_le_bytes()
            .get(..w)
            .unwrap_or_default()
            .to_vec(),
        (Some(w), 1) => (-(rng.below(200) as i64))
            .to_le_bytes()
            .get(..w)
            .unwrap_or_default()
            .to_vec(),
        (Some(w), _) => (0..w).map(|_| rng.next() as u8).collect(),
        (None, 0) => b"../a/./b\0".to_vec(),
        (None, 1) => vec![2, 127, 0, 0, 1, 0x50, 0, 1, 2, 3, 4, 0x51, 0],
        (None, 2) => vec![10; 37],
        (None, _) => (0..rng.below(40)).map(|_| rng.next() as u8).collect(),
    }
}

fn fields() -> Vec<ResolvedField> {
    let mut out = Vec::new();
    for f in all_fields() {
        let args: &[Option<&str>] = match f.arg {
            ArgSpec::None | ArgSpec::AbsPath => &[None],
            ArgSpec::Index { required: false } => &[None, Some("0"), Some("3")],
            ArgSpec::Index { required: true } => &[Some("0"), Some("2")],
            ArgSpec::IndexOrKey { .. } | ArgSpec::Key => &[Some("1"), Some("HOME")],
            ArgSpec::EventParam { .. } | ArgSpec::EventType | ArgSpec::Subsystem => &[],
        };
        for a in args {
            if let Ok(r) = resolve_field(f.name, *a) {
                out.push(r);
            }
        }
    }
    for name in [
        "evt.arg.fd",
        "evt.arg.res",
        "evt.arg.name",
        "evt.rawarg.res",
        "evt.type.is.open",
        "thread.cgroup.cpu",
    ] {
        if let Ok(r) = resolve_field(name, None) {
            out.push(r);
        }
    }
    out.extend(resolve_field("evt.arg", Some("1")));
    out
}

/// Whether a value has the representation the field's type calls for.
fn fits(t: FieldType, v: &FieldValue) -> bool {
    use FieldType as T;
    match v {
        FieldValue::List(items) => items.iter().all(|i| fits(t, i)),
        FieldValue::Net { .. } => false,
        FieldValue::Int(_) => matches!(
            t,
            T::Int8
                | T::Int16
                | T::Int32
                | T::Int64
                | T::Errno
                | T::Fd
                | T::Pid
                | T::Fd32
                | T::Pid32
        ),
        FieldValue::Uint(_) => matches!(
            t,
            T::Uint8
                | T::Uint16
                | T::Uint32
                | T::Uint64
                | T::Port
                | T::RelTime
                | T::AbsTime
                | T::Flags8
                | T::Flags16
                | T::Flags32
                | T::EnumFlags8
                | T::EnumFlags16
                | T::EnumFlags32
                | T::Mode
                | T::Uid
                | T::Gid
                | T::SigType
                | T::SyscallId
                | T::L4Proto
                | T::SockFamily
                | T::SigSet
        ),
        FieldValue::Double(_) => t == T::Double,
        FieldValue::Bool(_) => t == T::Bool,
        FieldValue::Str(_) => matches!(t, T::CharBuf | T::FsPath | T::FsRelPath),
        FieldValue::Bytes(_) => matches!(
            t,
            T::ByteBuf
                | T::SockAddr
                | T::SockTuple
                | T::FdList
                | T::CharBufArray
                | T::CharBufPairArray
        ),
        FieldValue::Ip(_) => matches!(
            t,
            T::IpAddr | T::IpNet | T::Ipv4Addr | T::Ipv6Addr | T::Ipv4Net | T::Ipv6Net
        ),
    }
}

#[test]
fn random_events_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut bytes = shb();
    let mut ts = 1u64;
    for round in 0..40 {
        for info in event_table()
            .iter()
            .filter(|e| e.direction == Direction::Exit || e.name == "procexit")
        {
            let params: Vec<Vec<u8>> = info
                .params
                .iter()
                .map(|p| value(&mut rng, p.ptype.fixed_width()))
                .collect();
            let refs: Vec<&[u8]> = params.iter().map(Vec::as_slice).collect();
            let tid = 1 + rng.below(4) + round;
            ts += 1;
            bytes.extend(event_block(
                0x216,
                0,
                None,
                &event(ts, tid, info.code, &refs, false, false),
            ));
        }
    }
    let fields = fields();
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut n = 0;
    while let Ok(Some(e)) = r.next_event() {
        insp.process(&e);
        let mut src = insp.source(&e);
        for f in &fields {
            if let Some(v) = src.extract(f) {
                assert!(fits(f.ftype, &v), "{} ({:?}) gave {v:?}", f.text, f.ftype);
                if let FieldValue::List(items) = &v {
                    assert!(!items.is_empty(), "{} gave an empty list", f.text);
                }
            }
        }
        n += 1;
    }
    assert!(n > 1000, "only {n} events were read back");
}

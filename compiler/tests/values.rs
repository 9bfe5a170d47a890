//! Literal conversion (§1.5) and the type/operator matrix (§1.4).

use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_compiler::catalog::ops::check_operator;
use falcoc_compiler::catalog::types::FieldType as T;
use falcoc_compiler::catalog::value::{parse_value, parse_value_for, TypedValue as V};
use falcoc_grammar::ast::{CmpOp, Modifier};
use std::net::IpAddr;

fn ok(t: T, s: &str) -> V {
    parse_value(t, s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn err(t: T, s: &str) -> String {
    parse_value(t, s).unwrap_err()
}

#[test]
fn integers() {
    assert_eq!(ok(T::Int64, "10"), V::Int(10));
    assert_eq!(ok(T::Int64, "-1"), V::Int(-1));
    assert_eq!(ok(T::Int64, " 5"), V::Int(5));
    assert_eq!(ok(T::Int64, "+7"), V::Int(7));
    for bad in ["0x10", "1.5", "10k", "abc", "", "-", "1 2", "5 "] {
        assert_eq!(err(T::Int64, bad), format!("{bad} is not a valid number"));
    }
    // a C cast truncates over-wide values
    assert_eq!(ok(T::Int16, "70000"), V::Int(4464));
    assert_eq!(ok(T::Int8, "200"), V::Int(-56));
    // negative values wrap in unsigned fields
    assert_eq!(ok(T::Uint32, "-1"), V::Uint(u64::from(u32::MAX)));
    assert_eq!(ok(T::Uint64, "-1"), V::Uint(u64::MAX));
    assert_eq!(ok(T::Uint8, "256"), V::Uint(0));
    // saturation at the 64-bit range, as strtoll/strtoull
    assert_eq!(ok(T::Uint64, "99999999999999999999999"), V::Uint(u64::MAX));
    assert_eq!(ok(T::Int64, "-99999999999999999999"), V::Int(i64::MIN));
    assert_eq!(ok(T::Errno, "-2"), V::Int(-2));
    assert_eq!(ok(T::RelTime, "1000"), V::Uint(1000));
    assert_eq!(ok(T::Double, "5"), V::Double(5.0));
    assert_eq!(err(T::Double, "1.5"), "1.5 is not a valid number");
}

#[test]
fn field_typed_values() {
    // fd.num = abc, as in Falco's example
    let f = resolve_field("fd.num", None).unwrap();
    assert_eq!(
        parse_value(f.ftype, "abc").unwrap_err(),
        "abc is not a valid number"
    );
    let f = resolve_field("evt.cpu", None).unwrap();
    assert_eq!(parse_value(f.ftype, "70000").unwrap(), V::Int(4464));
    let f = resolve_field("evt.rawarg.res", None).unwrap();
    assert_eq!(parse_value(f.ftype, "-13").unwrap(), V::Int(-13));
}

#[test]
fn bools() {
    assert_eq!(ok(T::Bool, "true"), V::Bool(true));
    assert_eq!(ok(T::Bool, "false"), V::Bool(false));
    assert_eq!(
        err(T::Bool, "True"),
        "filter error: unrecognized boolean value True"
    );
    assert_eq!(
        err(T::Bool, "1"),
        "filter error: unrecognized boolean value 1"
    );
}

#[test]
fn ports() {
    assert_eq!(ok(T::Port, "80"), V::Uint(80));
    assert_eq!(ok(T::Port, "http"), V::Uint(80));
    assert_eq!(ok(T::Port, "ssh"), V::Uint(22));
    assert_eq!(ok(T::Port, "70000"), V::Uint(4464));
    assert_eq!(err(T::Port, "nosuchsvc"), "unrecognized protocol nosuchsvc");
}

#[test]
fn addresses_and_networks() {
    assert_eq!(
        ok(T::IpAddr, "10.0.0.1"),
        V::Ip("10.0.0.1".parse::<IpAddr>().unwrap())
    );
    assert_eq!(
        ok(T::IpAddr, "::1"),
        V::Ip("::1".parse::<IpAddr>().unwrap())
    );
    assert_eq!(
        err(T::IpAddr, "10.0.0.0/8"),
        "unrecognized IPv4 address 10.0.0.0/8"
    );
    assert_eq!(err(T::IpAddr, "abc"), "unrecognized IPv6 address abc");
    assert_eq!(err(T::IpNet, "10.0.0.0/33"), "invalid netmask 33");
    assert_eq!(err(T::IpNet, "10.0.0.0/x"), "x is not a valid number");
    assert_eq!(
        err(T::IpNet, "10.0.0.300/8"),
        "unrecognized IP address 10.0.0.300/8"
    );
    assert_eq!(ok(T::Port, ""), V::Uint(0));
    assert_eq!(ok(T::SockAddr, "x"), V::Str("x".into()));
    assert!(parse_value(T::IpAddr, "abc").is_err());
    assert!(parse_value(T::IpAddr, "300.0.0.1").is_err());
    assert_eq!(
        ok(T::IpNet, "10.0.0.0/8"),
        V::Net {
            addr: "10.0.0.0".parse().unwrap(),
            prefix: 8
        }
    );
    assert_eq!(
        ok(T::IpNet, "::/0"),
        V::Net {
            addr: "::".parse().unwrap(),
            prefix: 0
        }
    );
    assert_eq!(
        err(T::IpNet, "10.0.0.1"),
        "unrecognized IP network 10.0.0.1"
    );
    assert!(parse_value(T::IpNet, "10.0.0.0/33").is_err());
    assert!(parse_value(T::IpNet, "10.0.0.0/").is_err());
    assert!(parse_value(T::Ipv4Addr, "::1").is_err());
}

#[test]
fn strings_and_buffers() {
    assert_eq!(ok(T::CharBuf, "abc def"), V::Str("abc def".into()));
    assert_eq!(ok(T::FsPath, "/etc"), V::Str("/etc".into()));
    assert!(parse_value(T::CharBuf, "a\0b").is_err());
    assert_eq!(ok(T::ByteBuf, "AB"), V::Bytes(b"AB".to_vec()));
    assert_eq!(
        parse_value_for(T::ByteBuf, CmpOp::BContains, "414243").unwrap(),
        V::Bytes(b"ABC".to_vec())
    );
    assert_eq!(
        parse_value_for(T::ByteBuf, CmpOp::BStartsWith, "00ff").unwrap(),
        V::Bytes(vec![0, 255])
    );
    for bad in ["414", "41 42", "zz"] {
        assert_eq!(
            parse_value_for(T::ByteBuf, CmpOp::BContains, bad).unwrap_err(),
            "filter error: bcontains and bstartswith operator support hex strings only"
        );
    }
    assert_eq!(
        parse_value_for(T::ByteBuf, CmpOp::Contains, "41").unwrap(),
        V::Bytes(b"41".to_vec())
    );
    assert_eq!(err(T::SockTuple, "x"), "wrong parameter type 13");
}

fn op(t: T, list: bool, o: CmpOp) -> Result<(), String> {
    check_operator(t, list, o, None)
}

#[test]
fn operator_matrix() {
    use CmpOp::*;
    assert_eq!(
        op(T::Int64, false, Contains).unwrap_err(),
        "'contains' operator not supported for numeric filters"
    );
    assert_eq!(
        op(T::Bool, false, Lt).unwrap_err(),
        "'<' operator not supported for numeric filters"
    );
    assert_eq!(
        op(T::CharBuf, false, BContains).unwrap_err(),
        "'bcontains' operator not supported for string filters"
    );
    assert_eq!(
        op(T::ByteBuf, false, Glob).unwrap_err(),
        "'glob' operator not supported for buffer filters"
    );
    assert_eq!(
        op(T::IpAddr, false, Contains).unwrap_err(),
        "'contains' operator not supported for ip address and network filters"
    );
    assert_eq!(
        op(T::CharBuf, true, EqEq).unwrap_err(),
        "'=' operator not supported list filters"
    );
    assert_eq!(
        op(T::Int64, true, In).unwrap_err(),
        "list filters are not supported for type 'INT64'"
    );
    assert_eq!(
        op(T::SockAddr, false, Gt).unwrap_err(),
        "'>' operator not supported for type 'SOCKADDR'"
    );
    let numeric_ok = [Eq, EqEq, Ne, Lt, Le, Gt, Ge, In, Intersects, Exists];
    let string_ok: Vec<CmpOp> = CmpOp::ALL
        .into_iter()
        .filter(|o| !matches!(o, BContains | BStartsWith))
        .collect();
    let buffer_ok = [
        Eq,
        EqEq,
        Ne,
        Contains,
        In,
        StartsWith,
        EndsWith,
        Intersects,
        BContains,
        BStartsWith,
        Exists,
    ];
    let ip_ok = [Eq, EqEq, Ne, In, Intersects, Exists];
    for o in CmpOp::ALL {
        for t in [
            T::Int8,
            T::Uint64,
            T::Errno,
            T::Port,
            T::RelTime,
            T::Flags32,
            T::Mode,
            T::Double,
        ] {
            assert_eq!(
                op(t, false, o).is_ok(),
                numeric_ok.contains(&o),
                "{t:?} {o:?}"
            );
        }
        assert_eq!(
            op(T::Bool, false, o).is_ok(),
            ip_ok.contains(&o),
            "bool {o:?}"
        );
        for t in [T::CharBuf, T::FsPath, T::FsRelPath] {
            assert_eq!(
                op(t, false, o).is_ok(),
                string_ok.contains(&o),
                "{t:?} {o:?}"
            );
        }
        assert_eq!(
            op(T::ByteBuf, false, o).is_ok(),
            buffer_ok.contains(&o),
            "bytebuf {o:?}"
        );
        for t in [T::IpAddr, T::IpNet, T::Ipv4Addr, T::Ipv6Net] {
            assert_eq!(op(t, false, o).is_ok(), ip_ok.contains(&o), "{t:?} {o:?}");
        }
        assert_eq!(
            op(T::CharBuf, true, o).is_ok(),
            matches!(o, In | Intersects | Exists)
        );
        assert_eq!(op(T::SockTuple, false, o).is_ok(), o == Exists);
    }
}

#[test]
fn modifiers() {
    use CmpOp::*;
    assert!(check_operator(T::CharBuf, false, Eq, Some(Modifier::AnyOf)).is_ok());
    assert!(check_operator(T::CharBuf, false, StartsWith, Some(Modifier::AllOf)).is_ok());
    assert!(check_operator(T::IpAddr, false, Ne, Some(Modifier::OneOf)).is_ok());
    assert!(check_operator(T::CharBuf, true, In, Some(Modifier::OneOf)).is_err());
    assert!(check_operator(T::Int64, false, Lt, Some(Modifier::AnyOf)).is_err());
    assert!(check_operator(T::CharBuf, false, Contains, Some(Modifier::AnyOf)).is_ok());
}

#[test]
fn field_operator_examples() {
    let addr = resolve_field("evt.rawarg.addr", None).unwrap();
    assert_eq!(
        check_operator(addr.ftype, addr.is_list(), CmpOp::Gt, None).unwrap_err(),
        "'>' operator not supported for type 'SOCKADDR'"
    );
    let types = resolve_field("fd.types", None).unwrap();
    assert!(check_operator(types.ftype, types.is_list(), CmpOp::Intersects, None).is_ok());
    assert!(check_operator(types.ftype, types.is_list(), CmpOp::Eq, None).is_err());
    let name = resolve_field("proc.name", None).unwrap();
    assert!(check_operator(name.ftype, name.is_list(), CmpOp::Regex, None).is_ok());
}

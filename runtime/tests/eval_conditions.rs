//! The interpreter on IR compiled from real condition strings by the real loader, against
//! table-backed field values: operators, modifiers, transformers, missing fields,
//! short-circuit, endpoint fields and `val()` comparisons.

mod eval_support;

use eval_support::*;
use falcoc_runtime::eval::evaluate;
use falcoc_runtime::field_value::FieldValue;

fn shell_event() -> Vec<(&'static str, FieldValue)> {
    vec![
        ("evt.type", s("execve")),
        ("proc.name", s("bash")),
        ("proc.pname", s("nginx")),
        ("proc.cmdline", s("bash -c cat /etc/shadow")),
        ("proc.exepath", s("/bin/bash")),
        ("proc.pid", i(4242)),
        ("proc.tty", u(0)),
        ("user.uid", u(33)),
        ("user.loginuid", i(-1)),
        ("fd.name", s("/etc/shadow")),
        ("fd.num", i(3)),
        ("proc.aname", list(vec![s("nginx"), s("systemd")])),
        ("proc.aname[2]", s("systemd")),
        ("fd.types", list(vec![s("ipv4"), s("file")])),
        ("proc.args", s("-c cat /etc/shadow")),
        (
            "evt.buffer",
            FieldValue::Bytes(vec![0x7f, b'E', b'L', b'F', 0, 1]),
        ),
        ("fd.sip", ip("10.1.2.3")),
        ("fd.ip", list(vec![ip("192.168.1.5"), ip("10.1.2.3")])),
        ("fd.net", list(vec![ip("192.168.1.5"), ip("10.1.2.3")])),
        ("fd.port", list(vec![u(51000), u(443)])),
        ("proc.env[HOME]", s("/var/www")),
        ("proc.is_exe_writable", FieldValue::Bool(false)),
    ]
}

/// Evaluates `cond` on the shell event (with `extra` fields added or overridden).
fn check_with(cond: &str, extra: &[(&str, FieldValue)], expect: bool) {
    let mut fields = shell_event();
    for (k, v) in extra {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v.clone()));
    }
    let expr = condition(cond);
    for backend in backends() {
        let mut src = TableSource::new(&fields);
        let program = program_with(backend, &expr);
        assert_eq!(
            program.eval(&mut src),
            expect,
            "condition: {cond} ({})",
            backend.name()
        );
    }
    // the one-off entry point agrees
    let mut src = TableSource::new(&fields);
    assert_eq!(evaluate(&expr, &mut src), expect, "condition: {cond}");
}

fn check(cond: &str, expect: bool) {
    check_with(cond, &[], expect);
}

#[test]
fn scalar_operators() {
    let cases: &[(&str, bool)] = &[
        ("proc.name = bash", true),
        ("proc.name == bash", true),
        ("proc.name = sh", false),
        ("proc.name != sh", true),
        ("proc.name != bash", false),
        ("proc.cmdline contains /etc/shadow", true),
        ("proc.cmdline contains /etc/passwd", false),
        ("proc.cmdline icontains SHADOW", true),
        ("proc.exepath startswith /bin/", true),
        ("proc.exepath endswith /bash", true),
        ("proc.exepath endswith /sh", false),
        ("fd.name glob '/etc/*'", true),
        ("fd.name glob '/etc/?hadow'", true),
        ("fd.name glob '/ETC/*'", false),
        ("fd.name iglob '/ETC/*'", true),
        ("fd.name glob '/etc/[!s]*'", false),
        ("proc.name regex 'ba.*'", true),
        ("proc.name regex 'as'", false),
        ("proc.name regex '[a-z]+'", true),
        ("proc.pid = 4242", true),
        ("proc.pid > 4000", true),
        ("proc.pid < 4000", false),
        ("proc.pid >= 4242 and proc.pid <= 4242", true),
        ("user.loginuid = -1", true),
        ("user.loginuid < 0", true),
        ("user.uid > 0", true),
        ("user.uid in (0, 33)", true),
        ("user.uid in (0, 34)", false),
        ("proc.name in (sh, bash, zsh)", true),
        ("proc.name in (sh, zsh)", false),
        ("proc.name intersects (sh, bash)", true),
        ("fd.name pmatch (/etc, /usr/lib)", true),
        ("fd.name pmatch (/et, /usr/lib)", false),
        ("fd.name pmatch (/*/shadow)", true),
        ("proc.is_exe_writable = false", true),
        ("proc.is_exe_writable = true", false),
        ("proc.is_exe_writable != true", true),
        ("proc.env[HOME] = /var/www", true),
        ("proc.aname[2] = systemd", true),
        ("evt.buffer bcontains 454c46", true),
        ("evt.buffer bcontains 464c45", false),
        ("evt.buffer bstartswith 7f454c", true),
        ("evt.buffer bstartswith 454c", false),
        ("evt.buffer contains ELF", true),
        ("fd.sip = 10.1.2.3", true),
        ("fd.sip = 10.1.2.4", false),
        ("fd.sip != 10.1.2.4", true),
        ("fd.sip in (10.1.2.3, 10.1.2.4)", true),
        ("fd.sip = ::1", false),
        ("fd.sip != ::1", true),
    ];
    for &(c, e) in cases {
        check(c, e);
    }
}

#[test]
fn numeric_sign_and_width() {
    // literals are cut to the field's width and sign at compile time, as libsinsp's C casts
    let uid_max = [("user.uid", u(u64::from(u32::MAX)))];
    check_with("user.uid = -1", &uid_max, true);
    check_with("user.uid > 0", &uid_max, true);
    check_with("user.uid = 4294967295", &uid_max, true);
    let sport = [("fd.sport", u(4464))];
    check_with("fd.sport = 70000", &sport, true);
    check_with("fd.sport = 4464", &sport, true);
    check_with("fd.sport < 5000", &sport, true);
    let res = [("evt.rawres", i(-2))];
    check_with("evt.rawres < 0", &res, true);
    check_with("evt.rawres = -2", &res, true);
    check_with("evt.rawres >= -1", &res, false);
    check_with("evt.rawres in (-2, 0)", &res, true);
}

#[test]
fn missing_fields_are_false_for_every_operator() {
    let none = "container.id";
    for op in [
        "=",
        "!=",
        "contains",
        "startswith",
        "glob",
        "icontains",
        "endswith",
    ] {
        check(&format!("{none} {op} abc"), false);
        check(&format!("not {none} {op} abc"), true);
    }
    check(&format!("{none} in (abc)"), false);
    check(&format!("{none} pmatch (/abc)"), false);
    check(&format!("{none} regex 'a.*'"), false);
    check(&format!("{none} != abc and proc.name = bash"), false);
    check("proc.ppid > 0", false);
    check("proc.ppid != 0", false);
    check("not proc.ppid != 0", true);
    check(&format!("{none} exists"), false);
    check(&format!("not {none} exists"), true);
    check("proc.name exists", true);
}

#[test]
fn modifiers() {
    let cases: &[(&str, bool)] = &[
        ("proc.name = anyof (sh, bash)", true),
        ("proc.name = anyof (sh, zsh)", false),
        ("proc.name = oneof (sh, bash)", true),
        ("proc.name = oneof (bash, bash)", false),
        ("proc.name = allof (bash, bash)", true),
        ("proc.name = allof (bash, sh)", false),
        ("proc.name != allof (sh, zsh)", true),
        ("proc.name != anyof (bash, sh)", true),
        ("proc.name != oneof (bash, sh)", true),
        ("proc.name != oneof (zsh, sh)", false),
        ("proc.cmdline contains allof (cat, shadow)", true),
        ("proc.cmdline contains oneof (cat, shadow)", false),
        ("proc.cmdline contains anyof (passwd, shadow)", true),
        ("proc.cmdline startswith anyof (sh, bash)", true),
        ("fd.name glob anyof ('/tmp/*', '/etc/*')", true),
        ("proc.name regex anyof ('z.*', 'b.*')", true),
        ("proc.name regex allof ('z.*', 'b.*')", false),
        ("fd.sip = anyof (10.1.2.3, 10.9.9.9)", true),
        ("fd.sip != allof (10.1.2.3, 10.9.9.9)", false),
        // an empty list is false for every modifier
        ("proc.name = anyof ()", false),
        ("proc.name = allof ()", false),
        ("proc.name = oneof ()", false),
        ("proc.name != allof ()", false),
    ];
    for &(c, e) in cases {
        check(c, e);
    }
}

#[test]
fn list_fields() {
    check("fd.types in (ipv4, file, unix)", true);
    check("fd.types in (ipv4, unix)", false);
    check("fd.types intersects (ipv4, unix)", true);
    check("fd.types intersects (ipv6, unix)", false);
    check_with("fd.types in (ipv4)", &[("fd.types", list(vec![]))], true);
    check_with(
        "fd.types intersects (ipv4)",
        &[("fd.types", list(vec![]))],
        false,
    );
    check("fd.types exists", true);
}

#[test]
fn ancestors_without_index_match_any() {
    check("proc.aname = systemd", true);
    check("proc.aname = init", false);
    check("proc.aname in (init, nginx)", true);
    check("proc.aname startswith sys", true);
    // some ancestor differs
    check("proc.aname != nginx", true);
    check_with("proc.aname = nginx", &[("proc.aname", list(vec![]))], false);
}

#[test]
fn endpoint_fields() {
    check("fd.ip = 10.1.2.3", true);
    check("fd.ip = 192.168.1.5", true);
    check("fd.ip = 8.8.8.8", false);
    check("fd.ip != 10.1.2.3", false);
    check("fd.ip != 8.8.8.8", true);
    // errata W4: Falco 0.44 never matches `fd.ip in`; falcoc follows the documented rule
    check("fd.ip in (8.8.8.8, 10.1.2.3)", true);
    check("fd.ip in (8.8.8.8)", false);
    check("fd.net = 10.0.0.0/8", true);
    check("fd.net = 172.16.0.0/12", false);
    check("fd.net != 10.0.0.0/8", false);
    check("fd.net != 172.16.0.0/12", true);
    check("fd.net in (172.16.0.0/12, 192.168.0.0/16)", true);
    check("fd.port = 443", true);
    check("fd.port = 80", false);
    check("fd.port != 443", false);
    check("fd.port != 80", true);
    check("fd.port > 50000", true);
    check("fd.port < 100", false);
    check("fd.port in (22, 443)", true);
    // a listening socket has one endpoint
    check_with("fd.port != 80", &[("fd.port", list(vec![u(8080)]))], true);
    check_with("fd.port = 8080", &[("fd.port", list(vec![u(8080)]))], true);
    check("fd.cnet = 192.168.0.0/16", false);
}

#[test]
fn transformers() {
    let cases: &[(&str, bool)] = &[
        ("toupper(proc.name) = BASH", true),
        ("tolower(toupper(proc.name)) = bash", true),
        ("basename(proc.exepath) = bash", true),
        ("toupper(basename(fd.name)) = SHADOW", true),
        ("len(proc.name) = 4", true),
        ("len(proc.name) > 4", false),
        ("len(fd.types) = 2", true),
        // W3: len of a missing value makes the check false
        ("len(container.id) = 0", false),
        ("not len(container.id) = 0", true),
        ("b64(proc.env[HOME]) = x", false),
        ("proc.name = val(proc.name)", true),
        ("proc.name = val(proc.pname)", false),
        ("proc.name != val(proc.pname)", true),
        ("proc.name = val(container.id)", false),
        ("proc.name != val(container.id)", false),
        ("proc.pid > val(proc.vpid)", false),
        ("basename(proc.exepath) = val(proc.name)", true),
        ("toupper(proc.name) in (BASH, SH)", true),
        ("concat(proc.name, proc.pname) = bashnginx", true),
        ("concat(proc.name, container.id) = bash", false),
        ("join('->', (proc.pname, proc.name)) = 'nginx->bash'", true),
    ];
    for &(c, e) in cases {
        check(c, e);
    }
    check_with(
        "b64(proc.env[HOME]) = /bin/sh",
        &[("proc.env[HOME]", s("L2Jpbi9zaA=="))],
        true,
    );
    check_with(
        "b64(proc.env[HOME]) = hi",
        &[("proc.env[HOME]", s("aGk"))],
        true,
    );
}

#[test]
fn getopt_on_a_list_field() {
    // fd.types is the one CHARBUF list field of the catalogue
    let args = list(vec![s("-n"), s("-tvalue"), s("file")]);
    let extra = [("fd.types", args)];
    check_with("getopt(fd.types, 'nt:')[t] = value", &extra, true);
    check_with("getopt(fd.types, 'nt:')[n] = n", &extra, true);
    check_with("getopt(fd.types, 'nt:')[x] exists", &extra, false);
    check_with("getopt(fd.types, 'nt:') in (n, t, value)", &extra, true);
    check_with("getopt(fd.types, 'nt:') intersects (x)", &extra, false);
}

#[test]
fn boolean_structure_and_short_circuit() {
    check(
        "proc.name = bash and (fd.name = /etc/passwd or fd.num = 3)",
        true,
    );
    check(
        "proc.name = sh or proc.name = bash and not fd.num = 3",
        false,
    );
    check("not (proc.name = sh or proc.pid = 1)", true);
    let expr =
        condition("proc.name = sh and fd.name = /etc/shadow or proc.pid = 4242 or fd.num = 3");
    for backend in backends() {
        let program = program_with(backend, &expr);
        assert_eq!(program.check_count(), 4);
        let mut src = TableSource::new(&shell_event());
        assert!(program.eval(&mut src));
        // `fd.name` is skipped by `and`, `fd.num` by `or`
        assert_eq!(src.extracted, vec!["proc.name", "proc.pid"]);
    }
}

#[test]
fn program_is_reusable_across_events() {
    let expr = condition("proc.name in (sh, bash) and fd.name pmatch (/etc)");
    for backend in backends() {
        let program = program_with(backend, &expr);
        let mut yes = TableSource::new(&[("proc.name", s("sh")), ("fd.name", s("/etc/x"))]);
        let mut no = TableSource::new(&[("proc.name", s("sh")), ("fd.name", s("/tmp/x"))]);
        for _ in 0..3 {
            assert!(program.eval(&mut yes));
            assert!(!program.eval(&mut no));
        }
    }
}

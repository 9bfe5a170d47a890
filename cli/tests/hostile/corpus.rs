//! The hostile-input corpus: rules files built to exhaust a loader (alias and macro bombs,
//! deep and wide macro and list graphs, huge scalars and files) or to trip its reader
//! (byte-order mark, invalid UTF-8, NUL bytes, control characters), each with what the
//! load must report. Shared by the CLI harness and the LSP-over-stdio harness.

/// One hostile input.
pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Extra `falcoc check` arguments (cases with some are run by the CLI harness only).
    pub args: &'static [&'static str],
    /// Texts the JSON result must contain; empty means the file must load cleanly.
    pub expect: &'static [&'static str],
}

const RULE_TAIL: &str = "  output: o\n  priority: INFO\n";

fn rule(name: &str, condition: &str) -> String {
    format!("- rule: {name}\n  desc: d\n  condition: {condition}\n{RULE_TAIL}")
}

fn alias_bomb() -> Vec<u8> {
    let mut s = String::from(
        "- list: l0\n  items: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("- list: l{i}\n  items: &a{i} [{refs}]\n"));
    }
    s.into_bytes()
}

fn many_aliases() -> Vec<u8> {
    let refs = vec!["*x"; 20_000].join(", ");
    format!("- list: l\n  items: [&x a, {refs}]\n").into_bytes()
}

fn macro_doubling(levels: usize) -> Vec<u8> {
    let mut s = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..=levels {
        s.push_str(&format!(
            "- macro: m{i}\n  condition: m{} and m{}\n",
            i - 1,
            i - 1
        ));
    }
    s.push_str(&rule("r", &format!("evt.type = execve and m{levels}")));
    s.into_bytes()
}

fn macro_chain(n: usize) -> Vec<u8> {
    let mut s = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..n {
        s.push_str(&format!(
            "- macro: m{i}\n  condition: m{} and proc.pid = {i}\n",
            i - 1
        ));
    }
    s.push_str(&rule("r", &format!("evt.type = execve and m{}", n - 1)));
    s.into_bytes()
}

/// A chain whose operators alternate (`or`, `and`, …), so every macro adds a real level
/// of nesting that flattening cannot remove.
fn alternating_chain(n: usize) -> Vec<u8> {
    let mut s = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..n {
        let op = if i % 2 == 1 { "or" } else { "and" };
        s.push_str(&format!(
            "- macro: m{i}\n  condition: m{} {op} proc.pid = {i}\n",
            i - 1
        ));
    }
    s.push_str(&rule("r", &format!("evt.type = execve and m{}", n - 1)));
    s.into_bytes()
}

/// One macro used by many rules.
fn wide_macro(rules: usize) -> Vec<u8> {
    let mut s = String::from(
        "- macro: shared\n  condition: proc.name in (a, b, c) and fd.name startswith /etc\n",
    );
    for i in 0..rules {
        s.push_str(&rule(&format!("r{i}"), "evt.type = open and shared"));
    }
    s.into_bytes()
}

fn list_chain(n: usize) -> Vec<u8> {
    let mut s = String::from("- list: l0\n  items: [a, b]\n");
    for i in 1..n {
        s.push_str(&format!("- list: l{i}\n  items: [l{}, x{i}]\n", i - 1));
    }
    s.push_str(&rule(
        "r",
        &format!("evt.type = execve and proc.name in (l{})", n - 1),
    ));
    s.into_bytes()
}

fn huge_scalar() -> Vec<u8> {
    let desc = "x".repeat(8 * 1024 * 1024);
    format!("- rule: r\n  desc: {desc}\n  condition: evt.type = execve\n{RULE_TAIL}").into_bytes()
}

fn huge_file() -> Vec<u8> {
    let mut s = String::new();
    let mut n = 0;
    while s.len() < 17 * 1024 * 1024 {
        s.push_str(&rule(&format!("r{n}"), "evt.type = execve"));
        n += 1;
    }
    s.into_bytes()
}

fn many_items() -> Vec<u8> {
    (0..2_000)
        .map(|i| rule(&format!("r{i}"), "evt.type = execve"))
        .collect::<String>()
        .into_bytes()
}

fn deep_yaml() -> Vec<u8> {
    format!(
        "- rule: r\n  desc: {}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    )
    .into_bytes()
}

/// Flow closers at their parent's indentation, each needing a reparse.
fn many_closers() -> Vec<u8> {
    (0..20_000)
        .map(|i| format!("- list: l{i}\n  items: [a,\n  ]\n"))
        .collect::<String>()
        .into_bytes()
}

fn good_rule_with(prefix: &[u8], desc: &[u8]) -> Vec<u8> {
    let mut b = prefix.to_vec();
    b.extend_from_slice(b"- rule: r\n  desc: ");
    b.extend_from_slice(desc);
    b.extend_from_slice(b"\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n");
    b
}

/// Every case of the corpus.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "alias_bomb",
            bytes: alias_bomb(),
            args: &[],
            expect: &[
                "LOAD_ERR_YAML_PARSE",
                "YAML alias expansion copies more than 100000 nodes",
            ],
        },
        Case {
            name: "many_aliases",
            bytes: many_aliases(),
            args: &[],
            expect: &["more than 10000 YAML aliases"],
        },
        Case {
            name: "macro_doubling",
            bytes: macro_doubling(40),
            args: &[],
            expect: &[
                "LOAD_ERR_VALIDATE",
                "larger than 100000 nodes after macro expansion",
            ],
        },
        Case {
            name: "macro_chain_490",
            bytes: macro_chain(490),
            args: &[],
            expect: &[],
        },
        Case {
            name: "macro_chain_10000",
            bytes: macro_chain(10_000),
            args: &[],
            expect: &[],
        },
        Case {
            name: "alternating_chain_2000",
            bytes: alternating_chain(2_000),
            args: &[],
            expect: &[
                "LOAD_ERR_VALIDATE",
                "condition nesting too deep after macro expansion (limit 500)",
            ],
        },
        Case {
            name: "wide_macro",
            bytes: wide_macro(5_000),
            args: &[],
            expect: &[],
        },
        Case {
            name: "list_chain",
            bytes: list_chain(3_000),
            args: &[],
            expect: &[],
        },
        Case {
            name: "huge_scalar",
            bytes: huge_scalar(),
            args: &[],
            expect: &[],
        },
        Case {
            name: "huge_file",
            bytes: huge_file(),
            args: &[],
            expect: &[
                "LOAD_ERR_FILE_READ",
                "rules file is larger than 16777216 bytes",
            ],
        },
        Case {
            name: "many_items",
            bytes: many_items(),
            args: &["--limit", "items=1000"],
            expect: &["more items than the item limit allows"],
        },
        Case {
            name: "deep_yaml",
            bytes: deep_yaml(),
            args: &[],
            expect: &["LOAD_ERR_YAML_PARSE"],
        },
        Case {
            name: "many_closers",
            bytes: many_closers(),
            args: &[],
            expect: &[],
        },
        Case {
            name: "bom",
            bytes: good_rule_with(b"\xef\xbb\xbf", b"d"),
            args: &[],
            expect: &[],
        },
        Case {
            name: "invalid_utf8",
            bytes: good_rule_with(b"# caf\xe9\n", b"d \xff\xfe"),
            args: &[],
            expect: &[],
        },
        Case {
            name: "nul_in_desc",
            bytes: good_rule_with(b"", b"d\0x"),
            args: &[],
            expect: &[],
        },
        Case {
            name: "control_chars",
            bytes: good_rule_with(b"# \x01\x07\x1b\n", b"\"d\x08\x0b\x7f\""),
            args: &[],
            expect: &[],
        },
    ]
}

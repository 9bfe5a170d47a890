//! The parser quirks of spec §1.11, escapes (§1.6 with errata W1) and the canonical
//! printer, checked through the printed tree: `check(input, expected)` where
//! `expected` is libsinsp's `as_string` form or `error@offset: message`.

use falcoc_grammar::parse_condition;

fn show(input: &str) -> String {
    let parsed = parse_condition(input);
    match (parsed.expr, parsed.error) {
        (Some(e), None) => e.to_string(),
        (None, Some(err)) => format!("error@{}: {}", err.span.start, err.message),
        other => panic!("inconsistent result for {input:?}: {other:?}"),
    }
}

#[track_caller]
fn check(input: &str, expected: &str) {
    assert_eq!(show(input), expected, "input {input:?}");
}

const STR_RHS: &str = "expected a string value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
const NUM_RHS: &str = "expected a number value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
const OPS: &str = "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'";

#[test]
fn quirk1_and_or_need_a_blank_or_paren() {
    check("a andb", "error@5: expected blank or '(' after 'and'");
    check("a orb", "error@4: expected blank or '(' after 'or'");
    check("x and(y)", "(x and y)");
    check("x or(y)", "(x or y)");
    check("a and\tb\nor\rc", "((a and b) or c)");
}

#[test]
fn quirk2_list_operators_need_no_blank() {
    check("proc.name in(a,b)", "proc.name in (a, b)");
    check("proc.name inx", "proc.name in x");
    check("proc.name in shell_binaries", "proc.name in shell_binaries");
    check("proc.name intersects(a)", "proc.name intersects (a)");
    check("proc.name pmatch(/tmp)", "proc.name pmatch (/tmp)");
}

#[test]
fn quirk3_word_operators_need_a_blank() {
    check("proc.name glob'*'", &format!("error@10: {OPS}"));
    check("proc.name=bash", "proc.name = bash");
    check("proc.name!=bash", "proc.name != bash");
    check("proc.name contains\tx", "proc.name contains x");
    check("proc.name regex '^a.*'", "proc.name regex ^a.*");
}

#[test]
fn quirk4_not_needs_a_space_or_paren() {
    check("notproc.name=x", "notproc.name = x");
    check("not(a)", "not a");
    check("not a", "not a");
    check("not not a", "a");
    check("not not not a", "not a");
    check("not_macro", "not_macro");
    check("not\na.b exists", "not a.b exists");
}

#[test]
fn quirk5_values_are_strings_numbers_need_numeric_ops() {
    check("fd.num=-1", "fd.num = -1");
    check("fd.num > abc", &format!("error@9: {NUM_RHS}"));
    check("fd.num > 0x1F", "fd.num > 0x1F");
    check("fd.num >= -1.5e+3", "fd.num >= -1.5e+3");
    check(
        "fd.num > 1e5",
        "error@10: unexpected token after '1', expecting 'or', 'and'",
    );
    check("fd.name = a/b*<c!d", "fd.name = a/b*<c!d");
}

#[test]
fn quirk6_modifiers_only_before_a_list_or_identifier() {
    check("proc.name = oneof", "proc.name = oneof");
    check("proc.name = oneof and a", "(proc.name = oneof and a)");
    check("proc.name = oneof (a,b)", "proc.name = oneof (a, b)");
    check("proc.name = oneof lst", "proc.name = oneof lst");
    check(
        "proc.name startswith anyof (/a, /b)",
        "proc.name startswith anyof (/a, /b)",
    );
    check(
        "proc.name ==oneof (a)",
        "error@18: unexpected token after 'oneof', expecting 'or', 'and'",
    );
}

#[test]
fn quirk7_lists() {
    check("a.b in ()", "a.b in ()");
    check("a.b in (a,)", "error@10: expected a string value");
    check(
        "a.b in ( bash, sh, zsh , sudo)",
        "a.b in (bash, sh, zsh, sudo)",
    );
    check("a.b in (\"a b\", 'c', d.e)", "a.b in (\"a b\", c, d.e)");
}

#[test]
fn quirk8_transformer_names_need_a_paren_right_after() {
    check(
        "toupper (proc.name) = X",
        "error@8: unexpected token after 'toupper', expecting 'or', 'and'",
    );
    check("toupper(proc.name) = X", "toupper(proc.name) = X");
    check("a.b = val(c.d)", "a.b = val(c.d)");
    check("a.b = c.d", "a.b = c.d");
    check("len(proc.args) > 2", "len(proc.args) > 2");
    check(
        "join(\"-\", (fd.name, 'x', 12)) = v",
        "join(\"-\", (fd.name, \"x\", 12)) = v",
    );
    check(
        "getopt(proc.args, \"nt:\")[t] = v",
        "getopt(proc.args, \"nt:\")[t] = v",
    );
}

#[test]
fn escapes() {
    check(r#"a.b = "t\tab""#, r#"a.b = "t\tab""#);
    check(r#"a.b = 'it\'s'"#, r#"a.b = "it's""#);
    check(r#"a.b = "a\/b""#, "a.b = a/b");
    check(
        r#"a.b = "\x41""#,
        r"error@7: unsupported string escape sequence: \x",
    );
    check(
        r#"a.b = "\q""#,
        r"error@7: unsupported string escape sequence: \q",
    );
    check(
        r#"a.b = "\'""#,
        r#"error@7: invalid \' escape in "-quoted string"#,
    );
    check(
        r#"a.b = '\"'"#,
        r#"error@7: invalid \" escape in '-quoted string"#,
    );
    // `"a\\"` does not end at its last quote, so the string is unterminated.
    check(r#"a.b = "a\\""#, &format!("error@6: {STR_RHS}"));
    check(r#"a.b = "legacy \ ""#, r#"a.b = "legacy \ ""#);
    check(r#"a.b = "q\"uote""#, r#"a.b = "q\"uote""#);
}

#[test]
fn field_arguments() {
    check("proc.aname[2] = x", "proc.aname[2] = x");
    check("proc.env['HOME'] = x", "proc.env[HOME] = x");
    check("proc.env[\"a b\"] = x", "proc.env[\"a b\"] = x");
    check("proc.env[\"a]b\"] = x", "proc.env[\"a]b\"] = x");
    check("proc.env[\"\"] = x", "proc.env[\"\"] = x");
    check(
        "proc.env[] = x",
        "error@9: expected a valid field argument: a quoted string or a bare string",
    );
    check("proc.env[a = x", "error@10: expected a ']' token");
}

#[test]
fn printer_matches_libsinsp() {
    check("a and b and (c or d)", "(a and b and (c or d))");
    check("(a and b) and c", "((a and b) and c)");
    check("a or b and not c", "(a or (b and not c))");
    check("a.b exists", "a.b exists");
    check("a.b = 'x y'", "a.b = \"x y\"");
    check("a.b = 'x=y'", "a.b = \"x=y\"");
    check("a.b = ''", "a.b = \"\"");
    check(
        "((proc.cmdline contains curl or proc.cmdline contains wget) and not proc.cmdline contains \"curl 127.0.0.1\")",
        "((proc.cmdline contains curl or proc.cmdline contains wget) and not proc.cmdline contains \"curl 127.0.0.1\")",
    );
}

#[test]
fn exception_condition_of_spec_2_5() {
    let text = "(proc.cmdline contains curl) and not (( proc.name in (nginx) and  fd.name startswith /usr/bin) or ( proc.name in (a, b) and  fd.name startswith /etc))";
    check(
        text,
        "(proc.cmdline contains curl and not ((proc.name in (nginx) and fd.name startswith /usr/bin) or (proc.name in (a, b) and fd.name startswith /etc)))",
    );
}

#[test]
fn errors_use_falco_wording_and_position() {
    check("", "error@0: filter input string is empty");
    check(
        "   ",
        "error@3: expected a '(' token, a field check, or an identifier",
    );
    check(
        "evt.type=open and",
        "error@17: expected blank or '(' after 'and'",
    );
    check("proc.name = = x", &format!("error@12: {STR_RHS}"));
    check(
        "evt.type=open and proc.name=cat and fd.num > abc",
        &format!("error@45: {NUM_RHS}"),
    );
    check("a.a badop xxx", &format!("error@4: {OPS}"));
    check(
        "a.a invalidoperator xxx",
        "error@20: unexpected token after 'validoperator', expecting 'or', 'and'",
    );
    check("(a.b = 1", "error@8: expected a ')' token");
    check(
        "a.b = 1)",
        "error@7: unexpected token after '1', expecting 'or', 'and'",
    );
    check(
        "b64(val(x.y)) exists",
        "error@4: expected a field or a nested valid transformer: 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'",
    );
    check(
        "a.b = val(x)",
        "error@10: expected a field within 'val' transformer",
    );
    check(
        "a.b = val(x.y [1])",
        "error@14: expected a ')' token closing the transformer",
    );
    check(
        "a.b in",
        "error@6: expected a list, an identifier, or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'",
    );
    check("join(\"-\", (a.b,)) = x", "error@15: expected a field or a nested valid transformer: 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'");
    check(
        "a.b = x\u{0}",
        "error@7: unexpected token after 'x', expecting 'or', 'and'",
    );
}

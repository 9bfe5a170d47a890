//! Hover over stdio: fields from the catalogue, macros and lists with their expansion,
//! rules with their event types, priority and tags.

mod support;

use serde_json::Value;
use support::*;

fn hover_text(server: &mut Server, uri: &str, position: Value) -> (String, Value) {
    let result = server.request("textDocument/hover", at_pos(uri, position));
    assert_eq!(result["contents"]["kind"], "markdown");
    (
        result["contents"]["value"].as_str().unwrap().to_string(),
        result["range"].clone(),
    )
}

#[test]
fn field_hover_gives_type_and_description() {
    let Some((mut server, dir, texts)) = upstream_server("hover-field") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let (md, range) = hover_text(
        &mut server,
        &base,
        pos_of(&texts[0], "proc.name in (shell_binaries)", 0, 6),
    );
    assert!(
        md.starts_with("**field** `proc.name` · `CHARBUF`\n\n"),
        "{md}"
    );
    assert!(md.contains("class: `thread`"));
    assert_eq!(
        range,
        range_of(&texts[0], "proc.name in (shell_binaries)", 0).prefix(&texts[0], 9)
    );

    let (md, _) = hover_text(&mut server, &base, pos_of(&texts[0], "fd.num>=0", 0, 2));
    assert!(md.starts_with("**field** `fd.num` · `INT64`"), "{md}");
    server.shutdown();
}

trait Prefix {
    fn prefix(self, text: &str, len: usize) -> Value;
}

impl Prefix for Value {
    /// The range starting where `self` starts, `len` bytes long.
    fn prefix(self, text: &str, len: usize) -> Value {
        let start = offset_at(text, &self["start"]);
        serde_json::json!({"start": pos(text, start), "end": pos(text, start + len)})
    }
}

#[test]
fn macro_and_list_hover_show_definition_and_expansion() {
    let Some((mut server, dir, texts)) = upstream_server("hover-macro") else {
        return;
    };
    let incubating = file_uri(&dir.join(UPSTREAM[1]));
    let (md, range) = hover_text(
        &mut server,
        &incubating,
        pos_of(&texts[1], "spawned_process and", 0, 4),
    );
    assert!(
        md.starts_with("**macro** `spawned_process`\n\ndefined in `falco_rules.yaml` line "),
        "{md}"
    );
    assert!(
        md.contains("```yaml\n- macro: spawned_process\n  condition: "),
        "{md}"
    );
    assert!(
        md.contains("expanded:\n```\nevt.type in (execve, execveat)\n```"),
        "{md}"
    );
    assert_eq!(text_at(&texts[1], &range), "spawned_process");

    let base = file_uri(&dir.join(UPSTREAM[0]));
    let (md, _) = hover_text(
        &mut server,
        &base,
        pos_of(&texts[0], "(shell_binaries)", 0, 2),
    );
    assert!(md.starts_with("**list** `shell_binaries`"), "{md}");
    assert!(md.contains("- list: shell_binaries\n  items: "), "{md}");
    let expanded = md.split("expanded (").nth(1).expect("expansion shown");
    assert!(
        expanded.contains("bash") && expanded.contains("zsh"),
        "{md}"
    );
    server.shutdown();
}

#[test]
fn rule_hover_shows_event_types_priority_and_tags() {
    let Some((mut server, dir, texts)) = upstream_server("hover-rule") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let rule = "Terminal shell in container";
    let (md, range) = hover_text(
        &mut server,
        &base,
        pos_of(&texts[0], &format!("- rule: {rule}"), 0, 12),
    );
    assert!(
        md.starts_with(&format!(
            "**rule** `{rule}`\n\npriority: `Notice` · source: `syscall`"
        )),
        "{md}"
    );
    assert!(
        md.contains("\n\nevent types: `execve`, `execveat`\n\n"),
        "{md}"
    );
    assert!(
        md.contains("tags: ") && md.contains("`container`") && md.contains("`shell`"),
        "{md}"
    );
    assert_eq!(text_at(&texts[0], &range), rule);
    server.shutdown();
}

#[test]
fn no_hover_on_plain_yaml() {
    let Some((mut server, dir, texts)) = upstream_server("hover-none") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let result = server.request(
        "textDocument/hover",
        at_pos(&base, pos_of(&texts[0], "  priority: ", 0, 3)),
    );
    assert_eq!(result, Value::Null);
    server.shutdown();
}

#[test]
fn event_type_hover_after_evt_type() {
    let Some((mut server, dir, texts)) = upstream_server("hover-event") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let at = offset_of(&texts[0], "evt.type in (execve, execveat)", 0) + "evt.type in (".len();
    let (md, range) = hover_text(&mut server, &base, pos(&texts[0], at + 2));
    assert!(md.starts_with("**event type** `execve`\n\n"), "{md}");
    assert!(md.contains("parameters of `PPME_SYSCALL_EXECVE_"), "{md}");
    assert_eq!(text_at(&texts[0], &range), "execve");
    server.shutdown();
}

#[test]
fn field_hover_in_a_file_whose_yaml_does_not_parse() {
    // A rule being typed with an unclosed quote: the file is not YAML, yet the conditions
    // before and after the broken item still explain their fields.
    let text = "- macro: a\n  condition: proc.name = x\n- rule: r\n  desc: \"unclosed\n  condition: evt.type = open\n- macro: b\n  condition: fd.name = y\n";
    let dir = workspace_with("hover-broken-yaml", &[("rules.yaml", text)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("rules.yaml"));
    server.did_open(&uri, text);
    let diagnostics = server.diagnostics(&uri, 1);
    let codes: Vec<String> = summarize(&diagnostics).into_iter().map(|d| d.0).collect();
    assert_eq!(codes, vec!["LOAD_ERR_YAML_PARSE"]);
    for (field, class) in [("proc.name", "thread"), ("fd.name", "fd")] {
        let at = text.find(field).unwrap() + 2;
        let (md, range) = hover_text(&mut server, &uri, pos(text, at));
        assert!(
            md.starts_with(&format!("**field** `{field}`")),
            "{field}: {md}"
        );
        assert!(md.contains(&format!("class: `{class}`")), "{md}");
        let start = text.find(field).unwrap();
        assert_eq!(
            range,
            serde_json::json!({"start": pos(text, start), "end": pos(text, start + field.len())})
        );
    }
    server.shutdown();
}

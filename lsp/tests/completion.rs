//! Completion over stdio, in a file loaded after the upstream `falco_rules.yaml`: fields as
//! `proc.` is typed, operators by field type, event types after `evt.type`, macros, lists,
//! priorities, keys and new items.

mod support;

use serde_json::{json, Value};
use support::*;

/// Completion labels at the `|` of `marked` (a file loaded after falco_rules.yaml), plus
/// the full items.
fn complete(name: &str, marked: &str) -> Option<(Vec<String>, Vec<Value>, String)> {
    let shared = shared()?;
    let base = upstream(&shared, UPSTREAM[0]);
    let offset = marked.find('|').expect("cursor");
    let text = marked.replacen('|', "", 1);
    let dir = workspace_with(name, &[(UPSTREAM[0], &base), ("custom.yaml", &text)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&uri, &text);
    server.diagnostics(&uri, 1);
    let result = server.request("textDocument/completion", at_pos(&uri, pos(&text, offset)));
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    let items = result.as_array().cloned().unwrap_or_default();
    let labels = items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    Some((labels, items, text))
}

const RULE_HEAD: &str = "- rule: r\n  desc: d\n  condition: ";

#[test]
fn fields_as_a_class_prefix_is_typed() {
    let Some((labels, items, text)) = complete(
        "c-fields",
        &format!("{RULE_HEAD}spawned_process and proc.|\n"),
    ) else {
        return;
    };
    assert!(labels.iter().any(|l| l == "proc.name"));
    assert!(
        labels.iter().any(|l| l == "fd.name"),
        "the client filters by prefix"
    );
    let item = items.iter().find(|i| i["label"] == "proc.name").unwrap();
    let start = text.find("proc.").unwrap();
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": pos(&text, start), "end": pos(&text, start + 5)})
    );
    assert_eq!(item["textEdit"]["newText"], "proc.name");
    assert_eq!(item["detail"], "CHARBUF");
    let env = items
        .iter()
        .find(|i| i["label"] == "proc.env")
        .expect("proc.env offered");
    assert!(env["textEdit"]["newText"]
        .as_str()
        .unwrap()
        .starts_with("proc.env"));
    let arg = items
        .iter()
        .find(|i| i["label"] == "evt.arg")
        .expect("evt.arg offered");
    assert_eq!(arg["textEdit"]["newText"], "evt.arg.${1:param}");
    assert_eq!(arg["insertTextFormat"], 2, "snippet");
}

#[test]
fn operators_follow_the_field_type() {
    let Some((numeric, ..)) = complete("c-ops-num", &format!("{RULE_HEAD}fd.num |\n")) else {
        return;
    };
    for op in ["=", "!=", "<", ">=", "in", "exists"] {
        assert!(numeric.iter().any(|l| l == op), "{op} in {numeric:?}");
    }
    assert!(
        !numeric.iter().any(|l| l == "contains" || l == "startswith"),
        "{numeric:?}"
    );
    let Some((string, ..)) = complete("c-ops-str", &format!("{RULE_HEAD}proc.name |\n")) else {
        return;
    };
    for op in [
        "contains",
        "startswith",
        "endswith",
        "glob",
        "in",
        "pmatch",
        "exists",
    ] {
        assert!(string.iter().any(|l| l == op), "{op} in {string:?}");
    }
    assert!(!string.iter().any(|l| l == "bcontains"), "{string:?}");
}

#[test]
fn event_types_after_evt_type() {
    let Some((labels, items, _)) = complete("c-evt", &format!("{RULE_HEAD}evt.type in (open, |\n"))
    else {
        return;
    };
    for name in ["execve", "openat", "connect", "container"] {
        assert!(labels.iter().any(|l| l == name), "{name}");
    }
    assert_eq!(
        items.iter().find(|i| i["label"] == "execve").unwrap()["kind"],
        20,
        "enum member"
    );
    assert!(
        labels.iter().any(|l| l == "shell_binaries"),
        "lists in a value list"
    );
    let Some((labels, ..)) = complete("c-evt2", &format!("{RULE_HEAD}evt.type = |\n")) else {
        return;
    };
    assert!(labels.iter().any(|l| l == "execve"));
    assert!(!labels.iter().any(|l| l == "proc.name"));
}

#[test]
fn macros_fields_and_keywords_where_a_check_starts() {
    let Some((labels, items, _)) =
        complete("c-start", &format!("{RULE_HEAD}spawned_process and |\n"))
    else {
        return;
    };
    assert!(labels.iter().any(|l| l == "spawned_process"));
    assert!(labels.iter().any(|l| l == "proc.name"));
    assert!(labels.iter().any(|l| l == "not"));
    let m = items
        .iter()
        .find(|i| i["label"] == "spawned_process")
        .unwrap();
    assert_eq!(m["detail"], "macro");
    assert!(m["documentation"]["value"]
        .as_str()
        .unwrap()
        .contains("evt.type in (execve, execveat)"));
    let Some((labels, ..)) = complete("c-after", &format!("{RULE_HEAD}proc.name = bash |\n"))
    else {
        return;
    };
    assert_eq!(labels, vec!["and", "or"]);
}

#[test]
fn priorities_keys_and_items() {
    let Some((labels, ..)) = complete("c-prio", "- rule: r\n  desc: d\n  priority: |\n") else {
        return;
    };
    assert_eq!(
        labels,
        vec![
            "EMERGENCY",
            "ALERT",
            "CRITICAL",
            "ERROR",
            "WARNING",
            "NOTICE",
            "INFO",
            "DEBUG"
        ]
    );
    let Some((labels, items, text)) = complete("c-keys", "- rule: r\n  desc: d\n  con|\n") else {
        return;
    };
    assert!(labels.iter().any(|l| l == "condition"));
    assert!(labels.iter().any(|l| l == "output"));
    assert!(
        !labels.iter().any(|l| l == "desc" || l == "rule"),
        "present keys are not offered: {labels:?}"
    );
    let cond = items.iter().find(|i| i["label"] == "condition").unwrap();
    let at = text.find("con\n").unwrap();
    assert_eq!(
        cond["textEdit"]["range"],
        json!({"start": pos(&text, at), "end": pos(&text, at + 3)})
    );
    assert_eq!(cond["textEdit"]["newText"], "condition: ");
    let Some((labels, ..)) = complete("c-items", "- macro: m\n  condition: evt.type = open\n|")
    else {
        return;
    };
    assert_eq!(labels, vec!["- rule", "- macro", "- list"]);
}

#[test]
fn override_entries_for_the_item_kind() {
    let Some((labels, items, text)) = complete(
        "c-override",
        "- macro: spawned_process\n  condition: and proc.name != x\n  override:\n    cond|\n",
    ) else {
        return;
    };
    assert_eq!(labels, vec!["condition: append", "condition: replace"]);
    let at = text.find("cond\n").unwrap();
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": pos(&text, at), "end": pos(&text, at + 4)})
    );
}

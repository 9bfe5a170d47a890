//! Diagnostics over stdio on the upstream rules files with injected mistakes: every
//! diagnostic the front end reports appears with the same code, message and range (UTF-16
//! columns), on open and on change, and across files in `rules_files` order.

mod support;

use serde_json::{json, Value};
use support::*;

/// Opens every file of a workspace made of `files`, returning the published diagnostics
/// per file after checking them against the front end's own output.
fn check_workspace(name: &str, files: &[(&str, &str)]) -> Vec<Vec<(String, String, Value)>> {
    let dir = workspace_with(name, files);
    let mut server = Server::start(Some(&dir), Value::Null);
    let expected = front_end_diagnostics(files);
    let mut published = Vec::new();
    for (i, (file, text)) in files.iter().enumerate() {
        let uri = file_uri(&dir.join(file));
        server.did_open(&uri, text);
        let got = summarize(&server.diagnostics(&uri, 1));
        assert_eq!(got, expected[i], "diagnostics of {file}");
        published.push(got);
    }
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    published
}

#[test]
fn upstream_files_in_load_order_have_no_errors() {
    let Some(shared) = shared() else { return };
    let texts: Vec<String> = UPSTREAM.iter().map(|f| upstream(&shared, f)).collect();
    let files: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let published = check_workspace("clean", &files);
    for (file, diags) in UPSTREAM.iter().zip(&published) {
        assert!(
            diags.iter().all(|(code, ..)| !code.starts_with("LOAD_ERR")),
            "{file}: {diags:?}"
        );
    }
}

#[test]
fn injected_mistakes_match_the_front_end_exactly() {
    let Some(shared) = shared() else { return };
    let base = upstream(&shared, "falco_rules.yaml")
        .replacen(
            "proc.name in (shell_binaries)",
            "proc.nme in (shell_binaries)",
            1,
        )
        .replacen("  priority: WARNING", "  priority: LOUD", 1)
        .replacen("  output: ", "  outptu: ", 1);
    let incubating = upstream(&shared, "falco-incubating_rules.yaml")
        .replacen("spawned_process and", "spawned_proces and", 1)
        .replacen("  condition: >", "  condition: > # é日😀\n   ", 0);
    let files = [
        ("falco_rules.yaml", base.as_str()),
        ("falco-incubating_rules.yaml", incubating.as_str()),
    ];
    let published = check_workspace("mistakes", &files);

    let nme = &published[0]
        .iter()
        .find(|(_, m, _)| m.contains("proc.nme"))
        .expect("unknown field reported");
    assert_eq!(nme.0, "LOAD_ERR_COMPILE_CONDITION");
    assert_eq!(nme.1, "filter_check called with nonexistent field proc.nme");
    // An error inside a macro is located as Falco locates it: at the first rule's use of the
    // macro (occurrence 0 of `shell_procs` is the macro's own definition).
    assert_eq!(nme.2, range_of(&base, "shell_procs", 1));

    let undefined = published[1]
        .iter()
        .find(|(_, m, _)| m.contains("spawned_proces'"))
        .expect("undefined macro reported in the second file");
    assert_eq!(
        undefined.1,
        "Undefined macro 'spawned_proces' used in filter."
    );
    let at = offset_of(&incubating, "spawned_proces and", 0);
    let len = "spawned_proces".len();
    assert_eq!(
        undefined.2,
        json!({"start": pos(&incubating, at), "end": pos(&incubating, at + len)})
    );
}

#[test]
fn utf16_columns_after_non_ascii_text() {
    let text = "- rule: r\n  desc: d\n  condition: evt.type = open and proc.name = \"é日😀\" and proc.nme = x\n  output: o\n  priority: INFO\n";
    let dir = workspace_with("utf16", &[("rules.yaml", text)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("rules.yaml"));
    server.did_open(&uri, text);
    let got = summarize(&server.diagnostics(&uri, 1));
    let nme = got
        .iter()
        .find(|(_, m, _)| m.contains("proc.nme"))
        .expect("reported");
    // `é日😀` is 9 bytes but 4 UTF-16 units: the column is 5 less than the byte column.
    let line = text.lines().nth(2).unwrap();
    let byte_col = line.find("proc.nme").unwrap();
    assert_eq!(
        nme.2["start"],
        json!({"line": 2, "character": byte_col - 5})
    );
    assert_eq!(
        nme.2["end"],
        json!({"line": 2, "character": byte_col - 5 + 8})
    );
    server.shutdown();
}

#[test]
fn diagnostics_follow_changes_and_clear_when_fixed() {
    let Some(shared) = shared() else { return };
    let good = upstream(&shared, "falco_rules.yaml");
    let dir = workspace_with("changes", &[("falco_rules.yaml", &good)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("falco_rules.yaml"));
    server.did_open(&uri, &good);
    assert!(summarize(&server.diagnostics(&uri, 1))
        .iter()
        .all(|(c, ..)| !c.starts_with("LOAD_ERR")));

    let broken = good.replacen("fd.num>=0", "fd.num>=", 1);
    server.did_change(&uri, 2, &broken);
    let got = summarize(&server.diagnostics(&uri, 2));
    let expected = &front_end_diagnostics(&[("falco_rules.yaml", &broken)])[0];
    assert_eq!(&got, expected);
    assert!(
        got.iter().any(|(c, ..)| c == "LOAD_ERR_COMPILE_CONDITION"),
        "{got:?}"
    );

    let yaml_broken = format!("{good}\n- rule: [unclosed\n");
    server.did_change(&uri, 3, &yaml_broken);
    let got = summarize(&server.diagnostics(&uri, 3));
    assert_eq!(
        got,
        front_end_diagnostics(&[("falco_rules.yaml", &yaml_broken)])[0]
    );
    assert!(
        got.iter().any(|(c, ..)| c == "LOAD_ERR_YAML_PARSE"),
        "{got:?}"
    );

    server.did_change(&uri, 4, &good);
    let got = summarize(&server.diagnostics(&uri, 4));
    assert!(
        got.iter().all(|(c, ..)| !c.starts_with("LOAD_ERR")),
        "{got:?}"
    );
    server.shutdown();
}

#[test]
fn overrides_see_base_definitions_of_an_earlier_file() {
    let Some(shared) = shared() else { return };
    let base = upstream(&shared, "falco_rules.yaml");
    let custom = "- macro: spawned_process\n  condition: and proc.name != init\n  override:\n    condition: append\n- list: shell_binaries\n  items: [fish]\n  override:\n    items: append\n- rule: Only mine\n  desc: d\n  condition: spawned_process and proc.name in (shell_binaries)\n  output: shell %proc.name\n  priority: NOTICE\n";
    let dir = workspace_with(
        "override",
        &[("falco_rules.yaml", &base), ("custom.yaml", custom)],
    );
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&uri, custom);
    let got = summarize(&server.diagnostics(&uri, 1));
    assert!(
        got.iter().all(|(c, ..)| !c.starts_with("LOAD_ERR")),
        "{got:?}"
    );

    // Loaded alone (a scratch file outside the configured order), the same overrides fail.
    let scratch = file_uri(&dir.join("scratch.yaml"));
    server.did_open(&scratch, custom);
    let got = summarize(&server.diagnostics(&scratch, 1));
    let expected =
        &front_end_diagnostics(&[("falco_rules.yaml", &base), ("custom.yaml", custom)])[1];
    assert_eq!(
        &got, expected,
        "a scratch file is loaded after the configured files"
    );
    server.shutdown();
}

#[test]
fn a_change_in_the_base_file_updates_the_overriding_file() {
    let Some(shared) = shared() else { return };
    let base = upstream(&shared, "falco_rules.yaml");
    let custom = "- macro: spawned_process\n  condition: and proc.name != init\n  override:\n    condition: append\n";
    let dir = workspace_with(
        "crossfile",
        &[("falco_rules.yaml", &base), ("custom.yaml", custom)],
    );
    let mut server = Server::start(Some(&dir), Value::Null);
    let base_uri = file_uri(&dir.join("falco_rules.yaml"));
    let custom_uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&custom_uri, custom);
    server.diagnostics(&custom_uri, 1);
    server.did_open(&base_uri, &base);
    server.diagnostics(&base_uri, 1);
    let renamed = base.replace(
        "- macro: spawned_process",
        "- macro: spawned_process_renamed",
    );
    server.did_change(&base_uri, 2, &renamed);
    let params = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == custom_uri && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let got = summarize(params["diagnostics"].as_array().unwrap());
    let expected =
        &front_end_diagnostics(&[("falco_rules.yaml", &renamed), ("custom.yaml", custom)])[1];
    assert_eq!(&got, expected);
    assert!(
        got.iter()
            .any(|(c, m, _)| c == "LOAD_ERR_VALIDATE" || m.contains("no macro by that name")),
        "{got:?}"
    );
    server.shutdown();
}

#[test]
fn rapid_changes_publish_the_latest_version_last() {
    let Some(shared) = shared() else { return };
    let good = upstream(&shared, "falco_rules.yaml");
    let dir = workspace_with("rapid", &[("falco_rules.yaml", &good)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("falco_rules.yaml"));
    server.did_open(&uri, &good);
    let last = 30;
    for version in 2..=last {
        let text = good.replacen("fd.num>=0", &format!("fd.num>={version}"), 1);
        server.did_change(&uri, version, &text);
    }
    server.diagnostics(&uri, last);
    let versions: Vec<i64> = std::iter::from_fn(|| server.notifications.pop_front())
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "published out of order: {versions:?}"
    );
    assert!(
        versions.iter().all(|v| *v < last),
        "nothing after the latest: {versions:?}"
    );
    server.shutdown();
}

#[test]
fn rules_files_setting_orders_the_load() {
    let base = "- macro: my_base\n  condition: evt.type = execve\n";
    let custom = "- rule: Uses base\n  desc: d\n  condition: my_base and proc.name = bash\n  output: x\n  priority: INFO\n";
    let dir = temp_workspace("setting");
    std::fs::write(dir.join("base.yaml"), base).unwrap();
    std::fs::write(dir.join("custom.yaml"), custom).unwrap();
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&uri, custom);
    let alone = summarize(&server.diagnostics(&uri, 1));
    assert!(
        alone
            .iter()
            .any(|(_, m, _)| m == "Undefined macro 'my_base' used in filter."),
        "{alone:?}"
    );

    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"falcoc": {"rulesFiles": ["base.yaml", "custom.yaml"]}}}),
    );
    let params = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.len() != alone.len())
    });
    let ordered = summarize(params["diagnostics"].as_array().unwrap());
    let expected = &front_end_diagnostics(&[("base.yaml", base), ("custom.yaml", custom)])[1];
    assert_eq!(&ordered, expected);
    assert!(
        ordered.iter().all(|(c, ..)| !c.starts_with("LOAD_ERR")),
        "{ordered:?}"
    );
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn falcoc_toml_orders_the_load() {
    let base = "- list: my_shells\n  items: [bash]\n";
    let custom = "- list: my_shells\n  items: [zsh]\n  override:\n    items: append\n";
    let dir = temp_workspace("toml");
    std::fs::write(dir.join("base.yaml"), base).unwrap();
    std::fs::write(dir.join("custom.yaml"), custom).unwrap();
    std::fs::write(
        dir.join(".falcoc.toml"),
        "rules_files = [\"base.yaml\", \"custom.yaml\"]\n",
    )
    .unwrap();
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&uri, custom);
    let got = summarize(&server.diagnostics(&uri, 1));
    assert_eq!(
        got,
        front_end_diagnostics(&[("base.yaml", base), ("custom.yaml", custom)])[1]
    );
    assert!(
        got.iter().all(|(c, ..)| !c.starts_with("LOAD_ERR")),
        "{got:?}"
    );
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Edits of the base file that shift every offset (in it and, globally, in the files after
/// it), rename a macro its rules use, break a rule and fix it again: after each, every open file shows exactly the front end's diagnostics for
/// the whole group loaded afresh (the server reuses what its last load compiled).
#[test]
fn incremental_edits_of_the_base_file_match_fresh_loads_of_every_file() {
    let Some(shared) = shared() else { return };
    let texts: Vec<String> = UPSTREAM.iter().map(|f| upstream(&shared, f)).collect();
    let files: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let dir = workspace_with("incremental", &files);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uris: Vec<String> = UPSTREAM.iter().map(|f| file_uri(&dir.join(f))).collect();
    let mut latest: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for (uri, text) in uris.iter().zip(&texts) {
        server.did_open(uri, text);
        latest.insert(uri.clone(), server.diagnostics(uri, 1));
    }
    let base = &texts[0];
    let shifted = format!("# edited\n{base}");
    let broken = shifted.replace("- macro: spawned_process\n", "- macro: spawned_proc\n");
    let bad_rule = shifted.replacen("and proc.tty != 0", "and and proc.tty != 0", 1);
    for (step, text) in [shifted.clone(), broken, bad_rule, shifted, base.clone()]
        .iter()
        .enumerate()
    {
        let version = step as i64 + 2;
        server.did_change(&uris[0], version, text);
        let own = server.diagnostics(&uris[0], version);
        // The other files' diagnostics of the same publication were sent before.
        for n in std::mem::take(&mut server.notifications) {
            if n["method"] == "textDocument/publishDiagnostics" {
                let p = &n["params"];
                let uri = p["uri"].as_str().unwrap_or_default().to_string();
                latest.insert(
                    uri,
                    p["diagnostics"].as_array().cloned().unwrap_or_default(),
                );
            }
        }
        latest.insert(uris[0].clone(), own);
        let mut now = files.clone();
        now[0].1 = text;
        let expected = front_end_diagnostics(&now);
        for (i, uri) in uris.iter().enumerate() {
            assert_eq!(summarize(&latest[uri]), expected[i], "step {step}: {uri}");
        }
        if step == 1 || step == 2 {
            assert!(!expected[0].is_empty(), "step {step} breaks rules");
        }
    }
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

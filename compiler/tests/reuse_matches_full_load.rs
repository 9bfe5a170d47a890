//! An editor's incremental loads (`load_reusing`, keeping what each load can give the
//! next) give exactly what a fresh full load gives, after each edit of a real editing
//! session on the three upstream rules files: edits that change a macro used by many
//! rules, shift every offset below them, break a condition and fix it, rename a macro that
//! other files use, change lists, outputs and exceptions, add and delete rules.

use falcoc_compiler::limits::Limits;
use falcoc_compiler::load::{load_for_editor, load_reusing, LoadResult, Reuse};
use falcoc_compiler::rules_file::read_file_with;
use falcoc_compiler::source::Sources;

type Edit = (&'static str, fn(&str) -> String);

/// `text` with the first `from` replaced by `to`; panics when `from` is not there, so an
/// edit can never silently do nothing.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "edit target {from:?} missing");
    text.replacen(from, to, 1)
}

const TERMINAL_RULE: &str = "- rule: Terminal shell in container\n";
const AFTER_TERMINAL_RULE: &str = "# For some container types (mesos)";

/// Edits of `falco_rules.yaml`, applied one after the other.
const EDITS: &[Edit] = &[
    ("a macro used by many rules", |t| {
        replace(t, "fd.num>=0", "fd.num>=3")
    }),
    ("a comment line at the top shifts every offset", |t| {
        format!("# edited\n{t}")
    }),
    ("a rule's condition grows", |t| {
        replace(
            t,
            "and proc.tty != 0",
            "and proc.tty != 0 and proc.name != bash",
        )
    }),
    ("a syntax error", |t| {
        replace(t, "and proc.tty != 0", "and and proc.tty != 0")
    }),
    ("fixed, but an undefined macro", |t| {
        replace(
            t,
            "and and proc.tty != 0",
            "and proc.tty != 0 and no_such_macr",
        )
    }),
    ("fixed", |t| replace(t, " and no_such_macr", "")),
    ("a list item added", |t| {
        replace(
            t,
            "items: [ash, bash, csh,",
            "items: [ash, bash, fish, csh,",
        )
    }),
    ("a macro inserted before the others", |t| {
        replace(
            t,
            "- macro: spawned_process\n",
            "- macro: a_new_macro\n  condition: proc.name = x\n\n- macro: spawned_process\n",
        )
    }),
    ("a macro the other files use renamed", |t| {
        replace(
            t,
            "- macro: spawned_process\n",
            "- macro: spawned_processes\n",
        )
    }),
    ("renamed back", |t| {
        replace(
            t,
            "- macro: spawned_processes\n",
            "- macro: spawned_process\n",
        )
    }),
    ("an output changed", |t| {
        replace(
            t,
            "Fileless execution via memfd_create | container_start_ts",
            "Fileless execution via memfd_create | fd=%fd.name container_start_ts",
        )
    }),
    ("an unknown field", |t| {
        replace(
            t,
            "proc.is_exe_from_memfd=true",
            "proc.is_exe_from_memfdx=true",
        )
    }),
    ("fixed", |t| {
        replace(
            t,
            "proc.is_exe_from_memfdx=true",
            "proc.is_exe_from_memfd=true",
        )
    }),
    ("exceptions added to a rule", |t| {
        replace(
            t,
            "  priority: CRITICAL\n  tags: [maturity_stable, host, container, process, mitre_defense_evasion, T1620]",
            "  priority: CRITICAL\n  exceptions:\n    - name: runc\n      fields: [proc.name]\n      values: [[runc]]\n  tags: [maturity_stable, host, container, process, mitre_defense_evasion, T1620]",
        )
    }),
    ("a rule deleted", |t| {
        let start = t.find(TERMINAL_RULE).expect("rule present");
        let end = t.find(AFTER_TERMINAL_RULE).expect("next item present");
        format!("{}{}", &t[..start], &t[end..])
    }),
    ("a rule appended", |t| {
        format!(
            "{t}\n- rule: New shell rule\n  desc: d\n  condition: spawned_process and container and shell_procs\n  output: shell %proc.name\n  priority: WARNING\n"
        )
    }),
    ("a macro's condition changed", |t| {
        replace(
            t,
            "(evt.type in (execve, execveat))",
            "(evt.type in (execve, execveat) and proc.pid > 0)",
        )
    }),
];

fn sources(files: &[(String, String)]) -> Sources {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name.as_str(), text.as_str());
    }
    sources
}

fn incremental(sources: &Sources, reuse: &mut Reuse) -> LoadResult {
    let limits = Limits::default();
    load_reusing(
        sources,
        &limits,
        |file, source, left| read_file_with(file, source, &limits, left),
        reuse,
    )
}

/// Everything an editor reads of a load, compared with a fresh full load's.
fn assert_same(step: &str, incremental: &LoadResult, full: &LoadResult) {
    assert_eq!(
        incremental.diagnostics, full.diagnostics,
        "{step}: diagnostics"
    );
    assert_eq!(incremental.symbols, full.symbols, "{step}: symbols");
    assert_eq!(
        incremental.macro_expansions, full.macro_expansions,
        "{step}: macro expansions"
    );
    assert_eq!(
        incremental.list_items, full.list_items,
        "{step}: list items"
    );
    assert_eq!(incremental.rules(), full.rules(), "{step}: compiled rules");
    let infos = |r: &LoadResult| format!("{:?}", r.rule_infos().collect::<Vec<_>>());
    assert_eq!(infos(incremental), infos(full), "{step}: rule infos");
}

#[test]
fn every_edit_of_a_session_loads_as_a_full_load_does() {
    let Some(mut files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let mut reuse = Reuse::default();
    let original = files[0].1.clone();
    let mut steps: Vec<(&str, String)> = vec![("unchanged", original.clone())];
    let mut text = original.clone();
    for (what, edit) in EDITS {
        text = edit(&text);
        steps.push((what, text.clone()));
    }
    steps.push(("back to the original", original));
    let mut saw_errors = false;
    for (what, text) in steps {
        files[0].1 = text;
        let sources = sources(&files);
        let full = load_for_editor(&sources);
        saw_errors |= full.has_errors();
        assert_same(what, &incremental(&sources, &mut reuse), &full);
    }
    assert!(saw_errors, "the session includes broken states");
}

#[test]
fn an_edit_of_a_later_file_loads_as_a_full_load_does() {
    let Some(mut files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let mut reuse = Reuse::default();
    let first = sources(&files);
    assert_same(
        "first load",
        &incremental(&first, &mut reuse),
        &load_for_editor(&first),
    );
    let edits = [
        (
            "proc.name in (shell_binaries)",
            "proc.name in (shell_binaries, fish)",
        ),
        (
            "proc.name in (shell_binaries, fish)",
            "proc.nam in (shell_binaries, fish)",
        ),
    ];
    for (from, to) in edits {
        files[1].1 = replace(&files[1].1, from, to);
        let sources = sources(&files);
        assert_same(
            to,
            &incremental(&sources, &mut reuse),
            &load_for_editor(&sources),
        );
    }
}

//! Whether anything loaded reads the device and inode that the open family's exit events
//! carry: the fields `fd.dev`, `fd.dev.major`, `fd.dev.minor` and `fd.ino`, or the raw
//! parameters through `evt.arg*`, `evt.rawarg*` and `evt.info`, in a rule's condition or
//! output or in an extra output field. When nothing does, the live probe leaves both 0:
//! finding them costs the kernel several helper reads per open in a process whose fd table
//! outgrew its embedded array (any process a shell started), and no alert can differ.

use falcoc_compiler::catalog::events::event_info;
use falcoc_compiler::ir::{Rule, RuleSet};

/// Fields of the fd state, which keeps an open's dev and ino for later events too.
const FD_IDENTITY: &[&str] = &["fd.dev", "fd.ino"];

/// Fields that show every parameter of the event at hand.
const ALL_PARAMETERS: &[&str] = &["evt.args", "evt.info"];

/// The events whose parameters hold a new file's dev and ino.
const OPEN_FAMILY: &[&str] = &["open", "openat", "openat2", "creat"];

/// Fields of one parameter, by name (`evt.arg.dev`) or by index (`evt.arg[5]`).
const BY_PARAMETER: &[&str] = &["evt.arg", "evt.rawarg"];

/// Whether a field (as written, `name` or `name[arg]`) may show an open's dev or ino: on
/// any event for the fd fields, on an open-family event (`of_open`) for the parameter
/// fields.
fn shows_dev_ino(field: &str, of_open: bool) -> bool {
    if FD_IDENTITY.iter().any(|w| field.starts_with(w)) {
        return true;
    }
    of_open && shows_parameter(field)
}

/// Whether a parameter field may show the dev or ino parameter.
fn shows_parameter(field: &str) -> bool {
    if ALL_PARAMETERS.iter().any(|w| field.starts_with(w)) {
        return true;
    }
    BY_PARAMETER.iter().any(|p| match field.strip_prefix(p) {
        Some(rest) => match rest.strip_prefix('.') {
            Some(name) => matches!(name, "dev" | "ino"),
            None => rest.starts_with('['),
        },
        None => false,
    })
}

/// Whether an extra output field as given on the command line (a bare field name or
/// `key=format`) may show an open's dev or ino: any mention of a field that could, since
/// its syntax (widths, transformers) is not parsed here and a miss would lose values.
fn extra_may_show(extra: &str) -> bool {
    FD_IDENTITY
        .iter()
        .chain(ALL_PARAMETERS)
        .chain(BY_PARAMETER)
        .any(|f| extra.contains(f))
}

/// Whether the enabled rules or the `extra_fields` (as given on the command line, which
/// may be `key=format`) read an open event's dev or ino.
pub fn reads_open_dev_ino(rules: &RuleSet, extra_fields: &[String]) -> bool {
    extra_fields.iter().any(|f| extra_may_show(f))
        || rules.rules.iter().filter(|r| r.enabled).any(rule_reads)
}

/// Whether one rule's condition or output may read an open's dev or ino.
fn rule_reads(r: &Rule) -> bool {
    let of_open = r
        .event_codes
        .iter()
        .any(|c| event_info(c).is_some_and(|i| OPEN_FAMILY.contains(&i.name)));
    r.reads_field(&|f| shows_dev_ino(&f.text, of_open))
}

#[cfg(test)]
mod tests {
    use super::*;
    use falcoc_compiler::load::load;
    use falcoc_compiler::source::Sources;

    fn rules(yaml: &str) -> RuleSet {
        let mut sources = Sources::default();
        sources.add("t.yaml", yaml);
        load(&sources).into_ruleset().0.expect("rules load")
    }

    fn rule(condition: &str, output: &str) -> String {
        format!(
            "- rule: r\n  desc: d\n  condition: {condition}\n  output: \"{output}\"\n  priority: WARNING\n"
        )
    }

    #[test]
    fn upstream_rules_read_no_open_dev_ino() {
        let Some(files) = falcoc_testkit::shared::upstream_rules() else {
            return;
        };
        let mut sources = Sources::default();
        for (name, text) in files {
            sources.add(name, text);
            let loaded = load(&sources)
                .into_ruleset()
                .0
                .expect("upstream rules load");
            assert!(loaded.rules.len() > 20);
            assert!(!reads_open_dev_ino(&loaded, &[]));
        }
    }

    #[test]
    fn fields_showing_dev_or_ino_are_found_in_conditions_outputs_and_extra_fields() {
        let none = rules(&rule(
            "evt.type=openat and evt.arg.flags contains O_RDONLY",
            "%fd.name %evt.arg.flags",
        ));
        assert!(!reads_open_dev_ino(&none, &[]));
        let socket_args = rules(&rule("evt.type=socket", "%evt.args %evt.arg[1]"));
        assert!(!reads_open_dev_ino(&socket_args, &[]));
        for (condition, output) in [
            ("fd.ino > 0", "x"),
            ("evt.type=openat", "ino=%fd.ino"),
            ("evt.type=openat", "%fd.dev.major"),
            ("evt.type=openat", "%evt.args"),
            ("evt.type=openat", "%evt.info"),
            ("evt.type=openat and evt.rawarg.dev != 0", "x"),
            ("evt.type=openat", "%evt.arg[6]"),
            ("evt.type=openat and not evt.arg.ino = 7", "x"),
            ("evt.type=read", "%fd.ino"),
            ("fd.name startswith /etc", "%evt.args"),
        ] {
            let r = rules(&rule(condition, output));
            assert!(reads_open_dev_ino(&r, &[]), "{condition} | {output}");
        }
        assert!(reads_open_dev_ino(&none, &["fd.ino".to_string()]));
        assert!(reads_open_dev_ino(&none, &["k=%12fd.dev".to_string()]));
        assert!(reads_open_dev_ino(&none, &["k=%-8evt.arg.ino".to_string()]));
        assert!(!reads_open_dev_ino(&none, &["k=%fd.name".to_string()]));
    }

    #[test]
    fn a_disabled_rule_does_not_count() {
        let text = rule("fd.ino > 0", "x") + "  enabled: false\n";
        assert!(!reads_open_dev_ino(&rules(&text), &[]));
    }
}

//! The field catalogue against `spec/fields-libsinsp.tsv` and the upstream rules, and field
//! resolution (§1.7).

mod common;

use falcoc_compiler::catalog::events::{ParamName, ParamType, PPM_EVENT_MAX};
use falcoc_compiler::catalog::fields::{
    all_fields, field, field_by_name, fl, ids, resolve_field, FieldArg, FieldClass, FieldError,
    FieldId,
};
use falcoc_compiler::catalog::types::FieldType;
use std::collections::BTreeSet;

#[test]
fn counts_and_ids() {
    assert_eq!(all_fields().len(), 293);
    let plugin = all_fields()
        .iter()
        .filter(|f| f.class == FieldClass::Container)
        .count();
    assert_eq!(plugin, 61);
    for f in all_fields() {
        assert_ne!(
            f.id,
            FieldId(u16::MAX),
            "{} has no id: run xtask gen-field-ids",
            f.name
        );
        assert_eq!(field(f.id).map(|g| g.name), Some(f.name));
        assert!(!f.desc.is_empty() && f.desc.len() < 200, "{}", f.name);
    }
    let names: BTreeSet<_> = all_fields().iter().map(|f| f.name).collect();
    assert_eq!(names.len(), all_fields().len(), "duplicate names");
    let ids: BTreeSet<_> = all_fields().iter().map(|f| f.id).collect();
    assert_eq!(ids.len(), all_fields().len(), "duplicate ids");
    assert_eq!(field(FieldId(293)), None);
    assert_eq!(field(FieldId(u16::MAX)), None);
    // The named constants name their fields.
    assert_eq!(field(ids::PROC_NAME).unwrap().name, "proc.name");
    assert_eq!(field(ids::K8S_POD_LABEL).unwrap().name, "k8s.pod.label");
    assert_eq!(field(ids::EVT_NUM).unwrap().name, "evt.num");
    // classes appear in lookup order
    let classes: Vec<_> = all_fields().iter().map(|f| f.class).collect();
    assert!(classes.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn catalogue_matches_tsv() {
    let Some(rows) = common::spec_rows("fields-libsinsp.tsv") else {
        return;
    };
    let mut seen = 0;
    for r in rows.iter().filter(|r| r[4] != "rawstring") {
        let f = field_by_name(&r[0]).unwrap_or_else(|| panic!("missing {}", r[0]));
        assert_eq!(f.ftype.type_name(), r[1], "{}", r[0]);
        let mut flags: Vec<&str> = r[2].split(" | ").filter(|s| *s != "NONE").collect();
        flags.sort();
        let mut ours = f.flags.names();
        ours.sort();
        assert_eq!(ours, flags, "{}", r[0]);
        let pf = format!("PF_{}", r[3]);
        assert_eq!(f.print.pf_name(), pf, "{}", r[0]);
        assert_eq!(f.class.name(), r[4], "{}", r[0]);
        seen += 1;
    }
    assert_eq!(seen, all_fields().len() - 61);
}

#[test]
fn arg_flags_agree_with_arg_specs() {
    for f in all_fields() {
        if f.flags.has(fl::ARG_REQUIRED) || f.flags.has(fl::ARG_ALLOWED) {
            assert_ne!(
                f.arg,
                falcoc_compiler::catalog::fields::ArgSpec::None,
                "{}",
                f.name
            );
        }
        if f.arg.is_required() {
            assert!(f.flags.has(fl::ARG_REQUIRED), "{}", f.name);
        }
    }
}

/// Field references in conditions and outputs of a rules file, found crudely: tokens that
/// start with a field-class prefix, with an optional `[arg]`.
fn field_refs(text: &str) -> BTreeSet<(String, Option<String>)> {
    const PREFIXES: [&str; 11] = [
        "evt.",
        "proc.",
        "thread.",
        "user.",
        "group.",
        "fd.",
        "fs.path.",
        "container.",
        "k8s.",
        "syscall.",
        "fdlist.",
    ];
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let boundary =
            i == 0 || !(is_name(bytes[i - 1]) || bytes[i - 1] == b'/' || bytes[i - 1] == b'-');
        let starts = PREFIXES.iter().find(|p| text[i..].starts_with(*p));
        if let (true, Some(_)) = (boundary, starts) {
            let mut j = i;
            while j < bytes.len() && is_name(bytes[j]) {
                j += 1;
            }
            let name = text[i..j].trim_end_matches('.').to_string();
            if !name.contains('.') {
                i = j;
                continue;
            }
            let mut arg = None;
            if j < bytes.len() && bytes[j] == b'[' {
                if let Some(k) = text[j..].find(']') {
                    arg = Some(text[j + 1..j + k].to_string());
                    j += k + 1;
                }
            }
            out.insert((name, arg));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn upstream_rules_fields_resolve() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("corpus/rules");
    let mut total = 0;
    let mut bad = Vec::new();
    for name in [
        "falco_rules.yaml",
        "falco-incubating_rules.yaml",
        "falco-sandbox_rules.yaml",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        // only condition/output text: skip comment lines and list items
        let relevant: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        for (field, arg) in field_refs(&relevant) {
            // file paths and names in lists are not fields
            if [".yaml", ".conf", ".sh", ".log"]
                .iter()
                .any(|s| field.ends_with(s))
            {
                continue;
            }
            if let Err(e) = resolve_field(&field, arg.as_deref()) {
                bad.push(format!("{name}: {e}"));
            }
            total += 1;
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(total >= 90, "only {total} references found");
}

#[test]
fn spec_field_list_resolves() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let spec = std::fs::read_to_string(shared.join("spec/falco-language.md")).unwrap();
    let start = spec.find("### 4.1").unwrap();
    let end = spec.find("### 4.2").unwrap();
    let mut n = 0;
    for line in spec[start..end].lines().filter(|l| l.starts_with("| `")) {
        let name = line[3..].split('`').next().unwrap();
        let arg = match name {
            "container.mount.dest" => Some("/proc*"),
            _ => None,
        };
        resolve_field(name, arg).unwrap_or_else(|e| panic!("{name}: {e}"));
        n += 1;
    }
    assert_eq!(n, 90);
}

fn err(name: &str, arg: Option<&str>) -> String {
    resolve_field(name, arg).unwrap_err().to_string()
}

#[test]
fn unknown_fields() {
    assert_eq!(
        err("proc.nosuch", None),
        "filter_check called with nonexistent field proc.nosuch"
    );
    assert_eq!(
        err("ka.user.name", None),
        "filter_check called with nonexistent field ka.user.name"
    );
    assert_eq!(
        err("proc.namex", None),
        "filter_check called with nonexistent field proc.namex"
    );
    assert_eq!(
        err("fd.name", Some("x")),
        "filter_check called with nonexistent field fd.name[x]"
    );
    assert_eq!(
        err("proc.aname", Some("x")),
        "filter_check called with nonexistent field proc.aname[x]"
    );
    assert_eq!(
        err("proc.anamex", None),
        "filter_check called with nonexistent field proc.anamex"
    );
    assert_eq!(
        err("evt.type.is.nosuch", None),
        "filter_check called with nonexistent field evt.type.is.nosuch"
    );
    assert_eq!(
        err("evt.arg.flagsx", None),
        "filter_check called with nonexistent field evt.arg.flagsx"
    );
    assert!(resolve_field("proc.nosuch", None)
        .unwrap_err()
        .is_unknown_field());
    // an empty bracket argument is no argument, as in libsinsp
    assert!(resolve_field("fd.name", Some("")).is_ok());
}

#[test]
fn argument_errors() {
    assert_eq!(
        err("evt.rawarg", Some("0")),
        "evt.arg fields must be expressed explicitly"
    );
    assert_eq!(err("evt.rawarg", None), "filter syntax error: evt.rawarg");
    assert_eq!(err("evt.arg", None), "filter syntax error: evt.arg");
    assert_eq!(err("evt.arg.zzz", None), "unknown event argument zzz");
    assert_eq!(err("evt.arg", Some("x")), "invalid number x");
    assert_eq!(
        err("thread.cgroup", None),
        "filter syntax error: thread.cgroup"
    );
    assert!(!resolve_field("evt.arg", None)
        .unwrap_err()
        .is_unknown_field());
    assert_eq!(
        err("container.mount.dest", None),
        "filter 'container.mount.dest': container.mount.dest requires an argument but none provided"
    );
    assert_eq!(
        err("container.id", Some("x")),
        "filter 'container.id[x]': container.id does not allow nor require an argument but one is provided: x"
    );
    assert_eq!(err("evt.type.is", None), "filter syntax error: evt.type.is");
    assert_eq!(
        err("evt.type.isx", None),
        "filter syntax error: evt.type.isx"
    );
}

#[test]
fn arguments() {
    let r = resolve_field("proc.aname", Some("2")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(2));
    assert_eq!(r.text, "proc.aname[2]");
    assert_eq!(r.info.name, "proc.aname");
    let r = resolve_field("proc.aname", None).unwrap();
    assert_eq!(r.arg, FieldArg::None);
    let r = resolve_field("proc.env", Some("HOME")).unwrap();
    assert_eq!(r.arg, FieldArg::Key("HOME".into()));
    let r = resolve_field("proc.env", Some("3")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(3));
    let r = resolve_field("container.mount.dest", Some("/proc*")).unwrap();
    assert_eq!(r.arg, FieldArg::Key("/proc*".into()));
    let r = resolve_field("container.mount.dest", Some("0")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(0));
    let r = resolve_field("container.mount.dest", Some("01")).unwrap();
    assert_eq!(r.arg, FieldArg::Key("01".into()));
    let r = resolve_field("container.mount", Some("12")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(12));
    let r = resolve_field("k8s.pod.label.app.kubernetes.io/name", None).unwrap();
    assert_eq!(r.info.name, "k8s.pod.label");
    assert_eq!(r.arg, FieldArg::Key("app.kubernetes.io/name".into()));
    let r = resolve_field("k8s.pod.label", Some("app")).unwrap();
    assert_eq!(r.arg, FieldArg::Key("app".into()));
    assert_eq!(
        resolve_field("k8s.pod.labels", None).unwrap().info.name,
        "k8s.pod.labels"
    );
    let r = resolve_field("thread.cgroup.cpuacct", None).unwrap();
    assert_eq!(r.arg, FieldArg::Key("cpuacct".into()));
    assert!(resolve_field("thread.cgroup.cpu.x", None)
        .unwrap_err()
        .is_unknown_field());
    let r = resolve_field("evt.abspath.dst", None).unwrap();
    assert_eq!(r.arg, FieldArg::Key("dst".into()));
    assert_eq!(
        resolve_field("evt.abspath", None).unwrap().arg,
        FieldArg::None
    );
    let r = resolve_field("evt.type.is.open", None).unwrap();
    let FieldArg::EventTypes(s) = &r.arg else {
        panic!()
    };
    assert_eq!(s.iter().collect::<Vec<_>>(), vec![2, 3]);
    let r = resolve_field("evt.type.is.5", None).unwrap();
    let FieldArg::EventTypes(s) = &r.arg else {
        panic!()
    };
    assert_eq!(s.iter().collect::<Vec<_>>(), vec![5]);
    let r = resolve_field("evt.type.is.9999", None).unwrap();
    let FieldArg::EventTypes(s) = &r.arg else {
        panic!()
    };
    assert!(s.is_empty() && PPM_EVENT_MAX < 9999);
    let r = resolve_field("evt.arg", Some("1")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(1));
    let r = resolve_field("fd.types", Some("1")).unwrap();
    assert_eq!(r.arg, FieldArg::Index(1));
    assert!(r.is_list());
    // a plugin field whose name starts like a built-in class
    let r = resolve_field("proc.is_container_healthcheck", None).unwrap();
    assert_eq!(r.info.class, FieldClass::Container);
}

#[test]
fn rawarg_typing() {
    let r = resolve_field("evt.rawarg.res", None).unwrap();
    assert_eq!(r.ftype, FieldType::Errno);
    assert_eq!(
        r.arg,
        FieldArg::Param {
            name: ParamName::Res,
            ptype: ParamType::Errno
        }
    );
    assert_eq!(
        resolve_field("evt.rawarg.uid", None).unwrap().ftype,
        FieldType::Uint32
    );
    assert_eq!(
        resolve_field("evt.rawarg.addr", None).unwrap().ftype,
        FieldType::SockAddr
    );
    // evt.arg keeps its string type
    let r = resolve_field("evt.arg.res", None).unwrap();
    assert_eq!(r.ftype, FieldType::CharBuf);
    assert_eq!(r.info.name, "evt.arg");
    assert_eq!(
        resolve_field("evt.arg.flags", None).unwrap().ftype,
        FieldType::CharBuf
    );
}

#[test]
fn docs_are_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/fields.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = falcoc_compiler::catalog::fields::doc::render_markdown();
    assert!(
        committed == fresh,
        "docs/fields.md is stale: run `cargo run -p xtask -- gen-fields-doc`"
    );
}

#[test]
fn printable() {
    assert!(resolve_field("proc.name", None)
        .unwrap()
        .check_printable()
        .is_ok());
    assert_eq!(
        resolve_field("fd.net", None)
            .unwrap()
            .check_printable()
            .unwrap_err(),
        "fd.net is filter only and cannot be used as a display field"
    );
}

#[test]
fn field_error_kinds() {
    let e = FieldError::NotFound { name: "x".into() };
    assert!(e.is_unknown_field());
}

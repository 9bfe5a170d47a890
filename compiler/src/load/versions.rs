//! `required_engine_version` and `required_plugin_versions` checks.

use crate::collect::Collected;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::rules_file::parse_semver;

/// The Falco rules engine version falcoc implements (that of Falco 0.44).
pub const ENGINE_VERSION: (u32, u32, u32) = (0, 62, 0);

/// Plugins whose fields falcoc provides itself, with the version it stands in for.
pub const BUILTIN_PLUGINS: &[(&str, (u32, u32, u32))] = &[("container", (0, 4, 0))];

fn fmt((a, b, c): (u32, u32, u32)) -> String {
    format!("{a}.{b}.{c}")
}

/// "Same major and at least": Falco's semver compatibility rule.
fn satisfies(have: (u32, u32, u32), need: (u32, u32, u32)) -> bool {
    have.0 == need.0 && (have.1, have.2) >= (need.1, need.2)
}

/// Checks every version requirement, reporting failures.
pub fn check_versions(col: &Collected, diags: &mut Vec<Diagnostic>) {
    for v in &col.engine_versions {
        if !satisfies(ENGINE_VERSION, v.version) {
            let h = &v.header;
            diags.push(
                Diagnostic::new(
                    Code::ErrValidate,
                    format!(
                        "Rules require engine version {}, but engine version is {}",
                        fmt(v.version),
                        fmt(ENGINE_VERSION)
                    ),
                )
                .with_primary(h.file, h.range.clone(), "")
                .with_locations(vec![
                    Location::new("rules content", "", h.file, 0),
                    Location::new("required_engine_version", "", h.file, h.offset),
                ]),
            );
        }
    }
    for req in &col.plugins {
        if let Err(msg) = check_plugin(&req.alternatives) {
            let h = &req.header;
            diags.push(
                Diagnostic::new(Code::ErrValidate, msg)
                    .with_primary(h.file, h.range.clone(), "")
                    .with_locations(vec![
                        Location::new("rules content", "", h.file, 0),
                        Location::new("required plugin versions", "", h.file, req.list_offset),
                        Location::new("required plugin versions entry", &h.name, h.file, h.offset),
                    ]),
            );
        }
    }
}

fn check_plugin(alternatives: &[(String, String)]) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut parsed = Vec::new();
    for (name, version) in alternatives {
        if seen.contains(&name.as_str()) {
            return Err(format!(
                "Defined multiple alternative version requirements for plugin '{name}'"
            ));
        }
        seen.push(name);
        let v = parse_semver(version)
            .ok_or_else(|| format!("Invalid required version '{version}' for plugin '{name}'"))?;
        parsed.push((name.as_str(), v));
    }
    let ok = parsed.iter().any(|(name, need)| {
        BUILTIN_PLUGINS
            .iter()
            .any(|(have_name, have)| have_name == name && satisfies(*have, *need))
    });
    if ok {
        return Ok(());
    }
    let wanted: Vec<String> = parsed
        .iter()
        .map(|(n, v)| format!("{n} (>= {})", fmt(*v)))
        .collect();
    Err(format!(
        "Plugin requirement not satisfied, must load one of: {}",
        wanted.join(", ")
    ))
}

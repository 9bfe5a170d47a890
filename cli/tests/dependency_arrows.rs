//! Keeps the dependency arrows of docs/ARCHITECTURE.md honest, from `cargo metadata`.

use std::collections::{HashMap, HashSet};
use std::process::Command;

/// Every package reachable from `root` through normal dependencies.
fn closure(deps: &HashMap<String, Vec<String>>, root: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack = vec![root.to_string()];
    while let Some(p) = stack.pop() {
        for d in deps.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                stack.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn dependency_arrows_point_one_way() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: HashMap<String, String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut deps: HashMap<String, Vec<String>> = HashMap::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let name = names[node["id"].as_str().unwrap()].clone();
        let normal: Vec<String> = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].is_null())
            })
            .map(|d| names[d["pkg"].as_str().unwrap()].clone())
            .collect();
        deps.insert(name, normal);
    }
    let forbidden = |root: &str, banned: &[&str]| {
        let reach = closure(&deps, root);
        for b in banned {
            assert!(
                !reach
                    .iter()
                    .any(|r| r == b || r.starts_with(&format!("{b}-"))),
                "{root} must not depend on {b}"
            );
        }
    };
    forbidden(
        "falcoc-lsp",
        &[
            "falcoc-runtime",
            "cranelift",
            "falcoc-codegen",
            "aya",
            "falcoc-probe",
        ],
    );
    forbidden(
        "falcoc-compiler",
        &["falcoc-runtime", "falcoc-probe", "aya", "cranelift"],
    );
    forbidden("falcoc-runtime", &["aya", "falcoc-probe"]);
    // The runtime (and so the JIT and the probe) gets the catalogue and the typed IR from
    // falcoc-catalog, never the YAML front end or the diagnostics renderer.
    forbidden(
        "falcoc-runtime",
        &["falcoc-compiler", "saphyr-parser", "codespan-reporting"],
    );
    forbidden(
        "falcoc-catalog",
        &[
            "falcoc-compiler",
            "falcoc-runtime",
            "saphyr-parser",
            "codespan-reporting",
        ],
    );
    // The lowered predicate IR, the value ABI and the operator semantics know nothing of
    // events, captures, state or the front end, so the JIT (codegen/) can build on them
    // without the runtime.
    forbidden(
        "falcoc-predicate",
        &[
            "falcoc-compiler",
            "falcoc-runtime",
            "saphyr-parser",
            "codespan-reporting",
            "aya",
            "cranelift",
        ],
    );
    // The JIT builds on the lowered IR and the catalogue only: never the LSP, the front
    // end or the runtime (the binary wires it into the engine).
    forbidden(
        "falcoc-codegen",
        &[
            "falcoc-lsp",
            "falcoc-compiler",
            "falcoc-runtime",
            "saphyr-parser",
            "codespan-reporting",
            "aya",
        ],
    );
    forbidden("falcoc-grammar", &["falcoc-compiler"]);
    // The probe knows neither the runtime nor the front end; aya is linked by it alone.
    forbidden(
        "falcoc-probe",
        &["falcoc-runtime", "falcoc-compiler", "falcoc-catalog"],
    );
    for (pkg, ds) in &deps {
        if ds.iter().any(|d| d == "aya") {
            assert_eq!(pkg, "falcoc-probe", "{pkg} links aya directly");
        }
    }
    // Only binaries wire the probe to the runtime.
    let has_bin: HashSet<String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["targets"].as_array().unwrap().iter().any(|t| {
                t["kind"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k == "bin" || k == "bench")
            })
        })
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    for (pkg, ds) in &deps {
        let wires =
            ds.iter().any(|d| d == "falcoc-probe") && ds.iter().any(|d| d == "falcoc-runtime");
        assert!(
            !wires || has_bin.contains(pkg),
            "{pkg} wires the probe to the runtime but is not a binary"
        );
    }
}

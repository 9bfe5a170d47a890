//! Which rules files a workspace loads, and in what order.
//!
//! Falco loads `rules_files` in order, so an `override` in a later file sees the definitions
//! of an earlier one. The order comes from, first found wins: the editor setting
//! `falcoc.rulesFiles`, a `.falcoc.toml` (`rules_files = [...]`) at the workspace root, or a
//! `falco.yaml` (`rules_files:`, or the older `rules_file:`) at the workspace root. Relative
//! entries are relative to the file that lists them (the workspace root for the setting); a
//! directory stands for its `.yaml`/`.yml` files in name order, as in Falco.

use saphyr_parser::{Event, Parser};
use std::path::{Path, PathBuf};

/// Where the rules file order came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    Setting,
    FalcocToml(PathBuf),
    FalcoYaml(PathBuf),
    /// Nothing found: every open document is loaded on its own.
    None,
}

/// The ordered rules files of a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceConfig {
    pub source: ConfigSource,
    pub rules_files: Vec<PathBuf>,
    /// Problems met while reading the configuration (missing files, bad syntax), for the log.
    pub problems: Vec<String>,
}

impl WorkspaceConfig {
    pub fn empty() -> Self {
        WorkspaceConfig {
            source: ConfigSource::None,
            rules_files: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// Finds the rules files of the workspace at `root`; `setting` is the editor's list, if any.
pub fn discover(root: Option<&Path>, setting: &[String]) -> WorkspaceConfig {
    let mut config = WorkspaceConfig::empty();
    let Some(root) = root else {
        return config;
    };
    let (source, entries, base) = if !setting.is_empty() {
        (ConfigSource::Setting, setting.to_vec(), root.to_path_buf())
    } else if let Some(found) = read_falcoc_toml(root, &mut config.problems) {
        found
    } else if let Some(found) = read_falco_yaml(root, &mut config.problems) {
        found
    } else {
        return config;
    };
    config.source = source;
    for entry in entries {
        expand_entry(&base.join(entry), &mut config);
    }
    config
}

fn expand_entry(path: &Path, config: &mut WorkspaceConfig) {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(dir) => dir
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_yaml(p))
                .collect(),
            Err(e) => {
                config
                    .problems
                    .push(format!("cannot read `{}`: {e}", path.display()));
                return;
            }
        };
        files.sort();
        config.rules_files.extend(files);
    } else if path.is_file() {
        config.rules_files.push(path.to_path_buf());
    } else {
        config
            .problems
            .push(format!("rules file `{}` does not exist", path.display()));
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml") | Some("yml")
    )
}

type Found = (ConfigSource, Vec<String>, PathBuf);

fn read_falcoc_toml(root: &Path, problems: &mut Vec<String>) -> Option<Found> {
    #[derive(serde::Deserialize)]
    struct FalcocToml {
        #[serde(default)]
        rules_files: Vec<String>,
    }
    let path = root.join(".falcoc.toml");
    let text = std::fs::read_to_string(&path).ok()?;
    match toml::from_str::<FalcocToml>(&text) {
        Ok(parsed) => Some((
            ConfigSource::FalcocToml(path),
            parsed.rules_files,
            root.to_path_buf(),
        )),
        Err(e) => {
            problems.push(format!(
                "cannot parse `{}`: {}",
                path.display(),
                e.message()
            ));
            None
        }
    }
}

fn read_falco_yaml(root: &Path, problems: &mut Vec<String>) -> Option<Found> {
    let path = root.join("falco.yaml");
    let text = std::fs::read_to_string(&path).ok()?;
    match falco_yaml_rules_files(&text) {
        Ok(Some(entries)) => Some((ConfigSource::FalcoYaml(path), entries, root.to_path_buf())),
        Ok(None) => None,
        Err(e) => {
            problems.push(format!("cannot parse `{}`: {e}", path.display()));
            None
        }
    }
}

/// The `rules_files` (or `rules_file`) entries of a `falco.yaml` text, `None` when absent.
pub fn falco_yaml_rules_files(text: &str) -> Result<Option<Vec<String>>, String> {
    let mut depth = 0usize;
    // At depth 1 in the top mapping, keys and values alternate.
    let mut expect_key = true;
    let mut wanted = false;
    let mut collecting: Option<Vec<String>> = None;
    let mut found: Option<Vec<String>> = None;
    for event in Parser::new_from_str(text) {
        let (event, _) = event.map_err(|e| e.to_string())?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 && !expect_key && wanted && matches!(event, Event::SequenceStart(..))
                {
                    collecting = Some(Vec::new());
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    if let Some(list) = collecting.take() {
                        found = Some(list);
                    }
                    wanted = false;
                    expect_key = true;
                }
            }
            Event::Scalar(value, ..) => {
                if depth == 1 {
                    if expect_key {
                        wanted = value == "rules_files" || value == "rules_file";
                        expect_key = false;
                    } else {
                        if wanted {
                            found = Some(vec![value.to_string()]);
                        }
                        wanted = false;
                        expect_key = true;
                    }
                } else if depth == 2 {
                    if let Some(list) = collecting.as_mut() {
                        list.push(value.to_string());
                    }
                }
            }
            Event::Alias(_) if depth == 1 => expect_key = !expect_key,
            _ => {}
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falco_yaml_list_and_single() {
        let text = "watch_config_files: true\nrules_files:\n  - /etc/falco/falco_rules.yaml\n  - rules.d\nload_plugins: [a, b]\n";
        assert_eq!(
            falco_yaml_rules_files(text).unwrap(),
            Some(vec!["/etc/falco/falco_rules.yaml".into(), "rules.d".into()])
        );
        assert_eq!(
            falco_yaml_rules_files("rules_file: x.yaml\n").unwrap(),
            Some(vec!["x.yaml".into()])
        );
        assert_eq!(
            falco_yaml_rules_files("other:\n  rules_files: [a]\n").unwrap(),
            None,
            "only the top level counts"
        );
        assert!(falco_yaml_rules_files("rules_files: [a\n").is_err());
    }

    #[test]
    fn discovery_order_and_directories() {
        let dir = std::env::temp_dir().join(format!("falcoc-lsp-config-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("rules.d")).unwrap();
        for name in [
            "base.yaml",
            "rules.d/b.yaml",
            "rules.d/a.yml",
            "rules.d/notes.txt",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        std::fs::write(
            dir.join("falco.yaml"),
            "rules_files:\n  - base.yaml\n  - rules.d\n  - missing.yaml\n",
        )
        .unwrap();
        let config = discover(Some(&dir), &[]);
        assert_eq!(
            config.source,
            ConfigSource::FalcoYaml(dir.join("falco.yaml"))
        );
        assert_eq!(
            config.rules_files,
            vec![
                dir.join("base.yaml"),
                dir.join("rules.d/a.yml"),
                dir.join("rules.d/b.yaml")
            ]
        );
        assert_eq!(config.problems.len(), 1, "{:?}", config.problems);

        std::fs::write(
            dir.join(".falcoc.toml"),
            "rules_files = [\"rules.d/b.yaml\"]\n",
        )
        .unwrap();
        let config = discover(Some(&dir), &[]);
        assert_eq!(config.rules_files, vec![dir.join("rules.d/b.yaml")]);

        let config = discover(Some(&dir), &["base.yaml".into()]);
        assert_eq!(config.source, ConfigSource::Setting);
        assert_eq!(config.rules_files, vec![dir.join("base.yaml")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

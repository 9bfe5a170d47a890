//! Falco's `-o key=value` configuration overrides, for the keys falcoc understands.

use falcoc_compiler::priority::Priority;

/// The Falco configuration keys that change what falcoc does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FalcoOptions {
    pub json_output: Option<bool>,
    /// `rule_matching: first|all`; `true` means `all`.
    pub match_all: Option<bool>,
    /// `priority`: the minimum rule priority loaded.
    pub min_priority: Option<Priority>,
    /// `engine.kind`.
    pub engine_kind: Option<String>,
    /// `engine.replay.capture_file`.
    pub capture_file: Option<String>,
    /// `engine.workers`: partition workers (`--cpus`).
    pub workers: Option<usize>,
    pub time_format_iso_8601: Option<bool>,
    pub json_include_output_property: Option<bool>,
    pub json_include_tags_property: Option<bool>,
    pub json_include_message_property: Option<bool>,
    pub json_include_output_fields_property: Option<bool>,
    /// Keys given but not understood (reported, then ignored, as Falco ignores unknown keys).
    pub ignored: Vec<String>,
}

/// Parses every `key=value`. A malformed option or value is a usage error.
pub fn parse_options(options: &[String]) -> Result<FalcoOptions, String> {
    let mut o = FalcoOptions::default();
    for opt in options {
        let (key, value) = opt
            .split_once('=')
            .ok_or_else(|| format!("option `{opt}` is not of the form key=value"))?;
        let (key, value) = (key.trim(), value.trim());
        let flag = || parse_bool(key, value);
        match key {
            "json_output" => o.json_output = Some(flag()?),
            "rule_matching" => {
                o.match_all = Some(match value {
                    "all" => true,
                    "first" => false,
                    _ => {
                        return Err(format!(
                            "rule_matching must be `first` or `all`, not `{value}`"
                        ))
                    }
                })
            }
            "priority" => {
                o.min_priority = Some(
                    Priority::parse(value).ok_or_else(|| format!("unknown priority `{value}`"))?,
                )
            }
            "engine.kind" => o.engine_kind = Some(value.to_string()),
            "engine.replay.capture_file" => o.capture_file = Some(value.to_string()),
            "engine.workers" => o.workers = Some(parse_workers(value)?),
            "time_format_iso_8601" => o.time_format_iso_8601 = Some(flag()?),
            "json_include_output_property" => o.json_include_output_property = Some(flag()?),
            "json_include_tags_property" => o.json_include_tags_property = Some(flag()?),
            "json_include_message_property" => o.json_include_message_property = Some(flag()?),
            "json_include_output_fields_property" => {
                o.json_include_output_fields_property = Some(flag()?)
            }
            _ => o.ignored.push(key.to_string()),
        }
    }
    Ok(o)
}

/// Warns about every `-o` key given that falcoc does not understand.
pub fn warn_ignored(o: &FalcoOptions) {
    for key in &o.ignored {
        eprintln!("falcoc: warning: ignoring unsupported option `{key}`");
    }
}

/// A worker count: a whole number from 1 to 1024.
pub fn parse_workers(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n @ 1..=1024) => Ok(n),
        _ => Err(format!(
            "engine.workers must be a number of workers from 1 to 1024, not `{value}`"
        )),
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "option `{key}` expects true or false, not `{value}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(list: &[&str]) -> Result<FalcoOptions, String> {
        parse_options(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn reads_falcos_spellings() {
        let o = opts(&[
            "engine.kind=replay",
            "engine.replay.capture_file=x.scap",
            "json_output=true",
            "rule_matching=all",
            "priority=warning",
        ])
        .unwrap();
        assert_eq!(o.engine_kind.as_deref(), Some("replay"));
        assert_eq!(o.capture_file.as_deref(), Some("x.scap"));
        assert_eq!(o.json_output, Some(true));
        assert_eq!(o.match_all, Some(true));
        assert_eq!(o.min_priority, Some(Priority::Warning));
    }

    #[test]
    fn rejects_malformed_options() {
        assert!(opts(&["json_output"]).is_err());
        assert!(opts(&["json_output=yes please"]).is_err());
        assert!(opts(&["rule_matching=some"]).is_err());
        assert!(opts(&["engine.workers=0"]).is_err());
        assert!(opts(&["engine.workers=two"]).is_err());
        assert_eq!(opts(&["engine.workers=3"]).unwrap().workers, Some(3));
        assert_eq!(
            opts(&["watch_config_files=false"]).unwrap().ignored,
            vec!["watch_config_files"]
        );
    }
}

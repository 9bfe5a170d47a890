//! Where the cursor is in a rules file, read from the raw lines so it works on the
//! half-written YAML an editor holds while typing: starting a new item, writing a key of an
//! item, or inside the value of a key (a condition, a priority…).
//!
//! Items are the top-level sequence entries (`- rule: …`); their keys sit at the column
//! just after `- `. A value runs from after `key:` through every following line indented
//! deeper than the key (plain multi-line scalars and `>`/`|` block scalars alike).

use std::ops::Range;

/// The kind of item the cursor is in, from the item's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Rule,
    Macro,
    List,
    Other,
}

/// What is being written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// A new top-level item (`- rule:`…); `replace` is the text typed so far.
    ItemStart { replace: Range<usize> },
    /// A key of an item; `present` are the keys it already has.
    Key {
        item: ItemKind,
        present: Vec<String>,
        replace: Range<usize>,
    },
    /// The value of `key`, which starts at byte `value_start`.
    Value {
        item: ItemKind,
        key: String,
        value_start: usize,
    },
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// `(key column, key, byte offset just after the colon)` when the line is `key:` at
    /// its indentation (after `- ` for item starts).
    fn key(&self) -> Option<(usize, &str, usize)> {
        let mut col = self.indent();
        let mut rest = &self.text[col..];
        if let Some(r) = rest.strip_prefix("- ") {
            let spaces = r.len() - r.trim_start_matches(' ').len();
            col += 2 + spaces;
            rest = &r[spaces..];
        }
        let end = rest.find(':')?;
        let key = &rest[..end];
        let after = rest[end + 1..].chars().next();
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && after.is_none_or(|c| c == ' ' || c == '\t');
        valid.then_some((col, key, self.start + col + end + 1))
    }

    fn is_item_start(&self, item_indent: usize) -> bool {
        self.indent() == item_indent && self.text[item_indent..].starts_with('-')
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in text.split('\n') {
        out.push(Line {
            start,
            text: l.strip_suffix('\r').unwrap_or(l),
        });
        start += l.len() + 1;
    }
    out
}

/// The indentation of top-level items: that of the first `- key:` line.
fn item_indent(lines: &[Line]) -> usize {
    lines
        .iter()
        .find(|l| l.text.trim_start().starts_with("- ") && l.key().is_some())
        .map_or(0, Line::indent)
}

/// What the cursor at byte `offset` of `text` is writing.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    let offset = offset.min(text.len());
    let lines = lines(text);
    let cur = lines.iter().rposition(|l| l.start <= offset)?;
    let line = &lines[cur];
    let col = offset - line.start;
    let before = line.text.get(..col)?;
    let indent = item_indent(&lines);
    let word_start = line.start + before.trim_end_matches(is_key_char).len();

    // A new item: nothing but `-` (and the start of a key) at the item column.
    let trimmed = before.trim_start_matches(' ');
    let lead = before.len() - trimmed.len();
    if lead <= indent
        && (trimmed.is_empty()
            || trimmed == "-"
            || trimmed.strip_prefix("- ").is_some_and(is_key_word))
        && line.text.get(col..).is_none_or(|rest| !rest.contains(':'))
    {
        return Some(Context::ItemStart {
            replace: line.start + lead..offset,
        });
    }

    let start = lines[..=cur]
        .iter()
        .rposition(|l| l.is_item_start(indent))?;
    let end = lines[cur + 1..]
        .iter()
        .position(|l| l.is_item_start(indent))
        .map_or(lines.len(), |i| cur + 1 + i);
    let item_lines = &lines[start..end];
    let key_col = item_lines.first()?.key().map_or(indent + 2, |(c, _, _)| c);
    let keys: Vec<(usize, &str, usize)> = item_lines
        .iter()
        .filter_map(|l| l.key())
        .filter(|(c, _, _)| *c == key_col)
        .collect();
    let kind = item_kind(keys.iter().map(|(_, k, _)| *k));

    // Writing a key: only a key-like word at the key column, no colon before the cursor.
    if lead == key_col && is_key_word(trimmed)
        || (cur != start && trimmed.is_empty() && lead <= key_col)
    {
        let present = keys
            .iter()
            .map(|(_, k, _)| k.to_string())
            .filter(|k| {
                // The key being typed does not count as present.
                line.key().is_none_or(|(_, cur_key, _)| cur_key != k)
            })
            .collect();
        return Some(Context::Key {
            item: kind,
            present,
            replace: word_start..offset,
        });
    }

    // In a value: the nearest key line at the key column at or above the cursor.
    let owner = lines[start..=cur]
        .iter()
        .rev()
        .find_map(|l| l.key().filter(|(c, _, _)| *c == key_col))?;
    let (_, key, after_colon) = owner;
    if offset < after_colon {
        return None;
    }
    let mut value_start = after_colon;
    let rest = &text[after_colon..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    value_start += spaces;
    let head = text[value_start..].split('\n').next().unwrap_or("");
    if head.starts_with(['>', '|']) {
        value_start += head.len() + 1;
    }
    Some(Context::Value {
        item: kind,
        key: key.to_string(),
        value_start: value_start.min(offset),
    })
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_key_word(s: &str) -> bool {
    s.chars().all(is_key_char)
}

fn item_kind<'a>(mut keys: impl Iterator<Item = &'a str>) -> ItemKind {
    keys.find_map(|k| match k {
        "rule" => Some(ItemKind::Rule),
        "macro" => Some(ItemKind::Macro),
        "list" => Some(ItemKind::List),
        "required_engine_version" | "required_plugin_versions" => Some(ItemKind::Other),
        _ => None,
    })
    .unwrap_or(ItemKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `|` marks the cursor.
    fn check(marked: &str) -> Option<Context> {
        let offset = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        context(&text, offset)
    }

    #[test]
    fn new_items_and_keys() {
        assert_eq!(
            check("- list: a\n  items: []\n|"),
            Some(Context::ItemStart { replace: 22..22 })
        );
        assert_eq!(
            check("- list: a\n  items: []\n- ru|"),
            Some(Context::ItemStart { replace: 22..26 })
        );
        let ctx = check("- rule: r\n  desc: d\n  con|\n  output: o\n");
        assert_eq!(
            ctx,
            Some(Context::Key {
                item: ItemKind::Rule,
                present: vec!["rule".into(), "desc".into(), "output".into()],
                replace: 22..25,
            })
        );
    }

    #[test]
    fn values_plain_and_block() {
        let text = "- macro: m\n  condition: proc.|\n";
        let Some(Context::Value {
            item,
            key,
            value_start,
        }) = check(text)
        else {
            panic!("{:?}", check(text));
        };
        assert_eq!(
            (item, key.as_str(), value_start),
            (ItemKind::Macro, "condition", 24)
        );
        let text = "- rule: r\n  condition: >\n    spawned_process and\n    proc.|\n  output: x\n";
        let Some(Context::Value {
            key, value_start, ..
        }) = check(text)
        else {
            panic!();
        };
        assert_eq!(key, "condition");
        assert_eq!(value_start, "- rule: r\n  condition: >\n".len());
        let text = "- rule: r\n  priority: WAR|";
        assert!(matches!(check(text), Some(Context::Value { key, .. }) if key == "priority"));
    }

    #[test]
    fn nested_sequences_stay_in_their_item() {
        let text = "- rule: r\n  exceptions:\n    - name: a\n      fields: [proc.name]\n  pri|";
        assert!(matches!(
            check(text),
            Some(Context::Key {
                item: ItemKind::Rule,
                ..
            })
        ));
    }
}

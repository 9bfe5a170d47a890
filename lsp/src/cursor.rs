//! Where the cursor is in a rules file, taken from the front end's own YAML tree.
//!
//! The text an editor holds while typing is often not valid YAML (`  con` with no colon
//! yet, `items: [a, b` not closed). So a placeholder word is put at the cursor and the text
//! re-parsed by the reader's parser ([`parse_partial`], which keeps the tree built before
//! the first error); the first insertion whose placeholder lands in a scalar of the tree
//! says what is being written there: a new item, a key of an item (or of an exception or
//! an `override`), or a value. Item kinds and keys are the reader's ([`item_kind`]).

use falcoc_compiler::limits::Limits;
use falcoc_compiler::rules_file::item_kind;
pub use falcoc_compiler::rules_file::ItemKind;
use falcoc_compiler::source::SourceFile;
use falcoc_compiler::yaml::{parse_partial, Node, NodeKind, ScalarStyle};
use std::ops::Range;

/// The mapping the cursor's key or value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The item itself (`- rule: …` and its keys).
    Item,
    /// An entry of a rule's `exceptions`.
    Exception,
    /// The item's `override` mapping.
    Override,
}

/// What is being written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// A new top-level item (`- rule:`…); `replace` is the text typed so far.
    ItemStart { replace: Range<usize> },
    /// A key of `place`; `present` are the keys it already has.
    Key {
        item: ItemKind,
        place: Place,
        present: Vec<String>,
        replace: Range<usize>,
    },
    /// The value of `key` of `place` (or the entry of its sequence the cursor is in), whose
    /// text starts at byte `value_start`.
    Value {
        item: ItemKind,
        place: Place,
        key: String,
        value_start: usize,
    },
}

/// The word put at the cursor; a digit is added while the text already holds it.
const PLACEHOLDER: &str = "falcocCursor";

/// What is put around the placeholder at the cursor, in the order tried: nothing (inside a
/// word or a value), a space after a `key:` just typed, a colon (a key being typed on its
/// own line), a dash (a new item on an empty line).
fn insertions(before_cursor: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let after_colon = before_cursor.ends_with(':');
    [("", ""), (" ", ""), ("", ":"), ("- ", "")]
        .into_iter()
        .filter(move |(before, _)| after_colon || *before != " ")
}

/// What the cursor at byte `offset` of `text` is writing.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let word = placeholder_for(text);
    insertions(&text[..offset]).find_map(|(before, after)| {
        let patched = format!(
            "{}{before}{word}{after}{}",
            &text[..offset],
            &text[offset..]
        );
        let at = offset + before.len();
        let docs = parse_partial(&SourceFile::new("", patched), &Limits::default()).docs;
        let path = docs
            .iter()
            .find_map(|d| path_to(d, at..at + word.len(), &word))?;
        interpret(text, offset, &path)
    })
}

fn placeholder_for(text: &str) -> String {
    let mut word = PLACEHOLDER.to_string();
    while text.contains(&word) {
        word.push('0');
    }
    word
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One step down the tree towards the placeholder.
#[derive(Clone, Copy, Debug)]
enum Step<'n> {
    /// The `index`th entry of a sequence.
    Entry(usize),
    /// The key of a mapping's pair.
    Key(&'n Node),
    /// The value under a key.
    Value(&'n Node),
}

/// The nodes from `node` down to the scalar holding the placeholder (`word` at `range`),
/// each with the step taken into it.
fn path_to<'n>(
    node: &'n Node,
    range: Range<usize>,
    word: &str,
) -> Option<Vec<(&'n Node, Step<'n>)>> {
    let covers = |n: &Node| n.range.start <= range.start && range.end <= n.range.end;
    match &node.kind {
        NodeKind::Scalar(value, _) => (covers(node) && value.contains(word)).then(Vec::new),
        NodeKind::Null => None,
        NodeKind::Seq(entries) => entries.iter().enumerate().find_map(|(i, e)| {
            let mut path = path_to(e, range.clone(), word)?;
            path.insert(0, (node, Step::Entry(i)));
            Some(path)
        }),
        NodeKind::Map(pairs) => pairs.iter().find_map(|(k, v)| {
            if let Some(mut path) = path_to(k, range.clone(), word) {
                path.insert(0, (node, Step::Key(k)));
                return Some(path);
            }
            let mut path = path_to(v, range.clone(), word)?;
            path.insert(0, (node, Step::Value(k)));
            Some(path)
        }),
    }
}

/// The scalar the path ends in.
fn leaf<'n>(path: &[(&'n Node, Step<'n>)]) -> Option<&'n Node> {
    let (parent, step) = path.last()?;
    match (step, &parent.kind) {
        (Step::Entry(i), NodeKind::Seq(entries)) => entries.get(*i),
        (Step::Key(k), _) => Some(k),
        (Step::Value(k), NodeKind::Map(pairs)) => pairs
            .iter()
            .find(|(key, _)| std::ptr::eq(key, *k))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The context a path to the placeholder describes (in the original text's offsets: the
/// path's nodes all start before the cursor).
fn interpret(text: &str, offset: usize, path: &[(&Node, Step)]) -> Option<Context> {
    let scalar = leaf(path)?;
    let start = text_start(scalar).min(offset);
    match path {
        // A scalar document, or a scalar entry of the item sequence: an item being started.
        [] | [(_, Step::Entry(_))] => Some(Context::ItemStart {
            replace: dash_before(text, start)..offset,
        }),
        [(_, Step::Entry(_)), (map, step), rest @ ..] => {
            let item = item_kind(map);
            within_item(item, map, *step, rest, start, offset)
        }
        _ => None,
    }
}

/// The context inside item `map` of kind `item`, entered by `step`, then `rest`.
fn within_item(
    item: ItemKind,
    map: &Node,
    step: Step,
    rest: &[(&Node, Step)],
    start: usize,
    offset: usize,
) -> Option<Context> {
    let key_name = |k: &Node| k.as_scalar().unwrap_or("").to_string();
    let value = |place, key: &Node| Context::Value {
        item,
        place,
        key: key_name(key),
        value_start: start,
    };
    match step {
        Step::Key(k) if rest.is_empty() => Some(key(item, Place::Item, map, k, start, offset)),
        Step::Value(k) => match (k.as_scalar().unwrap_or(""), rest) {
            (_, []) => Some(value(Place::Item, k)),
            ("override", [(inner, Step::Key(ik))]) => {
                Some(key(item, Place::Override, inner, ik, start, offset))
            }
            ("override", [(_, Step::Value(ik)), ..]) => Some(value(Place::Override, ik)),
            // `- na…` under `exceptions:`: the first key of a new entry.
            ("exceptions", [(_, Step::Entry(_))]) => Some(Context::Key {
                item,
                place: Place::Exception,
                present: Vec::new(),
                replace: start..offset,
            }),
            ("exceptions", [(_, Step::Entry(_)), (entry, Step::Key(ek))]) => {
                Some(key(item, Place::Exception, entry, ek, start, offset))
            }
            ("exceptions", [(_, Step::Entry(_)), (_, Step::Value(ek)), ..]) => {
                Some(value(Place::Exception, ek))
            }
            // An entry of a sequence value (`items: [a, b`, `tags: [...]`), at any depth.
            (_, [(_, Step::Entry(_)), ..]) => Some(value(Place::Item, k)),
            _ => None,
        },
        _ => None,
    }
}

/// A key being typed (`typed`) in `map`: the other keys there are present.
fn key(
    item: ItemKind,
    place: Place,
    map: &Node,
    typed: &Node,
    start: usize,
    offset: usize,
) -> Context {
    let present = map
        .as_map()
        .unwrap_or(&[])
        .iter()
        .filter(|(k, _)| !std::ptr::eq(k, typed))
        .filter_map(|(k, _)| k.as_scalar().map(str::to_string))
        .collect();
    Context::Key {
        item,
        place,
        present,
        replace: start..offset,
    }
}

/// Where a new item's text starts: at its `- ` when the entry's first word follows one.
fn dash_before(text: &str, start: usize) -> usize {
    let before = text[..start].trim_end_matches(' ');
    if before.ends_with('-') {
        before.len() - 1
    } else {
        start
    }
}

/// The first byte of a scalar's text: after its opening quote when quoted.
pub fn text_start(node: &Node) -> usize {
    match node.kind {
        NodeKind::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) => {
            node.range.start + 1
        }
        _ => node.range.start,
    }
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
        assert_eq!(check("|"), Some(Context::ItemStart { replace: 0..0 }));
        let ctx = check("- rule: r\n  desc: d\n  con|\n  output: o\n");
        assert_eq!(
            ctx,
            Some(Context::Key {
                item: ItemKind::Rule,
                place: Place::Item,
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
            ..
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
        let block = "- rule: r\n  condition: >\n".len();
        assert!((block..block + 5).contains(&value_start), "{value_start}");
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
                place: Place::Item,
                ..
            })
        ));
    }

    #[test]
    fn unclosed_flow_sequences_and_exceptions() {
        let text = "- list: l\n  items: [a, b|\n- macro: m\n  condition: x\n";
        assert_eq!(
            check(text),
            Some(Context::Value {
                item: ItemKind::List,
                place: Place::Item,
                key: "items".into(),
                value_start: text.find("b|").unwrap(),
            })
        );
        let text = "- rule: r\n  exceptions:\n    - name: a\n      fi|\n";
        assert_eq!(
            check(text),
            Some(Context::Key {
                item: ItemKind::Rule,
                place: Place::Exception,
                present: vec!["name".into()],
                replace: text.find("fi|").unwrap()..text.find('|').unwrap(),
            })
        );
        let text = "- rule: r\n  exceptions:\n    - name: a\n      fields: [proc.name, fd.|";
        assert!(matches!(
            check(text),
            Some(Context::Value { place: Place::Exception, key, .. }) if key == "fields"
        ));
    }

    #[test]
    fn a_colon_just_typed_and_an_empty_key_line() {
        assert!(matches!(
            check("- rule: r\n  priority:|"),
            Some(Context::Value { key, .. }) if key == "priority"
        ));
        assert!(matches!(
            check("- rule: r\n  |\n- rule: s\n"),
            Some(Context::Key { present, .. }) if present == ["rule"]
        ));
    }

    #[test]
    fn comments_have_no_context() {
        assert_eq!(check("- list: a # a comm|\n  items: []\n"), None);
    }
}

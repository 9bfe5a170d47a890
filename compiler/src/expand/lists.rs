//! List expansion, as Falco does it: by text substitution before parsing.
//!
//! Each list is first flattened one level (items naming an earlier list take its items),
//! then every delimited occurrence of a list name in a condition is replaced by its items
//! joined with `, ` (items with spaces are quoted). The quirks are deliberate: names match
//! inside quoted strings too, surrounding blanks are absorbed, and an empty list also
//! removes one neighbouring comma.
//!
//! Substituted items keep the position of the list item they came from, so an error in a
//! value (`abc is not a valid number`) points at that item in the list; the glue between
//! items (`, `, quotes, blanks) points at the list reference.

use super::mapped_text::MappedText;
use crate::collect::Collected;
use crate::source::Sources;
use falcoc_grammar::words::{is_list_name_delimiter, LIST_BLANKS as BLANKS};
use falcoc_grammar::Span;

/// A list ready for substitution.
#[derive(Clone, Debug)]
pub struct CompiledList {
    pub name: String,
    /// Each item's text, mapped to where it was written.
    pub items: Vec<MappedText>,
}

impl CompiledList {
    /// Each item's text.
    pub fn item_texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|m| m.text.as_str())
    }
}

/// Flattens lists one level, in definition order, and reports which lists were used by
/// other lists.
pub fn compile_lists(sources: &Sources, col: &Collected) -> (Vec<CompiledList>, Vec<bool>) {
    let mut used = vec![false; col.lists.len()];
    let mut out = Vec::with_capacity(col.lists.len());
    for list in &col.lists {
        let mut texts = Vec::new();
        for item in &list.items {
            match col.lists.iter().position(|l| l.header.name == item.value) {
                Some(r) if col.lists[r].index < list.visibility => {
                    used[r] = true;
                    texts.extend(col.lists[r].items.iter());
                }
                _ => texts.push(item),
            }
        }
        out.push(CompiledList {
            name: list.header.name.clone(),
            items: texts
                .iter()
                .map(|t| {
                    let mut m = MappedText::new();
                    m.push_text(sources, t);
                    m
                })
                .collect(),
        });
    }
    (out, used)
}

/// Falco's `quote_item`: wraps an item containing a space in double quotes.
pub fn quote_item(item: &str) -> String {
    if item.contains(' ') && !item.starts_with('"') && !item.starts_with('\'') {
        format!("\"{item}\"")
    } else {
        item.to_string()
    }
}

/// Which lists were substituted, and where each occurrence was (global spans).
#[derive(Clone, Debug, Default)]
pub struct ListUsage {
    pub used: Vec<bool>,
    pub occurrences: Vec<(usize, Span)>,
}

impl ListUsage {
    pub fn new(lists: usize) -> Self {
        ListUsage {
            used: vec![false; lists],
            occurrences: Vec::new(),
        }
    }
}

/// Substitutes every list into `cond`, recording each use.
pub fn substitute_lists(
    cond: &MappedText,
    lists: &[CompiledList],
    usage: &mut ListUsage,
) -> MappedText {
    substitute_some(cond, lists, None, usage, &mut Vec::new())
}

/// [`substitute_lists`] trying only the lists `candidates` names (in list order), when
/// given: a text's earlier substitution said which lists it holds. Appends the lists
/// substituted to `substituted`.
pub fn substitute_some(
    cond: &MappedText,
    lists: &[CompiledList],
    candidates: Option<&[usize]>,
    usage: &mut ListUsage,
    substituted: &mut Vec<usize>,
) -> MappedText {
    let mut text = cond.clone();
    let mut pairs = candidates
        .is_none()
        .then(|| BytePairs::of(text.text.as_bytes()));
    let all: Vec<usize>;
    let order = match candidates {
        Some(c) => c,
        None => {
            all = (0..lists.len()).collect();
            &all
        }
    };
    for &i in order {
        let Some(list) = lists.get(i) else { continue };
        let excluded = pairs
            .as_ref()
            .is_some_and(|p| !p.may_contain(list.name.as_bytes()));
        if list.name.is_empty() || excluded {
            continue;
        }
        let before = usage.occurrences.len();
        if let Some(next) = substitute_one(&text, list, &mut usage.occurrences) {
            text = next;
            if pairs.is_some() {
                pairs = Some(BytePairs::of(text.text.as_bytes()));
            }
            substituted.push(i);
            if let Some(u) = usage.used.get_mut(i) {
                *u = true;
            }
            for occ in &mut usage.occurrences[before..] {
                occ.0 = i;
            }
        }
    }
    text
}

/// The pairs of adjacent bytes a text contains: a name with a pair the text lacks cannot
/// occur in it, which rules out most (list, condition) pairs without a search.
struct BytePairs(Box<[u64; 1024]>);

impl BytePairs {
    fn of(text: &[u8]) -> BytePairs {
        let mut bits = Box::new([0u64; 1024]);
        for w in text.windows(2) {
            let pair = usize::from(w[0]) << 8 | usize::from(w[1]);
            bits[pair >> 6] |= 1 << (pair & 63);
        }
        BytePairs(bits)
    }

    fn may_contain(&self, name: &[u8]) -> bool {
        name.windows(2).all(|w| {
            let pair = usize::from(w[0]) << 8 | usize::from(w[1]);
            self.0[pair >> 6] & (1 << (pair & 63)) != 0
        })
    }
}

/// Replaces the occurrences of one list; `None` when the name does not occur.
fn substitute_one(
    cond: &MappedText,
    list: &CompiledList,
    occurrences: &mut Vec<(usize, Span)>,
) -> Option<MappedText> {
    let name = list.name.as_bytes();
    find_from(cond.text.as_bytes(), name, 0)?;
    let mut cur = cond.clone();
    let mut search_from = 0usize;
    let mut used = false;
    while let Some(found) = find_from(cur.text.as_bytes(), name, search_from) {
        let bytes = cur.text.as_bytes();
        let mut start = found;
        let mut end = found + name.len();
        let delimited = (start == 0 || is_list_name_delimiter(bytes[start - 1]))
            && (end >= bytes.len() || is_list_name_delimiter(bytes[end]));
        if !delimited {
            search_from = found + 1;
            continue;
        }
        let anchor = cur.span_of(found..found + name.len());
        occurrences.push((0, anchor));
        while start > 0 && BLANKS.contains(&bytes[start - 1]) {
            start -= 1;
        }
        while end < bytes.len() && BLANKS.contains(&bytes[end]) {
            end += 1;
        }
        let sub = joined_items(list, anchor);
        if sub.is_empty() {
            if start > 0 && bytes[start - 1] == b',' {
                start -= 1;
            } else if end < bytes.len() && bytes[end] == b',' {
                end += 1;
            }
        }
        cur = splice(&cur, start, end, &sub, anchor);
        used = true;
        // Falco resumes its search two bytes past where the substitution began plus its length.
        search_from = start + sub.len() + 2;
    }
    used.then_some(cur)
}

/// The items joined with `, ` (each through `quote_item`): item text maps to the item,
/// the glue to the reference.
fn joined_items(list: &CompiledList, anchor: Span) -> MappedText {
    let mut out = MappedText::new();
    for (k, item) in list.items.iter().enumerate() {
        if k > 0 {
            out.push_generated(", ", anchor);
        }
        let quoted = quote_item(&item.text) != item.text;
        if quoted {
            out.push_generated("\"", anchor);
        }
        out.push_slice(item, 0..item.len());
        if quoted {
            out.push_generated("\"", anchor);
        }
    }
    out
}

/// `prefix + " " + sub + " " + suffix`, as Falco composes the new condition.
fn splice(
    cur: &MappedText,
    start: usize,
    end: usize,
    sub: &MappedText,
    anchor: Span,
) -> MappedText {
    let mut out = MappedText::new();
    if start > 0 {
        out.push_slice(cur, 0..start);
        out.push_generated(" ", anchor);
    }
    out.push_slice(sub, 0..sub.len());
    out.push_generated(" ", anchor);
    out.push_slice(cur, end.min(cur.len())..cur.len());
    out
}

/// The first occurrence of `needle` in `hay` at or after `from`. Names are short and most
/// conditions do not contain most lists, so a scan for the first byte beats building a
/// substring searcher for every (list, condition) pair.
fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while let Some(p) = memchr::memchr(first, hay.get(at..)?) {
        let found = at + p;
        if hay[found..].starts_with(needle) {
            return Some(found);
        }
        at = found + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(cond: &str, lists: &[(&str, &[&str])]) -> String {
        let mut t = MappedText::new();
        t.push_generated(cond, Span::new(0, 1));
        let lists: Vec<CompiledList> = lists
            .iter()
            .map(|(n, items)| CompiledList {
                name: n.to_string(),
                items: items
                    .iter()
                    .map(|s| {
                        let mut m = MappedText::new();
                        m.push_generated(s, Span::new(0, 1));
                        m
                    })
                    .collect(),
            })
            .collect();
        let mut usage = ListUsage::new(lists.len());
        substitute_lists(&t, &lists, &mut usage).text
    }

    #[test]
    fn substitutes_like_falco() {
        assert_eq!(
            sub(
                "proc.name in (shell_binaries, sudo)",
                &[("shell_binaries", &["bash", "sh", "zsh"])]
            ),
            "proc.name in ( bash, sh, zsh , sudo)"
        );
    }

    #[test]
    fn empty_list_removes_a_comma() {
        assert_eq!(sub("x in (a, empty)", &[("empty", &[])]), "x in (a  )");
        assert_eq!(sub("x in (empty, a)", &[("empty", &[])]), "x in (   a)");
    }

    #[test]
    fn quotes_items_with_spaces() {
        assert_eq!(
            sub("x in (l)", &[("l", &["a b", "c"])]),
            "x in ( \"a b\", c )"
        );
    }

    #[test]
    fn only_delimited_occurrences() {
        assert_eq!(sub("x in (ab, b)", &[("b", &["z"])]), "x in (ab, z )");
    }
}

//! `pmatch`: path-prefix matching by components (§1.4, libsinsp `prefix_search`).
//!
//! Paths are split on `/` with empty components dropped. A path matches when the components
//! of some search path are a prefix of its components; a search-path component containing
//! `?`, `*` or `[` is matched with `fnmatch` (flags 0), any other by equality. So `/opt/dir`
//! matches `/opt/dir` and `/opt/dir/sub/file` but not `/opt/di` or `/opt`, and `/` matches
//! every path.
//!
//! The search paths are kept in a trie as libsinsp does; a shorter search path replaces the
//! longer ones below it. libsinsp's glob walk advances its component iterator once per glob
//! tried at a level, which can miss a match when two glob components at the same level both
//! match; that iteration-order accident is not reproduced here.

use super::glob::glob_match;
use std::collections::HashMap;

/// A compiled set of search paths.
#[derive(Clone, Debug, Default)]
pub struct PathPrefixSet {
    root: Node,
}

#[derive(Clone, Debug, Default)]
struct Node {
    /// A search path ends here: everything below matches.
    terminal: bool,
    exact: HashMap<Vec<u8>, Node>,
    globs: Vec<(Vec<u8>, Node)>,
}

fn components(path: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    path.split(|b| *b == b'/').filter(|c| !c.is_empty())
}

fn is_glob(component: &[u8]) -> bool {
    component.iter().any(|b| matches!(b, b'?' | b'*' | b'['))
}

impl PathPrefixSet {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a [u8]>) -> PathPrefixSet {
        let mut set = PathPrefixSet::default();
        for p in paths {
            set.add(p);
        }
        set
    }

    /// Adds a search path.
    pub fn add(&mut self, path: &[u8]) {
        let mut node = &mut self.root;
        for comp in components(path) {
            if node.terminal {
                return;
            }
            node = if is_glob(comp) {
                let pos = node.globs.iter().position(|(g, _)| g.as_slice() == comp);
                let idx = match pos {
                    Some(i) => i,
                    None => {
                        node.globs.push((comp.to_vec(), Node::default()));
                        node.globs.len() - 1
                    }
                };
                match node.globs.get_mut(idx) {
                    Some((_, n)) => n,
                    None => return,
                }
            } else {
                node.exact.entry(comp.to_vec()).or_default()
            };
        }
        *node = Node {
            terminal: true,
            ..Node::default()
        };
    }

    /// Whether some search path is a component prefix of `path`.
    pub fn matches(&self, path: &[u8]) -> bool {
        matches_from(&self.root, components(path))
    }
}

fn matches_from<'p>(node: &Node, mut comps: impl Iterator<Item = &'p [u8]> + Clone) -> bool {
    if node.terminal {
        return true;
    }
    let Some(first) = comps.next() else {
        return false;
    };
    if let Some(child) = node.exact.get(first) {
        if matches_from(child, comps.clone()) {
            return true;
        }
    }
    node.globs
        .iter()
        .any(|(g, child)| glob_match(g, first, false) && matches_from(child, comps.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(search: &[&str], path: &str, expect: bool) {
        let set = PathPrefixSet::new(search.iter().map(|s| s.as_bytes()));
        assert_eq!(
            set.matches(path.as_bytes()),
            expect,
            "{path} pmatch {search:?}"
        );
    }

    #[test]
    fn spec_examples() {
        check(&["/opt/dir"], "/opt/dir/subdir/file", true);
        check(&["/opt/dir"], "/opt/dir", true);
        check(&["/opt/di"], "/opt/dir/subdir/file", false);
        check(&["/opt/*/subdir"], "/opt/dir/subdir/file", true);
        check(&["/opt/*/subdir"], "/opt/dir/other/file", false);
    }

    #[test]
    fn prefix_search_examples() {
        let s = ["/var/run", "/etc", "/lib", "/usr/lib"];
        check(&s, "/var/run/docker", true);
        check(&s, "/boot", false);
        check(&s, "/var/lib/messages", false);
        check(&s, "/var", false);
        check(&s, "/usr/lib/x", true);
        check(&s, "/usr", false);
    }

    #[test]
    fn shapes() {
        check(&["/"], "/anything/at/all", true);
        check(&["/"], "", true);
        check(&["/usr", "/usr/lib"], "/usr/share", true);
        check(&["/usr/lib", "/usr"], "/usr/share", true);
        check(&["//usr///lib/"], "/usr/lib/a", true);
        check(&["usr/lib"], "/usr/lib/a", true);
        check(&["/a/x*/foo", "/a/*/bar"], "/a/xy/bar", true);
        check(&["/a/b?"], "/a/bc/d", true);
        check(&["/a/[bc]"], "/a/d", false);
        check(&[], "/a", false);
    }
}

//! Lexical path handling as libsinsp does it: joining a relative path to a directory and
//! resolving `.`, `..` and repeated slashes without touching the filesystem.

/// `path` made absolute against `dir` (used only when `path` is relative) and normalised.
/// An empty `path` gives `dir` normalised.
pub fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        return normalize(path);
    }
    let mut s = String::with_capacity(dir.len() + path.len() + 1);
    s.push_str(dir);
    if !s.ends_with('/') && !path.is_empty() {
        s.push('/');
    }
    s.push_str(path);
    if is_normal_absolute(&s) {
        s
    } else {
        resolve(&s)
    }
}

/// Resolves `.`, `..` and `//` lexically. Relative inputs stay relative; `..` never climbs
/// above the root.
pub fn normalize(path: &str) -> String {
    if is_normal_absolute(path) {
        return path.to_string();
    }
    resolve(path)
}

/// Whether `path` is absolute and already normal (most paths events carry): no empty, `.`
/// or `..` component, no trailing `/` but for `/` itself. [`resolve`] would return it as
/// it is.
fn is_normal_absolute(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    rest.is_empty()
        || rest
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// [`normalize`] component by component.
fn resolve(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for (i, part) in parts.iter().enumerate() {
        if absolute || i > 0 {
            out.push('/');
        }
        out.push_str(part);
    }
    if absolute && out.is_empty() {
        out.push('/');
    }
    out
}

/// A directory name with exactly one trailing `/` (how libsinsp stores cwd).
pub fn with_trailing_slash(dir: &str) -> String {
    if dir.ends_with('/') {
        dir.to_string()
    } else {
        format!("{dir}/")
    }
}

/// `(directory, filename)` split at the last `/`, as `fd.directory`/`fd.filename` show
/// them: the directory of `/etc/passwd` is `/etc`, of `/x` it is `/`.
pub fn split(name: &str) -> (&str, &str) {
    match name.rfind('/') {
        Some(0) => ("/", name.get(1..).unwrap_or("")),
        Some(i) => (name.get(..i).unwrap_or(""), name.get(i + 1..).unwrap_or("")),
        None => ("", name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join("/var/www/", "../x/./y//z"), "/var/x/y/z");
        assert_eq!(join("/", "etc/passwd"), "/etc/passwd");
        assert_eq!(join("/a/b", "/c/../d"), "/d");
        assert_eq!(normalize("/../.."), "/");
        assert_eq!(join("/tmp/", ""), "/tmp");
        assert_eq!(with_trailing_slash("/root"), "/root/");
    }

    #[test]
    fn a_normal_path_is_kept_as_resolving_it_would_give_it() {
        let cases = [
            "/",
            "//",
            "/etc/passwd",
            "/etc/",
            "/etc//passwd",
            "/a/./b",
            "/a/../b",
            "/a/.",
            "/a/..",
            "/..",
            "/.hidden/..x/x..",
            "/a/b/c",
            "rel/x",
            "",
            ".",
            "a/../..",
        ];
        for c in cases {
            if is_normal_absolute(c) {
                assert_eq!(resolve(c), c, "{c:?}");
            }
            assert_eq!(normalize(c), resolve(c), "{c:?}");
        }
        assert!(is_normal_absolute("/.hidden/..x/x.."));
        assert!(!is_normal_absolute("/etc/"));
        assert_eq!(resolve("a/../.."), "..");
        assert_eq!(resolve("/a/b/../c"), "/a/c");
        assert_eq!(resolve(""), "");
    }

    #[test]
    fn splits() {
        assert_eq!(split("/etc/passwd"), ("/etc", "passwd"));
        assert_eq!(split("/x"), ("/", "x"));
        assert_eq!(split("rel"), ("", "rel"));
    }
}

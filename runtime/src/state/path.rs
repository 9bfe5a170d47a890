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
    normalize(&s)
}

/// Resolves `.`, `..` and `//` lexically. Relative inputs stay relative; `..` never climbs
/// above the root.
pub fn normalize(path: &str) -> String {
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
    let body = parts.join("/");
    if absolute {
        format!("/{body}")
    } else {
        body
    }
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
    fn splits() {
        assert_eq!(split("/etc/passwd"), ("/etc", "passwd"));
        assert_eq!(split("/x"), ("/", "x"));
        assert_eq!(split("rel"), ("", "rel"));
    }
}

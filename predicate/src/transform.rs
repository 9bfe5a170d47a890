//! Transformers (§1.8) on extracted values: `tolower`, `toupper`, `b64`, `basename`, `len`,
//! `join`, `concat`, `getopt`. A transformer of a value that cannot be extracted cannot be
//! extracted either (errata W3: `len` of a missing value makes the check false, not 0).

use crate::base64;
use falcoc_catalog::value::TypedValue as FieldValue;

/// Applies a string-to-string function to a value or to every element of a list.
/// `None` when the function refuses some element or the value is not a string.
pub fn map_strings(
    v: FieldValue,
    f: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
    keep_bytes: bool,
) -> Option<FieldValue> {
    match v {
        FieldValue::Str(s) => {
            let out = f(s.as_bytes())?;
            Some(FieldValue::Str(String::from_utf8_lossy(&out).into_owned()))
        }
        FieldValue::Bytes(b) if keep_bytes => f(&b).map(FieldValue::Bytes),
        FieldValue::List(items) => items
            .into_iter()
            .map(|i| map_strings(i, f, keep_bytes))
            .collect::<Option<Vec<_>>>()
            .map(FieldValue::List),
        _ => None,
    }
}

pub fn to_lower(s: &[u8]) -> Option<Vec<u8>> {
    Some(s.to_ascii_lowercase())
}

pub fn to_upper(s: &[u8]) -> Option<Vec<u8>> {
    Some(s.to_ascii_uppercase())
}

pub fn b64(s: &[u8]) -> Option<Vec<u8>> {
    base64::decode(s)
}

/// The text after the last `/` (all of it when there is none).
pub fn basename(s: &[u8]) -> Option<Vec<u8>> {
    let start = s.iter().rposition(|b| *b == b'/').map_or(0, |p| p + 1);
    s.get(start..).map(<[u8]>::to_vec)
}

/// `len`: bytes of a string or buffer, elements of a list.
pub fn len(v: &FieldValue) -> Option<FieldValue> {
    let n = match v {
        FieldValue::Str(s) => s.len(),
        FieldValue::Bytes(b) => b.len(),
        FieldValue::List(items) => items.len(),
        _ => return None,
    };
    Some(FieldValue::Uint(n as u64))
}

/// A value as text, for `join` and `concat` (their arguments are strings; other kinds use
/// their plain decimal or address form).
pub fn text_of(v: &FieldValue) -> String {
    match v {
        FieldValue::Str(s) => s.clone(),
        FieldValue::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        FieldValue::Int(i) => i.to_string(),
        FieldValue::Uint(u) => u.to_string(),
        FieldValue::Double(d) => d.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Ip(ip) => ip.to_string(),
        FieldValue::Net { addr, prefix } => format!("{addr}/{prefix}"),
        FieldValue::List(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
    }
}

/// `getopt(args, optstring)`: scans `args` as getopt(3) would and returns the options
/// found, each followed by its argument when it takes one; an unknown option gives `?`.
/// With `select = Some(c)` only the last value of option `c` (its argument, or `c` itself
/// for a flag) is returned, and `None` when `c` is absent.
pub fn getopt(args: &[String], optstring: &str, select: Option<u8>) -> Option<FieldValue> {
    let spec = optstring.strip_prefix(':').unwrap_or(optstring).as_bytes();
    let takes_arg = |c: u8| -> Option<bool> {
        let pos = spec.iter().position(|b| *b == c && c != b':')?;
        Some(spec.get(pos + 1) == Some(&b':'))
    };
    let mut out: Vec<String> = Vec::new();
    let mut selected: Option<String> = None;
    let mut idx = 0;
    while let Some(arg) = args.get(idx) {
        let a = arg.as_bytes();
        if arg == "--" {
            break;
        }
        if a.len() > 2 && a.starts_with(b"--") {
            idx += 1;
            continue;
        }
        if a.len() < 2 || a.first() != Some(&b'-') {
            break;
        }
        let mut i = 1;
        while let Some(&c) = a.get(i) {
            let Some(with_arg) = takes_arg(c) else {
                if select.is_none() {
                    out.push("?".into());
                }
                i += 1;
                continue;
            };
            let name = char::from(c).to_string();
            let hit = select.is_none_or(|s| s == c);
            if !with_arg {
                if hit {
                    emit(&mut out, &mut selected, select.is_some(), name, None);
                }
                i += 1;
                continue;
            }
            let value = if i + 1 < a.len() {
                Some(String::from_utf8_lossy(a.get(i + 1..).unwrap_or(b"")).into_owned())
            } else if let Some(next) = args.get(idx + 1) {
                idx += 1;
                Some(next.clone())
            } else {
                None
            };
            if hit {
                match value {
                    Some(v) => emit(&mut out, &mut selected, select.is_some(), name, Some(v)),
                    None => emit(
                        &mut out,
                        &mut selected,
                        select.is_some(),
                        String::new(),
                        None,
                    ),
                }
            }
            break;
        }
        idx += 1;
    }
    match select {
        Some(_) => selected.map(FieldValue::Str),
        None => Some(FieldValue::List(
            out.into_iter().map(FieldValue::Str).collect(),
        )),
    }
}

fn emit(
    out: &mut Vec<String>,
    selected: &mut Option<String>,
    selecting: bool,
    name: String,
    value: Option<String>,
) {
    if selecting {
        *selected = Some(value.unwrap_or(name));
        return;
    }
    out.push(name);
    if let Some(v) = value {
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn list(v: &[&str]) -> FieldValue {
        FieldValue::List(v.iter().map(|s| FieldValue::Str(s.to_string())).collect())
    }

    #[test]
    fn string_transformers() {
        let s = |x: &str| FieldValue::Str(x.into());
        assert_eq!(map_strings(s("BaSh"), &to_lower, false), Some(s("bash")));
        assert_eq!(map_strings(s("BaSh"), &to_upper, false), Some(s("BASH")));
        assert_eq!(
            map_strings(s("/usr/bin/ls"), &basename, false),
            Some(s("ls"))
        );
        assert_eq!(map_strings(s("ls"), &basename, false), Some(s("ls")));
        assert_eq!(map_strings(s("/usr/"), &basename, false), Some(s("")));
        assert_eq!(map_strings(s("aGk="), &b64, false), Some(s("hi")));
        assert_eq!(map_strings(s("!!"), &b64, false), None);
        assert_eq!(
            map_strings(FieldValue::Bytes(b"aGk".to_vec()), &b64, true),
            Some(FieldValue::Bytes(b"hi".to_vec()))
        );
        assert_eq!(
            map_strings(list(&["A", "b"]), &to_lower, false),
            Some(list(&["a", "b"]))
        );
        assert_eq!(map_strings(FieldValue::Int(1), &to_lower, false), None);
        assert_eq!(len(&s("abc")), Some(FieldValue::Uint(3)));
        assert_eq!(len(&list(&["a", "b"])), Some(FieldValue::Uint(2)));
        assert_eq!(len(&FieldValue::Int(3)), None);
    }

    #[test]
    fn getopt_table() {
        let args = strs(&["-n", "-tvalue", "-x", "-o", "out", "file", "-z"]);
        assert_eq!(
            getopt(&args, "nt:o:", None),
            Some(list(&["n", "t", "value", "?", "o", "out"]))
        );
        assert_eq!(
            getopt(&args, "nt:o:", Some(b't')),
            Some(FieldValue::Str("value".into()))
        );
        assert_eq!(
            getopt(&args, "nt:o:", Some(b'o')),
            Some(FieldValue::Str("out".into()))
        );
        assert_eq!(
            getopt(&args, "nt:o:", Some(b'n')),
            Some(FieldValue::Str("n".into()))
        );
        assert_eq!(getopt(&args, "nt:o:z", Some(b'z')), None);
        assert_eq!(getopt(&strs(&["-nt"]), "nt:", None), Some(list(&["n", ""])));
        assert_eq!(
            getopt(&strs(&["--exec", "-n", "--", "-t", "x"]), "nt:", None),
            Some(list(&["n"]))
        );
        assert_eq!(
            getopt(&strs(&["-c", "a", "-c", "b"]), "c:", Some(b'c')),
            Some(FieldValue::Str("b".into()))
        );
    }
}

//! Rules file bytes to text, as Falco's reader (yaml-cpp) accepts them.
//!
//! yaml-cpp takes a byte-order mark and bytes that are not UTF-8 (in comments, in
//! scalars) without complaint, so a file Falco loads must load here too. Every byte that is
//! not part of a valid UTF-8 sequence becomes ASCII SUB (0x1A, the substitute character):
//! one byte for one byte, so every offset, line and column stays true. The byte-order mark
//! stays in the text (positions again) and the YAML reader skips it.

/// The substitute for each byte that is not valid UTF-8.
pub const SUBSTITUTE: char = '\u{1a}';

/// Decodes `bytes` as UTF-8, replacing each invalid byte by [`SUBSTITUTE`].
pub fn decode_rules_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => substitute_invalid(e.as_bytes()),
    }
}

fn substitute_invalid(mut rest: &[u8]) -> String {
    let mut out = String::with_capacity(rest.len());
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len()).max(1);
                out.extend(std::iter::repeat_n(SUBSTITUTE, bad.min(after.len())));
                rest = &after[bad.min(after.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_keep_every_offset() {
        let bytes = b"# caf\xe9\n- x: \xff\xfe y\n\xe2\x82".to_vec();
        let text = decode_rules_text(bytes.clone());
        assert_eq!(text.len(), bytes.len());
        assert_eq!(text, "# caf\u{1a}\n- x: \u{1a}\u{1a} y\n\u{1a}\u{1a}");
        assert_eq!(decode_rules_text("é ok".into()), "é ok");
    }
}

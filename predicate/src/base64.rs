//! Base64 decoding for the `b64` transformer (§1.8): the standard alphabet, padding
//! optional; anything else is invalid and makes the extraction fail.

fn sextet(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Decodes `input`, or `None` when it is not base64.
pub fn decode(input: &[u8]) -> Option<Vec<u8>> {
    let pad = input.iter().rev().take_while(|b| **b == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = input.get(..input.len() - pad)?;
    if pad > 0 && !(body.len() + pad).is_multiple_of(4) {
        return None;
    }
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut acc = 0u32;
        for &b in chunk {
            acc = (acc << 6) | sextet(b)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&acc.to_be_bytes()[1..]),
            3 => out.extend_from_slice(&(acc << 6).to_be_bytes()[1..3]),
            2 => out.push((acc >> 4) as u8),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn table() {
        let ok: &[(&str, &str)] = &[
            ("", ""),
            ("aGVsbG8=", "hello"),
            ("aGVsbG8", "hello"),
            ("aGk=", "hi"),
            ("aGk", "hi"),
            ("aA==", "h"),
            ("aA", "h"),
            ("L2Jpbi9zaA==", "/bin/sh"),
        ];
        for (i, o) in ok {
            assert_eq!(decode(i.as_bytes()).as_deref(), Some(o.as_bytes()), "{i}");
        }
        for bad in ["a", "aGVsbG8===", "a!==", "aGk==", "a b c", "===="] {
            assert_eq!(decode(bad.as_bytes()), None, "{bad}");
        }
    }
}

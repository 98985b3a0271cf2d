//! `BinaryEquals`: policy and request values are base64 text, compared as the bytes they encode.

/// The bytes of standard base64 text (`=` padding optional); none when it is not base64.
pub(super) fn decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in body.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(((bits >> count) & 0xff) as u8);
        }
    }
    // A single leftover character cannot encode a byte.
    (body.len() % 4 != 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_the_documented_value() {
        assert_eq!(
            decode("QmluYXJ5VmFsdWVJbkJhc2U2NA==").as_deref(),
            Some(&b"BinaryValueInBase64"[..])
        );
        assert_eq!(decode("QQ").as_deref(), Some(&b"A"[..]));
        assert_eq!(decode("not base64!"), None);
    }
}

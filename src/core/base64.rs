//! Unpadded base64url (RFC 4648 §5), the alphabet used for the policy hash and consent ids:
//! safe in cookies and URLs without escaping.

#[allow(unused_imports)]
use crate::prelude::*;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The first 6 bytes of `bytes` as 8 base64url characters (a `const fn`: compile-time digests).
pub const fn encode_6(bytes: &[u8; 32]) -> [u8; 8] {
    let mut out = [0u8; 8];
    let mut i = 0;
    while i < 2 {
        let n = ((bytes[3 * i] as u32) << 16)
            | ((bytes[3 * i + 1] as u32) << 8)
            | bytes[3 * i + 2] as u32;
        let mut j = 0;
        while j < 4 {
            out[4 * i + j] = ALPHABET[(n >> (18 - 6 * j) & 63) as usize];
            j += 1;
        }
        i += 1;
    }
    out
}

/// Whether every character of `s` is in the base64url alphabet.
pub fn is_alphabet(s: &str) -> bool {
    s.as_bytes()
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_4648_test_vectors_without_padding() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()), encoded);
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn sixteen_random_bytes_make_a_22_character_id() {
        let id = encode(&[0xAB; 16]);
        assert_eq!(id.len(), 22);
        assert!(is_alphabet(&id));
        assert!(!is_alphabet("a+b/"));
    }
}

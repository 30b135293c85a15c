//! SHA-256 (FIPS 180-4), written as plain loops.
//!
//! Why not the `sha2` crate: its unrolled compression function alone is ~8 KB of Wasm, paid by
//! every visitor for hashing one short text per page view. This one is ~1 KB; speed is
//! irrelevant at that size. Checked against the NIST test vectors below.

#[allow(unused_imports)]
use crate::prelude::*;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The SHA-256 digest of `data`.
pub fn digest(data: &[u8]) -> [u8; 32] {
    digest_parts(&[data])
}

/// The SHA-256 digest of the concatenation of `parts`. A `const fn`, so that digests of the
/// catalog's wording are computed at compile time and the texts need not ship in the Wasm.
pub const fn digest_parts(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = H0;
    let mut block = [0u8; 64];
    let mut fill = 0;
    let mut length: u64 = 0;
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            block[fill] = part[i];
            fill += 1;
            i += 1;
            if fill == 64 {
                compress(&mut h, &block);
                fill = 0;
            }
        }
        length += part.len() as u64;
        p += 1;
    }
    // 0x80, zero padding, then the 64-bit big-endian bit length ends the last block.
    block[fill] = 0x80;
    fill += 1;
    if fill > 56 {
        while fill < 64 {
            block[fill] = 0;
            fill += 1;
        }
        compress(&mut h, &block);
        fill = 0;
    }
    while fill < 56 {
        block[fill] = 0;
        fill += 1;
    }
    let bits = length.wrapping_mul(8).to_be_bytes();
    let mut k = 0;
    while k < 8 {
        block[56 + k] = bits[k];
        k += 1;
    }
    compress(&mut h, &block);
    let mut out = [0u8; 32];
    let mut j = 0;
    while j < 32 {
        out[j] = (h[j / 4] >> (24 - 8 * (j % 4))) as u8;
        j += 1;
    }
    out
}

const fn compress(h: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    let mut i = 0;
    while i < 16 {
        w[i] = u32::from_be_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ]);
        i += 1;
    }
    while i < 64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
        i += 1;
    }
    let mut v = *h;
    i = 0;
    while i < 64 {
        let [a, b, c, d, e, f, g, hh] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
        i += 1;
    }
    i = 0;
    while i < 8 {
        h[i] = h[i].wrapping_add(v[i]);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn nist_vectors() {
        assert_eq!(
            hex(&digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&digest(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&digest(&[b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn every_padding_boundary() {
        // 55, 56, 63, 64 bytes straddle the one/two-block padding cases.
        let expected = [
            (
                55,
                "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            ),
            (
                56,
                "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            ),
            (
                63,
                "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            ),
            (
                64,
                "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            ),
        ];
        for (len, hash) in expected {
            assert_eq!(hex(&digest(&vec![b'a'; len])), hash, "{len}");
        }
    }

    #[test]
    fn parts_hash_as_their_concatenation_also_at_compile_time() {
        const ABC: [u8; 32] = digest_parts(&[b"a", b"", b"bc"]);
        assert_eq!(ABC, digest(b"abc"));
        let long = vec![b'x'; 200];
        assert_eq!(
            digest_parts(&[&long[..63], &long[63..130], &long[130..]]),
            digest(&long)
        );
    }
}

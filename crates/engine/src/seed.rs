//! The default seed (project decision, spec §8.1): the explicit option, else FNV-1a 64 of the
//! `clientToken` bytes when the token is present and non-empty, else 0.

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The seed of a call.
pub(crate) fn seed(explicit: Option<u64>, client_token: Option<&str>) -> u64 {
    match (explicit, client_token) {
        (Some(seed), _) => seed,
        (None, Some(token)) if !token.is_empty() => fnv1a_64(token.as_bytes()),
        (None, _) => 0,
    }
}

/// FNV-1a, 64-bit.
pub(crate) fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn explicit_seed_wins_then_token_then_zero() {
        assert_eq!(seed(Some(7), Some("a")), 7);
        assert_eq!(seed(None, Some("a")), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(seed(None, Some("")), 0);
        assert_eq!(seed(None, None), 0);
    }
}

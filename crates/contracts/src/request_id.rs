//! The request id the router gives every request and sends to the subgraphs in
//! `x-request-id`: one rule for which ids are believed, so the router's log lines and the
//! subgraphs' carry the same id or none.
//!
//! An id ends up in logs and other services' headers, so only short, plain ones are kept: at
//! most 128 characters of ASCII letters, digits and `-_.:/+=` (the router's own ids are
//! UUIDs).

/// The header's name.
pub const X_REQUEST_ID: &str = "x-request-id";

/// The longest id kept.
pub const MAX_LENGTH: usize = 128;

/// Whether `id` (a header value's bytes) is a request id to keep.
pub fn is_plain(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LENGTH
        && id
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:/+=".contains(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_kept() {
        assert!(is_plain(b"0191b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b"));
        assert!(is_plain(b"app-7f3a/42"));
        assert!(is_plain("a".repeat(MAX_LENGTH).as_bytes()));
        assert!(!is_plain("a".repeat(MAX_LENGTH + 1).as_bytes()));
        assert!(!is_plain(b""));
        assert!(!is_plain(b"two words"));
        assert!(!is_plain(b"line\nbreak"));
        assert!(!is_plain("日本".as_bytes()));
    }
}

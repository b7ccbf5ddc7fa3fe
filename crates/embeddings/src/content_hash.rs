//! The identity of an embedding: which model embedded which text.
//!
//! A stored vector is only valid for the exact text and model that produced it. Keying caches and
//! stored vectors by a hash of both lets a caller tell, without re-embedding, whether a posting's
//! or profile's vector is current, and keeps vectors of two models from ever being mixed up.

use sha2::{Digest, Sha256};

/// SHA-256 of the model id and the text, separated by a NUL byte so that no (model, text) pair
/// can collide with another by shifting bytes between the two.
pub fn content_hash(model_id: &str, text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(model_id.as_bytes());
    hasher.update([0u8]);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

/// [`content_hash`] as 64 lower-case hex digits, for storing in a text column.
pub fn content_hash_hex(model_id: &str, text: &str) -> String {
    hex::encode(content_hash(model_id, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_model_and_text() {
        let a = content_hash("m1", "Rust developer");
        assert_eq!(a, content_hash("m1", "Rust developer"));
        assert_ne!(a, content_hash("m2", "Rust developer"));
        assert_ne!(a, content_hash("m1", "Rust developers"));
    }

    #[test]
    fn bytes_cannot_move_between_model_id_and_text() {
        assert_ne!(content_hash("ab", "c"), content_hash("a", "bc"));
    }

    #[test]
    fn hex_form_is_sha256_of_model_nul_text() {
        // sha256("m\0t"), computed independently with coreutils' sha256sum.
        assert_eq!(
            content_hash_hex("m", "t"),
            "8481c8582a73b3ba64d6506da480d877324f34bae0fb970c71b5d24bc57c06c7"
        );
    }
}

//! How much one call may ask for.
//!
//! Embedding is CPU-bound: a request with thousands of texts, or one text of megabytes, would
//! hold the encoder (and every request queued behind it) for seconds. The bounds are generous for
//! what the platform embeds — a profile, a posting, a search query — and a caller with more texts
//! pages through them.

/// Texts one [`EmbeddingService::embed`](crate::EmbeddingService::embed) call may carry. At
/// MiniLM's worst case of 256 tokens each that is a few seconds of CPU on two cores.
pub const MAX_TEXTS_PER_CALL: usize = 256;

/// Bytes of a text that are embedded; the rest is cut off (at a character boundary) before
/// tokenizing. MiniLM reads only its first 256 tokens, which no script packs into more than a few
/// KiB, so the cut spares the tokenizer work whose tokens would be dropped anyway, while the
/// lexical embedder, which has no token limit, still sees a long posting in full.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub fn truncate_to_bytes(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_kept_whole() {
        assert_eq!(truncate_to_bytes("介護", 6), "介護");
        assert_eq!(truncate_to_bytes("", 0), "");
    }

    #[test]
    fn cut_falls_back_to_the_previous_character_boundary() {
        // 介 and 護 are three bytes each: 5 bytes hold only the first.
        assert_eq!(truncate_to_bytes("介護", 5), "介");
        assert_eq!(truncate_to_bytes("介護", 2), "");
        assert_eq!(truncate_to_bytes("ab介", 4), "ab");
    }
}

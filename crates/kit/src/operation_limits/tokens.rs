//! Counting a document's lexical tokens before it is parsed.
//!
//! async-graphql's parser spends a few microseconds per token (about 1.7 s for a 4 MiB
//! document of 700,000 field names in a release build), all of it before any limit that needs
//! the parsed document can refuse it. This scan is a single pass over the bytes that stops as
//! soon as the count passes the limit, so an oversized document costs next to nothing.
//!
//! It follows the GraphQL lexer closely enough to count: whitespace, commas and comments are
//! not tokens; a string or block string is one token; so is `...`, a name or a number; any
//! other character is a punctuator. Malformed input is counted too, and left to the parser to
//! refuse.

/// The tokens of `source`, or `limit + 1` as soon as there are more than `limit`.
pub fn count(source: &str, limit: usize) -> usize {
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut tokens = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => at + 1,
            b'#' => skip_while(bytes, at, |byte| byte != b'\n' && byte != b'\r'),
            b'"' if bytes[at..].starts_with(b"\"\"\"") => {
                tokens += 1;
                block_string_end(bytes, at + 3)
            }
            b'"' => {
                tokens += 1;
                string_end(bytes, at + 1)
            }
            b'.' if bytes[at..].starts_with(b"...") => {
                tokens += 1;
                at + 3
            }
            byte if byte == b'_' || byte.is_ascii_alphabetic() => {
                tokens += 1;
                skip_while(bytes, at, |byte| {
                    byte == b'_' || byte.is_ascii_alphanumeric()
                })
            }
            byte if byte == b'-' || byte.is_ascii_digit() => {
                tokens += 1;
                skip_while(bytes, at + 1, |byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'+' | b'-')
                })
            }
            _ => {
                tokens += 1;
                at + 1
            }
        };
        if tokens > limit {
            return limit + 1;
        }
    }
    tokens
}

fn skip_while(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&byte| !keep(byte))
        .map_or(bytes.len(), |offset| from + offset)
}

/// After a string's closing quote (or at its line's end: an unterminated string).
fn string_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'\n' | b'\r' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// After a block string's closing `"""`; `\"""` does not close it.
fn block_string_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        if bytes[at..].starts_with(b"\\\"\"\"") {
            at += 4;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn tokens_are_counted_as_the_lexer_sees_them() {
        // query Q ( $ v : [ Int ! ] = [ -1.5e3 2 ] ) { a : b ( s : "x, y" ) ... F }
        let query = r#"query Q($v: [Int!] = [-1.5e3, 2]) { a: b(s: "x, y") ...F } # done"#;
        assert_eq!(count(query, 1000), 28);
        assert_eq!(count(r#"{ a(s: """one "" \""" two""") }"#, 1000), 8);
        assert_eq!(count("{ a(s: \"unterminated\n) }", 1000), 8);
    }

    #[test]
    fn counting_stops_past_the_limit() {
        let huge = "a ".repeat(1_000_000);
        let started = std::time::Instant::now();
        assert_eq!(count(&huge, 100), 101);
        assert!(started.elapsed() < std::time::Duration::from_millis(10));
        assert_eq!(count(&"a ".repeat(100), 100), 100);
    }
}

//! Parsing: the query text becomes a document, or a `GRAPHQL_PARSE_FAILED` error that points
//! at the offending line and column.
//!
//! The parser counts tokens as it reads and stops at the limit (`MAX_TOKENS_EXCEEDED`), so a
//! huge document costs no more than the limit's worth of work; it also refuses nesting deeper
//! than 50 brackets, which keeps its recursion off the end of the stack.

use super::error::PipelineError;
use graphql_tools::parser::query::parse_query_with_token_limit;
use graphql_tools::static_graphql::query::Document;
use std::sync::Arc;

/// The parser's message when it stops at the token limit.
const TOKEN_LIMIT_MESSAGE: &str = "Token limit exceeded";

/// Parses an executable document of at most `max_tokens` tokens.
pub fn parse_operation(query: &str, max_tokens: usize) -> Result<Arc<Document>, PipelineError> {
    match parse_query_with_token_limit::<String>(query, max_tokens) {
        Ok(document) => Ok(Arc::new(document.into_static())),
        Err(err) => {
            let report = err.to_string();
            if report.contains(TOKEN_LIMIT_MESSAGE) {
                return Err(PipelineError::TooManyTokens { limit: max_tokens });
            }
            Err(PipelineError::Parse {
                message: syntax_error_message(&report),
                location: err.0.position,
            })
        }
    }
}

/// The parser reports `Parse error at 1:42\nUnexpected ...\nExpected ...\n`; the position goes
/// to `locations`, the rest reads as one sentence in the message.
fn syntax_error_message(report: &str) -> String {
    let details: Vec<&str> = report
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("Parse error at"))
        .collect();
    if details.is_empty() {
        "Syntax Error".to_owned()
    } else {
        format!("Syntax Error: {}.", details.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unterminated_selection_reports_position_and_reason() {
        let Err(PipelineError::Parse { message, location }) =
            parse_operation("{ jobPostings(first: 1) { edges { node { id } }", 100)
        else {
            panic!("expected a parse error");
        };
        assert_eq!(location.line, 1);
        assert!(message.starts_with("Syntax Error: "), "{message}");
        assert!(!message.contains("Parse error at"), "{message}");
    }

    #[test]
    fn empty_and_garbage_documents_are_parse_errors_not_panics() {
        for query in [
            "",
            "   ",
            "}{",
            "query (",
            "\u{0}",
            "{ a(b: \"unterminated) }",
        ] {
            assert!(
                matches!(
                    parse_operation(query, 100),
                    Err(PipelineError::Parse { .. })
                ),
                "{query:?}"
            );
        }
    }

    #[test]
    fn valid_document_parses() {
        let document =
            parse_operation("query Q($id: ID!) { product(id: $id) { name } }", 100).unwrap();
        assert_eq!(document.definitions.len(), 1);
    }

    #[test]
    fn the_parser_stops_at_the_token_limit() {
        let fields = "a ".repeat(100_000);
        let query = format!("{{ {fields} }}");
        let started = std::time::Instant::now();
        assert!(matches!(
            parse_operation(&query, 4000),
            Err(PipelineError::TooManyTokens { limit: 4000 })
        ));
        // Stopping early is the point: the whole document would take far longer.
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // `{`, 10 fields and `}` are 12 tokens; the parser looks one token ahead for the end.
        let twelve = format!("{{ {} }}", "a ".repeat(10));
        assert!(parse_operation(&twelve, 13).is_ok());
        assert!(matches!(
            parse_operation(&twelve, 11),
            Err(PipelineError::TooManyTokens { .. })
        ));
    }
}

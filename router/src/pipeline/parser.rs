//! Parsing: the query text becomes a document, or a `GRAPHQL_PARSE_FAILED` error that points
//! at the offending line and column.

use super::error::PipelineError;
use graphql_tools::parser::query::parse_query;
use graphql_tools::static_graphql::query::Document;
use std::sync::Arc;

/// Parses an executable document.
pub fn parse_operation(query: &str) -> Result<Arc<Document>, PipelineError> {
    match parse_query::<String>(query) {
        Ok(document) => Ok(Arc::new(document.into_static())),
        Err(err) => Err(PipelineError::Parse {
            message: syntax_error_message(&err.to_string()),
            location: err.0.position,
        }),
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
            parse_operation("{ jobPostings(first: 1) { edges { node { id } }")
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
                matches!(parse_operation(query), Err(PipelineError::Parse { .. })),
                "{query:?}"
            );
        }
    }

    #[test]
    fn valid_document_parses() {
        let document = parse_operation("query Q($id: ID!) { product(id: $id) { name } }").unwrap();
        assert_eq!(document.definitions.len(), 1);
    }
}

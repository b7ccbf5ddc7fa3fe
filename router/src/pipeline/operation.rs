//! Operation selection: which operation of the document runs (by `operationName`), and whether
//! the transport may run it. GET must not mutate (a link or a prefetch could trigger it), and a
//! single HTTP response cannot carry a subscription's stream.

use super::error::PipelineError;
use super::{ClientRequest, Transport};
use graphql_tools::static_graphql::query::{
    Definition, Document, OperationDefinition, SelectionSet, VariableDefinition,
};
use hive_router_query_planner::state::supergraph_state::OperationKind;

/// The operation chosen from the document.
pub struct SelectedOperation<'doc> {
    pub kind: OperationKind,
    pub name: Option<&'doc str>,
    pub variable_definitions: &'doc [VariableDefinition],
    pub selection_set: &'doc SelectionSet,
    /// Directives on the operation itself.
    pub directives: usize,
}

/// Picks the operation named `operation_name` (or the only one) and checks the transport.
pub fn select_operation<'doc>(
    document: &'doc Document,
    operation_name: Option<&str>,
    client: &ClientRequest,
) -> Result<SelectedOperation<'doc>, PipelineError> {
    let selected = find_operation(document, operation_name)?;
    match (client.transport, &selected.kind) {
        (Transport::HttpGet | Transport::StreamGet, OperationKind::Mutation) => {
            Err(PipelineError::MutationOverGet)
        }
        (Transport::HttpGet | Transport::HttpPost, OperationKind::Subscription) => {
            Err(PipelineError::SubscriptionOverHttp)
        }
        _ => Ok(selected),
    }
}

/// Picks the operation named `operation_name` (or the only one), whatever the transport.
pub fn find_operation<'doc>(
    document: &'doc Document,
    operation_name: Option<&str>,
) -> Result<SelectedOperation<'doc>, PipelineError> {
    let mut operations = document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            Definition::Operation(operation) => Some(describe(operation)),
            Definition::Fragment(_) => None,
        });
    match operation_name {
        Some(wanted) => operations
            .find(|operation| operation.name == Some(wanted))
            .ok_or_else(|| PipelineError::OperationNotFound(wanted.to_owned())),
        None => {
            let first = operations.next().ok_or_else(|| {
                PipelineError::MalformedRequest("The document has no operation.".into())
            })?;
            if operations.next().is_some() {
                return Err(PipelineError::OperationNameRequired);
            }
            Ok(first)
        }
    }
}

fn describe(operation: &OperationDefinition) -> SelectedOperation<'_> {
    match operation {
        OperationDefinition::SelectionSet(selection_set) => SelectedOperation {
            kind: OperationKind::Query,
            name: None,
            variable_definitions: &[],
            selection_set,
            directives: 0,
        },
        OperationDefinition::Query(query) => SelectedOperation {
            kind: OperationKind::Query,
            name: query.name.as_deref(),
            variable_definitions: &query.variable_definitions,
            selection_set: &query.selection_set,
            directives: query.directives.len(),
        },
        OperationDefinition::Mutation(mutation) => SelectedOperation {
            kind: OperationKind::Mutation,
            name: mutation.name.as_deref(),
            variable_definitions: &mutation.variable_definitions,
            selection_set: &mutation.selection_set,
            directives: mutation.directives.len(),
        },
        OperationDefinition::Subscription(subscription) => SelectedOperation {
            kind: OperationKind::Subscription,
            name: subscription.name.as_deref(),
            variable_definitions: &subscription.variable_definitions,
            selection_set: &subscription.selection_set,
            directives: subscription.directives.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::parser::parse_operation;

    fn client(transport: Transport) -> ClientRequest {
        ClientRequest::new(
            transport,
            http::Uri::from_static("/graphql"),
            Default::default(),
            None,
        )
    }

    #[test]
    fn picks_by_name_or_the_only_operation() {
        let document = parse_operation("query A { a } mutation B { b }", 1000).unwrap();
        let post = client(Transport::HttpPost);
        let b = select_operation(&document, Some("B"), &post).unwrap();
        assert_eq!(b.kind, OperationKind::Mutation);
        assert!(matches!(
            select_operation(&document, None, &post),
            Err(PipelineError::OperationNameRequired)
        ));
        assert!(matches!(
            select_operation(&document, Some("C"), &post),
            Err(PipelineError::OperationNotFound(name)) if name == "C"
        ));
    }

    #[test]
    fn get_refuses_mutations_and_http_refuses_subscriptions() {
        let mutation = parse_operation("mutation { b }", 1000).unwrap();
        assert!(matches!(
            select_operation(&mutation, None, &client(Transport::HttpGet)),
            Err(PipelineError::MutationOverGet)
        ));
        assert!(select_operation(&mutation, None, &client(Transport::WebSocket)).is_ok());
        let subscription = parse_operation("subscription { s }", 1000).unwrap();
        assert!(matches!(
            select_operation(&subscription, None, &client(Transport::HttpPost)),
            Err(PipelineError::SubscriptionOverHttp)
        ));
    }
}

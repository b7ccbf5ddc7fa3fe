//! A field error on a nullable field makes that field null, and nothing else: the GraphQL spec
//! (6.4.4, "Handling Field Errors") says so, and clients rely on it (Apollo Client and urql keep
//! the rest of the object in their caches).
//!
//! async-graphql 7 instead leaves a field whose resolver returned an error out of its object,
//! and reads an object that has no field left as null: `company(id) { members { role } }`
//! asked by a caller who may not read `members` answered `company: null`, as if the company did
//! not exist. This extension catches the error of every nullable field as it is resolved,
//! answers the field with null, and puts the error, with its path, back into the response
//! (of a query or mutation, or of each subscription event).
//!
//! A non-null field's error keeps async-graphql's handling: the field is left out and its
//! object kept. The router, which alone answers clients, reads the missing non-null field as
//! null and nulls the nearest nullable ancestor, as the spec says.
//!
//! Written here because async-graphql has no setting for it (an open fix upstream covers guards
//! only), and an extension is the one place every field's resolution passes through.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, NextSubscribe,
    ResolveInfo,
};
use async_graphql::{Response, ServerError, ServerResult, Value};
use futures::stream::{BoxStream, StreamExt};
use std::sync::{Arc, Mutex};

/// The extension; installed on every subgraph schema by `operation_limits::protect`.
pub struct NullableFieldErrors;

impl ExtensionFactory for NullableFieldErrors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Caught::default())
    }
}

/// The errors caught while one request (or one subscription) runs.
#[derive(Clone, Default)]
struct Caught(Arc<Mutex<Vec<ServerError>>>);

impl Caught {
    fn push(&self, error: ServerError) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(error);
    }

    /// `response` with the errors caught since the last one.
    fn with_caught(&self, mut response: Response) -> Response {
        let caught = std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        response.errors.extend(caught);
        response
    }
}

/// Whether a field of type `return_type` (as the registry writes it: `String!`, `[Match!]`,
/// `Company`) may be null.
fn nullable(return_type: &str) -> bool {
    !return_type.ends_with('!')
}

#[async_graphql::async_trait::async_trait]
impl Extension for Caught {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let response = next.run(ctx, operation_name).await;
        self.with_caught(response)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        // Each event's fields are resolved while the event is produced, so what was caught by
        // the time it arrives here belongs to it.
        let caught = self.clone();
        next.run(ctx, stream)
            .map(move |event| caught.with_caught(event))
            .boxed()
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let may_be_null = nullable(info.return_type);
        match next.run(ctx, info).await {
            Err(error) if may_be_null => {
                self.push(error);
                Ok(Some(Value::Null))
            }
            answer => answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ApiError;
    use async_graphql::{EmptyMutation, Object, Schema, Subscription};
    use futures::stream::{self, Stream, StreamExt};
    use serde_json::{Value as Json, json};

    struct Query;

    #[Object]
    impl Query {
        async fn company(&self) -> Option<Company> {
            Some(Company)
        }

        async fn companies(&self) -> Vec<Company> {
            vec![Company, Company]
        }
    }

    struct Company;

    #[Object]
    impl Company {
        async fn name(&self) -> &str {
            "Sakura Systems"
        }

        /// Nullable: its error makes it null, and only it.
        async fn members(&self) -> Result<Option<Vec<String>>, ApiError> {
            Err(ApiError::Forbidden)
        }

        /// Non-null: its error makes its nearest nullable ancestor null.
        async fn secret(&self) -> Result<String, ApiError> {
            Err(ApiError::Forbidden)
        }
    }

    struct Subscriptions;

    #[Subscription]
    impl Subscriptions {
        async fn companies(&self) -> impl Stream<Item = Company> {
            stream::iter([Company, Company])
        }
    }

    type TestSchema = Schema<Query, EmptyMutation, Subscriptions>;

    fn schema() -> TestSchema {
        crate::operation_limits::protect(Schema::build(Query, EmptyMutation, Subscriptions))
            .finish()
    }

    fn paths_and_codes(response: &async_graphql::Response) -> Vec<(Json, Json)> {
        let body = serde_json::to_value(response).expect("json");
        body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|error| (error["path"].clone(), error["extensions"]["code"].clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    async fn run(query: &str) -> (Json, Vec<(Json, Json)>) {
        let response = schema().execute(query).await;
        let errors = paths_and_codes(&response);
        (response.data.into_json().expect("data"), errors)
    }

    #[tokio::test]
    async fn a_nullable_fields_error_makes_only_that_field_null() {
        let forbidden = json!("FORBIDDEN");
        let (data, errors) = run("{ company { members } }").await;
        assert_eq!(data, json!({"company": {"members": null}}));
        assert_eq!(errors, [(json!(["company", "members"]), forbidden.clone())]);

        let (data, errors) = run("{ company { name members } }").await;
        assert_eq!(
            data,
            json!({"company": {"name": "Sakura Systems", "members": null}})
        );
        assert_eq!(errors.len(), 1);

        let (data, errors) = run("{ companies { members } }").await;
        assert_eq!(
            data,
            json!({"companies": [{"members": null}, {"members": null}]})
        );
        assert_eq!(
            errors,
            [
                (json!(["companies", 0, "members"]), forbidden.clone()),
                (json!(["companies", 1, "members"]), forbidden.clone()),
            ]
        );
    }

    #[tokio::test]
    async fn a_non_null_fields_error_is_left_to_the_router() {
        // Left out of its object, for the router to null the nearest nullable ancestor.
        let (data, errors) = run("{ company { name secret } }").await;
        assert_eq!(data, json!({"company": {"name": "Sakura Systems"}}));
        assert_eq!(errors, [(json!(["company", "secret"]), json!("FORBIDDEN"))]);
    }

    #[tokio::test]
    async fn each_subscription_event_carries_its_own_errors() {
        let events: Vec<_> = schema()
            .execute_stream("subscription { companies { name members } }")
            .collect()
            .await;
        assert_eq!(events.len(), 2);
        for event in &events {
            assert_eq!(
                event.data.clone().into_json().expect("data"),
                json!({"companies": {"name": "Sakura Systems", "members": null}})
            );
            assert_eq!(
                paths_and_codes(event),
                [(json!(["companies", "members"]), json!("FORBIDDEN"))]
            );
        }
    }
}

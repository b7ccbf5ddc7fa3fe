//! The four subgraphs by name: their schemas, their SDL and their HTTP routes.

use crate::{accounts, inventory, products, reviews};
use async_graphql::{EmptyMutation, EmptySubscription, ObjectType, SDLExportOptions, Schema};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// One of the benchmark's subgraphs, in the order of `supergraph.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subgraph {
    Accounts,
    Inventory,
    Products,
    Reviews,
}

impl Subgraph {
    pub const ALL: [Subgraph; 4] = [
        Subgraph::Accounts,
        Subgraph::Inventory,
        Subgraph::Products,
        Subgraph::Reviews,
    ];

    /// The name in `supergraph.yaml` (and in `SUBGRAPH_<NAME>_URL`).
    pub fn name(self) -> &'static str {
        match self {
            Subgraph::Accounts => "accounts",
            Subgraph::Inventory => "inventory",
            Subgraph::Products => "products",
            Subgraph::Reviews => "reviews",
        }
    }

    /// The port the checked-in supergraph routes the subgraph to.
    pub fn default_port(self) -> u16 {
        match self {
            Subgraph::Accounts => 4201,
            Subgraph::Inventory => 4202,
            Subgraph::Products => 4203,
            Subgraph::Reviews => 4204,
        }
    }

    pub fn from_name(name: &str) -> Option<Subgraph> {
        Subgraph::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The federation SDL, as composition reads it from `schema/<name>.graphql`.
    pub fn sdl(self) -> String {
        let options = SDLExportOptions::new().federation();
        match self {
            Subgraph::Accounts => accounts::schema().0.sdl_with_options(options),
            Subgraph::Inventory => inventory::schema().0.sdl_with_options(options),
            Subgraph::Products => products::schema().0.sdl_with_options(options),
            Subgraph::Reviews => reviews::schema().0.sdl_with_options(options),
        }
    }

    /// `POST /graphql`, counting requests into `requests`; `GET /requests` reads the count.
    pub(crate) fn routes(self, requests: Arc<AtomicU64>) -> Router {
        let graphql = match self {
            Subgraph::Accounts => graphql_route(accounts::schema().0),
            Subgraph::Inventory => graphql_route(inventory::schema().0),
            Subgraph::Products => graphql_route(products::schema().0),
            Subgraph::Reviews => graphql_route(reviews::schema().0),
        };
        graphql
            .route("/requests", get(requests_served))
            .with_state(requests)
    }
}

fn graphql_route<Q: ObjectType + 'static>(
    schema: Schema<Q, EmptyMutation, EmptySubscription>,
) -> Router<Arc<AtomicU64>> {
    Router::new().route(
        "/graphql",
        post(
            move |State(requests): State<Arc<AtomicU64>>, request: GraphQLRequest| {
                let schema = schema.clone();
                async move {
                    requests.fetch_add(1, Ordering::Relaxed);
                    GraphQLResponse::from(schema.execute(request.into_inner()).await)
                }
            },
        ),
    )
}

async fn requests_served(State(requests): State<Arc<AtomicU64>>) -> String {
    requests.load(Ordering::Relaxed).to_string()
}

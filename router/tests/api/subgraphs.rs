//! Two tiny federation subgraphs for the router's tests: `products` owns `Product` (and has a
//! mutation and a subscription), `reviews` extends it with `reviews`. Both echo the
//! `Authorization` they receive and record every request's headers (or `connection_init`
//! payload) in a [`Seen`], so tests can see what the router forwarded.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{
    Context, Data, EmptyMutation, EmptySubscription, Error, ErrorExtensions, ID, Object,
    SDLExportOptions, Schema, SimpleObject, Subscription,
};
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::Router;
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use futures::{Stream, StreamExt};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a subgraph received: each HTTP request's headers, or each WebSocket's
/// `connection_init` payload, as a JSON object (header names lowercase).
#[derive(Clone, Default)]
pub struct Seen(Arc<Mutex<Vec<Value>>>);

impl Seen {
    fn record(&self, request: Value) {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(request);
        }
    }

    pub fn all(&self) -> Vec<Value> {
        self.0.lock().map(|seen| seen.clone()).unwrap_or_default()
    }

    pub fn last(&self) -> Option<Value> {
        self.all().pop()
    }
}

/// The `Authorization` a subgraph request carried (header, or `connection_init` payload).
#[derive(Clone, Default)]
struct Caller(Option<String>);

#[derive(SimpleObject, Clone)]
struct Product {
    id: ID,
    name: String,
    price: i32,
}

struct Catalog(Mutex<HashMap<String, Product>>);

impl Catalog {
    fn seeded() -> Self {
        let products = [
            ("1", "Keyboard", 12000),
            ("2", "Mouse", 4000),
            ("3", "Monitor", 39000),
        ]
        .into_iter()
        .map(|(id, name, price)| {
            let product = Product {
                id: ID::from(id),
                name: name.into(),
                price,
            };
            (id.to_owned(), product)
        })
        .collect();
        Self(Mutex::new(products))
    }

    fn get(&self, id: &str) -> Option<Product> {
        self.0.lock().ok()?.get(id).cloned()
    }
}

struct ProductsQuery;

#[Object(name = "Query")]
impl ProductsQuery {
    async fn product(&self, ctx: &Context<'_>, id: ID) -> Option<Product> {
        ctx.data_unchecked::<Catalog>().get(&id)
    }

    /// The first `first` products by id.
    async fn products(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 3)] first: i32,
    ) -> Vec<Product> {
        let catalog = ctx.data_unchecked::<Catalog>();
        (1..=first.clamp(0, 3))
            .filter_map(|id| catalog.get(&id.to_string()))
            .collect()
    }

    #[graphql(entity)]
    async fn find_product_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<Product> {
        ctx.data_unchecked::<Catalog>().get(&id)
    }
}

struct ProductsMutation;

#[Object(name = "Mutation")]
impl ProductsMutation {
    /// Fails with `BAD_USER_INPUT` on `name` when the name is blank.
    async fn rename_product(
        &self,
        ctx: &Context<'_>,
        id: ID,
        name: String,
    ) -> async_graphql::Result<Option<Product>> {
        if name.trim().is_empty() {
            return Err(
                Error::new("The name must not be blank.").extend_with(|_, extensions| {
                    extensions.set("code", "BAD_USER_INPUT");
                    extensions.set("field", "name");
                }),
            );
        }
        let Ok(mut products) = ctx.data_unchecked::<Catalog>().0.lock() else {
            return Ok(None);
        };
        let Some(product) = products.get_mut(id.as_str()) else {
            return Ok(None);
        };
        product.name = name;
        Ok(Some(product.clone()))
    }
}

#[derive(SimpleObject)]
struct ProductEvent {
    sequence: i32,
    product: Product,
    /// What the subgraph received as `Authorization` on its WebSocket.
    authorization: Option<String>,
}

struct ProductsSubscription;

#[Subscription(name = "Subscription")]
impl ProductsSubscription {
    /// `count` events about product `id`, 50 ms apart.
    async fn product_events(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = 3)] count: i32,
    ) -> impl Stream<Item = ProductEvent> + use<> {
        let product = ctx.data_unchecked::<Catalog>().get(&id);
        let authorization = ctx.data_opt::<Caller>().and_then(|caller| caller.0.clone());
        let events = product
            .into_iter()
            .flat_map(move |product| (1..=count).map(move |sequence| (sequence, product.clone())));
        futures::stream::iter(events).then(move |(sequence, product)| {
            let authorization = authorization.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                ProductEvent {
                    sequence,
                    product,
                    authorization,
                }
            }
        })
    }
}

type ProductsSchema = Schema<ProductsQuery, ProductsMutation, ProductsSubscription>;

fn products_schema() -> ProductsSchema {
    Schema::build(ProductsQuery, ProductsMutation, ProductsSubscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .data(Catalog::seeded())
        .finish()
}

#[derive(SimpleObject)]
struct Review {
    body: String,
    stars: i32,
}

/// `Product` as the reviews subgraph sees it: the key plus its reviews.
struct ReviewedProduct {
    id: ID,
}

#[Object(name = "Product")]
impl ReviewedProduct {
    async fn id(&self) -> &ID {
        &self.id
    }

    async fn reviews(&self) -> Option<Vec<Review>> {
        let stars = self.id.parse::<i32>().unwrap_or(0) % 5 + 1;
        Some(vec![Review {
            body: format!("Review of product {}", self.id.as_str()),
            stars,
        }])
    }
}

struct ReviewsQuery;

#[Object(name = "Query")]
impl ReviewsQuery {
    /// The `Authorization` header this subgraph received.
    async fn whoami(&self, ctx: &Context<'_>) -> Option<String> {
        ctx.data_opt::<Caller>().and_then(|caller| caller.0.clone())
    }

    /// Answers after `ms` milliseconds, and records `{"finished": "slow"}` when it does: a call
    /// abandoned by the router never finishes.
    async fn slow(&self, ctx: &Context<'_>, ms: u64) -> String {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        if let Some(seen) = ctx.data_opt::<Seen>() {
            seen.record(serde_json::json!({"finished": "slow"}));
        }
        "done".to_owned()
    }

    #[graphql(entity)]
    async fn find_product_by_id(&self, id: ID) -> ReviewedProduct {
        ReviewedProduct { id }
    }
}

type ReviewsSchema = Schema<ReviewsQuery, EmptyMutation, EmptySubscription>;

fn reviews_schema(seen: Seen) -> ReviewsSchema {
    Schema::build(ReviewsQuery, EmptyMutation, EmptySubscription)
        .enable_federation()
        .data(seen)
        .finish()
}

pub fn products_app(seen: Seen) -> Router {
    routes(products_schema(), seen)
}

pub fn reviews_app(seen: Seen) -> Router {
    routes(reviews_schema(seen.clone()), seen)
}

/// The SDL each subgraph prints, as composed into `tests/fixtures/supergraph.graphql`.
pub fn sdl() -> [(&'static str, String); 2] {
    let options = || SDLExportOptions::new().federation();
    [
        ("products", products_schema().sdl_with_options(options())),
        (
            "reviews",
            reviews_schema(Seen::default()).sdl_with_options(options()),
        ),
    ]
}

fn routes<Q, M, S>(schema: Schema<Q, M, S>, seen: Seen) -> Router
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    Router::new()
        .route(
            "/graphql",
            get(websocket::<Q, M, S>).post(execute::<Q, M, S>),
        )
        .with_state((schema, seen))
}

async fn execute<Q, M, S>(
    State((schema, seen)): State<(Schema<Q, M, S>, Seen)>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> GraphQLResponse
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    let recorded: Map<String, Value> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.into())))
        .collect();
    seen.record(Value::Object(recorded));
    let caller = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    schema
        .execute(request.into_inner().data(Caller(caller)))
        .await
        .into()
}

async fn websocket<Q, M, S>(
    State((schema, seen)): State<(Schema<Q, M, S>, Seen)>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response
where
    Q: async_graphql::ObjectType + 'static,
    M: async_graphql::ObjectType + 'static,
    S: async_graphql::SubscriptionType + 'static,
{
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |params| async move {
                    seen.record(params.clone());
                    let authorization = ["Authorization", "authorization"]
                        .iter()
                        .find_map(|key| params.get(*key).and_then(|v| v.as_str()))
                        .map(str::to_owned);
                    let mut data = Data::default();
                    data.insert(Caller(authorization));
                    Ok(data)
                })
                .serve()
        })
}

//! Each subgraph resolves a gateway's batch of representations with one lookup, computes
//! `shippingEstimate` from the price and weight the gateway passes, and refuses bad input
//! with a stable code.

use async_graphql::{ObjectType, Request, Schema, Variables};
use gateway_bench::{accounts, inventory, products, reviews};
use serde_json::{Value, json};

async fn run<Q: ObjectType + 'static>(
    schema: &Schema<Q, async_graphql::EmptyMutation, async_graphql::EmptySubscription>,
    query: &str,
    variables: Value,
) -> Value {
    let request = Request::new(query).variables(Variables::from_json(variables));
    serde_json::to_value(schema.execute(request).await).expect("a response")
}

const USERS: &str =
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { name } } }";

#[tokio::test]
async fn accounts_loads_all_representations_of_a_call_in_one_batch() {
    let (schema, counter) = accounts::schema();
    let representations: Vec<Value> = ["3", "1", "6", "42"]
        .iter()
        .map(|id| json!({"__typename": "User", "id": id}))
        .collect();
    let response = run(&schema, USERS, json!({ "r": representations })).await;
    assert_eq!(
        response["data"]["_entities"],
        json!([
            {"name": "Priya Raman"},
            {"name": "Aiko Tanaka"},
            {"name": "Lars Berg"},
            null
        ]),
        "{response}"
    );
    assert_eq!((counter.batches(), counter.keys()), (1, 4));
}

#[tokio::test]
async fn products_loads_a_batch_at_once() {
    let (schema, counter) = products::schema();
    let query =
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { name price } } }";
    let representations = json!([
        {"__typename": "Product", "upc": "2"},
        {"__typename": "Product", "upc": "8"},
    ]);
    let response = run(&schema, query, json!({ "r": representations })).await;
    assert_eq!(
        response["data"]["_entities"],
        json!([{"name": "Sofa", "price": 1299}, {"name": "Fridge", "price": 100000}])
    );
    assert_eq!((counter.batches(), counter.keys()), (1, 2));
}

#[tokio::test]
async fn inventory_estimates_shipping_from_the_price_and_weight_it_is_given() {
    let (schema, counter) = inventory::schema();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { inStock shippingEstimate } } }";
    // The given price and weight decide, not the catalogue's: upc 1 costs 899 there.
    let representations = json!([
        {"__typename": "Product", "upc": "1", "price": 899, "weight": 100},
        {"__typename": "Product", "upc": "1", "price": 5000, "weight": 100},
        {"__typename": "Product", "upc": "3"},
    ]);
    let response = run(&schema, query, json!({ "r": representations })).await;
    assert_eq!(
        response["data"]["_entities"],
        json!([
            {"inStock": true, "shippingEstimate": 50},
            {"inStock": true, "shippingEstimate": 0},
            {"inStock": false, "shippingEstimate": null},
        ]),
        "{response}"
    );
    // upc 1 twice is one key.
    assert_eq!((counter.batches(), counter.keys()), (1, 2));
}

#[tokio::test]
async fn reviews_loads_the_reviews_of_every_author_in_one_batch() {
    let (schema, counters) = reviews::schema();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { reviews { id author { username } } } } }";
    let representations = json!([
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "6"},
    ]);
    let response = run(&schema, query, json!({ "r": representations })).await;
    assert_eq!(
        response["data"]["_entities"],
        json!([
            {"reviews": [
                {"id": "1", "author": {"username": "aiko"}},
                {"id": "7", "author": {"username": "aiko"}},
            ]},
            {"reviews": [{"id": "6", "author": {"username": "lars"}}]},
        ]),
        "{response}"
    );
    assert_eq!(
        (counters.by_author.batches(), counters.by_author.keys()),
        (1, 2)
    );
}

#[tokio::test]
async fn a_negative_first_is_bad_user_input() {
    let (schema, _) = products::schema();
    let response = run(&schema, "{ topProducts(first: -1) { upc } }", json!({})).await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    let response = run(&schema, "{ topProducts(first: 2) { upc } }", json!({})).await;
    assert_eq!(
        response["data"]["topProducts"],
        json!([{"upc": "1"}, {"upc": "2"}])
    );
}

//! The inventory subgraph: adds `inStock` to `Product` and `shippingEstimate`, which
//! `@requires` the price and weight products owns. The gateway has to fetch those from
//! products first and pass them in the representation; the estimate is computed from what it
//! passes, so a gateway that drops them answers `null`.

use crate::batch_loader::{BatchCounter, BatchLoader, batch_loader, load_one};
use crate::data;
use async_graphql::dataloader::DataLoader;
use async_graphql::{
    ComplexObject, Context, EmptyMutation, EmptySubscription, Object, Schema, SimpleObject,
};
use std::sync::Arc;

pub type InventorySchema = Schema<Query, EmptyMutation, EmptySubscription>;

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Product {
    upc: String,
    #[graphql(external)]
    weight: Option<i32>,
    #[graphql(external)]
    price: Option<i32>,
    in_stock: Option<bool>,
}

#[ComplexObject]
impl Product {
    #[graphql(requires = "price weight")]
    async fn shipping_estimate(&self) -> Option<i32> {
        data::shipping_estimate(self.price, self.weight)
    }
}

type StockLoader = DataLoader<BatchLoader<String, bool>>;

pub struct Query;

#[Object]
impl Query {
    /// `price` and `weight` are not keys: they arrive in the representation when a query asks
    /// for `shippingEstimate`, and are absent otherwise.
    #[graphql(entity)]
    async fn product_by_upc(
        &self,
        ctx: &Context<'_>,
        #[graphql(key)] upc: String,
        price: Option<i32>,
        weight: Option<i32>,
    ) -> Option<Product> {
        let in_stock = load_one(ctx.data_unchecked::<StockLoader>(), upc.clone()).await?;
        Some(Product {
            upc,
            weight,
            price,
            in_stock: Some(in_stock),
        })
    }
}

/// The schema and the counter of its entity batches.
pub fn schema() -> (InventorySchema, Arc<BatchCounter>) {
    let (stock, counter) =
        batch_loader(|upc: &String| data::product_by_upc(upc).map(|product| product.in_stock));
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .enable_federation()
        .data(stock)
        .finish();
    (schema, counter)
}

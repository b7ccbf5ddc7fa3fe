//! The products subgraph: owns `Product` (`@key(fields: "upc")`) with its name, price and
//! weight, and the root field `topProducts(first:)`.

use crate::batch_loader::{BatchCounter, BatchLoader, batch_loader, load_one};
use crate::data::{self, DEFAULT_TOP_PRODUCTS, PRODUCTS, ProductRow};
use async_graphql::dataloader::DataLoader;
use async_graphql::{
    Context, EmptyMutation, EmptySubscription, ErrorExtensions, Object, Result, Schema,
};
use std::sync::Arc;

pub type ProductsSchema = Schema<Query, EmptyMutation, EmptySubscription>;

pub struct Product(ProductRow);

#[Object]
impl Product {
    async fn upc(&self) -> &str {
        self.0.upc
    }

    async fn name(&self) -> Option<&str> {
        Some(self.0.name)
    }

    async fn price(&self) -> Option<i32> {
        Some(self.0.price)
    }

    async fn weight(&self) -> Option<i32> {
        Some(self.0.weight)
    }
}

type ProductLoader = DataLoader<BatchLoader<String, ProductRow>>;

pub struct Query;

#[Object]
impl Query {
    /// The first `first` products of the catalogue.
    async fn top_products(
        &self,
        #[graphql(default = 5)] first: Option<i32>,
    ) -> Result<Option<Vec<Option<Product>>>> {
        let count = match first {
            None => DEFAULT_TOP_PRODUCTS,
            Some(first) => usize::try_from(first).map_err(|_| {
                async_graphql::Error::new("first must not be negative")
                    .extend_with(|_, ext| ext.set("code", "BAD_USER_INPUT"))
            })?,
        };
        Ok(Some(
            PRODUCTS
                .into_iter()
                .take(count)
                .map(|product| Some(Product(product)))
                .collect(),
        ))
    }

    #[graphql(entity)]
    async fn product_by_upc(&self, ctx: &Context<'_>, upc: String) -> Option<Product> {
        load_one(ctx.data_unchecked::<ProductLoader>(), upc)
            .await
            .map(Product)
    }
}

/// The schema and the counter of its entity batches.
pub fn schema() -> (ProductsSchema, Arc<BatchCounter>) {
    let (products, counter) = batch_loader(|upc: &String| data::product_by_upc(upc).copied());
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .enable_federation()
        .data(products)
        .finish();
    (schema, counter)
}

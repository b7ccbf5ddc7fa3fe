//! The reviews subgraph: owns `Review` (`@key(fields: "id")`) and adds `reviews` to `User`
//! and `Product`. It keeps a copy of its authors' usernames, so `Review.author` can
//! `@provides(fields: "username")` and spare the gateway a trip to accounts for it.

use crate::batch_loader::{BatchCounter, BatchLoader, batch_loader, load_one};
use crate::data::{self, ReviewRow};
use async_graphql::dataloader::DataLoader;
use async_graphql::{
    ComplexObject, Context, EmptyMutation, EmptySubscription, ID, Object, Schema, SimpleObject,
};
use std::sync::Arc;

pub type ReviewsSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Loader keys: one type per relation, so each loader is its own schema data entry.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AuthorId(String);
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ProductUpc(String);

type ReviewLoader = DataLoader<BatchLoader<String, ReviewRow>>;
type ByAuthorLoader = DataLoader<BatchLoader<AuthorId, Vec<ReviewRow>>>;
type ByProductLoader = DataLoader<BatchLoader<ProductUpc, Vec<ReviewRow>>>;

pub struct Review(ReviewRow);

#[Object]
impl Review {
    async fn id(&self) -> ID {
        ID(self.0.id.to_owned())
    }

    async fn body(&self) -> Option<&str> {
        Some(self.0.body)
    }

    async fn product(&self) -> Option<Product> {
        Some(Product {
            upc: self.0.product_upc.to_owned(),
        })
    }

    #[graphql(provides = "username")]
    async fn author(&self) -> Option<User> {
        Some(User::new(self.0.author_id))
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct User {
    id: ID,
    #[graphql(external)]
    username: Option<String>,
}

impl User {
    fn new(id: &str) -> Self {
        Self {
            id: ID(id.to_owned()),
            username: data::user_by_id(id).map(|user| user.username.to_owned()),
        }
    }
}

#[ComplexObject]
impl User {
    async fn reviews(&self, ctx: &Context<'_>) -> Option<Vec<Option<Review>>> {
        let key = AuthorId(self.id.0.clone());
        let reviews = load_one(ctx.data_unchecked::<ByAuthorLoader>(), key).await?;
        Some(reviews.into_iter().map(|row| Some(Review(row))).collect())
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Product {
    upc: String,
}

#[ComplexObject]
impl Product {
    async fn reviews(&self, ctx: &Context<'_>) -> Option<Vec<Option<Review>>> {
        let key = ProductUpc(self.upc.clone());
        let reviews = load_one(ctx.data_unchecked::<ByProductLoader>(), key).await?;
        Some(reviews.into_iter().map(|row| Some(Review(row))).collect())
    }
}

pub struct Query;

#[Object]
impl Query {
    #[graphql(entity)]
    async fn review_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<Review> {
        load_one(ctx.data_unchecked::<ReviewLoader>(), id.0)
            .await
            .map(Review)
    }

    /// Users and products are known by key alone here; their reviews load in batches.
    #[graphql(entity)]
    async fn user_by_id(&self, id: ID) -> User {
        User::new(&id)
    }

    #[graphql(entity)]
    async fn product_by_upc(&self, upc: String) -> Product {
        Product { upc }
    }
}

/// The counters of the schema's batched lookups.
pub struct ReviewsCounters {
    pub by_id: Arc<BatchCounter>,
    pub by_author: Arc<BatchCounter>,
    pub by_product: Arc<BatchCounter>,
}

pub fn schema() -> (ReviewsSchema, ReviewsCounters) {
    let (by_id, by_id_counter) = batch_loader(|id: &String| data::review_by_id(id).copied());
    let (by_author, by_author_counter) =
        batch_loader(|AuthorId(id): &AuthorId| Some(data::reviews_by_author(id)));
    let (by_product, by_product_counter) =
        batch_loader(|ProductUpc(upc): &ProductUpc| Some(data::reviews_of_product(upc)));
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .enable_federation()
        .data(by_id)
        .data(by_author)
        .data(by_product)
        .finish();
    let counters = ReviewsCounters {
        by_id: by_id_counter,
        by_author: by_author_counter,
        by_product: by_product_counter,
    };
    (schema, counters)
}

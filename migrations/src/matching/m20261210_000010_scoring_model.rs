//! The model whose scores matching's lists show (`match_scoring_model`, one row).
//!
//! Scores of two embedding models are not comparable, so a list must never mix them. When the
//! model changes, the new model's scores are computed in the background and shown all at once:
//! this row names the model the lists read, and the switch rewrites it in the transaction that
//! rescored the last pair.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "match_scoring_model";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(integer("id").primary_key())
                    .col(string("model_id"))
                    .col(timestamp_with_time_zone("switched_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TABLE).to_owned())
            .await
    }
}

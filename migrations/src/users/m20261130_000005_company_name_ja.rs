//! A company's Japanese trade name (e.g. 株式会社さくらシステムズ), beside its kana reading:
//! candidates search postings by either.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("company_profiles")
                    .add_column(string_null("name_ja"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("company_profiles")
                    .drop_column("name_ja")
                    .to_owned(),
            )
            .await
    }
}

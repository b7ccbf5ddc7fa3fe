//! Users, their candidate profiles and the users outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(string("email"))
                    .col(string("email_normalized").unique_key())
                    .col(string("password_hash"))
                    .col(string("first_name"))
                    .col(string("last_name"))
                    .col(string_null("first_name_kana"))
                    .col(string_null("last_name_kana"))
                    .col(string("role"))
                    .col(string("status"))
                    .col(string("language"))
                    .col(timestamp_with_time_zone_null("privacy_consent_at"))
                    .col(boolean("marketing_consent").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_role_status")
                    .table("users")
                    .col("role")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("candidate_profiles")
                    .if_not_exists()
                    .col(uuid("user_id").primary_key())
                    .col(string_null("nationality"))
                    .col(string_null("current_country"))
                    .col(string_null("visa_status"))
                    .col(string_null("jlpt_level"))
                    .col(integer("years_experience").default(0))
                    .col(json("skills"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_candidate_profiles_user")
                            .from("candidate_profiles", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        crate::outbox::create(manager, super::OUTBOX_TABLE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::drop(manager, super::OUTBOX_TABLE).await?;
        manager
            .drop_table(Table::drop().table("candidate_profiles").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("users").to_owned())
            .await
    }
}

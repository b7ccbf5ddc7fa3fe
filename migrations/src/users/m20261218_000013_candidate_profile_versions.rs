//! Saved versions of a candidate's profile: every change saves the whole profile as a new
//! numbered version, so a candidate chooses which one an application sends and the company reads
//! the profile as it was sent, not as it is edited afterwards.
//!
//! `candidate_profiles.version` is the current version (0 for a profile not saved since this
//! migration); `candidate_applications.profile_version` is the version an application sent.
//! Profiles saved before it get their first version at their next change: the migration cannot
//! write the snapshot's JSON the service writes on both backends alike.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, json, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "candidate_profile_versions";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(uuid("user_id"))
                    .col(integer("version"))
                    .col(json("data"))
                    .col(json("changed_fields"))
                    .col(timestamp_with_time_zone("saved_at"))
                    .primary_key(Index::create().col("user_id").col("version"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TABLE, "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_profiles")
                    .add_column(integer("version").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_applications")
                    .add_column(integer_null("profile_version"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_applications")
                    .drop_column("profile_version")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_profiles")
                    .drop_column("version")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(TABLE).if_exists().to_owned())
            .await
    }
}

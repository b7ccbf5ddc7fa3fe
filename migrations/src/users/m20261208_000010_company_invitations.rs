//! Company invitations by e-mail: a member who manages the company invites an address with a
//! member role; the mailed secret (stored as SHA-256) is accepted once, by the account with
//! that address or by the person who creates it from the invitation. Open, accepted, revoked
//! and expired invitations are kept for the company's record.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, string, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INVITATIONS: &str = "company_invitations";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(INVITATIONS)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("company_id"))
                    .col(string("email"))
                    .col(string("email_normalized"))
                    .col(string("role"))
                    .col(string("token_hash").unique_key())
                    .col(uuid("invited_by"))
                    .col(integer("sent_count").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_sent_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("accepted_at"))
                    .col(uuid_null("accepted_by"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(uuid_null("revoked_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_company_invitations_company_email")
                    .table(INVITATIONS)
                    .col("company_id")
                    .col("email_normalized")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(INVITATIONS).to_owned())
            .await
    }
}

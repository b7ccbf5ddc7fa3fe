//! Verified employers. A company is `unverified` until an administrator approves the evidence
//! its members submit (the 13-digit corporate number, the requester's work e-mail on the
//! company's domain, and for recruitment agencies their licence number); the review's outcome
//! and who made it are kept beside the evidence.
//!
//! Company roles stop granting `candidates:read`: a company reaches a candidate's private
//! fields only through the candidate's own act (interest in a match, an application), and
//! only once it is verified. Administrators keep it through `*`.
//!
//! SQLite alters one column per statement, so each column is its own `ALTER TABLE`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, string, string_null, text_null, timestamp_with_time_zone_null, uuid_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "company_profiles";
const COLUMNS: &[&str] = &[
    "verification_status",
    "corporate_number",
    "recruitment_agency",
    "agency_licence_number",
    "verification_email",
    "verification_requested_by",
    "verification_requested_at",
    "verification_reviewed_by",
    "verification_reviewed_at",
    "verification_note",
];
const INDEX: &str = "idx_company_profiles_verification";
const COMPANY_ROLES: &[&str] = &["employer", "recruiter", "hr_manager"];
const CANDIDATES_READ: &str = "candidates:read";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            string("verification_status")
                .default("unverified")
                .to_owned(),
            string_null("corporate_number"),
            boolean("recruitment_agency").default(false).to_owned(),
            string_null("agency_licence_number"),
            string_null("verification_email"),
            uuid_null("verification_requested_by"),
            timestamp_with_time_zone_null("verification_requested_at"),
            uuid_null("verification_reviewed_by"),
            timestamp_with_time_zone_null("verification_reviewed_at"),
            text_null("verification_note"),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(TABLE)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(TABLE)
                    .col("verification_status")
                    .col("verification_requested_at")
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table("role_permissions")
                    .and_where(Expr::col("permission").eq(CANDIDATES_READ))
                    .and_where(Expr::col("role").is_in(COMPANY_ROLES.iter().copied()))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut grants = Query::insert();
        grants
            .into_table("role_permissions")
            .columns(["role", "permission"]);
        for role in COMPANY_ROLES {
            grants.values_panic([(*role).into(), CANDIDATES_READ.into()]);
        }
        manager.exec_stmt(grants.to_owned()).await?;
        manager
            .drop_index(Index::drop().name(INDEX).table(TABLE).to_owned())
            .await?;
        for column in COLUMNS {
            manager
                .alter_table(Table::alter().table(TABLE).drop_column(*column).to_owned())
                .await?;
        }
        Ok(())
    }
}

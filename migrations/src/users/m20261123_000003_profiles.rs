//! Profiles: the rest of the candidate profile (city, visa expiry, work authorisation, salary
//! ranges, availability, soft skills, languages, certifications, preferences, work style),
//! company profiles and the people who act for each company.
//!
//! List-valued candidate columns are nullable JSON (null reads as an empty list): SQLite adds a
//! column to existing rows only with a constant default, and a JSON default literal is not
//! portable between the two backends.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_candidate_columns(manager).await?;
        create_company_profiles(manager).await?;
        create_company_members(manager).await?;
        seed_permission(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table("permissions")
                    .and_where(Expr::col("name").eq(COMPANIES_MANAGE))
                    .to_owned(),
            )
            .await?;
        for table in ["company_members", "company_profiles"] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        for column in CANDIDATE_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("candidate_profiles")
                        .drop_column(*column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Lets administrators (through `*`) edit any company profile; roles granted it later may too.
const COMPANIES_MANAGE: &str = "companies:manage";

const CANDIDATE_COLUMNS: &[&str] = &[
    "current_city",
    "visa_expiry_date",
    "work_authorization",
    "current_salary_min",
    "current_salary_max",
    "desired_salary_min",
    "desired_salary_max",
    "availability_date",
    "soft_skills",
    "languages",
    "certifications",
    "preferred_locations",
    "preferred_industries",
    "work_style",
];

/// SQLite alters one column per statement, so each column is its own `ALTER TABLE`.
async fn add_candidate_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let columns = [
        string_null("current_city"),
        date_null("visa_expiry_date"),
        boolean("work_authorization").default(false).to_owned(),
        integer_null("current_salary_min"),
        integer_null("current_salary_max"),
        integer_null("desired_salary_min"),
        integer_null("desired_salary_max"),
        date_null("availability_date"),
        json_null("soft_skills"),
        json_null("languages"),
        json_null("certifications"),
        json_null("preferred_locations"),
        json_null("preferred_industries"),
        string_null("work_style"),
    ];
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_profiles")
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn create_company_profiles(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("company_profiles")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(string("name"))
                .col(string_null("name_kana"))
                .col(string_null("industry"))
                .col(string_null("size"))
                .col(string_null("headquarters_country"))
                .col(string_null("headquarters_city"))
                .col(text_null("description"))
                .col(text_null("description_ja"))
                .col(string_null("website"))
                .col(integer_null("total_employees"))
                .col(integer_null("international_employees"))
                .col(boolean("visa_sponsorship").default(false))
                .col(json("supported_visa_types"))
                .col(json("benefits"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_company_profiles_industry")
                .table("company_profiles")
                .col("industry")
                .to_owned(),
        )
        .await
}

/// Who acts for a company, and as what (`employer`, `recruiter`, `hr_manager`). A person may
/// act for several companies (agency recruiters do).
async fn create_company_members(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("company_members")
                .if_not_exists()
                .col(uuid("company_id"))
                .col(uuid("user_id"))
                .col(string("role"))
                .col(uuid_null("added_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("company_id").col("user_id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_company_members_company")
                        .from("company_members", "company_id")
                        .to("company_profiles", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_company_members_user")
                        .from("company_members", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_company_members_user_id")
                .table("company_members")
                .col("user_id")
                .to_owned(),
        )
        .await
}

async fn seed_permission(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::insert()
                .into_table("permissions")
                .columns(["name", "description"])
                .values_panic([COMPANIES_MANAGE.into(), "companies manage".into()])
                .to_owned(),
        )
        .await
}

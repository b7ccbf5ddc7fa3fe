//! Identity: account state on `users`, roles and permissions as data, signing keys, sessions
//! with rotating refresh tokens, one-time codes, password history, TOTP factors and backup
//! codes, and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_user_columns(manager).await?;
        create_rbac(manager).await?;
        seed_rbac(manager).await?;
        create_tokens(manager).await?;
        create_credentials(manager).await?;
        create_audit_log(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_logs",
            "backup_codes",
            "totp_factors",
            "password_history",
            "one_time_codes",
            "refresh_tokens",
            "sessions",
            "signing_keys",
            "user_roles",
            "role_permissions",
            "permissions",
            "roles",
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        for column in USER_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("users")
                        .drop_column(*column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

const USER_COLUMNS: &[&str] = &[
    "phone",
    "timezone",
    "bio",
    "website",
    "notification_channels",
    "email_verified_at",
    "mfa_enabled",
    "failed_login_count",
    "locked_until",
    "last_login_at",
    "marketing_consent_at",
    "password_changed_at",
    "profile_completed_at",
    "deleted_at",
];

/// SQLite alters one column per statement, so each column is its own `ALTER TABLE`.
async fn add_user_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let columns = [
        string_null("phone"),
        string("timezone").default("Asia/Tokyo").to_owned(),
        text_null("bio"),
        string_null("website"),
        json_null("notification_channels"),
        timestamp_with_time_zone_null("email_verified_at"),
        boolean("mfa_enabled").default(false).to_owned(),
        integer("failed_login_count").default(0).to_owned(),
        timestamp_with_time_zone_null("locked_until"),
        timestamp_with_time_zone_null("last_login_at"),
        timestamp_with_time_zone_null("marketing_consent_at"),
        timestamp_with_time_zone_null("password_changed_at"),
        timestamp_with_time_zone_null("profile_completed_at"),
        timestamp_with_time_zone_null("deleted_at"),
    ];
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

fn user_fk(table: &'static str, column: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to("users", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn create_rbac(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("roles")
                .if_not_exists()
                .col(string("name").primary_key())
                .col(string("description"))
                .col(boolean("self_service").default(false))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("permissions")
                .if_not_exists()
                .col(string("name").primary_key())
                .col(string("description"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("role_permissions")
                .if_not_exists()
                .col(string("role"))
                .col(string("permission"))
                .primary_key(Index::create().col("role").col("permission"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_role_permissions_role")
                        .from("role_permissions", "role")
                        .to("roles", "name")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_role_permissions_permission")
                        .from("role_permissions", "permission")
                        .to("permissions", "name")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("user_roles")
                .if_not_exists()
                .col(uuid("user_id"))
                .col(string("role"))
                .col(uuid_null("granted_by"))
                .col(timestamp_with_time_zone("granted_at"))
                .primary_key(Index::create().col("user_id").col("role"))
                .foreign_key(&mut user_fk("user_roles", "user_id"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_user_roles_role")
                        .from("user_roles", "role")
                        .to("roles", "name"),
                )
                .to_owned(),
        )
        .await?;
    Ok(())
}

/// The default roles and permissions (the platform's RBAC map). They are data: admins change
/// them later without a migration.
const ROLES: &[(&str, &str, bool, &[&str])] = &[
    ("admin", "Platform administrator", false, &["*"]),
    (
        "hr_manager",
        "Company HR manager",
        false,
        &[
            "jobs:create",
            "jobs:read",
            "jobs:update",
            "jobs:delete",
            "candidates:read",
            "matches:read",
            "analytics:read",
        ],
    ),
    (
        "recruiter",
        "Recruiter",
        true,
        &[
            "jobs:read",
            "candidates:read",
            "matches:read",
            "interviews:create",
        ],
    ),
    (
        "candidate",
        "Candidate looking for work in Japan",
        true,
        &[
            "profile:read",
            "profile:update",
            "jobs:read",
            "applications:create",
        ],
    ),
    (
        "employer",
        "Employer",
        true,
        &[
            "jobs:create",
            "jobs:read",
            "jobs:update",
            "candidates:read",
            "matches:read",
        ],
    ),
];

/// Permissions only `*` grants by default: the admin surface.
const ADMIN_PERMISSIONS: &[&str] = &[
    "users:read",
    "users:manage",
    "roles:manage",
    "audit:read",
    "keys:manage",
];

async fn seed_rbac(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut permissions: Vec<&str> = ROLES
        .iter()
        .flat_map(|(_, _, _, granted)| granted.iter().copied())
        .chain(ADMIN_PERMISSIONS.iter().copied())
        .collect();
    permissions.sort_unstable();
    permissions.dedup();
    let mut insert = Query::insert();
    insert
        .into_table("permissions")
        .columns(["name", "description"]);
    for permission in &permissions {
        let description = if *permission == "*" {
            "every permission".to_owned()
        } else {
            permission.replace(':', " ")
        };
        insert.values_panic([(*permission).into(), description.into()]);
    }
    manager.exec_stmt(insert.to_owned()).await?;
    let mut roles = Query::insert();
    roles
        .into_table("roles")
        .columns(["name", "description", "self_service"]);
    let mut grants = Query::insert();
    grants
        .into_table("role_permissions")
        .columns(["role", "permission"]);
    for (role, description, self_service, granted) in ROLES {
        roles.values_panic([
            (*role).into(),
            (*description).into(),
            (*self_service).into(),
        ]);
        for permission in *granted {
            grants.values_panic([(*role).into(), (*permission).into()]);
        }
    }
    manager.exec_stmt(roles.to_owned()).await?;
    manager.exec_stmt(grants.to_owned()).await?;
    // Accounts created before roles were data get their role as a grant.
    let backfill = Query::insert()
        .into_table("user_roles")
        .columns(["user_id", "role", "granted_at"])
        .select_from(
            Query::select()
                .columns(["id", "role", "created_at"])
                .from("users")
                .to_owned(),
        )
        .map_err(|err| DbErr::Migration(err.to_string()))?
        .to_owned();
    manager.exec_stmt(backfill).await
}

async fn create_tokens(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("signing_keys")
                .if_not_exists()
                .col(string("kid").primary_key())
                .col(string("algorithm"))
                .col(text("private_key_der"))
                .col(text("public_jwk"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("retired_at"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("sessions")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(string_null("user_agent"))
                .col(string_null("ip"))
                .col(boolean("remember_me").default(false))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_active_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(string_null("revoked_reason"))
                .foreign_key(&mut user_fk("sessions", "user_id"))
                .to_owned(),
        )
        .await?;
    index(manager, "sessions", &["user_id"]).await?;
    manager
        .create_table(
            Table::create()
                .table("refresh_tokens")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid("family_id"))
                .col(string("token_hash").unique_key())
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("rotated_at"))
                .col(uuid_null("replaced_by"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_refresh_tokens_family")
                        .from("refresh_tokens", "family_id")
                        .to("sessions", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    index(manager, "refresh_tokens", &["family_id"]).await
}

async fn create_credentials(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("one_time_codes")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(string("purpose"))
                .col(string("code_hash"))
                .col(integer("failed_attempts").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut user_fk("one_time_codes", "user_id"))
                .to_owned(),
        )
        .await?;
    index(manager, "one_time_codes", &["user_id", "purpose"]).await?;
    manager
        .create_table(
            Table::create()
                .table("password_history")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(string("password_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut user_fk("password_history", "user_id"))
                .to_owned(),
        )
        .await?;
    index(manager, "password_history", &["user_id"]).await?;
    manager
        .create_table(
            Table::create()
                .table("totp_factors")
                .if_not_exists()
                .col(uuid("user_id").primary_key())
                .col(string("secret"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(big_integer_null("last_used_step"))
                .foreign_key(&mut user_fk("totp_factors", "user_id"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table("backup_codes")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(string("code_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut user_fk("backup_codes", "user_id"))
                .to_owned(),
        )
        .await?;
    index(manager, "backup_codes", &["user_id"]).await
}

/// The audit log outlives the people in it: no foreign key, so deleting (anonymising) an
/// account keeps its trail.
async fn create_audit_log(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("audit_logs")
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(uuid_null("actor_id"))
                .col(string("action"))
                .col(string_null("target_type"))
                .col(uuid_null("target_id"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .col(boolean("success"))
                .col(json("details"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
    index(manager, "audit_logs", &["target_id"]).await?;
    index(manager, "audit_logs", &["actor_id"]).await?;
    index(manager, "audit_logs", &["action", "created_at"]).await
}

async fn index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement
        .name(format!("idx_{table}_{}", columns.join("_")))
        .table(table);
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

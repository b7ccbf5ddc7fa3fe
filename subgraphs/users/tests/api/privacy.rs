//! Data export and account deletion on the users subgraph.

use crate::helpers::{PASSWORD, code, error_fields, spawn_app};
use entities::users::{audit_log, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

#[tokio::test]
async fn the_export_holds_the_callers_data_but_no_secrets() {
    let app = spawn_app().await;
    let aiko = app.signed_up("aiko@example.jp", "CANDIDATE").await;
    app.data(
        Some(&aiko.token),
        "mutation { updateCandidateProfile(input: {technicalSkills: [\"rust\"]}) { id } }",
        json!({}),
    )
    .await;
    let export = app
        .data(Some(&aiko.token), "mutation { exportMyData }", json!({}))
        .await["exportMyData"]
        .clone();
    assert_eq!(export["user"]["email"], "aiko@example.jp");
    assert_eq!(export["roles"], json!(["candidate"]));
    assert_eq!(
        export["candidateProfile"]["technicalSkills"],
        json!(["rust"])
    );
    assert_eq!(export["sessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(export["consents"]["privacy"]["given"], true);
    assert!(
        export["auditLog"]
            .as_array()
            .is_some_and(|rows| !rows.is_empty())
    );
    let text = export.to_string();
    for secret in [
        "password_hash",
        "passwordHash",
        "$argon2",
        "secret",
        "token_hash",
    ] {
        assert!(!text.contains(secret), "export leaks {secret}: {text}");
    }
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("data_export"))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(audited.len(), 1);
}

#[tokio::test]
async fn deleting_the_account_anonymises_it_ends_sessions_and_frees_the_email() {
    let app = spawn_app().await;
    let aiko = app.signed_up("aiko@example.jp", "CANDIDATE").await;
    let delete = "mutation($password: String!) { deleteMyAccount(password: $password) }";
    let wrong = app
        .post(
            Some(&aiko.token),
            delete,
            json!({"password": "not my password at all"}),
        )
        .await;
    assert_eq!(error_fields(&wrong), ["password"]);

    let deleted = app
        .data(Some(&aiko.token), delete, json!({"password": PASSWORD}))
        .await;
    assert_eq!(deleted["deleteMyAccount"], true);
    let after = app
        .post(Some(&aiko.token), "{ me { id } }", json!({}))
        .await;
    assert_eq!(code(&after), "UNAUTHENTICATED");
    assert_eq!(
        app.login("aiko@example.jp", PASSWORD)
            .await
            .err()
            .as_deref(),
        Some("UNAUTHENTICATED")
    );

    let id = uuid::Uuid::parse_str(&aiko.id).expect("uuid");
    let row = user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row kept");
    assert_eq!(row.status, "deleted");
    assert_eq!(row.email, format!("deleted-{id}@deleted.invalid"));
    assert_eq!(row.first_name, "Deleted user");
    assert!(row.deleted_at.is_some());
    let trail = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(id))
        .all(&app.db)
        .await
        .expect("audit");
    assert!(trail.iter().any(|row| row.action == "account_deleted"));
    assert!(trail.iter().any(|row| row.action == "login"));
    assert_eq!(app.events("user.deleted").await.len(), 1);

    let again = app.signed_up("aiko@example.jp", "CANDIDATE").await;
    assert_ne!(again.id, aiko.id);
}

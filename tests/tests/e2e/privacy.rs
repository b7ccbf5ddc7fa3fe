//! The caller's rights over their data, through the router: a full export without secrets, and
//! account deletion that erases personal data, ends every session, keeps the audit trail and
//! frees the e-mail address.

use e2e::identity::{LOGIN, PASSWORD};
use e2e::records::{audit_actions, error_code, error_fields, outbox_events, stored_user};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::json;

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

async fn the_export_holds_the_callers_data_and_no_secrets(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let aiko = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let client = test.as_user(&aiko.access_token);
    client
        .data(
            r#"mutation { updateCandidateProfile(input: {technicalSkills: ["rust"], workStyle: REMOTE}) { id } }"#,
            json!({}),
        )
        .await;
    client
        .data(
            r#"mutation { updateProfile(input: {phone: "+81 90 1234 5678"}) { id } }"#,
            json!({}),
        )
        .await;

    let export = client.data("mutation { exportMyData }", json!({})).await["exportMyData"].clone();
    assert_eq!(export["user"]["id"], aiko.id.as_str());
    assert_eq!(export["user"]["email"], "aiko@example.jp");
    assert_eq!(export["user"]["phone"], "+819012345678");
    assert_eq!(export["roles"], json!(["candidate"]));
    assert_eq!(export["consents"]["privacy"]["given"], true);
    assert_eq!(
        export["candidateProfile"]["technicalSkills"],
        json!(["rust"])
    );
    assert_eq!(export["candidateProfile"]["workStyle"], "remote");
    assert_eq!(export["companyMemberships"], json!([]));
    let sessions = export["sessions"].as_array().expect("sessions");
    assert!(
        sessions
            .iter()
            .any(|session| session["id"] == aiko.session_id.as_str())
    );
    let audited: Vec<&str> = export["auditLog"]
        .as_array()
        .expect("audit rows")
        .iter()
        .filter_map(|row| row["action"].as_str())
        .collect();
    assert!(audited.contains(&"login"), "{audited:?}");
    assert!(audited.contains(&"profile_updated"), "{audited:?}");

    let text = export.to_string();
    for secret in [
        "password_hash",
        "passwordHash",
        "$argon2",
        "secret",
        "tokenHash",
        "codeHash",
    ] {
        assert!(!text.contains(secret), "the export leaks {secret}: {text}");
    }
    assert!(
        audit_actions(&test, &aiko.id)
            .await
            .iter()
            .any(|action| action == "data_export")
    );

    let anonymous = test
        .client
        .post("mutation { exportMyData }", json!({}))
        .await;
    assert_eq!(error_code(&anonymous.body), "UNAUTHENTICATED");
}
on_both_backends!(the_export_holds_the_callers_data_and_no_secrets);

const DELETE: &str = "mutation($password: String!) { deleteMyAccount(password: $password) }";

async fn deleting_the_account_erases_it_but_keeps_the_audit_trail(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let aiko = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let second_device = test.login("aiko@example.jp").await;
    let client = test.as_user(&aiko.access_token);
    client
        .data(
            r#"mutation { updateCandidateProfile(input: {technicalSkills: ["rust"]}) { id } }"#,
            json!({}),
        )
        .await;

    let wrong = client
        .post(DELETE, json!({"password": "not my password at all"}))
        .await;
    assert_eq!(error_code(&wrong.body), "BAD_USER_INPUT");
    assert_eq!(error_fields(&wrong.body), ["password"]);
    let me = client.data("{ me { id } }", json!({})).await;
    assert_eq!(me["me"]["id"], aiko.id.as_str());

    let deleted = client.data(DELETE, json!({"password": PASSWORD})).await;
    assert_eq!(deleted["deleteMyAccount"], true);

    // Every session ends at once: both devices' tokens are refused.
    for token in [&aiko.access_token, &second_device.access_token] {
        let after = test.as_user(token).post("{ me { id } }", json!({})).await;
        assert_eq!(error_code(&after.body), "UNAUTHENTICATED", "{}", after.body);
    }
    let login = test
        .client
        .post(
            LOGIN,
            json!({"email": "aiko@example.jp", "password": PASSWORD, "rememberMe": false}),
        )
        .await;
    assert_eq!(error_code(&login.body), "UNAUTHENTICATED");

    let row = stored_user(&test, &aiko.id).await.expect("the row stays");
    assert_eq!(row.status, "deleted");
    assert_eq!(row.email, format!("deleted-{}@deleted.invalid", aiko.id));
    assert_eq!(row.first_name, "Deleted user");
    assert_eq!(row.last_name, "Deleted user");
    assert_eq!(row.last_name_kana, None);
    assert_eq!(row.phone, None);
    assert!(row.deleted_at.is_some());
    assert!(!row.password_hash.is_empty());

    let trail = audit_actions(&test, &aiko.id).await;
    for action in [
        "login",
        "candidate_profile_updated",
        "password_recheck",
        "account_deleted",
    ] {
        assert!(
            trail.iter().any(|row| row == action),
            "{action} missing from {trail:?}"
        );
    }
    let events = outbox_events(&test, "user.deleted").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["userId"], aiko.id.as_str());

    // The address is free again, for a new account.
    let again = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    assert_ne!(again.id, aiko.id);
    let fresh = test
        .as_user(&again.access_token)
        .data("{ me { email candidateProfile { id } } }", json!({}))
        .await;
    assert_eq!(
        fresh["me"],
        json!({"email": "aiko@example.jp", "candidateProfile": null})
    );
}
on_both_backends!(deleting_the_account_erases_it_but_keeps_the_audit_trail);

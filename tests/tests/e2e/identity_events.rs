//! The events an account's life raises, through the router: every state change of the identity
//! service leaves its event in the users outbox (in the same transaction as the change), which is
//! what other subgraphs and subscriptions are fed from.

use e2e::identity::{LOGIN, PASSWORD, account_from, with_admin};
use e2e::records::outbox_event_types;
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::json;

const NEW_PASSWORD: &str = "copper meadow lantern 77";

async fn an_accounts_life_raises_one_event_per_state_change(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let admin = test.admin().await;

    // Sign-up, verification and sign-in.
    let account = test.signed_up("lifecycle@example.jp", "CANDIDATE").await;
    let me = test.as_user(&account.access_token);

    // Password change, then MFA enrolment.
    me.data(
        "mutation($current: String!, $new: String!) { changePassword(currentPassword: $current, newPassword: $new) }",
        json!({"current": PASSWORD, "new": NEW_PASSWORD}),
    )
    .await;
    let setup = me.data("mutation { setupMfa { secret } }", json!({})).await;
    let secret = setup["setupMfa"]["secret"].as_str().unwrap();
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap().to_vec();
    let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    me.data(
        "mutation($code: String!) { confirmMfa(code: $code) { codes } }",
        json!({"code": totp.generate(now).to_string()}),
    )
    .await;

    // An administrator suspends and reinstates the account.
    for status in ["SUSPENDED", "ACTIVE"] {
        admin
            .data(
                "mutation($id: ID!, $status: UserStatus!) { setUserStatus(userId: $id, status: $status) { status } }",
                json!({"id": account.id, "status": status}),
            )
            .await;
    }

    // Signing in again (now with MFA) and signing out.
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    let again = test
        .client
        .data(
            LOGIN,
            json!({
                "email": account.email,
                "password": NEW_PASSWORD,
                "mfaCode": totp.generate(now + 30).to_string(),
            }),
        )
        .await;
    let session = account_from(&again["login"]["tokens"], &account.email);
    test.as_user(&session.access_token)
        .data("mutation { logout }", json!({}))
        .await;

    let events = outbox_event_types(&test, &account.id).await;
    let position = |event: &str, from: usize| {
        events[from..]
            .iter()
            .position(|seen| seen == event)
            .map(|at| at + from)
            .unwrap_or_else(|| panic!("{event} missing after #{from} in {events:?}"))
    };
    // In the order the changes happened; `user.updated` accompanies MFA enrolment.
    let mut at = 0;
    for event in [
        "user.created",
        "user.email_verified",
        "user.activated",
        "user.login",
        "user.password_changed",
        "user.mfa_enabled",
        "user.deactivated",
        "user.activated",
        "user.login",
        "user.logout",
    ] {
        at = position(event, at) + 1;
    }
    let count = |event: &str| events.iter().filter(|seen| *seen == event).count();
    assert_eq!(count("user.created"), 1, "{events:?}");
    assert_eq!(count("user.login"), 2, "{events:?}");
    assert_eq!(count("user.password_changed"), 1, "{events:?}");
    assert_eq!(count("user.security_violation"), 0, "{events:?}");
}
on_both_backends!(an_accounts_life_raises_one_event_per_state_change);

//! Changing and resetting passwords.

use e2e::identity::{LOGIN, PASSWORD, mailed_code, mails_to};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const CHANGE: &str = "mutation($current: String!, $new: String!) { changePassword(currentPassword: $current, newPassword: $new) }";
const REQUEST_RESET: &str = "mutation($email: String!) { requestPasswordReset(email: $email) }";
const RESET: &str = "mutation($code: String!, $new: String!, $mfa: String) { resetPassword(code: $code, newPassword: $new, mfaCode: $mfa) }";

fn error(body: &Value) -> (Value, Value) {
    let ext = &body["errors"][0]["extensions"];
    (ext["code"].clone(), ext["field"].clone())
}

async fn changing_the_password_refuses_the_last_five_and_ends_other_sessions(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let here = test.signed_up("change@example.jp", "CANDIDATE").await;
    let elsewhere = test.login("change@example.jp").await;
    let me = test.as_user(&here.access_token);

    let wrong = me
        .post(
            CHANGE,
            json!({"current": "not my password!", "new": "amber lantern meadow 7"}),
        )
        .await;
    assert_eq!(error(&wrong.body).1, "password");
    let same = me
        .post(CHANGE, json!({"current": PASSWORD, "new": PASSWORD}))
        .await;
    assert_eq!(error(&same.body).1, "newPassword");

    me.data(
        CHANGE,
        json!({"current": PASSWORD, "new": "amber lantern meadow 7"}),
    )
    .await;
    let other = test
        .as_user(&elsewhere.access_token)
        .post("{ me { id } }", json!({}))
        .await;
    assert_eq!(error(&other.body).0, "UNAUTHENTICATED");
    me.data("{ me { id } }", json!({})).await;

    // Back to the first password: still one of the last five.
    let back = me
        .post(
            CHANGE,
            json!({"current": "amber lantern meadow 7", "new": PASSWORD}),
        )
        .await;
    assert_eq!(error(&back.body).1, "newPassword");
    let old = test
        .client
        .post(
            LOGIN,
            json!({"email": "change@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(error(&old.body).0, "UNAUTHENTICATED");
}
on_both_backends!(changing_the_password_refuses_the_last_five_and_ends_other_sessions);

async fn reset_answers_alike_for_any_address_and_its_code_works_once(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let account = test.signed_up("forgot@example.jp", "CANDIDATE").await;
    for email in ["forgot@example.jp", "nobody@example.jp"] {
        let reply = test
            .client
            .post(REQUEST_RESET, json!({"email": email}))
            .await;
        assert_eq!(reply.body, json!({"data": {"requestPasswordReset": true}}));
    }
    let code = mailed_code(&test.mail_dir, "forgot@example.jp", "Reset code:").await;
    assert!(mails_to(&test.mail_dir, "nobody@example.jp").is_empty());

    let weak = test
        .client
        .post(RESET, json!({"code": code, "new": "password1234"}))
        .await;
    assert_eq!(error(&weak.body).1, "newPassword");
    test.client
        .data(
            RESET,
            json!({"code": code, "new": "amber lantern meadow 7"}),
        )
        .await;
    let again = test
        .client
        .post(RESET, json!({"code": code, "new": "cobalt river summit 9"}))
        .await;
    assert_eq!(error(&again.body).1, "code");

    // Every session ended; the new password signs in.
    let old_session = test
        .as_user(&account.access_token)
        .post("{ me { id } }", json!({}))
        .await;
    assert_eq!(error(&old_session.body).0, "UNAUTHENTICATED");
    let login = test
        .client
        .data(
            LOGIN,
            json!({"email": "forgot@example.jp", "password": "amber lantern meadow 7"}),
        )
        .await;
    assert_eq!(login["login"]["status"], "SIGNED_IN");
}
on_both_backends!(reset_answers_alike_for_any_address_and_its_code_works_once);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_never_bypasses_mfa() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let account = test.signed_up("guarded@example.jp", "CANDIDATE").await;
    let me = test.as_user(&account.access_token);
    let setup = me.data("mutation { setupMfa { secret } }", json!({})).await;
    let secret = setup["setupMfa"]["secret"].as_str().unwrap().to_owned();
    let bytes = totp_rs::Secret::try_from_base32(&secret).unwrap().to_vec();
    let totp = totp_rs::Builder::new().with_secret(bytes).build().unwrap();
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    let codes = me
        .data(
            "mutation($c: String!) { confirmMfa(code: $c) { codes } }",
            json!({"c": totp.generate(now).to_string()}),
        )
        .await;
    let backup = codes["confirmMfa"]["codes"][0].as_str().unwrap().to_owned();

    test.client
        .data(REQUEST_RESET, json!({"email": "guarded@example.jp"}))
        .await;
    let code = mailed_code(&test.mail_dir, "guarded@example.jp", "Reset code:").await;
    let without = test
        .client
        .post(
            RESET,
            json!({"code": code, "new": "amber lantern meadow 7"}),
        )
        .await;
    assert_eq!(error(&without.body).0, "MFA_REQUIRED");
    // The code survived the refused attempt and works with the second factor.
    test.client
        .data(
            RESET,
            json!({"code": code, "new": "amber lantern meadow 7", "mfa": backup}),
        )
        .await;
}

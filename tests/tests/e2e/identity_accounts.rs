//! Sign-up, e-mail verification and account state, through the router.

use e2e::identity::{LOGIN, PASSWORD, mailed_code, mails_to, registration};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::json;

const REGISTER: &str = r#"mutation($input: RegisterInput!) { register(input: $input) { id email status emailVerified } }"#;

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

async fn sign_up_mails_a_single_use_link_that_activates_the_account(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let email = "new.candidate@example.jp";
    let data = test
        .client
        .data(REGISTER, json!({"input": registration(email, "CANDIDATE")}))
        .await;
    assert_eq!(data["register"]["status"], "PENDING_VERIFICATION");
    assert_eq!(data["register"]["emailVerified"], false);

    // Until verified, the right password still does not sign in.
    let early = test
        .client
        .post(LOGIN, json!({"email": email, "password": PASSWORD}))
        .await;
    assert_eq!(
        early.body["errors"][0]["extensions"]["code"],
        "EMAIL_NOT_VERIFIED"
    );

    let token = mailed_code(&test.mail_dir, email, "Verification code:").await;
    let verify =
        r#"mutation($token: String!) { verifyEmail(token: $token) { status emailVerified } }"#;
    let verified = test.client.data(verify, json!({"token": token})).await;
    assert_eq!(
        verified["verifyEmail"],
        json!({"status": "ACTIVE", "emailVerified": true})
    );

    // Single use.
    let again = test.client.post(verify, json!({"token": token})).await;
    assert_eq!(
        again.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    assert_eq!(again.body["errors"][0]["extensions"]["field"], "token");

    let account = test.login(email).await;
    let me = test
        .as_user(&account.access_token)
        .data("{ me { email emailVerified status } }", json!({}))
        .await;
    assert_eq!(me["me"]["email"], email);
}
on_both_backends!(sign_up_mails_a_single_use_link_that_activates_the_account);

async fn resending_the_verification_mail_is_throttled_for_any_address(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let email = "slow.reader@example.jp";
    test.client
        .data(REGISTER, json!({"input": registration(email, "EMPLOYER")}))
        .await;
    mailed_code(&test.mail_dir, email, "Verification code:").await;
    let resend = "mutation($email: String!) { resendVerificationEmail(email: $email) }";
    for address in [email, "nobody@example.jp"] {
        let first = test.client.post(resend, json!({"email": address})).await;
        assert_eq!(
            first.body["data"]["resendVerificationEmail"], true,
            "{}",
            first.body
        );
        let second = test.client.post(resend, json!({"email": address})).await;
        assert_eq!(
            second.body["errors"][0]["extensions"]["code"],
            "RATE_LIMITED"
        );
        assert!(
            second.body["errors"][0]["extensions"]["retryAfter"]
                .as_u64()
                .is_some()
        );
    }
    e2e::eventually(5, || async {
        (mails_to(&test.mail_dir, email).len() == 2).then_some(())
    })
    .await
    .expect("a second verification mail");
    // The newest link works; the first was retired when the second was issued.
    let newest = mailed_code(&test.mail_dir, email, "Verification code:").await;
    let verify = r#"mutation($token: String!) { verifyEmail(token: $token) { status } }"#;
    let verified = test.client.data(verify, json!({"token": newest})).await;
    assert_eq!(verified["verifyEmail"]["status"], "ACTIVE");
}
on_both_backends!(resending_the_verification_mail_is_throttled_for_any_address);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_reports_every_policy_violation_at_once() {
    let test = TestStack::start(Backend::Sqlite, options()).await;
    let mut input = registration("kenji.sato@example.jp", "ADMIN");
    input["password"] = json!("password1234");
    input["firstNameKana"] = json!("Kenji");
    let reply = test.client.post(REGISTER, json!({"input": input})).await;
    let fields: Vec<_> = reply.body["errors"][0]["extensions"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|field| field["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["password", "firstNameKana", "role"],
        "{}",
        reply.body
    );

    let mut personal = registration("kenji.sato@example.jp", "CANDIDATE");
    personal["password"] = json!("my name is tanaka ok");
    let reply = test.client.post(REGISTER, json!({"input": personal})).await;
    assert_eq!(reply.body["errors"][0]["extensions"]["field"], "password");
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("name"),
        "{}",
        reply.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_fields_are_only_for_the_user_and_admins() {
    let test = TestStack::start(Backend::Sqlite, options()).await;
    let aiko = test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let ken = test.signed_up("ken@example.jp", "EMPLOYER").await;
    let query = "query($id: ID!) { user(id: $id) { firstName email } }";
    let own = test
        .as_user(&aiko.access_token)
        .data(query, json!({"id": aiko.id}))
        .await;
    assert_eq!(own["user"]["email"], "aiko@example.jp");
    assert_eq!(own["user"]["firstName"], "Aiko");
    // A candidate's name and contact are theirs to disclose: strangers read null, no error.
    for client in [test.client.clone(), test.as_user(&ken.access_token)] {
        let other = client.post(query, json!({"id": aiko.id})).await;
        assert_eq!(
            other.body["data"]["user"],
            json!({"firstName": null, "email": null}),
            "{}",
            other.body
        );
        assert!(other.body.get("errors").is_none(), "{}", other.body);
    }
    // Company staff sign their postings by name; their e-mail is for their colleagues only.
    for client in [test.client.clone(), test.as_user(&aiko.access_token)] {
        let other = client.post(query, json!({"id": ken.id})).await;
        assert_eq!(other.body["data"]["user"]["firstName"], "Aiko");
        assert_eq!(other.body["data"]["user"]["email"], serde_json::Value::Null);
        assert_eq!(other.body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    }
}

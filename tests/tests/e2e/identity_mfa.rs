//! TOTP enrolment, MFA login with ticket, replay protection and backup codes.

use e2e::identity::{LOGIN, PASSWORD};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};
use totp_rs::{Algorithm, Builder, Secret};

const COMPLETE: &str = r#"mutation($ticket: String!, $code: String!) {
  completeMfaLogin(mfaTicket: $ticket, code: $code) { accessToken user { mfaEnabled } }
}"#;

fn code_at(secret: &str, unix: u64) -> String {
    let bytes = Secret::try_from_base32(secret).expect("base32").to_vec();
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build()
        .expect("totp")
        .generate(unix)
        .to_string()
}

fn now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap()
}

fn error_code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

async fn mfa_login_needs_a_fresh_totp_or_an_unused_backup_code(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let account = test.signed_up("mfa@example.jp", "CANDIDATE").await;
    let me = test.as_user(&account.access_token);
    let setup = me
        .data(
            "mutation { setupMfa { secret otpauthUri qrCodeDataUrl } }",
            json!({}),
        )
        .await;
    let secret = setup["setupMfa"]["secret"].as_str().unwrap().to_owned();
    let uri = setup["setupMfa"]["otpauthUri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/iworkz:mfa%40example.jp?"),
        "{uri}"
    );
    assert!(uri.contains("issuer=iworkz"));
    assert!(
        setup["setupMfa"]["qrCodeDataUrl"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );

    let wrong = me
        .post(
            "mutation { confirmMfa(code: \"000000\") { codes } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&wrong.body), "BAD_USER_INPUT");
    let confirm_code = code_at(&secret, now());
    let confirmed = me
        .data(
            "mutation($code: String!) { confirmMfa(code: $code) { codes } }",
            json!({"code": confirm_code}),
        )
        .await;
    let backup: Vec<String> = confirmed["confirmMfa"]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(backup.len(), 10);

    // The password alone now yields a ticket, not tokens.
    let first = test
        .client
        .data(
            LOGIN,
            json!({"email": "mfa@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(first["login"]["status"], "MFA_REQUIRED");
    assert_eq!(first["login"]["tokens"], Value::Null);
    let ticket = first["login"]["mfaTicket"].as_str().unwrap().to_owned();

    // The code used to confirm is spent: replaying it fails.
    let replay = test
        .client
        .post(COMPLETE, json!({"ticket": ticket, "code": confirm_code}))
        .await;
    assert_eq!(
        error_code(&replay.body),
        "BAD_USER_INPUT",
        "{}",
        replay.body
    );

    // The next step's code (within the ±1 step window) works once.
    let next = code_at(&secret, now() + 30);
    let done = test
        .client
        .data(COMPLETE, json!({"ticket": ticket, "code": next}))
        .await;
    assert_eq!(done["completeMfaLogin"]["user"]["mfaEnabled"], true);
    let again = test
        .client
        .post(COMPLETE, json!({"ticket": ticket, "code": next}))
        .await;
    assert_eq!(error_code(&again.body), "BAD_USER_INPUT");

    // A backup code signs in inline, once.
    let with_backup =
        json!({"email": "mfa@example.jp", "password": PASSWORD, "mfaCode": backup[0]});
    let signed = test.client.data(LOGIN, with_backup.clone()).await;
    assert_eq!(signed["login"]["status"], "SIGNED_IN");
    let reused = test.client.post(LOGIN, with_backup).await;
    assert_eq!(error_code(&reused.body), "BAD_USER_INPUT");

    // A forged ticket is refused.
    let forged = test
        .client
        .post(
            COMPLETE,
            json!({"ticket": format!("{ticket}x"), "code": backup[1]}),
        )
        .await;
    assert_eq!(error_code(&forged.body), "BAD_USER_INPUT");

    // Turning MFA off needs the password.
    let bad = me
        .post(
            "mutation($p: String!) { disableMfa(password: $p) }",
            json!({"p": "not the password at all"}),
        )
        .await;
    assert_eq!(error_code(&bad.body), "BAD_USER_INPUT");
    let regenerated = me
        .data(
            "mutation($p: String!) { regenerateBackupCodes(password: $p) { codes } }",
            json!({"p": PASSWORD}),
        )
        .await;
    assert_eq!(
        regenerated["regenerateBackupCodes"]["codes"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    me.data(
        "mutation($p: String!) { disableMfa(password: $p) }",
        json!({"p": PASSWORD}),
    )
    .await;
    let plain = test
        .client
        .data(
            LOGIN,
            json!({"email": "mfa@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(plain["login"]["status"], "SIGNED_IN");
}
on_both_backends!(mfa_login_needs_a_fresh_totp_or_an_unused_backup_code);

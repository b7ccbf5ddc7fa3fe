//! Identity helpers for end-to-end tests: sign-up through the router, reading the mail sink,
//! signing in, and clients that carry a user's token.

use crate::{GraphqlClient, TestStack};
use base64::Engine as _;
use serde_json::{Value, json};
use std::path::Path;

/// A password the policy accepts.
pub const PASSWORD: &str = "violet tangerine harbor 42";

/// A signed-in account.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
    pub session_id: String,
}

const REGISTER: &str =
    r#"mutation($input: RegisterInput!) { register(input: $input) { id email status } }"#;
const VERIFY: &str =
    r#"mutation($token: String!) { verifyEmail(token: $token) { id status emailVerified } }"#;
pub const LOGIN: &str = r#"mutation($email: String!, $password: String!, $mfaCode: String, $rememberMe: Boolean) {
  login(email: $email, password: $password, mfaCode: $mfaCode, rememberMe: $rememberMe) {
    status mfaTicket
    tokens { accessToken refreshToken sessionId sessionExpiresAt user { id email } }
  }
}"#;

pub fn registration(email: &str, role: &str) -> Value {
    json!({
        "email": email,
        "password": PASSWORD,
        "firstName": "Aiko",
        "lastName": "Tanaka",
        "lastNameKana": "タナカ",
        "role": role,
        "language": "EN",
        "privacyConsent": true,
    })
}

/// The decoded bodies of the mails sent to `to`, oldest first.
pub fn mails_to(dir: &Path, to: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, String)> = entries
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
        .filter_map(|entry| {
            let modified = entry.metadata().ok()?.modified().ok()?;
            let raw = std::fs::read_to_string(entry.path()).ok()?;
            let (headers, body) = raw.split_once("\r\n\r\n")?;
            let addressed = headers.lines().any(|line| {
                line.starts_with("To:") && line.to_lowercase().contains(&to.to_lowercase())
            });
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            addressed.then(|| (modified, String::from_utf8_lossy(&decoded).into_owned()))
        })
        .collect();
    found.sort_by_key(|(modified, _)| *modified);
    found.into_iter().map(|(_, body)| body).collect()
}

/// The value after `label` in the newest mail to `to` that has one (waits up to 5 s for it to
/// arrive).
pub async fn mailed_code(dir: &Path, to: &str, label: &str) -> String {
    crate::eventually(5, || async {
        mails_to(dir, to).iter().rev().find_map(|body| {
            body.lines().find_map(|line| {
                line.split_once(label)
                    .map(|(_, code)| code.trim().to_owned())
            })
        })
    })
    .await
    .unwrap_or_else(|| panic!("no mail with {label:?} to {to}"))
}

impl TestStack {
    /// A client sending `token` as its bearer token.
    pub fn as_user(&self, token: &str) -> GraphqlClient {
        self.client.with_token(token)
    }

    /// Registers an account, verifies its e-mail from the mail sink, and returns its id.
    pub async fn register_verified(&self, email: &str, role: &str) -> String {
        register_verified(&self.client, &self.mail_dir, email, role).await
    }

    /// Signs in with the test password; panics unless tokens come back.
    pub async fn login(&self, email: &str) -> Account {
        login(&self.client, email).await
    }

    /// Registers, verifies and signs in.
    pub async fn signed_up(&self, email: &str, role: &str) -> Account {
        signed_up(&self.client, &self.mail_dir, email, role).await
    }

    /// A client signed in as the administrator [`with_admin`] configured.
    pub async fn admin(&self) -> GraphqlClient {
        let admin = login_as(&self.client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        self.as_user(&admin.access_token)
    }
}

/// Registers an account through `client`, verifies its e-mail from the sink `mail_dir`, and
/// returns its id.
pub async fn register_verified(
    client: &GraphqlClient,
    mail_dir: &Path,
    email: &str,
    role: &str,
) -> String {
    let data = client
        .data(REGISTER, json!({"input": registration(email, role)}))
        .await;
    let id = data["register"]["id"].as_str().expect("id").to_owned();
    verify_email(client, mail_dir, email).await;
    id
}

/// Verifies `email` with the code mailed to it; panics unless the account becomes active.
pub async fn verify_email(client: &GraphqlClient, mail_dir: &Path, email: &str) {
    let token = mailed_code(mail_dir, email, "Verification code:").await;
    let verified = client.data(VERIFY, json!({"token": token})).await;
    assert_eq!(verified["verifyEmail"]["status"], "ACTIVE");
}

/// Signs in through `client` with the test password; panics unless tokens come back.
pub async fn login(client: &GraphqlClient, email: &str) -> Account {
    login_as(client, email, PASSWORD).await
}

/// Signs in through `client` with `password`; panics unless tokens come back.
pub async fn login_as(client: &GraphqlClient, email: &str, password: &str) -> Account {
    let data = client
        .data(LOGIN, json!({"email": email, "password": password}))
        .await;
    account_from(&data["login"]["tokens"], email)
}

/// The first administrator, created from configuration by [`with_admin`].
pub const ADMIN_EMAIL: &str = "root@iworkz.example";
pub const ADMIN_PASSWORD: &str = "granite orchard lighthouse 5";

/// Makes [`ADMIN_EMAIL`] the stack's first administrator (for
/// [`TestStack::start_configured`]).
pub fn with_admin(config: &mut stack::StackConfig) {
    config.identity.bootstrap_admin = Some(users::service::BootstrapAdmin {
        email: ADMIN_EMAIL.into(),
        password: ADMIN_PASSWORD.into(),
    });
}

/// Registers, verifies and signs in through `client`.
pub async fn signed_up(
    client: &GraphqlClient,
    mail_dir: &Path,
    email: &str,
    role: &str,
) -> Account {
    register_verified(client, mail_dir, email, role).await;
    login(client, email).await
}

/// An [`Account`] from an `AuthTokens` object.
pub fn account_from(tokens: &Value, email: &str) -> Account {
    let text = |field: &str| {
        tokens[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} missing in {tokens}"))
            .to_owned()
    };
    Account {
        id: tokens["user"]["id"].as_str().expect("user id").to_owned(),
        email: email.to_owned(),
        access_token: text("accessToken"),
        refresh_token: text("refreshToken"),
        session_id: text("sessionId"),
    }
}

/// The seeded employer who posted Sakura Systems' jobs.
pub const DEMO_EMPLOYER: &str = "hiroshi.tanaka@sakura-systems.example.jp";

/// `client` signed in as [`DEMO_EMPLOYER`] (needs a seeded stack), e.g. to read matches.
pub async fn demo_employer(client: &GraphqlClient) -> GraphqlClient {
    let employer = login_as(client, DEMO_EMPLOYER, users::seed::DEMO_PASSWORD).await;
    client.with_token(&employer.access_token)
}

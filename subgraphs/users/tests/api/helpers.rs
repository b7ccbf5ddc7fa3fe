//! Starting the users subgraph for a test and talking GraphQL to it.

use entities::users::user;
use kit::config::{AuthSettings, Settings};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use users::{IdentityConfig, SharedAuth};

pub const PASSWORD: &str = "violet tangerine harbor 42";

pub struct TestApp {
    pub url: String,
    pub db: DatabaseConnection,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A signed-in account.
pub struct Account {
    pub id: String,
    pub token: String,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let stream = format!("test:{}", uuid::Uuid::now_v7());
    let settings = Settings {
        name: "users",
        host: "127.0.0.1".into(),
        port: 0,
        database_url: format!("sqlite://{}/users.db?mode=rwc", dir.path().display()),
        redis_url: None,
        event_stream: stream.clone(),
        auth: AuthSettings::default(),
    };
    seed_signing_key(&settings.database_url).await;
    let bus = kit::events::connect(None, &stream).await.expect("bus");
    let shared = SharedAuth::connect(None, &stream)
        .await
        .expect("auth stores");
    let identity = IdentityConfig {
        mail: users::service::MailSettings::Sink(dir.path().join("mail")),
        ..IdentityConfig::default()
    };
    let app = users::build(&settings, bus, &identity, shared)
        .await
        .expect("users subgraph builds");
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    let db = app.service().db().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        url,
        db,
        http: reqwest::Client::new(),
        _dir: dir,
    }
}

/// Stores the first token signing key before the app starts, in PKCS#8 v1 form (seed only):
/// the form jsonwebtoken's Ed25519 handling reads. The app signs with it as with a key it made.
async fn seed_signing_key(database_url: &str) {
    use base64::Engine as _;
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
    use entities::users::signing_key;
    use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
    use jsonwebtoken::{Algorithm, EncodingKey};
    use sea_orm::ActiveValue::Set;

    let db = kit::db::connect_and_migrate::<migrations::UsersMigrator>(database_url)
        .await
        .expect("database");
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    let der = KeypairBytes {
        secret_key: seed,
        public_key: None,
    }
    .to_pkcs8_der()
    .expect("encode key");
    let kid = uuid::Uuid::now_v7().simple().to_string();
    let mut jwk =
        Jwk::from_encoding_key(&EncodingKey::from_ed_der(der.as_bytes()), Algorithm::EdDSA)
            .expect("public key");
    jwk.common.key_id = Some(kid.clone());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    signing_key::Entity::insert(signing_key::ActiveModel {
        kid: Set(kid),
        algorithm: Set("EdDSA".into()),
        private_key_der: Set(base64::engine::general_purpose::STANDARD.encode(der.as_bytes())),
        public_jwk: Set(serde_json::to_string(&jwk).expect("jwk json")),
        created_at: Set(chrono::Utc::now()),
        retired_at: Set(None),
    })
    .exec_without_returning(&db)
    .await
    .expect("store key");
}

impl TestApp {
    /// The whole GraphQL response.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self.http.post(&self.url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("subgraph answers")
            .json()
            .await
            .expect("JSON body")
    }

    /// `data`, panicking on errors.
    pub async fn data(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.post(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// Registers an active account (verification skipped in the database) and signs in.
    pub async fn signed_up(&self, email: &str, role: &str) -> Account {
        let registered = self
            .data(
                None,
                "mutation($input: RegisterInput!) { register(input: $input) { id } }",
                json!({"input": {
                    "email": email, "password": PASSWORD, "firstName": "Aiko",
                    "lastName": "Tanaka", "role": role, "privacyConsent": true,
                }}),
            )
            .await;
        let id = registered["register"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        user::Entity::update_many()
            .col_expr(user::Column::Status, Expr::value("active"))
            .filter(user::Column::Id.eq(uuid::Uuid::parse_str(&id).expect("uuid")))
            .exec(&self.db)
            .await
            .expect("activate");
        let token = self.login(email, PASSWORD).await.expect("signed in");
        Account { id, token }
    }

    /// The access token, or the error code.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, String> {
        let body = self
            .post(
                None,
                "mutation($email: String!, $password: String!) { login(email: $email, password: $password) { tokens { accessToken } } }",
                json!({"email": email, "password": password}),
            )
            .await;
        body["data"]["login"]["tokens"]["accessToken"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| code(&body))
    }

    /// Rows of the users outbox of `event_type`, as their payloads.
    pub async fn events(&self, event_type: &str) -> Vec<Value> {
        use sea_orm::ConnectionTrait;
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                self.db.get_database_backend(),
                "SELECT payload FROM users_outbox WHERE event_type = ? ORDER BY created_at",
                [event_type.into()],
            ))
            .await
            .expect("outbox");
        rows.iter()
            .map(|row| {
                let raw: String = row.try_get("", "payload").expect("payload");
                serde_json::from_str::<Value>(&raw).expect("event JSON")["payload"].clone()
            })
            .collect()
    }
}

/// The first error's `extensions.code`.
pub fn code(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The fields named by a `BAD_USER_INPUT` error.
pub fn error_fields(body: &Value) -> Vec<String> {
    let extensions = &body["errors"][0]["extensions"];
    match extensions["fields"].as_array() {
        Some(fields) => fields
            .iter()
            .filter_map(|field| field["field"].as_str().map(str::to_owned))
            .collect(),
        None => extensions["field"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

//! The signing keys: Ed25519 pairs persisted in `signing_keys`, so tokens survive restarts and
//! every instance signs with the same key.
//!
//! Rotation publishes before it signs: a new key is in the JWKS at once but signs only after
//! the publication lead (30 s), when every verifier that refetched keys has it — verifiers
//! refetch on an unknown `kid` at most every few seconds, so a token under a key they have never
//! seen would otherwise be refused for that long. The previous key signs until then
//! (`retired_at` is set to that moment) and keeps verifying for one access-token lifetime
//! after, so rotation never invalidates a live token. Instances re-read the keys every minute.
//!
//! Private keys are stored sealed to their row (`sealed_secrets`) and opened once per reload,
//! so signing never touches the key-encryption key.

use crate::service::identity::sealed_secrets::{DataEncryptionKeys, SIGNING_KEY_DER};
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
use entities::users::signing_key;
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use kit::{ApiError, ApiResult};
use password_hash::rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use secrecy::ExposeSecret as _;
use std::sync::{Arc, RwLock};
use zeroize::Zeroizing;

/// The key that signs new tokens.
#[derive(Clone)]
pub struct ActiveKey {
    pub kid: String,
    pub encoding: EncodingKey,
    pub created_at: DateTime<Utc>,
}

/// A key that verifies now, its private half opened.
struct OpenedKey {
    kid: String,
    created_at: DateTime<Utc>,
    retired_at: Option<DateTime<Utc>>,
    encoding: EncodingKey,
}

struct Loaded {
    /// Newest first.
    keys: Vec<OpenedKey>,
    jwks: JwkSet,
}

/// The signing keys, loaded from the database and cached; cheap to clone.
#[derive(Clone)]
pub struct KeyRing {
    db: DatabaseConnection,
    /// Seals new private keys and opens stored ones.
    data_keys: DataEncryptionKeys,
    /// How long a retired key keeps verifying: the access-token lifetime.
    verify_grace: Duration,
    /// How long a new key is published before it signs.
    publish_lead: Duration,
    loaded: Arc<RwLock<Option<Arc<Loaded>>>>,
}

impl KeyRing {
    /// Loads the keys, creating the first one when there is none.
    pub async fn load(
        db: DatabaseConnection,
        data_keys: DataEncryptionKeys,
        verify_grace: Duration,
        publish_lead: Duration,
    ) -> ApiResult<Self> {
        let ring = Self {
            db,
            data_keys,
            verify_grace,
            publish_lead,
            loaded: Arc::new(RwLock::new(None)),
        };
        ring.reload().await?;
        Ok(ring)
    }

    fn current(&self) -> ApiResult<Arc<Loaded>> {
        self.loaded
            .read()
            .map_err(|_| ApiError::defect("signing keys lock poisoned"))?
            .clone()
            .ok_or_else(|| ApiError::defect("signing keys not loaded"))
    }

    /// The key that signs now (see the module doc for how rotation hands over).
    pub fn active(&self) -> ApiResult<ActiveKey> {
        signer(&self.current()?.keys, Utc::now(), self.publish_lead)
    }

    /// The public keys that verify tokens now: the JWKS document.
    pub fn jwks(&self) -> ApiResult<JwkSet> {
        Ok(self.current()?.jwks.clone())
    }

    /// A decoding key by `kid`, reloading once from the database when it is unknown (another
    /// instance may have rotated).
    pub async fn decoding_key(&self, kid: &str) -> ApiResult<Option<DecodingKey>> {
        let find = |jwks: &JwkSet| {
            jwks.find(kid)
                .and_then(|jwk| DecodingKey::from_jwk(jwk).ok())
        };
        if let Some(key) = find(&self.current()?.jwks) {
            return Ok(Some(key));
        }
        self.reload().await?;
        Ok(find(&self.current()?.jwks))
    }

    /// Re-reads the keys that still verify; creates a key when none signs.
    pub async fn reload(&self) -> ApiResult<()> {
        let mut rows = self.verifying_rows().await?;
        if !rows.iter().any(|row| row.retired_at.is_none()) {
            insert_new_key(&self.db, &self.data_keys).await?;
            rows = self.verifying_rows().await?;
        }
        let loaded = build(rows, &self.data_keys)?;
        *self
            .loaded
            .write()
            .map_err(|_| ApiError::defect("signing keys lock poisoned"))? = Some(Arc::new(loaded));
        Ok(())
    }

    /// Publishes a new key that signs after the publication lead; the previous ones retire
    /// then (and verify for one more token lifetime). Returns the new key's id.
    pub async fn rotate(&self) -> ApiResult<String> {
        let hand_over = Utc::now() + self.publish_lead;
        let kid = insert_new_key(&self.db, &self.data_keys).await?;
        signing_key::Entity::update_many()
            .col_expr(signing_key::Column::RetiredAt, hand_over.into())
            .filter(signing_key::Column::RetiredAt.is_null())
            .filter(signing_key::Column::Kid.ne(kid.as_str()))
            .exec(&self.db)
            .await?;
        self.reload().await?;
        Ok(kid)
    }

    /// Re-reads the keys, then rotates when the newest key (signing or about to) is older than
    /// `max_age`; returns whether it rotated.
    pub async fn rotate_if_older_than(&self, max_age: Duration) -> ApiResult<bool> {
        self.reload().await?;
        let newest = self
            .current()?
            .keys
            .iter()
            .filter(|key| key.retired_at.is_none())
            .map(|key| key.created_at)
            .max();
        if newest.is_some_and(|created| Utc::now() - created < max_age) {
            return Ok(false);
        }
        self.rotate().await?;
        Ok(true)
    }

    async fn verifying_rows(&self) -> ApiResult<Vec<signing_key::Model>> {
        let verify_after = Utc::now() - self.verify_grace;
        Ok(signing_key::Entity::find()
            .filter(
                Condition::any()
                    .add(signing_key::Column::RetiredAt.is_null())
                    .add(signing_key::Column::RetiredAt.gt(verify_after)),
            )
            .order_by_desc(signing_key::Column::CreatedAt)
            .order_by_desc(signing_key::Column::Kid)
            .all(&self.db)
            .await?)
    }
}

/// The key that signs at `now`: among the keys not retired yet, the newest one published at
/// least `lead` ago; a fresh installation's first key (nothing older) signs at once. Rows are
/// newest first; every instance picks the same key.
fn signer(keys: &[OpenedKey], now: DateTime<Utc>, lead: Duration) -> ApiResult<ActiveKey> {
    let signing: Vec<&OpenedKey> = keys
        .iter()
        .filter(|key| key.retired_at.is_none_or(|retired| retired > now))
        .collect();
    let chosen = signing
        .iter()
        .find(|key| key.created_at <= now - lead)
        .or_else(|| signing.last())
        .ok_or_else(|| ApiError::defect("no signing key"))?;
    Ok(ActiveKey {
        kid: chosen.kid.clone(),
        encoding: chosen.encoding.clone(),
        created_at: chosen.created_at,
    })
}

/// All rows verify; their private keys are opened here, once per reload.
fn build(rows: Vec<signing_key::Model>, data_keys: &DataEncryptionKeys) -> ApiResult<Loaded> {
    let mut keys = Vec::with_capacity(rows.len());
    let mut jwks = Vec::with_capacity(rows.len());
    for row in rows {
        jwks.push(
            serde_json::from_str::<Jwk>(&row.public_jwk)
                .map_err(|err| ApiError::internal(format!("public key {}", row.kid), err))?,
        );
        let der = data_keys.open(SIGNING_KEY_DER, &row.kid, &row.private_key_der)?;
        keys.push(OpenedKey {
            encoding: EncodingKey::from_ed_der(der.expose_secret()),
            kid: row.kid,
            created_at: row.created_at,
            retired_at: row.retired_at,
        });
    }
    Ok(Loaded {
        keys,
        jwks: JwkSet { keys: jwks },
    })
}

/// Generates an Ed25519 pair from the OS random source and stores it sealed.
async fn insert_new_key(
    db: &DatabaseConnection,
    data_keys: &DataEncryptionKeys,
) -> ApiResult<String> {
    let mut seed = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(seed.as_mut());
    // PKCS#8 v1 (seed only): the form jsonwebtoken's Ed25519 key handling reads.
    let der = KeypairBytes {
        secret_key: *seed,
        public_key: None,
    }
    .to_pkcs8_der()
    .map_err(|err| ApiError::internal("encode signing key", err))?;
    let kid = kit::ids::new_id().simple().to_string();
    let encoding = EncodingKey::from_ed_der(der.as_bytes());
    let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::EdDSA)
        .map_err(|err| ApiError::internal("public key", err))?;
    jwk.common.key_id = Some(kid.clone());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    let public_jwk =
        serde_json::to_string(&jwk).map_err(|err| ApiError::internal("public key json", err))?;
    signing_key::Entity::insert(signing_key::ActiveModel {
        kid: Set(kid.clone()),
        algorithm: Set("EdDSA".into()),
        private_key_der: Set(data_keys.seal(SIGNING_KEY_DER, &kid, der.as_bytes())?),
        public_jwk: Set(public_jwk),
        created_at: Set(Utc::now()),
        retired_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    tracing::info!(kid, "created a token signing key");
    Ok(kid)
}

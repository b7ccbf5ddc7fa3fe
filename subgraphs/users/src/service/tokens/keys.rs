//! The signing keys: Ed25519 pairs persisted in `signing_keys`, so tokens survive restarts and
//! every instance signs with the same key.
//!
//! Rotation publishes before it signs: a new key is in the JWKS at once but signs only after
//! the publication lead (30 s), when every verifier that refetched keys has it — verifiers
//! refetch on an unknown `kid` at most every few seconds, so a token under a key they have never
//! seen would otherwise be refused for that long. The previous key signs until then
//! (`retired_at` is set to that moment) and keeps verifying for one access-token lifetime
//! after, so rotation never invalidates a live token. Instances re-read the keys every minute.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
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
use std::sync::{Arc, RwLock};

/// The key that signs new tokens.
#[derive(Clone)]
pub struct ActiveKey {
    pub kid: String,
    pub encoding: EncodingKey,
    pub created_at: DateTime<Utc>,
}

struct Loaded {
    rows: Vec<signing_key::Model>,
    jwks: JwkSet,
}

/// The signing keys, loaded from the database and cached; cheap to clone.
#[derive(Clone)]
pub struct KeyRing {
    db: DatabaseConnection,
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
        verify_grace: Duration,
        publish_lead: Duration,
    ) -> ApiResult<Self> {
        let ring = Self {
            db,
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
            .map_err(|_| ApiError::Internal("signing keys lock poisoned".into()))?
            .clone()
            .ok_or_else(|| ApiError::Internal("signing keys not loaded".into()))
    }

    /// The key that signs now (see the module doc for how rotation hands over).
    pub fn active(&self) -> ApiResult<ActiveKey> {
        signer(&self.current()?.rows, Utc::now(), self.publish_lead)
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
            insert_new_key(&self.db).await?;
            rows = self.verifying_rows().await?;
        }
        let loaded = build(rows)?;
        *self
            .loaded
            .write()
            .map_err(|_| ApiError::Internal("signing keys lock poisoned".into()))? =
            Some(Arc::new(loaded));
        Ok(())
    }

    /// Publishes a new key that signs after the publication lead; the previous ones retire
    /// then (and verify for one more token lifetime). Returns the new key's id.
    pub async fn rotate(&self) -> ApiResult<String> {
        let hand_over = Utc::now() + self.publish_lead;
        let kid = insert_new_key(&self.db).await?;
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
            .rows
            .iter()
            .filter(|row| row.retired_at.is_none())
            .map(|row| row.created_at)
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
fn signer(rows: &[signing_key::Model], now: DateTime<Utc>, lead: Duration) -> ApiResult<ActiveKey> {
    let signing: Vec<&signing_key::Model> = rows
        .iter()
        .filter(|row| row.retired_at.is_none_or(|retired| retired > now))
        .collect();
    let chosen = signing
        .iter()
        .find(|row| row.created_at <= now - lead)
        .or_else(|| signing.last())
        .ok_or_else(|| ApiError::Internal("no signing key".into()))?;
    let der = STANDARD
        .decode(&chosen.private_key_der)
        .map_err(|err| ApiError::Internal(format!("signing key {}: {err}", chosen.kid)))?;
    Ok(ActiveKey {
        kid: chosen.kid.clone(),
        encoding: EncodingKey::from_ed_der(&der),
        created_at: chosen.created_at,
    })
}

/// All rows verify.
fn build(rows: Vec<signing_key::Model>) -> ApiResult<Loaded> {
    let keys = rows
        .iter()
        .map(|row| {
            serde_json::from_str::<Jwk>(&row.public_jwk)
                .map_err(|err| ApiError::Internal(format!("public key {}: {err}", row.kid)))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Loaded {
        rows,
        jwks: JwkSet { keys },
    })
}

/// Generates an Ed25519 pair from the OS random source and stores it.
async fn insert_new_key(db: &DatabaseConnection) -> ApiResult<String> {
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    // PKCS#8 v1 (seed only): the form jsonwebtoken's Ed25519 key handling reads.
    let der = KeypairBytes {
        secret_key: seed,
        public_key: None,
    }
    .to_pkcs8_der()
    .map_err(|err| ApiError::Internal(format!("encode signing key: {err}")))?;
    let kid = kit::ids::new_id().simple().to_string();
    let encoding = EncodingKey::from_ed_der(der.as_bytes());
    let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::EdDSA)
        .map_err(|err| ApiError::Internal(format!("public key: {err}")))?;
    jwk.common.key_id = Some(kid.clone());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    let public_jwk = serde_json::to_string(&jwk)
        .map_err(|err| ApiError::Internal(format!("public key json: {err}")))?;
    signing_key::Entity::insert(signing_key::ActiveModel {
        kid: Set(kid.clone()),
        algorithm: Set("EdDSA".into()),
        private_key_der: Set(STANDARD.encode(der.as_bytes())),
        public_jwk: Set(public_jwk),
        created_at: Set(Utc::now()),
        retired_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    tracing::info!(kid, "created a token signing key");
    Ok(kid)
}

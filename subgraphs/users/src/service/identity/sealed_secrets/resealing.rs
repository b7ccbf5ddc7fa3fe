//! Bringing stored secrets under the first key at start-up: plain rows from before sealing
//! existed are sealed, rows sealed under a key that is no longer first are re-sealed. This is
//! what lets an operator drop an old key after one restart.
//!
//! Safe to run twice, or from two instances at once: each row is replaced with a conditional
//! `UPDATE … WHERE <pk> = ? AND <value> = <what was read>`, so a row changed in between (by
//! another instance's re-sealing, or a user setting up MFA again) is left to the winner. The
//! updates of one batch share a transaction: one commit per batch rather than per row.
//!
//! A key that is missing, or that opens none of the rows sealed under its id (a typo, a
//! regenerated key), fails start-up with an error naming `DATA_ENCRYPTION_KEYS`: nothing is
//! dropped or overwritten; so does a value in neither form (plain nor sealed). A single row that does not open while its key opens others was
//! altered or moved from another row; it is logged and left as it is (it fails when used, and
//! keeps its old key id, so that key cannot be removed unnoticed), rather than keeping every
//! user out.

use super::{DataEncryptionKeys, SIGNING_KEY_DER, SealError, SealedColumn, Stored, TOTP_SECRET};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use entities::users::{signing_key, totp_factor};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TryGetable,
    Value,
};
use secrecy::ExposeSecret as _;
use zeroize::Zeroizing;

/// Rows read per query, and updated per transaction (which holds SQLite's write lock).
const BATCH: u64 = 500;
/// Rows already under the first key that are opened to check it is the key that sealed them.
const SAMPLES: u64 = 5;

/// What start-up changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResealReport {
    /// Plain rows from before sealing, now sealed.
    pub sealed_plain: u64,
    /// Rows moved from an older key to the first.
    pub resealed: u64,
    /// Rows that do not open although their key opens others (logged, left as they are).
    pub unreadable: u64,
}

impl std::ops::AddAssign for ResealReport {
    fn add_assign(&mut self, other: Self) {
        self.sealed_plain += other.sealed_plain;
        self.resealed += other.resealed;
        self.unreadable += other.unreadable;
    }
}

/// Seals or re-seals every signing key and TOTP secret not yet under the first key, after
/// checking that the first key opens what it already sealed.
pub async fn reseal_at_rest(
    db: &DatabaseConnection,
    keys: &DataEncryptionKeys,
) -> anyhow::Result<ResealReport> {
    let mut report = reseal_column::<signing_key::Entity, String>(
        db,
        keys,
        SIGNING_KEY_DER,
        (signing_key::Column::Kid, signing_key::Column::PrivateKeyDer),
        plain_signing_key,
    )
    .await?;
    report += reseal_column::<totp_factor::Entity, uuid::Uuid>(
        db,
        keys,
        TOTP_SECRET,
        (totp_factor::Column::UserId, totp_factor::Column::Secret),
        plain_totp_secret,
    )
    .await?;
    if report != ResealReport::default() {
        tracing::info!(
            sealed_plain = report.sealed_plain,
            resealed = report.resealed,
            unreadable = report.unreadable,
            kid = keys.sealing_kid(),
            "sealed secrets at rest under the first data-encryption key"
        );
    }
    Ok(report)
}

/// Signing keys were stored as base64 of their PKCS#8 DER.
fn plain_signing_key(plain: &str) -> Option<Zeroizing<Vec<u8>>> {
    STANDARD.decode(plain).ok().map(Zeroizing::new)
}

/// TOTP secrets were stored in base32, as authenticator apps show them.
fn plain_totp_secret(plain: &str) -> Option<Zeroizing<Vec<u8>>> {
    totp_rs::Secret::try_from_base32(plain)
        .ok()
        .map(|secret| Zeroizing::new(secret.as_bytes().to_vec()))
}

async fn reseal_column<E, K>(
    db: &DatabaseConnection,
    keys: &DataEncryptionKeys,
    column: SealedColumn,
    (pk, value): (E::Column, E::Column),
    plain: fn(&str) -> Option<Zeroizing<Vec<u8>>>,
) -> anyhow::Result<ResealReport>
where
    E: EntityTrait,
    K: TryGetable + Into<Value> + ToString + Clone + Send + Sync,
{
    let under_first = format!("{}%", keys.first_key_prefix());
    let mut outcomes = KeyOutcomes::default();
    let samples: Vec<(K, String)> = E::find()
        .select_only()
        .column(pk)
        .column(value)
        .filter(value.like(under_first.as_str()))
        .limit(SAMPLES)
        .into_tuple()
        .all(db)
        .await?;
    for (id, stored) in &samples {
        outcomes.record(
            keys.sealing_kid(),
            keys.open(column, &id.to_string(), stored).map(drop),
        );
    }
    let mut report = ResealReport::default();
    let mut after: Option<K> = None;
    loop {
        let mut query = E::find()
            .select_only()
            .column(pk)
            .column(value)
            .filter(value.not_like(under_first.as_str()))
            .order_by_asc(pk)
            .limit(BATCH);
        if let Some(after) = after.clone() {
            query = query.filter(pk.gt(after));
        }
        let rows: Vec<(K, String)> = query.into_tuple().all(db).await?;
        let mut updates = Vec::with_capacity(rows.len());
        for (id, stored) in &rows {
            match resealed(keys, column, &id.to_string(), stored, plain) {
                Ok(sealed) => {
                    outcomes.record(kid_of(stored), Ok(()));
                    updates.push((id, stored, sealed));
                }
                Err(err @ (SealError::UnknownKey { .. } | SealError::Malformed { .. })) => {
                    return Err(err.into());
                }
                Err(err) => outcomes.record(kid_of(stored), Err(err)),
            }
        }
        let txn = kit::db::begin_write(db).await?;
        for (id, stored, sealed) in updates {
            let updated = E::update_many()
                .col_expr(value, Expr::value(sealed.value))
                .filter(pk.eq(id.clone()))
                .filter(value.eq(stored.as_str()))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 1 {
                if sealed.was_plain {
                    report.sealed_plain += 1;
                } else {
                    report.resealed += 1;
                }
            }
        }
        txn.commit().await?;
        match rows.last() {
            Some((id, _)) if rows.len() as u64 == BATCH => after = Some(id.clone()),
            _ => break,
        }
    }
    report.unreadable = outcomes.verdict()?;
    Ok(report)
}

fn kid_of(stored: &str) -> &str {
    match Stored::parse(stored) {
        Some(Stored::Sealed { kid, .. }) => kid,
        _ => "",
    }
}

/// Per key id: whether it opened any row, and the rows it did not open.
#[derive(Default)]
struct KeyOutcomes {
    by_kid: Vec<(String, bool, Vec<SealError>)>,
}

impl KeyOutcomes {
    fn record(&mut self, kid: &str, outcome: Result<(), SealError>) {
        let index = match self.by_kid.iter().position(|(known, ..)| known == kid) {
            Some(index) => index,
            None => {
                self.by_kid.push((kid.to_owned(), false, Vec::new()));
                self.by_kid.len() - 1
            }
        };
        let entry = &mut self.by_kid[index];
        match outcome {
            Ok(()) => entry.1 = true,
            Err(err) => entry.2.push(err),
        }
    }

    /// Fails when a key opened none of its rows; otherwise logs the rows that did not open and
    /// returns how many there were.
    fn verdict(self) -> Result<u64, SealError> {
        let mut unreadable = 0;
        for (_, opened_any, mut failures) in self.by_kid {
            if !opened_any && !failures.is_empty() {
                return Err(failures.swap_remove(0));
            }
            for err in failures {
                tracing::error!(error = %err, "a secret at rest does not open; left as it is");
                unreadable += 1;
            }
        }
        Ok(unreadable)
    }
}

struct Resealed {
    value: String,
    was_plain: bool,
}

/// The row's value sealed under the first key.
fn resealed(
    keys: &DataEncryptionKeys,
    column: SealedColumn,
    row: &str,
    stored: &str,
    plain: fn(&str) -> Option<Zeroizing<Vec<u8>>>,
) -> Result<Resealed, SealError> {
    if let Some(Stored::Plain(value)) = Stored::parse(stored) {
        let secret = plain(value).ok_or_else(|| {
            SealError::malformed(column, row, "neither sealed nor a plain value from before")
        })?;
        return Ok(Resealed {
            value: keys.seal(column, row, &secret)?,
            was_plain: true,
        });
    }
    let secret = keys.open(column, row, stored)?;
    Ok(Resealed {
        value: keys.seal(column, row, secret.expose_secret())?,
        was_plain: false,
    })
}

//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps, ±1 step) and backup codes.
//!
//! - `setup_mfa` stores an unconfirmed secret and returns it with its `otpauth://` URI and a
//!   QR code (SVG); `confirm_mfa` enables MFA once a code from it checks, and returns ten
//!   backup codes, shown only then.
//! - A code is accepted once: the matched step is recorded and a code of that step or an
//!   earlier one is refused afterwards (RFC 6238 §5.2; `totp-rs` leaves this to callers).
//! - Backup codes are 50 random bits each, stored as SHA-256 salted with the user id (they are
//!   machine-made, not human-chosen, so a slow hash buys nothing), single-use.
//! - Disabling MFA and regenerating codes re-check the password.
//! - The secret is stored sealed to its row (`sealed_secrets`): a database copy does not reveal
//!   it, and a sealed secret moved to another user's row does not open.

use super::audit::{self, AuditEntry, Origin};
use super::sealed_secrets::TOTP_SECRET;
use crate::service::UsersService;
use chrono::Utc;
use contracts::events::{UserMfaEnabled, UserUpdated};
use entities::users::{backup_code, totp_factor, user};
use kit::{ApiError, ApiResult, Event};
use password_hash::rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};
use secrecy::ExposeSecret as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Builder, Secret, Totp};
use uuid::Uuid;
use zeroize::Zeroizing;

const ISSUER: &str = "iworkz";
const BACKUP_CODES: usize = 10;
/// Crockford base32: no I, L, O or U to misread.
const BACKUP_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A secret being set up: what an authenticator app needs.
pub struct MfaSetup {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

fn totp(secret: &[u8], account: &str) -> ApiResult<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|err| ApiError::internal("totp", err))
}

fn backup_hash(user_id: Uuid, code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(Sha256::digest(format!("{user_id}:{normalized}").as_bytes()))
}

fn new_backup_code() -> String {
    let mut bytes = [0u8; 10];
    OsRng.fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|byte| BACKUP_ALPHABET[usize::from(byte % 32)] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// The otpauth URI as a scannable QR code, in SVG.
fn qr_code_svg(otpauth_uri: &str) -> ApiResult<String> {
    Ok(qrcode::QrCode::new(otpauth_uri.as_bytes())
        .map_err(|err| ApiError::internal("qr code", err))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build())
}

impl UsersService {
    pub async fn setup_mfa(&self, user_id: Uuid) -> ApiResult<MfaSetup> {
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if user.mfa_enabled {
            return Err(ApiError::Conflict("MFA is already enabled".into()));
        }
        let mut secret = Zeroizing::new([0u8; 20]);
        OsRng.fill_bytes(secret.as_mut());
        let encoded = Secret::from(secret.to_vec()).to_base32();
        let totp = totp(secret.as_ref(), &user.email)?;
        let otpauth_uri = totp
            .to_url()
            .map_err(|err| ApiError::internal("otpauth uri", err))?;
        // Drawing the code takes milliseconds of CPU: keep it off the async threads.
        let uri = otpauth_uri.clone();
        let qr_svg = tokio::task::spawn_blocking(move || qr_code_svg(&uri))
            .await
            .map_err(|err| ApiError::internal("qr code task", err))??;
        let row = totp_factor::ActiveModel {
            user_id: Set(user_id),
            secret: Set(self.data_keys().seal(
                TOTP_SECRET,
                &user_id.to_string(),
                secret.as_ref(),
            )?),
            created_at: Set(Utc::now()),
            confirmed_at: Set(None),
            last_used_step: Set(None),
        };
        totp_factor::Entity::delete_by_id(user_id)
            .exec(self.db())
            .await?;
        totp_factor::Entity::insert(row)
            .exec_without_returning(self.db())
            .await?;
        Ok(MfaSetup {
            secret: encoded,
            otpauth_uri,
            qr_svg,
        })
    }

    /// Enables MFA with a first code from the new secret; returns the backup codes.
    pub async fn confirm_mfa(
        &self,
        user_id: Uuid,
        code: &str,
        origin: &Origin,
    ) -> ApiResult<Vec<String>> {
        let factor = totp_factor::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .ok_or_else(|| ApiError::Conflict("set up MFA first".into()))?;
        if factor.confirmed_at.is_some() {
            return Err(ApiError::Conflict("MFA is already enabled".into()));
        }
        if !self.accept_totp(self.db(), &factor, code).await? {
            return Err(ApiError::invalid("code", "is not valid"));
        }
        let txn = kit::db::begin_write(self.db()).await?;
        totp_factor::Entity::update_many()
            .col_expr(totp_factor::Column::ConfirmedAt, Utc::now().into())
            .filter(totp_factor::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        set_mfa_flag(&txn, user_id, true).await?;
        let codes = replace_backup_codes(&txn, user_id).await?;
        audit::record(&txn, AuditEntry::own("mfa_enabled", user_id), origin).await?;
        let event = Event::of(user_id, &UserMfaEnabled { user_id })?;
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(codes)
    }

    pub async fn disable_mfa(
        &self,
        user_id: Uuid,
        password: &str,
        origin: &Origin,
    ) -> ApiResult<()> {
        self.recheck_password(user_id, password, origin).await?;
        let txn = kit::db::begin_write(self.db()).await?;
        totp_factor::Entity::delete_by_id(user_id)
            .exec(&txn)
            .await?;
        backup_code::Entity::delete_many()
            .filter(backup_code::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        set_mfa_flag(&txn, user_id, false).await?;
        audit::record(&txn, AuditEntry::own("mfa_disabled", user_id), origin).await?;
        let event = Event::of(
            user_id,
            &UserUpdated {
                user_id,
                changed_fields: vec!["mfaEnabled".into()],
                profile_completeness: None,
            },
        )?;
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(())
    }

    pub async fn regenerate_backup_codes(
        &self,
        user_id: Uuid,
        password: &str,
        origin: &Origin,
    ) -> ApiResult<Vec<String>> {
        self.recheck_password(user_id, password, origin).await?;
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !user.mfa_enabled {
            return Err(ApiError::Conflict("MFA is not enabled".into()));
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let codes = replace_backup_codes(&txn, user_id).await?;
        audit::record(
            &txn,
            AuditEntry::own("backup_codes_regenerated", user_id),
            origin,
        )
        .await?;
        txn.commit().await?;
        Ok(codes)
    }

    /// Whether `code` is a valid, unused TOTP code or backup code of the user's confirmed
    /// factor; a match is used up.
    pub(super) async fn check_second_factor(&self, user_id: Uuid, code: &str) -> ApiResult<bool> {
        let Some(factor) = totp_factor::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .filter(|factor| factor.confirmed_at.is_some())
        else {
            return Ok(false);
        };
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
            return self.accept_totp(self.db(), &factor, &digits).await;
        }
        let used = backup_code::Entity::update_many()
            .col_expr(backup_code::Column::UsedAt, Utc::now().into())
            .filter(backup_code::Column::UserId.eq(user_id))
            .filter(backup_code::Column::CodeHash.eq(backup_hash(user_id, code)))
            .filter(backup_code::Column::UsedAt.is_null())
            .exec(self.db())
            .await?;
        Ok(used.rows_affected == 1)
    }

    /// Checks a TOTP code and consumes its step atomically (a conditional update), so the
    /// same code cannot be accepted twice even by two concurrent requests.
    async fn accept_totp<C: ConnectionTrait>(
        &self,
        conn: &C,
        factor: &totp_factor::Model,
        code: &str,
    ) -> ApiResult<bool> {
        let secret =
            self.data_keys()
                .open(TOTP_SECRET, &factor.user_id.to_string(), &factor.secret)?;
        let totp = totp(secret.expose_secret(), "user")?;
        let now = u64::try_from(Utc::now().timestamp()).unwrap_or_default();
        let origin_step = now / 30;
        let matched = (origin_step.saturating_sub(1)..=origin_step + 1).find(|step| {
            let expected = totp.generate(step * 30).to_string();
            expected.as_bytes().ct_eq(code.as_bytes()).into()
        });
        let Some(step) = matched.and_then(|step| i64::try_from(step).ok()) else {
            return Ok(false);
        };
        let claimed = totp_factor::Entity::update_many()
            .col_expr(totp_factor::Column::LastUsedStep, step.into())
            .filter(totp_factor::Column::UserId.eq(factor.user_id))
            .filter(
                Condition::any()
                    .add(totp_factor::Column::LastUsedStep.is_null())
                    .add(totp_factor::Column::LastUsedStep.lt(step)),
            )
            .exec(conn)
            .await?;
        Ok(claimed.rows_affected == 1)
    }
}

async fn set_mfa_flag<C: ConnectionTrait>(conn: &C, user_id: Uuid, enabled: bool) -> ApiResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::MfaEnabled, enabled.into())
        .col_expr(user::Column::UpdatedAt, Utc::now().into())
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

async fn replace_backup_codes<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
) -> ApiResult<Vec<String>> {
    backup_code::Entity::delete_many()
        .filter(backup_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let now = Utc::now();
    let codes: Vec<String> = (0..BACKUP_CODES).map(|_| new_backup_code()).collect();
    let rows = codes.iter().map(|code| backup_code::ActiveModel {
        id: Set(kit::ids::new_id()),
        user_id: Set(user_id),
        code_hash: Set(backup_hash(user_id, code)),
        created_at: Set(now),
        used_at: Set(None),
    });
    backup_code::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(codes)
}

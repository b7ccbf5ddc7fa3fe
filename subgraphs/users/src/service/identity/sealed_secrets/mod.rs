//! Secrets sealed at rest: the token signing keys and the TOTP secrets are stored encrypted
//! under a key-encryption key from configuration ([`DataEncryptionKeys`]), so a copy of the
//! database (a backup, a replica, a leaked dump) reveals neither.
//!
//! The cipher is XChaCha20-Poly1305 (RustCrypto `chacha20poly1305`): its 192-bit nonces can be
//! drawn at random for every value, by every instance, for as long as a key lives, without a
//! collision to fear or a counter to coordinate; it is constant-time in software, with or
//! without AES instructions; and the crate is already a dependency of the TLS stack.
//!
//! Stored form: `v1.<kid>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The version says how to read
//! the rest; the key id says which key sealed it, so rotation can tell which rows still need
//! re-sealing ([`reseal_at_rest`]). The associated data binds a value to its table, column and
//! row (and to its version and key id), so a sealed value copied into another row or column —
//! one user's TOTP secret into another's — fails to open instead of being used.
//!
//! Values from before sealing existed (plain base64 or base32) never contain a `.`, which is
//! how [`Stored::parse`] tells them apart; only start-up reads them, to seal them.

mod data_keys;
mod resealing;

pub use data_keys::{DataEncryption, DataEncryptionKeys};
pub use resealing::{ResealReport, reseal_at_rest};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::XNonce;
use chacha20poly1305::aead::{Aead, AeadCore, OsRng, Payload};
use secrecy::SecretSlice;

/// The format version this code writes.
const VERSION: &str = "v1";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// The environment variable that holds the keys; errors name it so operators know where to look.
pub const KEYS_VARIABLE: &str = "DATA_ENCRYPTION_KEYS";

/// A column whose values are sealed; part of every value's associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SealedColumn {
    pub table: &'static str,
    pub column: &'static str,
}

/// `signing_keys.private_key_der`: the PKCS#8 DER of an Ed25519 key, row id = `kid`.
pub const SIGNING_KEY_DER: SealedColumn = SealedColumn {
    table: "signing_keys",
    column: "private_key_der",
};

/// `totp_factors.secret`: the raw TOTP secret bytes, row id = the user id.
pub const TOTP_SECRET: SealedColumn = SealedColumn {
    table: "totp_factors",
    column: "secret",
};

/// Why a value could not be sealed or opened. Messages name the column, row and key id, never
/// the secret or the key.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(
        "{table}.{column} of row {row} is sealed under data-encryption key {kid:?}, which is not \
         in {origin}; add it back after the new key until start-up has re-sealed every row"
    )]
    UnknownKey {
        table: &'static str,
        column: &'static str,
        row: String,
        kid: String,
        origin: String,
    },
    #[error(
        "{table}.{column} of row {row} does not open under data-encryption key {kid:?} from \
         {origin}: that id holds a different key there, or the value was altered or moved from \
         another row"
    )]
    DoesNotOpen {
        table: &'static str,
        column: &'static str,
        row: String,
        kid: String,
        origin: String,
    },
    #[error("{table}.{column} of row {row} is not a sealed value: {problem}")]
    Malformed {
        table: &'static str,
        column: &'static str,
        row: String,
        problem: &'static str,
    },
    #[error("sealing {table}.{column} of row {row} failed")]
    Seal {
        table: &'static str,
        column: &'static str,
        row: String,
    },
}

impl SealError {
    fn malformed(column: SealedColumn, row: &str, problem: &'static str) -> Self {
        Self::Malformed {
            table: column.table,
            column: column.column,
            row: row.to_owned(),
            problem,
        }
    }
}

impl From<SealError> for kit::ApiError {
    fn from(err: SealError) -> Self {
        kit::ApiError::internal("sealed secret", err)
    }
}

/// A stored value, read without opening it.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored<'a> {
    /// Written before sealing existed: the plain encoding of the secret.
    Plain(&'a str),
    /// `<version>.<kid>.<payload>`.
    Sealed {
        version: &'a str,
        kid: &'a str,
        payload: &'a str,
    },
}

impl<'a> Stored<'a> {
    /// Plain base64 and base32 have no `.`; anything with one must be a well-formed sealed value.
    pub fn parse(value: &'a str) -> Option<Self> {
        if !value.contains('.') {
            return Some(Self::Plain(value));
        }
        let mut parts = value.splitn(3, '.');
        let (version, kid, payload) = (parts.next()?, parts.next()?, parts.next()?);
        (!version.is_empty() && !kid.is_empty() && !payload.is_empty()).then_some(Self::Sealed {
            version,
            kid,
            payload,
        })
    }
}

/// Binds a value to where it is stored: version, key id, table, column, row; each part
/// length-prefixed so no two different places share associated data.
fn associated_data(kid: &str, column: SealedColumn, row: &str) -> Vec<u8> {
    let mut aad = Vec::new();
    for part in [VERSION, kid, column.table, column.column, row] {
        aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

impl DataEncryptionKeys {
    /// Seals `plaintext` for `column` of `row` under the first key.
    pub fn seal(
        &self,
        column: SealedColumn,
        row: &str,
        plaintext: &[u8],
    ) -> Result<String, SealError> {
        let key = self.sealing_key();
        let nonce = chacha20poly1305::XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated_data(&key.kid, column, row);
        let ciphertext = key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Seal {
                table: column.table,
                column: column.column,
                row: row.to_owned(),
            })?;
        let mut payload = nonce.to_vec();
        payload.extend_from_slice(&ciphertext);
        Ok(format!(
            "{VERSION}.{}.{}",
            key.kid,
            URL_SAFE_NO_PAD.encode(payload)
        ))
    }

    /// Opens a value sealed for `column` of `row` under any configured key.
    pub fn open(
        &self,
        column: SealedColumn,
        row: &str,
        stored: &str,
    ) -> Result<SecretSlice<u8>, SealError> {
        let Some(Stored::Sealed {
            version,
            kid,
            payload,
        }) = Stored::parse(stored)
        else {
            return Err(SealError::malformed(column, row, "a plain value"));
        };
        if version != VERSION {
            return Err(SealError::malformed(
                column,
                row,
                "an unknown format version",
            ));
        }
        let key = self.key(kid).ok_or_else(|| SealError::UnknownKey {
            table: column.table,
            column: column.column,
            row: row.to_owned(),
            kid: kid.to_owned(),
            origin: self.origin().to_owned(),
        })?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| SealError::malformed(column, row, "its payload is not base64url"))?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::malformed(
                column,
                row,
                "its payload is too short",
            ));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce
            .try_into()
            .map_err(|_| SealError::malformed(column, row, "its nonce is cut short"))?;
        let aad = associated_data(kid, column, row);
        key.cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map(SecretSlice::from)
            .map_err(|_| SealError::DoesNotOpen {
                table: column.table,
                column: column.column,
                row: row.to_owned(),
                kid: kid.to_owned(),
                origin: self.origin().to_owned(),
            })
    }

    /// Whether `stored` is sealed under the first key (nothing to re-seal).
    pub fn sealed_under_first(&self, stored: &str) -> bool {
        matches!(
            Stored::parse(stored),
            Some(Stored::Sealed { version, kid, .. })
                if version == VERSION && kid == self.sealing_kid()
        )
    }

    /// The prefix of every value sealed under the first key.
    fn first_key_prefix(&self) -> String {
        format!("{VERSION}.{}.", self.sealing_kid())
    }
}

#[cfg(test)]
mod tests;

//! The key-encryption keys: `DATA_ENCRYPTION_KEYS`, comma-separated `kid:base64(32 bytes)`.
//! The first seals; every one opens, so rotation is "put the new key first, keep the old ones
//! until start-up has re-sealed every row, then drop them".
//!
//! Without the variable (the embedded `cargo run`), a key is generated once into a file beside
//! the embedded data (`DATA_ENCRYPTION_KEY_FILE`, mode 0600), so a fresh clone works and
//! restarts still open what earlier runs sealed. That file sits next to the database it
//! protects, which is why production must set the variable.

use super::KEYS_VARIABLE;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::OsRng;
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

const KEY_LEN: usize = 32;
const MAX_KID_LEN: usize = 32;

/// Where the keys come from (read by [`crate::IdentityConfig`]).
#[derive(Clone, Debug)]
pub enum DataEncryption {
    /// `DATA_ENCRYPTION_KEYS` was set.
    Keys(DataEncryptionKeys),
    /// It was not: keys from this file, generated on first use (`DATA_ENCRYPTION_KEY_FILE`).
    KeyFile(PathBuf),
}

impl Default for DataEncryption {
    fn default() -> Self {
        Self::KeyFile(PathBuf::from("data/data-encryption.key"))
    }
}

impl DataEncryption {
    /// Refuses the key file beside a PostgreSQL database (`database_url`) unless
    /// `allow_key_file`: there it would sit next to the data it protects, in production.
    pub fn check_fits(&self, database_url: &str, allow_key_file: bool) -> anyhow::Result<()> {
        if matches!(self, Self::KeyFile(_))
            && database_url.starts_with("postgres")
            && !allow_key_file
        {
            anyhow::bail!(
                "{KEYS_VARIABLE} is unset while the database is PostgreSQL: secrets at rest would \
                 be sealed with a key kept in a file beside the service. Set {KEYS_VARIABLE} \
                 (kid:base64(32 bytes)), or DATA_ENCRYPTION_ALLOW_KEY_FILE=true to accept the file"
            );
        }
        Ok(())
    }

    /// The keys to use, creating the key file when that is where they live and it is missing.
    pub fn resolve(&self) -> anyhow::Result<DataEncryptionKeys> {
        match self {
            Self::Keys(keys) => Ok(keys.clone()),
            Self::KeyFile(path) => {
                let keys = DataEncryptionKeys::from_file(path)?;
                tracing::warn!(
                    file = %path.display(),
                    "{KEYS_VARIABLE} is not set: secrets at rest are sealed with a key kept in a \
                     file beside the data; production must set {KEYS_VARIABLE}"
                );
                Ok(keys)
            }
        }
    }
}

pub(super) struct DataKey {
    pub(super) kid: String,
    pub(super) cipher: XChaCha20Poly1305,
}

/// The configured keys, first one sealing; cheap to clone. Debug shows key ids only.
#[derive(Clone)]
pub struct DataEncryptionKeys {
    keys: Arc<[DataKey]>,
    /// Where they came from, for error messages: always names `DATA_ENCRYPTION_KEYS`.
    origin: Arc<str>,
}

impl fmt::Debug for DataEncryptionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataEncryptionKeys")
            .field("kids", &self.kids())
            .field("origin", &self.origin)
            .finish()
    }
}

fn valid_kid(kid: &str) -> bool {
    // No `.` (the stored format's separator), no `_` or `%` (LIKE patterns select rows by kid),
    // and lower case only, as SQLite's LIKE ignores case.
    (1..=MAX_KID_LEN).contains(&kid.len())
        && kid
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl DataEncryptionKeys {
    /// Parses `kid:base64(32 bytes)[,kid:base64…]`; errors name `DATA_ENCRYPTION_KEYS` and the
    /// entry, never the key material.
    pub fn parse(value: &str) -> anyhow::Result<Self> {
        Self::parse_from(value, KEYS_VARIABLE.to_owned())
    }

    fn parse_from(value: &str, origin: String) -> anyhow::Result<Self> {
        if value.trim().is_empty() {
            anyhow::bail!("{origin} is set but empty: give at least one kid:base64(32 bytes)");
        }
        let mut keys: Vec<DataKey> = Vec::new();
        for (index, entry) in value.split(',').map(str::trim).enumerate() {
            let n = index + 1;
            let (kid, encoded) = entry.split_once(':').ok_or_else(|| {
                anyhow::anyhow!("{origin}: entry {n} must be kid:base64(32 bytes)")
            })?;
            let kid = kid.trim();
            if !valid_kid(kid) {
                anyhow::bail!(
                    "{origin}: entry {n}: the key id must be 1–{MAX_KID_LEN} of a-z, 0-9 and -"
                );
            }
            if keys.iter().any(|key| key.kid == kid) {
                anyhow::bail!("{origin}: key id {kid:?} appears twice");
            }
            let bytes = Zeroizing::new(STANDARD.decode(encoded.trim()).map_err(|_| {
                anyhow::anyhow!("{origin}: key {kid:?} is not base64 (standard alphabet)")
            })?);
            if bytes.len() != KEY_LEN {
                anyhow::bail!(
                    "{origin}: key {kid:?} is {} bytes; it must be {KEY_LEN} (e.g. `openssl rand \
                     -base64 32`)",
                    bytes.len()
                );
            }
            let cipher = XChaCha20Poly1305::new_from_slice(&bytes)
                .map_err(|_| anyhow::anyhow!("{origin}: key {kid:?} is not a valid key"))?;
            keys.push(DataKey {
                kid: kid.to_owned(),
                cipher,
            });
        }
        Ok(Self {
            keys: keys.into(),
            origin: origin.into(),
        })
    }

    /// One random key under `kid` (tests; and what a new key file holds).
    pub fn generate(kid: &str) -> anyhow::Result<Self> {
        Self::parse(&new_entry(kid))
    }

    /// The keys in `path` (same syntax as the variable), generating one when the file is
    /// missing. Two processes starting at once end up with the same key: the file appears
    /// complete or not at all (written aside, then linked into place only if still absent).
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let origin = format!(
            "{KEYS_VARIABLE} (unset; keys read from the key file {})",
            path.display()
        );
        if !path.exists() {
            create_key_file(path)?;
        }
        warn_if_readable_by_others(path);
        let contents = Zeroizing::new(std::fs::read_to_string(path).map_err(|err| {
            anyhow::anyhow!(
                "{KEYS_VARIABLE} is unset and the key file {} cannot be read: {err}",
                path.display()
            )
        })?);
        Self::parse_from(contents.trim(), origin)
    }

    /// The id of the key that seals.
    pub fn sealing_kid(&self) -> &str {
        &self.sealing_key().kid
    }

    pub fn kids(&self) -> Vec<&str> {
        self.keys.iter().map(|key| key.kid.as_str()).collect()
    }

    pub(super) fn sealing_key(&self) -> &DataKey {
        // `parse_from` refuses an empty list.
        &self.keys[0]
    }

    pub(super) fn key(&self, kid: &str) -> Option<&DataKey> {
        self.keys.iter().find(|key| key.kid == kid)
    }

    pub(super) fn origin(&self) -> &str {
        &self.origin
    }
}

/// `kid:base64(32 random bytes)`.
fn new_entry(kid: &str) -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    OsRng.fill_bytes(bytes.as_mut());
    Zeroizing::new(format!("{kid}:{}", STANDARD.encode(bytes.as_ref())))
}

fn create_key_file(path: &Path) -> anyhow::Result<()> {
    let cannot = |err: &dyn fmt::Display| {
        anyhow::anyhow!(
            "{KEYS_VARIABLE} is unset and the key file {} cannot be created: {err}",
            path.display()
        )
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|err| cannot(&err))?;
    // Dated and random: files generated on one day (another instance, a fresh checkout) never
    // share a key id while holding different keys.
    let mut suffix = [0u8; 4];
    OsRng.fill_bytes(&mut suffix);
    let kid = format!(
        "local-{}-{}",
        chrono::Utc::now().format("%Y%m%d"),
        suffix
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    // A temporary file is created with mode 0600.
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|err| cannot(&err))?;
    file.write_all(new_entry(&kid).as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.as_file().sync_all())
        .map_err(|err| cannot(&err))?;
    match file.persist_noclobber(path) {
        Ok(_) => {
            tracing::warn!(file = %path.display(), kid, "generated a data-encryption key");
            Ok(())
        }
        // Another process created it first: use theirs.
        Err(err) if path.exists() => {
            drop(err);
            Ok(())
        }
        Err(err) => Err(cannot(&err.error)),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(file = %path.display(), "the data-encryption key file is readable by others; chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

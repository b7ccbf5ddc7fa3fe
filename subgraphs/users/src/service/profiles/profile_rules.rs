//! Input rules for profile fields shared by user, candidate and company profiles: phone
//! numbers, web addresses, free text, time zones, country codes and short lists. Pure
//! functions, unit-tested here; the services collect their problems into field errors so a
//! whole input is reported at once.
//!
//! A list's length is checked before any of its entries is looked at, and duplicates are found
//! with a set, so an oversized list costs nothing but its refusal.

use std::collections::HashSet;

/// The bio is a short introduction, not a CV.
pub const MAX_BIO: usize = 2000;
/// Long descriptions (company descriptions).
pub const MAX_DESCRIPTION: usize = 5000;
const MAX_URL: usize = 500;
/// E.164 allows at most 15 digits; fewer than 7 is no reachable number anywhere.
const MIN_PHONE_DIGITS: usize = 7;
const MAX_PHONE_DIGITS: usize = 15;

/// A phone number in international form: `+`, a country code and the number. Spaces, hyphens,
/// dots and parentheses are accepted and removed, so `+81 90-1234-5678` is stored as
/// `+819012345678`.
pub fn normalize_phone(phone: &str) -> Result<String, &'static str> {
    let compact: String = phone
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{3000}'))
        .collect();
    let Some(digits) = compact.strip_prefix('+') else {
        return Err("must be in international format, e.g. +81 90 1234 5678");
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("may contain only digits after the leading +");
    }
    if digits.starts_with('0') {
        return Err("must start with a country code after the +");
    }
    if !(MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()) {
        return Err("must have 7 to 15 digits");
    }
    Ok(compact)
}

/// An absolute `http` or `https` address with a host.
pub fn website_problem(website: &str) -> Option<&'static str> {
    let website = website.trim();
    if website.len() > MAX_URL {
        return Some("is too long");
    }
    match url::Url::parse(website) {
        Ok(parsed)
            if matches!(parsed.scheme(), "http" | "https")
                && parsed.host_str().is_some_and(|host| !host.is_empty()) =>
        {
            None
        }
        Ok(_) => Some("must be an http or https address"),
        Err(_) => Some("is not a valid web address"),
    }
}

/// Free text of at most `max` characters; line breaks and tabs are fine, other control
/// characters are not.
pub fn text_problem(text: &str, max: usize) -> Option<&'static str> {
    if text.chars().count() > max {
        Some("is too long")
    } else if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some("contains control characters")
    } else {
        None
    }
}

/// A one-line value (a city, an industry) of at most `max` characters.
pub fn line_problem(text: &str, max: usize) -> Option<&'static str> {
    let text = text.trim();
    if text.is_empty() {
        Some("must not be blank")
    } else if text.chars().count() > max {
        Some("is too long")
    } else if text.chars().any(char::is_control) {
        Some("contains control characters")
    } else {
        None
    }
}

/// An IANA time zone name such as `Asia/Tokyo`.
pub fn timezone_problem(timezone: &str) -> Option<&'static str> {
    timezone
        .trim()
        .parse::<chrono_tz::Tz>()
        .err()
        .map(|_| "is not a known IANA time zone (e.g. Asia/Tokyo)")
}

/// An ISO 3166-1 alpha-2 country code, upper-cased (`jp` → `JP`).
pub fn normalize_country(code: &str) -> Result<String, &'static str> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err("must be a two-letter ISO country code, e.g. JP")
    }
}

/// How long a list and its entries may be, with the messages that name those bounds. Build
/// one with [`list_limit!`] so the numbers and the messages cannot disagree.
#[derive(Clone, Copy, Debug)]
pub struct ListLimit {
    pub items: usize,
    pub chars: usize,
    pub too_many: &'static str,
    pub too_long: &'static str,
}

/// `list_limit!(50 items of 100 chars)`.
macro_rules! list_limit {
    ($items:literal items of $chars:literal chars) => {
        $crate::service::profiles::profile_rules::ListLimit {
            items: $items,
            chars: $chars,
            too_many: concat!("must have at most ", $items, " entries"),
            too_long: concat!("has an entry longer than ", $chars, " characters"),
        }
    };
}
pub(crate) use list_limit;

impl ListLimit {
    /// The length check alone, for lists whose entries need work before [`clean_list`].
    pub fn check_len<T>(&self, values: &[T]) -> Result<(), &'static str> {
        if values.len() > self.items {
            Err(self.too_many)
        } else {
            Ok(())
        }
    }
}

/// A list of short values: trimmed, blanks dropped, duplicates (ignoring case) removed, order
/// kept; at most `limit.items` values (counted as sent, before anything else) of at most
/// `limit.chars` characters each.
pub fn clean_list(values: &[String], limit: &ListLimit) -> Result<Vec<String>, &'static str> {
    limit.check_len(values)?;
    let mut seen = HashSet::with_capacity(values.len());
    let mut cleaned: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if value.chars().nth(limit.chars).is_some() {
            return Err(limit.too_long);
        }
        if let Some(problem) = line_problem(value, limit.chars) {
            return Err(problem);
        }
        if seen.insert(value.to_ascii_lowercase()) {
            cleaned.push(value.to_owned());
        }
    }
    Ok(cleaned)
}

/// A clearable text value: blank means "clear".
pub fn blank_to_none(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_international_and_normalised() {
        assert_eq!(
            normalize_phone("+81 90-1234-5678").as_deref(),
            Ok("+819012345678")
        );
        assert_eq!(
            normalize_phone("+1 (415) 555.0100").as_deref(),
            Ok("+14155550100")
        );
        assert!(normalize_phone("090-1234-5678").is_err());
        assert!(normalize_phone("+81 90 CALL ME").is_err());
        assert!(normalize_phone("+0123456789").is_err());
        assert!(normalize_phone("+12345").is_err());
        assert!(normalize_phone("+1234567890123456").is_err());
    }

    #[test]
    fn websites_are_http_or_https_with_a_host() {
        assert_eq!(website_problem("https://aiko.example.jp/about"), None);
        assert_eq!(website_problem("http://example.com"), None);
        assert!(website_problem("ftp://example.com").is_some());
        assert!(website_problem("javascript:alert(1)").is_some());
        assert!(website_problem("example.com").is_some());
        assert!(website_problem("https://").is_some());
        assert!(website_problem(&format!("https://x.jp/{}", "a".repeat(600))).is_some());
    }

    #[test]
    fn text_is_bounded_and_free_of_control_characters() {
        assert_eq!(text_problem("line one\nline two", MAX_BIO), None);
        assert!(text_problem(&"あ".repeat(MAX_BIO + 1), MAX_BIO).is_some());
        assert_eq!(text_problem(&"あ".repeat(MAX_BIO), MAX_BIO), None);
        assert!(text_problem("bell\u{7}", MAX_BIO).is_some());
        assert!(line_problem("  ", 10).is_some());
        assert!(line_problem("two\nlines", 10).is_some());
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(timezone_problem("Asia/Tokyo"), None);
        assert_eq!(timezone_problem("Europe/Berlin"), None);
        assert!(timezone_problem("Mars/Olympus").is_some());
        assert!(timezone_problem("JST+9").is_some());
    }

    #[test]
    fn countries_are_two_letter_codes() {
        assert_eq!(normalize_country(" jp ").as_deref(), Ok("JP"));
        assert!(normalize_country("Japan").is_err());
        assert!(normalize_country("J1").is_err());
    }

    #[test]
    fn lists_are_trimmed_deduplicated_and_bounded() {
        let limit = list_limit!(5 items of 20 chars);
        let values = vec![" Rust ".into(), "rust".into(), "".into(), "SQL".into()];
        assert_eq!(
            clean_list(&values, &limit),
            Ok(vec!["Rust".into(), "SQL".into()])
        );
        assert_eq!(
            clean_list(&["x".repeat(21)], &limit),
            Err("has an entry longer than 20 characters")
        );
        let many: Vec<String> = (0..6).map(|n| n.to_string()).collect();
        assert_eq!(
            clean_list(&many, &limit),
            Err("must have at most 5 entries")
        );
        // Counted as sent: duplicates do not make room.
        assert!(clean_list(&vec!["rust".to_owned(); 6], &limit).is_err());
    }

    #[test]
    fn a_huge_list_is_refused_at_once() {
        let limit = list_limit!(100 items of 100 chars);
        let huge: Vec<String> = (0..100_000).map(|n| format!("skill {n}")).collect();
        let started = std::time::Instant::now();
        assert_eq!(clean_list(&huge, &limit), Err(limit.too_many));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        // At the limit, de-duplication is linear: distinct entries all stay.
        let full: Vec<String> = huge.into_iter().take(100).collect();
        assert_eq!(clean_list(&full, &limit).map(|list| list.len()), Ok(100));
    }
}

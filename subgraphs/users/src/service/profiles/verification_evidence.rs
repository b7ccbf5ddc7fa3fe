//! The evidence a company submits to be verified, checked before a reviewer spends time on it:
//!
//! - the corporate number (法人番号): 13 digits whose first is a check digit over the other
//!   twelve (National Tax Agency: `9 − (Σ Pn × Qn mod 9)`, `Pn` the n-th digit from the
//!   right of the twelve, `Qn` 1 for odd n and 2 for even), so a mistyped number is caught at
//!   once; full-width digits, spaces and hyphens are accepted and dropped;
//! - for recruitment agencies, the licence number of a fee-charging employment placement
//!   business (有料職業紹介事業許可番号), `PP-ユ-NNNNNN` with PP a prefecture code 01–47;
//! - the requester's work e-mail on the company's own domain (the web site's host, `www.`
//!   dropped, or a subdomain of it), which a reviewer can recognise.
//!
//! Written by hand: these are small national formats no maintained crate covers.

use kit::ApiError;

/// The corporate number in its 13 ASCII digits, or why it is not one.
pub fn corporate_number(raw: &str) -> Result<String, ApiError> {
    let invalid = |why: &str| ApiError::invalid("corporateNumber", why);
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '　' | '－' | 'ー'))
        .map(ascii_digit)
        .collect::<Option<String>>()
        .ok_or_else(|| invalid("must be 13 digits"))?;
    if digits.len() != 13 {
        return Err(invalid("must be 13 digits"));
    }
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let weighted: u32 = values[1..]
        .iter()
        .rev()
        .enumerate()
        .map(|(index, digit)| digit * if index % 2 == 0 { 1 } else { 2 })
        .sum();
    if values[0] != 9 - weighted % 9 {
        return Err(invalid(
            "has a wrong check digit: compare it with the National Tax Agency's record",
        ));
    }
    Ok(digits)
}

/// The licence number as `PP-ユ-NNNNNN`, or why it is not one.
pub fn agency_licence_number(raw: &str) -> Result<String, ApiError> {
    let invalid = || {
        ApiError::invalid(
            "agencyLicenceNumber",
            "must be a placement business licence number such as 13-ユ-123456",
        )
    };
    let normalized: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '－' | 'ー' | '‐' | '―' => '-',
            'ゆ' | 'ﾕ' => 'ユ',
            other => ascii_digit(other).unwrap_or(other),
        })
        .collect();
    let mut parts = normalized.split('-');
    let (Some(prefecture), Some("ユ"), Some(serial), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let prefecture_ok = prefecture.len() == 2
        && prefecture
            .parse::<u8>()
            .is_ok_and(|code| (1..=47).contains(&code));
    let serial_ok = serial.len() == 6 && serial.chars().all(|c| c.is_ascii_digit());
    if !prefecture_ok || !serial_ok {
        return Err(invalid());
    }
    Ok(format!("{prefecture}-ユ-{serial}"))
}

/// Whether `email` is on the domain of the web site `website` (an http or https address).
pub fn email_on_company_domain(email: &str, website: &str) -> bool {
    let Some((_, email_domain)) = email.rsplit_once('@') else {
        return false;
    };
    let email_domain = email_domain
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let Some(host) = url::Url::parse(website)
        .ok()
        .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
    else {
        return false;
    };
    let host = host.trim_end_matches('.');
    let site = host.strip_prefix("www.").unwrap_or(host);
    // A single label (`localhost`) or an address is nobody's company domain.
    if !site.contains('.') || site.parse::<std::net::IpAddr>().is_ok() {
        return false;
    }
    email_domain == site || email_domain.ends_with(&format!(".{site}"))
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_corporate_numbers_pass_and_mistyped_ones_fail() {
        // Numbers published by the National Tax Agency's corporate number site.
        for number in ["1180301018771", "5010401067252", "7010001008844"] {
            assert_eq!(corporate_number(number).unwrap(), number);
        }
        assert_eq!(
            corporate_number("１１８０-３０１０-１８７７１").unwrap(),
            "1180301018771"
        );
        for wrong in [
            "2180301018771",
            "1180301018772",
            "118030101877",
            "11803010187711",
            "abc",
        ] {
            assert!(corporate_number(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn licence_numbers_take_a_prefecture_and_six_digits() {
        assert_eq!(
            agency_licence_number("13-ユ-123456").unwrap(),
            "13-ユ-123456"
        );
        assert_eq!(
            agency_licence_number("２７－ユ－３０００１０").unwrap(),
            "27-ユ-300010"
        );
        for wrong in [
            "48-ユ-123456",
            "00-ユ-123456",
            "13-ユ-12345",
            "13-A-123456",
            "13123456",
        ] {
            assert!(agency_licence_number(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_work_email_is_on_the_site_or_a_subdomain_of_it() {
        let site = "https://www.sakura-systems.example.jp/about";
        assert!(email_on_company_domain(
            "hr@sakura-systems.example.jp",
            site
        ));
        assert!(email_on_company_domain(
            "a@jp.sakura-systems.example.jp",
            site
        ));
        assert!(!email_on_company_domain("a@gmail.com", site));
        assert!(!email_on_company_domain("a@other.example.jp", site));
        assert!(!email_on_company_domain(
            "a@evilsakura-systems.example.jp",
            site
        ));
        assert!(!email_on_company_domain("a@localhost", "http://localhost"));
    }
}

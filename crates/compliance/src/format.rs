//! Number formatting for messages, so that English and Japanese messages show the same figures
//! the way a reader in Japan expects them (`1,226`).

/// `1226` → `"1,226"`, `-1500` → `"-1,500"`.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Weekly hours as written: `40`, `37.5`.
pub(crate) fn hours(h: f32) -> String {
    format!("{h}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1226, "1,226"),
            (212_507, "212,507"),
            (3_000_000, "3,000,000"),
            (-1500, "-1,500"),
            (i64::MIN, "-9,223,372,036,854,775,808"),
        ];
        for (n, expected) in cases {
            assert_eq!(thousands(n), expected);
        }
    }

    #[test]
    fn hours_without_trailing_zeros() {
        assert_eq!(hours(40.0), "40");
        assert_eq!(hours(37.5), "37.5");
        assert_eq!(hours(37.3), "37.3");
    }
}

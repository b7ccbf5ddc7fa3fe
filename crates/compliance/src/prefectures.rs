//! Japan's 47 prefectures, under the codes the platform stores.
//!
//! Minimum wages are set per prefecture, so a posting's workplace is stored as a prefecture code
//! (romaji, lower case) that the wage table is keyed by. The ISO 3166-2 codes and both names are
//! here so that clients can display and exchange the same value.

use crate::vocab::normalize_code;

/// A prefecture: stored code, ISO 3166-2 code and English and Japanese names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefecture {
    /// Stored code, e.g. `tokyo`.
    pub code: &'static str,
    /// ISO 3166-2 code, e.g. `JP-13`.
    pub iso: &'static str,
    /// English name, e.g. `Tokyo`.
    pub name_en: &'static str,
    /// Japanese name, e.g. `東京都`.
    pub name_ja: &'static str,
}

const fn pref(
    code: &'static str,
    iso: &'static str,
    name_en: &'static str,
    name_ja: &'static str,
) -> Prefecture {
    Prefecture {
        code,
        iso,
        name_en,
        name_ja,
    }
}

/// All 47 prefectures in ISO 3166-2 (JIS X 0401) order.
pub const PREFECTURES: &[Prefecture] = &[
    pref("hokkaido", "JP-01", "Hokkaido", "北海道"),
    pref("aomori", "JP-02", "Aomori", "青森県"),
    pref("iwate", "JP-03", "Iwate", "岩手県"),
    pref("miyagi", "JP-04", "Miyagi", "宮城県"),
    pref("akita", "JP-05", "Akita", "秋田県"),
    pref("yamagata", "JP-06", "Yamagata", "山形県"),
    pref("fukushima", "JP-07", "Fukushima", "福島県"),
    pref("ibaraki", "JP-08", "Ibaraki", "茨城県"),
    pref("tochigi", "JP-09", "Tochigi", "栃木県"),
    pref("gunma", "JP-10", "Gunma", "群馬県"),
    pref("saitama", "JP-11", "Saitama", "埼玉県"),
    pref("chiba", "JP-12", "Chiba", "千葉県"),
    pref("tokyo", "JP-13", "Tokyo", "東京都"),
    pref("kanagawa", "JP-14", "Kanagawa", "神奈川県"),
    pref("niigata", "JP-15", "Niigata", "新潟県"),
    pref("toyama", "JP-16", "Toyama", "富山県"),
    pref("ishikawa", "JP-17", "Ishikawa", "石川県"),
    pref("fukui", "JP-18", "Fukui", "福井県"),
    pref("yamanashi", "JP-19", "Yamanashi", "山梨県"),
    pref("nagano", "JP-20", "Nagano", "長野県"),
    pref("gifu", "JP-21", "Gifu", "岐阜県"),
    pref("shizuoka", "JP-22", "Shizuoka", "静岡県"),
    pref("aichi", "JP-23", "Aichi", "愛知県"),
    pref("mie", "JP-24", "Mie", "三重県"),
    pref("shiga", "JP-25", "Shiga", "滋賀県"),
    pref("kyoto", "JP-26", "Kyoto", "京都府"),
    pref("osaka", "JP-27", "Osaka", "大阪府"),
    pref("hyogo", "JP-28", "Hyogo", "兵庫県"),
    pref("nara", "JP-29", "Nara", "奈良県"),
    pref("wakayama", "JP-30", "Wakayama", "和歌山県"),
    pref("tottori", "JP-31", "Tottori", "鳥取県"),
    pref("shimane", "JP-32", "Shimane", "島根県"),
    pref("okayama", "JP-33", "Okayama", "岡山県"),
    pref("hiroshima", "JP-34", "Hiroshima", "広島県"),
    pref("yamaguchi", "JP-35", "Yamaguchi", "山口県"),
    pref("tokushima", "JP-36", "Tokushima", "徳島県"),
    pref("kagawa", "JP-37", "Kagawa", "香川県"),
    pref("ehime", "JP-38", "Ehime", "愛媛県"),
    pref("kochi", "JP-39", "Kochi", "高知県"),
    pref("fukuoka", "JP-40", "Fukuoka", "福岡県"),
    pref("saga", "JP-41", "Saga", "佐賀県"),
    pref("nagasaki", "JP-42", "Nagasaki", "長崎県"),
    pref("kumamoto", "JP-43", "Kumamoto", "熊本県"),
    pref("oita", "JP-44", "Oita", "大分県"),
    pref("miyazaki", "JP-45", "Miyazaki", "宮崎県"),
    pref("kagoshima", "JP-46", "Kagoshima", "鹿児島県"),
    pref("okinawa", "JP-47", "Okinawa", "沖縄県"),
];

/// Find a prefecture by stored code, ISO 3166-2 code, English name or Japanese name
/// (case-insensitive, surrounding spaces ignored).
pub fn find_prefecture(raw: &str) -> Option<&'static Prefecture> {
    let trimmed = raw.trim();
    let code = normalize_code(trimmed);
    PREFECTURES.iter().find(|p| {
        p.code == code
            || p.iso.eq_ignore_ascii_case(trimmed)
            || p.name_en.eq_ignore_ascii_case(trimmed)
            || p.name_ja == trimmed
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn forty_seven_unique_prefectures_in_iso_order() {
        assert_eq!(PREFECTURES.len(), 47);
        let codes: HashSet<_> = PREFECTURES.iter().map(|p| p.code).collect();
        assert_eq!(codes.len(), 47);
        for (i, p) in PREFECTURES.iter().enumerate() {
            assert_eq!(p.iso, format!("JP-{:02}", i + 1));
            assert_eq!(p.code, p.name_en.to_ascii_lowercase());
            assert!(
                p.name_ja.ends_with('都')
                    || p.name_ja.ends_with('道')
                    || p.name_ja.ends_with('府')
                    || p.name_ja.ends_with('県'),
                "{}",
                p.name_ja
            );
        }
    }

    #[test]
    fn finds_by_any_name() {
        for raw in ["tokyo", " Tokyo ", "TOKYO", "JP-13", "jp-13", "東京都"] {
            assert_eq!(find_prefecture(raw).map(|p| p.code), Some("tokyo"), "{raw}");
        }
        assert_eq!(find_prefecture("hokkaido").unwrap().name_ja, "北海道");
        assert_eq!(find_prefecture("JP-47").unwrap().code, "okinawa");
        assert_eq!(find_prefecture("kyoto").unwrap().name_ja, "京都府");
        assert_eq!(find_prefecture("edo"), None);
        assert_eq!(find_prefecture(""), None);
    }
}

//! Place names: the 47 prefectures (from the compliance crate, with their readings) and the
//! cities job seekers name most, each in kanji, kana and English/romaji.
//!
//! A name that is both a prefecture and its capital (大阪, 京都, 福岡, `osaka`) means the
//! prefecture: the wider place keeps every posting the seeker may mean. A city is named with
//! its suffix (`大阪市`) or by a name no prefecture has (`横浜`, `新宿`, `yokohama`).

use compliance::PREFECTURES;

/// Readings of the prefectures' names without their suffix (都, 府, 県), in hiragana, by code.
const PREFECTURE_READINGS: [(&str, &str); 47] = [
    ("hokkaido", "ほっかいどう"),
    ("aomori", "あおもり"),
    ("iwate", "いわて"),
    ("miyagi", "みやぎ"),
    ("akita", "あきた"),
    ("yamagata", "やまがた"),
    ("fukushima", "ふくしま"),
    ("ibaraki", "いばらき"),
    ("tochigi", "とちぎ"),
    ("gunma", "ぐんま"),
    ("saitama", "さいたま"),
    ("chiba", "ちば"),
    ("tokyo", "とうきょう"),
    ("kanagawa", "かながわ"),
    ("niigata", "にいがた"),
    ("toyama", "とやま"),
    ("ishikawa", "いしかわ"),
    ("fukui", "ふくい"),
    ("yamanashi", "やまなし"),
    ("nagano", "ながの"),
    ("gifu", "ぎふ"),
    ("shizuoka", "しずおか"),
    ("aichi", "あいち"),
    ("mie", "みえ"),
    ("shiga", "しが"),
    ("kyoto", "きょうと"),
    ("osaka", "おおさか"),
    ("hyogo", "ひょうご"),
    ("nara", "なら"),
    ("wakayama", "わかやま"),
    ("tottori", "とっとり"),
    ("shimane", "しまね"),
    ("okayama", "おかやま"),
    ("hiroshima", "ひろしま"),
    ("yamaguchi", "やまぐち"),
    ("tokushima", "とくしま"),
    ("kagawa", "かがわ"),
    ("ehime", "えひめ"),
    ("kochi", "こうち"),
    ("fukuoka", "ふくおか"),
    ("saga", "さが"),
    ("nagasaki", "ながさき"),
    ("kumamoto", "くまもと"),
    ("oita", "おおいた"),
    ("miyazaki", "みやざき"),
    ("kagoshima", "かごしま"),
    ("okinawa", "おきなわ"),
];

/// A city: an id, its prefecture, and its names (kanji without suffix, reading, English).
#[derive(Debug, PartialEq, Eq)]
pub struct City {
    pub id: &'static str,
    pub prefecture: &'static str,
    pub ja: &'static str,
    pub kana: &'static str,
    pub en: &'static str,
    /// The kanji name alone also names the prefecture (大阪, 京都): only the suffixed form
    /// (`大阪市`) or `osaka city` means the city.
    pub shares_prefecture_name: bool,
    /// The suffix of its kanji name: 市 for cities, 区 for Tokyo's wards.
    pub suffix: &'static str,
}

const fn city(
    id: &'static str,
    prefecture: &'static str,
    ja: &'static str,
    kana: &'static str,
    en: &'static str,
    suffix: &'static str,
) -> City {
    City {
        id,
        prefecture,
        ja,
        kana,
        en,
        shares_prefecture_name: false,
        suffix,
    }
}

const fn capital(
    id: &'static str,
    prefecture: &'static str,
    ja: &'static str,
    kana: &'static str,
    en: &'static str,
) -> City {
    City {
        shares_prefecture_name: true,
        ..city(id, prefecture, ja, kana, en, "市")
    }
}

/// The designated cities, Tokyo's central wards and the other cities with most postings.
pub const CITIES: &[City] = &[
    city("shinjuku", "tokyo", "新宿", "しんじゅく", "Shinjuku", "区"),
    city("shibuya", "tokyo", "渋谷", "しぶや", "Shibuya", "区"),
    city("minato", "tokyo", "港", "みなと", "Minato", "区"),
    city("chiyoda", "tokyo", "千代田", "ちよだ", "Chiyoda", "区"),
    city("chuo_tokyo", "tokyo", "中央", "ちゅうおう", "Chuo", "区"),
    city("shinagawa", "tokyo", "品川", "しながわ", "Shinagawa", "区"),
    city("toshima", "tokyo", "豊島", "としま", "Toshima", "区"),
    city("ota", "tokyo", "大田", "おおた", "Ota", "区"),
    city("setagaya", "tokyo", "世田谷", "せたがや", "Setagaya", "区"),
    city(
        "hachioji",
        "tokyo",
        "八王子",
        "はちおうじ",
        "Hachioji",
        "市",
    ),
    city("yokohama", "kanagawa", "横浜", "よこはま", "Yokohama", "市"),
    city("kawasaki", "kanagawa", "川崎", "かわさき", "Kawasaki", "市"),
    city(
        "sagamihara",
        "kanagawa",
        "相模原",
        "さがみはら",
        "Sagamihara",
        "市",
    ),
    capital("saitama_city", "saitama", "さいたま", "さいたま", "Saitama"),
    city(
        "kawaguchi",
        "saitama",
        "川口",
        "かわぐち",
        "Kawaguchi",
        "市",
    ),
    capital("chiba_city", "chiba", "千葉", "ちば", "Chiba"),
    city("funabashi", "chiba", "船橋", "ふなばし", "Funabashi", "市"),
    capital("osaka_city", "osaka", "大阪", "おおさか", "Osaka"),
    city("sakai", "osaka", "堺", "さかい", "Sakai", "市"),
    capital("kyoto_city", "kyoto", "京都", "きょうと", "Kyoto"),
    city("uji", "kyoto", "宇治", "うじ", "Uji", "市"),
    city("kobe", "hyogo", "神戸", "こうべ", "Kobe", "市"),
    city("himeji", "hyogo", "姫路", "ひめじ", "Himeji", "市"),
    city("nagoya", "aichi", "名古屋", "なごや", "Nagoya", "市"),
    city("toyota", "aichi", "豊田", "とよた", "Toyota", "市"),
    capital("fukuoka_city", "fukuoka", "福岡", "ふくおか", "Fukuoka"),
    city(
        "kitakyushu",
        "fukuoka",
        "北九州",
        "きたきゅうしゅう",
        "Kitakyushu",
        "市",
    ),
    city("sapporo", "hokkaido", "札幌", "さっぽろ", "Sapporo", "市"),
    city(
        "asahikawa",
        "hokkaido",
        "旭川",
        "あさひかわ",
        "Asahikawa",
        "市",
    ),
    city("sendai", "miyagi", "仙台", "せんだい", "Sendai", "市"),
    capital(
        "hiroshima_city",
        "hiroshima",
        "広島",
        "ひろしま",
        "Hiroshima",
    ),
    city(
        "hamamatsu",
        "shizuoka",
        "浜松",
        "はままつ",
        "Hamamatsu",
        "市",
    ),
    capital("shizuoka_city", "shizuoka", "静岡", "しずおか", "Shizuoka"),
    city("naha", "okinawa", "那覇", "なは", "Naha", "市"),
    capital("gifu_city", "gifu", "岐阜", "ぎふ", "Gifu"),
    capital("niigata_city", "niigata", "新潟", "にいがた", "Niigata"),
    capital("okayama_city", "okayama", "岡山", "おかやま", "Okayama"),
    capital("kumamoto_city", "kumamoto", "熊本", "くまもと", "Kumamoto"),
    capital(
        "kagoshima_city",
        "kagoshima",
        "鹿児島",
        "かごしま",
        "Kagoshima",
    ),
    city("kanazawa", "ishikawa", "金沢", "かなざわ", "Kanazawa", "市"),
    city(
        "utsunomiya",
        "tochigi",
        "宇都宮",
        "うつのみや",
        "Utsunomiya",
        "市",
    ),
    city("matsuyama", "ehime", "松山", "まつやま", "Matsuyama", "市"),
];

/// The prefecture's name in kanji without its suffix (`東京`, `北海道`).
pub fn short_name(name_ja: &str) -> &str {
    if name_ja == "北海道" {
        return name_ja;
    }
    name_ja
        .strip_suffix('都')
        .or_else(|| name_ja.strip_suffix('府'))
        .or_else(|| name_ja.strip_suffix('県'))
        .unwrap_or(name_ja)
}

/// Every way a prefecture is written: kanji with and without suffix, reading, English.
pub fn prefecture_names() -> impl Iterator<Item = (&'static str, Vec<String>)> {
    PREFECTURES.iter().map(|prefecture| {
        let reading = PREFECTURE_READINGS
            .iter()
            .find(|(code, _)| *code == prefecture.code)
            .map_or("", |(_, reading)| reading);
        let mut names = vec![
            prefecture.name_ja.to_owned(),
            short_name(prefecture.name_ja).to_owned(),
            prefecture.name_en.to_owned(),
            format!("{} prefecture", prefecture.name_en),
        ];
        if !reading.is_empty() {
            names.push(reading.to_owned());
            names.push(wana_kana::ConvertJapanese::to_romaji(reading));
        }
        (prefecture.code, names)
    })
}

/// Every way a city is written.
pub fn city_names(city: &City) -> Vec<String> {
    let mut names = vec![
        format!("{}{}", city.ja, city.suffix),
        format!("{} city", city.en),
        format!("{}-shi", city.en),
    ];
    if !city.shares_prefecture_name {
        // A bare kanji name of one character (港, 堺) or a common word (中央) is part of too
        // many other words: only its suffixed form names the city.
        if city.ja.chars().count() > 1 && city.ja != "中央" {
            names.push(city.ja.to_owned());
        }
        names.push(city.kana.to_owned());
        names.push(city.en.to_owned());
        names.push(wana_kana::ConvertJapanese::to_romaji(city.kana));
    }
    names
}

/// The city a posting's free-text city field names, if it is one of [`CITIES`] (`横浜市`,
/// `Yokohama`, `yokohama-shi`, `大阪市`; a bare `Osaka` is taken as the city here, since the
/// field is a city).
pub fn find_city(text: &str) -> Option<&'static City> {
    let folded = crate::fold::fold(text.trim());
    let bare = folded
        .trim_end_matches(" city")
        .trim_end_matches("-shi")
        .trim_end_matches(" shi");
    CITIES.iter().find(|city| {
        let ja = crate::fold::fold(city.ja);
        bare == city.en.to_lowercase()
            || folded == ja
            || folded == format!("{ja}{}", city.suffix)
            || folded == crate::fold::fold(city.kana)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefecture_has_a_reading() {
        for prefecture in PREFECTURES {
            assert!(
                PREFECTURE_READINGS
                    .iter()
                    .any(|(code, _)| *code == prefecture.code),
                "{}",
                prefecture.code
            );
        }
        assert_eq!(short_name("東京都"), "東京");
        assert_eq!(short_name("京都府"), "京都");
        assert_eq!(short_name("北海道"), "北海道");
    }

    #[test]
    fn city_fields_are_recognised_in_any_script() {
        for text in ["横浜市", "横浜", "Yokohama", "yokohama-shi", "よこはま"] {
            assert_eq!(
                find_city(text).map(|city| city.id),
                Some("yokohama"),
                "{text}"
            );
        }
        assert_eq!(find_city("大阪市").map(|city| city.id), Some("osaka_city"));
        assert_eq!(find_city("Osaka").map(|city| city.id), Some("osaka_city"));
        assert_eq!(
            find_city("新宿区").map(|city| city.prefecture),
            Some("tokyo")
        );
        assert_eq!(find_city("Atlantis"), None);
    }
}

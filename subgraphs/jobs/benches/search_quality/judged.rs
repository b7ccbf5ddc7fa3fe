//! The judged queries: what job seekers type (Japanese, English, romaji, mixed, place names,
//! occupations, statuses of residence, qualifiers, typos) and, for each, which postings are
//! relevant, decided from the postings' structured facts alone.

use super::corpus::{Facts, Language};

/// What a relevant posting is; every given part must hold.
#[derive(Clone, Copy, Default)]
pub struct Need {
    /// Any of these job categories.
    pub categories: &'static [&'static str],
    /// Any of these prefectures.
    pub prefectures: &'static [&'static str],
    /// This city (English name).
    pub city: Option<&'static str>,
    /// Sponsors Specified Skilled Worker (i) or (ii).
    pub ssw: bool,
    /// Sponsors this status.
    pub visa: Option<&'static str>,
    /// Sponsors any status.
    pub sponsors: bool,
    pub employment: Option<&'static str>,
    /// Asks no experience.
    pub no_experience: bool,
    /// Asks no Japanese.
    pub no_japanese: bool,
    /// Requires this skill.
    pub skill: Option<&'static str>,
    /// Open to a candidate of this JLPT level (1 = N1 … 5 = N5): asks it, an easier one, or
    /// none.
    pub jlpt: Option<u8>,
    /// Written in Japanese (alone or beside English): for a sentence that names no occupation
    /// the platform knows, only the postings that say it can be found.
    pub japanese_text: bool,
    /// Says its work has night shifts (`true`) or none (`false`).
    pub night_shifts: Option<bool>,
}

impl Need {
    pub fn relevant(&self, facts: &Facts) -> bool {
        (self.categories.is_empty() || self.categories.contains(&facts.category))
            && (self.prefectures.is_empty() || self.prefectures.contains(&facts.prefecture))
            && self.city.is_none_or(|city| facts.city == city)
            && (!self.ssw || facts.sponsors_ssw())
            && self.visa.is_none_or(|visa| facts.visas.contains(&visa))
            && (!self.sponsors || facts.sponsors())
            && self
                .employment
                .is_none_or(|employment| facts.employment == employment)
            && (!self.no_experience || facts.min_experience_years == 0)
            && (!self.no_japanese || facts.no_japanese)
            && self.skill.is_none_or(|skill| facts.skills.contains(&skill))
            && self
                .jlpt
                .is_none_or(|level| facts.jlpt.is_none_or(|asked| asked >= level))
            && (!self.japanese_text || facts.language != Language::English)
            && self
                .night_shifts
                .is_none_or(|night| facts.night_shifts == Some(night))
    }
}

pub struct Judged {
    pub query: &'static str,
    /// What the query is an example of, for the per-kind figures.
    pub kind: &'static str,
    pub need: Need,
}

const CARE: &[&str] = &["nursing_care"];
const SOFTWARE: &[&str] = &["software_engineering"];
const ENGINEERS: &[&str] = &["software_engineering", "it_infrastructure"];
const FOOD: &[&str] = &["food_service"];
const HOTEL: &[&str] = &["accommodation"];
const BUILD: &[&str] = &["construction"];
const FACTORY: &[&str] = &["industrial_products_manufacturing", "food_manufacturing"];
const MECHANIC: &[&str] = &["automobile_repair"];
const CLEANING: &[&str] = &["building_cleaning"];
const FARM: &[&str] = &["agriculture"];
const TEACHING: &[&str] = &["language_teaching"];
const TRANSLATION: &[&str] = &["translation_interpretation"];
const SALES: &[&str] = &["sales_marketing"];
const DATA: &[&str] = &["data_science"];
const ACCOUNTING: &[&str] = &["finance_accounting"];
const SUPPORT: &[&str] = &["customer_support"];
const DRIVING: &[&str] = &["automobile_transportation"];

const fn occupation(categories: &'static [&'static str]) -> Need {
    Need {
        categories,
        prefectures: &[],
        city: None,
        ssw: false,
        visa: None,
        sponsors: false,
        employment: None,
        no_experience: false,
        no_japanese: false,
        skill: None,
        jlpt: None,
        japanese_text: false,
        night_shifts: None,
    }
}

/// Postings of `categories` written in Japanese.
const fn said_in_japanese(categories: &'static [&'static str]) -> Need {
    Need {
        japanese_text: true,
        ..occupation(categories)
    }
}

const fn within(categories: &'static [&'static str], prefectures: &'static [&'static str]) -> Need {
    Need {
        prefectures,
        ..occupation(categories)
    }
}

const fn place(prefectures: &'static [&'static str]) -> Need {
    within(&[], prefectures)
}

const fn judged(query: &'static str, kind: &'static str, need: Need) -> Judged {
    Judged { query, kind, need }
}

pub const QUERIES: &[Judged] = &[
    // Occupations, in each language and script.
    judged("介護", "occupation ja", occupation(CARE)),
    judged("care worker", "occupation en", occupation(CARE)),
    judged("caregiver", "occupation en", occupation(CARE)),
    judged("kaigo", "occupation romaji", occupation(CARE)),
    judged("ｶｲｺﾞ", "occupation kana", occupation(CARE)),
    judged("software engineer", "occupation en", occupation(SOFTWARE)),
    judged("software developer", "synonym", occupation(SOFTWARE)),
    judged("developers", "plural", occupation(SOFTWARE)),
    judged("プログラマー", "occupation ja", occupation(SOFTWARE)),
    judged("プログラマ", "long vowel", occupation(SOFTWARE)),
    judged("エンジニア", "occupation ja", occupation(ENGINEERS)),
    judged("engineer", "occupation en", occupation(ENGINEERS)),
    judged("調理", "occupation ja", occupation(FOOD)),
    judged("cook", "occupation en", occupation(FOOD)),
    judged("ホテル", "occupation ja", occupation(HOTEL)),
    judged("hotels", "plural", occupation(HOTEL)),
    judged("建設", "occupation ja", occupation(BUILD)),
    judged("kensetsu", "occupation romaji", occupation(BUILD)),
    judged("工場", "occupation ja", occupation(FACTORY)),
    judged("factory worker", "occupation en", occupation(FACTORY)),
    judged("自動車整備士", "occupation ja", occupation(MECHANIC)),
    judged("car mechanic", "occupation en", occupation(MECHANIC)),
    judged("清掃", "occupation ja", occupation(CLEANING)),
    judged("cleaning", "occupation en", occupation(CLEANING)),
    judged("農業", "occupation ja", occupation(FARM)),
    judged("farm worker", "occupation en", occupation(FARM)),
    judged("英語講師", "occupation ja", occupation(TEACHING)),
    judged("english teacher", "occupation en", occupation(TEACHING)),
    judged("通訳", "occupation ja", occupation(TRANSLATION)),
    judged("translator", "occupation en", occupation(TRANSLATION)),
    judged("tsuuyaku", "occupation romaji", occupation(TRANSLATION)),
    judged("営業", "occupation ja", occupation(SALES)),
    judged("sales", "occupation en", occupation(SALES)),
    judged("データサイエンティスト", "occupation ja", occupation(DATA)),
    judged("data analyst", "occupation en", occupation(DATA)),
    judged("経理", "occupation ja", occupation(ACCOUNTING)),
    judged("コールセンター", "occupation ja", occupation(SUPPORT)),
    judged("truck driver", "occupation en", occupation(DRIVING)),
    judged("ドライバー", "occupation ja", occupation(DRIVING)),
    // Typos.
    judged("caregivr", "typo", occupation(CARE)),
    judged("interpretor", "typo", occupation(TRANSLATION)),
    judged("acountant", "typo", occupation(ACCOUNTING)),
    judged("sofware engineer", "typo", occupation(SOFTWARE)),
    // Places alone, and places that contain each other's characters.
    judged("東京", "place ja", place(&["tokyo"])),
    judged("東京都", "place ja", place(&["tokyo"])),
    judged("京都", "place ja", place(&["kyoto"])),
    judged("tokyo", "place en", place(&["tokyo"])),
    judged("とうきょう", "place kana", place(&["tokyo"])),
    judged("oosaka", "place romaji", place(&["osaka"])),
    judged("北海道", "place ja", place(&["hokkaido"])),
    judged(
        "横浜",
        "city ja",
        Need {
            city: Some("Yokohama"),
            ..place(&["kanagawa"])
        },
    ),
    judged(
        "yokohama",
        "city en",
        Need {
            city: Some("Yokohama"),
            ..place(&["kanagawa"])
        },
    ),
    // Occupation and place together.
    judged("介護 東京", "occupation + place", within(CARE, &["tokyo"])),
    judged(
        "care worker tokyo",
        "occupation + place",
        within(CARE, &["tokyo"]),
    ),
    judged("介護 京都", "occupation + place", within(CARE, &["kyoto"])),
    judged(
        "京都 ホテル",
        "occupation + place",
        within(HOTEL, &["kyoto"]),
    ),
    judged(
        "hotel kyoto",
        "occupation + place",
        within(HOTEL, &["kyoto"]),
    ),
    judged("大阪 調理", "occupation + place", within(FOOD, &["osaka"])),
    judged(
        "kitchen staff osaka",
        "occupation + place",
        within(FOOD, &["osaka"]),
    ),
    judged(
        "東京都 エンジニア",
        "occupation + place",
        within(ENGINEERS, &["tokyo"]),
    ),
    judged(
        "developer osaka",
        "occupation + place",
        within(SOFTWARE, &["osaka"]),
    ),
    judged(
        "名古屋 工場",
        "city + occupation",
        Need {
            city: Some("Nagoya"),
            ..within(FACTORY, &["aichi"])
        },
    ),
    judged(
        "北海道 農業",
        "occupation + place",
        within(FARM, &["hokkaido"]),
    ),
    judged(
        "farm hokkaido",
        "occupation + place",
        within(FARM, &["hokkaido"]),
    ),
    judged(
        "福岡 ドライバー",
        "occupation + place",
        within(DRIVING, &["fukuoka"]),
    ),
    judged("kaigo tokyo", "romaji + place", within(CARE, &["tokyo"])),
    judged(
        "Rust エンジニア 東京",
        "mixed",
        Need {
            skill: Some("rust"),
            ..within(SOFTWARE, &["tokyo"])
        },
    ),
    // Statuses of residence.
    judged(
        "特定技能",
        "visa ja",
        Need {
            ssw: true,
            ..place(&[])
        },
    ),
    judged(
        "SSW",
        "visa abbreviation",
        Need {
            ssw: true,
            ..place(&[])
        },
    ),
    judged(
        "specified skilled worker",
        "visa en",
        Need {
            ssw: true,
            ..place(&[])
        },
    ),
    judged(
        "tokutei ginou",
        "visa romaji",
        Need {
            ssw: true,
            ..place(&[])
        },
    ),
    judged(
        "特定技能 介護",
        "visa + occupation",
        Need {
            ssw: true,
            ..occupation(CARE)
        },
    ),
    judged(
        "SSW construction",
        "visa + occupation",
        Need {
            ssw: true,
            ..occupation(BUILD)
        },
    ),
    judged(
        "技人国",
        "visa ja",
        Need {
            visa: Some("engineer_humanities_international"),
            ..place(&[])
        },
    ),
    judged(
        "ビザサポート",
        "qualifier ja",
        Need {
            sponsors: true,
            ..place(&[])
        },
    ),
    judged(
        "visa sponsorship engineer",
        "qualifier + occupation",
        Need {
            sponsors: true,
            ..occupation(ENGINEERS)
        },
    ),
    // Employment types and qualifiers.
    judged(
        "パート",
        "employment ja",
        Need {
            employment: Some("part_time"),
            ..place(&[])
        },
    ),
    judged(
        "part time cleaning",
        "employment + occupation",
        Need {
            employment: Some("part_time"),
            ..occupation(CLEANING)
        },
    ),
    judged(
        "正社員 営業",
        "employment + occupation",
        Need {
            employment: Some("full_time"),
            ..occupation(SALES)
        },
    ),
    judged(
        "アルバイト 大阪",
        "employment + place",
        Need {
            employment: Some("part_time"),
            ..place(&["osaka"])
        },
    ),
    judged(
        "未経験可",
        "qualifier ja",
        Need {
            no_experience: true,
            ..place(&[])
        },
    ),
    judged(
        "未経験 介護",
        "qualifier + occupation",
        Need {
            no_experience: true,
            ..occupation(CARE)
        },
    ),
    judged(
        "no experience kitchen",
        "qualifier + occupation",
        Need {
            no_experience: true,
            ..occupation(FOOD)
        },
    ),
    judged(
        "日本語不要",
        "qualifier ja",
        Need {
            no_japanese: true,
            ..place(&[])
        },
    ),
    judged(
        "no japanese required tokyo",
        "qualifier + place",
        Need {
            no_japanese: true,
            ..place(&["tokyo"])
        },
    ),
    // Skills and words no field names.
    judged(
        "python",
        "skill",
        Need {
            skill: Some("python"),
            ..place(&[])
        },
    ),
    judged(
        "welding",
        "skill",
        Need {
            skill: Some("welding"),
            ..place(&[])
        },
    ),
    judged(
        "簿記",
        "skill",
        Need {
            skill: Some("簿記"),
            ..place(&[])
        },
    ),
    judged(
        "kubernetes",
        "skill",
        Need {
            skill: Some("kubernetes"),
            ..place(&[])
        },
    ),
    judged("英語 講師", "words", occupation(TEACHING)),
    // Several conditions at once.
    judged(
        "介護職 正社員 横浜",
        "several",
        Need {
            employment: Some("full_time"),
            city: Some("Yokohama"),
            ..within(CARE, &["kanagawa"])
        },
    ),
    judged(
        "nagoya factory",
        "city + occupation",
        Need {
            city: Some("Nagoya"),
            ..within(FACTORY, &["aichi"])
        },
    ),
    judged(
        "driver part time",
        "occupation + employment",
        Need {
            employment: Some("part_time"),
            ..occupation(DRIVING)
        },
    ),
    judged(
        "特定技能 建設 大阪",
        "several",
        Need {
            ssw: true,
            ..within(BUILD, &["osaka"])
        },
    ),
    // Written after the first evaluation, with words the vocabulary was not made from.
    judged(
        "N3 介護",
        "jlpt + occupation",
        Need {
            jlpt: Some(3),
            ..occupation(CARE)
        },
    ),
    judged(
        "日本語N2 ホテル",
        "jlpt + occupation",
        Need {
            jlpt: Some(2),
            ..occupation(HOTEL)
        },
    ),
    judged("chef tokyo", "occupation + place", within(FOOD, &["tokyo"])),
    judged(
        "ホテル 沖縄",
        "occupation + place",
        within(HOTEL, &["okinawa"]),
    ),
    judged(
        "介護 アルバイト",
        "occupation + employment",
        Need {
            employment: Some("part_time"),
            ..occupation(CARE)
        },
    ),
    judged(
        "Sendai",
        "city en",
        Need {
            city: Some("Sendai"),
            ..place(&["miyagi"])
        },
    ),
    judged(
        "神戸",
        "city ja",
        Need {
            city: Some("Kobe"),
            ..place(&["hyogo"])
        },
    ),
    judged(
        "札幌 介護",
        "city + occupation",
        Need {
            city: Some("Sapporo"),
            ..within(CARE, &["hokkaido"])
        },
    ),
    judged(
        "welder aichi",
        "occupation + place",
        within(&["industrial_products_manufacturing"], &["aichi"]),
    ),
    judged(
        "IT engineer visa",
        "occupation + qualifier",
        Need {
            sponsors: true,
            ..occupation(ENGINEERS)
        },
    ),
    judged(
        "mechanic ssw",
        "occupation + visa",
        Need {
            ssw: true,
            ..occupation(MECHANIC)
        },
    ),
    judged("データ分析", "occupation ja", occupation(DATA)),
    judged(
        "machine learning engineer",
        "occupation en",
        occupation(DATA),
    ),
    judged("フロントエンド", "occupation ja", occupation(SOFTWARE)),
    judged(
        "インフラ",
        "occupation ja",
        occupation(&["it_infrastructure"]),
    ),
    judged(
        "エンジニア 未経験",
        "occupation + qualifier",
        Need {
            no_experience: true,
            ..occupation(ENGINEERS)
        },
    ),
    judged(
        "hokkaido farm ssw",
        "several",
        Need {
            ssw: true,
            ..within(FARM, &["hokkaido"])
        },
    ),
    judged(
        "介護 ドライバー",
        "two occupations",
        occupation(&["nursing_care", "automobile_transportation"]),
    ),
    // Japanese sentences: particles between the words and verbs in another form than the
    // postings' (read with the dictionary: content words, base forms).
    judged("データを分析する", "sentence ja", said_in_japanese(DATA)),
    judged(
        "サーバーを構築する",
        "sentence ja",
        said_in_japanese(&["it_infrastructure"]),
    ),
    judged(
        "野菜を栽培して収穫する",
        "sentence ja",
        said_in_japanese(FARM),
    ),
    judged("英会話を教える", "sentence ja", said_in_japanese(TEACHING)),
    judged("お客様を迎える", "sentence ja", said_in_japanese(HOTEL)),
    judged(
        "自動車を点検する",
        "sentence ja",
        said_in_japanese(MECHANIC),
    ),
    judged(
        "問い合わせに対応する",
        "sentence ja",
        said_in_japanese(SUPPORT),
    ),
    judged(
        "職人と一緒に作業する",
        "sentence ja",
        said_in_japanese(BUILD),
    ),
    judged(
        "食事や入浴を支援する",
        "sentence ja",
        said_in_japanese(CARE),
    ),
    judged(
        "資料を翻訳する",
        "sentence ja",
        said_in_japanese(TRANSLATION),
    ),
    judged(
        "月次決算を担当したい",
        "sentence ja",
        said_in_japanese(ACCOUNTING),
    ),
    judged(
        "ご家庭へ配送します",
        "sentence ja",
        said_in_japanese(DRIVING),
    ),
    // Night shifts, a field: the postings' text holds `夜勤` whether they have them or not.
    judged(
        "介護 夜勤なし",
        "night shifts",
        Need {
            night_shifts: Some(false),
            ..occupation(CARE)
        },
    ),
    judged(
        "hotel no night shifts",
        "night shifts",
        Need {
            night_shifts: Some(false),
            ..occupation(HOTEL)
        },
    ),
    judged(
        "工場 夜勤あり",
        "night shifts",
        Need {
            night_shifts: Some(true),
            ..occupation(FACTORY)
        },
    ),
    judged(
        "日勤のみ 大阪",
        "night shifts",
        Need {
            night_shifts: Some(false),
            ..place(&["osaka"])
        },
    ),
];

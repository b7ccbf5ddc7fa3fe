//! A generated corpus of published postings as the platform sees them: Japanese-only,
//! English-only and bilingual postings of 18 occupations in 15 prefectures, with the visa
//! types, employment types, experience and Japanese requirements such postings have, and the
//! text that confuses keyword search (a Kyoto posting that names its Tokyo head office, 東京都
//! holding the characters of 京都, long-vowel marks, plurals).
//!
//! Every posting keeps its structured facts ([`Facts`]) next to the row, so a judged query's
//! relevance is decided from the facts, never from the text search reads.

use chrono::{Duration, TimeZone, Utc};
use entities::jobs::{company, job_posting};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

/// How many postings the corpus holds.
pub const POSTINGS: usize = 720;

/// A deterministic generator (xorshift64*), so every run evaluates the same corpus.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One occupation: its category code, titles in English and Japanese, the skills its postings
/// ask, and the statuses of residence its postings sponsor.
pub struct Occupation {
    pub category: &'static str,
    pub titles_en: &'static [&'static str],
    pub titles_ja: &'static [&'static str],
    pub skills: &'static [&'static str],
    pub visas: &'static [&'static str],
    pub duty_en: &'static str,
    pub duty_ja: &'static str,
    /// Worked in shifts round the clock (care, hotels, factories, driving).
    pub shift_work: bool,
}

const PROFESSIONAL: &[&str] = &[
    "engineer_humanities_international",
    "highly_skilled_professional",
];
const SSW: &[&str] = &["specified_skilled_worker_i", "specified_skilled_worker_ii"];

pub const OCCUPATIONS: &[Occupation] = &[
    Occupation {
        category: "software_engineering",
        titles_en: &[
            "Software Engineer",
            "Backend Developer",
            "Web Programmer",
            "Frontend Engineer",
        ],
        titles_ja: &[
            "ソフトウェアエンジニア",
            "バックエンド開発者",
            "Webプログラマー",
            "フロントエンドエンジニア",
        ],
        skills: &["rust", "go", "typescript", "react", "aws", "python"],
        visas: PROFESSIONAL,
        duty_en: "You will design, build and run the services behind our products.",
        duty_ja: "自社サービスの設計・開発・運用を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "it_infrastructure",
        titles_en: &["Network Engineer", "Infrastructure Engineer"],
        titles_ja: &["ネットワークエンジニア", "インフラエンジニア"],
        skills: &["linux", "aws", "kubernetes", "cisco"],
        visas: PROFESSIONAL,
        duty_en: "You will keep our networks and servers running.",
        duty_ja: "ネットワークとサーバーの構築・運用を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "data_science",
        titles_en: &["Data Scientist", "Data Analyst"],
        titles_ja: &["データサイエンティスト", "データアナリスト"],
        skills: &["python", "sql", "statistics"],
        visas: PROFESSIONAL,
        duty_en: "You will turn data into decisions with models and dashboards.",
        duty_ja: "データ分析と機械学習モデルの開発を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "nursing_care",
        titles_en: &["Care Worker", "Caregiver", "Elderly Care Staff"],
        titles_ja: &["介護職員", "介護スタッフ", "ケアワーカー"],
        skills: &["caregiving", "介護"],
        visas: &["specified_skilled_worker_i", "nursing_care"],
        duty_en: "You will support elderly residents in their daily lives.",
        duty_ja: "施設のご利用者様の食事・入浴などの生活支援を行います。",
        shift_work: true,
    },
    Occupation {
        category: "food_service",
        titles_en: &["Kitchen Staff", "Cook", "Restaurant Server"],
        titles_ja: &["調理スタッフ", "調理師", "ホールスタッフ"],
        skills: &["cooking", "調理", "customer service"],
        visas: &["specified_skilled_worker_i"],
        duty_en: "You will prepare and serve meals in a busy restaurant.",
        duty_ja: "飲食店での調理と接客を担当します。",
        shift_work: true,
    },
    Occupation {
        category: "accommodation",
        titles_en: &["Hotel Front Desk", "Hotel Staff", "Ryokan Staff"],
        titles_ja: &["ホテルフロント", "ホテルスタッフ", "旅館スタッフ"],
        skills: &["customer service", "接客", "english"],
        visas: &[
            "specified_skilled_worker_i",
            "engineer_humanities_international",
        ],
        duty_en: "You will welcome guests from Japan and abroad.",
        duty_ja: "国内外のお客様をお迎えし、チェックイン対応を行います。",
        shift_work: true,
    },
    Occupation {
        category: "construction",
        titles_en: &["Construction Worker", "Scaffolder", "Carpenter"],
        titles_ja: &["建設作業員", "とび職", "大工"],
        skills: &["scaffolding", "construction"],
        visas: SSW,
        duty_en: "You will work on building sites with an experienced crew.",
        duty_ja: "建設現場で経験豊富な職人と一緒に作業します。",
        shift_work: false,
    },
    Occupation {
        category: "industrial_products_manufacturing",
        titles_en: &["Production Operator", "Factory Worker", "Welder"],
        titles_ja: &["製造オペレーター", "工場作業員", "溶接工"],
        skills: &["welding", "溶接", "plc"],
        visas: SSW,
        duty_en: "You will run production lines for industrial parts.",
        duty_ja: "工業製品の製造ラインでの作業を担当します。",
        shift_work: true,
    },
    Occupation {
        category: "food_manufacturing",
        titles_en: &["Food Factory Worker", "Bakery Production Staff"],
        titles_ja: &["食品製造スタッフ", "食品工場作業員"],
        skills: &["food hygiene"],
        visas: &["specified_skilled_worker_i"],
        duty_en: "You will make and pack food products in a clean factory.",
        duty_ja: "食品工場での製造・包装作業を担当します。",
        shift_work: true,
    },
    Occupation {
        category: "automobile_repair",
        titles_en: &["Car Mechanic", "Automotive Technician"],
        titles_ja: &["自動車整備士", "整備スタッフ"],
        skills: &["vehicle maintenance"],
        visas: SSW,
        duty_en: "You will inspect and repair cars.",
        duty_ja: "自動車の点検・整備を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "building_cleaning",
        titles_en: &["Cleaning Staff", "Building Cleaner"],
        titles_ja: &["清掃スタッフ", "ビル清掃員"],
        skills: &["cleaning"],
        visas: &["specified_skilled_worker_i"],
        duty_en: "You will keep offices and hotels clean.",
        duty_ja: "オフィスビルやホテルの清掃を担当します。",
        shift_work: true,
    },
    Occupation {
        category: "agriculture",
        titles_en: &["Farm Worker", "Greenhouse Staff"],
        titles_ja: &["農作業スタッフ", "農業スタッフ"],
        skills: &["farming"],
        visas: SSW,
        duty_en: "You will grow and harvest vegetables.",
        duty_ja: "野菜の栽培と収穫を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "language_teaching",
        titles_en: &["English Teacher", "Language Instructor"],
        titles_ja: &["英語講師", "語学講師"],
        skills: &["teaching", "english"],
        visas: &["engineer_humanities_international"],
        duty_en: "You will teach English to children and adults.",
        duty_ja: "子どもから大人まで英会話を教えます。",
        shift_work: false,
    },
    Occupation {
        category: "translation_interpretation",
        titles_en: &["Interpreter", "Translator"],
        titles_ja: &["通訳", "翻訳者"],
        skills: &["translation", "english", "japanese"],
        visas: &["engineer_humanities_international"],
        duty_en: "You will translate documents and interpret at meetings.",
        duty_ja: "会議の通訳と資料の翻訳を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "sales_marketing",
        titles_en: &["Sales Representative", "Marketing Specialist"],
        titles_ja: &["営業担当", "マーケティング担当"],
        skills: &["sales", "marketing"],
        visas: &["engineer_humanities_international"],
        duty_en: "You will win and look after business customers.",
        duty_ja: "法人のお客様への提案営業を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "finance_accounting",
        titles_en: &["Accountant", "Accounting Staff"],
        titles_ja: &["経理担当", "会計スタッフ"],
        skills: &["accounting", "簿記", "excel"],
        visas: &["engineer_humanities_international"],
        duty_en: "You will close the books every month.",
        duty_ja: "月次決算と経理業務を担当します。",
        shift_work: false,
    },
    Occupation {
        category: "customer_support",
        titles_en: &["Customer Support", "Call Center Agent"],
        titles_ja: &["カスタマーサポート", "コールセンタースタッフ"],
        skills: &["customer service", "english"],
        visas: &["engineer_humanities_international"],
        duty_en: "You will answer customers by phone and e-mail.",
        duty_ja: "電話とメールでお客様の問い合わせに対応します。",
        shift_work: false,
    },
    Occupation {
        category: "automobile_transportation",
        titles_en: &["Truck Driver", "Delivery Driver"],
        titles_ja: &["トラックドライバー", "配送ドライバー"],
        skills: &["driving"],
        visas: &["specified_skilled_worker_i"],
        duty_en: "You will deliver goods to shops and homes.",
        duty_ja: "店舗やご家庭への配送を担当します。",
        shift_work: true,
    },
];

/// A prefecture with its name in both languages, its cities (English, Japanese) and its weight
/// in the corpus.
pub struct Place {
    pub prefecture: &'static str,
    pub en: &'static str,
    pub ja: &'static str,
    pub cities: &'static [(&'static str, &'static str)],
    pub weight: usize,
}

pub const PLACES: &[Place] = &[
    Place {
        prefecture: "tokyo",
        en: "Tokyo",
        ja: "東京都",
        cities: &[
            ("Shinjuku", "新宿区"),
            ("Shibuya", "渋谷区"),
            ("Minato", "港区"),
        ],
        weight: 20,
    },
    Place {
        prefecture: "osaka",
        en: "Osaka",
        ja: "大阪府",
        cities: &[("Osaka", "大阪市"), ("Sakai", "堺市")],
        weight: 12,
    },
    Place {
        prefecture: "kyoto",
        en: "Kyoto",
        ja: "京都府",
        cities: &[("Kyoto", "京都市"), ("Uji", "宇治市")],
        weight: 9,
    },
    Place {
        prefecture: "kanagawa",
        en: "Kanagawa",
        ja: "神奈川県",
        cities: &[("Yokohama", "横浜市"), ("Kawasaki", "川崎市")],
        weight: 9,
    },
    Place {
        prefecture: "aichi",
        en: "Aichi",
        ja: "愛知県",
        cities: &[("Nagoya", "名古屋市"), ("Toyota", "豊田市")],
        weight: 8,
    },
    Place {
        prefecture: "fukuoka",
        en: "Fukuoka",
        ja: "福岡県",
        cities: &[("Fukuoka", "福岡市"), ("Kitakyushu", "北九州市")],
        weight: 7,
    },
    Place {
        prefecture: "hokkaido",
        en: "Hokkaido",
        ja: "北海道",
        cities: &[("Sapporo", "札幌市"), ("Asahikawa", "旭川市")],
        weight: 7,
    },
    Place {
        prefecture: "hyogo",
        en: "Hyogo",
        ja: "兵庫県",
        cities: &[("Kobe", "神戸市"), ("Himeji", "姫路市")],
        weight: 5,
    },
    Place {
        prefecture: "saitama",
        en: "Saitama",
        ja: "埼玉県",
        cities: &[("Saitama", "さいたま市"), ("Kawaguchi", "川口市")],
        weight: 4,
    },
    Place {
        prefecture: "chiba",
        en: "Chiba",
        ja: "千葉県",
        cities: &[("Chiba", "千葉市"), ("Funabashi", "船橋市")],
        weight: 4,
    },
    Place {
        prefecture: "hiroshima",
        en: "Hiroshima",
        ja: "広島県",
        cities: &[("Hiroshima", "広島市")],
        weight: 4,
    },
    Place {
        prefecture: "miyagi",
        en: "Miyagi",
        ja: "宮城県",
        cities: &[("Sendai", "仙台市")],
        weight: 3,
    },
    Place {
        prefecture: "shizuoka",
        en: "Shizuoka",
        ja: "静岡県",
        cities: &[("Hamamatsu", "浜松市")],
        weight: 3,
    },
    Place {
        prefecture: "okinawa",
        en: "Okinawa",
        ja: "沖縄県",
        cities: &[("Naha", "那覇市")],
        weight: 3,
    },
    Place {
        prefecture: "gifu",
        en: "Gifu",
        ja: "岐阜県",
        cities: &[("Gifu", "岐阜市")],
        weight: 2,
    },
];

/// The text a posting is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Japanese,
    English,
    Both,
}

/// What a posting is, as relevance reads it.
#[derive(Clone, Debug)]
pub struct Facts {
    pub id: Uuid,
    pub category: &'static str,
    pub prefecture: &'static str,
    /// The city's English name.
    pub city: &'static str,
    pub visas: Vec<&'static str>,
    pub employment: &'static str,
    pub min_experience_years: i32,
    /// No JLPT level asked.
    pub no_japanese: bool,
    /// The JLPT level asked (1 = N1 … 5 = N5), none when no Japanese is asked.
    pub jlpt: Option<u8>,
    pub skills: Vec<&'static str>,
    pub language: Language,
    /// Night shifts: yes, no, or not said.
    pub night_shifts: Option<bool>,
}

impl Facts {
    pub fn sponsors(&self) -> bool {
        !self.visas.is_empty()
    }

    pub fn sponsors_ssw(&self) -> bool {
        self.visas
            .iter()
            .any(|visa| visa.starts_with("specified_skilled_worker"))
    }
}

fn place(rng: &mut Rng) -> &'static Place {
    let total: usize = PLACES.iter().map(|place| place.weight).sum();
    let mut draw = rng.below(total);
    for place in PLACES {
        if draw < place.weight {
            return place;
        }
        draw -= place.weight;
    }
    &PLACES[0]
}

pub struct Corpus {
    pub companies: Vec<company::ActiveModel>,
    pub postings: Vec<job_posting::ActiveModel>,
    pub facts: Vec<Facts>,
}

const COMPANY_NAMES: [(&str, &str); 8] = [
    ("Sakura Holdings", "さくらホールディングス"),
    ("Hikari Works", "ひかりワークス"),
    ("Fuji Services", "富士サービス"),
    ("Aozora Group", "青空グループ"),
    ("Midori Partners", "みどりパートナーズ"),
    ("Asahi Staffing", "朝日スタッフィング"),
    ("Minato Trading", "港トレーディング"),
    ("Kaizen Labs", "カイゼンラボ"),
];

/// The corpus: the same postings on every run.
pub fn generate() -> Corpus {
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let now = Utc
        .with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
        .single()
        .expect("date");
    let companies: Vec<company::ActiveModel> = COMPANY_NAMES
        .iter()
        .enumerate()
        .map(|(n, (en, ja))| company::ActiveModel {
            id: Set(Uuid::from_u128(0xC0 << 64 | n as u128)),
            name: Set((*en).to_owned()),
            name_ja: Set(Some(format!("株式会社{ja}"))),
            name_kana: Set(None),
            industry: Set(Some("staffing".to_owned())),
            size: Set(Some("medium".to_owned())),
            visa_sponsorship: Set(true),
            supported_visa_types: Set(Some(json!([]))),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    let company_ids: Vec<Uuid> = (0..companies.len())
        .map(|n| Uuid::from_u128(0xC0 << 64 | n as u128))
        .collect();
    let mut postings = Vec::with_capacity(POSTINGS);
    let mut facts = Vec::with_capacity(POSTINGS);
    for n in 0..POSTINGS {
        let occupation = &OCCUPATIONS[n % OCCUPATIONS.len()];
        let place = place(&mut rng);
        let (city_en, city_ja) = *rng.pick(place.cities);
        let language = match rng.below(3) {
            0 => Language::Japanese,
            1 => Language::English,
            _ => Language::Both,
        };
        let title_index = rng.below(occupation.titles_en.len());
        let (title_en, title_ja) = (
            occupation.titles_en[title_index],
            occupation.titles_ja[title_index],
        );
        let employment = match rng.below(20) {
            0..12 => "full_time",
            12..16 => "part_time",
            16..19 => "contract",
            _ => "temporary",
        };
        let visas: Vec<&'static str> = if rng.chance(25) {
            Vec::new()
        } else {
            let first = *rng.pick(occupation.visas);
            let mut visas = vec![first];
            if rng.chance(30) {
                let second = *rng.pick(occupation.visas);
                if second != first {
                    visas.push(second);
                }
            }
            visas
        };
        let min_experience_years = if rng.chance(40) {
            0
        } else {
            1 + rng.below(5) as i32
        };
        let jlpt = match rng.below(10) {
            0..3 => None,
            3..5 => Some("N4"),
            5..8 => Some("N3"),
            8 => Some("N2"),
            _ => Some("N1"),
        };
        // Japanese is asked through `jlptRequired` only: no level means no Japanese needed.
        let no_japanese = jlpt.is_none();
        let languages = if language != Language::Japanese && rng.chance(50) {
            json!([{"language": "en", "level": "business"}])
        } else {
            json!([])
        };
        let mut skills: Vec<&'static str> = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let skill = *rng.pick(occupation.skills);
            if !skills.contains(&skill) {
                skills.push(skill);
            }
        }
        // Text that misleads keyword search: a head office elsewhere, a welcome for newcomers
        // that does not depend on the experience asked.
        let head_office_tokyo = place.prefecture != "tokyo" && rng.chance(30);
        let mut en = vec![
            occupation.duty_en.to_owned(),
            format!("The workplace is in {city_en}, {}.", place.en),
        ];
        let mut ja = vec![
            occupation.duty_ja.to_owned(),
            format!("勤務地は{}{city_ja}です。", place.ja),
        ];
        if head_office_tokyo {
            en.push("Our head office is in Tokyo.".to_owned());
            ja.push("本社は東京都千代田区にあります。".to_owned());
        }
        if min_experience_years == 0 && rng.chance(60) {
            en.push("No experience needed: we train you.".to_owned());
            ja.push("未経験可。研修があります。".to_owned());
        } else if min_experience_years > 0 {
            en.push(format!(
                "At least {min_experience_years} years of experience."
            ));
            ja.push(format!("{min_experience_years}年以上の経験が必要です。"));
        }
        if !visas.is_empty() {
            en.push("Visa support available.".to_owned());
            ja.push("ビザサポートあり。".to_owned());
        }
        // Night shifts, drawn apart so the rest of the corpus stays as it was: shift work has
        // them or not, office work has none; a posting says so in its field, and half of them
        // in its text too, where both answers hold the word `夜勤`.
        let mut shifts = Rng(0x4E16_4757_0000_0001 ^ (n as u64).wrapping_mul(0x9E37_79B9));
        shifts.next();
        let night_shifts = match (occupation.shift_work, shifts.below(5)) {
            (_, 0) => None,
            (true, 1 | 2) => Some(true),
            _ => Some(false),
        };
        if shifts.chance(50) {
            match night_shifts {
                Some(true) => {
                    en.push("Night shifts about four times a month.".to_owned());
                    ja.push("夜勤は月4回程度あります。".to_owned());
                }
                Some(false) => {
                    en.push("No night shifts.".to_owned());
                    ja.push("夜勤はありません。".to_owned());
                }
                None => {}
            }
        }
        let (title, title_ja, description, description_ja, location, location_ja, city) =
            match language {
                Language::Japanese => (
                    title_ja.to_owned(),
                    None,
                    ja.join(""),
                    None,
                    format!("{}{city_ja}", place.ja),
                    None,
                    city_ja,
                ),
                Language::English => (
                    title_en.to_owned(),
                    None,
                    en.join(" "),
                    None,
                    format!("{city_en}, {}", place.en),
                    None,
                    city_en,
                ),
                Language::Both => (
                    title_en.to_owned(),
                    Some(title_ja.to_owned()),
                    en.join(" "),
                    Some(ja.join("")),
                    format!("{city_en}, {}", place.en),
                    Some(format!("{}{city_ja}", place.ja)),
                    city_en,
                ),
            };
        // Employers leave the category blank on some postings: only the text tells.
        let uncategorised = rng.chance(15);
        // Japanese boards decorate titles with conditions.
        let title = if language == Language::Japanese && rng.chance(30) {
            let tag = *rng.pick(&["【急募】", "【未経験OK】", "【高収入】", "【寮完備】"]);
            format!("{tag}{title}（{}）", place.ja)
        } else if language != Language::Japanese && rng.chance(20) {
            format!("{title} - {} - apply now", place.en)
        } else {
            title
        };
        let id = Uuid::from_u128(0xB0 << 64 | n as u128);
        let published = now - Duration::minutes(rng.below(90 * 24 * 60) as i64);
        let salary_min = 2_200_000 + rng.below(40) as i64 * 100_000;
        postings.push(job_posting::ActiveModel {
            id: Set(id),
            company_id: Set(*rng.pick(&company_ids)),
            posted_by_id: Set(Uuid::nil()),
            title: Set(title),
            title_ja: Set(title_ja),
            description: Set(description),
            description_ja: Set(description_ja),
            location: Set(location),
            location_ja: Set(location_ja),
            employment_type: Set(employment.to_owned()),
            remote_option: Set("none".to_owned()),
            salary_min: Set(Some(salary_min)),
            salary_max: Set(Some(salary_min + 1_000_000)),
            currency: Set("JPY".to_owned()),
            required_skills: Set(json!(skills)),
            min_experience_years: Set(min_experience_years),
            jlpt_required: Set(jlpt.map(str::to_owned)),
            visa_sponsorship: Set(!visas.is_empty()),
            department: Set(None),
            job_level: Set(None),
            job_category: Set((!uncategorised).then(|| occupation.category.to_owned())),
            preferred_skills: Set(Some(json!([]))),
            language_requirements: Set(Some(languages)),
            supported_visa_types: Set(Some(json!(visas))),
            benefits: Set(Some(json!([]))),
            education: Set(None),
            start_date: Set(None),
            application_deadline: Set(None),
            relocation_support: Set(false),
            prefecture: Set(Some(place.prefecture.to_owned())),
            city: Set(Some(city.to_owned())),
            salary_period: Set("yearly".to_owned()),
            weekly_hours: Set(None),
            night_shifts: Set(night_shifts),
            screening_questions: Set(None),
            headcount: Set(1),
            status: Set("published".to_owned()),
            published_at: Set(Some(published)),
            closed_at: Set(None),
            created_at: Set(published),
            updated_at: Set(published),
        });
        facts.push(Facts {
            id,
            category: occupation.category,
            prefecture: place.prefecture,
            city: city_en,
            visas,
            employment,
            min_experience_years,
            no_japanese,
            jlpt: jlpt.map(|level| level[1..].parse().expect("N level")),
            skills,
            language,
            night_shifts,
        });
    }
    Corpus {
        companies,
        postings,
        facts,
    }
}

//! Occupations as job seekers name them, mapped to the compliance crate's job categories: the
//! English titles and their common synonyms, the Japanese titles (kanji and katakana), and
//! readings in hiragana, from which the romaji spellings are made (`かいご` → `kaigo`).
//!
//! A name may stand for several categories (`engineer`, `工場`); a category has many names.
//! English names are matched by their stems (`developers` = `developer`).

/// Names of one or more job categories.
pub struct Occupation {
    pub categories: &'static [&'static str],
    pub names: &'static [&'static str],
    /// Readings in hiragana: each is also matched as romaji.
    pub readings: &'static [&'static str],
}

const fn occupation(
    categories: &'static [&'static str],
    names: &'static [&'static str],
    readings: &'static [&'static str],
) -> Occupation {
    Occupation {
        categories,
        names,
        readings,
    }
}

pub const OCCUPATIONS: &[Occupation] = &[
    occupation(
        &["software_engineering"],
        &[
            "software engineer",
            "software developer",
            "developer",
            "programmer",
            "web developer",
            "backend engineer",
            "frontend engineer",
            "backend developer",
            "frontend developer",
            "full stack",
            "fullstack",
            "web engineer",
            "systems engineer",
            "app developer",
            "ソフトウェアエンジニア",
            "プログラマー",
            "プログラマ",
            "開発者",
            "開発エンジニア",
            "システムエンジニア",
            "webエンジニア",
            "バックエンド",
            "フロントエンド",
            "アプリ開発",
            "ソフトウェア開発",
            "システム開発",
        ],
        &["ぷろぐらまー", "かいはつ"],
    ),
    occupation(
        &["software_engineering", "it_infrastructure"],
        &[
            "engineer",
            "エンジニア",
            "it",
            "it engineer",
            "itエンジニア",
        ],
        &["えんじにあ"],
    ),
    occupation(
        &["it_infrastructure"],
        &[
            "network engineer",
            "infrastructure engineer",
            "infrastructure",
            "sre",
            "devops",
            "system administrator",
            "sysadmin",
            "server engineer",
            "ネットワークエンジニア",
            "インフラエンジニア",
            "インフラ",
            "サーバーエンジニア",
        ],
        &[],
    ),
    occupation(
        &["data_science"],
        &[
            "data scientist",
            "data analyst",
            "data engineer",
            "machine learning",
            "ml engineer",
            "データサイエンティスト",
            "データアナリスト",
            "データ分析",
            "機械学習",
        ],
        &[],
    ),
    occupation(
        &["design"],
        &[
            "designer",
            "ui designer",
            "ux designer",
            "デザイナー",
            "デザイン",
        ],
        &["でざいなー"],
    ),
    occupation(
        &["product_management"],
        &[
            "product manager",
            "project manager",
            "プロダクトマネージャー",
            "プロジェクトマネージャー",
        ],
        &[],
    ),
    occupation(
        &["sales_marketing"],
        &[
            "sales",
            "salesperson",
            "sales representative",
            "account manager",
            "marketing",
            "marketer",
            "営業",
            "営業職",
            "法人営業",
            "マーケティング",
            "販売",
        ],
        &["えいぎょう", "はんばい"],
    ),
    occupation(
        &["finance_accounting"],
        &[
            "accountant",
            "accounting",
            "bookkeeper",
            "bookkeeping",
            "finance",
            "経理",
            "会計",
            "財務",
            "簿記",
        ],
        &["けいり", "かいけい"],
    ),
    occupation(
        &["human_resources"],
        &[
            "hr",
            "human resources",
            "recruiter",
            "recruiting",
            "人事",
            "採用担当",
        ],
        &["じんじ"],
    ),
    occupation(
        &["legal"],
        &["legal", "lawyer", "法務", "弁護士"],
        &["ほうむ"],
    ),
    occupation(
        &["translation_interpretation"],
        &[
            "interpreter",
            "translator",
            "translation",
            "interpretation",
            "通訳",
            "翻訳",
            "翻訳者",
            "通訳者",
            "通訳翻訳",
        ],
        &["つうやく", "ほんやく"],
    ),
    occupation(
        &["language_teaching"],
        &[
            "teacher",
            "english teacher",
            "language teacher",
            "language instructor",
            "instructor",
            "alt",
            "esl",
            "tutor",
            "講師",
            "英語講師",
            "語学講師",
            "英会話講師",
            "教師",
            "英語教師",
        ],
        &["こうし", "えいごこうし", "えいごきょうし"],
    ),
    occupation(
        &["research"],
        &["researcher", "研究員", "研究職"],
        &["けんきゅう"],
    ),
    occupation(
        &["management"],
        &[
            "manager",
            "management",
            "store manager",
            "店長",
            "管理職",
            "マネージャー",
        ],
        &["てんちょう"],
    ),
    occupation(
        &["consulting"],
        &["consultant", "consulting", "コンサルタント"],
        &[],
    ),
    occupation(
        &["customer_support"],
        &[
            "customer support",
            "customer service representative",
            "call center",
            "call centre",
            "contact center",
            "help desk",
            "helpdesk",
            "カスタマーサポート",
            "コールセンター",
            "ヘルプデスク",
            "問い合わせ対応",
        ],
        &[],
    ),
    occupation(
        &["nursing_care"],
        &[
            "care worker",
            "caregiver",
            "carer",
            "care staff",
            "nursing care",
            "elderly care",
            "care",
            "home helper",
            "nursing assistant",
            "介護",
            "介護職",
            "介護職員",
            "介護士",
            "介護福祉士",
            "介護スタッフ",
            "ヘルパー",
            "ケアワーカー",
            "看護助手",
        ],
        &["かいご", "かいごし", "かいごしょく"],
    ),
    occupation(
        &["building_cleaning"],
        &[
            "cleaning",
            "cleaner",
            "cleaning staff",
            "janitor",
            "housekeeping",
            "清掃",
            "清掃員",
            "清掃スタッフ",
            "ビル清掃",
            "ハウスキーピング",
        ],
        &["せいそう"],
    ),
    occupation(
        &["industrial_products_manufacturing", "food_manufacturing"],
        &[
            "factory",
            "factory worker",
            "manufacturing",
            "production",
            "工場",
            "製造",
            "工場作業員",
            "製造スタッフ",
        ],
        &["こうじょう", "せいぞう"],
    ),
    occupation(
        &["industrial_products_manufacturing"],
        &[
            "production operator",
            "machine operator",
            "welder",
            "welding",
            "assembly",
            "machining",
            "製造オペレーター",
            "溶接",
            "溶接工",
            "機械加工",
            "組立",
        ],
        &["ようせつ"],
    ),
    occupation(
        &["construction"],
        &[
            "construction",
            "construction worker",
            "builder",
            "carpenter",
            "scaffolder",
            "scaffolding",
            "plasterer",
            "建設",
            "建設作業員",
            "建築",
            "大工",
            "とび職",
            "鳶",
            "土木",
            "左官",
            "現場作業",
        ],
        &["けんせつ", "けんちく", "だいく", "どぼく"],
    ),
    occupation(
        &["shipbuilding"],
        &["shipbuilding", "shipyard", "造船", "舶用工業"],
        &["ぞうせん"],
    ),
    occupation(
        &["automobile_repair"],
        &[
            "mechanic",
            "car mechanic",
            "auto mechanic",
            "automotive technician",
            "vehicle maintenance",
            "car repair",
            "自動車整備",
            "自動車整備士",
            "整備士",
            "整備",
        ],
        &["せいび", "せいびし"],
    ),
    occupation(
        &["aviation"],
        &[
            "aviation",
            "airport ground staff",
            "ground handling",
            "航空",
            "空港スタッフ",
            "グランドハンドリング",
        ],
        &["こうくう"],
    ),
    occupation(
        &["accommodation"],
        &[
            "hotel",
            "hotel staff",
            "front desk",
            "receptionist",
            "ryokan",
            "hospitality",
            "ホテル",
            "ホテルスタッフ",
            "ホテルフロント",
            "フロント",
            "旅館",
            "宿泊",
        ],
        &["ほてる", "りょかん", "しゅくはく"],
    ),
    occupation(
        &["agriculture"],
        &[
            "farm",
            "farm worker",
            "farming",
            "agriculture",
            "greenhouse",
            "農業",
            "農作業",
            "畜産",
            "酪農",
            "農場",
        ],
        &["のうぎょう"],
    ),
    occupation(
        &["fishery"],
        &["fishery", "fishing", "aquaculture", "漁業", "養殖"],
        &["ぎょぎょう"],
    ),
    occupation(
        &["food_manufacturing"],
        &[
            "food factory",
            "food manufacturing",
            "food processing",
            "bakery production",
            "食品製造",
            "食品工場",
            "食品加工",
            "惣菜製造",
        ],
        &["しょくひん"],
    ),
    occupation(
        &["food_service"],
        &[
            "cook",
            "chef",
            "kitchen",
            "kitchen staff",
            "restaurant",
            "restaurant staff",
            "waiter",
            "waitress",
            "food service",
            "調理",
            "調理師",
            "調理スタッフ",
            "キッチン",
            "飲食",
            "飲食店",
            "ホールスタッフ",
            "レストラン",
        ],
        &["ちょうり", "いんしょく"],
    ),
    occupation(
        &["automobile_transportation"],
        &[
            "driver",
            "truck driver",
            "delivery driver",
            "bus driver",
            "taxi driver",
            "ドライバー",
            "トラックドライバー",
            "配送ドライバー",
            "運転手",
            "配送",
            "運送",
        ],
        &["どらいばー", "うんてんしゅ"],
    ),
    occupation(
        &["railway"],
        &["railway", "train conductor", "鉄道"],
        &["てつどう"],
    ),
    occupation(&["forestry"], &["forestry", "林業"], &["りんぎょう"]),
    occupation(
        &["wood_industry"],
        &["sawmill", "wood processing", "木材加工", "製材"],
        &[],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_is_known_and_named() {
        let known: Vec<&str> = compliance::JOB_CATEGORIES
            .iter()
            .map(|category| category.code)
            .collect();
        for occupation in OCCUPATIONS {
            for category in occupation.categories {
                assert!(known.contains(category), "{category}");
            }
        }
        for code in known.iter().filter(|code| **code != "other") {
            assert!(
                OCCUPATIONS
                    .iter()
                    .any(|occupation| occupation.categories.contains(code)),
                "{code} has no names"
            );
        }
    }
}

//! Skills by one name in both languages: `溶接` is `welding`, `接客` is `customer service`, so a
//! candidate who wrote their skills in Japanese meets a posting written in English. Each entry
//! is (the name skills are compared by, the other ways it is written).

/// (canonical name, other names). The canonical names are English, lower case.
pub const SKILLS: &[(&str, &[&str])] = &[
    (
        "care work",
        &[
            "介護",
            "介護職",
            "介護業務",
            "身体介護",
            "caregiving",
            "nursing care",
            "elderly care",
            "高齢者介護",
            "移乗介助",
            "care",
        ],
    ),
    ("cooking", &["調理", "料理", "cook", "調理補助"]),
    (
        "customer service",
        &["接客", "接客業", "接遇", "hospitality", "おもてなし"],
    ),
    (
        "cleaning",
        &[
            "清掃",
            "掃除",
            "ビル清掃",
            "housekeeping",
            "ハウスキーピング",
        ],
    ),
    ("welding", &["溶接", "溶接作業"]),
    (
        "driving",
        &[
            "運転",
            "運転免許",
            "普通免許",
            "driver's license",
            "driving licence",
            "driving license",
        ],
    ),
    ("farming", &["農作業", "農業", "agriculture", "栽培"]),
    (
        "food processing",
        &["食品加工", "食品製造", "food manufacturing"],
    ),
    ("food hygiene", &["食品衛生", "衛生管理"]),
    (
        "vehicle maintenance",
        &["自動車整備", "整備", "car repair", "auto repair"],
    ),
    (
        "construction",
        &["建設", "建築", "土木", "construction work"],
    ),
    ("scaffolding", &["足場", "とび", "鳶"]),
    ("carpentry", &["大工", "木工", "carpenter"]),
    (
        "machine operation",
        &["機械操作", "machine operator", "機械オペレーション"],
    ),
    ("forklift", &["フォークリフト", "forklift license"]),
    ("translation", &["翻訳"]),
    ("interpretation", &["通訳", "interpreting"]),
    ("sales", &["営業", "販売", "selling"]),
    ("accounting", &["経理", "会計"]),
    ("bookkeeping", &["簿記"]),
    ("teaching", &["教育", "指導", "講師"]),
    ("english", &["英語", "英会話"]),
    ("japanese", &["日本語"]),
    ("vietnamese", &["ベトナム語"]),
    ("chinese", &["中国語"]),
    ("korean", &["韓国語"]),
];

/// The canonical name of a skill written any of the ways [`SKILLS`] knows (folded: width,
/// case, kana), or `None`.
pub fn canonical_skill(name: &str) -> Option<&'static str> {
    let folded = crate::fold::fold(name.trim());
    SKILLS.iter().find_map(|(canonical, others)| {
        (folded == *canonical
            || others
                .iter()
                .any(|other| crate::fold::fold(other) == folded))
        .then_some(*canonical)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_meet_across_languages() {
        assert_eq!(canonical_skill("溶接"), Some("welding"));
        assert_eq!(canonical_skill("Welding"), Some("welding"));
        assert_eq!(canonical_skill("接客"), Some("customer service"));
        assert_eq!(canonical_skill("ｶｲｺﾞ"), None);
        assert_eq!(canonical_skill("介護"), Some("care work"));
        assert_eq!(canonical_skill("rust"), None);
    }
}

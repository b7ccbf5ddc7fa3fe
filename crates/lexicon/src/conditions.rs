//! Statuses of residence, employment types and the qualifiers job seekers add to a search
//! (未経験可, 日本語不要, visa support, remote), by every name they go by.

/// Which statuses of residence a name stands for (codes as postings store them).
pub struct StatusName {
    pub statuses: &'static [&'static str],
    pub names: &'static [&'static str],
    pub readings: &'static [&'static str],
}

const SSW: &[&str] = &["specified_skilled_worker_i", "specified_skilled_worker_ii"];

pub const STATUS_NAMES: &[StatusName] = &[
    StatusName {
        statuses: SSW,
        names: &[
            "特定技能",
            "特定技能ビザ",
            "ssw",
            "specified skilled worker",
            "specified skill worker",
            "specified skills",
            "ssw visa",
            "tokutei ginou",
            "tokutei gino",
        ],
        readings: &["とくていぎのう"],
    },
    StatusName {
        statuses: &["specified_skilled_worker_i"],
        names: &[
            "特定技能1号",
            "特定技能一号",
            "ssw1",
            "ssw i",
            "ssw 1",
            "specified skilled worker i",
        ],
        readings: &[],
    },
    StatusName {
        statuses: &["specified_skilled_worker_ii"],
        names: &[
            "特定技能2号",
            "特定技能二号",
            "ssw2",
            "ssw ii",
            "ssw 2",
            "specified skilled worker ii",
        ],
        readings: &[],
    },
    StatusName {
        statuses: &["engineer_humanities_international"],
        names: &[
            "技人国",
            "技術・人文知識・国際業務",
            "技術人文知識国際業務",
            "就労ビザ",
            "engineer visa",
            "humanities visa",
            "work visa",
            "engineer/specialist in humanities",
            "engineer specialist in humanities international services",
            "gijinkoku",
        ],
        readings: &["ぎじんこく"],
    },
    StatusName {
        statuses: &["highly_skilled_professional"],
        names: &[
            "高度専門職",
            "高度人材",
            "hsp",
            "highly skilled professional",
            "highly skilled",
        ],
        readings: &["こうどじんざい"],
    },
    StatusName {
        statuses: &["nursing_care"],
        names: &["介護ビザ", "在留資格介護", "nursing care visa", "care visa"],
        readings: &[],
    },
    StatusName {
        statuses: &["skilled_labor"],
        names: &[
            "技能ビザ",
            "在留資格技能",
            "skilled labor visa",
            "skilled labour visa",
        ],
        readings: &[],
    },
    StatusName {
        statuses: &["intra_company_transferee"],
        names: &[
            "企業内転勤",
            "intra company transferee",
            "intra-company transfer",
        ],
        readings: &[],
    },
];

/// The employment types a name stands for (codes as postings store them).
pub const EMPLOYMENT_NAMES: &[(&str, &[&str])] = &[
    (
        "full_time",
        &[
            "正社員",
            "フルタイム",
            "full time",
            "full-time",
            "fulltime",
            "permanent",
            "seishain",
        ],
    ),
    (
        "part_time",
        &[
            "パート",
            "アルバイト",
            "バイト",
            "パートタイム",
            "part time",
            "part-time",
            "parttime",
            "side job",
            "baito",
            "arubaito",
            "paato",
        ],
    ),
    (
        "contract",
        &[
            "契約社員",
            "契約",
            "contract",
            "fixed term",
            "keiyaku shain",
        ],
    ),
    (
        "internship",
        &["インターン", "インターンシップ", "intern", "internship"],
    ),
    (
        "temporary",
        &["派遣", "派遣社員", "temporary", "temp", "dispatch", "haken"],
    ),
];

/// A condition a posting's structured fields decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// Asks no experience.
    NoExperience,
    /// Asks no Japanese (no JLPT level).
    NoJapanese,
    /// Sponsors a status of residence.
    VisaSupport,
    /// Can be done (partly) remotely.
    Remote,
    /// Says its work has no night shifts.
    NoNightShifts,
    /// Says its work has night shifts (which pay a late-night premium).
    NightShifts,
}

impl Qualifier {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoExperience => "no_experience",
            Self::NoJapanese => "no_japanese",
            Self::VisaSupport => "visa_support",
            Self::Remote => "remote",
            Self::NoNightShifts => "no_night_shifts",
            Self::NightShifts => "night_shifts",
        }
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::NoExperience => ("no experience needed", "未経験可"),
            Self::NoJapanese => ("no Japanese needed", "日本語不要"),
            Self::VisaSupport => ("visa support", "ビザサポートあり"),
            Self::Remote => ("remote work possible", "リモート可"),
            Self::NoNightShifts => ("no night shifts", "夜勤なし"),
            Self::NightShifts => ("night shifts", "夜勤あり"),
        }
    }
}

pub const QUALIFIER_NAMES: &[(Qualifier, &[&str])] = &[
    (
        Qualifier::NoExperience,
        &[
            "未経験可",
            "未経験歓迎",
            "未経験ok",
            "未経験",
            "経験不問",
            "経験不要",
            "no experience",
            "no experience needed",
            "no experience required",
            "entry level",
            "beginner",
            "beginners welcome",
            "mikeiken",
            "mikeiken ka",
        ],
    ),
    (
        Qualifier::NoJapanese,
        &[
            "日本語不要",
            "日本語なし",
            "日本語不問",
            "日本語できなくても",
            "no japanese",
            "no japanese required",
            "no japanese needed",
            "japanese not required",
            "english only",
            "nihongo fuyou",
            "nihongo fuyo",
        ],
    ),
    (
        Qualifier::VisaSupport,
        &[
            "ビザサポート",
            "ビザサポートあり",
            "ビザ支援",
            "ビザスポンサー",
            "visa support",
            "visa sponsorship",
            "visa sponsor",
            "sponsorship",
            "visa",
        ],
    ),
    (
        Qualifier::Remote,
        &[
            "リモート",
            "在宅",
            "テレワーク",
            "リモートワーク",
            "remote",
            "work from home",
            "wfh",
        ],
    ),
    (
        Qualifier::NoNightShifts,
        &[
            "夜勤なし",
            "夜勤無し",
            "夜勤無",
            "夜勤不可",
            "夜勤がない",
            "日勤のみ",
            "日勤だけ",
            "no night shift",
            "no night shifts",
            "no night work",
            "day shift only",
            "day shifts only",
            "yakin nashi",
            "nikkin nomi",
        ],
    ),
    (
        Qualifier::NightShifts,
        &[
            "夜勤あり",
            "夜勤有り",
            "夜勤可",
            "夜勤専従",
            "night shift",
            "night shifts",
            "night work",
            "yakin ari",
        ],
    ),
];

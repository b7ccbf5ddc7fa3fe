//! The phrase table: every name of every place, occupation, status of residence, employment
//! type and qualifier, keyed by its units, built once; and longest-match lookup over a query's
//! units, so `東京都` is Tokyo before `京都` could be Kyoto.

use crate::conditions::{EMPLOYMENT_NAMES, QUALIFIER_NAMES, STATUS_NAMES};
use crate::meaning::Meaning;
use crate::occupations::OCCUPATIONS;
use crate::places::{CITIES, city_names, prefecture_names};
use crate::units::{Unit, key, units};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The longest phrase, in units.
const LONGEST: usize = 16;

/// Words that say nothing about which posting is wanted.
const FILLERS: &[&str] = &[
    "求人",
    "仕事",
    "募集",
    "案件",
    "職場",
    "働く",
    "勤務",
    "勤務地",
    "求人情報",
    "バイト先",
    "job",
    "jobs",
    "work",
    "position",
    "positions",
    "vacancy",
    "vacancies",
    "opening",
    "openings",
    "career",
    "in",
    "at",
    "near",
    "for",
    "the",
    "a",
    "an",
    "of",
    "and",
    "with",
    "japan",
    "日本",
    "shigoto",
    "kyujin",
];

/// Single characters that join words in Japanese (particles): dropped when left alone between
/// recognised phrases.
pub const PARTICLES: &[char] = &[
    'ノ', 'デ', 'ト', 'ヤ', 'ニ', 'ヲ', 'ハ', 'ガ', 'ナ', 'ヘ', 'モ',
];

pub struct Table {
    phrases: HashMap<String, Meaning>,
    /// Every Latin word of every phrase, by key: a query word close to one of them is a typo.
    words: HashSet<String>,
    /// The Latin words as written, for suggesting a correction.
    spellings: Vec<String>,
}

fn insert(table: &mut Table, name: &str, meaning: Meaning) {
    let units = units(name);
    if units.is_empty() || units.len() > LONGEST {
        return;
    }
    for unit in &units {
        if let Unit::Word { surface: word, .. } = unit
            && table.words.insert(unit.key())
        {
            table.spellings.push(word.clone());
        }
    }
    // The first meaning given for a name wins: the tables list the specific before the broad.
    table.phrases.entry(key(&units)).or_insert(meaning);
}

fn romaji(reading: &str) -> String {
    wana_kana::ConvertJapanese::to_romaji(reading)
}

fn build() -> Table {
    let mut table = Table {
        phrases: HashMap::new(),
        words: HashSet::new(),
        spellings: Vec::new(),
    };
    for city in CITIES {
        for name in city_names(city) {
            insert(&mut table, &name, Meaning::City(city));
        }
    }
    for (code, names) in prefecture_names() {
        for name in names {
            insert(&mut table, &name, Meaning::Prefecture(code));
        }
    }
    for status in STATUS_NAMES {
        for name in status.names {
            insert(&mut table, name, Meaning::Status(status.statuses));
        }
        for reading in status.readings {
            insert(&mut table, reading, Meaning::Status(status.statuses));
            insert(
                &mut table,
                &romaji(reading),
                Meaning::Status(status.statuses),
            );
        }
    }
    for (qualifier, names) in QUALIFIER_NAMES {
        for name in *names {
            insert(&mut table, name, Meaning::Qualifier(*qualifier));
        }
    }
    for (code, names) in EMPLOYMENT_NAMES {
        for name in *names {
            insert(&mut table, name, Meaning::Employment(code));
        }
    }
    for occupation in OCCUPATIONS {
        for name in occupation.names {
            insert(&mut table, name, Meaning::Occupation(occupation.categories));
        }
        for reading in occupation.readings {
            insert(
                &mut table,
                reading,
                Meaning::Occupation(occupation.categories),
            );
            insert(
                &mut table,
                &romaji(reading),
                Meaning::Occupation(occupation.categories),
            );
        }
    }
    for level in 1..=5u8 {
        for name in [
            format!("n{level}"),
            format!("jlpt n{level}"),
            format!("jlpt{level}"),
            format!("日本語n{level}"),
            format!("n{level}以上"),
            format!("日本語n{level}以上"),
            format!("日本語能力試験n{level}"),
        ] {
            insert(&mut table, &name, Meaning::Jlpt(level));
        }
    }
    for filler in FILLERS {
        insert(&mut table, filler, Meaning::Filler);
    }
    table
}

pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

impl Table {
    /// The longest phrase starting at `units[0]`: its length in units and meaning.
    pub fn longest(&self, units: &[Unit]) -> Option<(usize, Meaning)> {
        (1..=units.len().min(LONGEST)).rev().find_map(|len| {
            self.phrases
                .get(&key(&units[..len]))
                .map(|meaning| (len, *meaning))
        })
    }

    /// Whether a word (by key) is part of some phrase.
    pub fn knows(&self, word_key: &str) -> bool {
        self.words.contains(word_key)
    }

    /// The phrase words as written.
    pub fn spellings(&self) -> &[String] {
        &self.spellings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meaning(text: &str) -> Option<Meaning> {
        let units = units(text);
        table()
            .longest(&units)
            .filter(|(len, _)| *len == units.len())
            .map(|(_, meaning)| meaning)
    }

    #[test]
    fn places_in_every_script() {
        for text in [
            "東京都",
            "東京",
            "tokyo",
            "Tōkyō",
            "toukyou",
            "とうきょう",
            "トウキョウ",
        ] {
            assert_eq!(meaning(text), Some(Meaning::Prefecture("tokyo")), "{text}");
        }
        for text in ["京都", "京都府", "kyoto", "kyouto", "きょうと"] {
            assert_eq!(meaning(text), Some(Meaning::Prefecture("kyoto")), "{text}");
        }
        assert_eq!(meaning("oosaka"), Some(Meaning::Prefecture("osaka")));
        assert_eq!(meaning("北海道"), Some(Meaning::Prefecture("hokkaido")));
        assert!(matches!(meaning("横浜"), Some(Meaning::City(city)) if city.id == "yokohama"));
        assert!(matches!(meaning("大阪市"), Some(Meaning::City(city)) if city.id == "osaka_city"));
    }

    #[test]
    fn occupations_statuses_and_conditions() {
        assert_eq!(
            meaning("caregivers"),
            Some(Meaning::Occupation(&["nursing_care"]))
        );
        assert_eq!(
            meaning("kaigo"),
            Some(Meaning::Occupation(&["nursing_care"]))
        );
        assert_eq!(meaning("ｶｲｺﾞ"), Some(Meaning::Occupation(&["nursing_care"])));
        assert_eq!(meaning("プログラマー"), meaning("プログラマ"));
        assert!(matches!(meaning("SSW"), Some(Meaning::Status(codes)) if codes.len() == 2));
        assert!(matches!(
            meaning("特定技能1号"),
            Some(Meaning::Status(["specified_skilled_worker_i"]))
        ));
        assert!(matches!(meaning("tokutei ginou"), Some(Meaning::Status(_))));
        assert_eq!(meaning("part-time"), Some(Meaning::Employment("part_time")));
        assert_eq!(
            meaning("アルバイト"),
            Some(Meaning::Employment("part_time"))
        );
        assert!(matches!(meaning("未経験可"), Some(Meaning::Qualifier(_))));
        for no_nights in [
            "夜勤なし",
            "日勤のみ",
            "no night shifts",
            "No Night Shift",
            "yakin nashi",
        ] {
            assert_eq!(
                meaning(no_nights),
                Some(Meaning::Qualifier(crate::Qualifier::NoNightShifts)),
                "{no_nights}"
            );
        }
        assert_eq!(
            meaning("夜勤あり"),
            Some(Meaning::Qualifier(crate::Qualifier::NightShifts))
        );
        assert_eq!(meaning("求人"), Some(Meaning::Filler));
        assert_eq!(meaning("N3"), Some(Meaning::Jlpt(3)));
        assert_eq!(meaning("日本語N2以上"), Some(Meaning::Jlpt(2)));
        assert_eq!(meaning("ＪＬＰＴ Ｎ４"), Some(Meaning::Jlpt(4)));
    }
}

//! Japan's regional minimum wages (地域別最低賃金).
//!
//! Every employer in Japan must pay at least the hourly minimum wage of the prefecture where the
//! work is done, whatever the worker's nationality or status, and immigration refuses
//! sponsorships whose pay is below it. The amounts are revised every fiscal year, each
//! prefecture on its own effective date, so the table is data (`data/minimum_wages.json`) that
//! records its fiscal year, source and effective dates, and every lookup takes the table as an
//! argument so a newer one can be swapped in without a release of the rules.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::prefectures::{PREFECTURES, find_prefecture};

/// One prefecture's minimum wage.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumWage {
    /// Minimum hourly wage in yen.
    pub hourly_yen: i64,
    /// The date (ISO 8601) from which this amount applies.
    pub effective_from: String,
}

/// A fiscal year's table of regional minimum wages, keyed by prefecture code.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumWageTable {
    /// Japanese fiscal year the amounts were decided for, e.g. `"2025"`.
    pub fiscal_year: String,
    /// Where the amounts come from.
    pub source: String,
    /// Always `JPY`.
    pub currency: String,
    /// Always `hour`.
    pub unit: String,
    pub effective_from_earliest: String,
    pub effective_from_latest: String,
    #[serde(default)]
    pub national_weighted_average_yen: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
    /// Prefecture code → minimum wage.
    pub wages: BTreeMap<String, MinimumWage>,
}

impl MinimumWageTable {
    /// Parse and validate a table in the format of `data/minimum_wages.json`: JPY per hour,
    /// every key a prefecture code, every amount positive, all 47 prefectures present.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let table: Self = serde_json::from_str(json).map_err(|e| e.to_string())?;
        table.validate()?;
        Ok(table)
    }

    fn validate(&self) -> Result<(), String> {
        if self.currency != "JPY" {
            return Err(format!("currency is {}, not JPY", self.currency));
        }
        if self.unit != "hour" {
            return Err(format!("unit is {}, not hour", self.unit));
        }
        for (code, wage) in &self.wages {
            if !PREFECTURES.iter().any(|p| p.code == code) {
                return Err(format!("{code} is not a prefecture code"));
            }
            if wage.hourly_yen <= 0 {
                return Err(format!("{code} has a non-positive wage"));
            }
            if !looks_like_date(&wage.effective_from) {
                return Err(format!("{code} has a malformed effective date"));
            }
        }
        if let Some(missing) = PREFECTURES
            .iter()
            .find(|p| !self.wages.contains_key(p.code))
        {
            return Err(format!("{} is missing", missing.code));
        }
        Ok(())
    }

    /// The minimum wage of a prefecture (code, ISO code or name), if the table has it.
    pub fn get(&self, prefecture: &str) -> Option<&MinimumWage> {
        let code = find_prefecture(prefecture)?.code;
        self.wages.get(code)
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

const MINIMUM_WAGE_DATA: &str = include_str!("../data/minimum_wages.json");

static EMBEDDED: LazyLock<MinimumWageTable> = LazyLock::new(|| {
    MinimumWageTable::from_json(MINIMUM_WAGE_DATA)
        .unwrap_or_else(|problem| panic!("data/minimum_wages.json: {problem}"))
});

/// The minimum wage table built into this crate (see its `fiscal_year` and `source`).
pub fn embedded_minimum_wages() -> &'static MinimumWageTable {
    &EMBEDDED
}

/// The minimum hourly wage in yen for a prefecture (code, ISO code or name) in `table`.
pub fn minimum_hourly_wage(table: &MinimumWageTable, prefecture: &str) -> Option<i64> {
    table.get(prefecture).map(|w| w.hourly_yen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_names_every_prefecture() {
        let table = MinimumWageTable::from_json(MINIMUM_WAGE_DATA).unwrap();
        assert_eq!(table.fiscal_year, "2025");
        assert_eq!(table.wages.len(), 47);
        for code in table.wages.keys() {
            assert!(PREFECTURES.iter().any(|p| p.code == code), "{code}");
        }
        for wage in table.wages.values() {
            assert!(wage.effective_from.as_str() >= table.effective_from_earliest.as_str());
            assert!(wage.effective_from.as_str() <= table.effective_from_latest.as_str());
        }
        assert_eq!(&table, embedded_minimum_wages());
    }

    #[test]
    fn fiscal_2025_amounts() {
        let table = embedded_minimum_wages();
        let cases = [
            ("tokyo", 1226),
            ("kanagawa", 1225),
            ("osaka", 1177),
            ("aichi", 1140),
            ("hokkaido", 1075),
            ("akita", 1031),
            ("kochi", 1023),
            ("miyazaki", 1023),
            ("okinawa", 1023),
            ("JP-13", 1226),
            ("大阪府", 1177),
        ];
        for (prefecture, yen) in cases {
            assert_eq!(
                minimum_hourly_wage(table, prefecture),
                Some(yen),
                "{prefecture}"
            );
        }
        assert_eq!(minimum_hourly_wage(table, "atlantis"), None);
        let min = table.wages.values().map(|w| w.hourly_yen).min();
        let max = table.wages.values().map(|w| w.hourly_yen).max();
        assert_eq!((min, max), (Some(1023), Some(1226)));
        assert_eq!(table.wages["akita"].effective_from, "2026-03-31");
    }

    #[test]
    fn a_replacement_table_is_used_as_given() {
        let newer = MINIMUM_WAGE_DATA
            .replace("\"fiscal_year\": \"2025\"", "\"fiscal_year\": \"2026\"")
            .replace("\"hourly_yen\": 1226", "\"hourly_yen\": 1300");
        let table = MinimumWageTable::from_json(&newer).unwrap();
        assert_eq!(table.fiscal_year, "2026");
        assert_eq!(minimum_hourly_wage(&table, "tokyo"), Some(1300));
    }

    #[test]
    fn invalid_tables_are_rejected() {
        let bad = [
            MINIMUM_WAGE_DATA.replace("\"tokyo\"", "\"edo\""),
            MINIMUM_WAGE_DATA.replace("\"hourly_yen\": 1226", "\"hourly_yen\": 0"),
            MINIMUM_WAGE_DATA.replace("\"currency\": \"JPY\"", "\"currency\": \"USD\""),
            MINIMUM_WAGE_DATA.replace("\"unit\": \"hour\"", "\"unit\": \"day\""),
            MINIMUM_WAGE_DATA.replace("2025-10-03", "3 Oct 2025"),
            "{}".to_string(),
        ];
        for json in bad {
            assert!(MinimumWageTable::from_json(&json).is_err());
        }
    }
}

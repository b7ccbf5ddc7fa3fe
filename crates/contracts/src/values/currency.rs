//! The currencies a salary is offered in: the yen, the currencies of the region the platform
//! recruits from and the usual reference ones, by ISO 4217 code. Only yen salaries can be
//! checked against Japan's minimum wage and are searched by salary range.

use super::serde_by_wire_name;
use serde::Deserialize;

wire_names! {
    /// A salary currency, by ISO 4217 code; the yen by default.
    #[derive(Default)]
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum Currency {
        /// Japanese yen; the only currency checked against minimum wage and filtered by salary.
        #[default]
        #[cfg_attr(feature = "graphql", graphql(name = "JPY"))]
        Jpy => "JPY",
        /// United States dollar.
        #[cfg_attr(feature = "graphql", graphql(name = "USD"))]
        Usd => "USD",
        /// Euro.
        #[cfg_attr(feature = "graphql", graphql(name = "EUR"))]
        Eur => "EUR",
        /// Pound sterling.
        #[cfg_attr(feature = "graphql", graphql(name = "GBP"))]
        Gbp => "GBP",
        /// Australian dollar.
        #[cfg_attr(feature = "graphql", graphql(name = "AUD"))]
        Aud => "AUD",
        /// South Korean won.
        #[cfg_attr(feature = "graphql", graphql(name = "KRW"))]
        Krw => "KRW",
        /// Chinese yuan (renminbi).
        #[cfg_attr(feature = "graphql", graphql(name = "CNY"))]
        Cny => "CNY",
        /// New Taiwan dollar.
        #[cfg_attr(feature = "graphql", graphql(name = "TWD"))]
        Twd => "TWD",
        /// Singapore dollar.
        #[cfg_attr(feature = "graphql", graphql(name = "SGD"))]
        Sgd => "SGD",
        /// Vietnamese đồng.
        #[cfg_attr(feature = "graphql", graphql(name = "VND"))]
        Vnd => "VND",
        /// Philippine peso.
        #[cfg_attr(feature = "graphql", graphql(name = "PHP"))]
        Php => "PHP",
        /// Indonesian rupiah.
        #[cfg_attr(feature = "graphql", graphql(name = "IDR"))]
        Idr => "IDR",
        /// Thai baht.
        #[cfg_attr(feature = "graphql", graphql(name = "THB"))]
        Thb => "THB",
        /// Malaysian ringgit.
        #[cfg_attr(feature = "graphql", graphql(name = "MYR"))]
        Myr => "MYR",
    }
}
serde_by_wire_name!(Currency);

impl Currency {
    /// Reads a currency where copies written before the field existed hold an empty string
    /// (the yen, the only currency those postings could have).
    pub fn deserialize_or_yen<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let wire = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        if wire.is_empty() {
            return Ok(Self::Jpy);
        }
        Self::parse(&wire)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown currency `{wire}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::Currency;

    #[test]
    fn copies_from_before_the_field_read_as_yen() {
        #[derive(serde::Deserialize)]
        struct Copy {
            #[serde(deserialize_with = "Currency::deserialize_or_yen")]
            currency: Currency,
        }
        let old: Result<Copy, _> = serde_json::from_str(r#"{"currency": ""}"#);
        assert_eq!(old.ok().map(|copy| copy.currency), Some(Currency::Jpy));
        let usd: Result<Copy, _> = serde_json::from_str(r#"{"currency": "USD"}"#);
        assert_eq!(usd.ok().map(|copy| copy.currency), Some(Currency::Usd));
        assert!(serde_json::from_str::<Copy>(r#"{"currency": "XYZ"}"#).is_err());
    }

    #[test]
    fn codes_are_iso_4217_upper_case() {
        assert_eq!(Currency::ALL.len(), 14);
        for currency in Currency::ALL {
            let code = currency.as_str();
            assert!(
                code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()),
                "{code}"
            );
        }
        assert_eq!(Currency::parse("JPY"), Some(Currency::Jpy));
        assert_eq!(Currency::parse("jpy"), None);
    }
}

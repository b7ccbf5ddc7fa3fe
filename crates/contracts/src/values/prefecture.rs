//! Japan's 47 prefectures as a closed set, under the codes postings store and minimum wages are
//! keyed by. The compliance crate holds their ISO codes and names and reads a place typed in
//! Japanese or English; this is the value a posting carries and the schema returns.

use super::serde_by_wire_name;

wire_names! {
    /// A prefecture of Japan, by the code postings store (romaji, lower case).
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum Prefecture {
        /// Hokkaido (北海道), JP-01.
        #[cfg_attr(feature = "graphql", graphql(name = "hokkaido"))]
        Hokkaido => "hokkaido",
        /// Aomori (青森県), JP-02.
        #[cfg_attr(feature = "graphql", graphql(name = "aomori"))]
        Aomori => "aomori",
        /// Iwate (岩手県), JP-03.
        #[cfg_attr(feature = "graphql", graphql(name = "iwate"))]
        Iwate => "iwate",
        /// Miyagi (宮城県), JP-04.
        #[cfg_attr(feature = "graphql", graphql(name = "miyagi"))]
        Miyagi => "miyagi",
        /// Akita (秋田県), JP-05.
        #[cfg_attr(feature = "graphql", graphql(name = "akita"))]
        Akita => "akita",
        /// Yamagata (山形県), JP-06.
        #[cfg_attr(feature = "graphql", graphql(name = "yamagata"))]
        Yamagata => "yamagata",
        /// Fukushima (福島県), JP-07.
        #[cfg_attr(feature = "graphql", graphql(name = "fukushima"))]
        Fukushima => "fukushima",
        /// Ibaraki (茨城県), JP-08.
        #[cfg_attr(feature = "graphql", graphql(name = "ibaraki"))]
        Ibaraki => "ibaraki",
        /// Tochigi (栃木県), JP-09.
        #[cfg_attr(feature = "graphql", graphql(name = "tochigi"))]
        Tochigi => "tochigi",
        /// Gunma (群馬県), JP-10.
        #[cfg_attr(feature = "graphql", graphql(name = "gunma"))]
        Gunma => "gunma",
        /// Saitama (埼玉県), JP-11.
        #[cfg_attr(feature = "graphql", graphql(name = "saitama"))]
        Saitama => "saitama",
        /// Chiba (千葉県), JP-12.
        #[cfg_attr(feature = "graphql", graphql(name = "chiba"))]
        Chiba => "chiba",
        /// Tokyo (東京都), JP-13.
        #[cfg_attr(feature = "graphql", graphql(name = "tokyo"))]
        Tokyo => "tokyo",
        /// Kanagawa (神奈川県), JP-14.
        #[cfg_attr(feature = "graphql", graphql(name = "kanagawa"))]
        Kanagawa => "kanagawa",
        /// Niigata (新潟県), JP-15.
        #[cfg_attr(feature = "graphql", graphql(name = "niigata"))]
        Niigata => "niigata",
        /// Toyama (富山県), JP-16.
        #[cfg_attr(feature = "graphql", graphql(name = "toyama"))]
        Toyama => "toyama",
        /// Ishikawa (石川県), JP-17.
        #[cfg_attr(feature = "graphql", graphql(name = "ishikawa"))]
        Ishikawa => "ishikawa",
        /// Fukui (福井県), JP-18.
        #[cfg_attr(feature = "graphql", graphql(name = "fukui"))]
        Fukui => "fukui",
        /// Yamanashi (山梨県), JP-19.
        #[cfg_attr(feature = "graphql", graphql(name = "yamanashi"))]
        Yamanashi => "yamanashi",
        /// Nagano (長野県), JP-20.
        #[cfg_attr(feature = "graphql", graphql(name = "nagano"))]
        Nagano => "nagano",
        /// Gifu (岐阜県), JP-21.
        #[cfg_attr(feature = "graphql", graphql(name = "gifu"))]
        Gifu => "gifu",
        /// Shizuoka (静岡県), JP-22.
        #[cfg_attr(feature = "graphql", graphql(name = "shizuoka"))]
        Shizuoka => "shizuoka",
        /// Aichi (愛知県), JP-23.
        #[cfg_attr(feature = "graphql", graphql(name = "aichi"))]
        Aichi => "aichi",
        /// Mie (三重県), JP-24.
        #[cfg_attr(feature = "graphql", graphql(name = "mie"))]
        Mie => "mie",
        /// Shiga (滋賀県), JP-25.
        #[cfg_attr(feature = "graphql", graphql(name = "shiga"))]
        Shiga => "shiga",
        /// Kyoto (京都府), JP-26.
        #[cfg_attr(feature = "graphql", graphql(name = "kyoto"))]
        Kyoto => "kyoto",
        /// Osaka (大阪府), JP-27.
        #[cfg_attr(feature = "graphql", graphql(name = "osaka"))]
        Osaka => "osaka",
        /// Hyogo (兵庫県), JP-28.
        #[cfg_attr(feature = "graphql", graphql(name = "hyogo"))]
        Hyogo => "hyogo",
        /// Nara (奈良県), JP-29.
        #[cfg_attr(feature = "graphql", graphql(name = "nara"))]
        Nara => "nara",
        /// Wakayama (和歌山県), JP-30.
        #[cfg_attr(feature = "graphql", graphql(name = "wakayama"))]
        Wakayama => "wakayama",
        /// Tottori (鳥取県), JP-31.
        #[cfg_attr(feature = "graphql", graphql(name = "tottori"))]
        Tottori => "tottori",
        /// Shimane (島根県), JP-32.
        #[cfg_attr(feature = "graphql", graphql(name = "shimane"))]
        Shimane => "shimane",
        /// Okayama (岡山県), JP-33.
        #[cfg_attr(feature = "graphql", graphql(name = "okayama"))]
        Okayama => "okayama",
        /// Hiroshima (広島県), JP-34.
        #[cfg_attr(feature = "graphql", graphql(name = "hiroshima"))]
        Hiroshima => "hiroshima",
        /// Yamaguchi (山口県), JP-35.
        #[cfg_attr(feature = "graphql", graphql(name = "yamaguchi"))]
        Yamaguchi => "yamaguchi",
        /// Tokushima (徳島県), JP-36.
        #[cfg_attr(feature = "graphql", graphql(name = "tokushima"))]
        Tokushima => "tokushima",
        /// Kagawa (香川県), JP-37.
        #[cfg_attr(feature = "graphql", graphql(name = "kagawa"))]
        Kagawa => "kagawa",
        /// Ehime (愛媛県), JP-38.
        #[cfg_attr(feature = "graphql", graphql(name = "ehime"))]
        Ehime => "ehime",
        /// Kochi (高知県), JP-39.
        #[cfg_attr(feature = "graphql", graphql(name = "kochi"))]
        Kochi => "kochi",
        /// Fukuoka (福岡県), JP-40.
        #[cfg_attr(feature = "graphql", graphql(name = "fukuoka"))]
        Fukuoka => "fukuoka",
        /// Saga (佐賀県), JP-41.
        #[cfg_attr(feature = "graphql", graphql(name = "saga"))]
        Saga => "saga",
        /// Nagasaki (長崎県), JP-42.
        #[cfg_attr(feature = "graphql", graphql(name = "nagasaki"))]
        Nagasaki => "nagasaki",
        /// Kumamoto (熊本県), JP-43.
        #[cfg_attr(feature = "graphql", graphql(name = "kumamoto"))]
        Kumamoto => "kumamoto",
        /// Oita (大分県), JP-44.
        #[cfg_attr(feature = "graphql", graphql(name = "oita"))]
        Oita => "oita",
        /// Miyazaki (宮崎県), JP-45.
        #[cfg_attr(feature = "graphql", graphql(name = "miyazaki"))]
        Miyazaki => "miyazaki",
        /// Kagoshima (鹿児島県), JP-46.
        #[cfg_attr(feature = "graphql", graphql(name = "kagoshima"))]
        Kagoshima => "kagoshima",
        /// Okinawa (沖縄県), JP-47.
        #[cfg_attr(feature = "graphql", graphql(name = "okinawa"))]
        Okinawa => "okinawa",
    }
}
serde_by_wire_name!(Prefecture);

#[cfg(test)]
mod tests {
    use super::Prefecture;

    #[test]
    fn all_47_keep_their_stored_codes() {
        assert_eq!(Prefecture::ALL.len(), 47);
        assert_eq!(Prefecture::parse("tokyo"), Some(Prefecture::Tokyo));
        assert_eq!(Prefecture::Okinawa.as_str(), "okinawa");
    }
}

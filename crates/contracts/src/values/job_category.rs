//! The job categories a posting can be filed under, as a closed set under their stored codes.
//! Which statuses of residence may do each category's work is the compliance crate's data;
//! this is the value a posting carries and the schema returns.

use super::serde_by_wire_name;

wire_names! {
    /// A job category a posting is filed under, by its stored code.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum JobCategoryCode {
        /// Software engineering (ソフトウェア開発).
        #[cfg_attr(feature = "graphql", graphql(name = "software_engineering"))]
        SoftwareEngineering => "software_engineering",
        /// IT infrastructure (ITインフラ).
        #[cfg_attr(feature = "graphql", graphql(name = "it_infrastructure"))]
        ItInfrastructure => "it_infrastructure",
        /// Data science (データサイエンス).
        #[cfg_attr(feature = "graphql", graphql(name = "data_science"))]
        DataScience => "data_science",
        /// Design (デザイン).
        #[cfg_attr(feature = "graphql", graphql(name = "design"))]
        Design => "design",
        /// Product management (プロダクトマネジメント).
        #[cfg_attr(feature = "graphql", graphql(name = "product_management"))]
        ProductManagement => "product_management",
        /// Sales and marketing (営業・マーケティング).
        #[cfg_attr(feature = "graphql", graphql(name = "sales_marketing"))]
        SalesMarketing => "sales_marketing",
        /// Finance and accounting (財務・会計).
        #[cfg_attr(feature = "graphql", graphql(name = "finance_accounting"))]
        FinanceAccounting => "finance_accounting",
        /// Human resources (人事).
        #[cfg_attr(feature = "graphql", graphql(name = "human_resources"))]
        HumanResources => "human_resources",
        /// Legal (法務).
        #[cfg_attr(feature = "graphql", graphql(name = "legal"))]
        Legal => "legal",
        /// Translation and interpretation (翻訳・通訳).
        #[cfg_attr(feature = "graphql", graphql(name = "translation_interpretation"))]
        TranslationInterpretation => "translation_interpretation",
        /// Language teaching (語学教育).
        #[cfg_attr(feature = "graphql", graphql(name = "language_teaching"))]
        LanguageTeaching => "language_teaching",
        /// Research (研究).
        #[cfg_attr(feature = "graphql", graphql(name = "research"))]
        Research => "research",
        /// Management (経営・管理).
        #[cfg_attr(feature = "graphql", graphql(name = "management"))]
        Management => "management",
        /// Consulting (コンサルティング).
        #[cfg_attr(feature = "graphql", graphql(name = "consulting"))]
        Consulting => "consulting",
        /// Customer support (カスタマーサポート).
        #[cfg_attr(feature = "graphql", graphql(name = "customer_support"))]
        CustomerSupport => "customer_support",
        /// Nursing care (介護).
        #[cfg_attr(feature = "graphql", graphql(name = "nursing_care"))]
        NursingCare => "nursing_care",
        /// Building cleaning (ビルクリーニング).
        #[cfg_attr(feature = "graphql", graphql(name = "building_cleaning"))]
        BuildingCleaning => "building_cleaning",
        /// Industrial products manufacturing (工業製品製造業).
        #[cfg_attr(feature = "graphql", graphql(name = "industrial_products_manufacturing"))]
        IndustrialProductsManufacturing => "industrial_products_manufacturing",
        /// Construction (建設).
        #[cfg_attr(feature = "graphql", graphql(name = "construction"))]
        Construction => "construction",
        /// Shipbuilding and ship machinery (造船・舶用工業).
        #[cfg_attr(feature = "graphql", graphql(name = "shipbuilding"))]
        Shipbuilding => "shipbuilding",
        /// Automobile repair and maintenance (自動車整備).
        #[cfg_attr(feature = "graphql", graphql(name = "automobile_repair"))]
        AutomobileRepair => "automobile_repair",
        /// Aviation (航空).
        #[cfg_attr(feature = "graphql", graphql(name = "aviation"))]
        Aviation => "aviation",
        /// Accommodation (宿泊).
        #[cfg_attr(feature = "graphql", graphql(name = "accommodation"))]
        Accommodation => "accommodation",
        /// Agriculture (農業).
        #[cfg_attr(feature = "graphql", graphql(name = "agriculture"))]
        Agriculture => "agriculture",
        /// Fishery and aquaculture (漁業).
        #[cfg_attr(feature = "graphql", graphql(name = "fishery"))]
        Fishery => "fishery",
        /// Food and beverage manufacturing (飲食料品製造業).
        #[cfg_attr(feature = "graphql", graphql(name = "food_manufacturing"))]
        FoodManufacturing => "food_manufacturing",
        /// Food service (外食業).
        #[cfg_attr(feature = "graphql", graphql(name = "food_service"))]
        FoodService => "food_service",
        /// Automobile transportation (自動車運送業).
        #[cfg_attr(feature = "graphql", graphql(name = "automobile_transportation"))]
        AutomobileTransportation => "automobile_transportation",
        /// Railway (鉄道).
        #[cfg_attr(feature = "graphql", graphql(name = "railway"))]
        Railway => "railway",
        /// Forestry (林業).
        #[cfg_attr(feature = "graphql", graphql(name = "forestry"))]
        Forestry => "forestry",
        /// Wood industry (木材産業).
        #[cfg_attr(feature = "graphql", graphql(name = "wood_industry"))]
        WoodIndustry => "wood_industry",
        /// Other (その他).
        #[cfg_attr(feature = "graphql", graphql(name = "other"))]
        Other => "other",
    }
}
serde_by_wire_name!(JobCategoryCode);

#[cfg(test)]
mod tests {
    use super::JobCategoryCode;

    #[test]
    fn codes_stay_as_stored() {
        assert_eq!(JobCategoryCode::ALL.len(), 32);
        assert_eq!(
            JobCategoryCode::parse("software_engineering"),
            Some(JobCategoryCode::SoftwareEngineering)
        );
    }
}

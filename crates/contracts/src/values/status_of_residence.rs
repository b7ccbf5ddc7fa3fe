//! The statuses of residence (在留資格) the platform knows, as a closed set under the codes
//! profiles and postings store: a candidate's status, the statuses a posting or company
//! sponsors. What each status may do is the compliance crate's; this is the value.

use super::serde_by_wire_name;

wire_names! {
    /// A status of residence (在留資格), by the code profiles and postings store.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum StatusOfResidence {
        /// No status of residence (在留資格なし).
        #[cfg_attr(feature = "graphql", graphql(name = "none"))]
        None => "none",
        /// Japanese national (日本国籍).
        #[cfg_attr(feature = "graphql", graphql(name = "japanese_national"))]
        JapaneseNational => "japanese_national",
        /// Permanent Resident (永住者).
        #[cfg_attr(feature = "graphql", graphql(name = "permanent_resident"))]
        PermanentResident => "permanent_resident",
        /// Spouse or Child of Japanese National (日本人の配偶者等).
        #[cfg_attr(feature = "graphql", graphql(name = "spouse_of_japanese"))]
        SpouseOfJapanese => "spouse_of_japanese",
        /// Spouse or Child of Permanent Resident (永住者の配偶者等).
        #[cfg_attr(feature = "graphql", graphql(name = "spouse_of_permanent_resident"))]
        SpouseOfPermanentResident => "spouse_of_permanent_resident",
        /// Long-Term Resident (定住者).
        #[cfg_attr(feature = "graphql", graphql(name = "long_term_resident"))]
        LongTermResident => "long_term_resident",
        /// Engineer/Specialist in Humanities/International Services (技術・人文知識・国際業務).
        #[cfg_attr(feature = "graphql", graphql(name = "engineer_humanities_international"))]
        EngineerHumanitiesInternational => "engineer_humanities_international",
        /// Highly Skilled Professional (高度専門職).
        #[cfg_attr(feature = "graphql", graphql(name = "highly_skilled_professional"))]
        HighlySkilledProfessional => "highly_skilled_professional",
        /// Intra-company Transferee (企業内転勤).
        #[cfg_attr(feature = "graphql", graphql(name = "intra_company_transferee"))]
        IntraCompanyTransferee => "intra_company_transferee",
        /// Business Manager (経営・管理).
        #[cfg_attr(feature = "graphql", graphql(name = "business_manager"))]
        BusinessManager => "business_manager",
        /// Skilled Labor (技能).
        #[cfg_attr(feature = "graphql", graphql(name = "skilled_labor"))]
        SkilledLabor => "skilled_labor",
        /// Specified Skilled Worker (i) (特定技能1号).
        #[cfg_attr(feature = "graphql", graphql(name = "specified_skilled_worker_i"))]
        SpecifiedSkilledWorkerI => "specified_skilled_worker_i",
        /// Specified Skilled Worker (ii) (特定技能2号).
        #[cfg_attr(feature = "graphql", graphql(name = "specified_skilled_worker_ii"))]
        SpecifiedSkilledWorkerIi => "specified_skilled_worker_ii",
        /// Technical Intern Training (技能実習).
        #[cfg_attr(feature = "graphql", graphql(name = "technical_intern_training"))]
        TechnicalInternTraining => "technical_intern_training",
        /// Nursing Care (介護).
        #[cfg_attr(feature = "graphql", graphql(name = "nursing_care"))]
        NursingCare => "nursing_care",
        /// Professor (教授).
        #[cfg_attr(feature = "graphql", graphql(name = "professor"))]
        Professor => "professor",
        /// Researcher (研究).
        #[cfg_attr(feature = "graphql", graphql(name = "researcher"))]
        Researcher => "researcher",
        /// Instructor (教育).
        #[cfg_attr(feature = "graphql", graphql(name = "instructor"))]
        Instructor => "instructor",
        /// Designated Activities (特定活動).
        #[cfg_attr(feature = "graphql", graphql(name = "designated_activities"))]
        DesignatedActivities => "designated_activities",
        /// Working Holiday (ワーキング・ホリデー).
        #[cfg_attr(feature = "graphql", graphql(name = "working_holiday"))]
        WorkingHoliday => "working_holiday",
        /// Student (留学).
        #[cfg_attr(feature = "graphql", graphql(name = "student"))]
        Student => "student",
        /// Dependent (家族滞在).
        #[cfg_attr(feature = "graphql", graphql(name = "dependent"))]
        Dependent => "dependent",
    }
}
serde_by_wire_name!(StatusOfResidence);

#[cfg(test)]
mod tests {
    use super::StatusOfResidence;

    #[test]
    fn codes_stay_as_stored() {
        assert_eq!(StatusOfResidence::ALL.len(), 22);
        assert_eq!(
            StatusOfResidence::parse("specified_skilled_worker_i"),
            Some(StatusOfResidence::SpecifiedSkilledWorkerI)
        );
    }
}

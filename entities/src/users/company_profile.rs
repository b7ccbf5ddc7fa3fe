//! A company as it presents itself to candidates: who it is, where, how large, whether it
//! sponsors visas and what it offers. The people acting for it are `company_member` rows.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// The Japanese trade name, e.g. 株式会社さくらシステムズ.
    pub name_ja: Option<String>,
    pub name_kana: Option<String>,
    pub industry: Option<String>,
    /// `micro`, `small`, `medium`, `large` or `enterprise`.
    pub size: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub headquarters_country: Option<String>,
    pub headquarters_city: Option<String>,
    pub description: Option<String>,
    pub description_ja: Option<String>,
    pub website: Option<String>,
    pub total_employees: Option<i32>,
    pub international_employees: Option<i32>,
    pub visa_sponsorship: bool,
    /// JSON array of status-of-residence names.
    pub supported_visa_types: Json,
    /// JSON array of strings.
    pub benefits: Json,
    pub created_by: Option<Uuid>,
    /// `unverified`, `pending` (evidence submitted), `verified` or `rejected`.
    pub verification_status: String,
    /// The 13-digit corporate number (法人番号), check digit validated.
    pub corporate_number: Option<String>,
    /// A recruitment agency (有料職業紹介事業者) rather than a direct employer.
    pub recruitment_agency: bool,
    /// For agencies, the licence number, e.g. `13-ユ-123456`.
    pub agency_licence_number: Option<String>,
    /// The requester's work e-mail, on the company's domain.
    pub verification_email: Option<String>,
    pub verification_requested_by: Option<Uuid>,
    pub verification_requested_at: Option<DateTimeUtc>,
    pub verification_reviewed_by: Option<Uuid>,
    pub verification_reviewed_at: Option<DateTimeUtc>,
    /// Why the review rejected the evidence (or took a verification back).
    pub verification_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::company_member::Entity")]
    CompanyMember,
}

impl Related<super::company_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CompanyMember.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

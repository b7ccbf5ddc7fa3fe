//! Events of company profiles and their members (owned by the users subgraph).

use super::one_name;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `company.profile_created`: a company exists, with its creator as its first member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfileCreated {
    pub company_id: Uuid,
    pub name: String,
    pub created_by: Uuid,
    pub visa_sponsorship: bool,
    #[serde(default)]
    pub supported_visa_types: Vec<String>,
}

/// `company.profile_updated`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfileUpdated {
    pub company_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub changed_fields: Vec<String>,
    pub visa_sponsorship: bool,
    #[serde(default)]
    pub supported_visa_types: Vec<String>,
}

/// `company.member_added`: `user_id` joined the company with `role`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyMemberAdded {
    pub company_id: Uuid,
    pub user_id: Uuid,
    pub role: String,
}

one_name! {
    CompanyProfileCreated => CompanyProfileCreated,
    CompanyProfileUpdated => CompanyProfileUpdated,
    CompanyMemberAdded => CompanyMemberAdded,
}

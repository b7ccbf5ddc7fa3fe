//! Events of company profiles and their members (owned by the users subgraph).

use super::one_name;
use crate::CompanyMemberRole;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `company.profile_created`: a company exists, with its creator as its first member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfileCreated {
    pub company_id: Uuid,
    pub name: String,
    pub created_by: Uuid,
    /// The creator's member role (`employer` or `hr_manager`); events from before it was
    /// carried mean `employer` (see [`creator_role`](Self::creator_role)).
    #[serde(default)]
    pub creator_role: Option<CompanyMemberRole>,
    pub visa_sponsorship: bool,
    #[serde(default)]
    pub supported_visa_types: Vec<String>,
    /// What the jobs subgraph searches and facets by.
    #[serde(default)]
    pub facts: CompanyFacts,
}

impl CompanyProfileCreated {
    /// The creator's member role; `employer` for events from before it was carried.
    pub fn creator_role(&self) -> CompanyMemberRole {
        self.creator_role.unwrap_or(CompanyMemberRole::Employer)
    }
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
    #[serde(default)]
    pub facts: CompanyFacts,
}

/// The profile fields other subgraphs keep a copy of besides the name (postings are searched by
/// the company's names and filtered by its industry and size).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyFacts {
    pub name_ja: Option<String>,
    pub name_kana: Option<String>,
    pub industry: Option<String>,
    /// `micro`, `small`, `medium`, `large` or `enterprise`.
    pub size: Option<String>,
}

/// `company.member_added`: `user_id` joined the company with `role`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyMemberAdded {
    pub company_id: Uuid,
    pub user_id: Uuid,
    pub role: CompanyMemberRole,
}

/// `company.member_removed`: `user_id` no longer acts for the company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyMemberRemoved {
    pub company_id: Uuid,
    pub user_id: Uuid,
}

/// `company.verification_changed`: the company's verification moved to `status`
/// (`unverified`, `pending`, `verified` or `rejected`). Only `verified` lets a company see the
/// private fields candidates disclose to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyVerificationChanged {
    pub company_id: Uuid,
    pub status: crate::CompanyVerificationStatus,
}

impl CompanyVerificationChanged {
    pub fn is_verified(&self) -> bool {
        self.status == crate::CompanyVerificationStatus::Verified
    }
}

one_name! {
    CompanyVerificationChanged => CompanyVerificationChanged,
    CompanyProfileCreated => CompanyProfileCreated,
    CompanyProfileUpdated => CompanyProfileUpdated,
    CompanyMemberAdded => CompanyMemberAdded,
    CompanyMemberRemoved => CompanyMemberRemoved,
}

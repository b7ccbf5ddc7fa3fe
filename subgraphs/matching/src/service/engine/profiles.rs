//! What the engine reads of a candidate and of a posting, kept whole in the read-copies as
//! JSON so a new score component needs no new column. Built from the events; a copy written
//! before these existed is read from its old columns.

use super::skills::normalize_skill;
use contracts::JlptLevel;
use contracts::events::{CandidateLanguage, CandidateProfileUpdated, JobDetails, JobStatusChanged};
use entities::matching::{candidate_copy, job_copy};
use serde::{Deserialize, Serialize};

/// A candidate as the score sees them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CandidateProfile {
    /// Normalised skill names (see [`normalize_skill`]), de-duplicated, in profile order.
    pub skills: Vec<String>,
    pub jlpt_level: Option<JlptLevel>,
    pub visa_status: Option<String>,
    pub work_authorization: bool,
    pub years_experience: i32,
    pub languages: Vec<CandidateLanguage>,
    pub soft_skills: Vec<String>,
    pub work_style: Option<String>,
    pub desired_salary_min: Option<i32>,
    pub desired_salary_max: Option<i32>,
    /// Prefecture codes (`tokyo`) of the preferred locations and current city that name one.
    pub prefectures: Vec<String>,
    pub preferred_industries: Vec<String>,
    pub desired_role: Option<String>,
    pub experience_summary: Option<String>,
    pub willing_to_relocate: bool,
}

/// A posting as the score sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct JobProfile {
    pub title: String,
    /// Normalised, de-duplicated.
    pub required_skills: Vec<String>,
    pub min_experience_years: i32,
    pub jlpt_required: Option<JlptLevel>,
    pub visa_sponsorship: bool,
    pub details: JobDetails,
}

/// A prefecture code for a place name ("Tokyo", "東京都", "tokyo"), when it names one.
pub fn prefecture_code(place: &str) -> Option<String> {
    compliance::find_prefecture(place).map(|prefecture| prefecture.code.to_owned())
}

fn normalized_skills<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut skills: Vec<String> = Vec::new();
    for name in names {
        let skill = normalize_skill(name);
        if !skill.is_empty() && !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    skills
}

fn blank_to_none(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

impl CandidateProfile {
    pub fn from_event(event: &CandidateProfileUpdated) -> Self {
        let mut prefectures: Vec<String> = Vec::new();
        let places = event
            .preferred_locations
            .iter()
            .chain(event.current_city.iter());
        for code in places.filter_map(|place| prefecture_code(place)) {
            if !prefectures.contains(&code) {
                prefectures.push(code);
            }
        }
        Self {
            skills: normalized_skills(&event.skills),
            jlpt_level: event.jlpt_level,
            visa_status: event.visa_status.clone(),
            work_authorization: event.work_authorization,
            years_experience: event.years_experience,
            languages: event.languages.clone(),
            soft_skills: event.soft_skills.clone(),
            work_style: event.work_style.clone(),
            desired_salary_min: event.desired_salary_min,
            desired_salary_max: event.desired_salary_max,
            prefectures,
            preferred_industries: event.preferred_industries.clone(),
            desired_role: blank_to_none(event.desired_role.clone()),
            experience_summary: blank_to_none(event.experience_summary.clone()),
            willing_to_relocate: event.willing_to_relocate,
        }
    }

    /// The stored profile, or what the copy's own columns say when it predates profiles.
    pub fn of(copy: &candidate_copy::Model) -> Self {
        if let Some(profile) = copy
            .profile
            .as_ref()
            .and_then(|json| serde_json::from_value(json.clone()).ok())
        {
            return profile;
        }
        let skills: Vec<String> = serde_json::from_value(copy.skills.clone()).unwrap_or_default();
        Self {
            skills: normalized_skills(&skills),
            jlpt_level: copy.jlpt_level.as_deref().and_then(JlptLevel::parse),
            visa_status: copy.visa_status.clone(),
            years_experience: copy.years_experience,
            ..Self::default()
        }
    }

    pub fn jlpt_rank(&self) -> Option<u8> {
        self.jlpt_level.map(JlptLevel::rank)
    }

    /// The text the candidate's vector is made of: desired role, skills, experience.
    pub fn embedding_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(role) = &self.desired_role {
            parts.push(role.clone());
        }
        if !self.skills.is_empty() {
            parts.push(format!("Skills: {}.", self.skills.join(", ")));
        }
        if let Some(summary) = &self.experience_summary {
            parts.push(summary.clone());
        }
        parts.join("\n")
    }

    /// `|tokyo|osaka|`: the form retrieval filters with `LIKE '%|code|%'` on both backends.
    pub fn location_codes(&self) -> String {
        if self.prefectures.is_empty() {
            return String::new();
        }
        format!("|{}|", self.prefectures.join("|"))
    }
}

impl JobProfile {
    pub fn from_event(event: &JobStatusChanged) -> Self {
        let mut details = event.details.clone();
        details.preferred_skills = normalized_skills(&details.preferred_skills);
        details.prefecture = details
            .prefecture
            .as_deref()
            .and_then(prefecture_code)
            .or(details.prefecture);
        Self {
            title: event.title.clone(),
            required_skills: normalized_skills(&event.required_skills),
            min_experience_years: event.min_experience_years,
            jlpt_required: event.jlpt_required,
            visa_sponsorship: event.visa_sponsorship,
            details,
        }
    }

    /// The posting as stored in matching's copy.
    pub fn of(copy: &job_copy::Model) -> Self {
        let required: Vec<String> =
            serde_json::from_value(copy.required_skills.clone()).unwrap_or_default();
        let details: JobDetails = copy
            .details
            .as_ref()
            .and_then(|json| serde_json::from_value(json.clone()).ok())
            .unwrap_or_default();
        let visa_sponsorship = copy
            .details
            .as_ref()
            .and_then(|json| json.get("visaSponsorship"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        Self {
            title: copy.title.clone(),
            required_skills: normalized_skills(&required),
            min_experience_years: copy.min_experience_years,
            jlpt_required: copy.jlpt_required.as_deref().and_then(JlptLevel::parse),
            visa_sponsorship,
            details,
        }
    }

    /// What the copy's `details` column holds: the details plus the sponsorship flag, which
    /// has no column of its own.
    pub fn details_json(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(&self.details).unwrap_or_default();
        if let Some(object) = json.as_object_mut() {
            object.insert("visaSponsorship".into(), self.visa_sponsorship.into());
        }
        json
    }

    pub fn jlpt_rank(&self) -> Option<u8> {
        self.jlpt_required.map(JlptLevel::rank)
    }

    /// The text the posting's vector is made of: title, skills, description (Japanese title
    /// and description too: the lexical side carries them where the model reads them poorly).
    pub fn embedding_text(&self) -> String {
        let mut parts = vec![self.title.clone()];
        if let Some(title) = &self.details.title_ja {
            parts.push(title.clone());
        }
        let skills: Vec<&str> = self
            .required_skills
            .iter()
            .chain(&self.details.preferred_skills)
            .map(String::as_str)
            .collect();
        if !skills.is_empty() {
            parts.push(format!("Skills: {}.", skills.join(", ")));
        }
        if !self.details.description.trim().is_empty() {
            parts.push(self.details.description.trim().to_owned());
        }
        if let Some(description) = &self.details.description_ja {
            parts.push(description.clone());
        }
        parts.join("\n")
    }

    /// Whether the work can be done from anywhere.
    pub fn fully_remote(&self) -> bool {
        self.details.remote_option == "full"
    }
}

//! The score's components, each in [0, 1] with whether its inputs were there (a missing
//! salary is not a bad salary: it scores a neutral 0.5 and lowers the confidence instead).

use crate::service::engine::profiles::{CandidateProfile, JobProfile};

/// Cosine similarity from which a skill counts as a near-match of another (all-MiniLM-L6-v2
/// on skill names: "sql"/"postgresql" 0.51, "sql"/"mysql" 0.69, "rust"/"go" 0.22,
/// "react"/"angular" 0.27). A near-match earns its similarity as credit, at most
/// [`NEAR_MATCH_MAX_CREDIT`], never a full match.
pub const NEAR_MATCH_THRESHOLD: f32 = 0.5;
pub const NEAR_MATCH_MAX_CREDIT: f64 = 0.9;

/// One component's value and whether it was computed from stated inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Component {
    pub value: f64,
    pub known: bool,
}

impl Component {
    fn known(value: f64) -> Self {
        Self {
            value: value.clamp(0.0, 1.0),
            known: true,
        }
    }

    fn unknown() -> Self {
        Self {
            value: 0.5,
            known: false,
        }
    }
}

/// A required or preferred skill the candidate has only something close to.
#[derive(Clone, Debug, PartialEq)]
pub struct NearMatch {
    pub wanted: String,
    pub held: String,
    pub similarity: f32,
}

/// How the candidate's skills cover the posting's.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillFit {
    pub component: Component,
    /// Required skills the candidate has (exactly or by synonym), in the posting's order.
    pub matched: Vec<String>,
    pub near: Vec<NearMatch>,
    /// Required skills with neither a match nor a near-match.
    pub missing: Vec<String>,
}

/// Similarity of two normalised skill names, when both have a vector.
pub type SkillSimilarity<'a> = &'a dyn Fn(&str, &str) -> Option<f32>;

fn credit(
    wanted: &str,
    held: &[String],
    similarity: SkillSimilarity<'_>,
) -> (f64, Option<NearMatch>) {
    if held.iter().any(|skill| skill == wanted) {
        return (1.0, None);
    }
    let best = held
        .iter()
        .filter_map(|skill| similarity(wanted, skill).map(|sim| (skill, sim)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((skill, sim)) if sim >= NEAR_MATCH_THRESHOLD => (
            f64::from(sim).min(NEAR_MATCH_MAX_CREDIT),
            Some(NearMatch {
                wanted: wanted.to_owned(),
                held: skill.clone(),
                similarity: sim,
            }),
        ),
        _ => (0.0, None),
    }
}

/// Required skills count three quarters, preferred one quarter.
pub fn skills(
    job: &JobProfile,
    candidate: &CandidateProfile,
    similarity: SkillSimilarity<'_>,
) -> SkillFit {
    let mut fit = SkillFit {
        component: Component::unknown(),
        matched: Vec::new(),
        near: Vec::new(),
        missing: Vec::new(),
    };
    let mut required_total = 0.0;
    for wanted in &job.required_skills {
        let (earned, near) = credit(wanted, &candidate.skills, similarity);
        required_total += earned;
        match near {
            Some(near) => fit.near.push(near),
            None if earned > 0.0 => fit.matched.push(wanted.clone()),
            None => fit.missing.push(wanted.clone()),
        }
    }
    let mut preferred_total = 0.0;
    for wanted in &job.details.preferred_skills {
        let (earned, near) = credit(wanted, &candidate.skills, similarity);
        preferred_total += earned;
        fit.near.extend(near);
    }
    let required = (!job.required_skills.is_empty())
        .then(|| required_total / job.required_skills.len() as f64);
    let preferred = (!job.details.preferred_skills.is_empty())
        .then(|| preferred_total / job.details.preferred_skills.len() as f64);
    fit.component = match (required, preferred) {
        (Some(required), Some(preferred)) => Component::known(0.75 * required + 0.25 * preferred),
        (Some(only), None) | (None, Some(only)) => Component::known(only),
        (None, None) => Component::unknown(),
    };
    if candidate.skills.is_empty() {
        fit.component.known = false;
    }
    fit
}

/// Years against the minimum (linear below it), and, when the candidate described their
/// past work, how close that reads to the posting (30 %).
pub fn experience(
    job: &JobProfile,
    candidate: &CandidateProfile,
    semantic: Option<f64>,
) -> Component {
    let years = if job.min_experience_years <= 0 {
        1.0
    } else {
        f64::from(candidate.years_experience.max(0)) / f64::from(job.min_experience_years)
    }
    .min(1.0);
    let described = candidate.experience_summary.is_some() || candidate.desired_role.is_some();
    match semantic {
        Some(relevance) if described => Component::known(0.7 * years + 0.3 * relevance),
        _ => Component::known(years),
    }
}

/// JLPT against the requirement: met 1, one level short 0.5 (two levels short is gated).
pub fn language(job: &JobProfile, candidate: &CandidateProfile) -> Component {
    let Some(required) = job.jlpt_rank() else {
        return Component::known(1.0);
    };
    match candidate.jlpt_rank() {
        Some(rank) if rank <= required => Component::known(1.0),
        Some(rank) if rank == required + 1 => Component::known(0.5),
        Some(_) => Component::known(0.0),
        None if required == 5 => Component::known(0.5),
        None => Component::known(0.0),
    }
}

/// A posting's pay for a year, in its currency.
fn yearly(amount: i64, period: &str, weekly_hours: Option<f64>) -> f64 {
    let amount = amount as f64;
    match period {
        "hourly" => amount * weekly_hours.unwrap_or(40.0) * 52.0,
        "monthly" => amount * 12.0,
        _ => amount,
    }
}

/// The yearly top of the posting's range and the candidate's yearly minimum, when both are
/// stated in yen (the candidate's expectation is yearly yen).
pub fn salary_bounds(job: &JobProfile, candidate: &CandidateProfile) -> Option<(f64, f64)> {
    let details = &job.details;
    if details.currency != contracts::Currency::Jpy {
        return None;
    }
    let top = details.salary_max.or(details.salary_min)?;
    let top = yearly(top, &details.salary_period, details.weekly_hours);
    let wanted = candidate
        .desired_salary_min
        .or(candidate.desired_salary_max)?;
    Some((top, f64::from(wanted)))
}

/// 1 when the expectation is within the range; 20 % above its top scores 0.5, 40 % 0.
pub fn salary(job: &JobProfile, candidate: &CandidateProfile) -> Component {
    match salary_bounds(job, candidate) {
        None => Component::unknown(),
        Some((top, wanted)) if wanted <= top => Component::known(1.0),
        Some((top, wanted)) => Component::known(1.0 - 2.5 * (wanted - top) / wanted),
    }
}

/// Where the candidate would work: remote or their prefecture 1, relocating 0.6 (0.75 with
/// the employer's relocation support), unknown 0.5.
pub fn location(job: &JobProfile, candidate: &CandidateProfile) -> Component {
    if job.fully_remote() {
        return Component::known(1.0);
    }
    let Some(prefecture) = job.details.prefecture.as_deref() else {
        return Component::unknown();
    };
    if candidate.prefectures.iter().any(|code| code == prefecture) {
        Component::known(1.0)
    } else if candidate.willing_to_relocate {
        Component::known(if job.details.relocation_support {
            0.75
        } else {
            0.6
        })
    } else {
        Component::unknown()
    }
}

/// Cosine similarity of the two vectors mapped onto [0, 1]: MiniLM puts unrelated profiles
/// and postings near 0.15 and close ones above 0.6.
pub fn semantic(similarity: Option<f32>) -> Component {
    match similarity {
        Some(similarity) => Component::known((f64::from(similarity) - 0.15) / 0.55),
        None => Component::unknown(),
    }
}

/// The candidate's preferred work style (`remote`, `hybrid`, `office`) against the posting's
/// remote option (`full`, `hybrid`, `none`).
pub fn culture(job: &JobProfile, candidate: &CandidateProfile) -> Component {
    let Some(style) = candidate.work_style.as_deref() else {
        return Component::unknown();
    };
    let fit = match (style, job.details.remote_option.as_str()) {
        ("remote", "full") | ("hybrid", "hybrid") | ("office", "none") => 1.0,
        ("hybrid", "full") | ("office", "hybrid") => 0.8,
        ("remote", "hybrid") | ("hybrid", "none") => 0.6,
        ("office", "full") => 0.5,
        ("remote", "none") => 0.2,
        _ => return Component::unknown(),
    };
    Component::known(fit)
}

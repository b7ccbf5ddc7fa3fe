use super::*;
use crate::service::engine::profiles::{CandidateProfile, JobProfile};
use contracts::{JlptLevel, MatchReasonCode, MatchRiskCode};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| name.to_string()).collect()
}

fn backend_job() -> JobProfile {
    let mut job = JobProfile {
        title: "Backend engineer".into(),
        required_skills: names(&["rust", "postgresql", "aws", "kubernetes"]),
        min_experience_years: 3,
        jlpt_required: Some(JlptLevel::N2),
        visa_sponsorship: true,
        ..JobProfile::default()
    };
    job.details.preferred_skills = names(&["go"]);
    job.details.prefecture = Some("tokyo".into());
    job.details.remote_option = "hybrid".into();
    job.details.salary_min = Some(6_000_000);
    job.details.salary_max = Some(8_000_000);
    job.details.salary_period = "yearly".into();
    job.details.currency = contracts::Currency::Jpy;
    job
}

fn candidate() -> CandidateProfile {
    CandidateProfile {
        skills: names(&["rust", "sql", "aws"]),
        jlpt_level: Some(JlptLevel::N3),
        visa_status: Some("engineer_humanities_international".into()),
        years_experience: 5,
        work_style: Some("hybrid".into()),
        desired_salary_min: Some(7_000_000),
        prefectures: names(&["tokyo"]),
        desired_role: Some("Backend engineer".into()),
        ..CandidateProfile::default()
    }
}

/// "sql" is close to "postgresql" (0.51 under MiniLM); nothing else is close.
fn similarity(a: &str, b: &str) -> Option<f32> {
    match (a, b) {
        ("postgresql", "sql") | ("sql", "postgresql") => Some(0.51),
        _ => Some(0.1),
    }
}

fn context(similarity_of_profiles: Option<f32>) -> PairContext<'static> {
    PairContext {
        visa: VisaFit::Eligible,
        similarity: similarity_of_profiles,
        skill_similarity: &similarity,
        calibration: super::Calibration::IDENTITY,
    }
}

#[test]
fn every_component_is_scored_and_weighted() {
    let score = score(&backend_job(), &candidate(), &context(Some(0.7)));
    let c = score.components;
    // rust and aws held, sql near postgresql (0.51), kubernetes missing; go not held.
    assert_eq!(c.skills.value, round(0.75 * (1.0 + 0.51 + 1.0) / 4.0));
    assert_eq!(c.language.value, 0.5, "N3 against N2");
    assert_eq!(c.salary.value, 1.0);
    assert_eq!(c.location.value, 1.0);
    assert_eq!(c.culture.value, 1.0);
    assert_eq!(c.semantic.value, 1.0);
    assert_eq!(c.experience.value, 1.0);
    let w = weights::current();
    let expected = w.skills * c.skills.value
        + w.experience
        + w.language * 0.5
        + w.salary
        + w.location
        + w.semantic
        + w.culture;
    assert!((score.overall - round(expected)).abs() < 1e-4);
    assert_eq!(score.confidence, 1.0);
    assert_eq!(score.version, 3);
    assert_eq!(score.matched_skills, names(&["rust", "aws"]));
}

#[test]
fn the_explanation_names_strengths_gaps_and_risks_in_both_languages() {
    let mut candidate = candidate();
    candidate.desired_salary_min = Some(9_000_000);
    // A student, for a full-time post that sponsors Engineer/Humanities: legal only after a
    // change of status.
    candidate.visa_status = Some("student".into());
    let mut job = backend_job();
    job.visa_sponsorship = true;
    job.details.supported_visa_types = vec!["engineer_humanities_international".into()];
    job.details.job_category = Some("software_engineering".into());
    job.details.employment_type = "full_time".into();
    let mut context = context(Some(0.7));
    context.visa = VisaFit::NeedsChange;
    let score = score(&job, &candidate, &context);
    let codes: Vec<&str> = score
        .explanation
        .reasons
        .iter()
        .map(|reason| reason.code.as_str())
        .collect();
    assert!(codes.contains(&"SKILLS_MATCHED"), "{codes:?}");
    assert!(codes.contains(&"JLPT_SHORT"), "{codes:?}");
    assert!(codes.contains(&"SKILLS_MISSING"), "{codes:?}");
    let jlpt = score
        .explanation
        .reasons
        .iter()
        .find(|reason| reason.code == MatchReasonCode::JlptShort)
        .expect("JLPT gap");
    assert_eq!(jlpt.en, "JLPT N3, the posting asks N2");
    assert_eq!(jlpt.ja, "JLPT N3(求人はN2を要求)");
    let risks: Vec<&str> = score
        .explanation
        .risks
        .iter()
        .map(|risk| risk.code.as_str())
        .collect();
    assert_eq!(risks, ["VISA_CHANGE_NEEDED", "SALARY_ABOVE_RANGE"]);
    // The change of status comes with its steps, in both languages.
    let change = &score.explanation.risks[0];
    assert!(
        change.en.contains("Steps: before starting"),
        "{}",
        change.en
    );
    assert!(change.ja.contains("在留資格変更許可申請"), "{}", change.ja);
    assert_eq!(
        score.explanation.risks[1].en,
        "Expects ¥9,000,000 a year, above the posting's ¥8,000,000"
    );
    assert!(score.components.salary.value < 0.8);
}

#[test]
fn a_near_match_is_reported_and_earns_less_than_the_skill() {
    let score = score(&backend_job(), &candidate(), &context(None));
    let near = score
        .explanation
        .reasons
        .iter()
        .find(|reason| reason.code == MatchReasonCode::SkillNearMatch)
        .expect("near match reason");
    assert_eq!(near.en, "sql is close to the wanted skill postgresql");
    let mut exact = candidate();
    exact.skills = names(&["rust", "postgresql", "aws"]);
    let better = super::score(&backend_job(), &exact, &context(None));
    assert!(better.components.skills.value > score.components.skills.value);
}

#[test]
fn missing_inputs_lower_the_confidence_not_the_score_to_zero() {
    let bare = CandidateProfile {
        skills: names(&["rust"]),
        jlpt_level: Some(JlptLevel::N1),
        ..CandidateProfile::default()
    };
    let score = score(&backend_job(), &bare, &context(None));
    assert_eq!(score.components.salary.value, 0.5);
    assert!(!score.components.salary.known);
    assert!(!score.components.semantic.known);
    assert!(score.confidence < 0.8, "{}", score.confidence);
    assert!(score.overall > 0.0);
}

#[test]
fn relocation_is_a_risk_and_scores_below_living_there() {
    let mut osaka = candidate();
    osaka.prefectures = names(&["osaka"]);
    osaka.willing_to_relocate = true;
    let score = score(&backend_job(), &osaka, &context(Some(0.7)));
    assert_eq!(score.components.location.value, 0.6);
    assert!(
        score
            .explanation
            .risks
            .iter()
            .any(|risk| risk.code == MatchRiskCode::RelocationNeeded
                && risk.ja == "東京都への転居が必要")
    );
}

#[test]
fn the_same_inputs_score_the_same() {
    let a = score(&backend_job(), &candidate(), &context(Some(0.42)));
    let b = score(&backend_job(), &candidate(), &context(Some(0.42)));
    assert_eq!(a, b);
}

/// A care posting, everything but the occupation in the candidate's favour.
fn care_job() -> JobProfile {
    let mut job = JobProfile {
        title: "介護職員".into(),
        required_skills: names(&["介護"]),
        jlpt_required: Some(JlptLevel::N4),
        ..JobProfile::default()
    };
    job.details.job_category = Some("nursing_care".into());
    job.details.prefecture = Some("tokyo".into());
    job.details.remote_option = "none".into();
    job.details.salary_max = Some(4_000_000);
    job.details.salary_period = "yearly".into();
    job.details.currency = contracts::Currency::Jpy;
    job
}

fn receptionist() -> CandidateProfile {
    CandidateProfile {
        skills: names(&["接客", "english"]),
        jlpt_level: Some(JlptLevel::N2),
        years_experience: 3,
        work_style: Some("office".into()),
        desired_salary_min: Some(3_000_000),
        prefectures: names(&["tokyo"]),
        desired_role: Some("ホテルのフロント".into()),
        ..CandidateProfile::default()
    }
}

#[test]
fn another_occupation_cannot_reach_the_threshold_on_soft_components() {
    // Japanese, place, salary, experience and work style all fit; the profiles read somewhat
    // close (a near-match of 接客 to 介護 at 0.55 would even earn skill credit).
    let near = |a: &str, b: &str| match (a, b) {
        ("介護", "接客") => Some(0.55),
        _ => Some(0.1),
    };
    let context = PairContext {
        visa: VisaFit::Eligible,
        similarity: Some(0.45),
        skill_similarity: &near,
        calibration: super::Calibration::IDENTITY,
    };
    let care = score(&care_job(), &receptionist(), &context);
    assert!(care.overall < super::MIN_STORED_SCORE, "{}", care.overall);
    // The same candidate for a hotel job of the same standing scores well.
    let mut hotel = care_job();
    hotel.title = "ホテルフロント".into();
    hotel.details.job_category = Some("accommodation".into());
    hotel.required_skills = names(&["接客"]);
    let hotel = score(&hotel, &receptionist(), &context);
    assert!(hotel.overall >= 0.6, "{}", hotel.overall);
}

#[test]
fn a_component_without_input_adds_nothing_and_lowers_confidence() {
    let stated = score(&backend_job(), &candidate(), &context(Some(0.7)));
    let mut silent = candidate();
    silent.desired_salary_min = None;
    let unstated = score(&backend_job(), &silent, &context(Some(0.7)));
    let w = weights::current();
    assert!(
        (stated.overall - unstated.overall - w.salary).abs() < 1e-3,
        "{} vs {}",
        stated.overall,
        unstated.overall
    );
    assert!(unstated.confidence < stated.confidence);
}

use super::*;
use contracts::JlptLevel;
use kit::ApiError;

fn now() -> DateTime<Utc> {
    "2026-11-30T00:00:00Z".parse().expect("a time")
}

fn valid() -> PostingChanges {
    PostingChanges {
        title: Some("Backend engineer".into()),
        description: Some("Build APIs".into()),
        location: Some("Shibuya, Tokyo".into()),
        prefecture: Some(Some("東京都".into())),
        job_category: Some(Some("Software Engineering".into())),
        salary_min: Some(Some(5_000_000)),
        salary_max: Some(Some(8_000_000)),
        required_skills: Some(vec!["Rust".into(), " rust ".into(), "SQL".into()]),
        min_experience_years: Some(2),
        jlpt_required: Some(Some(JlptLevel::N2)),
        language_requirements: Some(vec![("EN".into(), LanguageLevel::Business)]),
        supported_visa_types: Some(vec!["Engineer Humanities International".into()]),
        ..Default::default()
    }
}

fn fields(result: ApiResult<(PostingData, Vec<&'static str>)>) -> Vec<String> {
    match result {
        Err(ApiError::InvalidFields(fields)) => {
            fields.into_iter().map(|(field, _)| field).collect()
        }
        Err(ApiError::InvalidInput { field, .. }) => vec![field],
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_valid_posting_is_normalised() {
    let (data, _) = valid()
        .apply(&PostingData::default(), now())
        .expect("valid");
    assert_eq!(data.required_skills, ["rust", "sql"]);
    assert_eq!(data.prefecture.as_deref(), Some("tokyo"));
    assert_eq!(data.job_category.as_deref(), Some("software_engineering"));
    assert_eq!(data.jlpt_required, Some(JlptLevel::N2));
    assert_eq!(
        data.language_requirements,
        [LanguageRequirement {
            language: "en".into(),
            level: "business".into()
        }]
    );
    assert_eq!(
        data.supported_visa_types,
        ["engineer_humanities_international"]
    );
}

#[test]
fn a_new_posting_needs_its_texts_and_a_skill() {
    let result = PostingChanges::default().apply(&PostingData::default(), now());
    assert_eq!(
        fields(result),
        ["title", "description", "location", "requiredSkills"]
    );
}

#[test]
fn huge_lists_are_refused_before_they_are_normalised() {
    let huge = PostingChanges {
        required_skills: Some((0..100_000).map(|n| format!("Skill {n}")).collect()),
        benefits: Some(vec!["x".into(); 100_000]),
        supported_visa_types: Some(vec!["student".into(); 100_000]),
        title_ja: Some(Some("あ".repeat(MAX_TITLE + 1))),
        ..valid()
    };
    let started = std::time::Instant::now();
    let problems = fields(huge.apply(&PostingData::default(), now()));
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
    assert_eq!(
        problems,
        [
            "titleJa",
            "requiredSkills",
            "supportedVisaTypes",
            "benefits"
        ]
    );
}

#[test]
fn every_broken_field_is_reported_at_once() {
    let broken = PostingChanges {
        title: Some(" ".into()),
        salary_min: Some(Some(9_000_000)),
        salary_max: Some(Some(1_000_000)),
        required_skills: Some(vec![]),
        min_experience_years: Some(-1),
        prefecture: Some(Some("Atlantis".into())),
        headcount: Some(0),
        weekly_hours: Some(Some(80.0)),
        language_requirements: Some(vec![
            ("ja".into(), LanguageLevel::Native),
            ("english".into(), LanguageLevel::Basic),
        ]),
        ..valid()
    };
    assert_eq!(
        fields(broken.apply(&PostingData::default(), now())),
        [
            // A currency or JLPT level outside the enums is refused by the schema before
            // any rule runs (`typed_values` in the end-to-end tests).
            "prefecture",
            "languageRequirements",
            "languageRequirements",
            "title",
            "salaryMax",
            "requiredSkills",
            "minExperienceYears",
            "headcount",
            "weeklyHours"
        ]
    );
}

#[test]
fn salary_bounds_follow_the_period() {
    let hourly = PostingChanges {
        salary_period: Some(SalaryPeriod::Hourly),
        salary_min: Some(Some(1_500)),
        salary_max: Some(Some(2_000)),
        ..valid()
    };
    assert!(hourly.apply(&PostingData::default(), now()).is_ok());
    let yearly_as_hourly = PostingChanges {
        salary_period: Some(SalaryPeriod::Hourly),
        ..valid()
    };
    assert_eq!(
        fields(yearly_as_hourly.apply(&PostingData::default(), now())),
        ["salaryMin", "salaryMax"]
    );
}

#[test]
fn an_edit_reports_what_changed_and_keeps_the_rest() {
    let (current, _) = valid()
        .apply(&PostingData::default(), now())
        .expect("valid");
    let (next, changed) = PostingChanges {
        title: Some("Senior backend engineer".into()),
        salary_max: Some(Some(8_000_000)),
        benefits: Some(vec!["Housing allowance".into(), "housing allowance".into()]),
        city: Some(None),
        ..Default::default()
    }
    .apply(&current, now())
    .expect("valid edit");
    assert_eq!(changed, ["title", "benefits"]);
    assert_eq!(next.benefits, ["Housing allowance"]);
    assert_eq!(next.required_skills, current.required_skills);
}

#[test]
fn a_new_deadline_lies_ahead_and_the_start_follows_it() {
    let past = PostingChanges {
        application_deadline: Some(Some(now() - chrono::Duration::days(1))),
        ..valid()
    };
    assert_eq!(
        fields(past.apply(&PostingData::default(), now())),
        ["applicationDeadline"]
    );
    let deadline = now() + chrono::Duration::days(30);
    let early_start = PostingChanges {
        application_deadline: Some(Some(deadline)),
        start_date: Some(Some(now().date_naive())),
        ..valid()
    };
    assert_eq!(
        fields(early_start.apply(&PostingData::default(), now())),
        ["startDate"]
    );
    // A deadline already stored stays valid when other fields change after it passed.
    let (current, _) = PostingChanges {
        application_deadline: Some(Some(deadline)),
        ..valid()
    }
    .apply(&PostingData::default(), now())
    .expect("valid");
    let later = deadline + chrono::Duration::days(1);
    let kept = PostingChanges {
        title: Some("Renamed".into()),
        application_deadline: Some(Some(deadline)),
        ..Default::default()
    };
    assert!(kept.apply(&current, later).is_ok());
}

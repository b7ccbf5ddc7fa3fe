//! Screening questions: what a company asks every applicant of a posting (at most ten: yes/no,
//! one choice among options, or a short text, each required or not), and the checking of a
//! candidate's answers against them. Pure.
//!
//! Answers are stored with each question as it was asked (kind, prompt), so a company that
//! edits its questions later still reads what each applicant was asked and answered.

use async_graphql::Enum;
use kit::error::FieldErrors;
use kit::{ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// At most this many questions per posting.
pub const MAX_QUESTIONS: usize = 10;
const MAX_PROMPT: usize = 300;
const MAX_OPTIONS: usize = 10;
const MAX_OPTION: usize = 100;
/// A short-text answer's length.
pub const MAX_TEXT_ANSWER: usize = 500;

/// How a screening question is answered.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningQuestionKind {
    /// Yes or no.
    YesNo,
    /// One of the question's options.
    Choice,
    /// A short text (at most 500 characters).
    ShortText,
}

/// One question as stored on the posting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreeningQuestion {
    /// Stable across edits: answers name it.
    pub id: String,
    pub kind: ScreeningQuestionKind,
    pub prompt: String,
    #[serde(default)]
    pub prompt_ja: Option<String>,
    pub required: bool,
    /// The choices of a `choice` question; empty otherwise.
    #[serde(default)]
    pub options: Vec<String>,
}

/// A candidate's answer as sent.
#[derive(Clone, Debug, Default)]
pub struct AnswerSent {
    pub question_id: String,
    pub yes: Option<bool>,
    pub choice: Option<String>,
    pub text: Option<String>,
}

/// An answer as stored with the application: the question as it was asked, and the answer
/// (`yes`/`no`, the option chosen, or the text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAnswer {
    pub question_id: String,
    pub kind: ScreeningQuestionKind,
    pub prompt: String,
    pub answer: String,
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().nth(max).is_some()
}

/// The questions as they will be stored (texts trimmed, missing ids given), or the problems,
/// reported under `screeningQuestions`. Bounded by count before any per-question work.
pub fn checked_questions(sent: &[ScreeningQuestion]) -> Result<Vec<ScreeningQuestion>, String> {
    if sent.len() > MAX_QUESTIONS {
        return Err(format!("must have at most {MAX_QUESTIONS} questions"));
    }
    let mut ids = HashSet::with_capacity(sent.len());
    let mut questions = Vec::with_capacity(sent.len());
    for (index, question) in sent.iter().enumerate() {
        let at = index + 1;
        let prompt = question.prompt.trim().to_owned();
        if prompt.is_empty() || too_long(&prompt, MAX_PROMPT) {
            return Err(format!(
                "question {at}: the prompt must have 1 to {MAX_PROMPT} characters"
            ));
        }
        let prompt_ja = question
            .prompt_ja
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned);
        if prompt_ja
            .as_deref()
            .is_some_and(|text| too_long(text, MAX_PROMPT))
        {
            return Err(format!(
                "question {at}: promptJa must be at most {MAX_PROMPT} characters"
            ));
        }
        let id = match question.id.trim() {
            "" => kit::ids::new_id().to_string(),
            id if id.len() <= 64 => id.to_owned(),
            _ => return Err(format!("question {at}: an id has at most 64 characters")),
        };
        if !ids.insert(id.clone()) {
            return Err(format!("question {at}: the id {id:?} is used twice"));
        }
        let options = options_of(question, at)?;
        questions.push(ScreeningQuestion {
            id,
            kind: question.kind,
            prompt,
            prompt_ja,
            required: question.required,
            options,
        });
    }
    Ok(questions)
}

fn options_of(question: &ScreeningQuestion, at: usize) -> Result<Vec<String>, String> {
    if question.kind != ScreeningQuestionKind::Choice {
        return if question.options.is_empty() {
            Ok(Vec::new())
        } else {
            Err(format!("question {at}: only a CHOICE question has options"))
        };
    }
    if question.options.len() > MAX_OPTIONS {
        return Err(format!("question {at}: at most {MAX_OPTIONS} options"));
    }
    let mut seen = HashSet::with_capacity(question.options.len());
    let mut options = Vec::with_capacity(question.options.len());
    for option in &question.options {
        let option = option.trim();
        if option.is_empty() || too_long(option, MAX_OPTION) {
            return Err(format!(
                "question {at}: each option has 1 to {MAX_OPTION} characters"
            ));
        }
        if !seen.insert(option.to_lowercase()) {
            return Err(format!(
                "question {at}: the option {option:?} is there twice"
            ));
        }
        options.push(option.to_owned());
    }
    if options.len() < 2 {
        return Err(format!(
            "question {at}: a CHOICE question needs 2 options or more"
        ));
    }
    Ok(options)
}

/// The answers to store, one per answered question in the posting's order, or every problem
/// (field `answers`): a required question unanswered, an answer of the wrong kind, a choice
/// that is not an option, a text too long, an answer to no question of the posting.
pub fn checked_answers(
    questions: &[ScreeningQuestion],
    sent: &[AnswerSent],
) -> ApiResult<Vec<StoredAnswer>> {
    const FIELD: &str = "answers";
    if sent.len() > MAX_QUESTIONS {
        return Err(ApiError::invalid(
            FIELD,
            &format!("at most {MAX_QUESTIONS} answers"),
        ));
    }
    let mut errors = FieldErrors::default();
    for answer in sent {
        if !questions
            .iter()
            .any(|question| question.id == answer.question_id)
        {
            errors.add(
                FIELD,
                &format!("{:?} is not a question of this posting", answer.question_id),
            );
        }
    }
    let mut stored = Vec::with_capacity(questions.len());
    for question in questions {
        let mut given = sent
            .iter()
            .filter(|answer| answer.question_id == question.id);
        let answer = given.next();
        if given.next().is_some() {
            errors.add(
                FIELD,
                &format!("question {:?} is answered twice", question.id),
            );
            continue;
        }
        match answer.map(|answer| read_answer(question, answer)) {
            None | Some(Ok(None)) if question.required => errors.add(
                FIELD,
                &format!("question {:?} needs an answer", question.id),
            ),
            None | Some(Ok(None)) => {}
            Some(Ok(Some(answer))) => stored.push(StoredAnswer {
                question_id: question.id.clone(),
                kind: question.kind,
                prompt: question.prompt.clone(),
                answer,
            }),
            Some(Err(problem)) => {
                errors.add(FIELD, &format!("question {:?}: {problem}", question.id))
            }
        }
    }
    errors.finish()?;
    Ok(stored)
}

/// The stored answer (`None` when left empty), or why it does not fit the question.
fn read_answer(question: &ScreeningQuestion, sent: &AnswerSent) -> Result<Option<String>, String> {
    let text = sent
        .text
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    let choice = sent
        .choice
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    match question.kind {
        ScreeningQuestionKind::YesNo => {
            if text.is_some() || choice.is_some() {
                return Err("is answered with `yes` only".into());
            }
            Ok(sent
                .yes
                .map(|yes| if yes { "yes" } else { "no" }.to_owned()))
        }
        ScreeningQuestionKind::Choice => {
            if text.is_some() || sent.yes.is_some() {
                return Err("is answered with `choice` only".into());
            }
            match choice {
                None => Ok(None),
                Some(choice) => question
                    .options
                    .iter()
                    .find(|option| option.eq_ignore_ascii_case(choice))
                    .map(|option| Some(option.clone()))
                    .ok_or_else(|| format!("{choice:?} is not one of its options")),
            }
        }
        ScreeningQuestionKind::ShortText => {
            if choice.is_some() || sent.yes.is_some() {
                return Err("is answered with `text` only".into());
            }
            if text.is_some_and(|text| too_long(text, MAX_TEXT_ANSWER)) {
                return Err(format!(
                    "the text is longer than {MAX_TEXT_ANSWER} characters"
                ));
            }
            Ok(text.map(str::to_owned))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, kind: ScreeningQuestionKind, required: bool) -> ScreeningQuestion {
        ScreeningQuestion {
            id: id.into(),
            kind,
            prompt: format!("{id}?"),
            prompt_ja: None,
            required,
            options: if kind == ScreeningQuestionKind::Choice {
                vec!["N1".into(), "N2".into()]
            } else {
                Vec::new()
            },
        }
    }

    #[test]
    fn questions_are_bounded_and_choices_need_options() {
        let eleven: Vec<_> = (0..11)
            .map(|n| question(&format!("q{n}"), ScreeningQuestionKind::YesNo, false))
            .collect();
        assert!(checked_questions(&eleven).is_err());
        let mut choice = question("c", ScreeningQuestionKind::Choice, true);
        choice.options = vec!["only".into()];
        assert!(checked_questions(&[choice]).is_err());
        let mut yes_no = question("y", ScreeningQuestionKind::YesNo, true);
        yes_no.options = vec!["a".into(), "b".into()];
        assert!(checked_questions(&[yes_no]).is_err());
        let twice = [
            question("same", ScreeningQuestionKind::YesNo, true),
            question("same", ScreeningQuestionKind::ShortText, true),
        ];
        assert!(checked_questions(&twice).is_err());
        let mut unnamed = question("", ScreeningQuestionKind::ShortText, false);
        unnamed.prompt = "  Why us?  ".into();
        let stored = checked_questions(&[unnamed]).expect("valid");
        assert_eq!(stored[0].prompt, "Why us?");
        assert!(!stored[0].id.is_empty());
    }

    #[test]
    fn answers_fit_their_questions() {
        let questions = [
            question("visa", ScreeningQuestionKind::YesNo, true),
            question("jlpt", ScreeningQuestionKind::Choice, true),
            question("why", ScreeningQuestionKind::ShortText, false),
        ];
        let answers = [
            AnswerSent {
                question_id: "visa".into(),
                yes: Some(true),
                ..Default::default()
            },
            AnswerSent {
                question_id: "jlpt".into(),
                choice: Some("n2".into()),
                ..Default::default()
            },
        ];
        let stored = checked_answers(&questions, &answers).expect("valid");
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].answer, "yes");
        assert_eq!(stored[1].answer, "N2");

        // A required question left out, a choice not offered, a question not asked.
        let wrong = [
            AnswerSent {
                question_id: "jlpt".into(),
                choice: Some("N5".into()),
                ..Default::default()
            },
            AnswerSent {
                question_id: "elsewhere".into(),
                yes: Some(false),
                ..Default::default()
            },
        ];
        let errors = checked_answers(&questions, &wrong).expect_err("refused");
        let text = format!("{errors:?}");
        assert!(text.contains("visa"), "{text}");
        assert!(text.contains("N5"), "{text}");
        assert!(text.contains("elsewhere"), "{text}");

        let long = [AnswerSent {
            question_id: "why".into(),
            text: Some("x".repeat(MAX_TEXT_ANSWER + 1)),
            ..Default::default()
        }];
        assert!(checked_answers(&questions[2..], &long).is_err());
    }
}

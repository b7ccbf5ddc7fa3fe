//! `Application`: what a candidate sent to a posting and where it stands, read from the side of
//! the caller (`service::applications::Side`): the candidate reads their own status, answers,
//! the messages meant for them and the rejection reason in their language; the company's
//! members also read the internal notes and who moved it. `Match` is a key-only reference to
//! the matching subgraph, which decides whether the caller reads it.

use super::JobPosting;
use super::User;
use super::loaders::JobPostingLoader;
use crate::service::applications::{ApplicationLanguage, Side, status_of};
use crate::service::{JobsService, ScreeningQuestionKind, StoredAnswer, stored_list};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::{ApplicationActor, ApplicationSource, ApplicationStatus, RejectionReason};
use entities::jobs::{job_application, job_application_history};

/// A match, resolved by the matching subgraph (which decides whether the caller reads it).
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct Match {
    /// The match's id.
    pub id: ID,
}

/// A candidate's application to a job posting. Read by the candidate who sent it and by the
/// members of the posting's company (and `jobs:manage` holders); to anyone else it does not
/// exist.
pub struct Application {
    pub model: job_application::Model,
    pub side: Side,
}

/// A candidate's application to a job posting. Read by the candidate who sent it and by the
/// members of the posting's company (and `jobs:manage` holders); to anyone else it does not
/// exist.
#[Object]
impl Application {
    /// The application's id.
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }

    /// Where it stands.
    async fn status(&self) -> ApplicationStatus {
        status_of(&self.model)
    }

    /// Whether it can still move (not `HIRED`, `REJECTED` or `WITHDRAWN`).
    async fn is_open(&self) -> bool {
        self.model.closed_at.is_none()
    }

    /// The posting applied to (still readable once it is closed).
    async fn job(&self, ctx: &Context<'_>) -> Result<Option<JobPosting>> {
        let loader = ctx.data::<DataLoader<JobPostingLoader>>()?;
        Ok(loader.load_one(self.model.job_id).await?.map(JobPosting))
    }

    /// The candidate, resolved by the users subgraph: their private fields reach the company
    /// once the candidate applied, if the company is verified.
    async fn candidate(&self) -> User {
        User {
            id: ID(self.model.candidate_id.to_string()),
        }
    }

    /// The candidate's match for this posting, once matching scored the pair.
    #[graphql(name = "match")]
    async fn match_ref(&self) -> Option<Match> {
        self.model.match_id.map(|id| Match {
            id: ID(id.to_string()),
        })
    }

    /// Matching's latest score of the pair, 0 to 1; null until it scored them.
    async fn match_score(&self) -> Option<f64> {
        self.model.match_score
    }

    /// Where the candidate found the posting.
    async fn source(&self) -> ApplicationSource {
        ApplicationSource::parse(&self.model.source).unwrap_or(ApplicationSource::DirectLink)
    }

    /// The language the candidate reads the company's messages in.
    async fn language(&self) -> ApplicationLanguage {
        ApplicationLanguage::parse(&self.model.language)
    }

    /// The saved version of the candidate's profile this application sent (see
    /// `sentProfile` for the profile itself); null when the candidate had none.
    async fn profile_version(&self) -> Option<i32> {
        self.model.profile_version
    }

    /// The cover letter, if one was written.
    async fn cover_letter(&self) -> Option<&str> {
        self.model.cover_letter.as_deref()
    }

    /// The answers to the posting's screening questions, each with the question as it was
    /// asked.
    async fn answers(&self) -> Vec<ScreeningAnswer> {
        stored_list::<StoredAnswer>(&Some(self.model.answers.clone()))
            .into_iter()
            .map(|answer| ScreeningAnswer {
                question_id: answer.question_id,
                kind: answer.kind,
                prompt: answer.prompt,
                answer: answer.answer,
            })
            .collect()
    }

    /// Why the company turned it down, once it did.
    async fn rejection(&self) -> Option<Rejection> {
        let reason = RejectionReason::parse(self.model.rejection_reason.as_deref()?)?;
        let japanese = ApplicationLanguage::parse(&self.model.language) == ApplicationLanguage::Ja;
        Some(Rejection {
            reason,
            explanation: reason.text(japanese).to_owned(),
            message: self.model.rejection_message.clone(),
        })
    }

    /// Its interviews, oldest first.
    async fn interviews(&self, ctx: &Context<'_>) -> Result<Vec<super::interview::Interview>> {
        super::interview::interviews_of(ctx, self).await
    }

    /// The offers made on it, oldest first.
    async fn offers(&self, ctx: &Context<'_>) -> Result<Vec<super::offer::Offer>> {
        super::offer::offers_of(ctx, self).await
    }

    /// Every step so far, oldest first; the company's internal notes and which member acted
    /// are left out for the candidate.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationStep>> {
        let steps = ctx
            .data::<JobsService>()?
            .application_history(self.model.id, self.side)
            .await?;
        Ok(steps.into_iter().map(ApplicationStep::from).collect())
    }

    /// When it was sent.
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// When it last moved.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }

    /// When the company first moved it; null until then.
    async fn first_response_at(&self) -> Option<DateTime<Utc>> {
        self.model.first_response_at
    }

    /// When it reached `HIRED`, `REJECTED` or `WITHDRAWN`.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.model.closed_at
    }
}

/// A screening question's answer, with the question as it was asked.
#[derive(SimpleObject)]
pub struct ScreeningAnswer {
    /// The question's id on the posting.
    pub question_id: String,
    /// How it was answered.
    pub kind: ScreeningQuestionKind,
    /// The question as it was asked.
    pub prompt: String,
    /// `yes` or `no`, the option chosen, or the text.
    pub answer: String,
}

/// Why a company turned an application down.
#[derive(SimpleObject)]
pub struct Rejection {
    /// The reason's code.
    pub reason: RejectionReason,
    /// The reason in the application's language (`language`).
    pub explanation: String,
    /// The company's own words to the candidate, if it wrote any.
    pub message: Option<String>,
}

/// One step of an application.
#[derive(SimpleObject)]
pub struct ApplicationStep {
    /// The status before; null for the submission.
    #[graphql(name = "from")]
    pub from_status: Option<ApplicationStatus>,
    /// The status it reached.
    #[graphql(name = "to")]
    pub to_status: ApplicationStatus,
    /// Who moved it.
    pub actor: ApplicationActor,
    /// The member (or the candidate) who moved it; null for the platform, and for the
    /// company's members when the candidate reads it.
    pub actor_id: Option<ID>,
    /// With a rejection: why.
    pub reason: Option<RejectionReason>,
    /// What the candidate was told with this step.
    pub message: Option<String>,
    /// The company's internal note; null for the candidate.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<job_application_history::Model> for ApplicationStep {
    fn from(step: job_application_history::Model) -> Self {
        Self {
            from_status: step
                .from_status
                .as_deref()
                .and_then(ApplicationStatus::parse),
            to_status: ApplicationStatus::parse(&step.to_status)
                .unwrap_or(ApplicationStatus::Submitted),
            actor: ApplicationActor::parse(&step.actor).unwrap_or(ApplicationActor::System),
            actor_id: step.actor_id.map(|id| ID(id.to_string())),
            reason: step.reason.as_deref().and_then(RejectionReason::parse),
            message: step.message,
            note: step.note,
            at: step.created_at,
        }
    }
}

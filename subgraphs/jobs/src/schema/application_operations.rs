//! The operations on applications: the candidate applies, withdraws and lists their own; the
//! company's members list a posting's, read one and move them, one at a time or in bulk. The
//! guards check who is signed in (and `applications:create` to apply); the service checks
//! whose application it is.

use super::application::Application;
use super::viewer::{editor, viewer};
use crate::service::applications::{
    ApplicationFilter, ApplicationLanguage, ApplicationOrder, ApplicationPage, MAX_BULK, Move,
    Side, Submission,
};
use crate::service::{AnswerSent, JobsService};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use contracts::{ApplicationSource, ApplicationStatus, ErrorCode, Permission, RejectionReason};
use kit::ApiError;
use kit::auth::{Authenticated, Caller, CallerOf, RequirePermission};
use kit::ids::parse_id;
use kit::pages::{OffsetRange, PageArgs, Window};

/// What a page of applications adds to its connection.
#[derive(SimpleObject)]
pub struct ApplicationTotals {
    /// Every application the filter keeps, not only this page.
    pub total_count: u64,
}

pub type ApplicationConnection = Connection<String, Application, ApplicationTotals, EmptyFields>;

/// An answer to one screening question: `yes` for a `YES_NO` question, `choice` for a
/// `CHOICE` one, `text` for a `SHORT_TEXT` one.
#[derive(InputObject)]
pub struct ScreeningAnswerInput {
    /// The question's id (`JobPosting.screeningQuestions`).
    pub question_id: String,
    /// The answer to a `YES_NO` question.
    pub yes: Option<bool>,
    /// One of a `CHOICE` question's options.
    pub choice: Option<String>,
    /// The answer to a `SHORT_TEXT` question, at most 500 characters.
    pub text: Option<String>,
}

/// An application to a published posting.
#[derive(InputObject)]
pub struct ApplyToJobInput {
    /// The posting; it must be published and before its application deadline.
    pub job_id: ID,
    /// A cover letter, at most 5,000 characters.
    pub cover_letter: Option<String>,
    /// The language the candidate reads the company's messages in; default `EN`.
    #[graphql(default)]
    pub language: ApplicationLanguage,
    /// Answers to the posting's screening questions (every required one answered), at most
    /// 10.
    #[graphql(default)]
    pub answers: Vec<ScreeningAnswerInput>,
    /// Where the candidate found the posting; default `DIRECT_LINK`.
    #[graphql(default_with = "ApplicationSource::DirectLink")]
    pub source: ApplicationSource,
    /// The match applied from (`recommendedJobs`), which makes the source `RECOMMENDATION`.
    pub match_id: Option<ID>,
    /// Which saved version of the caller's profile to send (`myProfileVersions`); the latest
    /// when omitted. The company reads the profile as this version has it, whatever is edited
    /// later (`Application.sentProfile`).
    pub profile_version: Option<i32>,
}

/// A move of an application by the company.
#[derive(InputObject)]
pub struct MoveApplicationInput {
    /// `SCREENING`, `INTERVIEW` (forward only; a step may be skipped) or `REJECTED`.
    pub to: ApplicationStatus,
    /// Why, with `REJECTED` (and only then).
    pub reason: Option<RejectionReason>,
    /// What the candidate reads with this step, at most 2,000 characters.
    pub message: Option<String>,
    /// A note for the company's members only, at most 2,000 characters.
    pub note: Option<String>,
}

impl From<MoveApplicationInput> for Move {
    fn from(input: MoveApplicationInput) -> Self {
        Self {
            to: input.to,
            reason: input.reason,
            message: input.message,
            note: input.note,
        }
    }
}

/// An application a bulk move left where it was, and why.
#[derive(SimpleObject)]
pub struct RefusedMove {
    /// The application's id as given.
    pub application_id: ID,
    /// The stable code: `NOT_FOUND` (or not the caller's company's), `CONFLICT` (its status
    /// does not allow the move, or it moved meanwhile).
    pub code: String,
    /// What went wrong, in English.
    pub message: String,
}

/// The outcome of a bulk move: each application given is either moved or refused.
#[derive(SimpleObject)]
pub struct BulkMoveResult {
    /// The applications moved, in the order given.
    pub moved: Vec<Application>,
    /// The applications left as they were, with why.
    pub refused: Vec<RefusedMove>,
}

/// A page as a connection; cursors are positions.
fn application_connection(
    page: ApplicationPage,
    range: OffsetRange,
    side: Side,
) -> ApplicationConnection {
    let (has_previous, has_next) = range.page_info(page.applications.len(), page.total);
    let mut connection = Connection::with_additional_fields(
        has_previous,
        has_next,
        ApplicationTotals {
            total_count: page.total,
        },
    );
    for (index, model) in page.applications.into_iter().enumerate() {
        connection
            .edges
            .push(Edge::new(range.cursor(index), Application { model, side }));
    }
    connection
}

/// The page arguments every list of applications takes, checked.
pub struct ListArguments {
    pub window: Window<u64>,
    pub filter: ApplicationFilter,
    pub order: ApplicationOrder,
}

impl ListArguments {
    pub fn checked(
        args: PageArgs,
        statuses: Option<Vec<ApplicationStatus>>,
        order: Option<ApplicationOrder>,
    ) -> Result<Self> {
        let window =
            kit::pages::offset_window(args, kit::pages::DEFAULT_PAGE, kit::pages::MAX_PAGE)?;
        let statuses = statuses.unwrap_or_default();
        if statuses.len() > ApplicationStatus::ALL.len() {
            return Err(ApiError::invalid(
                "statuses",
                &format!("has at most {} entries", ApplicationStatus::ALL.len()),
            )
            .into());
        }
        Ok(Self {
            window,
            filter: ApplicationFilter { statuses },
            order: order.unwrap_or_default(),
        })
    }

    /// The connection of the page `fetch` reads for these arguments (an offset and a limit
    /// in, a page with the list's total out), as `side` sees the applications.
    pub async fn connection<Fut>(
        &self,
        side: Side,
        fetch: impl Fn(u64, u64) -> Fut,
    ) -> Result<ApplicationConnection>
    where
        Fut: std::future::Future<Output = kit::ApiResult<ApplicationPage>>,
    {
        let (range, page) = self
            .window
            .fetch(
                |page: &ApplicationPage| page.total,
                |range| fetch(range.offset, range.limit),
            )
            .await?;
        Ok(application_connection(page, range, side))
    }
}

#[derive(Default)]
pub struct ApplicationQueries;

#[Object]
impl ApplicationQueries {
    /// One application: the caller's own, or one to a posting of a company they are a member
    /// of (or any, for `jobs:manage` holders); null otherwise.
    #[graphql(guard = "Authenticated")]
    async fn application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] id: ID,
    ) -> Result<Option<Application>> {
        load_application(ctx, &id).await
    }

    /// The caller's own applications, newest first by default, with `totalCount`: `first`
    /// (≤ 100) after `after`, or back with `last` before `before`.
    #[graphql(guard = "Authenticated")]
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "The `cursor` of the last edge already received.")] after: Option<String>,
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`): 0 to \
                    100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only applications in these statuses; all when omitted or empty.")]
        statuses: Option<Vec<ApplicationStatus>>,
        #[graphql(desc = "The order; default `NEWEST`.")] order: Option<ApplicationOrder>,
    ) -> Result<ApplicationConnection> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let arguments = ListArguments::checked(args, statuses, order)?;
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let service = ctx.data::<JobsService>()?;
        arguments
            .connection(Side::Candidate, |offset, limit| {
                service.candidate_applications(
                    user.user_id,
                    &arguments.filter,
                    arguments.order,
                    offset,
                    limit,
                )
            })
            .await
    }

    #[graphql(entity)]
    async fn find_application_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<Application>> {
        load_application(ctx, &id).await
    }
}

async fn load_application(ctx: &Context<'_>, id: &ID) -> Result<Option<Application>> {
    let id = parse_id(id, "id")?;
    Ok(ctx
        .data::<JobsService>()?
        .application(viewer(ctx), id)
        .await?
        .map(|(model, side)| Application { model, side }))
}

#[derive(Default)]
pub struct ApplicationMutations;

#[Object]
impl ApplicationMutations {
    /// Applies to a published posting before its deadline, as the signed-in candidate (needs
    /// `applications:create`). A second open application to the same posting is `CONFLICT`.
    /// The company's members then read the candidate's private fields, if the company is
    /// verified.
    #[graphql(guard = "RequirePermission::new(Permission::ApplicationsCreate)")]
    async fn apply_to_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting, the cover letter and the answers.")] input: ApplyToJobInput,
    ) -> Result<Application> {
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let match_id = input
            .match_id
            .as_ref()
            .map(|id| parse_id(id, "matchId"))
            .transpose()?;
        let source = if match_id.is_some() {
            ApplicationSource::Recommendation
        } else {
            input.source
        };
        let submission = Submission {
            job_id: parse_id(&input.job_id, "jobId")?,
            cover_letter: input.cover_letter,
            language: input.language,
            answers: input
                .answers
                .into_iter()
                .map(|answer| AnswerSent {
                    question_id: answer.question_id,
                    yes: answer.yes,
                    choice: answer.choice,
                    text: answer.text,
                })
                .collect(),
            source,
            match_id,
            profile_version: input.profile_version,
        };
        let model = ctx
            .data::<JobsService>()?
            .apply(user.user_id, submission)
            .await?;
        Ok(Application {
            model,
            side: Side::Candidate,
        })
    }

    /// Withdraws the caller's own open application, with an optional message to the company
    /// (at most 2,000 characters).
    #[graphql(guard = "Authenticated")]
    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] id: ID,
        #[graphql(desc = "Why, for the company.")] message: Option<String>,
    ) -> Result<Application> {
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let model = ctx
            .data::<JobsService>()?
            .withdraw_application(user.user_id, parse_id(&id, "id")?, message)
            .await?;
        Ok(Application {
            model,
            side: Side::Candidate,
        })
    }

    /// Moves an application of the caller's company (any member role, or `jobs:manage`):
    /// forward to `SCREENING` or `INTERVIEW`, or to `REJECTED` with a reason. Another
    /// company's application is `NOT_FOUND`; a move its status does not allow is `CONFLICT`.
    #[graphql(guard = "Authenticated")]
    async fn move_application(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] id: ID,
        #[graphql(desc = "Where to, and what to say.")] input: MoveApplicationInput,
    ) -> Result<Application> {
        let model = ctx
            .data::<JobsService>()?
            .move_application(editor(ctx)?, parse_id(&id, "id")?, input.into())
            .await?;
        Ok(Application {
            model,
            side: Side::Company,
        })
    }

    /// Moves up to 100 applications the same way (e.g. rejects 30 with one reason). Each moves
    /// on its own: those that cannot are listed in `refused` and the others still move.
    #[graphql(guard = "Authenticated")]
    async fn move_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The applications' ids, at most 100.")] ids: Vec<ID>,
        #[graphql(desc = "Where to, and what to say.")] input: MoveApplicationInput,
    ) -> Result<BulkMoveResult> {
        if ids.len() > MAX_BULK {
            return Err(
                ApiError::invalid("ids", &format!("at most {MAX_BULK} applications")).into(),
            );
        }
        let parsed = ids
            .iter()
            .map(|id| parse_id(id, "ids"))
            .collect::<Result<Vec<_>, _>>()?;
        let outcomes = ctx
            .data::<JobsService>()?
            .move_applications(editor(ctx)?, &parsed, input.into())
            .await?;
        let mut result = BulkMoveResult {
            moved: Vec::new(),
            refused: Vec::new(),
        };
        for (id, outcome) in outcomes {
            match outcome {
                Ok(model) => result.moved.push(Application {
                    model,
                    side: Side::Company,
                }),
                // Our failure, not the application's: the whole request says so.
                Err(err)
                    if matches!(
                        err.error_code(),
                        ErrorCode::Internal | ErrorCode::ServiceUnavailable
                    ) =>
                {
                    return Err(err.into());
                }
                Err(err) => result.refused.push(RefusedMove {
                    application_id: ID(id.to_string()),
                    code: err.code().to_owned(),
                    message: err.message(),
                }),
            }
        }
        Ok(result)
    }
}

//! How postings perform: `recordJobPostingView` (anyone, counted once per viewer a day), and the
//! funnel reports `JobPosting.analytics` and `Company.analytics` over a date range, read from
//! the daily rollups (`service::analytics`) by the company's members holding
//! `analytics:read`.

use super::viewer::viewer;
use crate::service::JobsService;
use crate::service::analytics::{Scope, Totals, ViewerKey};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::NaiveDate;
use contracts::{ApplicationSource, Permission};
use kit::ApiError;
use kit::auth::{Caller, CallerOf, ClientInfo};
use uuid::Uuid;

/// A funnel report over a date range (UTC days, both included).
pub struct Analytics {
    from: NaiveDate,
    to: NaiveDate,
    totals: Totals,
}

/// Views and applications from one source.
#[derive(SimpleObject)]
pub struct SourceCount {
    /// Where they came from.
    pub source: ApplicationSource,
    /// Views from it (once per viewer a day).
    pub views: i64,
    /// Applications from it.
    pub applications: i64,
}

/// How many applications reached each step in the range (skipped steps count as reached).
#[derive(SimpleObject)]
pub struct Funnel {
    /// Submitted.
    pub applied: i64,
    /// Reached `SCREENING`.
    pub screened: i64,
    /// Reached `INTERVIEW`.
    pub interviewed: i64,
    /// Reached `OFFER`.
    pub offered: i64,
    /// Reached `HIRED`.
    pub hired: i64,
    /// Turned down by the company.
    pub rejected: i64,
    /// Withdrawn by the candidate.
    pub withdrawn: i64,
}

/// The share of one step that reached the next, 0 to 1; null when nothing reached the first.
#[derive(SimpleObject)]
pub struct Conversion {
    /// Views that became applications.
    pub view_to_application: Option<f64>,
    /// Applications that reached screening.
    pub application_to_screening: Option<f64>,
    /// Screened applications that reached an interview.
    pub screening_to_interview: Option<f64>,
    /// Interviews that led to an offer.
    pub interview_to_offer: Option<f64>,
    /// Offers accepted.
    pub offer_to_hire: Option<f64>,
    /// Applications that ended in a hire.
    pub application_to_hire: Option<f64>,
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A funnel report over a date range (UTC days, both included).
#[Object]
impl Analytics {
    /// The first day counted.
    async fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day counted.
    async fn to(&self) -> NaiveDate {
        self.to
    }

    /// Views, once per viewer, posting and day (anonymous viewers by a salted hash of their
    /// client).
    async fn views(&self) -> i64 {
        self.totals.get("views")
    }

    /// Applications submitted.
    async fn applications(&self) -> i64 {
        self.totals.get("applications")
    }

    /// How many applications reached each step.
    async fn funnel(&self) -> Funnel {
        let get = |counter| self.totals.get(counter);
        Funnel {
            applied: get("applications"),
            screened: get("screened"),
            interviewed: get("interviewed"),
            offered: get("offered"),
            hired: get("hired"),
            rejected: get("rejected"),
            withdrawn: get("withdrawn"),
        }
    }

    /// Conversion from each step to the next.
    async fn conversion(&self) -> Conversion {
        let get = |counter| self.totals.get(counter);
        Conversion {
            view_to_application: ratio(get("applications"), get("views")),
            application_to_screening: ratio(get("screened"), get("applications")),
            screening_to_interview: ratio(get("interviewed"), get("screened")),
            interview_to_offer: ratio(get("offered"), get("interviewed")),
            offer_to_hire: ratio(get("hired"), get("offered")),
            application_to_hire: ratio(get("hired"), get("applications")),
        }
    }

    /// The average time from an application to the company's first move on it, in hours; null
    /// without responses.
    async fn average_hours_to_first_response(&self) -> Option<f64> {
        ratio(
            self.totals.get("response_seconds"),
            self.totals.get("responses"),
        )
        .map(|seconds| seconds / 3_600.0)
    }

    /// The average time from an application to its hire, in days; null without hires.
    async fn average_days_to_hire(&self) -> Option<f64> {
        ratio(self.totals.get("hire_seconds"), self.totals.get("hired"))
            .map(|seconds| seconds / 86_400.0)
    }

    /// Views and applications by where candidates came from.
    async fn sources(&self) -> Vec<SourceCount> {
        [
            (
                ApplicationSource::Search,
                "views_search",
                "applications_search",
            ),
            (
                ApplicationSource::Recommendation,
                "views_recommendation",
                "applications_recommendation",
            ),
            (
                ApplicationSource::DirectLink,
                "views_direct_link",
                "applications_direct_link",
            ),
        ]
        .into_iter()
        .map(|(source, views, applications)| SourceCount {
            source,
            views: self.totals.get(views),
            applications: self.totals.get(applications),
        })
        .collect()
    }
}

/// The report of `scope` (of company `company`) for the caller: `analytics:read` and
/// membership of the company (or `jobs:manage`), else null ([`kit::auth::hidden`]).
pub async fn report(
    ctx: &Context<'_>,
    company: Uuid,
    scope: Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<Analytics>> {
    let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
    let service = ctx.data::<JobsService>()?;
    if !user.has_permission(Permission::AnalyticsRead)
        || !service.is_member_view(viewer(ctx), company).await?
    {
        return Ok(kit::auth::hidden(ctx)?);
    }
    let totals = service.analytics(scope, from, to).await?;
    Ok(Some(Analytics { from, to, totals }))
}

#[derive(Default)]
pub struct AnalyticsMutations;

#[Object]
impl AnalyticsMutations {
    /// Records that the caller is looking at a published or closed posting (clients call it
    /// when they show one); counted once per viewer, posting and day, anonymous viewers
    /// included (by a salted hash of their client, forgotten after two days). Whether this
    /// view counted.
    async fn record_job_posting_view(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting shown.")] job_id: ID,
        #[graphql(desc = "Where the viewer came from; `DIRECT_LINK` when omitted.")] source: Option<
            ApplicationSource,
        >,
    ) -> Result<bool> {
        let source = source.unwrap_or(ApplicationSource::DirectLink);
        let job_id = kit::ids::parse_id(&job_id, "jobId")?;
        let viewer = match Caller::of(ctx) {
            Caller::User(user) => ViewerKey::User(user.user_id),
            Caller::Anonymous => {
                let client = ClientInfo::of(ctx);
                ViewerKey::Anonymous {
                    address: client.ip.map(|ip| ip.to_string()).unwrap_or_default(),
                    agent: client.user_agent.unwrap_or_default(),
                }
            }
        };
        Ok(ctx
            .data::<JobsService>()?
            .record_view(job_id, viewer, source)
            .await?)
    }
}

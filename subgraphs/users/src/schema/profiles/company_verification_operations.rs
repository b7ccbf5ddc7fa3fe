//! Verifying companies: members submit evidence, reviewers (`companies:manage`) work through
//! the queue and approve or reject. The rules are in `service/profiles/company_verification.rs`.

use super::company_profile::Company;
use crate::schema::request::{origin, signed_in};
use crate::service::{CompanyActor, Review, UsersService, VerificationRequest, VerificationStatus};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use contracts::Permission;
use kit::ApiError;
use kit::auth::RequirePermission;
use kit::pages::PageArgs;

/// Evidence that the company is who it says it is. The requester's own e-mail, which must be
/// on the domain of the company's web site, is submitted with it.
#[derive(InputObject)]
pub struct CompanyVerificationInput {
    /// The 13-digit corporate number (法人番号); full-width digits and hyphens are accepted.
    pub corporate_number: String,
    /// A recruitment agency (有料職業紹介事業者) rather than a direct employer.
    #[graphql(default)]
    pub recruitment_agency: bool,
    /// Required for agencies: the placement business licence number, e.g. `13-ユ-123456`.
    pub agency_licence_number: Option<String>,
}

/// What a page of the verification queue adds to its connection.
#[derive(SimpleObject)]
pub struct VerificationQueueTotals {
    /// Every company in the asked status, not only this page.
    pub total_count: u64,
}

pub type VerificationQueue = Connection<String, Company, VerificationQueueTotals, EmptyFields>;

#[derive(Default)]
pub struct CompanyVerificationQueries;

#[Object]
impl CompanyVerificationQueries {
    /// Companies in `status` (`PENDING` by default), longest waiting first, with `totalCount`
    /// (`first` or `last` ≤ 100); page with `after`, or back with `last` and `before`. Needs
    /// `companies:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::CompaniesManage)")]
    async fn company_verification_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The verification status of the companies to list; `PENDING` when omitted."
        )]
        status: Option<VerificationStatus>,
        #[graphql(desc = "How many companies to return: 0 to 100; default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already read; omit it for the first page. The \
                    queue pages at most 10,000 companies deep."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many companies to return from the end of the list (or before `before`), \
                    0 to 100; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received: the page ends before it."
        )]
        before: Option<String>,
    ) -> Result<VerificationQueue> {
        let window = kit::pages::offset_window(
            PageArgs {
                first,
                after,
                last,
                before,
            },
            kit::pages::DEFAULT_PAGE,
            kit::pages::MAX_PAGE,
        )?;
        let page = ctx
            .data::<UsersService>()?
            .verification_queue(status.unwrap_or(VerificationStatus::Pending), &window)
            .await?;
        let (has_previous, has_next) = page.range.page_info(page.companies.len(), page.total);
        let mut connection = Connection::with_additional_fields(
            has_previous,
            has_next,
            VerificationQueueTotals {
                total_count: page.total,
            },
        );
        for (index, company) in page.companies.into_iter().enumerate() {
            connection
                .edges
                .push(Edge::new(page.range.cursor(index), Company::from(company)));
        }
        Ok(connection)
    }
}

#[derive(Default)]
pub struct CompanyVerificationMutations;

#[Object]
impl CompanyVerificationMutations {
    /// Submits the company's evidence for review (it becomes `PENDING`). For members acting as
    /// employer or HR manager (else `FORBIDDEN`) whose e-mail is on the domain of the company's
    /// web site; a company already pending or verified, or a corporate number another company
    /// holds, is `CONFLICT`; every malformed field is reported at once (`BAD_USER_INPUT`).
    async fn request_company_verification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
        #[graphql(desc = "The evidence.")] input: CompanyVerificationInput,
    ) -> Result<Company> {
        let caller = signed_in(ctx)?;
        let company_id = kit::ids::parse_id(&company_id, "companyId")?;
        bounded(&input)?;
        let actor = CompanyActor {
            user_id: caller.user_id,
            manages_companies: caller.has_permission(Permission::CompaniesManage),
        };
        let service = ctx.data::<UsersService>()?;
        let request = VerificationRequest {
            corporate_number: input.corporate_number,
            recruitment_agency: input.recruitment_agency,
            agency_licence_number: input.agency_licence_number,
        };
        Ok(service
            .request_company_verification(actor, company_id, request, &origin(ctx))
            .await?
            .into())
    }

    /// Approves a pending company: it becomes `VERIFIED`. Needs `companies:manage`; a company
    /// not pending is `CONFLICT`.
    #[graphql(guard = "RequirePermission::new(Permission::CompaniesManage)")]
    async fn approve_company_verification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
    ) -> Result<Company> {
        review(ctx, &company_id, Review::Approve).await
    }

    /// Rejects a pending company's evidence, or takes a verification back, saying why (at most
    /// 1,000 characters; mailed to the requester). Needs `companies:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::CompaniesManage)")]
    async fn reject_company_verification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id; it must be pending or verified.")] company_id: ID,
        #[graphql(desc = "Why, for the requester; required, at most 1,000 characters.")]
        reason: String,
    ) -> Result<Company> {
        review(ctx, &company_id, Review::Reject { reason }).await
    }
}

async fn review(ctx: &Context<'_>, company_id: &ID, review: Review) -> Result<Company> {
    let reviewer = signed_in(ctx)?;
    let company_id = kit::ids::parse_id(company_id, "companyId")?;
    let service = ctx.data::<UsersService>()?;
    Ok(service
        .review_company_verification(reviewer.user_id, company_id, review, &origin(ctx))
        .await?
        .into())
}

/// Refuses over-long evidence before any work.
fn bounded(input: &CompanyVerificationInput) -> Result<(), ApiError> {
    if input.corporate_number.chars().count() > 40 {
        return Err(ApiError::invalid("corporateNumber", "must be 13 digits"));
    }
    if input
        .agency_licence_number
        .as_ref()
        .is_some_and(|licence| licence.chars().count() > 40)
    {
        return Err(ApiError::invalid(
            "agencyLicenceNumber",
            "is at most 40 characters",
        ));
    }
    Ok(())
}

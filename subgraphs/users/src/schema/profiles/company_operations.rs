//! Company profiles: reading one (also as a federation entity), creating, editing, and adding
//! members. The rules on who may do what live in the service (`service/profiles/companies.rs`).

use super::company_profile::{Company, CompanyMember};
use super::loaders::CompanyProfileLoader;
use crate::schema::request::{origin, signed_in};
use crate::service::{CompanyActor, CompanyChanges, CompanyMemberRole, CompanySize, UsersService};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use contracts::Permission;

/// A new company profile. `name` is required; with `visaSponsorship`, `supportedVisaTypes`
/// must name at least one status of residence.
#[derive(InputObject)]
pub struct CreateCompanyInput {
    /// At most 200 characters.
    pub name: String,
    /// The Japanese trade name, e.g. `株式会社さくらシステムズ`; at most 200 characters.
    pub name_ja: Option<String>,
    /// Kana only.
    pub name_kana: Option<String>,
    /// The industry, e.g. `fintech`.
    pub industry: Option<String>,
    /// The headcount band.
    pub size: Option<CompanySize>,
    /// ISO 3166-1 alpha-2 code, e.g. `JP`.
    pub headquarters_country: Option<String>,
    /// The city of the headquarters.
    pub headquarters_city: Option<String>,
    /// In English; at most 5,000 characters.
    pub description: Option<String>,
    /// In Japanese; at most 5,000 characters.
    pub description_ja: Option<String>,
    /// An http or https address.
    pub website: Option<String>,
    /// Not negative.
    pub total_employees: Option<i32>,
    /// At most `totalEmployees`.
    pub international_employees: Option<i32>,
    /// Whether the company sponsors visas.
    #[graphql(default)]
    pub visa_sponsorship: bool,
    /// Statuses of residence sponsored, e.g. `engineer_humanities_international`.
    #[graphql(default)]
    pub supported_visa_types: Vec<String>,
    /// At most 50, e.g. `housing allowance`.
    #[graphql(default)]
    pub benefits: Vec<String>,
}

impl From<CreateCompanyInput> for CompanyChanges {
    fn from(input: CreateCompanyInput) -> Self {
        Self {
            name: Some(input.name),
            name_ja: Some(input.name_ja),
            name_kana: Some(input.name_kana),
            industry: Some(input.industry),
            size: Some(input.size),
            headquarters_country: Some(input.headquarters_country),
            headquarters_city: Some(input.headquarters_city),
            description: Some(input.description),
            description_ja: Some(input.description_ja),
            website: Some(input.website),
            total_employees: Some(input.total_employees),
            international_employees: Some(input.international_employees),
            visa_sponsorship: Some(input.visa_sponsorship),
            supported_visa_types: Some(input.supported_visa_types),
            benefits: Some(input.benefits),
        }
    }
}

/// Changes to a company profile: omitted fields stay, `null` clears, lists are replaced whole.
#[derive(InputObject, Default)]
pub struct UpdateCompanyInput {
    /// At most 200 characters; cannot be cleared.
    pub name: Option<String>,
    /// The Japanese trade name; at most 200 characters.
    pub name_ja: MaybeUndefined<String>,
    /// Kana only.
    pub name_kana: MaybeUndefined<String>,
    /// The industry, e.g. `fintech`.
    pub industry: MaybeUndefined<String>,
    /// The headcount band.
    pub size: MaybeUndefined<CompanySize>,
    /// ISO 3166-1 alpha-2 code, e.g. `JP`.
    pub headquarters_country: MaybeUndefined<String>,
    /// The city of the headquarters.
    pub headquarters_city: MaybeUndefined<String>,
    /// In English; at most 5,000 characters.
    pub description: MaybeUndefined<String>,
    /// In Japanese; at most 5,000 characters.
    pub description_ja: MaybeUndefined<String>,
    /// An http or https address.
    pub website: MaybeUndefined<String>,
    /// Not negative.
    pub total_employees: MaybeUndefined<i32>,
    /// At most `totalEmployees`.
    pub international_employees: MaybeUndefined<i32>,
    /// With sponsorship, `supportedVisaTypes` must name at least one status of residence.
    pub visa_sponsorship: Option<bool>,
    /// Statuses of residence sponsored, e.g. `engineer_humanities_international`.
    pub supported_visa_types: MaybeUndefined<Vec<String>>,
    /// At most 50, e.g. `housing allowance`.
    pub benefits: MaybeUndefined<Vec<String>>,
}

fn list(value: MaybeUndefined<Vec<String>>) -> Option<Vec<String>> {
    Option::<Option<Vec<String>>>::from(value).map(Option::unwrap_or_default)
}

impl From<UpdateCompanyInput> for CompanyChanges {
    fn from(input: UpdateCompanyInput) -> Self {
        Self {
            name: input.name,
            name_ja: input.name_ja.into(),
            name_kana: input.name_kana.into(),
            industry: input.industry.into(),
            size: input.size.into(),
            headquarters_country: input.headquarters_country.into(),
            headquarters_city: input.headquarters_city.into(),
            description: input.description.into(),
            description_ja: input.description_ja.into(),
            website: input.website.into(),
            total_employees: input.total_employees.into(),
            international_employees: input.international_employees.into(),
            visa_sponsorship: input.visa_sponsorship,
            supported_visa_types: list(input.supported_visa_types),
            benefits: list(input.benefits),
        }
    }
}

fn actor(ctx: &Context<'_>) -> Result<CompanyActor> {
    let caller = signed_in(ctx)?;
    Ok(CompanyActor {
        user_id: caller.user_id,
        manages_companies: caller.has_permission(Permission::CompaniesManage),
    })
}

#[derive(Default)]
pub struct CompanyQueries;

#[Object]
impl CompanyQueries {
    /// A company's public profile.
    async fn company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] id: ID,
    ) -> Result<Option<Company>> {
        load_company(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_company_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Company>> {
        load_company(ctx, &id).await
    }
}

pub(in crate::schema) async fn load_company(ctx: &Context<'_>, id: &ID) -> Result<Option<Company>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<CompanyProfileLoader>>()?;
    Ok(loader.load_one(id).await?.map(Company::from))
}

#[derive(Default)]
pub struct CompanyMutations;

#[Object]
impl CompanyMutations {
    /// Creates a company profile; the caller (an employer or HR manager, else `FORBIDDEN`)
    /// becomes its first member. Every invalid field is reported at once.
    async fn create_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new profile.")] input: CreateCompanyInput,
    ) -> Result<Company> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let company = service
            .create_company_profile(caller.user_id, input.into(), &origin(ctx))
            .await?;
        Ok(company.into())
    }

    /// Edits a company profile: its members or administrators (`companies:manage`); others get
    /// `FORBIDDEN`, an unknown id `NOT_FOUND`.
    async fn update_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] id: ID,
        #[graphql(desc = "The fields to change.")] input: UpdateCompanyInput,
    ) -> Result<Company> {
        let company_id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<UsersService>()?;
        let company = service
            .update_company_profile(actor(ctx)?, company_id, input.into(), &origin(ctx))
            .await?;
        Ok(company.into())
    }

    /// Adds an employer, recruiter or HR manager to a company as `role`. Allowed to members
    /// acting as employer or HR manager and to administrators (`companies:manage`); an existing
    /// member answers `CONFLICT`.
    async fn add_company_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
        #[graphql(
            desc = "The account to add; it must hold the employer, recruiter or HR manager role."
        )]
        user_id: ID,
        #[graphql(desc = "What the person will do for the company.")] role: CompanyMemberRole,
    ) -> Result<CompanyMember> {
        let company_id = kit::ids::parse_id(&company_id, "companyId")?;
        let user_id = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let member = service
            .add_company_member(actor(ctx)?, company_id, user_id, role, &origin(ctx))
            .await?;
        Ok(CompanyMember(member))
    }

    /// Removes a member from a company and returns the company. Members acting as employer or
    /// HR manager and administrators (`companies:manage`) remove anyone, every member may
    /// leave; the last employer or HR manager cannot go (`CONFLICT`).
    async fn remove_company_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
        #[graphql(desc = "The member to remove; your own id to leave.")] user_id: ID,
    ) -> Result<Option<Company>> {
        let company = kit::ids::parse_id(&company_id, "companyId")?;
        let user_id = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        service
            .remove_company_member(actor(ctx)?, company, user_id, &origin(ctx))
            .await?;
        Ok(service.company_profile(company).await?.map(Company::from))
    }
}

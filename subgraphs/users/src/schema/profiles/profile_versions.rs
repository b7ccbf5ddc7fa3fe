//! Saved versions of a candidate's profile (`service::profiles::profile_versions`): the
//! candidate lists theirs (`myProfileVersions`) to choose one when applying, and an application
//! shows the version it sent (`Application.sentProfile`, which this subgraph adds to the jobs
//! subgraph's `Application` entity).
//!
//! Who reads a sent profile: the candidate, administrators (`candidates:read`) and members of
//! the company applied to; anyone else reads null. Its fields follow the live profile's rules
//! (`candidate_access`): the company reads the private ones while the application stands.

use super::candidate_access::candidate_access;
use super::candidate_profile::CandidateProfile;
use crate::schema::request::signed_in;
use crate::service::{CandidateAccess, SentProfile, UsersService, changed_fields_of};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::candidate_profile_version;
use kit::auth::{Caller, CallerOf};
use kit::pages::{PageArgs, Window};
use std::collections::HashMap;
use uuid::Uuid;

/// One saved version of the caller's profile.
pub struct CandidateProfileVersion(candidate_profile_version::Model);

/// A saved version of a candidate's profile: the whole profile as it was after one change.
#[Object]
impl CandidateProfileVersion {
    /// The version's number: 1 for the first save, counting up with each change.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When it was saved.
    async fn saved_at(&self) -> DateTime<Utc> {
        self.0.saved_at
    }

    /// The fields this version changed, by their GraphQL names (e.g. `desiredSalary`).
    async fn changed_fields(&self) -> Vec<String> {
        changed_fields_of(&self.0)
    }

    /// The profile as saved; its private fields follow the same rules as the live profile's.
    async fn profile(&self) -> CandidateProfile {
        CandidateProfile::from(&self.0)
    }
}

/// The totals of `myProfileVersions`.
#[derive(SimpleObject)]
pub struct ProfileVersionTotals {
    /// How many versions the caller has saved.
    pub total_count: u64,
}

/// The caller's saved profile versions, newest first.
pub type ProfileVersionConnection =
    Connection<String, CandidateProfileVersion, ProfileVersionTotals, EmptyFields>;

/// The jobs subgraph's application, as far as this subgraph adds to it.
pub struct Application {
    id: Uuid,
}

impl Application {
    /// The application with this id, as far as this subgraph adds to it.
    pub fn named(id: Uuid) -> Self {
        Self { id }
    }
}

/// A candidate's application to a posting (owned by the jobs subgraph); this subgraph adds the
/// profile it sent.
#[Object]
impl Application {
    /// The application's id.
    pub(crate) async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// The saved version of the candidate's profile this application sent, as it was sent
    /// (later edits do not change it). The candidate, administrators and members of the
    /// company applied to read it, others null; the company reads its private fields while the
    /// application stands (a withdrawal takes them back). Null also for an application that
    /// sent no version, or for a moment after applying, until this subgraph has the
    /// application.
    async fn sent_profile(&self, ctx: &Context<'_>) -> Result<Option<CandidateProfileVersion>> {
        let sent = ctx.data::<DataLoader<SentProfileLoader>>()?;
        let Some(sent) = sent.load_one(self.id).await? else {
            return Ok(None);
        };
        let Some(version) = sent.version else {
            return Ok(None);
        };
        if !may_read_sent(ctx, &sent).await? {
            return Ok(None);
        }
        if candidate_access(ctx, sent.candidate_id).await? == CandidateAccess::Hidden {
            return Ok(None);
        }
        let saved = ctx.data::<DataLoader<SavedVersionLoader>>()?;
        Ok(saved
            .load_one((sent.candidate_id, version))
            .await?
            .map(CandidateProfileVersion))
    }
}

/// The candidate, administrators, and members of the company applied to.
async fn may_read_sent(ctx: &Context<'_>, sent: &SentProfile) -> Result<bool> {
    let Caller::User(caller) = Caller::of(ctx) else {
        return Ok(false);
    };
    if caller.user_id == sent.candidate_id || caller.has_permission(Permission::CandidatesRead) {
        return Ok(true);
    }
    let memberships = ctx.data::<DataLoader<super::loaders::MembershipsLoader>>()?;
    Ok(memberships
        .load_one(caller.user_id)
        .await?
        .unwrap_or_default()
        .iter()
        .any(|member| member.company_id == sent.company_id))
}

/// The window of `myProfileVersions` the paging arguments ask for; a cursor is the version
/// number of its edge.
fn version_window(args: PageArgs) -> Result<Window<i32>, kit::ApiError> {
    Window::of(
        args,
        kit::pages::DEFAULT_PAGE,
        kit::pages::MAX_PAGE,
        |cursor, argument| {
            cursor
                .parse::<i32>()
                .ok()
                .filter(|version| *version > 0)
                .ok_or_else(|| kit::ApiError::invalid(argument, "is not a valid cursor"))
        },
    )
}

#[derive(Default)]
pub struct ProfileVersionQueries;

#[Object]
impl ProfileVersionQueries {
    /// The caller's saved profile versions, newest first, with `totalCount` (`first` or `last`
    /// ≤ 100); page with `after`, or back with `last` and `before`. Each change of the
    /// candidate profile saves a version; choose one to send with
    /// `applyToJob(profileVersion:)`. Needs a signed-in caller.
    async fn my_profile_versions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 0 to 100; default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already read; omit it for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`), 0 to \
                    100; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received: the page ends before it."
        )]
        before: Option<String>,
    ) -> Result<ProfileVersionConnection> {
        let caller = signed_in(ctx)?;
        let window = version_window(PageArgs {
            first,
            after,
            last,
            before,
        })?;
        let (page, total) = ctx
            .data::<UsersService>()?
            .profile_versions(caller.user_id, &window)
            .await?;
        let mut connection = Connection::with_additional_fields(
            page.has_previous_page,
            page.has_next_page,
            ProfileVersionTotals { total_count: total },
        );
        connection.edges.extend(
            page.items
                .into_iter()
                .map(|row| Edge::new(row.version.to_string(), CandidateProfileVersion(row))),
        );
        Ok(connection)
    }

    /// Resolves `Application` references from the jobs subgraph (any id resolves; what it sent
    /// is decided by `sentProfile`).
    #[graphql(entity)]
    async fn find_application_by_id(&self, id: ID) -> Result<Application> {
        Ok(Application {
            id: kit::ids::parse_id(&id, "id")?,
        })
    }
}

/// What each application sent, from this subgraph's copy of applications.
pub struct SentProfileLoader(pub UsersService);

impl Loader<Uuid> for SentProfileLoader {
    type Value = SentProfile;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, SentProfile>, Self::Error> {
        Ok(self.0.sent_profiles(keys).await?)
    }
}

/// Saved versions by (candidate, version).
pub struct SavedVersionLoader(pub UsersService);

impl Loader<(Uuid, i32)> for SavedVersionLoader {
    type Value = candidate_profile_version::Model;
    type Error = kit::LoadError;

    async fn load(
        &self,
        keys: &[(Uuid, i32)],
    ) -> Result<HashMap<(Uuid, i32), Self::Value>, Self::Error> {
        Ok(self.0.saved_versions(keys).await?)
    }
}

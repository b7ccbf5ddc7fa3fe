//! `Node`, `node(id:)` and `nodes(ids:)`: refetching any object by its global id, as Relay and
//! partners' caches do.
//!
//! A global id says which type it names (`kit::ids::NodeKind`), so this subgraph answers from
//! the id alone. Its own types (`User`, `Company`) it loads with the same visibility rules as
//! `user(id:)` and `company(id:)`. The others (`JobPosting`, `Application`, `Match`) it names by
//! id only, and the router fetches their fields from the subgraph that owns them, whose entity
//! resolver decides visibility: a node the caller may not see, or that does not exist, is null.

use super::profiles::company_operations::load_company;
use super::profiles::company_profile::Company;
use super::profiles::profile_versions::Application;
use super::user::User;
use super::user_queries::load_user;
use async_graphql::{Context, ID, Interface, Object, Result};
use kit::ApiError;
use kit::ids::NodeKind;
use uuid::Uuid;

/// How many ids one `nodes` call may ask for.
const MAX_NODES: usize = kit::pages::MAX_PAGE;

/// An object with a global id, which `node(id:)` fetches again.
// One value per answer, moved once: the size of the `User` variant costs nothing here.
#[allow(clippy::large_enum_variant)]
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The object's global id: unique across every type, and enough for `node(id:)` to \
            find it again."
))]
pub enum Node {
    User(User),
    Company(Company),
    JobPosting(JobPostingNode),
    Application(Application),
    Match(MatchNode),
}

/// A job posting, named by id; the jobs subgraph owns its fields.
pub struct JobPostingNode {
    id: Uuid,
}

/// A job posting (owned by the jobs subgraph).
#[Object(name = "JobPosting")]
impl JobPostingNode {
    /// The posting's id.
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }
}

/// A match, named by id; the matching subgraph owns its fields.
pub struct MatchNode {
    id: Uuid,
}

/// A match of a candidate with a posting (owned by the matching subgraph).
#[Object(name = "Match")]
impl MatchNode {
    /// The match's id.
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }
}

#[derive(Default)]
pub struct NodeQueries;

#[Object]
impl NodeQueries {
    /// The object with this global id (any type implementing `Node`), with the visibility
    /// rules of its own query; null when it does not exist or the caller may not see it.
    /// `BAD_USER_INPUT` when `id` is not an id at all.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as any `Node`'s `id` gives it.")] id: ID,
    ) -> Result<Option<Node>> {
        let id = kit::ids::parse_id(&id, "id")?;
        find(ctx, id).await
    }

    /// The objects with these global ids (at most 100), in the order asked, each null like
    /// `node(id:)`.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::invalid("ids", &format!("has at most {MAX_NODES} ids")).into());
        }
        let ids = ids
            .iter()
            .map(|id| kit::ids::parse_id(id, "ids"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.push(find(ctx, id).await?);
        }
        Ok(found)
    }

    /// Names `JobPosting` references (fields come from the jobs subgraph).
    #[graphql(entity)]
    async fn find_job_posting_node_by_id(&self, id: ID) -> Result<JobPostingNode> {
        Ok(JobPostingNode {
            id: kit::ids::parse_id(&id, "id")?,
        })
    }

    /// Names `Match` references (fields come from the matching subgraph).
    #[graphql(entity)]
    async fn find_match_node_by_id(&self, id: ID) -> Result<MatchNode> {
        Ok(MatchNode {
            id: kit::ids::parse_id(&id, "id")?,
        })
    }
}

async fn find(ctx: &Context<'_>, id: Uuid) -> Result<Option<Node>> {
    let Some(kind) = NodeKind::of(id) else {
        return Ok(None);
    };
    let key = ID(id.to_string());
    Ok(match kind {
        NodeKind::User => load_user(ctx, &key).await?.map(Node::User),
        NodeKind::Company => load_company(ctx, &key).await?.map(Node::Company),
        NodeKind::JobPosting => Some(Node::JobPosting(JobPostingNode { id })),
        NodeKind::Application => Some(Node::Application(Application::named(id))),
        NodeKind::Match => Some(Node::Match(MatchNode { id })),
    })
}

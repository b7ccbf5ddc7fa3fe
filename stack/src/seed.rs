//! Seeding the demo data across subgraphs: people first (jobs credits postings to employers).

use jobs::service::JobsService;
use users::service::UsersService;

pub async fn demo(users: &UsersService, jobs: &JobsService) -> anyhow::Result<()> {
    let Some(people) = users::seed::demo(users)
        .await
        .map_err(|err| anyhow::anyhow!("seeding users failed: {}", err.report()))?
    else {
        tracing::info!("users already present; demo data not seeded");
        return Ok(());
    };
    let postings = jobs::seed::demo(jobs, &people.employers)
        .await
        .map_err(|err| anyhow::anyhow!("seeding jobs failed: {}", err.report()))?;
    tracing::info!(
        employers = people.employers.len(),
        candidates = people.candidates.len(),
        postings = postings.map_or(0, |ids| ids.len()),
        "seeded demo data"
    );
    Ok(())
}

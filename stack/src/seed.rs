//! Seeding the demo data across subgraphs: people and companies first (in users), then the
//! companies' postings (in jobs, once the companies' events have reached it), then the first
//! applications to them.

use jobs::service::JobsService;
use users::service::UsersService;

pub async fn demo(users: &UsersService, jobs: &JobsService) -> anyhow::Result<()> {
    let Some(people) = users::seed::demo(users)
        .await
        .map_err(|err| anyhow::anyhow!("seeding users failed: {}", err.report()))?
    else {
        tracing::info!("demo accounts already present; demo data not seeded again");
        return Ok(());
    };
    let companies: Vec<jobs::seed::DemoCompany> = people
        .companies
        .iter()
        .map(|company| jobs::seed::DemoCompany {
            id: company.id,
            employer: company.employer,
        })
        .collect();
    let postings = jobs::seed::demo(jobs, &companies)
        .await
        .map_err(|err| anyhow::anyhow!("seeding jobs failed: {}", err.report()))?;
    let applications = match (companies.first(), postings.as_deref()) {
        (Some(company), Some([first, ..])) => {
            jobs::seed::demo_applications(jobs, *company, *first, &people.candidates)
                .await
                .map_err(|err| anyhow::anyhow!("seeding applications failed: {}", err.report()))?
        }
        _ => 0,
    };
    tracing::info!(
        employers = people.employers.len(),
        candidates = people.candidates.len(),
        companies = companies.len(),
        postings = postings.map_or(0, |ids| ids.len()),
        applications,
        "seeded demo data"
    );
    Ok(())
}

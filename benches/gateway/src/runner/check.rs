//! Before any load: every gateway must answer the nested and the single-fetch query exactly
//! as expected. A gateway that answers differently is not doing the same work, so its
//! throughput would not be comparable; it is reported and left out of the load.

use crate::subgraph::Subgraph;
use crate::workload::{self, NESTED_QUERY, SINGLE_FETCH_QUERY};
use anyhow::{Context, bail};
use serde_json::Value;
use std::time::Duration;

/// What a correct gateway did for one nested query.
pub struct Checked {
    /// Bytes of the nested query's response body.
    pub response_bytes: usize,
    /// GraphQL requests each subgraph received for it, in `Subgraph::ALL` order.
    pub subgraph_requests: [u64; 4],
}

/// POSTs `query` to `url`; the status must be 200 and the body JSON.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    query: &str,
) -> anyhow::Result<(Value, usize)> {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(workload::request_body(query))
        .timeout(Duration::from_secs(30))
        .send()
        .await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != reqwest::StatusCode::OK {
        bail!("HTTP {status}: {}", String::from_utf8_lossy(&body));
    }
    let value = serde_json::from_slice(&body).context("the response is not JSON")?;
    Ok((value, body.len()))
}

/// Checks both queries on the gateway at `url`.
pub async fn gateway(client: &reqwest::Client, url: &str) -> anyhow::Result<Checked> {
    let before = subgraph_requests(client).await?;
    let (nested, response_bytes) = post(client, url, NESTED_QUERY).await?;
    let after = subgraph_requests(client).await?;
    if let Some(difference) = workload::first_difference(&workload::nested_response(), &nested) {
        bail!("wrong nested response at {difference}");
    }
    let (single, _) = post(client, url, SINGLE_FETCH_QUERY).await?;
    if let Some(difference) =
        workload::first_difference(&workload::single_fetch_response(), &single)
    {
        bail!("wrong single-fetch response at {difference}");
    }
    let mut subgraph_requests = [0; 4];
    for i in 0..4 {
        subgraph_requests[i] = after[i] - before[i];
    }
    Ok(Checked {
        response_bytes,
        subgraph_requests,
    })
}

/// How many GraphQL requests each subgraph has served (`GET /requests`).
async fn subgraph_requests(client: &reqwest::Client) -> anyhow::Result<[u64; 4]> {
    let mut counts = [0; 4];
    for (i, subgraph) in Subgraph::ALL.into_iter().enumerate() {
        let url = format!("http://127.0.0.1:{}/requests", subgraph.default_port());
        let text = client.get(&url).send().await?.text().await?;
        counts[i] = text
            .trim()
            .parse()
            .with_context(|| format!("{url} answered {text:?}"))?;
    }
    Ok(counts)
}

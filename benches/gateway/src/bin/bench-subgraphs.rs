//! Serves the four benchmark subgraphs until stopped:
//! `bench-subgraphs [--host H] [--accounts PORT] [--inventory PORT] [--products PORT]
//! [--reviews PORT]` (default 127.0.0.1 and the ports in the checked-in supergraph), or prints
//! one subgraph's SDL: `bench-subgraphs --print-schema accounts`.

use gateway_bench::{BenchSubgraphs, Subgraph};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = gateway_bench::options::SubgraphOptions::parse(std::env::args().skip(1))?;
    if let Some(subgraph) = options.print_schema {
        print!("{}", subgraph.sdl());
        return Ok(());
    }
    let subgraphs = BenchSubgraphs::start(&options.host, |s| options.port(s)).await?;
    for subgraph in Subgraph::ALL {
        println!(
            "{} listening on {}",
            subgraph.name(),
            subgraphs.url(subgraph)
        );
    }
    tokio::signal::ctrl_c().await?;
    subgraphs.stop().await;
    Ok(())
}

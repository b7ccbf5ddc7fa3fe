//! Fetches and compiles the Japanese dictionary ahead of the first start (the test command
//! and machines that fetch ahead): `cargo run -p morphology --bin fetch-dictionary`. Does
//! nothing when it is already there.

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    let dir = morphology::dictionary_dir();
    if morphology::ensure_dictionary().await.is_some() {
        println!("the Japanese dictionary is in {}", dir.display());
        std::process::ExitCode::SUCCESS
    } else {
        eprintln!("the Japanese dictionary could not be had (see above)");
        std::process::ExitCode::FAILURE
    }
}

//! Sentences per second of multilingual-e5-small and all-MiniLM-L6-v2 on profile- and
//! posting-sized texts (40 to 80 words), batches of 32, on one core and on all cores; and of the
//! lexical fallback.
//!
//!   cargo bench -p embeddings --bench throughput
//!
//! candle sizes its matrix-kernel thread pools from `RAYON_NUM_THREADS` when they are first used,
//! so each setting is measured in a child process of its own started with that variable.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use embeddings::{Embedder, LexicalEmbedder, MiniLm, ModelChoice, MultilingualE5};

/// Set in the child processes: the thread count being measured.
const CHILD_ENV: &str = "EMBEDDINGS_BENCH_THREADS";
const BATCH: usize = 32;
const MIN_DURATION: Duration = Duration::from_secs(8);

const OPENINGS: [&str; 6] = [
    "Backend engineer with six years of experience building payment services in Go and Rust,",
    "Certified care worker (介護福祉士) who has supported elderly residents in a Nagoya nursing home,",
    "We are hiring a bilingual customer success manager for our Tokyo office,",
    "Mobile developer shipping Kotlin and Swift apps used by two million people,",
    "Our ryokan in Hakone is looking for front desk staff who enjoy welcoming international guests,",
    "Data analyst experienced with SQL, Python and dashboards for retail demand forecasting,",
];

const MIDDLES: [&str; 5] = [
    "designing APIs, reviewing code and mentoring junior colleagues across two time zones,",
    "working closely with nurses, families and doctors to plan daily care and rehabilitation,",
    "handling reservations, check-in, and questions in English, Japanese and Chinese,",
    "owning the release pipeline, automated tests and on-call rotation for production systems,",
    "presenting findings to managers and turning them into weekly operational decisions,",
];

const CLOSINGS: [&str; 4] = [
    "and looking for a full-time role in Japan with visa sponsorship and a team that values careful work.",
    "with JLPT N2, a driving licence and the wish to settle in the Kansai region with my family.",
    "Salary from 4.5 million yen, housing support, paid training and help with the visa process.",
    "The position is hybrid, two days a week in the office near Shinagawa station, starting in April.",
];

/// 120 distinct texts of 49 to 76 words (62 on average), mixing the sentence parts above.
fn texts() -> Vec<String> {
    let mut out = Vec::new();
    for (i, opening) in OPENINGS.iter().enumerate() {
        for (j, middle) in MIDDLES.iter().enumerate() {
            for (k, closing) in CLOSINGS.iter().enumerate() {
                let second_middle = MIDDLES[(j + 1) % MIDDLES.len()];
                let second_closing = if (i + j + k) % 2 == 0 {
                    CLOSINGS[(k + 1) % CLOSINGS.len()]
                } else {
                    ""
                };
                out.push(format!(
                    "{opening} {middle} {second_middle} {closing} {second_closing}"
                ));
            }
        }
    }
    out
}

/// Embeds batches of 32 for at least [`MIN_DURATION`] and returns texts per second.
fn sentences_per_second(embedder: &dyn Embedder, texts: &[String]) -> f64 {
    let batches: Vec<Vec<&str>> = texts
        .chunks(BATCH)
        .filter(|chunk| chunk.len() == BATCH)
        .map(|chunk| chunk.iter().map(String::as_str).collect())
        .collect();
    // Warm-up: thread pools, allocator, caches.
    embedder.embed(&batches[0]).expect("embedding failed");
    let start = Instant::now();
    let mut done = 0usize;
    while start.elapsed() < MIN_DURATION {
        for batch in &batches {
            done += embedder.embed(batch).expect("embedding failed").len();
        }
    }
    done as f64 / start.elapsed().as_secs_f64()
}

fn measure(threads: &str) -> ExitCode {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let e5 = match MultilingualE5::load(&ModelChoice::MultilingualE5.dir(&workspace)) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let model = match MiniLm::load(&ModelChoice::MiniLm.dir(&workspace)) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let texts = texts();
    let words = texts
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>()
        / texts.len();
    let tokens = texts
        .iter()
        .map(|t| model.tokens(t).map_or(0, |tokens| tokens.len()))
        .sum::<usize>()
        / texts.len();
    let e5_tokens = texts
        .iter()
        .map(|t| e5.token_ids(t).map_or(0, |tokens| tokens.len()))
        .sum::<usize>()
        / texts.len();
    let rate = sentences_per_second(&e5, &texts);
    println!(
        "e5-small, {threads:>9}: {rate:8.1} sentences/s  (batch {BATCH}, {words} words / {e5_tokens} tokens a text)"
    );
    let rate = sentences_per_second(&model, &texts);
    println!(
        "MiniLM,   {threads:>9}: {rate:8.1} sentences/s  (batch {BATCH}, {words} words / {tokens} tokens a text)"
    );
    if threads == "1 thread" {
        let lexical = sentences_per_second(&LexicalEmbedder::new(), &texts);
        println!("lexical,  {threads:>9}: {lexical:8.1} sentences/s");
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    if let Ok(threads) = std::env::var(CHILD_ENV) {
        return measure(&threads);
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let this = std::env::current_exe().expect("the benchmark knows its own path");
    for (threads, label) in [
        (1, "1 thread".to_owned()),
        (cores, format!("{cores} threads")),
    ] {
        let status = Command::new(&this)
            .env(CHILD_ENV, &label)
            .env("RAYON_NUM_THREADS", threads.to_string())
            .status()
            .expect("the benchmark can run itself");
        if !status.success() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

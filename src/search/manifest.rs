//! The manifest: what the last refresh of the on-disk index saw, kept beside the index so a
//! search can prove nothing changed by `stat`ing files instead of reading them. Owns its
//! compact file format and its atomic write; never decides what a change means (that is
//! `warm.rs`) and never touches the index.
//!
//! The format is a hand-rolled binary one rather than JSON: at 40k pages a JSON manifest is
//! about 7 MB and takes longer to parse than the whole warm search may take. Varints and
//! ids stored as "the first N bytes of the path" keep it near 2 MB; a blake3 checksum at the
//! end turns any damage into "no manifest", which only costs one full load.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::codec::{Dec, Enc};
use crate::content::{Stat, Warning, WarningKind};

const MAGIC: &[u8] = b"onramp-manifest\n";
/// Version of the layout below, and of the catalog file's it is written with.
const VERSION: u64 = 6;
const CHECKSUM: usize = 32;
/// The catalog's length (8 bytes) and checksum, between it and the final checksum.
const CATALOG_TRAILER: usize = 8 + CHECKSUM;

/// Everything the last refresh saw, for one index folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// `CARGO_PKG_VERSION` of the program that wrote it: a new build may load pages
    /// differently, so its manifest is not trusted.
    pub app: String,
    /// The index's schema `FORMAT`.
    pub format: u32,
    pub max_file_bytes: u64,
    /// The `content` field of the index commit this manifest describes. An index refreshed
    /// by anything else (the app, another version) no longer matches it.
    pub index_content: String,
    /// When the walk behind this manifest started, in ns since the epoch.
    pub walked_at_ns: i64,
    pub sources: Vec<SourceRecord>,
    /// Warnings the overlay added (an id used twice in one layer).
    pub overlay_warnings: Vec<Warning>,
}

/// One content source and the files found in it, sorted by `rel`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceRecord {
    pub key: SourceKey,
    pub files: Vec<FileRecord>,
    /// Every folder the walk listed, with its `stat`, sorted by path (`Walk::dirs`).
    pub dirs: Vec<(String, Stat)>,
    /// The walk's own warnings (folders it could not read, links it did not follow).
    pub walk_warnings: Vec<Warning>,
    /// The walk was plain (`Walk::plain`): while every folder keeps its `stat`, its files
    /// may be `stat`ed again without listing the folders.
    pub plain: bool,
}

/// What makes two sources the same: layer, the folder as named (it becomes each page's
/// `source`) and as resolved (the same name from another working folder is another folder),
/// the language setting, how its pages are read (a pack's name and settings, nav titles),
/// and for the bundled pack its build-time hash.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceKey {
    pub layer: String,
    pub location: String,
    pub canonical: String,
    pub lang: Option<String>,
    pub settings: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileRecord {
    pub rel: String,
    pub stat: Stat,
    /// The file changed so close to the walk that a later write in the same clock tick
    /// would leave its times unchanged: read it again next time rather than trust `stat`.
    pub racy: bool,
    /// The page's id, when it loaded.
    pub id: Option<String>,
    /// Set when this file's page is the one in the index for its id.
    pub indexed: Option<Indexed>,
    pub warnings: Vec<Warning>,
    /// The page without its body (`content::encode_page`), when it is the one the library
    /// holds for its id.
    pub page: Option<Vec<u8>>,
}

/// How a page is indexed: what `SearchIndex::open` would compute for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Indexed {
    pub fingerprint: String,
    pub translations: u64,
}

/// Replaces the manifest at `path` in one rename, so a reader sees the old or the new one.
/// No fsync: a manifest lost in a crash only costs one full load, and fsync would cost
/// more than the rest of a warm search on some disks.
///
/// The catalog goes to its own file ([`catalog_path`]) first: a search never reads it, and
/// the manifest names it by its checksum, so a reader that meets the new catalog with the
/// old manifest (or none) sees a mismatch and does without it.
pub fn write(path: &Path, manifest: &Manifest) -> std::io::Result<()> {
    let (bytes, catalog) = encode(manifest);
    replace(&catalog_path(path), &catalog)?;
    replace(path, &bytes)
}

/// Where the catalog of the manifest at `path` is kept: `index.catalog` beside
/// `index.manifest`.
pub fn catalog_path(path: &Path) -> std::path::PathBuf {
    path.with_extension("catalog")
}

fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "manifest".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!("{name}.tmp-{}", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes));
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Layout, after the magic and version: the header; each source's key and file count;
/// section A, every file's path and `stat` (all a warm check reads); section B, every file's
/// id and index entry; section C, the files that have warnings; the overlay's warnings; a
/// blake3 checksum of all that. Keeping A apart lets [`Quick`] check 40k files without
/// allocating for each.
pub fn encode(m: &Manifest) -> (Vec<u8>, Vec<u8>) {
    let mut out = Enc(Vec::with_capacity(
        64 + m.sources.iter().map(|s| s.files.len() * 72).sum::<usize>(),
    ));
    out.0.extend_from_slice(MAGIC);
    out.uint(VERSION);
    out.str(&m.app);
    out.uint(u64::from(m.format));
    out.uint(m.max_file_bytes);
    out.str(&m.index_content);
    out.int(m.walked_at_ns);
    out.uint(m.sources.len() as u64);
    for s in &m.sources {
        out.key(&s.key);
        out.uint(s.files.len() as u64);
        out.dirs(&s.dirs);
        out.byte(u8::from(s.plain));
    }
    for f in m.sources.iter().flat_map(|s| &s.files) {
        out.str(&f.rel);
        out.stat(&f.stat);
        out.0.push(u8::from(f.racy));
    }
    for f in m.sources.iter().flat_map(|s| &s.files) {
        let flags = u8::from(f.id.is_some()) | (u8::from(f.indexed.is_some()) << 1);
        out.0.push(flags);
        if let Some(id) = &f.id {
            // Most ids are the path without its extension: store only how long.
            if f.rel.starts_with(id.as_str()) {
                out.uint(id.len() as u64 + 1);
            } else {
                out.uint(0);
                out.str(id);
            }
        }
        if let Some(ix) = &f.indexed {
            out.str(&ix.fingerprint);
            out.uint(ix.translations);
        }
    }
    let warned: Vec<(usize, usize, &FileRecord)> = m
        .sources
        .iter()
        .enumerate()
        .flat_map(|(si, s)| {
            s.files
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.warnings.is_empty())
                .map(move |(fi, f)| (si, fi, f))
        })
        .collect();
    out.uint(warned.len() as u64);
    for (si, fi, f) in warned {
        out.uint(si as u64);
        out.uint(fi as u64);
        out.warnings(&f.warnings);
    }
    out.warnings(&m.overlay_warnings);
    // The catalog: what `show` and `list` read. The manifest keeps its length and
    // checksum, so a search, which reads it only to write the manifest again, knows it is
    // the one written with this manifest.
    let cat = super::catalog::file::encode(m);
    let cat_sum = blake3::hash(&cat);
    let mut trailer = (cat.len() as u64).to_le_bytes().to_vec();
    trailer.extend_from_slice(cat_sum.as_bytes());
    let mut hasher = blake3::Hasher::new();
    hasher.update(&out.0);
    hasher.update(&trailer);
    out.0.extend_from_slice(&trailer);
    out.0.extend_from_slice(hasher.finalize().as_bytes());
    (out.0, cat)
}

/// The part of a manifest a warm check needs, borrowed from the file's bytes.
#[derive(Debug)]
pub struct Quick<'a> {
    pub app: String,
    pub format: u32,
    pub max_file_bytes: u64,
    pub index_content: String,
    pub walked_at_ns: i64,
    pub keys: Vec<SourceKey>,
    /// Per source: its folders and their `stat`, sorted by path.
    pub dirs: Vec<Vec<(&'a str, Stat)>>,
    /// Per source: whether its walk was plain (`SourceRecord::plain`).
    pub plain: Vec<bool>,
    /// Per source: (path, stat, racy), sorted by path.
    pub files: Vec<Vec<(&'a str, Stat, bool)>>,
    /// Sections B and C and the overlay warnings, decoded by [`Quick::full`].
    rest: &'a [u8],
    /// The length and checksum of the catalog this manifest was written with.
    catalog_len: u64,
    catalog_sum: &'a [u8],
}

/// Recorded warnings: per source, (file index, its warnings) in file order; then the overlay's.
#[derive(Debug)]
pub struct Replay {
    pub per_source: Vec<Vec<(usize, Vec<Warning>)>>,
    pub overlay: Vec<Warning>,
}

/// Checks the checksum and reads the header and section A.
pub fn quick(bytes: &[u8]) -> Option<Quick<'_>> {
    let trailer_at = bytes.len().checked_sub(CHECKSUM + CATALOG_TRAILER)?;
    let (front, sum) = bytes.split_at(bytes.len() - CHECKSUM);
    let trailer = &front[trailer_at..];
    let catalog_len = u64::from_le_bytes(trailer[..8].try_into().ok()?);
    let body = &front[..trailer_at];
    let mut hasher = blake3::Hasher::new();
    hasher.update(body);
    hasher.update(trailer);
    if hasher.finalize().as_bytes() != sum {
        return None;
    }
    let catalog_sum = &trailer[8..];
    let mut d = Dec(body.strip_prefix(MAGIC)?);
    if d.uint()? != VERSION {
        return None;
    }
    let app = d.string()?;
    let format = u32::try_from(d.uint()?).ok()?;
    let max_file_bytes = d.uint()?;
    let index_content = d.string()?;
    let walked_at_ns = d.int()?;
    let n_sources = d.len()?;
    let mut keys = Vec::with_capacity(n_sources);
    let mut counts = Vec::with_capacity(n_sources);
    let mut dirs = Vec::with_capacity(n_sources);
    let mut plain = Vec::with_capacity(n_sources);
    for _ in 0..n_sources {
        keys.push(d.key()?);
        counts.push(d.len()?);
        dirs.push(d.dirs()?);
        plain.push(match d.byte()? {
            0 => false,
            1 => true,
            _ => return None,
        });
    }
    let mut files = Vec::with_capacity(n_sources);
    for n in counts {
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let rel = d.str()?;
            let stat = d.stat()?;
            let racy = match d.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            };
            list.push((rel, stat, racy));
        }
        files.push(list);
    }
    Some(Quick {
        app,
        format,
        max_file_bytes,
        index_content,
        walked_at_ns,
        keys,
        dirs,
        plain,
        files,
        rest: d.0,
        catalog_len,
        catalog_sum,
    })
}

impl Quick<'_> {
    /// Everything, owned: for when files must be read again and the manifest rewritten.
    pub fn full(&self, catalog: &[u8]) -> Option<Manifest> {
        let mut d = Dec(self.rest);
        let mut sources: Vec<SourceRecord> = Vec::with_capacity(self.keys.len());
        for ((key, list), &plain) in self.keys.iter().zip(&self.files).zip(&self.plain) {
            let mut files = Vec::with_capacity(list.len());
            for &(rel, stat, racy) in list {
                let flags = d.byte()?;
                let id = if flags & 1 != 0 {
                    match d.uint()? {
                        0 => Some(d.string()?),
                        n => Some(rel.get(..usize::try_from(n - 1).ok()?)?.to_string()),
                    }
                } else {
                    None
                };
                let indexed = if flags & 2 != 0 {
                    Some(Indexed {
                        fingerprint: d.string()?,
                        translations: d.uint()?,
                    })
                } else {
                    None
                };
                files.push(FileRecord {
                    rel: rel.to_string(),
                    stat,
                    racy,
                    id,
                    indexed,
                    warnings: Vec::new(),
                    page: None,
                });
            }
            sources.push(SourceRecord {
                key: key.clone(),
                files,
                plain,
                ..SourceRecord::default()
            });
        }
        warnings_into(&mut d, &mut sources)?;
        let overlay_warnings = d.warnings()?;
        if !d.0.is_empty() {
            return None;
        }
        let (walk_warnings, pages) = self.catalog(catalog)?;
        for ((s, dirs), warnings) in sources.iter_mut().zip(&self.dirs).zip(walk_warnings) {
            s.dirs = dirs
                .iter()
                .map(|&(rel, stat)| (rel.to_string(), stat))
                .collect();
            s.walk_warnings = warnings;
        }
        let mut pages = pages.into_iter();
        for f in sources.iter_mut().flat_map(|s| &mut s.files) {
            f.page = pages.next()?;
        }
        if pages.next().is_some() {
            return None;
        }
        Some(Manifest {
            app: self.app.clone(),
            format: self.format,
            max_file_bytes: self.max_file_bytes,
            index_content: self.index_content.clone(),
            walked_at_ns: self.walked_at_ns,
            sources,
            overlay_warnings,
        })
    }

    /// What the catalog in `bytes` (the file [`write`] put beside the manifest) keeps,
    /// when it is the one this manifest was written with; `None` when it is damaged.
    fn catalog(&self, bytes: &[u8]) -> Option<super::catalog::file::Kept> {
        if bytes.len() as u64 != self.catalog_len
            || blake3::hash(bytes).as_bytes() != self.catalog_sum
        {
            return None;
        }
        super::catalog::file::kept(bytes)
    }

    /// The warnings a full load would print for the files, in source and path order, then
    /// the overlay's; skips section B without decoding it.
    pub fn file_warnings(&self) -> Option<Replay> {
        let mut d = Dec(self.rest);
        for _ in self.files.iter().flatten() {
            let flags = d.byte()?;
            if flags & 1 != 0 && d.uint()? == 0 {
                d.str()?;
            }
            if flags & 2 != 0 {
                d.str()?;
                d.uint()?;
            }
        }
        let mut per_source: Vec<Vec<(usize, Vec<Warning>)>> = vec![Vec::new(); self.files.len()];
        let n = d.len()?;
        for _ in 0..n {
            let si = usize::try_from(d.uint()?).ok()?;
            let fi = usize::try_from(d.uint()?).ok()?;
            let ws = d.warnings()?;
            per_source.get_mut(si)?.push((fi, ws));
        }
        let overlay = d.warnings()?;
        d.0.is_empty().then_some(Replay {
            per_source,
            overlay,
        })
    }
}

fn warnings_into(d: &mut Dec<'_>, sources: &mut [SourceRecord]) -> Option<()> {
    let n = d.len()?;
    for _ in 0..n {
        let si = usize::try_from(d.uint()?).ok()?;
        let fi = usize::try_from(d.uint()?).ok()?;
        sources.get_mut(si)?.files.get_mut(fi)?.warnings = d.warnings()?;
    }
    Some(())
}

/// Reads a whole manifest, owned.
#[cfg(test)]
pub fn decode((bytes, catalog): &(Vec<u8>, Vec<u8>)) -> Option<Manifest> {
    quick(bytes)?.full(catalog)
}

/// The manifest's own pieces over the shared primitives.
pub(super) trait ManifestEnc {
    /// What makes a source the same one ([`SourceKey`]).
    fn key(&mut self, key: &SourceKey);
    /// A source's folders and their `stat`, as the walk listed them.
    fn dirs(&mut self, dirs: &[(String, Stat)]);
    fn stat(&mut self, stat: &Stat);
    fn opt_str(&mut self, s: Option<&str>);
    fn warnings(&mut self, ws: &[Warning]);
}

impl ManifestEnc for Enc {
    fn key(&mut self, key: &SourceKey) {
        self.str(&key.layer);
        self.str(&key.location);
        self.str(&key.canonical);
        self.opt_str(key.lang.as_deref());
        self.str(&key.settings);
    }

    fn dirs(&mut self, dirs: &[(String, Stat)]) {
        self.uint(dirs.len() as u64);
        for (rel, stat) in dirs {
            self.str(rel);
            self.stat(stat);
        }
    }

    fn stat(&mut self, stat: &Stat) {
        self.uint(stat.size);
        self.int(stat.mtime_ns);
        self.int(stat.ctime_ns);
        self.uint(stat.inode);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.byte(0),
            Some(s) => {
                self.byte(1);
                self.str(s);
            }
        }
    }

    fn warnings(&mut self, ws: &[Warning]) {
        self.uint(ws.len() as u64);
        for w in ws {
            self.str(&w.file);
            self.uint(w.line.map_or(0, |l| l as u64 + 1));
            self.str(&w.message);
            self.byte(u8::from(w.skipped));
            let kind = WarningKind::ALL.iter().position(|k| *k == w.kind);
            self.byte(kind.map_or(0, |k| k as u8));
        }
    }
}

pub(super) trait ManifestDec<'a> {
    fn key(&mut self) -> Option<SourceKey>;
    fn dirs(&mut self) -> Option<Vec<(&'a str, Stat)>>;
    fn stat(&mut self) -> Option<Stat>;
    /// A string that may be absent; `Err` on damage.
    fn opt_string(&mut self) -> Result<Option<String>, ()>;
    fn warnings(&mut self) -> Option<Vec<Warning>>;
}

impl<'a> ManifestDec<'a> for Dec<'a> {
    fn key(&mut self) -> Option<SourceKey> {
        Some(SourceKey {
            layer: self.string()?,
            location: self.string()?,
            canonical: self.string()?,
            lang: self.opt_string().ok()?,
            settings: self.string()?,
        })
    }

    fn dirs(&mut self) -> Option<Vec<(&'a str, Stat)>> {
        let n = self.len()?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            list.push((self.str()?, self.stat()?));
        }
        Some(list)
    }

    fn stat(&mut self) -> Option<Stat> {
        Some(Stat {
            size: self.uint()?,
            mtime_ns: self.int()?,
            ctime_ns: self.int()?,
            inode: self.uint()?,
        })
    }

    fn opt_string(&mut self) -> Result<Option<String>, ()> {
        match self.byte().ok_or(())? {
            0 => Ok(None),
            1 => Ok(Some(self.string().ok_or(())?)),
            _ => Err(()),
        }
    }

    fn warnings(&mut self) -> Option<Vec<Warning>> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let file = self.string()?;
            let line = match self.uint()? {
                0 => None,
                l => Some(usize::try_from(l - 1).ok()?),
            };
            let message = self.string()?;
            let skipped = match self.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            };
            let kind = *WarningKind::ALL.get(usize::from(self.byte()?))?;
            out.push(Warning {
                file,
                line,
                message,
                skipped,
                kind,
            });
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            app: "0.1.0".into(),
            format: 2,
            max_file_bytes: 8 << 20,
            index_content: "abc".into(),
            walked_at_ns: 1_700_000_000_123_456_789,
            sources: vec![SourceRecord {
                key: SourceKey {
                    layer: "Flag".into(),
                    location: "docs".into(),
                    canonical: "/x/docs".into(),
                    lang: Some("it".into()),
                    settings: "abc".into(),
                },
                files: vec![
                    FileRecord {
                        rel: "guides/a.md".into(),
                        stat: Stat {
                            size: 12,
                            mtime_ns: -5,
                            ctime_ns: 9,
                            inode: 77,
                        },
                        racy: true,
                        id: Some("guides/a".into()),
                        indexed: Some(Indexed {
                            fingerprint: "ff00".into(),
                            translations: 3,
                        }),
                        warnings: vec![Warning {
                            file: "docs/guides/a.md".into(),
                            line: Some(0),
                            message: "odd".into(),
                            skipped: false,
                            kind: WarningKind::Field,
                        }],
                        page: Some(vec![1, 2, 3]),
                    },
                    FileRecord {
                        rel: "b.md".into(),
                        id: Some("custom/id".into()),
                        ..FileRecord::default()
                    },
                    FileRecord {
                        rel: "broken.md".into(),
                        warnings: vec![Warning {
                            file: "docs/broken.md".into(),
                            line: None,
                            message: "bad".into(),
                            skipped: true,
                            kind: WarningKind::Unreadable,
                        }],
                        ..FileRecord::default()
                    },
                ],
                dirs: vec![
                    (String::new(), Stat::default()),
                    (
                        "guides".into(),
                        Stat {
                            size: 4096,
                            mtime_ns: 7,
                            ctime_ns: 8,
                            inode: 9,
                        },
                    ),
                ],
                walk_warnings: vec![Warning {
                    file: "docs/odd".into(),
                    line: None,
                    message: "cannot read folder".into(),
                    skipped: true,
                    kind: WarningKind::Unreadable,
                }],
                plain: true,
            }],
            overlay_warnings: vec![Warning {
                file: "f".into(),
                line: None,
                message: "twice".into(),
                skipped: false,
                kind: WarningKind::DuplicateId,
            }],
        }
    }

    #[test]
    fn round_trips() {
        let m = sample();
        assert_eq!(decode(&encode(&m)), Some(m));
    }

    /// `body` with the checksum a manifest ends with, so decoding goes past the check.
    /// `body` with an empty catalog, sealed.
    fn sealed(body: &[u8]) -> Vec<u8> {
        let mut trailer = 0u64.to_le_bytes().to_vec();
        trailer.extend_from_slice(blake3::hash(b"").as_bytes());
        let mut hasher = blake3::Hasher::new();
        hasher.update(body);
        hasher.update(&trailer);
        let mut bytes = body.to_vec();
        bytes.extend_from_slice(&trailer);
        bytes.extend_from_slice(hasher.finalize().as_bytes());
        bytes
    }

    /// A manifest's bytes up to the catalog's length and checksum.
    fn front(bytes: &[u8]) -> &[u8] {
        &bytes[..bytes.len() - CHECKSUM - CATALOG_TRAILER]
    }

    /// What a manifest's decoder may be handed: junk, junk behind the magic and version with
    /// a valid checksum, and a real manifest with bytes changed, cut or added, then sealed
    /// again, so every field's decoding meets damage.
    fn manifest_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let (good, _) = encode(&sample());
        let body = front(&good).to_vec();
        let edited = {
            let body = body.clone();
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8).prop_map(
                move |edits| {
                    let mut b = body.clone();
                    for (at, byte) in edits {
                        let i = at.index(b.len());
                        b[i] = byte;
                    }
                    sealed(&b)
                },
            )
        };
        let cut = {
            let body = body.clone();
            any::<prop::sample::Index>().prop_map(move |at| sealed(&body[..at.index(body.len())]))
        };
        let grown = proptest::collection::vec(any::<u8>(), 1..40).prop_map(move |tail| {
            let mut b = body.clone();
            b.extend(tail);
            sealed(&b)
        });
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            proptest::collection::vec(any::<u8>(), 0..200).prop_map(|junk| {
                let mut b = MAGIC.to_vec();
                b.push(1);
                b.extend(junk);
                sealed(&b)
            }),
            edited,
            cut,
            grown,
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_decode_to_a_manifest_or_none(bytes in manifest_bytes()) {
            // None is the clear answer here: no manifest, so the next search loads everything.
            if let Some(q) = quick(&bytes) {
                let _ = q.file_warnings();
                if let Some(m) = q.full(&[]) {
                    proptest::prop_assert_eq!(decode(&encode(&m)), Some(m));
                }
            }
        }
    }

    #[test]
    fn any_damage_reads_as_none() {
        let (bytes, catalog) = encode(&sample());
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(
                decode(&(bytes[..cut].to_vec(), catalog.clone())),
                None,
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[MAGIC.len() + 3] ^= 0x40;
        assert_eq!(decode(&(flipped, catalog.clone())), None);
        assert_eq!(decode(&(b"garbage".to_vec(), Vec::new())), None);
        // A catalog not the one the manifest was written with: another one, or damaged.
        let mut other = catalog.clone();
        other[0] ^= 1;
        assert_eq!(decode(&(bytes.clone(), other)), None);
        assert_eq!(decode(&(bytes, catalog[1..].to_vec())), None);
    }
}

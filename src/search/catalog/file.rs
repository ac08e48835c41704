//! The catalog file's layout (`index.catalog`, written with the manifest by every refresh):
//! the pages as the refresh recorded them, for `show` and `list`. It stands on its own, so
//! `show` reads it and not the manifest, and it is laid out so `show` reads only its head
//! and the few records it needs: a few kilobytes of a catalog of 40k pages.
//!
//! * The magic; the head's length (8 bytes, little-endian); the head; its blake3.
//! * The head, in the shared varint codec: the version; what the manifest's header says of
//!   the program and the sources (keys, folders and their `stat`); every warning a load
//!   gives (each walk's, each file's, the overlay's); the blake3 of the record region; the
//!   pages every reach admits (those whose body the library's rules read), with a copy of
//!   their records; the keys pages answer to
//!   (`content::page_keys`), each with its pages; then two tables of little-endian `u32`:
//!   where each key starts (sorted by key, so a lookup is a binary search) and where each
//!   record starts.
//! * One record per file, in source and path order: its path, `stat`, racy flag and page
//!   (`content::encode_page`) when the library holds it, then 16 bytes of its own blake3.
//!
//! A reader checks the head once, then either the whole record region (a reader of every
//! page) or each record it reads, so damage anywhere costs no more than a full load.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;
use std::sync::OnceLock;

use super::super::manifest::{Manifest, ManifestDec, ManifestEnc, SourceKey};
use crate::codec::{Dec, Enc};
use crate::content::regular::open_regular;
use crate::content::{Reach, Stat, Warning, needs_body, page_keys, peek_page};

const MAGIC: &[u8] = b"onramp-catalog\n";
/// Version of the layout above.
const VERSION: u64 = 1;
const SUM: usize = 32;
const RECORD_SUM: usize = 16;
/// The most a catalog may hold before it is not read: about 40 times what 40k pages need.
pub(crate) const CAP: u64 = 128 << 20;

/// The catalog of `m`.
pub(crate) fn encode(m: &Manifest) -> Vec<u8> {
    let files: Vec<_> = m.sources.iter().flat_map(|s| &s.files).collect();
    let mut records = Enc(Vec::with_capacity(files.len() * 96));
    let mut starts: Vec<u32> = Vec::with_capacity(files.len() + 1);
    let mut always: Vec<usize> = Vec::new();
    let mut keyed: Vec<(&str, usize)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let start = records.0.len();
        starts.push(offset(start));
        records.str(&f.rel);
        records.stat(&f.stat);
        records.byte(u8::from(f.racy));
        match &f.page {
            None => records.uint(0),
            Some(bytes) => {
                records.uint(bytes.len() as u64 + 1);
                records.0.extend_from_slice(bytes);
            }
        }
        let sum = blake3::hash(&records.0[start..]);
        records.0.extend_from_slice(&sum.as_bytes()[..RECORD_SUM]);
        let Some(page) = &f.page else { continue };
        match (peek_page(page), f.id.as_deref()) {
            (Some((kind, own)), Some(id)) if !needs_body(kind) => {
                let first = keyed.len();
                for key in page_keys(id, &f.rel, &own) {
                    if !keyed[first..].iter().any(|(k, _)| *k == key) {
                        keyed.push((key, i));
                    }
                }
            }
            _ => always.push(i),
        }
    }
    starts.push(offset(records.0.len()));
    keyed.sort_unstable();

    let mut head = Enc(Vec::with_capacity(
        keyed.len() * 8 + starts.len() * 4 + 4096,
    ));
    head.uint(VERSION);
    head.str(&m.app);
    head.uint(u64::from(m.format));
    head.uint(m.max_file_bytes);
    head.int(m.walked_at_ns);
    head.uint(m.sources.len() as u64);
    for s in &m.sources {
        head.key(&s.key);
        head.uint(s.files.len() as u64);
        head.dirs(&s.dirs);
        head.warnings(&s.walk_warnings);
        let warned: Vec<_> = s.files.iter().filter(|f| !f.warnings.is_empty()).collect();
        head.uint(warned.len() as u64);
        for f in warned {
            head.warnings(&f.warnings);
        }
    }
    head.warnings(&m.overlay_warnings);
    head.0
        .extend_from_slice(blake3::hash(&records.0).as_bytes());
    // The pages every reach admits come with the head, so a reader that admits them all
    // reads no record for them.
    indices(&mut head, always.iter().copied());
    for &i in &always {
        let (from, to) = (starts[i] as usize, starts[i + 1] as usize);
        let record = records.0.get(from..to).unwrap_or_default();
        head.uint(record.len() as u64);
        head.0.extend_from_slice(record);
    }
    let mut blob = Enc(Vec::with_capacity(keyed.len() * 12));
    let mut key_starts: Vec<u32> = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        key_starts.push(offset(blob.0.len()));
        blob.str(group[0].0);
        indices(&mut blob, group.iter().map(|&(_, i)| i));
    }
    head.uint(key_starts.len() as u64);
    head.uint(blob.0.len() as u64);
    head.0.extend_from_slice(&blob.0);
    for n in key_starts.iter().chain(&starts) {
        head.0.extend_from_slice(&n.to_le_bytes());
    }

    let mut out = Vec::with_capacity(MAGIC.len() + 8 + head.0.len() + SUM + records.0.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(head.0.len() as u64).to_le_bytes());
    out.extend_from_slice(&head.0);
    out.extend_from_slice(blake3::hash(&head.0).as_bytes());
    out.extend_from_slice(&records.0);
    out
}

/// An offset into the record region or the key blob; one past what a catalog under [`CAP`]
/// can hold makes every read of it fail, which only costs a full load.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Ascending file indices, as a count and the gaps between them.
fn indices(out: &mut Enc, list: impl ExactSizeIterator<Item = usize>) {
    out.uint(list.len() as u64);
    let mut previous = 0;
    for i in list {
        out.uint((i - previous) as u64);
        previous = i;
    }
}

fn read_indices(d: &mut Dec<'_>, files: usize, out: &mut Vec<usize>) -> Option<()> {
    let n = d.len()?;
    let mut at = 0usize;
    for _ in 0..n {
        at = at.checked_add(usize::try_from(d.uint()?).ok()?)?;
        if at >= files {
            return None;
        }
        out.push(at);
    }
    Some(())
}

fn take<'a>(d: &mut Dec<'a>, n: usize) -> Option<&'a [u8]> {
    if n > d.0.len() {
        return None;
    }
    let (front, rest) = d.0.split_at(n);
    d.0 = rest;
    Some(front)
}

fn u32_at(table: &[u8], i: usize) -> Option<usize> {
    let bytes = table.get(i * 4..i * 4 + 4)?;
    usize::try_from(u32::from_le_bytes(bytes.try_into().ok()?)).ok()
}

/// A catalog file, its head checked.
#[derive(Debug)]
pub(crate) struct Shelf {
    head: Vec<u8>,
    records: Records,
}

#[derive(Debug)]
enum Records {
    /// Read and checked whole.
    All(Vec<u8>),
    /// Read a record at a time from the open file, from this offset; or whole, once, for
    /// a reader of most of them ([`Shelf::read_records`]).
    #[cfg_attr(not(unix), allow(dead_code))]
    File(File, u64, OnceLock<Option<Vec<u8>>>),
}

impl Shelf {
    /// The catalog at `path`, every record read and checked.
    pub(crate) fn read_all(path: &Path) -> Option<Shelf> {
        let bytes = crate::content::regular::read_regular(path, CAP).ok()?;
        Shelf::from_bytes(&bytes)
    }

    /// The catalog in `bytes`, every record checked.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Shelf> {
        let (head, at) = split_head(bytes)?;
        let shelf = Shelf {
            head: head.to_vec(),
            records: Records::All(bytes[at..].to_vec()),
        };
        let Records::All(records) = &shelf.records else {
            unreachable!()
        };
        (blake3::hash(records).as_bytes() == shelf.head()?.records_sum).then_some(shelf)
    }

    /// The catalog at `path` with only its head read: each record is read (and checked)
    /// when asked for.
    #[cfg(unix)]
    pub(crate) fn open(path: &Path) -> Option<Shelf> {
        use std::os::unix::fs::FileExt;
        let file = open_regular(path).ok()?;
        let len = file.metadata().ok()?.len();
        if len > CAP {
            return None;
        }
        // The head's length first, then the head and its sum, read in place.
        let mut front = vec![0u8; MAGIC.len() + 8];
        file.read_exact_at(&mut front, 0).ok()?;
        let at = MAGIC.len() + 8 + head_len(&front)? + SUM;
        if at as u64 > len {
            return None;
        }
        let mut bytes = vec![0u8; at];
        bytes[..front.len()].copy_from_slice(&front);
        file.read_exact_at(&mut bytes[front.len()..], front.len() as u64)
            .ok()?;
        split_head(&bytes)?;
        // Only the head is kept: drop the magic and length in front, and the sum behind.
        bytes.truncate(at - SUM);
        bytes.drain(..front.len());
        Some(Shelf {
            head: bytes,
            records: Records::File(file, at as u64, OnceLock::new()),
        })
    }

    #[cfg(not(unix))]
    pub(crate) fn open(path: &Path) -> Option<Shelf> {
        Shelf::read_all(path)
    }

    /// The head, decoded (it was checked when the shelf was opened).
    pub(crate) fn head(&self) -> Option<Head<'_>> {
        Head::decode(&self.head)
    }

    /// Reads every record at once (and checks them whole), for a reader about to read most
    /// of them: one read instead of one a record. False when they are damaged.
    pub(crate) fn read_records(&self, head: &Head<'_>) -> bool {
        let Records::File(file, at, whole) = &self.records else {
            return true;
        };
        let bytes = whole.get_or_init(|| {
            let len = u32_at(head.starts, head.files())?;
            let bytes = read_at(file, *at, len)?;
            (blake3::hash(&bytes).as_bytes() == head.records_sum).then_some(bytes)
        });
        bytes.is_some()
    }

    /// File `i`'s record, checked against its own sum.
    pub(crate) fn record<'s>(&'s self, head: &Head<'s>, i: usize) -> Option<RecordBytes<'s>> {
        if let Ok(k) = head.always.binary_search_by_key(&i, |&(i, _)| i) {
            let copy = head.always[k].1;
            return (copy.len() >= RECORD_SUM).then_some(RecordBytes(Cow::Borrowed(copy)));
        }
        let start = u32_at(head.starts, i)?;
        let end = u32_at(head.starts, i + 1)?;
        if end < start + RECORD_SUM {
            return None;
        }
        // A region already checked whole needs no record checked again.
        if let Some(whole) = self.checked_records() {
            return Some(RecordBytes(Cow::Borrowed(whole.get(start..end)?)));
        }
        let Records::File(file, at, _) = &self.records else {
            return None;
        };
        let bytes = read_at(file, *at + start as u64, end - start)?;
        let (body, sum) = bytes.split_at(bytes.len() - RECORD_SUM);
        (blake3::hash(body).as_bytes()[..RECORD_SUM] == *sum)
            .then_some(RecordBytes(Cow::Owned(bytes)))
    }

    /// The record region, when it was read and checked whole.
    fn checked_records(&self) -> Option<&[u8]> {
        match &self.records {
            Records::All(all) => Some(all),
            Records::File(_, _, whole) => whole.get()?.as_deref(),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, at: u64, len: usize) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, at).ok()?;
    Some(buf)
}

#[cfg(not(unix))]
fn read_at(_: &File, _: u64, _: usize) -> Option<Vec<u8>> {
    None
}

fn head_len(bytes: &[u8]) -> Option<usize> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let n = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    usize::try_from(n).ok().filter(|&n| n as u64 <= CAP)
}

/// The checked head of `bytes` and where the records start.
fn split_head(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let n = head_len(bytes)?;
    let from = MAGIC.len() + 8;
    let head = bytes.get(from..from + n)?;
    let sum = bytes.get(from + n..from + n + SUM)?;
    (blake3::hash(head).as_bytes() == sum).then_some((head, from + n + SUM))
}

/// One record's bytes, checked.
pub(crate) struct RecordBytes<'a>(Cow<'a, [u8]>);

/// A file as recorded.
pub(crate) struct Record<'a> {
    pub rel: &'a str,
    pub stat: Stat,
    pub racy: bool,
    pub page: Option<&'a [u8]>,
}

impl RecordBytes<'_> {
    pub(crate) fn decode(&self) -> Option<Record<'_>> {
        let mut d = Dec(&self.0[..self.0.len() - RECORD_SUM]);
        let rel = d.str()?;
        let stat = d.stat()?;
        let racy = match d.byte()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let page = match d.uint()? {
            0 => None,
            n => Some(take(&mut d, usize::try_from(n - 1).ok()?)?),
        };
        d.0.is_empty().then_some(Record {
            rel,
            stat,
            racy,
            page,
        })
    }
}

/// The head of a catalog, borrowed from its bytes.
#[derive(Debug)]
pub(crate) struct Head<'a> {
    pub app: &'a str,
    pub format: u32,
    pub max_file_bytes: u64,
    pub walked_at_ns: i64,
    pub keys: Vec<SourceKey>,
    /// Per source: how many files, and its folders with their `stat`, sorted by path.
    pub counts: Vec<usize>,
    pub dirs: Vec<Vec<(&'a str, Stat)>>,
    /// Per source: the walk's own warnings, and its files' (in path order).
    pub walk_warnings: Vec<Vec<Warning>>,
    pub file_warnings: Vec<Vec<Warning>>,
    /// The overlay's warnings (an id used twice in one layer).
    pub overlay: Vec<Warning>,
    records_sum: &'a [u8],
    /// The pages every reach admits, ascending, with their records.
    always: Vec<(usize, &'a [u8])>,
    blob: &'a [u8],
    key_starts: &'a [u8],
    starts: &'a [u8],
}

impl<'a> Head<'a> {
    fn decode(bytes: &'a [u8]) -> Option<Head<'a>> {
        let mut d = Dec(bytes);
        if d.uint()? != VERSION {
            return None;
        }
        let app = d.str()?;
        let format = u32::try_from(d.uint()?).ok()?;
        let max_file_bytes = d.uint()?;
        let walked_at_ns = d.int()?;
        let n_sources = d.len()?;
        let mut keys = Vec::with_capacity(n_sources);
        let mut counts = Vec::with_capacity(n_sources);
        let mut dirs = Vec::with_capacity(n_sources);
        let mut walk_warnings = Vec::with_capacity(n_sources);
        let mut file_warnings = Vec::with_capacity(n_sources);
        for _ in 0..n_sources {
            keys.push(d.key()?);
            counts.push(usize::try_from(d.uint()?).ok()?);
            dirs.push(d.dirs()?);
            walk_warnings.push(d.warnings()?);
            let mut files = Vec::new();
            for _ in 0..d.len()? {
                files.extend(d.warnings()?);
            }
            file_warnings.push(files);
        }
        let overlay = d.warnings()?;
        let records_sum = take(&mut d, SUM)?;
        let files = counts.iter().try_fold(0usize, |a, &n| a.checked_add(n))?;
        let mut indices = Vec::new();
        read_indices(&mut d, files, &mut indices)?;
        let mut always = Vec::with_capacity(indices.len());
        for i in indices {
            let n = d.len()?;
            always.push((i, take(&mut d, n)?));
        }
        let n_keys = usize::try_from(d.uint()?).ok()?;
        let blob_len = d.len()?;
        let blob = take(&mut d, blob_len)?;
        let key_starts = take(&mut d, n_keys.checked_mul(4)?)?;
        let starts = take(&mut d, files.checked_add(1)?.checked_mul(4)?)?;
        d.0.is_empty().then_some(Head {
            app,
            format,
            max_file_bytes,
            walked_at_ns,
            keys,
            counts,
            dirs,
            walk_warnings,
            file_warnings,
            overlay,
            records_sum,
            always,
            blob,
            key_starts,
            starts,
        })
    }

    /// The warnings a full load gives, in its order: per source the walk's, then its
    /// files'; then the overlay's.
    pub(crate) fn load_warnings(&self) -> Vec<Warning> {
        let per_source = self.walk_warnings.iter().zip(&self.file_warnings);
        per_source
            .flat_map(|(walk, files)| walk.iter().chain(files))
            .chain(&self.overlay)
            .cloned()
            .collect()
    }

    /// How many files the catalog records, over every source.
    pub(crate) fn files(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The source of file `i`.
    pub(crate) fn source_of(&self, i: usize) -> Option<usize> {
        let mut end = 0;
        self.counts.iter().position(|&n| {
            end += n;
            i < end
        })
    }

    /// The files a library for `reach` needs, ascending: those whose page answers to a key
    /// it names, and those every reach admits. Files without a page are never admitted.
    pub(crate) fn admitted(&self, reach: &Reach) -> Option<Vec<usize>> {
        let files = self.files();
        if reach.is_everything() {
            return Some((0..files).collect());
        }
        let mut out: Vec<usize> = self.always.iter().map(|&(i, _)| i).collect();
        for key in reach.named() {
            if let Some(at) = self.key(key).ok()? {
                let mut d = Dec(self.blob.get(at..)?);
                d.str()?;
                read_indices(&mut d, files, &mut out)?;
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// Where `key`'s entry starts in the blob: `Ok(None)` when no page answers to it, `Err`
    /// when the table is damaged.
    fn key(&self, key: &str) -> Result<Option<usize>, ()> {
        let n = self.key_starts.len() / 4;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at = u32_at(self.key_starts, mid).ok_or(())?;
            let found = self.blob.get(at..).and_then(|b| Dec(b).str()).ok_or(())?;
            match found.cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(Some(at)),
            }
        }
        Ok(None)
    }
}

/// What the manifest keeps in its catalog, from the catalog's bytes: each source's walk
/// warnings, and each file's page in source and path order. `None` when it is damaged.
pub(crate) type Kept = (Vec<Vec<Warning>>, Vec<Option<Vec<u8>>>);

pub(crate) fn kept(bytes: &[u8]) -> Option<Kept> {
    let shelf = Shelf::from_bytes(bytes)?;
    let head = shelf.head()?;
    let pages = (0..head.files())
        .map(|i| {
            let record = shelf.record(&head, i)?;
            Some(record.decode()?.page.map(<[u8]>::to_vec))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((head.walk_warnings, pages))
}

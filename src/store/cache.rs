//! The parse cache: what each product file held and parsed to when pm last
//! read it, so that an unchanged file is neither opened nor parsed again.
//!
//! An entry is served only when the file's size, modification and change
//! times (with nanoseconds), inode and device are exactly those recorded.
//! Like git's index, the cache must not trust a file that may change again
//! within the same timestamp: a file whose modification or change time is
//! less than [`SETTLE`] before the moment pm started reading is not stored,
//! so it is read and parsed again next time. A user can set a file's
//! modification time back, but not its change time, so an edit that keeps
//! the size and the modification time is still seen.
//!
//! The cache lives in the repository's git directory (`.git/pm/`), or in the
//! user's cache directory for a product outside git. It is only ever an
//! optimisation: a cache that is missing, unreadable, truncated, corrupt or
//! written by another version of pm is ignored and rebuilt, never an error,
//! and `--no-cache` (or `PM_NO_CACHE=1`) bypasses it entirely.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Number, Value};

use super::product::Product;
use crate::model::config::Limits;

/// How long a file must have been left alone before its parse is stored.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

const MAGIC: &[u8; 8] = b"pm-parse";
/// Bumped whenever the layout or the meaning of an entry changes.
const FORMAT: u32 = 4;
/// Values nest at most this deep (the YAML reader's own ceiling, plus slack).
const MAX_NESTING: u32 = 200;

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
    pub ino: u64,
    pub dev: u64,
}

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        })
    }

    /// Without inodes and change times a stamp cannot be trusted: no cache.
    #[cfg(not(unix))]
    pub fn of(_meta: &Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file had been left alone for [`SETTLE`] when reading started at `start`.
    fn settled(&self, start: SystemTime) -> bool {
        let Ok(start) = start.duration_since(SystemTime::UNIX_EPOCH) else { return false };
        let limit = start.saturating_sub(SETTLE);
        let at = |(secs, nanos): (i64, i64)| {
            u64::try_from(secs).ok().map(|s| Duration::new(s, u32::try_from(nanos).unwrap_or(0)))
        };
        matches!((at(self.mtime), at(self.ctime)), (Some(m), Some(c)) if m < limit && c < limit)
    }
}

/// One file's parse, as stored.
struct Entry {
    stamp: Stamp,
    /// The fingerprint of the JSON Schema this value was last found to
    /// satisfy by `pm check` (0: not known), so that an unchanged file need
    /// not be validated again.
    schema: u64,
    /// Where the entry's text and encoded value are in the cache's bytes.
    text: (usize, usize),
    value: (usize, usize),
}

/// The cache as read at the start of a load.
pub(crate) struct Cache {
    path: PathBuf,
    /// pm.yaml's limits: a parse under other limits may differ (a file
    /// within one size limit is above another), so they key the whole cache.
    limits: Limits,
    /// When reading the product started.
    start: SystemTime,
    bytes: Vec<u8>,
    entries: HashMap<String, Entry>,
}

/// A file parsed in this load, to be stored (its text is the loaded artifact's).
pub(crate) struct Fresh {
    pub path: String,
    pub stamp: Stamp,
    /// Its parsed value, encoded (compact; made where the file was parsed).
    pub encoded: Vec<u8>,
}

impl Fresh {
    pub(crate) fn new(path: &str, stamp: Stamp, text: &str, value: &Value) -> Fresh {
        let mut encoded = Vec::with_capacity(text.len() / 2 + 64);
        Encoder { text, cursor: 0, out: &mut encoded }.value(value);
        Fresh { path: path.to_string(), stamp, encoded }
    }
}

/// What a load did with the cache, to decide whether to write it again.
#[derive(Default)]
pub(crate) struct Use {
    /// Paths served from the cache.
    pub hits: Vec<String>,
    /// Files read and parsed.
    pub fresh: Vec<Fresh>,
    /// The stamp of every file read, from the cache or from disk.
    pub stamps: HashMap<String, Stamp>,
    /// Files loaded without their parsed value, because the cache says they
    /// satisfy the schema with this fingerprint.
    pub verdicts: HashMap<String, u64>,
}

/// Where pm keeps state of `product` that must survive a crash (the journal
/// of an interrupted transaction): `.git/pm/` inside a repository, else a
/// folder of the user's cache named after the product folder, else a hidden
/// folder in the product folder itself.
pub(crate) fn state_dir(product: &Product) -> PathBuf {
    match &product.repo {
        Some(repo) => repo.git_dir().join("pm"),
        None => {
            let base = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
                std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache"))
            });
            let dir = product.dir.canonicalize().unwrap_or_else(|_| product.dir.clone());
            match base {
                Some(base) => base.join("pm").join(format!("state-{:016x}", hash(dir.to_string_lossy().as_bytes()))),
                None => product.dir.join(".pm-state"),
            }
        }
    }
}

/// Where the cache of `product` lives, unless it has nowhere to go.
pub(crate) fn location(product: &Product) -> Option<PathBuf> {
    let name = |key: &str| format!("parse-{:016x}.bin", hash(key.as_bytes()));
    match (&product.repo, &product.repo_path) {
        (Some(repo), Some(rel)) => Some(repo.git_dir().join("pm").join(name(rel))),
        _ => {
            let base =
                std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
                    std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache"))
                })?;
            let dir = product.dir.canonicalize().unwrap_or_else(|_| product.dir.clone());
            Some(base.join("pm").join(name(&dir.to_string_lossy())))
        }
    }
}

impl Cache {
    /// Where the cache of `product` is, unless it must not be used.
    pub(crate) fn place(product: &Product) -> Option<PathBuf> {
        if !product.use_cache {
            return None;
        }
        location(product)
    }

    /// The cache at `path` (see [`Cache::place`]) for a load starting now
    /// under `limits`: empty when there is none, it was written under other
    /// limits, or it cannot be used.
    pub(crate) fn open_at(path: PathBuf, limits: Limits) -> Cache {
        let start = now();
        let mut cache = Cache { path, limits, start, bytes: Vec::new(), entries: HashMap::new() };
        if let Ok(bytes) = std::fs::read(&cache.path)
            && let Some(entries) = parse_index(&bytes, limits)
        {
            cache.bytes = bytes;
            cache.entries = entries;
        }
        cache
    }

    /// The limits the cache was opened for.
    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Whether `path` with this stamp is in the cache.
    pub(crate) fn has(&self, path: &str, stamp: &Stamp) -> bool {
        self.entries.get(path).is_some_and(|e| e.stamp == *stamp)
    }

    /// The text stored for `path`.
    pub(crate) fn text(&self, path: &str) -> Option<String> {
        let entry = self.entries.get(path)?;
        Some(std::str::from_utf8(self.bytes.get(entry.text.0..entry.text.1)?).ok()?.to_string())
    }

    /// The parsed value stored for `path`.
    pub(crate) fn value(&self, path: &str) -> Option<Value> {
        let entry = self.entries.get(path)?;
        let text = self.bytes.get(entry.text.0..entry.text.1)?;
        Reader { bytes: self.bytes.get(entry.value.0..entry.value.1)?, at: 0, text }.value(0)
    }

    /// The artifact stored for `path`, built straight from the stored value
    /// without a JSON value in between. `None` when that fails for any
    /// reason: the caller then goes through [`Cache::value`], which gives the
    /// same result or the same error message as a fresh parse.
    pub(crate) fn typed<T: serde::de::DeserializeOwned>(&self, path: &str) -> Option<T> {
        let entry = self.entries.get(path)?;
        let text = self.bytes.get(entry.text.0..entry.text.1)?;
        let r = Reader { bytes: self.bytes.get(entry.value.0..entry.value.1)?, at: 0, text };
        let mut de = de::De { r, depth: 0 };
        T::deserialize(&mut de).ok()
    }

    /// Whether a file with this stamp, read in this load, may be stored.
    pub(crate) fn storable(&self, stamp: &Stamp) -> bool {
        stamp.settled(self.start)
    }

    /// Writes the cache again if this load changed what it should hold:
    /// `used.hits` kept, `used.fresh` added, every other entry dropped, and
    /// the schema verdicts of a check recorded (path, stamp, fingerprint).
    /// Failing to write is not an error: the cache is only an optimisation.
    /// `text_of` gives the text of a file read in this load.
    pub(crate) fn save<'t>(
        &self,
        used: Use,
        verdicts: &[(String, Stamp, u64)],
        text_of: impl Fn(&str) -> Option<&'t str>,
    ) {
        // Anything longer than a length field can say is read afresh each time.
        let fits = |f: &Fresh| {
            text_of(&f.path).is_some_and(|t| u32::try_from(t.len()).is_ok()) && u32::try_from(f.path.len()).is_ok()
        };
        let fresh: Vec<Fresh> = used.fresh.into_iter().filter(|f| f.stamp.settled(self.start) && fits(f)).collect();
        let verdicts: HashMap<&str, (&Stamp, u64)> = verdicts.iter().map(|(p, s, f)| (p.as_str(), (s, *f))).collect();
        let verdict = |path: &str, stamp: &Stamp| verdicts.get(path).filter(|(s, _)| *s == stamp).map(|(_, f)| *f);
        let new_verdicts = used
            .hits
            .iter()
            .filter_map(|p| Some((p, self.entries.get(p)?)))
            .any(|(p, e)| verdict(p, &e.stamp).is_some_and(|f| f != e.schema));
        if fresh.is_empty() && used.hits.len() == self.entries.len() && !new_verdicts {
            return;
        }
        let kept: Vec<(&String, &Entry)> = used.hits.iter().filter_map(|p| Some((p, self.entries.get(p)?))).collect();
        let fresh: Vec<(&Fresh, &str)> = fresh.iter().filter_map(|f| Some((f, text_of(&f.path)?))).collect();
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = super::atomic::write_unsynced_with(&self.path, |out| {
            let mut w = Writer::new(out, self.limits, kept.len() + fresh.len())?;
            for (path, entry) in &kept {
                let schema = verdict(path, &entry.stamp).unwrap_or(entry.schema);
                let (text, value) =
                    (&self.bytes[entry.text.0..entry.text.1], &self.bytes[entry.value.0..entry.value.1]);
                w.entry(path, &entry.stamp, schema, text, value)?;
            }
            for (f, text) in &fresh {
                w.entry(&f.path, &f.stamp, verdict(&f.path, &f.stamp).unwrap_or(0), text.as_bytes(), &f.encoded)?;
            }
            w.finish()
        });
    }

    /// The stamp stored for `path`.
    pub(crate) fn stamp(&self, path: &str) -> Option<Stamp> {
        self.entries.get(path).map(|e| e.stamp)
    }

    /// The fingerprint of the schema `path` was last found valid under (0: none).
    pub(crate) fn schema(&self, path: &str) -> u64 {
        self.entries.get(path).map_or(0, |e| e.schema)
    }
}

/// Streams a cache file: a header (with the number of entries), the
/// entries, and a checksum of the entries at the end.
struct Writer<'w> {
    out: &'w mut dyn std::io::Write,
    sum: Hasher,
    /// A reused buffer for an entry's fixed fields.
    head: Vec<u8>,
}

impl<'w> Writer<'w> {
    fn new(out: &'w mut dyn std::io::Write, limits: Limits, count: usize) -> std::io::Result<Writer<'w>> {
        let mut header = Vec::with_capacity(64);
        header.extend_from_slice(MAGIC);
        put_u32(&mut header, FORMAT);
        put_str(&mut header, env!("CARGO_PKG_VERSION"));
        put_u32(&mut header, limits.max_depth);
        put_u64(&mut header, limits.max_file_bytes);
        put_u64(&mut header, count as u64);
        out.write_all(&header)?;
        Ok(Writer { out, sum: Hasher::default(), head: Vec::with_capacity(128) })
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sum.update(bytes);
        self.out.write_all(bytes)
    }

    fn entry(&mut self, path: &str, s: &Stamp, schema: u64, text: &[u8], value: &[u8]) -> std::io::Result<()> {
        let mut head = std::mem::take(&mut self.head);
        head.clear();
        put_str(&mut head, path);
        put_u64(&mut head, s.size);
        for n in [s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1] {
            head.extend_from_slice(&n.to_le_bytes());
        }
        put_u64(&mut head, s.ino);
        put_u64(&mut head, s.dev);
        put_u64(&mut head, schema);
        put_len(&mut head, text.len());
        let result = self.put(&head);
        self.head = head;
        result?;
        self.put(text)?;
        self.put(&u32::try_from(value.len()).unwrap_or(u32::MAX).to_le_bytes())?;
        self.put(value)
    }

    fn finish(self) -> std::io::Result<()> {
        self.out.write_all(&self.sum.finish().to_le_bytes())
    }
}

/// The entries of a cache file, if it is one this pm wrote under these
/// limits and it is whole.
fn parse_index(bytes: &[u8], limits: Limits) -> Option<HashMap<String, Entry>> {
    let mut r = Reader { bytes, at: 0, text: &[] };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT || r.str()? != env!("CARGO_PKG_VERSION") {
        return None;
    }
    if r.u32()? != limits.max_depth || r.u64()? != limits.max_file_bytes {
        // (The lock timeout is not stored: it does not change how a file is read.)
        return None;
    }
    let count = r.u64()?;
    let end = bytes.len().checked_sub(8).filter(|&e| e >= r.at)?;
    let sum = u64::from_le_bytes(bytes[end..].try_into().ok()?);
    if hash(&bytes[r.at..end]) != sum {
        return None;
    }
    let bytes = &bytes[..end];
    let mut r = Reader { bytes, at: r.at, text: &[] };
    let mut entries = HashMap::with_capacity(usize::try_from(count).ok()?.min(bytes.len()));
    for _ in 0..count {
        let path = r.str()?.to_string();
        let stamp = Stamp {
            size: r.u64()?,
            mtime: (r.i64()?, r.i64()?),
            ctime: (r.i64()?, r.i64()?),
            ino: r.u64()?,
            dev: r.u64()?,
        };
        let schema = r.u64()?;
        let text = r.span()?;
        let value = r.span()?;
        entries.insert(path, Entry { stamp, schema, text, value });
    }
    (r.at == bytes.len()).then_some(entries)
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// Lengths and counts take four bytes: entries are at most `u32::MAX` bytes long.
fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_len(out, b.len());
    out.extend_from_slice(b);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const UINT: u8 = 3;
const INT: u8 = 4;
const FLOAT: u8 = 5;
const STRING: u8 = 6;
const ARRAY: u8 = 7;
const OBJECT: u8 = 8;
/// A string stored as a span (start, length) of the file's text.
const SPAN: u8 = 9;

/// A parsed YAML document kept in the compact encoding until it is needed:
/// a check holds every file's document for schema validation, and a
/// `serde_json` value takes several times the memory.
#[derive(Debug, Clone)]
pub struct Parsed(Vec<u8>);

impl Parsed {
    pub fn new(value: &Value) -> Parsed {
        let mut out = Vec::new();
        Encoder { text: "", cursor: 0, out: &mut out }.value(value);
        Parsed(out)
    }

    /// The document again. Its own encoding always decodes; `null` is never
    /// returned for a document that was not `null`.
    pub fn value(&self) -> Value {
        Reader { bytes: &self.0, at: 0, text: &[] }.value(0).unwrap_or(Value::Null)
    }
}

/// A compact binary form of a JSON value; decoding it is much cheaper than
/// parsing YAML. Strings (keys among them) that appear verbatim in the
/// file's text are stored as a span of it rather than a second time.
struct Encoder<'a> {
    text: &'a str,
    /// Where the previous string was found: the next one is usually after it.
    cursor: usize,
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.out.push(NULL),
            Value::Bool(false) => self.out.push(FALSE),
            Value::Bool(true) => self.out.push(TRUE),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.out.push(UINT);
                    put_u64(self.out, u);
                } else if let Some(i) = n.as_i64() {
                    self.out.push(INT);
                    self.out.extend_from_slice(&i.to_le_bytes());
                } else {
                    self.out.push(FLOAT);
                    self.out.extend_from_slice(&n.as_f64().unwrap_or(0.0).to_le_bytes());
                }
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push(ARRAY);
                put_len(self.out, items.len());
                for v in items {
                    self.value(v);
                }
            }
            Value::Object(map) => {
                self.out.push(OBJECT);
                put_len(self.out, map.len());
                for (k, v) in map {
                    self.string(k);
                    self.value(v);
                }
            }
        }
    }

    fn string(&mut self, s: &str) {
        // A span takes eight bytes; shorter strings are stored as they are.
        if s.len() > 8 {
            let after = self.text.get(self.cursor..).and_then(|t| t.find(s)).map(|i| i + self.cursor);
            if let Some(at) = after.or_else(|| self.text.find(s))
                && let (Ok(start), Ok(len)) = (u32::try_from(at), u32::try_from(s.len()))
            {
                self.out.push(SPAN);
                put_u32(self.out, start);
                put_u32(self.out, len);
                self.cursor = at + s.len();
                return;
            }
        }
        self.out.push(STRING);
        put_str(self.out, s);
    }
}

/// Bounds-checked reading: corrupt input gives `None`, never a panic.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The file's text, which [`SPAN`] strings point into.
    text: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A string stored with its tag: inline or as a span of the text.
    fn string(&mut self) -> Option<&'a str> {
        match *self.take(1)?.first()? {
            STRING => self.str(),
            SPAN => self.span_str(),
            _ => None,
        }
    }

    /// The text a [`SPAN`] (after its tag) points to.
    fn span_str(&mut self) -> Option<&'a str> {
        let start = usize::try_from(self.u32()?).ok()?;
        let len = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.text.get(start..start.checked_add(len)?)?).ok()
    }

    /// A length-prefixed run of bytes, as its start and end.
    fn span(&mut self) -> Option<(usize, usize)> {
        let n = self.len()?;
        let start = self.at;
        self.take(n)?;
        Some((start, self.at))
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_NESTING {
            return None;
        }
        Some(match *self.take(1)?.first()? {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            UINT => Value::Number(self.u64()?.into()),
            INT => Value::Number(self.i64()?.into()),
            FLOAT => Value::Number(Number::from_f64(f64::from_le_bytes(self.take(8)?.try_into().ok()?))?),
            STRING => Value::String(self.str()?.to_string()),
            SPAN => Value::String(self.span_str()?.to_string()),
            ARRAY => {
                let n = self.len()?;
                // Every element takes at least one byte: a corrupt count cannot reserve much.
                let mut items = Vec::with_capacity(n.min(self.bytes.len() - self.at));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT => {
                let n = self.len()?;
                let mut map = Map::with_capacity(n.min(self.bytes.len() - self.at));
                for _ in 0..n {
                    let key = self.string()?.to_string();
                    let value = self.value(depth + 1)?;
                    if map.insert(key, value).is_some() {
                        return None;
                    }
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }
}

/// A serde deserializer over the stored encoding that makes the same
/// visitor calls as deserializing from a `&serde_json::Value` would.
mod de {
    use std::fmt;

    use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

    use super::{ARRAY, FALSE, FLOAT, INT, MAX_NESTING, NULL, OBJECT, Reader, SPAN, STRING, TRUE, UINT};

    /// Any failure: the caller falls back to the JSON value, which reports it properly.
    #[derive(Debug)]
    pub(super) struct Error;

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("cannot build from the cache")
        }
    }

    impl std::error::Error for Error {}

    impl de::Error for Error {
        fn custom<T: fmt::Display>(_: T) -> Self {
            Error
        }
    }

    pub(super) struct De<'de> {
        pub(super) r: Reader<'de>,
        pub(super) depth: u32,
    }

    impl<'de> De<'de> {
        fn peek(&self) -> Result<u8, Error> {
            self.r.bytes.get(self.r.at).copied().ok_or(Error)
        }

        fn count(&mut self) -> Result<usize, Error> {
            self.r.len().ok_or(Error)
        }
    }

    impl<'de> de::Deserializer<'de> for &mut De<'de> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let tag = *self.r.take(1).and_then(|t| t.first()).ok_or(Error)?;
            match tag {
                NULL => visitor.visit_unit(),
                FALSE => visitor.visit_bool(false),
                TRUE => visitor.visit_bool(true),
                UINT => visitor.visit_u64(self.r.u64().ok_or(Error)?),
                INT => visitor.visit_i64(self.r.i64().ok_or(Error)?),
                FLOAT => {
                    let bits = self.r.take(8).and_then(|b| b.try_into().ok()).ok_or(Error)?;
                    visitor.visit_f64(f64::from_le_bytes(bits))
                }
                STRING => visitor.visit_borrowed_str(self.r.str().ok_or(Error)?),
                SPAN => visitor.visit_borrowed_str(self.r.span_str().ok_or(Error)?),
                ARRAY | OBJECT => {
                    if self.depth >= MAX_NESTING {
                        return Err(Error);
                    }
                    let left = self.count()?;
                    self.depth += 1;
                    let mut access = Access { de: &mut *self, left };
                    let out =
                        if tag == ARRAY { visitor.visit_seq(&mut access)? } else { visitor.visit_map(&mut access)? };
                    // Like a JSON value, every element must have been taken.
                    if access.left != 0 {
                        return Err(Error);
                    }
                    self.depth -= 1;
                    Ok(out)
                }
                _ => Err(Error),
            }
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.peek()? == NULL {
                self.r.take(1);
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            // Unit variants written as a string; anything else takes the slow path.
            if !matches!(self.peek()?, STRING | SPAN) {
                return Err(Error);
            }
            let name: &'de str = self.r.string().ok_or(Error)?;
            visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(name))
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.r.value(self.depth).ok_or(Error)?;
            visitor.visit_unit()
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        }
    }

    struct Access<'a, 'de> {
        de: &'a mut De<'de>,
        left: usize,
    }

    impl<'de> SeqAccess<'de> for &mut Access<'_, 'de> {
        type Error = Error;

        fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
            if self.left == 0 {
                return Ok(None);
            }
            self.left -= 1;
            seed.deserialize(&mut *self.de).map(Some)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.left)
        }
    }

    impl<'de> MapAccess<'de> for &mut Access<'_, 'de> {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
            if self.left == 0 {
                return Ok(None);
            }
            self.left -= 1;
            let key: &'de str = self.de.r.string().ok_or(Error)?;
            seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
            seed.deserialize(&mut *self.de)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.left)
        }
    }
}

/// XXH3, 64 bits: a cheap guard against truncated or damaged cache files,
/// a stable name for a product's cache and index files, and the fingerprint
/// of a schema. 0 is reserved for "no schema verdict" (see its caller).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// [`hash`], fed in pieces.
#[derive(Default)]
struct Hasher(xxhash_rust::xxh3::Xxh3Default);

impl Hasher {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(self) -> u64 {
        self.0.digest()
    }
}

/// When reading starts: the clock, or `PM_NOW` (seconds since 1970) when
/// set — so that tests need not wait for the files they wrote to settle.
fn now() -> SystemTime {
    match std::env::var("PM_NOW").ok().and_then(|s| s.parse::<u64>().ok()) {
        Some(secs) => SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
        None => SystemTime::now(),
    }
}

/// Whether a path is one the cache may hold: pm.yaml is always read afresh,
/// since it decides how everything else is read.
pub(crate) fn cacheable(path: &str) -> bool {
    path != super::product::CONFIG_FILE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `value` encoded against `text`.
    fn encoded(value: &Value, text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        Encoder { text, cursor: 0, out: &mut out }.value(value);
        out
    }

    fn reader<'a>(bytes: &'a [u8], text: &'a str) -> Reader<'a> {
        Reader { bytes, at: 0, text: text.as_bytes() }
    }

    /// The artifact built from the encoding equals the one built from the value.
    #[test]
    fn artifacts_built_from_the_encoding_equal_those_built_from_the_value() {
        use crate::model::{Item, Metric};
        let text = "id: BL-7\ntitle: Export the ledger\ntype: story\nstatus: in_progress\ncreated: 2026-01-02\n";
        let item = serde_json::json!({
            "id": "BL-7", "title": "Export the ledger", "type": "story", "status": "in_progress", "estimate": 3,
            "labels": ["a", "b"], "rice": {"reach": 100, "impact": 2, "confidence": 0.8, "effort": 1.5},
            "rank": 5, "created": "2026-01-02", "custom": {"x": [1, null, true]}, "team": "core"
        });
        let out = encoded(&item, text);
        assert!(out.contains(&SPAN), "long strings found in the text are spans");
        let direct: Item = serde::Deserialize::deserialize(&mut de::De { r: reader(&out, text), depth: 0 }).unwrap();
        let via_value: Item = serde_json::from_value(item).unwrap();
        assert_eq!(serde_json::to_value(&direct).unwrap(), serde_json::to_value(&via_value).unwrap());
        // A shape error is not reported from the encoding: the value path reports it.
        let bad = serde_json::json!({"id": "M", "name": 3});
        let out = encoded(&bad, "");
        let direct: Result<Metric, _> = serde::Deserialize::deserialize(&mut de::De { r: reader(&out, ""), depth: 0 });
        assert!(direct.is_err());
    }

    #[test]
    fn values_survive_encoding_exactly() {
        let v = serde_json::json!({
            "id": "BL-1", "n": 3, "neg": -4, "big": u64::MAX, "f": 0.25, "t": true, "f2": false, "z": null,
            "list": ["a", {"b": [1, 2, []]}], "empty": {}, "ünï": "😀\u{2028}",
            "description": "Line one\nline two", "acceptance_criteria": ["given a long enough criterion"]
        });
        // The strings in a file's text are found wherever they are in it, or stored inline.
        let text = "acceptance_criteria:\n- given a long enough criterion\ndescription: |\n  Line one\n  line two\n";
        for text in ["", text] {
            let out = encoded(&v, text);
            let back = reader(&out, text).value(0);
            assert_eq!(back, Some(v.clone()));
            // Key order is kept.
            let back = back.unwrap();
            let keys: Vec<&String> = back.as_object().unwrap().keys().collect();
            let want: Vec<&String> = v.as_object().unwrap().keys().collect();
            assert_eq!(keys, want);
        }
        assert!(encoded(&v, text).len() < encoded(&v, "").len());
    }

    #[test]
    fn corrupt_encodings_are_refused_without_panicking() {
        let text = "title: a title that is long\n";
        let out = encoded(&serde_json::json!({"a": ["b", 1.5, {"c": null}], "title": "a title that is long"}), text);
        assert!(out.contains(&SPAN));
        for cut in 0..out.len() {
            assert_eq!(reader(&out[..cut], text).value(0), None, "cut at {cut}");
        }
        for i in 0..out.len() {
            for byte in [0u8, 9, 0xff] {
                let mut bad = out.clone();
                bad[i] = byte;
                let _ = reader(&bad, text).value(0);
                let _ = reader(&bad, "").value(0);
            }
        }
        // A huge count does not allocate beyond the input.
        let mut huge = vec![ARRAY];
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(reader(&huge, "").value(0), None);
        // Nesting is bounded.
        let deep = [ARRAY, 1, 0, 0, 0].repeat(1000);
        assert_eq!(reader(&deep, "").value(0), None);
        // A span outside the text, or splitting a character, is refused.
        let mut span = vec![SPAN];
        span.extend_from_slice(&1u32.to_le_bytes());
        span.extend_from_slice(&1u32.to_le_bytes());
        assert_eq!(reader(&span, "é").value(0), None);
        assert_eq!(reader(&span, "").value(0), None);
    }

    #[test]
    fn parsed_documents_give_back_the_same_value() {
        let v = serde_json::json!({"id": "BL-1", "n": [1, -2, 0.5, null, true], "m": {"k": "a long string value"}});
        assert_eq!(Parsed::new(&v).value(), v);
    }

    #[test]
    fn the_checksum_is_the_same_however_the_bytes_are_fed() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = hash(&bytes);
        for piece in [1, 3, 7, 8, 9, 64, 999] {
            let mut h = Hasher::default();
            for chunk in bytes.chunks(piece) {
                h.update(chunk);
            }
            assert_eq!(h.finish(), whole, "pieces of {piece}");
        }
        assert_ne!(hash(&bytes[..999]), whole);
        assert_ne!(hash(b""), hash(b"\0"), "the length counts");
    }

    #[test]
    fn a_file_changed_within_the_settle_time_is_not_stored() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let stamp = |m: i64, c: i64| Stamp { size: 1, mtime: (m, 0), ctime: (c, 0), ino: 1, dev: 1 };
        assert!(stamp(999_990, 999_990).settled(start));
        assert!(!stamp(999_999, 999_990).settled(start), "modified a second ago");
        assert!(!stamp(999_990, 999_999).settled(start), "changed (e.g. mtime set back) a second ago");
        assert!(!stamp(1_000_005, 999_990).settled(start), "modified in the future");
        assert!(!stamp(-5, 999_990).settled(start), "before 1970: cannot compare, not stored");
    }
}

//! The varint byte codec the cache's files are written in: unsigned and zigzag integers,
//! length-prefixed strings, and a reader that treats any overrun or bad UTF-8 as damage
//! (`None`) and never allocates more than the bytes left could hold. Owns only the
//! primitives; each format (the manifest, the catalog, a page without its body) builds on them and
//! owns its own layout.

/// Writes into its buffer.
pub(crate) struct Enc(pub(crate) Vec<u8>);

impl Enc {
    pub(crate) fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub(crate) fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(crate) fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Reads from the front of its slice, which holds what is left.
pub(crate) struct Dec<'a>(pub(crate) &'a [u8]);

impl<'a> Dec<'a> {
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    pub(crate) fn uint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    pub(crate) fn int(&mut self) -> Option<i64> {
        let u = self.uint()?;
        Some(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A count, refused when it claims more entries than bytes left: damage cannot make
    /// the decoder allocate gigabytes.
    pub(crate) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }

    /// The next `n` bytes as text.
    pub(crate) fn text(&mut self, n: usize) -> Option<&'a str> {
        if n > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        std::str::from_utf8(s).ok()
    }

    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        self.text(n)
    }

    pub(crate) fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }
}

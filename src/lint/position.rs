//! Byte offsets to the 1-based line and column a compiler would print (columns count
//! characters, not bytes).

/// The line starts of one text, for many lookups.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column of byte `offset` (clamped to the text).
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).at(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let text = "ab\ncaffè x\n\nz";
        let lines = Lines::new(text);
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(3), (2, 1));
        assert_eq!(lines.at(text.find('x').unwrap()), (2, 7));
        assert_eq!(lines.at(text.find('z').unwrap()), (4, 1));
        assert_eq!(lines.at(999), (4, 2));
    }
}

//! How numbers read in the text onramp prints: `1 result`, `2 results`, `no pages`. The one
//! place a count meets its noun; never formats anything else.

/// `n` with the noun that fits it: `one` for exactly one, else `many` (given whole, so
/// `person`/`people` and `entry`/`entries` read right).
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[rstest::rstest]
    #[case(0, "0 results")]
    #[case(1, "1 result")]
    #[case(2, "2 results")]
    #[case(21, "21 results")]
    fn counts_read_right(#[case] n: usize, #[case] text: &str) {
        assert_eq!(count(n, "result", "results"), text);
    }
}

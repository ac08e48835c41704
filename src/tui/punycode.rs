//! Host names as the network sees them: IDNA `ToASCII`, so an internationalised name shows in
//! its `xn--` form and a look-alike (a Cyrillic `а` in `pаypal.com`) is visible. Only what a
//! confirmation needs: label separators, lowercasing and Punycode (RFC 3492). Never decides
//! whether a name is allowed; it shows what it is.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The ASCII form of a host name: each label with a character outside ASCII becomes
/// `xn--` and its Punycode. `None` when a label cannot be encoded (absurdly long input).
///
/// Unlike full UTS 46 processing this applies no Unicode normalisation or mapping besides
/// lowercasing and the ideographic dots, so it shows the name as written, not as a browser
/// might rewrite it; for spotting a look-alike that is the point.
pub fn to_ascii(host: &str) -> Option<String> {
    let host: String = host
        .chars()
        // The other full stops IDNA treats as label separators.
        .map(|c| match c {
            '\u{3002}' | '\u{FF0E}' | '\u{FF61}' => '.',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let mut labels = Vec::new();
    for label in host.split('.') {
        if label.is_ascii() {
            labels.push(label.to_string());
        } else {
            labels.push(format!("xn--{}", encode(label)?));
        }
    }
    Some(labels.join("."))
}

/// Punycode of `input` (RFC 3492 section 6.3), without the `xn--` prefix.
pub fn encode(input: &str) -> Option<String> {
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(out.len()).ok()?;
    let total = u32::try_from(code_points.len()).ok()?;
    if basic > 0 {
        out.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        let next = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn digit(d: u32) -> char {
    let byte = u8::try_from(d).unwrap_or(0);
    char::from(if byte < 26 {
        b'a' + byte
    } else {
        b'0' + byte - 26
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("bücher", "bcher-kva")]
    #[case("münchen", "mnchen-3ya")]
    #[case("mañana", "maana-pta")]
    #[case("españa", "espaa-rta")]
    #[case("пример", "e1afmkfd")]
    #[case("中国", "fiqs8s")]
    #[case("日本語", "wgv71a119e")]
    #[case("pаypal", "pypal-4ve")]
    // RFC 3492 section 7.1, (A) Arabic (Egyptian) and (L) Japanese with ASCII.
    #[case(
        "\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
        "egbpdaj6bu4bxfgehfvwxn"
    )]
    #[case("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b")]
    fn encodes_like_rfc_3492(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(encode(input).as_deref(), Some(expected));
    }

    #[rstest]
    #[case("example.com", "example.com")]
    #[case("Example.COM", "example.com")]
    #[case("bücher.example", "xn--bcher-kva.example")]
    #[case("pаypal.com", "xn--pypal-4ve.com")]
    #[case("BÜCHER.de", "xn--bcher-kva.de")]
    #[case("例え。テスト", "xn--r8jz45g.xn--zckzah")]
    fn hosts_become_ascii(#[case] host: &str, #[case] expected: &str) {
        assert_eq!(to_ascii(host).as_deref(), Some(expected));
    }
}

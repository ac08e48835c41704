//! Copying text out of the app: the system clipboard through a helper program when one is
//! there (an argument list, never a shell), else the terminal's OSC 52 as crossterm writes
//! it. What is copied is cleaned first, so a paste can never run a command by itself.

use std::io::Write;
use std::process::{Command, Stdio};

use crossterm::Command as _;
use crossterm::clipboard::CopyToClipboard;

use crate::content::term_safe;

/// The most OSC 52 carries: terminals refuse or truncate larger writes.
const OSC52_MAX: usize = 100 * 1024;

/// Makes copied code safe to paste into a shell: no control characters (an embedded
/// `ESC[201~` would end bracketed paste early, a `\r` would press Enter), and no trailing
/// newline, so the pasted command waits for the user's own Enter.
pub fn clean_for_paste(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let safe = term_safe(&normalised);
    // A block inside a list keeps the list's indentation in the source; the command does not.
    let indent = safe
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = safe
        .lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect();
    dedented
        .join("\n")
        .trim_end_matches(['\n', ' '])
        .to_string()
}

/// Where the text went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    System(&'static str),
    Terminal,
}

/// Copies `text` with the first clipboard program that works, else with OSC 52.
pub fn copy(text: &str) -> std::io::Result<Copied> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    let candidates: &[(&'static str, &[&str], bool)] = &[
        ("wl-copy", &[], wayland),
        ("xclip", &["-selection", "clipboard"], x11),
        ("xsel", &["--clipboard", "--input"], x11),
        ("pbcopy", &[], cfg!(target_os = "macos")),
    ];
    for (program, args, applies) in candidates {
        if !applies {
            continue;
        }
        let Ok(mut child) = Command::new(program)
            .args(*args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            continue;
        };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(text.as_bytes());
        }
        // xclip and wl-copy keep running to serve the selection: do not wait for them.
        return Ok(Copied::System(program));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(osc52(text)?.as_bytes())?;
    out.flush()?;
    Ok(Copied::Terminal)
}

/// The OSC 52 sequence that asks the terminal to set its clipboard to `text`.
pub fn osc52(text: &str) -> std::io::Result<String> {
    if text.len() > OSC52_MAX {
        return Err(std::io::Error::other(format!(
            "{} bytes is more than a terminal clipboard takes ({OSC52_MAX})",
            text.len()
        )));
    }
    let mut sequence = String::new();
    CopyToClipboard::to_clipboard_from(text)
        .write_ansi(&mut sequence)
        .map_err(std::io::Error::other)?;
    Ok(sequence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_cannot_run_itself() {
        let cleaned = clean_for_paste("echo hi\x1b[201~\rrm -rf ~\x03\n\n");
        assert!(
            !cleaned
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        assert!(!cleaned.ends_with('\n'));
        assert!(cleaned.starts_with("echo hi\u{241B}[201~\nrm -rf ~"));
    }

    #[test]
    fn common_indentation_is_removed() {
        assert_eq!(clean_for_paste("   a\n     b\n\n   c\n"), "a\n  b\n\nc");
    }

    #[test]
    fn osc52_is_capped() {
        assert!(osc52(&"x".repeat(OSC52_MAX + 1)).is_err());
        assert_eq!(osc52("hi").unwrap(), "\x1b]52;c;aGk=\x1b\\");
        // Base64 as RFC 4648 pads it.
        assert_eq!(osc52("fo").unwrap(), "\x1b]52;c;Zm8=\x1b\\");
    }
}

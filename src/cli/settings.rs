//! `onramp keys` and `onramp config`: the key bindings and the settings as onramp uses them,
//! as TOML a user can copy into their own file, each part saying where it came from.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::config::{self, Config};
use crate::content::term_safe;
use crate::paths::Paths;
use crate::tui::keymap::Keymap;

/// Prints the keymap: the defaults alone, or the user's `keymap.toml` over them (its
/// problems told on stderr, with their lines).
pub fn keys(paths: &Paths, default: bool) -> Result<ExitCode> {
    let file = paths.keymap_file();
    let shown = file.display().to_string();
    let (map, header) = if default {
        (
            Keymap::defaults(),
            format!(
                "onramp's default key bindings. To change one, copy its entry into\n\
                 {shown} and edit it there: yours are read on top of these."
            ),
        )
    } else {
        let (map, problems) = Keymap::load(&file);
        for problem in &problems {
            super::warn(problem);
        }
        let header = if file.exists() {
            format!(
                "onramp's key bindings as it uses them: the defaults, with yours from\n{shown}\n\
                 on top (each marked \"yours\"). `onramp keys --default` prints the defaults alone."
            )
        } else {
            format!(
                "onramp's key bindings as it uses them: the defaults ({shown} does not\n\
                 exist yet). Copy an entry there and edit it to change a binding."
            )
        };
        (map, header)
    };
    write_out(&map.to_toml(&header))
}

/// Prints the settings onramp uses, each with the line of `config.toml` it came from or
/// "default" (the file's problems told on stderr, with their lines).
pub fn config(paths: &Paths) -> Result<ExitCode> {
    let file = paths.config_file();
    let config = super::load_config(paths);
    let mut out = String::new();
    out.push_str("# onramp's settings as it uses them, each with where it came from.\n");
    let _ = writeln!(
        out,
        "# file: {} (the config folder: {})",
        file.display(),
        paths.config.origin
    );
    if !file.exists() {
        out.push_str("# The file does not exist yet: every setting is at its default.\n");
    }
    out.push('\n');
    let from = |key: &str| {
        config.lines.get(key).map_or_else(
            || "default".to_string(),
            |l| format!("config.toml line {l}"),
        )
    };
    let mut top = Vec::new();
    top.push(optional(
        "name",
        config.name.as_deref(),
        "not set: Home greets no one by name",
        &from,
    ));
    top.push(optional(
        "me",
        config.me.as_deref(),
        "not set: your person page, for `list --owner me`",
        &from,
    ));
    let theme = config.theme.as_deref().unwrap_or(config::DEFAULT_THEME);
    let mut theme_from = from("theme");
    if crate::tui::theme::Theme::no_color_from_env() {
        theme_from.push_str("; NO_COLOR is set, so onramp shows no colours");
    }
    top.push((format!("theme = {}", toml_string(theme)), theme_from));
    top.push((format!("content = {}", content_list(&config)), {
        let mut f = from("content");
        if config.content.is_empty() {
            f.push_str(": no team folders");
        }
        f
    }));
    let stale = config
        .pack_stale_after
        .unwrap_or(crate::packs::DEFAULT_STALE_AFTER);
    let packs = vec![(
        format!("stale_after = {}", toml_string(&config::age_text(stale))),
        from("packs.stale_after"),
    )];
    let width = top
        .iter()
        .chain(&packs)
        .map(|(line, _)| line.chars().count())
        .max()
        .unwrap_or(0);
    for (line, origin) in &top {
        let _ = writeln!(out, "{line:<width$}  # {origin}");
    }
    out.push_str("\n[packs]\n");
    for (line, origin) in &packs {
        let _ = writeln!(out, "{line:<width$}  # {origin}");
    }
    write_out(&out)
}

/// A setting that may be unset: its line, or the line commented out with why it matters.
fn optional(
    key: &str,
    value: Option<&str>,
    unset: &str,
    from: &impl Fn(&str) -> String,
) -> (String, String) {
    match value {
        Some(v) => (format!("{key} = {}", toml_string(v)), from(key)),
        None => (format!("# {key} = \"\""), unset.to_string()),
    }
}

fn content_list(config: &Config) -> String {
    let items: Vec<String> = config
        .content
        .iter()
        .map(|dir| {
            let path = toml_string(&dir.path.display().to_string());
            match &dir.lang {
                Some(lang) => format!("{{ path = {path}, lang = {} }}", toml_string(lang)),
                None => path,
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes `text` to stdout with anything a terminal would act on shown as a placeholder.
fn write_out(text: &str) -> Result<ExitCode> {
    io::stdout()
        .lock()
        .write_all(term_safe(text).as_bytes())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

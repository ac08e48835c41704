//! Text from content and from the environment on its way out: JSON, Markdown and terminal
//! output never carry a raw control, bidi override, invisible character or injected markup.

mod common;

use common::TestEnv;
use serde_json::Value;

/// Every character that must never reach a terminal or a JSON document raw.
const HAZARDS: &str =
    "\u{9b}31m\u{202E}evil\u{2066}x\u{2069}\u{2028}\u{2029}so\u{AD}ft\u{E0041}\u{E007F}";

/// `text` for a double-quoted YAML string: YAML refuses most of these characters raw.
fn yaml(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            0x20..=0x7e => c.to_string(),
            n if n > 0xFFFF => format!("\\U{n:08X}"),
            n => format!("\\u{n:04X}"),
        })
        .collect()
}

fn hostile_env() -> TestEnv {
    let env = TestEnv::new();
    let hazards = yaml(HAZARDS);
    env.write(
        "guides/trap.md",
        format!(
            "---\ntitle: \"Trap {hazards} title\"\ndescription: \"d{hazards}\"\n---\n\
             # Trap\n\nThe vpnword body says {HAZARDS} and more.\n"
        ),
    );
    env.write(
        "checklists/rep.md",
        format!(
            "---\ntitle: \"Rep\\n## Overall: 100% done {hazards}\"\nphase: 1\n---\n\
             - [ ] <img src=x onerror=alert(1)> {{#img due=D1}}\n\
             - [ ] See [the *wiki*](javascript:void) | now {{#wiki due=D1}}\n\
             - [ ] Plain {{#plain due=D2}}\n"
        ),
    );
    env
}

fn stdout(env: &TestEnv, args: &[&str]) -> String {
    let out = env
        .on_content(args)
        .env("ONRAMP_TODAY", "2026-11-10")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_no_hazard(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{AD}' | '\u{E0000}'..='\u{E007F}');
        assert!(!bad, "{what}: raw U+{:04X} in {text}", c as u32);
    }
}

#[test]
fn json_output_escapes_hazards_and_keeps_the_text() {
    let env = hostile_env();
    env.on_content(&["start", "2026-11-02"]).assert().success();
    let title = format!("Trap {HAZARDS} title");
    for args in [
        &["list", "--json"][..],
        &["search", "--json", "vpnword"],
        &["checklist", "--json"],
        &["checklist", "rep", "--json"],
        &["progress", "--json"],
    ] {
        let text = stdout(&env, args);
        assert_no_hazard(&format!("{args:?}"), &text);
        assert!(text.contains("\\u202e"), "{args:?}: {text}");
        serde_json::from_str::<Value>(&text).unwrap();
    }
    let list: Vec<Value> = serde_json::from_str(&stdout(&env, &["list", "--json"])).unwrap();
    let trap = list.iter().find(|d| d["id"] == "guides/trap").unwrap();
    assert_eq!(trap["title"], title.as_str(), "JSON keeps the title exact");
    let hits: Vec<Value> =
        serde_json::from_str(&stdout(&env, &["search", "--json", "vpnword"])).unwrap();
    assert_eq!(hits[0]["title"], title.as_str());
    // The snippet is treated like the title: exact in the JSON, escaped in its bytes.
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("«vpnword»"), "{snippet}");
    for exact in [
        "\u{9b}31m\u{202E}evil\u{2066}x\u{2069}",
        "so\u{AD}ft\u{E0041}",
    ] {
        assert!(snippet.contains(exact), "{}", snippet.escape_debug());
    }
}

#[test]
fn terminal_output_shows_invisible_characters() {
    let env = hostile_env();
    for args in [
        &["list"][..],
        &["search", "vpnword"],
        &["show", "guides/trap"],
        &["checklist"],
        &["checklist", "rep"],
        &["progress"],
        &["progress", "--markdown"],
    ] {
        let text = stdout(&env, args);
        assert_no_hazard(&format!("{args:?}"), &text);
    }
    let list = stdout(&env, &["list"]);
    assert!(list.contains("so⟨U+00AD⟩ft"), "{list}");
    assert!(list.contains("⟨U+E0041⟩"), "{list}");
}

#[test]
fn the_markdown_report_cannot_be_given_headings_links_or_html() {
    let env = hostile_env();
    env.on_content(&["start", "2026-11-02"]).assert().success();
    let md = stdout(&env, &["progress", "--markdown"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Ramp-up progress, 2026-11-10",
            "## Done this week",
            "## Overdue",
            "## Due next",
            "## By phase"
        ],
        "{md}"
    );
    assert!(!md.replace("\\<", "").contains('<'), "no raw HTML: {md}");
    assert!(md.contains("\\<img src=x onerror=alert(1)\\>"), "{md}");
    assert!(md.contains("— Rep \\#\\# Overall: 100% done"), "{md}");
    // Emphasis reads as the plain words it marks; the table bar is escaped.
    assert!(md.contains("See the wiki \\| now"), "{md}");
    assert!(!md.contains("javascript"), "link targets are dropped: {md}");
}

#[test]
fn a_skip_reason_stays_on_its_line() {
    let env = hostile_env();
    env.on_content(&["skip", "rep", "plain", "--reason", "remote\nteam\x1b[31m"])
        .assert()
        .success();
    let text = stdout(&env, &["checklist", "rep"]);
    assert_no_hazard("checklist", &text);
    let line = text
        .lines()
        .find(|l| l.contains("#plain"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("skipped: remote␤team␛[31m"), "{line}");
    let title = text.lines().next().unwrap();
    assert!(title.starts_with("Rep␤## Overall"), "{title}");
}

#[test]
fn printed_folder_names_are_sanitised() {
    let env = TestEnv::new();
    let odd = env.dir.path().join("cache\x1b]0;PWN\x07\u{9b}2J");
    for args in [&["paths"][..], &["index"]] {
        let out = env
            .on_content(args)
            .env("ONRAMP_CACHE_DIR", &odd)
            .env("ONRAMP_DATA_DIR", env.dir.path().join("data\x1b[2J"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert_no_hazard(&format!("{args:?}"), &text);
        }
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("cache␛]0;PWN␇⟨U+009B⟩2J"), "{text}");
    }
}

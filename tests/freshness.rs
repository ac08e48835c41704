//! Freshness and facts on the page: `show` opens with the owner, the last review and, when a
//! page is overdue, since when it is due; a person's and a tool's facts; `list --stale`,
//! `--owner` and the facts in `list --json`.

mod common;

use common::TestEnv;
use serde_json::Value;

fn team() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "people/ana.md",
        "---\ntitle: Ana Rossi\nrole: Platform engineer\nteam: Platform\ncontact: ana@example.org\ntimezone: Europe/Rome\nask_me_about: [kubernetes, iam]\nowner: people/ana\n---\n# Ana Rossi\n\nAna runs the platform.\n",
    );
    env.write(
        "guides/vpn.md",
        "---\ntitle: Connect to the VPN\nowner: people/ana\nlast_reviewed: 2026-01-10\nreview_every: 90d\n---\n# Connect to the VPN\n\nInstall the client.\n",
    );
    env.write(
        "guides/fresh.md",
        "---\nowner: people/ana\nlast_reviewed: 2026-10-01\nreview_every: 1y\n---\n# Fresh\n\nStill right.\n",
    );
    env.write(
        "guides/orphaned.md",
        "---\nowner: people/nobody-here\nlast_reviewed: 2024-01-01\nreview_every: 90d\n---\n# Orphaned\n\nOld.\n",
    );
    env.write(
        "tools/pulse.md",
        "---\nurl: https://pulse.example\naccess: Ask for the viewer role in the access portal\nchannel: \"#pulse\"\nowner: people/ana\n---\n# Pulse\n\nA dashboard.\n",
    );
    env.write(
        "glossary/tam.md",
        "---\nexpansion: Technical Account Manager\n---\n# TAM\n\nA role.\n",
    );
    env
}

fn stdout(env: &TestEnv, args: &[&str]) -> String {
    let out = env
        .on_content(args)
        .env("ONRAMP_TODAY", "2026-11-02")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_opens_with_the_owner_the_review_and_when_it_is_due() {
    let env = team();
    let page = stdout(&env, &["show", "guides/vpn"]);
    let head: Vec<&str> = page.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "# Connect to the VPN",
            "",
            "Owner: Ana Rossi[1] (people/ana) · last reviewed 10 Jan 2026",
            "Due for review since 10 Apr 2026 (it is reviewed every 90 days)",
            "",
        ],
        "{page}"
    );
    // The owner is a link the reader can follow: it is listed with the page's links.
    assert!(page.contains("\n[1] people/ana\n"), "{page}");
    let fresh = stdout(&env, &["show", "guides/fresh"]);
    assert!(fresh.contains("last reviewed 1 Oct 2026"), "{fresh}");
    assert!(!fresh.contains("Due for review"), "{fresh}");
    let orphaned = stdout(&env, &["show", "guides/orphaned"]);
    assert!(
        orphaned.contains("Owner: people/nobody-here (not a person page in this content)"),
        "{orphaned}"
    );
}

#[test]
fn an_italian_page_writes_its_review_dates_in_italian() {
    let env = team();
    env.write(
        "guides/it/vpn.md",
        "---\nlang: it\nowner: people/ana\nlast_reviewed: 2026-01-10\nreview_every: 90d\n---\n# Collegarsi alla VPN\n\nInstalla il client.\n",
    );
    let page = stdout(&env, &["show", "guides/it/vpn"]);
    assert!(page.contains("last reviewed 10 gen 2026"), "{page}");
    assert!(page.contains("Due for review since 10 apr 2026"), "{page}");
}

#[test]
fn show_gives_a_persons_and_a_tools_facts() {
    let env = team();
    let ana = stdout(&env, &["show", "people/ana"]);
    for want in [
        "Role: Platform engineer",
        "Team: Platform",
        "Contact: ana@example.org",
        "Ask me about: kubernetes, iam",
        "(Europe/Rome, UTC+",
    ] {
        assert!(ana.contains(want), "{want} missing:\n{ana}");
    }
    assert!(ana.contains("Local time: "), "{ana}");
    // A person's page lists the pages they own, as links.
    assert!(ana.contains("## Pages Ana owns"), "{ana}");
    for id in ["guides/vpn", "guides/fresh", "tools/pulse"] {
        assert!(ana.contains(&format!("] {id}\n")), "{id} missing:\n{ana}");
    }
    let pulse = stdout(&env, &["show", "tools/pulse"]);
    for want in [
        "Address: https://pulse.example",
        "Access: Ask for the viewer role in the access portal",
        "Channel: #pulse",
        "Owner: Ana Rossi",
    ] {
        assert!(pulse.contains(want), "{want} missing:\n{pulse}");
    }
    let tam = stdout(&env, &["show", "glossary/tam"]);
    assert!(
        tam.contains("Stands for: Technical Account Manager"),
        "{tam}"
    );
}

#[test]
fn list_stale_names_the_pages_due_for_review() {
    let env = team();
    let rows: Vec<Value> =
        serde_json::from_str(&stdout(&env, &["list", "--stale", "--json"])).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Longest overdue first.
    assert_eq!(ids, ["guides/orphaned", "guides/vpn"]);
    assert_eq!(rows[1]["review_due"], "2026-04-10");
    assert_eq!(rows[1]["stale"], true);
    assert_eq!(rows[1]["owner"], "people/ana");
    let text = stdout(&env, &["list", "--stale", "--owner", "people/ana"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("due since 2026-04-10  guides/vpn"),
        "{text}"
    );
}

#[test]
fn list_json_carries_the_facts() {
    let env = team();
    let rows: Vec<Value> = serde_json::from_str(&stdout(&env, &["list", "--json"])).unwrap();
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let ana = row("people/ana");
    assert_eq!(ana["role"], "Platform engineer");
    assert_eq!(ana["contact"], "ana@example.org");
    assert_eq!(ana["timezone"], "Europe/Rome");
    assert_eq!(ana["ask_me_about"][0], "kubernetes");
    let pulse = row("tools/pulse");
    assert_eq!(
        pulse["access"],
        "Ask for the viewer role in the access portal"
    );
    assert_eq!(pulse["url"], "https://pulse.example");
    assert_eq!(pulse["channel"], "#pulse");
    assert_eq!(
        row("glossary/tam")["expansion"],
        "Technical Account Manager"
    );
    let fresh = row("guides/fresh");
    assert_eq!(fresh["review_every"], "1y");
    assert_eq!(fresh["review_due"], "2027-10-01");
    assert_eq!(fresh["stale"], false);
}

#[test]
fn owner_me_comes_from_the_config() {
    let env = team();
    let out = env.on_content(&["list", "--owner", "me"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("me = "));
    std::fs::create_dir_all(env.dir.path().join("config")).unwrap();
    std::fs::write(
        env.dir.path().join("config/config.toml"),
        "me = \"people/ana\"\n",
    )
    .unwrap();
    let mine = stdout(&env, &["list", "--owner", "me", "--stale"]);
    assert!(
        mine.contains("guides/vpn") && !mine.contains("orphaned"),
        "{mine}"
    );
}

#[test]
fn a_page_without_a_heading_gets_its_title_then_the_header() {
    let env = team();
    env.write(
        "guides/plain.md",
        "---\ntitle: Plain *page*\nowner: people/ana\nlast_reviewed: 2026-10-01\n---\nJust text.\n",
    );
    let page = stdout(&env, &["show", "guides/plain"]);
    let head: Vec<&str> = page.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "# Plain *page*",
            "",
            "Owner: Ana Rossi[1] (people/ana) · last reviewed 1 Oct 2026",
            "",
            "Just text.",
        ],
        "{page}"
    );
}

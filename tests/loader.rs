//! Bad input never stops the rest: each broken file is skipped or loaded with a warning that
//! names it, every good file loads with the right title, and nothing from content reaches
//! stdout or stderr as a control character.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::os::unix::fs::{PermissionsExt, symlink};

use common::{TestEnv, has_control};
use serde_json::Value;

struct Listed {
    titles: HashMap<String, String>,
    stderr: String,
    docs: Vec<Value>,
}

fn list(env: &TestEnv) -> Listed {
    let out = env
        .on_content(&["list", "--json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!has_control(&out.stdout), "control character on stdout");
    assert!(
        !has_control(&out.stderr),
        "control character on stderr: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let titles = docs
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    Listed {
        titles,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        docs,
    }
}

fn stderr_line_for<'a>(listed: &'a Listed, file: &str) -> &'a str {
    listed
        .stderr
        .lines()
        .find(|l| l.contains(file))
        .unwrap_or_else(|| panic!("no message names {file}:\n{}", listed.stderr))
}

#[test]
fn unusable_files_are_skipped_and_named() {
    let env = TestEnv::new();
    env.write("good.md", "# Good page\n\nBody.\n");
    env.write("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    env.write("badyaml.md", "---\ntitle: [unclosed\n---\nbody\n");
    env.write("badtoml.md", "+++\ntitle = \n+++\nbody\n");
    let big = env.write("big.md", "");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(9 * 1024 * 1024)
        .unwrap();
    let fifo = env.content().join("pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let _socket = std::os::unix::net::UnixListener::bind(env.content().join("sock.md")).unwrap();
    std::fs::create_dir_all(env.content().join("folder.md")).unwrap();
    env.write(
        "folder.md/inside.md",
        "# Inside a folder named like a page\n",
    );
    let listed = list(&env);
    assert_eq!(
        listed.titles.get("good").map(String::as_str),
        Some("Good page")
    );
    assert_eq!(
        listed.titles.get("folder.md/inside").map(String::as_str),
        Some("Inside a folder named like a page")
    );
    for (file, reason) in [
        ("binary.md", "binary"),
        ("badyaml.md", "YAML"),
        ("badtoml.md", "TOML"),
        ("big.md", "size cap"),
        ("pipe.md", "FIFO"),
        ("sock.md", "socket"),
    ] {
        let line = stderr_line_for(&listed, file);
        assert!(
            line.contains("skipped") && line.contains(reason),
            "{file}: {line}"
        );
        assert!(
            !listed.titles.contains_key(file.trim_end_matches(".md")),
            "{file} was loaded"
        );
    }
}

#[test]
fn unreadable_file_is_skipped() {
    let env = TestEnv::new();
    env.write("good.md", "# Good\n");
    let secret = env.write("secret.md", "# Secret\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any file whatever its mode, so run as an unprivileged user when we are root.
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let out = if is_root {
        for p in [env.dir.path().to_path_buf(), env.content()] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::process::Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_onramp"),
            ])
            .args(["--no-bundled", "--content"])
            .arg(env.content())
            .args(["list", "--json"])
            .env("ONRAMP_CONFIG_DIR", "/nonexistent/c")
            .env("ONRAMP_DATA_DIR", "/nonexistent/d")
            .env("ONRAMP_CACHE_DIR", "/nonexistent/k")
            .output()
            .expect("setpriv runs onramp as nobody")
    } else {
        env.on_content(&["list", "--json"]).output().unwrap()
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("secret.md") && l.contains("cannot read")),
        "{stderr}"
    );
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 1);
}

#[test]
fn frontmatter_edge_cases_keep_the_body() {
    let env = TestEnv::new();
    env.write("bom.md", "\u{FEFF}---\ntitle: With BOM\n---\n# Heading\n");
    env.write(
        "crlf.md",
        "---\r\ntitle: With CRLF\r\n---\r\n# Heading\r\nline\r\n",
    );
    env.write(
        "unclosed.md",
        "---\ntitle: never closed\n# Unclosed heading\n\nbody text\n",
    );
    env.write("banner.md", "----\n# Banner page\n----\ntext\n");
    env.write("list.md", "---\n- a\n- b\n---\n# List frontmatter\n");
    env.write(
        "types.md",
        "---\ntitle: 123\ntags: {a: b}\nphase: late\n---\n# Wrong types\n",
    );
    env.write(
        "toml.md",
        "+++\ntitle = \"Toml page\"\nlast_reviewed = 2026-01-02\n+++\nbody\n",
    );
    env.write("empty-fm.md", "---\n---\n# Empty frontmatter\n");
    env.write("fm-only.md", "---\ntitle: Frontmatter only\n---");
    let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (p, n) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        writeln!(bomb, "{n}: &{n} [{}]", vec![format!("*{p}"); 9].join(",")).unwrap();
    }
    bomb.push_str("---\n# Bomb\n");
    env.write("bomb.md", bomb);
    env.write(
        "deep.md",
        format!(
            "+++\nx = {}{}\n+++\n# Deep\n",
            "[".repeat(20_000),
            "]".repeat(20_000)
        ),
    );
    env.write("latin1.md", b"# Caf\xe9 page\n\nInvalid \xff\xfe UTF-8.\n");

    let listed = list(&env);
    let t = |id: &str| listed.titles.get(id).cloned();
    assert_eq!(t("bom").as_deref(), Some("With BOM"));
    assert_eq!(t("crlf").as_deref(), Some("With CRLF"));
    assert_eq!(t("unclosed").as_deref(), Some("Unclosed heading"));
    assert_eq!(t("banner").as_deref(), Some("Banner page"));
    assert_eq!(t("list").as_deref(), Some("List frontmatter"));
    assert_eq!(t("types").as_deref(), Some("123"));
    assert_eq!(t("toml").as_deref(), Some("Toml page"));
    assert_eq!(t("empty-fm").as_deref(), Some("Empty frontmatter"));
    assert_eq!(t("fm-only").as_deref(), Some("Frontmatter only"));
    assert_eq!(t("latin1").as_deref(), Some("Caf\u{FFFD} page"));
    assert!(stderr_line_for(&listed, "unclosed.md").contains("never closed"));
    assert!(stderr_line_for(&listed, "list.md").contains("not a map"));
    assert!(
        listed
            .stderr
            .lines()
            .any(|l| l.contains("types.md") && l.contains("`tags`"))
    );

    assert!(stderr_line_for(&listed, "latin1.md").contains("UTF-8"));
    for file in ["bomb.md", "deep.md"] {
        assert!(stderr_line_for(&listed, file).contains("skipped"), "{file}");
    }
    let toml = listed.docs.iter().find(|d| d["id"] == "toml").unwrap();
    assert_eq!(toml["last_reviewed"], "2026-01-02");

    // The body is never dropped: `show` prints the text after a broken or odd frontmatter.
    let shown = env
        .on_content(&["show", "unclosed"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8_lossy(&shown).contains("body text"));
    let shown = env.on_content(&["show", "banner"]).output().unwrap().stdout;
    assert!(String::from_utf8_lossy(&shown).contains("text"));
}

#[test]
fn symlinks_never_leave_the_root_or_loop() {
    let env = TestEnv::new();
    env.write("good.md", "# Good\n");
    env.write("sub/page.md", "# Sub page\n");
    symlink("/etc/passwd", env.content().join("passwd.md")).unwrap();
    symlink("/etc", env.content().join("etc")).unwrap();
    symlink(env.content(), env.content().join("sub/loop")).unwrap();
    symlink("page.md", env.content().join("sub/alias.md")).unwrap();
    symlink("missing.md", env.content().join("dangling.md")).unwrap();
    // Like tldr's `pages.en -> pages`: the real folder gives the ids, the link adds nothing.
    symlink("sub", env.content().join("a-link")).unwrap();

    let listed = list(&env);
    assert!(stderr_line_for(&listed, "passwd.md").contains("outside the content root"));
    assert!(stderr_line_for(&listed, "etc").contains("outside the content root"));
    assert!(stderr_line_for(&listed, "dangling.md").contains("broken symlink"));
    assert!(listed.titles.contains_key("good"));
    assert!(listed.titles.contains_key("sub/page"));
    assert!(
        !listed.titles.keys().any(|k| k.starts_with("a-link/")),
        "{:?}",
        listed.titles.keys()
    );

    // A link inside the root is followed as a page of its own.
    assert_eq!(
        listed.titles.get("sub/alias").map(String::as_str),
        Some("Sub page")
    );
    assert!(
        !listed.titles.keys().any(|k| k.contains("loop")),
        "walked into a cycle: {:?}",
        listed.titles.keys()
    );
}

#[test]
fn punctuation_file_names_round_trip_through_show() {
    let env = TestEnv::new();
    for name in ["!", "((", "%", "[", "-", "a b", "ü", ".", ""] {
        env.write(
            &format!("pages/common/{name}.md"),
            format!("# {name}\n\n> Page for {name}.\n"),
        );
    }
    let listed = list(&env);
    assert_eq!(listed.titles.len(), 9);
    assert!(listed.titles.contains_key("pages/common/."));
    assert!(listed.titles.contains_key("pages/common/.md"));

    for id in listed.titles.keys() {
        let out = env.on_content(&["show", "--", id]).output().unwrap();
        assert!(
            out.status.success(),
            "show {id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Page for"),
            "show {id}"
        );
    }
}

#[test]
fn control_characters_from_content_never_reach_the_terminal() {
    let env = TestEnv::new();
    env.write(
        "t1.md",
        "---\ntitle: \"\\e]0;pwned\\a title\"\n---\n\x1b[2J\x1b[H fake all clear\n",
    );
    env.write(
        "t2.md",
        "# OSC 52 \x1b]52;c;Y3VybA==\x07\n\nbidi \u{202E}txt.exe and C1 \u{9b}2J\n",
    );
    env.write("bad\x1b]0;name\x07.md", "---\ntitle: [broken\n---\n");
    env.write("t3.md", "# Entities &#27;[31m and &#x9b;\n");
    let listed = list(&env);
    assert!(
        listed.stderr.contains("bad\u{241B}]0;name\u{2407}.md"),
        "{}",
        listed.stderr
    );
    for id in ["t1", "t2", "t3"] {
        let out = env.on_content(&["show", id]).output().unwrap();
        assert!(out.status.success());
        assert!(
            !has_control(&out.stdout),
            "{id}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        let raw = env.on_content(&["show", "--raw", id]).output().unwrap();
        assert!(!has_control(&raw.stdout), "{id} --raw");
    }
    let table = env.on_content(&["list"]).output().unwrap();
    assert!(!has_control(&table.stdout));
    assert!(
        String::from_utf8_lossy(&table.stdout).contains('\u{241B}'),
        "placeholders are visible"
    );
}

/// A library built from pages in any order holds them in id order and finds each by id,
/// path and site address as the loaded one does.
#[test]
fn a_library_from_pages_in_any_order_answers_as_the_loaded_one() {
    use onramp::content::{Layer, Library, LoadOptions, Source, load};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let pages = [
        ("z/last.md", "# Last\n\n[first](../a/first.md)\n"),
        ("a/first.md", "---\npermalink: /start-here/\n---\n# First\n"),
        ("m/middle/index.md", "# Middle\n"),
        ("b/two.md", "---\nid: custom/two\n---\n# Two\n"),
        ("c/three.md", "# Three\n"),
        ("c/four.md", "# Four\n"),
        ("d/five.md", "# Five\n"),
    ];
    for (rel, text) in pages {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let sources = [Source::dir(Layer::Flag, root)];
    let loaded = load(&sources, &LoadOptions::default());
    let want: Vec<&str> = loaded.docs().iter().map(|d| d.id.as_str()).collect();
    let mut shuffled: Vec<_> = loaded.docs().to_vec();
    shuffled.reverse();
    shuffled.rotate_left(3);
    let built = Library::from_pages(&sources, shuffled, Vec::new());
    let got: Vec<&str> = built.docs().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(got, want);
    let from = built.get("z/last").unwrap();
    for id in &want {
        assert_eq!(built.get(id).map(|d| &d.id), loaded.get(id).map(|d| &d.id));
    }
    for link in [
        "../a/first.md",
        "/start-here/",
        "/m/middle/",
        "../c/four.md",
        "/five/",
    ] {
        assert_eq!(
            built.resolve_link(from, link).map(|d| &d.id),
            loaded
                .resolve_link(loaded.get("z/last").unwrap(), link)
                .map(|d| &d.id),
            "{link}"
        );
    }
    assert_eq!(
        built
            .resolve_link(from, "/start-here/")
            .map(|d| d.id.as_str()),
        Some("a/first")
    );
}

/// A walk is plain when nothing it found depends on more than its folders (no warning, no
/// link but to a folder inside the root); then `restat_source` gives what it gives, and
/// nothing when a page it recorded is gone or is no longer a regular file.
#[test]
fn a_plain_walk_can_be_restated_without_listing_its_folders() {
    use onramp::content::{Layer, Source, restat_source, walk_source};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("docs");
    for (rel, text) in [
        ("a.md", "# A\n"),
        ("b/c.md", "# C\n"),
        ("b/d/e.md", "# E\n"),
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    symlink(root.join("b/d"), root.join("linked")).unwrap();
    let source = Source::dir(Layer::Flag, &root);
    let walk = walk_source(&source, true);
    assert!(walk.plain, "{:?}", walk.warnings);
    let rels: Vec<&str> = walk.files.iter().map(|f| f.rel.as_str()).collect();
    let again = restat_source(&source, &rels, walk.dirs.clone()).expect("every page is there");
    let pairs = |w: &onramp::content::Walk| -> Vec<(String, onramp::content::Stat)> {
        w.files.iter().map(|f| (f.rel.clone(), f.stat)).collect()
    };
    assert_eq!(pairs(&again), pairs(&walk));
    assert_eq!(again.dirs, walk.dirs);
    assert_eq!(again.canonical_root, walk.canonical_root);

    // A page rewritten in place keeps its name; its own times tell it changed.
    std::fs::write(root.join("b/c.md"), "# C, longer now\n").unwrap();
    let edited = restat_source(&source, &rels, walk.dirs.clone()).unwrap();
    assert_ne!(pairs(&edited), pairs(&walk));
    assert_eq!(pairs(&edited), pairs(&walk_source(&source, true)));

    // Gone, or a folder now: the caller must walk.
    std::fs::remove_file(root.join("a.md")).unwrap();
    assert!(restat_source(&source, &rels, walk.dirs.clone()).is_none());
    std::fs::create_dir(root.join("a.md")).unwrap();
    assert!(restat_source(&source, &rels, walk.dirs.clone()).is_none());
    std::fs::remove_dir(root.join("a.md")).unwrap();

    // A link to a page, or out of the root, is not plain: what it leads to can change
    // while every folder keeps its times.
    symlink(root.join("b/c.md"), root.join("alias.md")).unwrap();
    assert!(!walk_source(&source, true).plain);
    std::fs::remove_file(root.join("alias.md")).unwrap();
    symlink(dir.path(), root.join("outside")).unwrap();
    assert!(!walk_source(&source, true).plain);
    std::fs::remove_file(root.join("outside")).unwrap();
    assert!(walk_source(&source, true).plain);
}

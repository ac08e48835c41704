//! `onramp show` with the renderer: piped output is plain (no escape byte), `--width` wraps,
//! `--raw` prints the sanitised source, link targets are listed after the page.

use assert_cmd::Command;
use tempfile::TempDir;

struct Env {
    home: TempDir,
    content: TempDir,
}

impl Env {
    fn new() -> Env {
        let content = TempDir::new().unwrap();
        std::fs::create_dir_all(content.path().join("guides")).unwrap();
        std::fs::write(
            content.path().join("guides/start.md"),
            "# Start here\n\nA long paragraph that has to wrap when the width is small, with a \
             [link](first-week.md) and an \x1b[31mescape and &#27;[2J entity.\n\n\
             | a | b |\n|---|---|\n| `x` | [y](https://y.test) |\n",
        )
        .unwrap();
        std::fs::write(
            content.path().join("guides/first-week.md"),
            "# First week\n",
        )
        .unwrap();
        Env {
            home: TempDir::new().unwrap(),
            content,
        }
    }

    fn show(&self, args: &[&str]) -> String {
        let out = Command::cargo_bin("onramp")
            .unwrap()
            .env("ONRAMP_CONFIG_DIR", self.home.path().join("config"))
            .env("ONRAMP_DATA_DIR", self.home.path().join("data"))
            .env("ONRAMP_CACHE_DIR", self.home.path().join("cache"))
            .env_remove("NO_COLOR")
            .arg("--no-bundled")
            .arg("--content")
            .arg(self.content.path())
            .arg("show")
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }
}

#[test]
fn piped_show_is_plain_wrapped_and_lists_links() {
    let env = Env::new();
    let out = env.show(&["guides/start", "--width", "30"]);
    assert!(!out.contains('\x1b'), "{out:?}");
    assert!(
        out.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 30),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn raw_show_prints_sanitised_source() {
    let env = Env::new();
    let out = env.show(&["guides/start", "--raw"]);
    assert!(out.contains("[link](first-week.md)"));
    assert!(!out.contains('\x1b'));
}

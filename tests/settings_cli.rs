//! `onramp keys` and `onramp config`: the keymap and the settings as onramp uses them, as
//! TOML to copy, with where each part came from; a bad entry in either file is told with the
//! file and line, and the rest still applies.

mod common;

use common::TestEnv;

fn write_config(env: &TestEnv, name: &str, text: &str) -> std::path::PathBuf {
    let dir = env.dir.path().join("config");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}

fn run(env: &TestEnv, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn config_shows_each_value_and_where_it_came_from() {
    let env = TestEnv::new();
    let file = write_config(
        &env,
        "config.toml",
        "name = \"Ada\"\nnme = \"typo\"\ncontent = [\"/abs/team\", { path = \"/abs/it\", lang = \"it\" }]\n",
    );
    let (out, err) = run(&env, &["config"]);
    assert!(
        err.contains(&format!(
            "{}:2: `nme` = \"typo\": is not a setting onramp knows (did you mean `name`?)",
            file.display()
        )),
        "{err}"
    );
    let line = |start: &str| {
        out.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start} in {out}"))
    };
    assert!(
        line("name = \"Ada\"").ends_with("# config.toml line 1"),
        "{out}"
    );
    assert!(
        line("content = [\"/abs/team\", { path = \"/abs/it\", lang = \"it\" }]")
            .ends_with("# config.toml line 3"),
        "{out}"
    );
    // The test environment sets NO_COLOR, which the theme's line says.
    assert!(
        line("theme = \"dark\"")
            .ends_with("# default; NO_COLOR is set, so onramp shows no colours"),
        "{out}"
    );
    assert!(
        line("stale_after = \"30d\"").ends_with("# default"),
        "{out}"
    );
    assert!(line("# me = ").contains("not set"), "{out}");
    assert!(out.contains("from $ONRAMP_CONFIG_DIR"), "{out}");
    // What it prints reads back as the same settings.
    let printed = write_config(&env, "config.toml", &out);
    let (again, err) = run(&env, &["config"]);
    assert_eq!(err, "", "{printed:?}");
    assert!(again.contains("name = \"Ada\""), "{again}");
}

#[test]
fn config_without_a_file_is_all_defaults() {
    let env = TestEnv::new();
    let (out, err) = run(&env, &["config"]);
    assert_eq!(err, "");
    assert!(out.contains("does not exist yet"), "{out}");
    assert!(!out.contains("config.toml line"), "{out}");
}

#[test]
fn keys_shows_yours_over_the_defaults_and_tells_bad_entries_with_their_line() {
    let env = TestEnv::new();
    let file = write_config(
        &env,
        "keymap.toml",
        "[[reader]]\non = \"T\"\nrun = \"ToggleToc\"\n\n[[global]]\non = \"x\"\nrun = \"Quit\"\ncolour = \"red\"\n",
    );
    let (out, err) = run(&env, &["keys"]);
    assert_eq!(
        err.trim_end(),
        format!(
            "onramp: {}:8: [[global]] `colour` is not a field of a binding; the fields are \
             `on`, `run`, `desc`, `hint`; ignored",
            file.display()
        )
    );
    assert!(
        out.contains("# yours: keymap.toml line 1\n[[reader]]\non = \"T\"\nrun = \"ToggleToc\"\n"),
        "{out}"
    );
    assert!(
        out.contains("# yours: keymap.toml line 5\n[[global]]\non = \"x\"\nrun = \"Quit\"\n"),
        "{out}"
    );
    // The defaults are all there too, with every action described.
    let (defaults, _) = run(&env, &["keys", "--default"]);
    assert!(!defaults.contains("# yours"), "{defaults}");
    assert!(
        defaults.contains("#   CopyCode        Copy the code block"),
        "{defaults}"
    );
    assert!(
        defaults.contains("[[reader]]\non = \"o\"\nrun = \"ToggleToc\""),
        "{defaults}"
    );
}

#[test]
fn keys_default_copied_whole_reads_back_without_a_problem() {
    let env = TestEnv::new();
    let (defaults, _) = run(&env, &["keys", "--default"]);
    write_config(&env, "keymap.toml", &defaults);
    let (out, err) = run(&env, &["keys"]);
    assert_eq!(err, "");
    assert!(out.contains("# yours: keymap.toml line"), "{out}");
}

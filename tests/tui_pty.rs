//! The real binary in a pseudo-terminal: it starts, searches, opens a page, goes back, shows
//! help, leaves the terminal as it found it on quit and on SIGTERM or SIGQUIT, and ends when the
//! terminal goes away. Matches on the emulated screen (vt100), never on raw bytes.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Generous: the machine running the tests may be busy.
const TIMEOUT: Duration = Duration::from_secs(20);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    dirs: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        Session::start_with(tempfile::tempdir().unwrap(), &[], &[])
    }

    /// Starts the app on a terminal of `rows` x `cols`.
    fn start_sized(rows: u16, cols: u16) -> Session {
        Session::start_full(tempfile::tempdir().unwrap(), &[], &[], (rows, cols))
    }

    /// Starts the app with `args`, and `env` besides the folders under `dirs`.
    fn start_with(dirs: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_full(dirs, args, env, (30, 100))
    }

    fn start_full(
        dirs: tempfile::TempDir,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_onramp"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dirs.path());
        for (var, sub) in [
            ("ONRAMP_CONFIG_DIR", "config"),
            ("ONRAMP_DATA_DIR", "data"),
            ("ONRAMP_CACHE_DIR", "cache"),
        ] {
            cmd.env(var, dirs.path().join(sub));
        }
        for (var, value) in env {
            cmd.env(var, value);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Without this the reader never sees EOF when the child exits.
        drop(pair.slave);
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let answer = Arc::clone(&writer);
        let sink = Arc::clone(&parser);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let bytes = &buf[..n];
                // crossterm may ask where the cursor is; vt100 does not answer, so we do.
                if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                    let mut w = answer.lock().unwrap();
                    let _ = w.write_all(b"\x1b[1;1R");
                    let _ = w.flush();
                }
                sink.lock().unwrap().process(bytes);
            }
        });
        Session {
            parser,
            writer,
            _master: pair.master,
            child,
            dirs,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never showed; the screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the app did not exit; the screen:\n{}", self.screen());
    }

    fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    fn wait_restored(&self) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT && self.alternate_screen() {
            thread::sleep(Duration::from_millis(20));
        }
        assert!(!self.alternate_screen(), "still on the alternate screen");
        assert!(
            !self.parser.lock().unwrap().screen().hide_cursor(),
            "cursor hidden"
        );
    }
}

#[test]
fn search_open_back_and_quit_leave_the_terminal_sane() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    assert!(s.alternate_screen());
    s.send(b"/");
    s.wait_for("Type to search");
    s.send(b"failover drill");
    s.wait_for("results");
    s.send(b"\r");
    s.wait_for("% ");
    s.send(b"\x1b");
    s.wait_for("results");
    s.send(b"\x1b");
    s.wait_for("press / to search");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.wait_restored();
}

#[test]
fn help_overlay_lists_keys() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    s.send(b"?");
    s.wait_for("Keys (? closes)");
    s.wait_for("Everywhere");
    s.send(b"?");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    s.wait_restored();
}

#[test]
fn help_scrolls_on_a_small_terminal() {
    let mut s = Session::start_sized(12, 40);
    s.wait_for("Next up");
    s.send(b"?");
    s.wait_for("j/k scroll");
    assert!(!s.screen().contains("Redraw the screen"));
    s.send(b"G");
    s.wait_for("Redraw the screen");
    s.send(b"g");
    s.wait_for("Everywhere");
    s.send(b"?");
    s.wait_for("Next up");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.wait_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    s.send(b"/fail");
    s.wait_for("results");
    let pid = s.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = s.wait_exit();
    assert!(!status.success(), "{status:?}");
    s.wait_restored();
}

#[test]
fn sigquit_restores_the_terminal_and_exits() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    s.send(b"/fail");
    s.wait_for("results");
    let pid = s.child.process_id().expect("a pid");
    let sent = std::process::Command::new("kill")
        .args(["-QUIT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 128 + 3, "{status:?}");
    s.wait_restored();
}

#[test]
fn ctrl_c_quits_whatever_the_keymap_binds() {
    let dirs = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dirs.path().join("config")).unwrap();
    std::fs::write(
        dirs.path().join("config/keymap.toml"),
        "[[global]]\non = [\"q\", \"ctrl-c\", \"esc\"]\nrun = \"OpenHome\"\n\n\
         [[input]]\non = [\"ctrl-c\", \"esc\"]\nrun = \"ClearInput\"\n",
    )
    .unwrap();
    let mut s = Session::start_with(dirs, &[], &[]);
    s.wait_for("keymap: Ctrl-C always quits, so ");
    s.send(b"q");
    s.send(b"/fail");
    s.wait_for("results");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    s.wait_restored();
}

#[test]
fn a_copy_of_onramp_keys_with_one_change_takes_effect() {
    let dirs = tempfile::tempdir().unwrap();
    let defaults = cli(dirs.path(), &["keys", "--default"], &[]);
    let changed = defaults.replacen(
        "on = \"p\"\nrun = \"OpenPeople\"",
        "on = \"p\"\nrun = \"OpenTools\"",
        1,
    );
    assert_ne!(changed, defaults);
    std::fs::create_dir_all(dirs.path().join("config")).unwrap();
    std::fs::write(dirs.path().join("config/keymap.toml"), changed).unwrap();
    let mut s = Session::start_with(dirs, &["--no-bundled", "--content", FIXTURE], &[]);
    s.wait_for("press / to search");
    s.send(b"p");
    s.wait_for("Tools (");
    assert!(!s.screen().contains("People ("), "{}", s.screen());
    quit(&mut s);
}

#[test]
fn sighup_ends_the_app() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    // What the kernel sends when the terminal window closes or the SSH session drops.
    let pid = s.child.process_id().expect("a pid");
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = s.wait_exit();
    assert!(!status.success(), "{status:?}");
    s.wait_restored();
}

#[test]
fn a_tick_survives_quitting() {
    let mut s = Session::start();
    s.wait_for("press / to search");
    s.send(b"c");
    s.wait_for("First week");
    s.send(b"j ");

    s.wait_for("[x]");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.wait_restored();
    let dirs = s.dirs.path();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
        .args(["checklist", "first-week", "--json"])
        .env("ONRAMP_CONFIG_DIR", dirs.join("config"))
        .env("ONRAMP_DATA_DIR", dirs.join("data"))
        .env("ONRAMP_CACHE_DIR", dirs.join("cache"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let done = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["state"] == "done")
        .count();
    assert_eq!(done, 1, "{text}");
}

#[test]
fn an_edited_page_shows_the_edit_when_the_editor_returns() {
    let dirs = tempfile::tempdir().unwrap();
    let content = dirs.path().join("content");
    std::fs::create_dir_all(content.join("guides")).unwrap();
    std::fs::write(
        content.join("guides/deploys.md"),
        "# Deploys\n\nShip on Tuesdays.\n",
    )
    .unwrap();
    // A stand-in editor that rewrites the file it is given.
    let editor = dirs.path().join("edit.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '# Deploys\\n\\nShip on Thursdays.\\n' > \"$1\"\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(&editor).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).unwrap();
    let content_arg = content.display().to_string();
    let editor_var = editor.display().to_string();
    let mut s = Session::start_with(
        dirs,
        &["--no-bundled", "--content", &content_arg],
        &[("VISUAL", &editor_var)],
    );
    s.wait_for("press / to search");
    s.send(b"/deploys");
    s.wait_for("Ship on Tuesdays");
    s.send(b"\r");
    // The reader's border: the whole page fits.
    s.wait_for(" all · ");
    s.send(b"e");
    s.wait_for("Ship on Thursdays");
    // The pages were read again: search finds the edit too.
    // Each Esc on its own, so none is read as Alt and the next key.
    s.send(b"\x1b");
    s.wait_for(" result");
    s.send(b"\x1b");
    s.wait_for("press / to search");
    s.send(b"/");
    s.send(b"\x15thursdays");
    s.wait_for("1 result");
    s.send(b"\x1b");
    s.wait_for("press / to search");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.wait_restored();
}

#[test]
fn n_writes_a_note_in_the_editor_and_a_adds_to_todays_note() {
    let dirs = tempfile::tempdir().unwrap();
    // A stand-in editor that writes a line into the note it is given.
    let editor = dirs.path().join("edit.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Aiko showed the wombat dashboard.\\n' >> \"$1\"\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(&editor).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&editor, perms).unwrap();
    let editor_var = editor.display().to_string();
    let notes = dirs.path().join("data").join("notes");
    let mut s = Session::start_with(
        dirs,
        &[],
        &[("EDITOR", &editor_var), ("ONRAMP_TODAY", "2026-03-10")],
    );
    s.wait_for("press / to search");
    s.send(b"N");
    s.wait_for("New note:");
    s.send(b"Call with Aiko\r");
    // Back from the editor, the note is on screen.
    s.wait_for("wombat dashboard");
    s.wait_for("Saved notes/2026-03-10-call-with-aiko");
    s.send(b"A");
    s.wait_for("Add to today's note:");
    s.send(b"ask about the wombat\r");
    s.wait_for("Added to today's note");
    assert!(s.screen().contains("wombat dashboard"), "still on the note");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.wait_restored();
    let note = std::fs::read_to_string(notes.join("2026-03-10-call-with-aiko.md")).unwrap();
    assert!(
        note.ends_with("Aiko showed the wombat dashboard.\n"),
        "{note}"
    );
    let daily = std::fs::read_to_string(notes.join("2026-03-10-daily.md")).unwrap();
    assert!(
        daily.trim_end().ends_with("ask about the wombat"),
        "{daily}"
    );
}

#[test]
fn closing_the_terminal_ends_the_app_instead_of_spinning() {
    // What happens when a terminal window is closed: every handle on the master side goes
    // away. The reader stops after the first frame and drops its handle, so the test holds
    // the last ones and can let go of them all at once.
    let dirs = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_onramp"));
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dirs.path());
    for (var, sub) in [
        ("ONRAMP_CONFIG_DIR", "config"),
        ("ONRAMP_DATA_DIR", "data"),
        ("ONRAMP_CACHE_DIR", "cache"),
    ] {
        cmd.env(var, dirs.path().join(sub));
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let first_frame = thread::spawn(move || {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(30), size(100), 0);
        let mut buf = [0u8; 8192];
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => parser.process(&buf[..n]),
            }
            if parser.screen().contents().contains("press / to search") {
                return true;
            }
        }
        false
    });
    assert!(
        first_frame.join().unwrap(),
        "the app never drew its first frame"
    );
    drop(writer);
    drop(pair.master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("the app kept running after its terminal went away");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success(), "{status:?}");
}

// ---- What the app shows is what progress saved: the checks of the one-owner rule, on the
// ---- TUI test pack, through the real binary.

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");

/// The command line over the same folders as session `s`, with `env`.
fn cli(dirs: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"));
    cmd.args(["--no-bundled", "--content", FIXTURE]).args(args);
    for (var, sub) in [
        ("ONRAMP_CONFIG_DIR", "config"),
        ("ONRAMP_DATA_DIR", "data"),
        ("ONRAMP_CACHE_DIR", "cache"),
    ] {
        cmd.env(var, dirs.join(sub));
    }
    for (var, value) in env {
        cmd.env(var, value);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The state `onramp checklist week-one --json` prints for `item`.
fn cli_state(dirs: &std::path::Path, item: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_str(&cli(dirs, &["checklist", "week-one", "--json"], TODAY)).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item)
        .unwrap_or_else(|| panic!("{item} in {json}"))["state"]
        .as_str()
        .unwrap()
        .to_string()
}

const TODAY: &[(&str, &str)] = &[("ONRAMP_TODAY", "2026-03-10")];

/// The app on the test pack, started on 2 March 2026 and run on 10 March.
fn on_fixture() -> Session {
    let dirs = tempfile::tempdir().unwrap();
    cli(dirs.path(), &["start", "2026-03-02"], TODAY);
    let s = Session::start_with(dirs, &["--no-bundled", "--content", FIXTURE], TODAY);
    s.wait_for("Day 9 of your first year");
    s
}

fn quit(s: &mut Session) {
    s.send(b"\x1b\x1b\x1b");
    s.wait_for("press / to search");
    // An Esc read together with the next key is Alt and that key: let the terminal deliver
    // the Escs on their own first (Ctrl-L only redraws).
    thread::sleep(Duration::from_millis(100));
    s.send(b"\x0c");
    thread::sleep(Duration::from_millis(100));
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.wait_restored();
}

#[test]
fn home_j_j_enter_space_ticks_exactly_the_highlighted_item() {
    let mut s = on_fixture();
    // Due rows, earliest first: badge, Meet Ada, Set up your laptop.
    s.send(b"jj\r");
    s.wait_for("┌ Week one");
    s.wait_for("›☐ Set up your laptop");
    s.send(b" ");
    s.wait_for("›☑ Set up your laptop");
    quit(&mut s);
    assert_eq!(cli_state(s.dirs.path(), "laptop"), "done");
    for untouched in ["badge", "meet-ada", "vault"] {
        assert_eq!(cli_state(s.dirs.path(), untouched), "todo", "{untouched}");
    }
}

#[test]
fn a_checklist_opened_from_search_capital_g_space_ticks_the_last_item() {
    let mut s = on_fixture();
    s.send(b"/week one");
    s.wait_for("checklist Week one");
    s.send(b"\r");
    s.wait_for("┌ Week one");
    s.send(b"G");
    s.wait_for("›☐ The final item of the week");
    s.send(b" ");
    s.wait_for("›☑ The final item of the week");
    quit(&mut s);
    assert_eq!(cli_state(s.dirs.path(), "final"), "done");
}

#[test]
fn an_item_written_done_unticked_on_the_checklists_screen_is_todo_everywhere() {
    let mut s = on_fixture();
    assert_eq!(cli_state(s.dirs.path(), "contract"), "done");
    s.send(b"c");
    s.wait_for("[x] Sign the contract");
    s.send(b"jj ");
    s.wait_for("[ ] Sign the contract");
    quit(&mut s);
    assert_eq!(cli_state(s.dirs.path(), "contract"), "todo");
    let shown = cli(s.dirs.path(), &["show", "checklists/week-one"], TODAY);
    assert!(shown.contains("☐ Sign the contract"), "{shown}");
}

#[test]
fn kind_runbook_alone_lists_the_runbooks() {
    let mut s = on_fixture();
    s.send(b"/kind:runbook");
    s.wait_for("2 results");
    s.wait_for("runbook   Disk full");
    s.wait_for("runbook   Outage response");
    quit(&mut s);
}

#[test]
fn space_on_a_runbook_task_leaves_nothing_unseen() {
    let mut s = on_fixture();
    s.send(b"/outage response");
    s.wait_for("runbook   Outage response");
    s.send(b"\r");
    s.wait_for("┌ Outage response");
    s.send(b" ");
    s.wait_for("not a checklist");
    quit(&mut s);
    let report: serde_json::Value =
        serde_json::from_str(&cli(s.dirs.path(), &["progress", "--json"], TODAY)).unwrap();
    assert_eq!(report["orphaned"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["overall"]["done"], 2,
        "only the two items written done: {report}"
    );
}

#[test]
fn onramp_today_gives_the_right_day_on_home() {
    let dirs = tempfile::tempdir().unwrap();
    let today = [("ONRAMP_TODAY", "2030-01-10")];
    cli(dirs.path(), &["start", "2030-01-03"], &today);
    let mut s = Session::start_with(dirs, &["--no-bundled", "--content", FIXTURE], &today);
    s.wait_for("Day 8 of your first year");
    quit(&mut s);
}

#[test]
fn a_search_result_opens_at_its_match_with_the_words_marked() {
    let dirs = tempfile::tempdir().unwrap();
    let guides = dirs.path().join("content").join("guides");
    std::fs::create_dir_all(&guides).unwrap();
    let mut page = String::from("# Deep guide\n\nThis guide is long on purpose.\n\n");
    for n in 1..=40 {
        let _ = write!(page, "Filler paragraph {n}.\n\n");
    }
    page.push_str("The quokka archives live here, quokka by quokka.\n\nThe end.\n");
    std::fs::write(guides.join("deep.md"), page).unwrap();
    let content = dirs.path().join("content").display().to_string();
    let mut s = Session::start_with(dirs, &["--no-bundled", "--content", &content], &[]);
    s.wait_for("press / to search");
    s.send(b"/");
    s.wait_for("Type to search");
    s.send(b"quokka");
    s.wait_for("1 result");
    s.send(b"\r");
    s.wait_for("“quokka” 3 matches");
    let screen = s.screen();
    assert!(screen.contains("The quokka archives live here"), "{screen}");
    assert!(
        !screen.contains("long on purpose"),
        "scrolled to the match:\n{screen}"
    );
    // The words are marked on screen, the first one as the current match.
    {
        let parser = s.parser.lock().unwrap();
        let vt = parser.screen();
        let (rows, cols) = vt.size();
        let (rows, cols) = (rows.get(), cols.get());
        let (row, text) = (0..rows)
            .map(|r| (r, vt.contents_between(r, 0, r, cols)))
            .find(|(_, t)| t.contains("The quokka archives"))
            .unwrap();
        let col = |nth: usize| {
            let byte = text.match_indices("quokka").nth(nth).unwrap().0;
            u16::try_from(text[..byte].chars().count()).unwrap()
        };
        let background = |nth: usize| vt.cell(row, col(nth)).unwrap().bgcolor();
        let plain = vt.cell(row, col(0) - 2).unwrap().bgcolor();
        assert!(
            (0..3).all(|nth| background(nth) != plain),
            "every quokka is marked"
        );
    }
    // `/` finds in the page and steps from match to match.
    s.send(b"/quokka\r");
    s.wait_for("“quokka” 1 of 3 matches");
    s.send(b"n");
    s.wait_for("“quokka” 2 of 3 matches");
    // Esc ends the find; the next goes back to the results. Each Esc on its own, so none
    // is read as Alt and the next key.
    s.send(b"\x1b");
    thread::sleep(Duration::from_millis(200));
    s.send(b"\x1b");
    s.wait_for("1 result");
    quit(&mut s);
}

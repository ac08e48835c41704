//! Several onramp processes saving progress at once, and processes killed while saving.

mod progress_support;

use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use progress_support::{Env, read_progress};

#[test]
fn two_processes_tick_a_hundred_items_and_none_is_lost() {
    let env = Env::new();
    // Writer A ticks the even items, B the odd ones, both as fast as they can.
    thread::scope(|s| {
        for parity in 0..2 {
            let env = &env;
            s.spawn(move || {
                for i in (parity..100).step_by(2) {
                    let out = env
                        .std_cmd()
                        .args(["check", "hundred", &format!("i{i:03}")])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let p = read_progress(&env.progress_file());
    let items = &p.checklists["checklists/hundred"];
    assert_eq!(items.len(), 100);
    assert!(
        items
            .values()
            .all(|e| e.state == onramp::progress::ItemState::Done)
    );
    let out = env
        .cmd()
        .args(["checklist", "hundred", "--json"])
        .output()
        .unwrap();
    let v = progress_support::json(&out.stdout);
    assert_eq!(v["done"], 100);
    assert!(
        env.data_files(".progress.json.tmp-").is_empty(),
        "no temp files left"
    );
}

/// A small deterministic generator, so every run kills at a spread of moments.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

#[test]
fn kill_9_while_saving_never_leaves_a_broken_file() {
    let env = Env::new();
    env.cmd()
        .args(["check", "hundred", "i000"])
        .assert()
        .success();
    // How long one run takes here, to spread the kills over a whole run.
    let started = Instant::now();
    env.cmd()
        .args(["check", "hundred", "i001"])
        .assert()
        .success();
    let run = started.elapsed().as_micros() as u64;
    let mut rng = Lcg(0x5eed);
    let mut completed = vec!["i000".to_string(), "i001".to_string()];
    for round in 0..40 {
        let item = format!("i{:03}", 2 + round);
        let mut child = env
            .std_cmd()
            .args(["check", "hundred", &item])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_micros(rng.next(run * 12 / 10)));
        // SIGKILL: no destructor, no cleanup, the lock released by the kernel.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            completed.push(item);
        }
        // Whenever it died, the file is the old state or the new one, never a mix.
        let p = read_progress(&env.progress_file());
        for done in &completed {
            assert!(
                p.entry("checklists/hundred", done).is_some(),
                "round {round}: {done} was saved before and is gone"
            );
        }
    }
    eprintln!(
        "{} of 40 runs finished before their kill",
        completed.len() - 2
    );
    // The next save works and sweeps the temp files killed saves left.
    env.cmd()
        .args(["check", "hundred", "i099"])
        .assert()
        .success();
    assert!(env.data_files(".progress.json.tmp-").is_empty());
    assert!(env.data_files("progress.json.corrupt-").is_empty());
}

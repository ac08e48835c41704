//! Makes the embedded `content/` folder a build input: cargo only notices new files in a
//! folder it was told to watch, and the index needs a fingerprint of what was embedded.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    let mut files = Vec::new();
    collect(Path::new("content"), &mut files);
    files.sort();
    let mut hasher = blake3::Hasher::new();
    for path in &files {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(&[0]);
        if let Ok(bytes) = std::fs::read(path) {
            hasher.update(&bytes);
        }
        hasher.update(&[0]);
    }
    println!(
        "cargo:rustc-env=ONRAMP_CONTENT_HASH={}",
        hasher.finalize().to_hex()
    );
    // The `onramp` program is linked at a fixed address on Linux, as Go links its programs:
    // a position-independent one starts by patching 64k pointers in its read-only data (time
    // zone, Unicode and entity tables), which copies about 420 pages and costs 0.7 ms of
    // every `onramp` call, a third of what `onramp show` takes. Shared libraries, the heap
    // and the stack are still placed at random. Only the program is linked so: the library,
    // the test programs and the benchmarks are linked as before.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

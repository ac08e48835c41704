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

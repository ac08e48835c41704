//! Fixture pages for the search tests: a small team pack in English and Italian.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use onramp::content::{self, Layer, Library, LoadOptions, Source};
use onramp::search::Hit;

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

pub fn load(root: &Path) -> Library {
    content::load(&[Source::dir(Layer::Flag, root)], &LoadOptions::default())
}

pub fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

/// Writes the fixture pack into `root`.
pub fn pack(root: &Path) {
    write(
        root,
        "guides/vpn.md",
        "---\ntitle: Connect to the VPN\ntags: [network, remote]\naliases: [wireguard]\nowner: Ana\n---\n\
         # Connect to the VPN\n\nInstall the client, import your profile and connect before you open internal tools.\n",
    );
    write(
        root,
        "guides/laptop.md",
        "# Set up your laptop\n\nOn day one you receive a laptop. Turn on disk encryption, then the VPN.\n\n\
         ## Accounts\n\nAsk IT for your accounts.\n",
    );
    write(
        root,
        "guides/travel.md",
        "# Travel policy\n\nBook trains early. Bring your laptop charger and your badge when you travel to the office.\n",
    );
    write(
        root,
        "guides/deploying.md",
        "# Deploying services\n\nEvery service deploys through the pipeline; never from a laptop.\n",
    );
    write(
        root,
        "guides/release.md",
        "# Release notes\n\nHow we deploy a release: tag it, then watch the dashboards.\n",
    );
    write(
        root,
        "guides/typo-page.md",
        "# Old page\n\nThis page says deplay where it meant something else, twice: deplay.\n",
    );
    write(
        root,
        "runbooks/KubePodCrashLooping.md",
        "---\ntitle: Pod is crash looping\n---\n# Pod is crash looping\n\n## Meaning\n\nA container keeps restarting.\n\n\
         ## Mitigation\n\nRead the logs of the previous container.\n",
    );
    write(
        root,
        "runbooks/disk-full.md",
        "# Disk full on a node\n\n## Diagnosis\n\nFind the largest folders with du.\n",
    );
    write(
        root,
        "tools/ssh-keygen.md",
        "---\nkind: tool\naccess: Ask the infrastructure desk for a hardware token\n---\n# Making SSH keys\n\nCreate a key pair for the git server.\n",
    );
    write(
        root,
        "glossary/war-room.md",
        "---\nexpansion: a room where an incident is handled together\n---\n# War room\n\nWhere people meet during a big incident.\n",
    );
    write(
        root,
        "people/ana.md",
        "---\ntitle: Ana Rossi\nrole: Platform engineer\nask_me_about: [IAM, kubernetes]\n---\n# Ana Rossi\n\nAna runs the platform team.\n",
    );
    write(
        root,
        "guides/it/permessi.md",
        "# Permessi dei file\n\nCome cambiare i permessi dei file e delle cartelle con chmod. Le configurazioni \
         del sistema sono nella cartella etc e solo gli amministratori possono modificarle.\n",
    );
    write(
        root,
        "guides/it/rilasci.md",
        "# Rilasci settimanali\n\nOgni settimana il gruppo prepara un rilascio. La configurazione viene \
         controllata prima del rilascio.\n",
    );
}

/// A temporary folder holding the fixture pack and a cache folder for the index.
pub struct Env {
    pub _tmp: tempfile::TempDir,
    pub content: PathBuf,
    pub index_dir: PathBuf,
}

pub fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    pack(&content);
    let index_dir = tmp.path().join("cache").join("index");
    Env {
        _tmp: tmp,
        content,
        index_dir,
    }
}

/// Cuts every segment file of the index in `dir` to half its length.
pub fn damage_segments(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && !name.ends_with(".json") && !name.starts_with('.') {
            let mut bytes = fs::read(&path).unwrap();
            let n = bytes.len();
            bytes.truncate(n / 2);
            fs::write(&path, bytes).unwrap();
        }
    }
}

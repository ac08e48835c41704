//! How a team pack's checkout loads: qualified ids and bare ones, what it may replace, kinds
//! from settings, titles and links as `MkDocs`, Jekyll, Hugo and Docusaurus sites show them,
//! and the folders of a source as a tree. No git here: a checkout is just a folder.

use std::fs;
use std::path::Path;

use onramp::content::{Kind, Layer, LoadOptions, Lookup, LookupError, Source, load, templates};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn opts() -> LoadOptions {
    LoadOptions::default()
}

#[test]
fn two_packs_with_the_same_page_keep_both_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    write(&a, "docs/about.md", "# About A\n");
    write(&b, "pages/about.md", "---\ntitle: About B\n---\nText.\n");
    write(&b, "pages/only-b.md", "# Only in B\n");
    let lib = load(&[Source::pack("pd", &a), Source::pack("18f", &b)], &opts());
    assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
    assert_eq!(lib.get("pd:about").unwrap().title, "About A");
    assert_eq!(lib.get("18f:about").unwrap().title, "About B");
    assert_eq!(lib.get("18f:about").unwrap().local_id(), "about");
    assert_eq!(lib.get("18f:about").unwrap().pack.as_deref(), Some("18f"));
    assert_eq!(lib.get("18f:about").unwrap().source, "18f");
    let Lookup::Ambiguous(both) = lib.lookup("about") else {
        panic!("`about` should name two pages")
    };
    let ids: Vec<&str> = both.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["18f:about", "pd:about"]);
    let err = lib.resolve("about").unwrap_err();
    assert!(matches!(err, LookupError::Ambiguous { .. }));
    assert!(err.to_string().contains("18f:about, pd:about"), "{err}");
    assert_eq!(lib.resolve("only-b").unwrap().id, "18f:only-b");
    assert!(matches!(lib.lookup("nothing"), Lookup::Missing));
}

#[test]
fn bundled_ids_keep_working_beside_a_pack_that_has_them_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "onramp.toml", "name = \"Team\"\n");
    write(dir.path(), "guides/welcome.md", "# Team welcome\n");
    let lib = load(
        &[Source::bundled(), Source::pack("team", dir.path())],
        &opts(),
    );
    assert_eq!(lib.get("guides/welcome").unwrap().layer, Layer::Bundled);
    assert_eq!(lib.resolve("guides/welcome").unwrap().layer, Layer::Bundled);
    assert_eq!(
        lib.resolve("team:guides/welcome").unwrap().title,
        "Team welcome"
    );
    assert!(lib.replaced.is_empty(), "{:?}", lib.replaced);
}

#[test]
fn a_pack_replaces_another_page_only_when_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "onramp.toml",
        "overrides = [\"guides/welcome\"]\n",
    );
    write(dir.path(), "guides/welcome.md", "# Our welcome\n");
    write(dir.path(), "guides/other.md", "# Other\n");
    let lib = load(
        &[Source::bundled(), Source::pack("team", dir.path())],
        &opts(),
    );
    let welcome = lib.get("guides/welcome").unwrap();
    assert_eq!(welcome.title, "Our welcome");
    assert_eq!(welcome.pack.as_deref(), Some("team"));
    assert_eq!(welcome.qualified_id(), "team:guides/welcome");
    // Its qualified id reaches it too, and the page it did not name keeps its own id.
    assert_eq!(
        lib.resolve("team:guides/welcome").unwrap().title,
        "Our welcome"
    );
    assert!(lib.get("team:guides/other").is_some());
    assert_eq!(
        lib.replaced,
        [("guides/welcome".to_string(), "bundled".to_string())]
    );
}

#[test]
fn kinds_come_from_settings_then_frontmatter_then_folders_of_onramp_packs_only() {
    let dir = tempfile::tempdir().unwrap();
    let handbook = dir.path().join("handbook");
    write(&handbook, "pages/tools/slack.md", "# Slack\n");
    write(
        &handbook,
        "pages/people/ana.md",
        "---\nkind: person\n---\n# Ana\n",
    );
    write(&handbook, "pages/guides/x.md", "# X\n");
    let onramp = dir.path().join("onramp");
    write(
        &onramp,
        "onramp.toml",
        "[kinds]\n\"on-call\" = \"runbook\"\n",
    );
    write(&onramp, "tools/pulse.md", "# Pulse\n");
    write(
        &onramp,
        "on-call/db.md",
        "---\nkind: guide\n---\n# DB failover\n",
    );
    let lib = load(
        &[Source::pack("h", &handbook), Source::pack("o", &onramp)],
        &opts(),
    );
    let kind = |id: &str| lib.get(id).unwrap().kind;
    assert_eq!(kind("h:tools/slack"), Kind::Guide);
    assert_eq!(kind("h:people/ana"), Kind::Person);
    assert_eq!(kind("o:tools/pulse"), Kind::Tool);
    assert_eq!(kind("o:on-call/db"), Kind::Runbook);
}

#[test]
fn titles_as_the_site_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mkdocs.yml",
        "site_name: IR\nnav:\n  - Home: index.md\n  - Training:\n    - The IC: training/incident_commander.md\n",
    );
    write(dir.path(), "docs/index.md", "Welcome text.\n");
    write(
        dir.path(),
        "docs/training/incident_commander.md",
        "So you want to be an IC?\n",
    );
    write(dir.path(), "docs/training/scribe.md", "Notes.\n");
    write(
        dir.path(),
        "docs/training/deputy.md",
        "---\ntitle: Deputy\n---\nBackup.\n",
    );
    write(
        dir.path(),
        "docs/training/sme.md",
        "---\nsidebar_label: SME\n---\nExperts.\n",
    );
    let lib = load(&[Source::pack("pd", dir.path())], &opts());
    let title = |id: &str| lib.get(id).unwrap().title.clone();
    assert_eq!(title("pd:training/incident_commander"), "The IC");
    assert_eq!(title("pd:index"), "Home");
    assert_eq!(title("pd:training/scribe"), "Scribe");
    assert_eq!(title("pd:training/deputy"), "Deputy");
    assert_eq!(title("pd:training/sme"), "SME");
    // The nav gives the order too.
    assert_eq!(
        lib.get("pd:training/incident_commander").unwrap().order,
        Some(1)
    );
}

#[test]
fn liquid_pages_read_without_tags_and_their_links_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    write(
        &pages,
        "travel-and-leave/leave.md",
        "---\ntitle: Leave\n---\n{% alert \"Heads up\", \"warning\" %}\n  Read [out of office]({% page \"travel-and-leave/going-out-of-office/\" %}).\n{% endalert %}\n\n\
         - [Travel 101]({% page \"/travel-101/\" %})\n- [Home]({{ site.baseurl }}/about/)\n- [Old]({% page \"/old-name/\" %})\n- {% slack_channel \"people-ops\" %}\n{% include \"x.html\" %}\n",
    );
    write(
        &pages,
        "travel-and-leave/going-out-of-office.md",
        "# Out of office\n",
    );
    write(
        &pages,
        "getting-started/classes/travel-101.md",
        "# Travel 101\n",
    );
    write(&pages, "about.md", "# About\n");
    write(
        &pages,
        "renamed.md",
        "---\ntitle: Renamed\nredirect_from:\n  - /old-name/\n---\nx\n",
    );
    let lib = load(&[Source::pack("18f", dir.path())], &opts());
    let leave = lib.get("18f:travel-and-leave/leave").unwrap();
    assert!(
        !leave.body.contains("{%") && !leave.body.contains("{{"),
        "{}",
        leave.body
    );
    assert!(
        leave.body.contains("!!! warning \"Heads up\""),
        "{}",
        leave.body
    );
    assert!(leave.body.contains("#people-ops"));
    let layout = onramp::render::parse(&leave.body);
    let resolved: Vec<Option<&str>> = layout
        .link_targets()
        .iter()
        .map(|t| lib.resolve_link(leave, t).map(|d| d.id.as_str()))
        .collect();
    assert_eq!(
        resolved,
        [
            Some("18f:travel-and-leave/going-out-of-office"),
            Some("18f:getting-started/classes/travel-101"),
            Some("18f:about"),
            Some("18f:renamed"),
        ]
    );
    assert_eq!(templates::leftover(&leave.body), None);
    assert!(!layout.prose_text().contains("{%"));
}

#[test]
fn links_between_packs_and_directory_urls() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    write(
        &a,
        "docs/tools/slack.md",
        "See [guidelines](guidelines/), [the other pack](b:about), [home](../), [rel](../about.md).\n",
    );
    write(&a, "docs/tools/slack/guidelines.md", "# Guidelines\n");
    write(&a, "docs/about.md", "# A about\n");
    write(&a, "docs/index.md", "# A home\n");
    write(&b, "docs/about.md", "# B about\n");
    let lib = load(&[Source::pack("a", &a), Source::pack("b", &b)], &opts());
    let slack = lib.get("a:tools/slack").unwrap();
    let go = |t: &str| lib.resolve_link(slack, t).map(|d| d.id.clone());
    assert_eq!(
        go("guidelines/").as_deref(),
        Some("a:tools/slack/guidelines")
    );
    assert_eq!(go("b:about").as_deref(), Some("b:about"));
    assert_eq!(go("../").as_deref(), Some("a:index"));
    assert_eq!(go("../about.md").as_deref(), Some("a:about"));
    assert_eq!(go("about").as_deref(), Some("a:about"));
    assert_eq!(go("https://example.com"), None);
}

#[test]
fn hugo_and_docusaurus_pages() {
    let dir = tempfile::tempdir().unwrap();
    let hugo = dir.path().join("hugo");
    write(&hugo, "hugo.toml", "title = 'x'\n");
    write(
        &hugo,
        "content/runbooks/a.md",
        "---\ntitle: A\nweight: 3\n---\nSee [b]({{< ref \"./b.md\" >}}) in {{< param BookRepo >}}.\n\n{{< hint warning >}}\nCareful.\n{{< /hint >}}\n",
    );
    write(&hugo, "content/runbooks/b.md", "# B\n");
    let docu = dir.path().join("docu");
    write(&docu, "docusaurus.config.js", "module.exports = {};\n");
    write(
        &docu,
        "docs/intro.md",
        "---\nsidebar_position: 2\n---\n# Intro\n\n:::tip[Shortcut]\nPress `/`.\n:::\n",
    );
    let lib = load(
        &[Source::pack("hugo", &hugo), Source::pack("docu", &docu)],
        &opts(),
    );
    let a = lib.get("hugo:runbooks/a").unwrap();
    assert_eq!(a.order, Some(3));
    assert!(a.body.contains("!!! warning\n    Careful."), "{}", a.body);
    assert_eq!(templates::leftover(&a.body), None, "{}", a.body);
    let targets = onramp::render::parse(&a.body).link_targets().to_vec();
    assert_eq!(
        lib.resolve_link(a, &targets[0]).unwrap().id,
        "hugo:runbooks/b"
    );
    let intro = lib.get("docu:intro").unwrap();
    assert_eq!(intro.order, Some(2));
    assert!(
        intro.body.contains("!!! tip \"Shortcut\""),
        "{}",
        intro.body
    );
}

#[test]
fn sources_and_their_folders_as_a_tree() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "onramp.toml",
        "name = \"Platform team\"\ndescription = \"How we run things\"\n",
    );
    write(dir.path(), "guides/index.md", "# All the guides\n");
    write(dir.path(), "guides/b.md", "# Bravo\n");
    write(dir.path(), "guides/a.md", "---\norder: 9\n---\n# Alpha\n");
    write(dir.path(), "guides/deep/c.md", "# Charlie\n");
    write(dir.path(), "top.md", "# Top\n");
    let lib = load(
        &[Source::bundled(), Source::pack("plat", dir.path())],
        &opts(),
    );
    let info = lib.sources().iter().find(|s| s.name == "plat").unwrap();
    assert_eq!(info.label, "Platform team");
    assert_eq!(info.description.as_deref(), Some("How we run things"));
    assert_eq!(info.pages, 5);
    assert_eq!(info.layer, Layer::Pack);
    assert!(lib.sources()[0].pages > 0 && lib.sources()[0].name == "bundled");
    let tree = lib.tree("plat").unwrap();
    assert_eq!(tree.count, 5);
    assert_eq!(tree.pages.len(), 1);
    let guides = &tree.folders[0];
    assert_eq!(guides.title, "All the guides");
    assert_eq!(guides.count, 4);
    let titles: Vec<&str> = guides.pages.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Alpha", "All the guides", "Bravo"]);
    assert_eq!(guides.folders[0].title, "Deep");
    assert!(lib.tree("nope").is_none());
}

#[test]
fn settings_problems_are_reported_with_the_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "onramp.toml",
        "format = \"sphinx\"\n[lint]\nanything = 1\n",
    );
    write(dir.path(), "a.md", "# A\n");
    let lib = load(&[Source::pack("x", dir.path())], &opts());
    assert_eq!(lib.warnings.len(), 1, "{:?}", lib.warnings);
    let w = lib.warnings[0].to_string();
    assert!(w.contains("onramp.toml") && w.contains("sphinx"), "{w}");
}

#[test]
fn a_folder_source_reads_templates_where_they_cannot_be_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "# A\n\nUse `tar cf {{target.tar}} {{file}}`.\n\n{% alert %}\nHi\n{% endalert %}\n",
    );
    let lib = load(&[Source::dir(Layer::Flag, dir.path())], &opts());
    let a = lib.get("a").unwrap();
    assert!(a.body.contains("`tar cf {{target.tar}} {{file}}`"));
    assert!(a.body.contains("!!! note\n    Hi"), "{}", a.body);
}

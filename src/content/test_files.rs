//! Writing content files in the unit tests of this module: one helper, not a copy in each.

use std::path::Path;

/// Writes `text` to `root/rel`, making the folders on the way.
pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

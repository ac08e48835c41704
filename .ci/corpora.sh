#!/usr/bin/env bash
# Loads the real corpora from ../shared with the release binary and fails if any corpus
# loses a file that should load; then runs the quality and rendering checks that exist.
set -euo pipefail
cd "$(dirname "$0")/.."

corpora=target/corpora
mkdir -p "$corpora"
for archive in ../shared/corpora/*.tar.gz; do
  tar -xzf "$archive" -C "$corpora"
done

cargo build --release --quiet
bin=target/release/onramp
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ONRAMP_CONFIG_DIR="$scratch/config" ONRAMP_DATA_DIR="$scratch/data" ONRAMP_CACHE_DIR="$scratch/cache"

status=0
for root in tldr pagerduty-ir/docs 18f-handbook/pages prometheus-runbooks/content; do
  dir="$corpora/$root"
  expected=$(find "$dir" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
  start=$(date +%s%N)
  loaded=$("$bin" --no-bundled --content "$dir" list --json 2>"$scratch/stderr" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  skipped=$(grep -c 'skipped' "$scratch/stderr" || true)
  echo "corpus $root: $loaded of $expected files loaded in ${ms} ms ($skipped skipped)"
  if [ "$loaded" -ne "$expected" ]; then
    echo "corpus $root lost files:" >&2
    head -20 "$scratch/stderr" >&2
    status=1
  fi
done

# The lint runs over every corpus: its findings are the corpora's own business, but it must
# run (exit 2 means it could not) and stay fast enough for a pre-commit hook.
for root in tldr pagerduty-ir/docs 18f-handbook/pages prometheus-runbooks/content; do
  start=$(date +%s%N)
  code=0
  "$bin" --no-bundled lint "$corpora/$root" >"$scratch/lint" 2>"$scratch/stderr" || code=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "lint $root: $(tail -1 "$scratch/lint") in ${ms} ms (exit $code)"
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "lint could not run on $root:" >&2
    head -5 "$scratch/stderr" >&2
    status=1
  fi
done

roots=("$corpora/tldr" "$corpora/pagerduty-ir/docs" "$corpora/18f-handbook/pages" "$corpora/prometheus-runbooks/content")

# Every page of every corpus renders at 80 and 40 columns: no panic, no control character,
# no line wider than asked.
cargo run --release --quiet --example render_check -- "${roots[@]}" || status=1

# The handbooks read as team packs: their settings, site generator and content folder; no
# template tag left outside code.
cargo run --release --quiet --example render_check -- \
  "18f=$corpora/18f-handbook" "pagerduty=$corpora/pagerduty-ir" \
  "prometheus=$corpora/prometheus-runbooks" || status=1

# Search quality on the development questions: a gate. The project's own questions over all
# four corpora (handbook and alert runbooks included) are printed beside them.
if [ -f ../shared/eval/dev-queries.tsv ]; then
  cargo run --release --quiet --example eval -- \
    --root "$corpora/tldr" --root "$corpora/pagerduty-ir/docs" \
    --queries ../shared/eval/dev-queries.tsv \
    --min-hit3 0.90 --min-mrr 0.80 --min-class-hit3 0.70 \
    || { echo "search quality below hit@3 0.90 / MRR@10 0.80 on the development questions" >&2; status=1; }
fi
echo "search quality on eval/queries.tsv (all four corpora):"
cargo run --release --quiet --example eval -- \
  --root "$corpora/tldr" --root "$corpora/pagerduty-ir/docs" \
  --root "$corpora/18f-handbook/pages" --root "$corpora/prometheus-runbooks/content" \
  --queries eval/queries.tsv || true

# Two handbooks as team packs, from git repositories made on the spot (no network): added,
# shown by qualified id, searched, and updated to a new commit.
repos="$scratch/repos"
mkdir -p "$repos"
for c in 18f-handbook pagerduty-ir; do
  cp -r "$corpora/$c" "$repos/$c"
  git -C "$repos/$c" init -q
  git -C "$repos/$c" add -A
  git -C "$repos/$c" -c user.name=ci -c user.email=ci@example.com commit -qm import
done
"$bin" --no-bundled pack add "file://$repos/18f-handbook" --name 18f >/dev/null || status=1
"$bin" --no-bundled pack add "$repos/pagerduty-ir" --name pagerduty >/dev/null || status=1
for id in 18f:about pagerduty:about; do
  "$bin" --no-bundled show "$id" >/dev/null || { echo "pack page $id does not show" >&2; status=1; }
done
echo "Pack update check: a page about quokkas." >>"$repos/pagerduty-ir/docs/about.md"
git -C "$repos/pagerduty-ir" -c user.name=ci -c user.email=ci@example.com commit -qam update
"$bin" --no-bundled pack update | sed 's/^/pack update: /' || status=1
"$bin" --no-bundled search --json quokkas | grep -q '"pagerduty:about"' \
  || { echo "the updated pack page is not found" >&2; status=1; }
exit $status

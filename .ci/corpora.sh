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

roots=("$corpora/tldr" "$corpora/pagerduty-ir/docs" "$corpora/18f-handbook/pages" "$corpora/prometheus-runbooks/content")

# Every page of every corpus renders at 80 and 40 columns: no panic, no control character,
# no line wider than asked.
cargo run --release --quiet --example render_check -- "${roots[@]}" || status=1

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
exit $status

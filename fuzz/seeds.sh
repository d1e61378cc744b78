#!/usr/bin/env bash
# Fills fuzz/seeds/<target>/ with seed inputs drawn from the project's own documents:
#   request_parse   the `request` object of every testdata/scenarios/*.json (compact JSON)
#                   plus examples/requests/*.json
#   snapshot_parse  every inline `snapshot` of testdata/scenarios/*.json, testdata/snapshots/
#                   and examples/cluster-state.json
#   cql_parse       grammar/examples/valid/ and grammar/examples/invalid/
#   cql_roundtrip   grammar/examples/valid/
# `differential` and `capacity_split` take structured (`arbitrary`) input; they start empty.
# The seeds are regenerated on every run (fuzz/seeds/ is not committed). Needs python3.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
seeds="$fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/request_parse" "$seeds/snapshot_parse" "$seeds/cql_parse" "$seeds/cql_roundtrip"

python3 - "$root" "$seeds" <<'PY'
import json, pathlib, sys

root, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
written = {"request_parse": 0, "snapshot_parse": 0}

def write(target, name, document):
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    (seeds / target / name).write_text(text, encoding="utf-8")
    written[target] += 1

for path in sorted((root / "testdata" / "scenarios").glob("*.json")):
    scenario = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(scenario.get("request"), dict):
        write("request_parse", path.stem + ".json", scenario["request"])
    if isinstance(scenario.get("snapshot"), dict):
        write("snapshot_parse", path.stem + ".json", scenario["snapshot"])
for path in sorted((root / "examples" / "requests").glob("*.json")):
    write("request_parse", "example-" + path.name, path.read_text(encoding="utf-8"))
for path in sorted((root / "testdata" / "snapshots").glob("*.json")):
    write("snapshot_parse", "snapshot-" + path.name, path.read_text(encoding="utf-8"))
write("snapshot_parse", "example-cluster-state.json", (root / "examples" / "cluster-state.json").read_text(encoding="utf-8"))
print(", ".join(f"{target}: {n} seeds" for target, n in written.items()))
PY

cp "$root"/grammar/examples/valid/* "$seeds/cql_parse/"
for file in "$root"/grammar/examples/invalid/*; do
  cp "$file" "$seeds/cql_parse/invalid-$(basename "$file")"
done
cp "$root"/grammar/examples/valid/* "$seeds/cql_roundtrip/"
echo "cql_parse: $(ls "$seeds/cql_parse" | wc -l) seeds, cql_roundtrip: $(ls "$seeds/cql_roundtrip" | wc -l) seeds"

#!/usr/bin/env bash
# The README's five-minute tour, run command by command: every example there
# must work as written. The commands are taken from the README itself (the
# first code block after "## A five-minute tour"), with the binary and
# scenario paths pointed at this build and checkout, and each run shortened
# (60 days, 2 replications: --set and -r given after the README's own flags,
# so they win) to keep the test quick; their outputs go to results/ in this
# test's folder.
source "$(dirname "$0")/lib.sh"

readme="$HSC_SOURCE_DIR/README.md"
commands=$("$python" - "$readme" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
tour = text[text.index("## A five-minute tour"):]
block = tour[tour.index("```") + 3:]
block = block[block.index("\n") + 1:block.index("```")]
lines, current = [], ""
for raw in block.splitlines():
    line = re.sub(r"\s+#.*$", "", raw).rstrip()
    current += line.rstrip("\\").strip() + " " if line.endswith("\\") else line.strip()
    if not line.endswith("\\"):
        if current.strip():
            lines.append(current.strip())
        current = ""
print("\n".join(lines))
PY
)
[[ -n $commands ]] || fail "no commands found in the README's tour"
mkdir -p results
n=0
while IFS= read -r line; do
  n=$((n + 1))
  read -r -a words <<<"$line"
  [[ ${words[0]} == build/release/hscflow ]] || fail "tour line $n does not run build/release/hscflow: $line"
  args=()
  for w in "${words[@]:1}"; do
    [[ $w == scenarios/* ]] && w="$HSC_SOURCE_DIR/$w"
    args+=("$w")
  done
  case ${args[0]} in
    run|options) args+=(--set run.measure_days=60 -r 2) ;;
  esac
  expect_status 0 "$HSCFLOW" "${args[@]}"
done <<<"$commands"
[[ $n -ge 8 ]] || fail "only $n tour commands found"
# What the tour says it writes is there.
for f in results/baseline.h5 results/bluebell.h5 results/7day.h5 results/trace.h5 \
         results/baseline-options.h5; do
  [[ -s $f ]] || fail "the tour should have written $f"
done
echo "ok: $n README tour commands"

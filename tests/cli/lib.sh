# Shared set-up for the CLI end-to-end tests (sourced, not run).
# ctest provides HSCFLOW (the binary), HSC_SOURCE_DIR and HSC_TEST_TMP.
set -euo pipefail
: "${HSCFLOW:?HSCFLOW must name the hscflow binary}"
: "${HSC_SOURCE_DIR:?}"
: "${HSC_TEST_TMP:?}"
rm -rf "$HSC_TEST_TMP"
mkdir -p "$HSC_TEST_TMP"
cd "$HSC_TEST_TMP"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
baseline="$HSC_SOURCE_DIR/scenarios/baseline.cfg"
python=/usr/bin/python3

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_status N CMD...: runs CMD, saving stdout and stderr in out.txt and
# err.txt, and fails unless it exits with status N.
expect_status() {
  local want=$1
  shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  if [[ $got -ne $want ]]; then
    echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt
    fail "expected exit status $want, got $got: $*"
  fi
}

# expect_grep PATTERN FILE: fails unless FILE contains the fixed string.
expect_grep() {
  grep -qF -- "$1" "$2" || { cat "$2"; fail "'$1' not found in $2"; }
}

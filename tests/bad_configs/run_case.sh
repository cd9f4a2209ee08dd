#!/usr/bin/env bash
# One bad-config case: `$HSCFLOW validate NAME.cfg [arguments from NAME.args,
# one per line]`, run from this directory, must exit with status 1 and print
# (stdout and stderr together) exactly NAME.expected. Prints a diff otherwise.
#
#   HSCFLOW=build/h-config/hscflow tests/bad_configs/run_case.sh three_errors
#
# To regenerate NAME.expected after a deliberate change of a message, run the
# same command with output redirected, and review the diff before keeping it.
set -u

name=${1:?usage: run_case.sh NAME}
: "${HSCFLOW:?set HSCFLOW to the hscflow binary}"
if [[ $HSCFLOW == */* ]]; then # keep working after the cd below
  HSCFLOW=$(cd "$(dirname "$HSCFLOW")" && pwd)/$(basename "$HSCFLOW")
fi
cd "$(dirname "$0")" || exit 2

if [[ ! -e $name.cfg || ! -f $name.expected ]]; then
  echo "run_case.sh: no case $name (need $name.cfg and $name.expected)" >&2
  exit 2
fi

# libconfig 1.5 itself leaks on some syntax errors (see lsan.supp); a
# sanitizer build of hscflow would otherwise add a leak report to the output.
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

args=()
if [[ -f $name.args ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    args+=("$line")
  done <"$name.args"
fi

actual=$(mktemp) || exit 2
trap 'rm -f "$actual"' EXIT
"$HSCFLOW" validate "$name.cfg" ${args[@]+"${args[@]}"} >"$actual" 2>&1
status=$?

failed=0
if [[ $status -ne 1 ]]; then
  echo "FAIL $name: exit status $status, expected 1"
  failed=1
fi
if ! diff -u "$name.expected" "$actual"; then
  echo "FAIL $name: output differs from $name.expected (diff above: - expected, + actual)"
  failed=1
fi
exit $failed

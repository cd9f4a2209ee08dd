#!/usr/bin/env bash
# check_layers.sh must catch what it is for: on a copy of src/ and include/
# it passes, then with one violation of each kind added it reports each at
# its file:line and fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hsc_layers_XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/src" "$root/include" "$tmp/"

fail() { echo "FAIL: $*" >&2; exit 1; }

bash "$here/check_layers.sh" "$tmp" >"$tmp/clean.out" || fail "a clean copy fails: $(cat "$tmp/clean.out")"

# add FILE TEXT: appends TEXT as the last line of FILE and prints "FILE:LINE".
add() {
    mkdir -p "$(dirname "$tmp/$1")"
    printf '%s\n' "$2" >>"$tmp/$1"
    echo "$1:$(wc -l <"$tmp/$1")"
}
expected=(
    "$(add src/output/h5_write.c '#include <libconfig.h>'): output may not include <libconfig.h>"
    "$(add src/core/trace.c '#include "hscflow/sim.h"'): core may not include hscflow/sim.h"
    "$(add src/model/extra.c '#include <hdf5.h>'): model may not include <hdf5.h>"
    "$(add src/model/extra.c '#include "../config/cfg_ctx.h"'): \"../config/cfg_ctx.h\" reaches outside src/model"
    "$(add src/exec/runner.c '  #  include "cfg_ctx.h"'): \"cfg_ctx.h\" is not a header in src/exec"
    "$(add src/exec/runner.c '#include "hscflow/appraisal.h"'): exec may not include hscflow/appraisal.h"
    "$(add src/config/scenario_load.c '#include "hscflow/results.h"'): config may not include hscflow/results.h"
    "$(add src/analysis/appraisal.c '#include <Random123/philox.h>'): analysis may not include <Random123/philox.h>"
    "$(add src/cli/main.c '#include "hscflow/nowhere.h"'): hscflow/nowhere.h is not in the layer table"
    "$(add include/hscflow/trace.h '#include "hscflow/sim.h"'): core may not include hscflow/sim.h"
    "$(add include/hscflow/results.h '#include "../../src/output/h5_util.h"'): a public header may include only public headers"
    "$(add include/hscflow/newthing.h '/* nobody owns me */' | cut -d: -f1): no module owns this header"
    "$(add src/newmod/a.c '/* no row */' | cut -d: -f1 | xargs dirname): module newmod is not in the layer table"
)
# Allowed: must stay silent.
add src/model/extra.c '#include <gsl/gsl_randist.h>' >/dev/null
add src/analysis/appraisal.c '#include "hscflow/compare.h"' >/dev/null
add src/cli/main.c '#include "hscflow/exec.h"' >/dev/null

status=0
bash "$here/check_layers.sh" "$tmp" >"$tmp/out" || status=$?
[[ $status == 1 ]] || fail "expected exit status 1, got $status: $(cat "$tmp/out")"
for want in "${expected[@]}"; do
    grep -qF -- "$want" "$tmp/out" || fail "missing \"$want\" in: $(cat "$tmp/out")"
done
reported=$(grep -c ': ' "$tmp/out" || true)
((reported == ${#expected[@]})) || fail "expected ${#expected[@]} violations, got $reported: $(cat "$tmp/out")"
grep -qx "${#expected[@]} layering violation(s)" "$tmp/out" || fail "no count line: $(cat "$tmp/out")"
echo "ok: check_layers.sh reports all ${#expected[@]} violations"

# Reproducibility contract: the same scenario and seed give files identical
# under `h5diff --exclude-path /provenance/run`, whatever the thread count;
# another seed gives a different file (so the comparison can fail).
source "$(dirname "$0")/lib.sh"

run() { "$HSCFLOW" run "$baseline" --set run.measure_days=30 -r 4 "$@" >/dev/null; }
run -o a.h5 --threads 2
run -o b.h5 --threads 2
run -o one.h5 --threads 1
run -o other_seed.h5 --threads 2 --seed 7

same() { h5diff --exclude-path /provenance/run "$1" "$2" >diff.txt 2>&1; }
same a.h5 b.h5 || { cat diff.txt; fail "same seed twice differs"; }
same a.h5 one.h5 || { cat diff.txt; fail "--threads 1 and --threads 2 differ"; }
same a.h5 other_seed.h5 && fail "a different seed gave an identical file"
# The run-specific attributes do differ, and are all there.
"$python" - <<'PY' || fail "provenance/run attributes"
import h5py
with h5py.File("one.h5", "r") as f:
    run = f["provenance/run"].attrs
    assert run["threads"] == 1, run["threads"]
    for key in ("created_utc", "host", "command_line", "ranks", "wall_seconds"):
        assert key in run, key
PY
echo "ok"

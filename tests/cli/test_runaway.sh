# End to end: runaway queues (docs/kpis.md, "Runaway queues").
# - The baseline, 100 replications of its full year: no queue is ever flagged
#   (runaway_queues 0 in every replication, /diagnostics/runaway all 0), and
#   neither `run` nor `summary` warns.
# - Half the baseline's home-care staff (315 of 630 WTE): the queue at home
#   stays bounded by the waiters' patience (give-ups counted), but hospital
#   waiters for a package never give up, so the ED queue holds thousands from
#   the warm-up on (saturated, growing or not): `run` and `summary` warn on
#   stderr naming the services;
#   `compare` warns for the side that ran away (A or B), in text and CSV
#   modes, leaving the CSV on stdout intact.
# - `hscflow options` on a small ward: the option that closes half the beds
#   gets a warning line and a mark beside each cost ratio and the budget
#   verdict; the one that opens beds gets neither; with the base itself
#   overloaded, the header warns and every option's ratios are marked.
# - A file without /diagnostics/runaway (an older hscflow) gets a note, not
#   a warning; check_results_file.py catches flags that disagree with the KPI.
# The flags are deterministic (fixed seeds); the margins behind them are in
# docs/kpis.md and tests/unit/model/test_runaway.c.
source "$(dirname "$0")/lib.sh"

# 1. The baseline never flagged in 100 replications.
expect_status 0 "$HSCFLOW" run "$baseline" -r 100 --threads 2 -o base.h5
expect_grep "runaway_queues" out.txt
grep -q "warning" err.txt && { cat err.txt; fail "run warned on the baseline"; }
"$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" base.h5 --reps 100 \
  || fail "baseline file does not follow the contract"
"$python" - <<'PY' || fail "the baseline was flagged"
import h5py, numpy as np
with h5py.File("base.h5", "r") as f:
    flags = f["diagnostics/runaway"][()]
    names = list(f["kpi/name"].asstr()[()])
    kpi = f["kpi/value"][0, :, names.index("runaway_queues")]
    assert flags.shape == (1, 100, len(f["service/name"])), flags.shape
    assert flags.dtype == np.uint8, flags.dtype
    assert flags.sum() == 0, np.argwhere(flags)
    assert np.array_equal(kpi, np.zeros(100)), kpi   # tested (not NaN) and 0
PY
expect_status 0 "$HSCFLOW" summary base.h5
grep -q "warning" err.txt && { cat err.txt; fail "summary warned on the baseline"; }

# 2. Half the home-care staff: gridlock, named by every command.
expect_status 0 "$HSCFLOW" run "$baseline" -r 3 --threads 2 --set staff.home_care.wte=315.0 \
  -o half.h5
expect_grep 'hscflow run: warning: point "baseline": a queue ran away in 3 of 3 replications (acute in 3' err.txt
expect_grep "its KPIs describe gridlock, not a steady state" err.txt
grep -q "warning" out.txt && fail "run put the warning in the KPI table"
"$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" half.h5 --reps 3 \
  || fail "overloaded file does not follow the contract"
expect_status 0 "$HSCFLOW" summary half.h5
expect_grep 'hscflow summary: warning: point "baseline": a queue ran away in 3 of 3 replications (acute in 3' err.txt
expect_status 0 "$HSCFLOW" compare base.h5 half.h5
expect_grep 'hscflow compare: warning: B (half.h5:baseline): a queue ran away in 3 of 3 replications (acute in 3' err.txt
grep -q "warning: A" err.txt && fail "compare warned about A, the baseline"
expect_status 0 "$HSCFLOW" compare half.h5 base.h5 --csv
expect_grep 'hscflow compare: warning: A (half.h5:baseline): a queue ran away in 3 of 3' err.txt
grep -q "warning: B" err.txt && fail "compare warned about B, the baseline"
"$python" - <<'PY' || fail "compare --csv output is not clean CSV"
import csv
rows = list(csv.DictReader(open("out.txt", encoding="utf-8")))
assert rows and all(r["a"].startswith("half.h5:") for r in rows), rows[:2]
assert any(r["kpi"] == "runaway_queues" for r in rows)
PY

# 3. Options: a ward of 40 beds for 30 beds' worth of emergencies; closing
# 20 beds leaves capacity for 6.7 of the 10 a day (the ED queue grows ~3 a
# day, ~300 over the second half of 180 days against a threshold of ~120).
cat > ward.cfg <<'CFG'
name = "ward";
run = { seed = 5; replications = 3; warmup_days = 0.0; measure_days = 180.0;
        start_date = "2026-04-01"; };
cohorts = { x = { emergency_per_day = 10.0; }; };
services = {
  acute = { kind = "beds"; role = "acute"; capacity = 40; cost_per_bed_day = 300.0;
    duration = { x = { dist = "exponential"; mean = 3.0; }; }; };
};
budget = 100000.0;
options = {
  close_beds = { description = "close 20 beds"; changes = ["services.acute.capacity=20"];
                 one_off_cost = 0.0; lifetime_years = 1.0; recurring_cost = 0.0; };
  open_beds = { description = "open 10 beds"; changes = ["services.acute.capacity=50"];
                one_off_cost = 0.0; lifetime_years = 1.0; recurring_cost = 10000.0; };
};
CFG
# check_marks.py TABLE BASELINE_FLAGGED: every block's ratio and budget lines
# carry the mark its flags call for, and only flagged blocks warn.
cat > check_marks.py <<'PY'
import sys
table, baseline_flagged = sys.argv[1], sys.argv[2] == "yes"
lines = open(table, encoding="utf-8").read().splitlines()
header = [l for l in lines[:4] if l.startswith("warning:")]
assert bool(header) == baseline_flagged, header
if baseline_flagged:
    assert header[0].startswith("warning: a queue ran away in 3 of 3 replications of the "
                                "baseline (acute in 3)"), header
blocks, name = {}, None
for i, line in enumerate(lines):
    if i > 0 and lines[i - 1] == "" and line and not line.startswith((" ", "wrote ")):
        name = line.split(":")[0]
        blocks[name] = []
    elif name and line.startswith("  "):
        blocks[name].append(line)
assert set(blocks) == {"close_beds", "open_beds"}, blocks.keys()
for name, block in blocks.items():
    option_flagged = name == "close_beds"
    warned = [l for l in block if l.startswith("  warning:")]
    assert bool(warned) == option_flagged, (name, warned)
    if option_flagged:
        assert warned[0].startswith("  warning: a queue ran away in 3 of 3 replications of "
                                    "this option (acute in 3)"), warned
        assert block.index(warned[0]) < min(i for i, l in enumerate(block)
                                             if l.startswith("  cost per"))
    where = {(True, True): "this option and the baseline", (True, False): "this option",
             (False, True): "the baseline"}.get((option_flagged, baseline_flagged))
    verdicts = [l for l in block if l.startswith(("  cost per", "  budget £"))]
    assert len(verdicts) == 3, (name, verdicts)
    for line in verdicts:
        if where:
            assert line.endswith(f"  [not a steady state: runaway queues in {where}]"), line
        else:
            assert "not a steady state" not in line, line
print("marks ok")
PY
expect_status 0 "$HSCFLOW" options ward.cfg --threads 2 -o ward.h5
"$python" check_marks.py out.txt no || { cat out.txt; fail "options marks (base fine)"; }
expect_status 0 "$HSCFLOW" options ward.cfg --threads 2 --set services.acute.capacity=20 \
  -o ward_closed.h5
"$python" check_marks.py out.txt yes || { cat out.txt; fail "options marks (base overloaded)"; }
"$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" ward.h5 --points 3 --reps 3 \
  || fail "options file does not follow the contract"

# 4. A file from before the test: a note, no warning.
cp half.h5 old.h5
"$python" -c 'import h5py; f = h5py.File("old.h5", "r+"); del f["diagnostics"]; f.close()'
expect_status 0 "$HSCFLOW" summary old.h5
expect_grep "hscflow summary: note: old.h5 has no /diagnostics/runaway" err.txt
grep -q "warning" err.txt && fail "summary warned without flags"

# 5. The checker catches flags that disagree with runaway_queues.
cp half.h5 tampered.h5
"$python" -c 'import h5py; f = h5py.File("tampered.h5", "r+"); f["diagnostics/runaway"][0, 0, 1] = 1; f.close()'
expect_status 1 "$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" tampered.h5
expect_grep "does not add up to runaway_queues" out.txt
echo "ok"

# End to end: `hscflow optimise` on a small constructed case whose answer is
# known from an exhaustive evaluation with many replications.
#
# Two options: step-down beds at 12 (the base), 14, 16 or 18 (£5,000 a year a
# bed above 12, block-contracted at £200 a bed-day) and 4 more reablement
# workers (£20,000 a year beside their pay). More of either cuts delayed
# bed-days; with £400,000 a year and £100,000 committed, £300,000 remains.
# 1. Exhaustive (every point 40 replications): the chosen point fits what
#    remains and is the least mean objective of those that fit.
# 2. Kim and Nelson (optimise.exhaustive_max = 1; 10 first replications,
#    indifference zone 25 bed-days a year): its choice fits the budget and,
#    by the exhaustive means, is within the indifference zone of the
#    exhaustive best (the procedure's guarantee, at probability 0.95; with
#    the fixed seed the run is deterministic). Points have unequal
#    replications, stored as /scenario/replications, and the CSV, the table
#    and the /appraisal columns agree.
# 3. More committed money: the choice changes and still fits.
# 4. The same choice and CSV with 1 and 2 threads.
# 5. Errors: an unknown objective KPI, a space over optimise.max_points.
source "$(dirname "$0")/lib.sh"

cat > small.cfg <<'CFG'
name = "small";
run = { seed = 7; replications = 40; warmup_days = 60.0; measure_days = 180.0; start_date = "2026-04-01"; };
budget = { annual = 400000.0; committed = 100000.0; };
staff = { reablers = { wte = 14.0; cost_per_wte_year = 30000.0; }; };
cohorts = {
  older = { emergency_per_day = 6.0; discharge = { home = 0.5; step_down = 0.3; reablement = 0.2; }; };
};
services = {
  acute = { kind = "beds"; role = "acute"; capacity = 60; cost_per_bed_day = 400.0;
    duration = { default = { dist = "exponential"; mean = 6.0; }; }; };
  step_down = { kind = "beds"; role = "step_down"; capacity = 12; cost_per_bed_day = 200.0; payment = "block";
    duration = { default = { dist = "exponential"; mean = 5.0; }; }; exits = { default = { home = 1.0; }; }; };
  reablement = { kind = "caseload"; role = "reablement"; staff = "reablers"; caseload_per_wte = 1.5;
    duration = { default = { dist = "exponential"; mean = 14.0; }; }; exits = { default = { home = 1.0; }; }; };
};
options = {
  sd_beds = { description = "step-down beds 12 to 18";
    range = { setting = "services.step_down.capacity"; from = 12.0; to = 18.0; step = 2.0; cost_per_unit = 5000.0; }; };
  reablers = { description = "4 more reablement workers"; changes = ["staff.reablers.wte=18.0"]; recurring_cost = 20000.0; };
};
CFG

delta=25
expect_status 0 "$HSCFLOW" optimise small.cfg --set optimise.exhaustive_max=100 -o ex.h5 --csv ex.csv
cp out.txt ex.txt
expect_grep "small.cfg: 2 options make 10 combinations (the baseline included)" ex.txt
expect_grep "procedure: exhaustive (at most optimise.exhaustive_max = 100 points): every point 40 replications" ex.txt
expect_grep "budget £400000 a year, £100000 committed: a point's mean annual net cash cost must be at most £300000" ex.txt

kn=(--set optimise.exhaustive_max=1 --set optimise.first_replications=10
    --set optimise.max_replications=80 --set optimise.indifference_zone=$delta)
expect_status 0 "$HSCFLOW" optimise small.cfg "${kn[@]}" --threads 2 -o kn.h5 --csv kn.csv
cp out.txt kn.txt
expect_grep "procedure: screening on 10 replications, then Kim and Nelson's fully sequential procedure" kn.txt
expect_grep "cost-effect frontier" kn.txt
expect_status 0 "$HSCFLOW" optimise small.cfg "${kn[@]}" --threads 1 -o kn1.h5 --csv kn1.csv
cmp kn.csv kn1.csv || fail "1 and 2 threads chose differently"
expect_status 0 "$HSCFLOW" optimise small.cfg "${kn[@]}" --committed 200000 -o kn2.h5 --csv kn2.csv

cat > check.py <<'PY'
import csv, sys
import h5py, numpy as np

delta = float(sys.argv[1])
def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8")))
def chosen(rs):
    c = [r for r in rs if r["status"] == "chosen"]
    assert len(c) == 1, [r["name"] for r in c]
    return c[0]

ex, kn, kn2 = rows("ex.csv"), rows("kn.csv"), rows("kn2.csv")
assert len(ex) == len(kn) == 10, (len(ex), len(kn))
assert all(int(r["replications"]) == 40 for r in ex)
# 1. Exhaustive: the least mean among the points that fit (and none over it is chosen).
fits = [r for r in ex if float(r["net_cash"]) <= 300000]
best = min(fits, key=lambda r: float(r["objective"]))
assert chosen(ex)["name"] == best["name"], (chosen(ex)["name"], best["name"])
for r in ex:
    over = float(r["net_cash"]) > 300000
    assert (r["status"] == "over budget") == over, r
assert any(r["status"] == "over budget" and float(r["objective"]) < float(best["objective"]) for r in ex), \
    "the budget binds nowhere: the case would not test it"
# 2. KN: fits, and within delta of the exhaustive best by the exhaustive means.
k = chosen(kn)
assert float(k["net_cash"]) <= 300000, k
ex_by_name = {r["name"]: r for r in ex}
gap = float(ex_by_name[k["name"]]["objective"]) - float(best["objective"])
assert gap <= delta, (k["name"], best["name"], gap)
reps = sorted({int(r["replications"]) for r in kn})
assert len(reps) > 1 and reps[0] >= 10 and reps[-1] <= 80, reps
with h5py.File("kn.h5", "r") as f:
    names = list(f["scenario/name"].asstr()[...])
    assert names == [r["name"] for r in kn], names
    ran = f["scenario/replications"][...]
    assert list(ran) == [int(r["replications"]) for r in kn], (ran, reps)
    value = f["kpi/value"][...]
    for p, n in enumerate(ran):   # replications not run are NaN, the rest are not
        assert not np.isnan(value[p, :n, 0]).any() and np.isnan(value[p, n:, :]).all(), p
    columns = list(f["appraisal/name"].asstr()[...])
    table = f["appraisal/value"][...]
    status = table[:, columns.index("optimise_status")]
    assert [int(s) for s in status].index(4) == names.index(k["name"]), status
    net = table[:, columns.index("net_cash_cost")]
    assert np.allclose(net[1:], [float(r["net_cash"]) for r in kn[1:]], rtol=1e-12), net
# 3. With £100,000 more committed the old choice does not fit; the new one does.
k2 = chosen(kn2)
assert float(k2["net_cash"]) <= 200000 and k2["name"] != k["name"], (k2, k)
assert float(chosen(ex)["net_cash"]) > 200000
print(f"exhaustive {best['name']} ({float(best['objective']):.1f}); KN {k['name']} "
      f"(gap {gap:.1f} <= {delta}); replications {reps[0]}..{reps[-1]}; with more committed {k2['name']}")
PY
"$python" check.py "$delta" || fail "optimise choices"

# The table says what the CSV says.
name=$("$python" -c "import csv; print(next(r['name'] for r in csv.DictReader(open('kn.csv')) if r['status'] == 'chosen'))")
expect_grep "chosen: $name (" kn.txt

# Errors: exit 1, a message naming the setting, no file.
expect_status 1 "$HSCFLOW" optimise small.cfg --objective "delayed_bed_dayz" -o bad.h5
expect_grep "optimise.objective: no KPI \"delayed_bed_dayz\"" err.txt
expect_status 1 "$HSCFLOW" optimise small.cfg --set optimise.max_points=5 -o bad.h5
expect_grep "optimise.max_points: the options make more than 5 combinations" err.txt
[[ ! -e bad.h5 ]] || fail "a failed optimise wrote a file"
echo "ok"

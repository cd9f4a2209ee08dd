# The baseline answers the questions it is for: one --set change moves its
# KPIs the way an analyst expects. Runs share seeds (common random numbers),
# and each change is large, so the direction is not noise: the check is on
# the mean over 4 replications of the paired difference.
source "$(dirname "$0")/lib.sh"

run() { "$HSCFLOW" run "$baseline" -r 4 --seed 99 --threads 2 -o "$1.h5" "${@:2}" >/dev/null; }
run base
run more_step_down --set services.step_down.capacity=60
run more_reablement --set staff.reablement.wte=60
run weekend --set services.acute.weekend_discharge=1.0
run more_beds --set services.acute.capacity=400

"$python" - <<'PY' || fail "a lever moved the KPIs the wrong way"
import h5py, numpy as np

def kpi(name, f):
    with h5py.File(f + ".h5", "r") as h:
        names = list(h["kpi/name"].asstr()[...])
        return h["kpi/value"][0, :, names.index(name)]

def lower(name, f, why):
    base, new = kpi(name, "base"), kpi(name, f)
    diff = new - base
    print(f"{f}: {name} {base.mean():.2f} -> {new.mean():.2f}")
    assert np.all(np.isfinite(diff)), name
    assert diff.mean() < 0, why

lower("delayed_bed_days", "more_step_down", "more step-down beds should cut delayed bed-days")
lower("delayed_bed_days.reason.awaiting_step_down", "more_step_down",
      "more step-down beds should cut waits for step-down")
lower("delayed_bed_days", "more_reablement", "more reablement staff should cut delayed bed-days")
lower("delayed_bed_days.reason.awaiting_discharge", "weekend",
      "weekend discharges should cut waits for a discharge slot")
lower("ed_boarding_hours_mean", "more_beds", "more acute beds should cut ED boarding")
PY
echo "ok"

# End to end: portfolios in `hscflow options`. Two options that touch separate
# parts of the system (a north and a south hospital, each with its own cohort,
# services and random streams) have, on common random numbers, a portfolio
# effect equal to the sum of their single effects in every replication: the
# overlap is exactly zero. Two options that relieve the same queue (more
# step-down beds, shorter step-down stays) do less together than the sum: the
# overlap's 95% CI lies above zero. Checked on the table and on the /appraisal
# columns of the results file.
source "$(dirname "$0")/lib.sh"

cat > parts.cfg <<'CFG'
name = "parts";
run = { seed = 11; replications = 12; warmup_days = 60.0; measure_days = 120.0; start_date = "2026-04-01"; };
staff = { reablers = { wte = 14.0; cost_per_wte_year = 30000.0; }; };
cohorts = {
  north = { acute_service = "acute_north"; emergency_per_day = 6.0;
            discharge = { home = 0.6; step_down = 0.3; reablement = 0.1; }; };
  south = { acute_service = "acute_south"; emergency_per_day = 6.0;
            discharge = { home = 0.7; reablement_south = 0.3; }; };
};
services = {
  acute_north = { kind = "beds"; role = "acute"; capacity = 60; cost_per_bed_day = 400.0;
    duration = { default = { dist = "exponential"; mean = 6.0; }; }; };
  acute_south = { kind = "beds"; role = "acute"; capacity = 60; cost_per_bed_day = 400.0;
    duration = { default = { dist = "exponential"; mean = 6.0; }; }; };
  step_down = { kind = "beds"; role = "step_down"; capacity = 10; cost_per_bed_day = 200.0;
    duration = { default = { dist = "exponential"; mean = 5.0; }; }; exits = { default = { home = 1.0; }; }; };
  reablement = { kind = "beds"; role = "reablement"; capacity = 5; cost_per_bed_day = 150.0;
    duration = { default = { dist = "exponential"; mean = 7.0; }; }; exits = { default = { home = 1.0; }; }; };
  reablement_south = { kind = "caseload"; role = "reablement"; staff = "reablers"; caseload_per_wte = 1.5;
    duration = { default = { dist = "exponential"; mean = 9.0; }; }; exits = { default = { home = 1.0; }; }; };
};
options = {
  north_beds = { changes = ["services.step_down.capacity=14"]; recurring_cost = 1000.0; };
  north_faster = { changes = ["services.step_down.duration.default.mean=3.5"]; recurring_cost = 2000.0; };
  south_reablers = { changes = ["staff.reablers.wte=18.0"]; recurring_cost = 4000.0; };
};
portfolios = {
  separate = { description = "north and south: separate parts"; options = ["north_beds", "south_reablers"]; };
  same_queue = { description = "both relieve the step-down queue"; options = ["north_beds", "north_faster"]; };
};
CFG

expect_status 0 "$HSCFLOW" options parts.cfg -o parts.h5 --threads 2
cp out.txt table.txt
expect_grep "parts.cfg: baseline, 3 options and 2 portfolios, 12 replications each" table.txt
expect_grep "portfolio separate: north and south: separate parts" table.txt
expect_grep "portfolio cost a year: £5000 (the sum of its options': north_beds, south_reablers)" table.txt
expect_grep "portfolio same_queue: both relieve the step-down queue" table.txt

"$python" - <<'PY' || fail "portfolio overlaps"
import h5py, numpy as np
with h5py.File("parts.h5", "r") as f:
    points = list(f["scenario/name"].asstr()[...])
    assert points == ["baseline", "north_beds", "north_faster", "south_reablers", "separate",
                      "same_queue"], points
    kpis = list(f["kpi/name"].asstr()[...])
    delayed = f["kpi/value"][:, :, kpis.index("delayed_bed_days")]
    columns = list(f["appraisal/name"].asstr()[...])
    table = f["appraisal/value"][...]
col = lambda name: table[:, columns.index(name)]
# Separate parts: in every replication the portfolio's change is the sum of the
# single changes (the north's streams never see the south's change), up to
# floating-point rounding of the sums.
base, beds, faster, south, separate, same = delayed
assert np.allclose(separate - base, (beds - base) + (south - base), rtol=0, atol=1e-6), \
    (separate - base, beds + south - 2 * base)
overlap = col("delayed_bed_days_overlap")
assert abs(overlap[4]) < 1e-6 and abs(col("delayed_bed_days_overlap_ci_low")[4]) < 1e-6, overlap
# The same queue: together they do less than the sum: the overlap (portfolio minus
# sum, positive = less reduction) has a 95% CI above zero.
assert col("delayed_bed_days_overlap_ci_low")[5] > 0, (overlap[5], col("delayed_bed_days_overlap_ci_low")[5])
# Single options and the baseline have no overlap; costs add up.
assert np.isnan(overlap[:4]).all(), overlap
assert col("option_cost")[4] == 5000.0 and col("option_cost")[5] == 3000.0, col("option_cost")
print("separate overlap", overlap[4], "same-queue overlap", overlap[5])
PY

# A portfolio may not combine options that change the same setting.
sed 's/options = \["north_beds", "north_faster"\]/options = ["north_beds", "north_more"]/; s/^options = {/options = {\n  north_more = { changes = ["services.step_down.capacity=16"]; };/' parts.cfg > clash.cfg
expect_status 1 "$HSCFLOW" validate clash.cfg
expect_grep "portfolios.same_queue.options: options north_beds and north_more both change services.step_down.capacity: a portfolio cannot combine them" err.txt
echo "ok"

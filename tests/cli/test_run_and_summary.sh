# End to end: `hscflow run` writes a results file with the contract layout
# and prints the KPI table; `hscflow summary` prints the same table from the
# file, selecting points by name or index.
source "$(dirname "$0")/lib.sh"

expect_status 0 "$HSCFLOW" run "$baseline" -o base.h5 -r 3 --set run.measure_days=40 --threads 2
expect_grep "acute_occupancy_mean" out.txt
expect_grep "wait_p95_days.service.acute" out.txt
expect_grep "wrote base.h5" out.txt
[[ -f base.h5 ]] || fail "base.h5 not written"
ls -a | grep -q '\.tmp' && fail "temporary file left behind"

"$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" base.h5 --points 1 --reps 3 \
  || fail "results file does not follow the contract"

# The KPI names, units and replication count as the contract and docs/kpis.md give them.
"$python" - <<'PY' || fail "results file content"
import h5py, numpy as np
with h5py.File("base.h5", "r") as f:
    names = list(f["kpi/name"].asstr()[...])
    for kpi in ["acute_occupancy_mean", "acute_occupancy_p95"] + [
            f"{k}.service.acute" for k in ("arrivals", "admissions", "turned_away",
            "occupancy_mean", "waiting_mean", "wait_mean_days", "wait_p95_days", "waited_pct")]:
        assert kpi in names, kpi
    assert f["kpi/value"].shape == (1, 3, len(names))
    services = list(f["service/name"].asstr()[...])
    assert "acute" in services and "acute" in list(f["service/role"].asstr()[...])
    assert f["timeseries/occupancy"].shape == (1, 3, 40, len(services))
    assert list(f["timeseries/date"].asstr()[:2]) == ["2026-04-01", "2026-04-02"]
    occ = f["kpi/value"][0, :, names.index("acute_occupancy_mean")]
    assert np.all((occ > 0.5) & (occ < 1.0)), occ
    assert f["provenance"].attrs["master_seed"] == 20261122
    assert "measure_days = 40.0" in f["provenance/scenario"].asstr()[()]
PY

expect_status 0 "$HSCFLOW" summary base.h5
expect_grep 'point "baseline", 3 replications' out.txt
# The table printed by run and by summary is the same.
"$HSCFLOW" run "$baseline" -o again.h5 -r 3 --set run.measure_days=40 --threads 1 > run_table.txt
"$HSCFLOW" summary again.h5 > summary_table.txt
table() { sed -n '/^KPI/,$p' "$1" | grep -v -e '^$' -e '^wrote '; }
diff <(table run_table.txt) <(table summary_table.txt) \
  || fail "run and summary print different tables"

expect_status 0 "$HSCFLOW" summary base.h5:0
expect_status 0 "$HSCFLOW" summary base.h5:baseline
expect_status 1 "$HSCFLOW" summary base.h5:nosuchpoint
expect_grep "has no scenario point 'nosuchpoint'" err.txt
expect_status 2 "$HSCFLOW" summary missing.h5
echo "ok"

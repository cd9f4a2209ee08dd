# `hscflow run --trace`: the results file gains /events (the per-person event
# log) with the contract's fields and code tables, in (point, replication,
# time) order; it is identical for any thread count; without --trace nothing
# else in the file changes; and its event counts inside the measurement period
# agree with the KPIs and daily series computed by the model itself.
source "$(dirname "$0")/lib.sh"

run() { "$HSCFLOW" run "$baseline" -r 2 --set run.measure_days=30 "$@"; }
expect_status 0 run --trace --threads 2 -o trace2.h5
expect_grep "traced " out.txt
expect_grep "wrote trace2.h5" out.txt
expect_status 0 run --trace --threads 1 -o trace1.h5
expect_status 0 run --threads 2 -o plain.h5

"$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" trace2.h5 --points 1 --reps 2 \
  || fail "traced results file does not follow the contract"

same() { h5diff --exclude-path /provenance/run "$@" >diff.txt 2>&1; }
same trace1.h5 trace2.h5 || { cat diff.txt; fail "--threads 1 and --threads 2 give different traces"; }
same --exclude-path /events plain.h5 trace2.h5 \
  || { cat diff.txt; fail "--trace changed something besides /events"; }

"$python" - <<'PY' || fail "/events content"
import h5py
import numpy as np

with h5py.File("plain.h5", "r") as f:
    assert "events" not in f, "/events written without --trace"

with h5py.File("trace2.h5", "r") as f:
    ev = f["events"]
    assert ev.dtype.names == ("point", "replication", "time", "person", "cohort",
                              "event", "from", "to"), ev.dtype.names
    names = [str(s) for s in ev.attrs["event_names"]]
    assert names[:5] == ["arrive", "request", "admit", "ready", "discharge"], names
    services = [str(s) for s in ev.attrs["service_names"]]
    assert services == list(f["service/name"].asstr()[()]), services
    cohorts = [str(s) for s in ev.attrs["cohort_names"]]
    assert len(cohorts) > 0 and all(cohorts), cohorts
    rows = ev[()]
    assert len(rows) > 0, "the trace is empty: does the model append records yet?"
    assert (rows["point"] == 0).all()

    # Ordered by (point, replication, time).
    key = np.lexsort((rows["time"], rows["replication"], rows["point"]))
    assert (key == np.arange(len(rows))).all(), "records are not in (point, replication, time) order"

    prov = f["provenance"].attrs
    start = float(prov["warmup_days"])
    end = start + float(prov["measure_days"])
    reps = f["replication"][()]
    kpis = list(f["kpi/name"].asstr()[()])
    value = f["kpi/value"][0]
    roles = list(f["service/role"].asstr()[()])
    acute = services.index("acute")
    acute_all = [s for s, role in enumerate(roles) if role == "acute"]
    discharges = f["timeseries/discharges"][0]
    code = {name: i for i, name in enumerate(names)}

    for r, rep in enumerate(reps):
        mine = rows[rows["replication"] == rep]
        assert len(mine) > 0, f"replication {rep} has no records"
        period = mine[(mine["time"] >= start) & (mine["time"] < end)]
        def count(event, **where):
            sel = period["event"] == code[event]
            for field, allowed in where.items():
                sel &= np.isin(period[field], allowed)
            return int(sel.sum())
        checks = [
            ("admit to acute", count("admit", to=[acute]),
             value[r, kpis.index("admissions.service.acute")]),
            ("discharge from acute", count("discharge", **{"from": acute_all}),
             float(discharges[r].sum())),
            ("ready", count("ready"), value[r, kpis.index("ready_for_discharge")]),
        ]
        for what, traced, expected in checks:
            assert traced == expected, f"replication {rep}: {what} events {traced} != {expected}"
            print(f"replication {rep}: {what}: {traced} = {expected:g}")
PY

# Readers ignore /events: summary works on the traced file and prints the
# same table as for the plain one.
expect_status 0 "$HSCFLOW" summary trace2.h5
mv out.txt summary_trace.txt
expect_status 0 "$HSCFLOW" summary plain.h5
diff <(tail -n +2 summary_trace.txt) <(tail -n +2 out.txt) || fail "summary differs with /events"

# --trace belongs to run only; --help documents it.
expect_status 1 "$HSCFLOW" validate "$baseline" --trace
expect_grep "unknown option" err.txt
expect_status 0 "$HSCFLOW" run --help
expect_grep "--trace" out.txt
echo "ok"

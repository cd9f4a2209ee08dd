#!/usr/bin/python3
"""Check that an HDF5 file follows the hscflow results-file contract.

Usage: /usr/bin/python3 tests/cli/check_results_file.py FILE.h5 [--points P] [--reps R]

Checks names, shapes (P, R, K, S, D consistent), dtypes, variable-length UTF-8
strings, attached dimension scales, chunking/compression/Fletcher32 of the big
datasets, NaN only where the contract allows it, summaries consistent with
/kpi/value, no object creation times, and, when the file has the event trace
/events (`hscflow run --trace`), its record fields, code tables, codes in range
and (point, replication, time) order, and /diagnostics/runaway (0 or 1, adding
up to the runaway_queues KPI of each replication). With /scenario/replications
(how many replications each point ran), the replications a point did not run
must be NaN in /kpi/value and the time series, 0 in /diagnostics/runaway and
absent from /events, and the ones it ran free of NaN in the series; with
/appraisal (`hscflow options` and `optimise`), its labels [C], float64 values
[P, C] and the "column" scale (docs/results-format.md). Prints
"ok: P=.. R=.. K=.. S=.. D=.." (plus " C=.." with /appraisal, " N=.." with
/events) and exits 0, or
lists every problem and exits 1.
Needs Debian's python3-h5py and python3-numpy (hence /usr/bin/python3).
"""
import argparse
import datetime
import sys
import warnings

try:
    import h5py
    import numpy as np
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"check_results_file: cannot import {exc.name}: install python3-h5py "
          "and python3-numpy and run with /usr/bin/python3")
    sys.exit(1)

SUMMARIES = ("mean", "sd", "ci_low", "ci_high", "p05", "p50", "p95", "n")
# Dimension scale of each labelled dimension: (scale dataset, label).
SCALES = {
    "P": ("/scenario/name", "point"),
    "Q": ("/scenario/parameter", "parameter"),
    "R": ("/replication", "replication"),
    "K": ("/kpi/name", "kpi"),
    "D": ("/timeseries/date", "date"),
    "S": ("/service/name", "service"),
    "C": ("/appraisal/name", "column"),
}
# Dimensions whose scale dataset may be absent (then the size is 0).
OPTIONAL_DIMS = ("Q", "C")
# /appraisal, when present: string datasets [C] and the values.
APPRAISAL_STRINGS = {"/appraisal/name": "C", "/appraisal/unit": "C",
                     "/appraisal/description": "C"}
STRING_ARRAYS = {
    "/scenario/name": "P", "/scenario/overrides": "P",
    "/kpi/name": "K", "/kpi/unit": "K", "/kpi/description": "K",
    "/service/name": "S", "/service/role": "S", "/timeseries/date": "D",
}
# Numeric datasets: dims, numpy dtype, big (chunked + filters), NaN allowed.
NUMERIC = {
    "/replication": ("R", "int64", False, False),
    "/kpi/value": ("PRK", "float64", True, True),
    "/timeseries/occupancy": ("PRDS", "float32", True, False),
    "/timeseries/waiting": ("PRDS", "float32", True, False),
    "/timeseries/admissions": ("PRD", "float32", True, False),
    "/timeseries/discharges": ("PRD", "float32", True, False),
    "/diagnostics/runaway": ("PRS", "uint8", False, False),
}
NUMERIC.update({f"/kpi/{s}": ("PK", "float64", True, True) for s in SUMMARIES})
PROVENANCE_ATTRS = {
    "master_seed": "uint64", "replications": "int64", "warmup_days": "float64",
    "measure_days": "float64", "start_date": str, "rng": str, "git_commit": str,
    "compiler": str, "gsl_version": str, "hdf5_version": str,
    "libconfig_version": str,
}
# /events: record fields in order, and the codes of trace.h (append-only).
EVENT_FIELDS = [("point", "<i8"), ("replication", "<i8"), ("time", "<f8"),
                ("person", "<u8"), ("cohort", "<i4"), ("event", "<i4"),
                ("from", "<i4"), ("to", "<i4")]
EVENT_CODES = ["arrive", "request", "admit", "ready", "discharge", "leave", "home",
               "death", "turned_away", "diverted", "cancelled", "represent",
               "step_up", "bridge", "withdraw", "hold"]
EVENT_BLOCK = 1 << 20  # rows read at a time, so big traces stay in bounded memory
RUN_ATTRS = {
    "created_utc": str, "host": str, "threads": "int64", "ranks": "int64",
    "wall_seconds": "float64", "command_line": str,
}


class Checker:
    """Collects every problem found in one file."""

    def __init__(self, f):
        self.f = f
        self.problems = []
        self.size = {}
        self.labels = {}
        self.n_events = None
        self.ran = None         # bool [P, R]: replication r of point p ran
        self.point_reps = None  # /scenario/replications, when present
        self.has_appraisal = False

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    def get(self, path, kind=h5py.Dataset):
        obj = self.f.get(path)
        if obj is None:
            self.fail(path, "missing")
        elif not isinstance(obj, kind):
            self.fail(path, f"is not a {kind.__name__}")
            return None
        return obj

    # --- attributes -------------------------------------------------------

    def attrs(self, path, wanted):
        obj = self.f.get(path)
        if obj is None:
            return {}
        found = {}
        for name, kind in wanted.items():
            if name not in obj.attrs:
                self.fail(path, f"missing attribute {name!r}")
                continue
            value = obj.attrs[name]
            if kind is str:
                if not isinstance(value, str):
                    self.fail(path, f"attribute {name!r} is not a UTF-8 string")
            elif np.asarray(value).dtype != np.dtype(kind) or np.ndim(value):
                self.fail(path, f"attribute {name!r} has dtype "
                          f"{np.asarray(value).dtype}, expected scalar {kind}")
            found[name] = value
        return found

    def check_root(self):
        root = self.attrs("/", {"format": str, "format_version": "int64",
                                "hscflow_version": str})
        if root.get("format") != "hscflow-results":
            self.fail("/", f"format is {root.get('format')!r}, "
                      "expected 'hscflow-results'")
        if root.get("format_version") != 1:
            self.fail("/", f"format_version is {root.get('format_version')!r}, "
                      "expected 1")

    def check_provenance(self):
        if self.get("/provenance", h5py.Group) is None:
            return
        prov = self.attrs("/provenance", PROVENANCE_ATTRS)
        if "replications" in prov and prov["replications"] != self.size.get("R"):
            self.fail("/provenance", f"replications = {prov['replications']} "
                      f"but /replication has {self.size.get('R')} entries")
        for name in ("warmup_days", "measure_days"):
            if name in prov and not (np.isfinite(prov[name]) and prov[name] >= 0):
                self.fail("/provenance", f"{name} = {prov[name]} is not >= 0")
        if isinstance(prov.get("start_date"), str):
            self.iso_date("/provenance start_date", prov["start_date"])
        scenario = self.get("/provenance/scenario")
        if scenario is not None:
            self.string_dtype("/provenance/scenario", scenario)
            if scenario.shape != ():
                self.fail("/provenance/scenario", "is not a scalar")
        if self.get("/provenance/run", h5py.Group) is not None:
            self.attrs("/provenance/run", RUN_ATTRS)

    # --- strings ------------------------------------------------------------

    def string_dtype(self, path, ds):
        info = h5py.check_string_dtype(ds.dtype)
        if info is None or info.encoding != "utf-8" or info.length is not None:
            self.fail(path, f"is not a variable-length UTF-8 string ({ds.dtype})")
            return False
        return True

    def strings(self, path, dims):
        ds = self.get(path)
        if ds is None or not self.string_dtype(path, ds):
            return None
        self.shape(path, ds, dims)
        try:
            return [str(s) for s in ds.asstr()[()]]
        except UnicodeDecodeError as exc:
            self.fail(path, f"does not decode as UTF-8 ({exc})")
            return None

    def iso_date(self, where, text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.fail(where, f"{text!r} is not an ISO date YYYY-MM-DD")
            return None

    def check_labels(self, path, values, unique=True):
        if values is None:
            return
        if any(v == "" for v in values):
            self.fail(path, "has an empty entry")
        if unique and len(set(values)) != len(values):
            self.fail(path, "has duplicate entries")

    def check_dates(self, dates):
        if dates is None:
            return
        parsed = [self.iso_date("/timeseries/date", d) for d in dates]
        for prev, cur in zip(parsed, parsed[1:]):
            if prev and cur and cur - prev != datetime.timedelta(days=1):
                self.fail("/timeseries/date", f"{cur} does not follow {prev}")
                break

    # --- numbers ------------------------------------------------------------

    def shape(self, path, ds, dims):
        want = tuple(self.size[d] for d in dims)
        if ds.shape != want:
            self.fail(path, f"shape {ds.shape}, expected {want} ({','.join(dims)})")
            return False
        return True

    def numeric(self, path, dims, dtype, big, nan_ok):
        ds = self.get(path)
        if ds is None:
            return None
        if ds.dtype != np.dtype(dtype):
            self.fail(path, f"dtype {ds.dtype}, expected {dtype}")
        if not self.shape(path, ds, dims):
            return None
        if big and ds.size > 0 and not (ds.chunks and ds.compression == "gzip"
                                        and ds.fletcher32):
            self.fail(path, "is not chunked, gzip-compressed and Fletcher32-checked")
        data = ds[()]
        split = self.ran is not None and dims.startswith("PR")
        if data.dtype.kind == "f":
            # Replications a point did not run are NaN (check_unrun), so
            # only those that ran must be free of NaN.
            if not nan_ok and np.isnan(data[self.ran] if split else data).any():
                self.fail(path, "contains NaN" + (" in a replication that ran"
                                                  if split else ""))
            if np.isinf(data).any():
                self.fail(path, "contains infinity")
        if split:
            self.check_unrun(path, data[~self.ran])
        return data

    def check_unrun(self, path, unrun):
        """Values of the replications the points did not run: NaN, or 0 for
        the runaway flags."""
        blank = np.isnan(unrun) if unrun.dtype.kind == "f" else unrun == 0
        if not blank.all():
            self.fail(path, "holds values in replications beyond "
                      "/scenario/replications (expected "
                      f"{'NaN' if unrun.dtype.kind == 'f' else '0'})")

    def check_point_reps(self):
        """/scenario/replications, when present: int64 [P] within 0..R; sets
        self.ran for the NaN checks of check_values."""
        path = "/scenario/replications"
        if path not in self.f:
            return
        ran = self.numeric(path, "P", "int64", False, False)
        if ran is None or ran.dtype != np.dtype("int64"):
            return
        if ((ran < 0) | (ran > self.size["R"])).any():
            self.fail(path, f"counts outside 0..{self.size['R']}")
            return
        self.point_reps = ran
        self.ran = np.arange(self.size["R"])[None, :] < ran[:, None]

    def check_values(self):
        data = {p: self.numeric(p, *spec) for p, spec in NUMERIC.items()}
        reps = data["/replication"]
        if reps is not None and ((reps < 0).any() or len(set(reps)) != len(reps)):
            self.fail("/replication", "entries must be distinct and >= 0")
        for path in NUMERIC:
            if path.startswith("/timeseries/") and data[path] is not None \
                    and (data[path] < 0).any():
                self.fail(path, "contains negative values")
        if data["/kpi/value"] is not None and all(
                data[f"/kpi/{s}"] is not None for s in SUMMARIES):
            self.check_summaries(data)
        if data["/diagnostics/runaway"] is not None and data["/kpi/value"] is not None:
            self.check_runaway(data["/diagnostics/runaway"], data["/kpi/value"])

    def check_runaway(self, flags, values):
        """Flags are 0 or 1 and, per replication, add up to runaway_queues
        (none where that KPI is NaN: the period was too short to test)."""
        if ((flags != 0) & (flags != 1)).any():
            self.fail("/diagnostics/runaway", "holds values other than 0 and 1")
            return
        names = self.labels.get("/kpi/name") or []
        if "runaway_queues" not in names:
            self.fail("/kpi/name", "has no runaway_queues to match /diagnostics/runaway")
            return
        kpi = values[:, :, names.index("runaway_queues")]
        count = flags.sum(axis=2).astype(float)
        tested = ~np.isnan(kpi)
        if not np.array_equal(kpi[tested], count[tested]) or count[~tested].any():
            self.fail("/diagnostics/runaway", "does not add up to runaway_queues per "
                      "replication (or flags a replication that was not tested)")

    def check_summaries(self, data):
        values = data["/kpi/value"]
        n = (~np.isnan(values)).sum(axis=1).astype(float)
        if not np.array_equal(data["/kpi/n"], n):
            self.fail("/kpi/n", "does not count the non-NaN values of /kpi/value")
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices
            mean = np.nanmean(values, axis=1) if values.size else n * np.nan
        for name, min_n in (("mean", 1), ("p05", 1), ("p50", 1), ("p95", 1),
                            ("sd", 2), ("ci_low", 2), ("ci_high", 2)):
            nan_where = np.isnan(data[f"/kpi/{name}"])
            if not np.array_equal(nan_where, n < min_n):
                self.fail(f"/kpi/{name}", f"must be NaN exactly where n < {min_n}")
        ok = n >= 1
        if not np.allclose(data["/kpi/mean"][ok], mean[ok], rtol=1e-9, atol=1e-12):
            self.fail("/kpi/mean", "differs from the mean of /kpi/value")
        low, mid, high = (data[f"/kpi/{s}"][n >= 2] for s in ("ci_low", "mean", "ci_high"))
        if (low > mid).any() or (mid > high).any():
            self.fail("/kpi/ci_low", "ci_low <= mean <= ci_high does not hold")
        p = [data[f"/kpi/{s}"][ok] for s in ("p05", "p50", "p95")]
        if (p[0] > p[1]).any() or (p[1] > p[2]).any():
            self.fail("/kpi/p05", "p05 <= p50 <= p95 does not hold")

    def check_appraisal(self):
        """/appraisal, when present: labels [C] (names distinct, not empty)
        and float64 values [P, C], NaN allowed, contiguous like the other
        small datasets."""
        group = self.f.get("/appraisal")
        if group is None:
            return
        self.has_appraisal = True
        if not isinstance(group, h5py.Group):
            self.fail("/appraisal", "is not a group")
            return
        if "/appraisal/name" not in self.f:
            self.fail("/appraisal/name", "missing")
            return
        if self.size["C"] == 0:
            self.fail("/appraisal", "has no columns (the writer leaves the group out then)")
        labels = {p: self.strings(p, d) for p, d in APPRAISAL_STRINGS.items()}
        self.check_labels("/appraisal/name", labels["/appraisal/name"])
        self.numeric("/appraisal/value", "PC", "float64", False, True)
        value = self.f.get("/appraisal/value")
        if isinstance(value, h5py.Dataset) and value.chunks is not None:
            self.fail("/appraisal/value", "is chunked, expected contiguous")

    def check_scenario_values(self):
        has_param = "/scenario/parameter" in self.f
        has_value = "/scenario/value" in self.f
        if has_param != has_value or (has_param and self.size["Q"] == 0):
            self.fail("/scenario", "parameter and value must both exist, "
                      "and only when Q > 0")
        if has_param and has_value:
            self.check_labels("/scenario/parameter",
                              self.strings("/scenario/parameter", "Q"))
            value = self.numeric("/scenario/value", "PQ", "float64", False, False)
            if value is not None and not np.isfinite(value).all():
                self.fail("/scenario/value", "must be finite")

    # --- dimension scales, creation times -----------------------------------

    @staticmethod
    def attached(ds, scale, dim):
        """Whether scale is attached to dimension dim of ds. HDF5 fails,
        rather than answering no, for a non-scale or a scale whose
        back-references are broken (a dataset was deleted)."""
        try:
            return h5py.h5ds.is_scale(scale.id) and h5py.h5ds.is_attached(ds.id, scale.id, dim)
        except RuntimeError:
            return False

    def check_scales(self):
        for dim in self.size:
            scale_path, _ = SCALES[dim]
            ds = self.f.get(scale_path)
            if ds is not None and not h5py.h5ds.is_scale(ds.id):
                self.fail(scale_path, "is not a dimension scale")
        labelled = {p: spec[0] for p, spec in NUMERIC.items()}
        labelled.update(STRING_ARRAYS)
        if self.size["Q"] > 0:
            labelled["/scenario/value"] = "PQ"
        if self.point_reps is not None:
            labelled["/scenario/replications"] = "P"
        if "/appraisal" in self.f:
            labelled.update(APPRAISAL_STRINGS)
            labelled["/appraisal/value"] = "PC"
        for path, dims in labelled.items():
            ds = self.f.get(path)
            if ds is None or path in (SCALES[d][0] for d in dims):
                continue
            for i, dim in enumerate(dims):
                scale_path, label = SCALES[dim]
                scale = self.f.get(scale_path)
                if scale is None or not self.attached(ds, scale, i):
                    self.fail(path, f"dimension {i} has no scale {scale_path}")
                elif ds.dims[i].label != label:
                    self.fail(path, f"dimension {i} is labelled "
                              f"{ds.dims[i].label!r}, expected {label!r}")

    # --- the event trace ------------------------------------------------------

    def string_attr(self, path, obj, name):
        """A one-dimensional variable-length UTF-8 string attribute, as a list."""
        if name not in obj.attrs:
            self.fail(path, f"missing attribute {name!r}")
            return None
        info = h5py.check_string_dtype(obj.attrs.get_id(name).dtype)
        value = obj.attrs[name]
        if info is None or info.encoding != "utf-8" or info.length is not None \
                or np.ndim(value) != 1:
            self.fail(path, f"attribute {name!r} is not a 1-D array of "
                      "variable-length UTF-8 strings")
            return None
        return [str(v) for v in value]

    def check_event_tables(self, ds):
        events = self.string_attr("/events", ds, "event_names")
        cohorts = self.string_attr("/events", ds, "cohort_names")
        services = self.string_attr("/events", ds, "service_names")
        if events is not None and events[:len(EVENT_CODES)] != EVENT_CODES:
            self.fail("/events", f"event_names {events} do not start with the "
                      f"contract's codes {EVENT_CODES}")
        known = self.labels.get("/service/name")
        if services is not None and known is not None and services != known:
            self.fail("/events", "service_names differ from /service/name")
        if cohorts is not None:
            self.check_labels("/events cohort_names", cohorts)
        return events, cohorts

    def check_event_block(self, rows, tables, state):
        """Codes in range and (point, replication, time) order in one block;
        state carries the last key and the replication positions."""
        events, cohorts = tables
        where = f"/events[{state['start']}:{state['start'] + len(rows)}]"
        limits = [("point", 0, self.size["P"]), ("from", -1, self.size["S"]),
                  ("to", -1, self.size["S"])]
        limits += [(field, 0, len(table)) for field, table in
                   (("event", events), ("cohort", cohorts)) if table is not None]
        for field, low, high in limits:
            bad = (rows[field] < low) | (rows[field] >= high)
            if bad.any():
                self.fail(where, f"{field} outside [{low}, {high}) at row "
                          f"{state['start'] + int(np.argmax(bad))}")
        reps = state["reps"]
        pos = np.searchsorted(reps, rows["replication"])
        pos = np.minimum(pos, len(reps) - 1) if len(reps) else pos
        if len(reps) == 0 or (reps[pos] != rows["replication"]).any():
            self.fail(where, "replication not listed in /replication")
            return
        if self.point_reps is not None:
            point = rows["point"]
            known = (point >= 0) & (point < self.size["P"])
            unrun = pos[known] >= self.point_reps[point[known]]
            if unrun.any():
                self.fail(where, "records a replication beyond /scenario/replications "
                          "of its point")
        time = rows["time"]
        if not np.isfinite(time).all() or (time < 0).any() or \
                (time > state["t_end"] * (1 + 1e-12)).any():
            self.fail(where, f"time outside [0, warmup + measure = {state['t_end']}]")
        key = np.stack([rows["point"].astype(float), pos.astype(float), time])
        if state["last"] is not None:
            key = np.concatenate([state["last"][:, None], key], axis=1)
        step = np.diff(key, axis=1)
        # Lexicographic order: the first non-zero difference must be positive.
        first = np.where(step[0] != 0, step[0], np.where(step[1] != 0, step[1], step[2]))
        if (first < 0).any():
            # Step j ends at row j of the block when the previous block's last
            # key was prepended, else at row j + 1.
            row = state["start"] + int(np.argmax(first < 0))
            row += 0 if state["last"] is not None else 1
            self.fail("/events", f"row {row} is out of (point, replication, time) order")
        state["last"] = key[:, -1]

    def check_events(self):
        ds = self.f.get("/events")
        if ds is None:
            return
        if not isinstance(ds, h5py.Dataset) or ds.ndim != 1:
            self.fail("/events", "is not a one-dimensional dataset")
            return
        want = np.dtype(EVENT_FIELDS)
        if ds.dtype != want:
            self.fail("/events", f"dtype {ds.dtype}, expected {want}")
            return
        self.n_events = ds.shape[0]
        if ds.size > 0 and not (ds.chunks and ds.compression == "gzip" and ds.fletcher32):
            self.fail("/events", "is not chunked, gzip-compressed and Fletcher32-checked")
        tables = self.check_event_tables(ds)
        prov = self.f["/provenance"].attrs if "/provenance" in self.f else {}
        state = {"last": None, "start": 0,
                 "reps": np.asarray(self.f["/replication"][()]),
                 "t_end": float(prov.get("warmup_days", np.inf))
                 + float(prov.get("measure_days", np.inf))}
        if (np.diff(state["reps"]) <= 0).any():
            self.fail("/replication", "not increasing: /events order is undefined")
            return
        for start in range(0, ds.shape[0], EVENT_BLOCK):
            state["start"] = start
            self.check_event_block(ds[start:start + EVENT_BLOCK], tables, state)

    def check_no_times(self):
        objects = [("/", self.f["/"])]
        self.f.visititems(lambda name, obj: objects.append(("/" + name, obj)))
        for name, obj in objects:
            if obj.id.get_create_plist().get_obj_track_times():
                self.fail(name, "records creation times")

    def run(self, points, reps):
        self.check_root()
        for dim, (path, _) in SCALES.items():
            ds = self.f.get(path)
            if isinstance(ds, h5py.Dataset) and ds.ndim == 1:
                self.size[dim] = ds.shape[0]
            elif dim in OPTIONAL_DIMS and ds is None:
                self.size[dim] = 0
            else:
                self.fail(path, "missing or not one-dimensional")
        if self.problems:
            return
        if points is not None and self.size["P"] != points:
            self.fail("/scenario/name", f"P = {self.size['P']}, expected {points}")
        if reps is not None and self.size["R"] != reps:
            self.fail("/replication", f"R = {self.size['R']}, expected {reps}")
        labels = {p: self.strings(p, d) for p, d in STRING_ARRAYS.items()}
        self.labels = labels
        for path in ("/scenario/name", "/kpi/name", "/service/name"):
            self.check_labels(path, labels[path])
        self.check_dates(labels["/timeseries/date"])
        self.check_scenario_values()
        self.check_point_reps()
        self.check_values()
        self.check_appraisal()
        self.check_provenance()
        self.check_scales()
        self.check_events()
        self.check_no_times()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--points", type=int, help="expected P")
    parser.add_argument("--reps", type=int, help="expected R")
    args = parser.parse_args()
    try:
        f = h5py.File(args.file, "r")
    except OSError as exc:
        print(f"{args.file}: cannot open as HDF5: {exc}")
        return 1
    with f:
        checker = Checker(f)
        checker.run(args.points, args.reps)
    if checker.problems:
        for problem in checker.problems:
            print(f"{args.file}: {problem}")
        return 1
    s = checker.size
    columns = f" C={s['C']}" if checker.has_appraisal else ""
    events = f" N={checker.n_events}" if checker.n_events is not None else ""
    print(f"ok: P={s['P']} R={s['R']} K={s['K']} S={s['S']} D={s['D']}{columns}{events}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

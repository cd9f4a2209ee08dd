# End to end: `hscflow compare` pairs runs that share a seed (common random
# numbers) and falls back to Welch otherwise; every number it prints is
# recomputed here from the files' /kpi/value with numpy (no scipy: Student-t
# quantiles are tabulated, and Welch's non-integer df is checked through a
# numerically integrated t distribution function).
source "$(dirname "$0")/lib.sh"

run() { "$HSCFLOW" run "$baseline" -r 4 --set run.measure_days=60 --threads 2 "$@" >/dev/null; }
run -o a.h5
run -o b.h5 --set services.step_down.capacity=44
run -o c.h5 --seed 7
run -o d.h5 -r 6 --set services.step_down.capacity=44
# same_numbers X.csv Y.csv: the two comparisons agree in every column but
# the file labels and the reason.
same_numbers() {
  "$python" - "$1" "$2" <<'PY'
import csv, sys
cols = ["kpi", "unit", "a_mean", "b_mean", "difference", "ci_low", "ci_high", "n", "test",
        "significant", "relative_change_pct", "n_a", "n_b", "df"]
table = lambda path: [[row[c] for c in cols] for row in csv.DictReader(open(path, newline=""))]
sys.exit(table(sys.argv[1]) != table(sys.argv[2]) or not table(sys.argv[1]))
PY
}

# check.py CSV A.h5[:INDEX] B.h5[:INDEX] [--text TABLE]: recomputes every row
# of the CSV of `hscflow compare A B --csv`; with --text, also checks the CI
# printed in the text table for a KPI whose paired differences vary.
cat > check.py <<'PY'
import csv, math, sys
import h5py, numpy as np

T975 = {1: 12.706204736174707, 2: 4.302652729749464, 3: 3.182446305284263,
        4: 2.7764451051977987, 5: 2.5705818356363146}
HEADER = ["a", "b", "kpi", "unit", "a_mean", "b_mean", "difference", "ci_low", "ci_high",
          "n", "test", "significant", "relative_change_pct", "n_a", "n_b", "df", "reason"]

def tcdf(x, nu, steps=4000):
    """P(T <= x) for x >= 0 by Simpson's rule on the t density."""
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    f = lambda t: c * (1 + t * t / nu) ** (-(nu + 1) / 2)
    h = x / steps
    s = f(0) + f(x) + sum((4 if i % 2 else 2) * f(i * h) for i in range(1, steps))
    return 0.5 + s * h / 3

def load(arg):
    path, _, point = arg.partition(":")
    with h5py.File(path, "r") as f:
        return dict(label=f"{path}:{f['scenario/name'].asstr()[int(point or 0)]}",
                    seed=int(f["provenance"].attrs["master_seed"]),
                    reps=list(f["replication"][...]),
                    names=list(f["kpi/name"].asstr()[...]),
                    units=list(f["kpi/unit"].asstr()[...]),
                    value=f["kpi/value"][int(point or 0)])

def expected(A, B, k, kb):
    common = [r for r in A["reps"] if r in B["reps"]]
    if A["seed"] == B["seed"] and common:
        a = np.array([A["value"][A["reps"].index(r), k] for r in common])
        b = np.array([B["value"][B["reps"].index(r), kb] for r in common])
        ok = ~np.isnan(a) & ~np.isnan(b)
        a, b, n = a[ok], b[ok], int(ok.sum())
        e = dict(test="paired", n=n, n_a=n, n_b=n, a_mean=a.mean() if n else math.nan,
                 b_mean=b.mean() if n else math.nan,
                 difference=(b - a).mean() if n else math.nan, ci_low=math.nan,
                 ci_high=math.nan, df=math.nan, sd=math.nan)
        if n >= 2:
            e["sd"] = (b - a).std(ddof=1)
            half = T975[n - 1] * e["sd"] / math.sqrt(n)
            e.update(ci_low=e["difference"] - half, ci_high=e["difference"] + half, df=n - 1)
        return e
    a, b = A["value"][:, k], B["value"][:, kb]
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    e = dict(test="welch", n=len(a) + len(b), n_a=len(a), n_b=len(b),
             a_mean=a.mean() if len(a) else math.nan, b_mean=b.mean() if len(b) else math.nan,
             ci_low=math.nan, ci_high=math.nan, df=math.nan, sd=math.nan, se=math.nan)
    e["difference"] = e["b_mean"] - e["a_mean"]
    if len(a) >= 2 and len(b) >= 2:
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        e["se"] = math.sqrt(va + vb)
        if e["se"] > 0:
            e["df"] = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        else:
            e["ci_low"] = e["ci_high"] = e["difference"]
    return e

def close(got, want):
    if math.isnan(want):
        return got == ""
    return got != "" and math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-9)

def check_row(row, e):
    fields = ["a_mean", "b_mean", "difference", "df"]
    if e["test"] == "paired" or e["se"] == 0 or math.isnan(e["se"]):
        fields += ["ci_low", "ci_high"]
    for field in fields:
        assert close(row[field], e[field]), (row["kpi"], field, row[field], e[field])
    for field in ("n", "n_a", "n_b"):
        assert int(row[field]) == e[field], (row["kpi"], field, row[field], e[field])
    assert row["test"] == e["test"], (row["kpi"], row["test"])
    if e["test"] == "welch" and e["se"] > 0:
        # Welch's t quantile at a non-integer df: the printed half-width / se
        # must be the 0.975 quantile of t(df).
        half = (float(row["ci_high"]) - float(row["ci_low"])) / 2
        assert math.isclose(float(row["difference"]), e["difference"], rel_tol=1e-9, abs_tol=1e-9)
        assert abs(tcdf(half / e["se"], e["df"]) - 0.975) < 1e-7, (row["kpi"], half, e)
    if row["ci_low"] != "":
        lo, hi = float(row["ci_low"]), float(row["ci_high"])
        assert row["significant"] == ("true" if lo > 0 or hi < 0 else "false"), row
        if e["a_mean"] != 0 and not math.isnan(e["a_mean"]):
            rel = 100 * float(row["difference"]) / abs(e["a_mean"])
            assert math.isclose(float(row["relative_change_pct"]), rel, rel_tol=1e-9, abs_tol=1e-9)
    else:
        assert row["significant"] == "false", row

def printed_matches(text, value):
    """A number printed in the table rounds `value` (to its printed digits)."""
    if "e" in text:
        return math.isclose(float(text), value, rel_tol=5e-4)
    places = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= 0.5 * 10 ** -places * (1 + 1e-9) + 1e-12

def check_text(path, rows, A, B):
    """The text table marks exactly the CSV's significant rows, and prints the
    CI of the first KPI whose paired differences vary as computed by hand."""
    lines = open(path).read().splitlines()
    for row in rows:
        line = next(l for l in lines if l.startswith(row["kpi"] + " "))
        assert line.rstrip().endswith("*") == (row["significant"] == "true"), (line, row)
    for row in rows:
        k, kb = A["names"].index(row["kpi"]), B["names"].index(row["kpi"])
        e = expected(A, B, k, kb)
        if e["test"] != "paired" or not e["sd"] > 0:
            continue
        line = next(l for l in lines if l.startswith(row["kpi"] + " "))
        low, high = line.split("[")[1].split("]")[0].split(", ")
        assert printed_matches(low, e["ci_low"]), (line, e)
        assert printed_matches(high, e["ci_high"]), (line, e)
        print(f"text CI of {row['kpi']}: [{low}, {high}], by hand [{e['ci_low']:.6g}, {e['ci_high']:.6g}]")
        return
    raise AssertionError("no KPI has varying paired differences: the CI check would be empty")

args = sys.argv[1:]
text = None
if "--text" in args:
    i = args.index("--text")
    text = args[i + 1]
    del args[i:i + 2]
csv_path, A, Bs = args[0], load(args[1]), [load(x) for x in args[2:]]
with open(csv_path, newline="") as f:
    reader = csv.DictReader(f)
    assert reader.fieldnames == HEADER, reader.fieldnames
    rows = list(reader)
done = 0
for B in Bs:
    mine = [r for r in rows if r["b"] == B["label"]]
    want = [n for n in A["names"] if n in B["names"]]
    assert [r["kpi"] for r in mine] == want, (B["label"], len(mine), len(want))
    for row in mine:
        assert row["a"] == A["label"], row
        assert row["unit"] == A["units"][A["names"].index(row["kpi"])], row
        check_row(row, expected(A, B, A["names"].index(row["kpi"]), B["names"].index(row["kpi"])))
    done += len(mine)
    if text:
        check_text(text, mine, A, B)
assert done == len(rows), (done, len(rows))
PY

# Same seed, one setting changed: paired on the 4 common replications, and
# every number (CSV) and the printed CI of a KPI that moved match numpy.
expect_status 0 "$HSCFLOW" compare a.h5 b.h5
expect_grep "paired: same seed 20261122, 4 common replications" out.txt
expect_grep "A: a.h5:baseline (4 replications, seed 20261122)" out.txt
cp out.txt paired.txt
expect_status 0 "$HSCFLOW" compare a.h5 b.h5 --csv
cp out.txt paired.csv
"$python" check.py paired.csv a.h5 b.h5 --text paired.txt || fail "paired numbers"

# Another seed: Welch, also checked number by number.
expect_status 0 "$HSCFLOW" compare a.h5 c.h5
expect_grep "unpaired (Welch): different seeds (20261122 and 7)" out.txt
expect_grep "4/4" out.txt
expect_status 0 "$HSCFLOW" compare a.h5 c.h5 --csv
"$python" check.py out.txt a.h5 c.h5 || fail "Welch numbers"

# Only common replications are paired: B ran 6, A 4. Replication r draws the
# same numbers whatever R, so the result equals the comparison with b.h5.
expect_status 0 "$HSCFLOW" compare a.h5 d.h5
expect_grep "paired: same seed 20261122, 4 common replications (of 4 in A and 6 in B)" out.txt
expect_status 0 "$HSCFLOW" compare a.h5 d.h5 --csv
"$python" check.py out.txt a.h5 d.h5 || fail "paired numbers with 4 of 6 replications"
same_numbers paired.csv out.txt \
  || fail "pairing by replication number: a/d differs from a/b"

# Pairs are matched by replication number, not by position: B stored in
# reverse order compares as b.h5 does; B renumbered 2..5 pairs its first two
# replications with A's last two.
cp b.h5 reversed.h5
cp b.h5 renumbered.h5
"$python" - <<'PY' || fail "reordering replications"
import h5py
with h5py.File("reversed.h5", "r+") as f:
    f["replication"][...] = f["replication"][...][::-1]
    f["kpi/value"][...] = f["kpi/value"][...][:, ::-1, :]
with h5py.File("renumbered.h5", "r+") as f:
    f["replication"][...] = [2, 3, 4, 5]
PY
expect_status 0 "$HSCFLOW" compare a.h5 reversed.h5 --csv
same_numbers paired.csv out.txt \
  || fail "replications in another order are paired by position"
expect_status 0 "$HSCFLOW" compare a.h5 renumbered.h5 --csv
"$python" check.py out.txt a.h5 renumbered.h5 || fail "paired numbers, 2 common replications"
expect_status 0 "$HSCFLOW" compare a.h5 renumbered.h5
expect_grep "paired: same seed 20261122, 2 common replications (of 4 in A and 4 in B)" out.txt

# Same seed but no replication numbers in common: Welch, and it says why.
cp b.h5 shifted.h5
"$python" -c 'import h5py; f = h5py.File("shifted.h5", "r+"); f["replication"][...] = [10, 11, 12, 13]'
expect_status 0 "$HSCFLOW" compare a.h5 shifted.h5 --csv
"$python" check.py out.txt a.h5 shifted.h5 || fail "Welch numbers, disjoint replications"
expect_status 0 "$HSCFLOW" compare a.h5 shifted.h5
expect_grep "unpaired (Welch): same seed 20261122 but no replication numbers in common" out.txt

# Several Bs: one CSV (one header), one block per B.
expect_status 0 "$HSCFLOW" compare a.h5 b.h5 c.h5 --csv
"$python" check.py out.txt a.h5 b.h5 c.h5 || fail "CSV with two Bs"
[[ $(grep -c '^a,b,kpi,' out.txt) -eq 1 ]] || fail "more than one CSV header"
expect_status 0 "$HSCFLOW" compare a.h5 b.h5 c.h5
[[ $(grep -c '^B: ' out.txt) -eq 2 ]] || fail "expected two blocks"

# A file compared with itself: every difference 0, nothing marked.
expect_status 0 "$HSCFLOW" compare a.h5 a.h5 --csv
"$python" - <<'PY' || fail "self comparison"
import csv
rows = list(csv.DictReader(open("out.txt", newline="")))
assert rows
for r in rows:
    assert r["difference"] in ("0", ""), r
    assert r["significant"] == "false", r
    assert r["ci_low"] in ("0", ""), r
PY
expect_status 0 "$HSCFLOW" compare a.h5 a.h5
grep -q -- '\*$' out.txt && fail "a self comparison marked a change"

# Every value of B one more than A's: every KPI with two usable pairs has
# difference 1 (CI [1, 1] up to rounding) and is marked; others are not.
cp a.h5 plus_one.h5
"$python" -c 'import h5py; f = h5py.File("plus_one.h5", "r+"); f["kpi/value"][...] += 1'
expect_status 0 "$HSCFLOW" compare a.h5 plus_one.h5 --csv
"$python" - <<'PY' || fail "a constant change"
import csv
rows = list(csv.DictReader(open("out.txt", newline="")))
assert sum(r["significant"] == "true" for r in rows) > len(rows) // 2, "too few KPIs defined"
for r in rows:
    if int(r["n"]) >= 2:
        assert abs(float(r["difference"]) - 1) < 1e-9 and r["significant"] == "true", r
        assert abs(float(r["ci_low"]) - 1) < 1e-9 and abs(float(r["ci_high"]) - 1) < 1e-9, r
    else:
        assert r["ci_low"] == "" and r["significant"] == "false", r
PY
expect_status 0 "$HSCFLOW" compare a.h5 plus_one.h5
[[ $(grep -c -- '  \*$' out.txt) -gt 10 ]] || fail "a constant change is not marked"

# Points by index and by name give the same comparison.
expect_status 0 "$HSCFLOW" compare a.h5:0 b.h5:baseline
diff out.txt paired.txt >/dev/null || fail "a.h5:0 b.h5:baseline differs from a.h5 b.h5"

# A file of two points (made from a.h5 and b.h5): its points compare as the
# files do, and without POINT it is refused.
"$python" - <<'PY' || fail "making a two-point file"
import shutil, h5py, numpy as np
shutil.copy("a.h5", "two.h5")
with h5py.File("two.h5", "r+") as f, h5py.File("b.h5", "r") as g:
    for name in ["scenario/name", "scenario/overrides", "kpi/value", "kpi/mean", "kpi/sd",
                 "kpi/ci_low", "kpi/ci_high", "kpi/p05", "kpi/p50", "kpi/p95", "kpi/n",
                 "timeseries/occupancy", "timeseries/waiting", "timeseries/admissions",
                 "timeseries/discharges", "diagnostics/runaway", "scenario/replications"]:
        data = np.concatenate([f[name][...], g[name][...]])
        if name == "scenario/name":
            data = np.array(["baseline", "beds44"], dtype=object)
        dtype = h5py.string_dtype() if name in ("scenario/name", "scenario/overrides") else data.dtype
        del f[name]
        f.create_dataset(name, data=data, dtype=dtype)
PY
expect_status 0 "$HSCFLOW" compare two.h5:baseline two.h5:beds44 --csv
"$python" check.py out.txt two.h5:0 two.h5:1 || fail "points of one file"
same_numbers paired.csv out.txt \
  || fail "two.h5:baseline two.h5:beds44 differs from a.h5 b.h5"
expect_status 0 "$HSCFLOW" compare two.h5:1 a.h5
expect_grep "B: a.h5:baseline" out.txt
expect_status 1 "$HSCFLOW" compare two.h5 a.h5
expect_grep "two.h5 holds 2 scenario points" err.txt

# KPIs are matched by name: one renamed is left out (with a note), all
# renamed is bad usage.
cp b.h5 renamed.h5
"$python" -c '
import h5py
f = h5py.File("renamed.h5", "r+")
names = f["kpi/name"].asstr()[...]
names[0] = "no_such_kpi"
f["kpi/name"][...] = names.astype(object)'
expect_status 0 "$HSCFLOW" compare a.h5 renamed.h5 --csv
expect_grep "only in a.h5 and 1 only in renamed.h5 are left out" err.txt
"$python" check.py out.txt a.h5 renamed.h5 || fail "KPIs matched by name"
"$python" -c '
import h5py
f = h5py.File("renamed.h5", "r+")
f["kpi/name"][...] = ["x_" + n for n in f["kpi/name"].asstr()[...]]'
expect_status 1 "$HSCFLOW" compare a.h5 renamed.h5
expect_grep "have no KPIs in common" err.txt

# Errors: nothing on stdout, the contract's exit statuses.
expect_status 1 "$HSCFLOW" compare a.h5 b.h5:nosuchpoint
expect_grep "has no scenario point 'nosuchpoint'" err.txt
[[ -s out.txt ]] && fail "output printed before an error"
expect_status 1 "$HSCFLOW" compare a.h5:3 b.h5
expect_status 2 "$HSCFLOW" compare a.h5 b.h5 missing.h5 --csv
[[ -s out.txt ]] && fail "output printed before an error"
expect_grep "missing.h5" err.txt
expect_status 2 "$HSCFLOW" compare missing.h5 a.h5
expect_status 1 "$HSCFLOW" compare a.h5
expect_status 1 "$HSCFLOW" compare a.h5 b.h5 --bogus
expect_status 0 "$HSCFLOW" compare --help
expect_grep "usage: hscflow compare" out.txt
echo "ok"

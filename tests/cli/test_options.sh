# End to end: `hscflow options` runs the baseline and every transformation-fund
# option of scenarios/baseline.cfg on common random numbers into one results
# file, and its table agrees with `hscflow compare` on the same file: each
# option's "delayed bed-days a year" is compare's paired delayed_bed_days
# difference and 95% CI scaled by 365.25 / measure_days, and the money lines
# follow docs/options.md's two ledgers (annual net cash cost = option cost +
# change in annual cost_cash_total; capacity released = the fall in
# capacity_bed_days and capacity_value a year, never added to cash; cost per
# delayed bed-day avoided = net / bed-days avoided a year, only when the fall is
# significant, else "no significant effect"; the budget check is net <= budget
# - committed, and again for the upper 95% limit of the net cash cost).
# Short runs (3 replications, 30 + 60 days) keep it fast under the sanitizers.
source "$(dirname "$0")/lib.sh"

short=(-r 3 --set run.warmup_days=30 --set run.measure_days=60 --threads 2)

# -o: one file, one block per option.
expect_status 0 "$HSCFLOW" options "$baseline" "${short[@]}" -o opts.h5
cp out.txt table.txt
expect_grep "scenarios/baseline.cfg: baseline, " table.txt
expect_grep " portfolios, 3 replications each" table.txt
expect_grep "3 replications each on common random numbers (seed 20261122), 60 days measured" table.txt
expect_grep "portfolio " table.txt
expect_grep "wrote opts.h5" table.txt
[[ -f opts.h5 ]] || fail "options -o opts.h5 wrote no file"

# check.py TABLE FILE.h5 BUDGET COMMITTED: the file holds 1 + n points named "baseline"
# and the options of the table, in order, with their changes as overrides;
# every option's numbers agree with `hscflow compare` (run from here).
cat > check.py <<'PY'
import csv, io, math, re, subprocess, sys
import h5py

hscflow, table_path, h5_path = sys.argv[1], sys.argv[2], sys.argv[3]
budget, committed = float(sys.argv[4]), float(sys.argv[5])
remaining = budget - committed
PER_YEAR = 365.25 / 60.0
KPI_LINE = re.compile(r"^  (.+?)\s+(\S+)\s+\[(\S+), (\S+)\]( \*)?$")

def printed_matches(text, value, scale=1.0):
    """`text` is `value` as printed: %.4g (e-format), else rounded to its digits;
    `scale` widens the rounding of a number computed from a rounded one."""
    if "e" in text:
        return math.isclose(float(text), value, rel_tol=5e-4)
    places = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= scale * 0.5 * 10 ** -places * (1 + 1e-9) + 1e-9

def money(text):
    assert text.startswith("£"), text
    return float(text[1:])

# Blocks: a line at column 0 after a blank line names an option ("name: description")
# or a portfolio ("portfolio name: description"); a portfolio's indented KPI lines
# (sum of single effects, overlap) are kept under "KPI label / line label".
lines = open(table_path, encoding="utf-8").read().splitlines()
blocks = {}
order = []
portfolios = set()
for i, line in enumerate(lines):
    if i > 0 and lines[i - 1] == "" and line and not line.startswith((" ", "wrote ")):
        name = line.split(":")[0]
        if name.startswith("portfolio "):
            name = name[len("portfolio "):]
            portfolios.add(name)
        order.append(name)
        blocks[name] = {}
        current = blocks[name]
        last_kpi = None
    elif line.startswith("  ") and order:
        m = KPI_LINE.match(line)
        if m and ":" not in m.group(1):
            label = m.group(1)
            if label.startswith("  "):
                label = f"{last_kpi} / {label.strip()}"
            else:
                last_kpi = label
            current[label] = (m.group(2), m.group(3), m.group(4), bool(m.group(5)))
        else:
            key, _, value = line.strip().partition(": ")
            current[key] = value
assert len(order) >= 4, f"blocks for {len(order)} options, want at least 4: {order}"

with h5py.File(h5_path, "r") as f:
    points = list(f["scenario/name"].asstr()[...])
    overrides = list(f["scenario/overrides"].asstr()[...])
    shape = f["kpi/value"].shape
    n_kpis = len(f["kpi/name"])
    assert f["provenance"].attrs["measure_days"] == 60.0
    assert int(f["provenance"].attrs["replications"]) == 3
assert points == ["baseline"] + order, (points, order)
assert overrides[0] == "", overrides[0]
assert shape == (1 + len(order), 3, n_kpis), shape
for name, text in zip(order, overrides[1:]):
    assert blocks[name]["changes"] == text, (name, blocks[name]["changes"], text)

def compare(name, *extra):
    out = subprocess.run([hscflow, "compare", f"{h5_path}:baseline", f"{h5_path}:{name}", *extra],
                         check=True, capture_output=True, text=True).stdout
    return out

no_effect = ratios = 0
for name in order:
    block = blocks[name]
    text = compare(name)
    assert "paired: same seed 20261122, 3 common replications" in text, (name, text[:400])
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(compare(name, "--csv")))}
    for kpi, label in [("delayed_bed_days", "delayed bed-days a year"),
                       ("emergency_admissions", "emergency admissions a year"),
                       ("cost_total", "cost_total a year (£, cash or not)"),
                       ("cost_cash_total", "cost_cash_total a year (£)")]:
        row = rows[kpi]
        assert row["test"] == "paired" and int(row["n"]) == 3, row
        diff, low, high, star = block[label]
        for printed, field in [(diff, "difference"), (low, "ci_low"), (high, "ci_high")]:
            want = float(row[field]) * PER_YEAR
            assert printed_matches(printed, want), (name, label, field, printed, want)
        assert star == (row["significant"] == "true"), (name, label, star, row["significant"])
        # compare's own text line says the same: it rounds the difference the
        # CSV holds in full (%.17g) to its printed digits (scale 1: scaling both
        # sides by PER_YEAR would change nothing).
        line = next(l for l in text.splitlines() if l.startswith(kpi + " "))
        shown = line.split()[4]
        assert printed_matches(shown, float(row["difference"])), (name, line, row["difference"])
    if name in portfolios:
        # The members' costs summed (each printed to £1), the effect beside the sum of
        # the members' single effects, and overlap = portfolio - sum.
        cost_text = block["portfolio cost a year"]
        option_cost = money(cost_text.split()[0])
        members = cost_text.split("options': ")[1].rstrip(")").split(", ")
        costs = sum(money(blocks[m]["option cost a year"].split()[0]) for m in members)
        assert abs(option_cost - costs) <= 0.5 * len(members) + 0.5, (name, option_cost, costs)
        for label in ["delayed bed-days a year", "emergency admissions a year"]:
            effect = float(block[label][0])
            summed = float(block[f"{label} / sum of the options' single effects"][0])
            overlap = float(block[f"{label} / overlap (portfolio - sum)"][0])
            singles = sum(float(blocks[m][label][0]) for m in members)
            # Each figure is printed rounded (at most 0.05 at these sizes' 1 decimal,
            # 0.5 when printed whole): allow the printed roundings to add up.
            assert abs(summed - singles) <= 0.5 * (len(members) + 1), (name, label, summed, singles)
            assert abs(effect - summed - overlap) <= 1.5, (name, label, effect, summed, overlap)
        summed_key = "delayed bed-days a year / sum of the options' single effects"
        print(f"{name}: portfolio of {members}, cost £{option_cost:.0f}, delayed "
              f"{block['delayed bed-days a year'][0]} vs sum {block[summed_key][0]}")
    else:
        option_cost = money(block["option cost a year"].split()[0])
    cash = rows["cost_cash_total"]
    net = option_cost + float(cash["difference"]) * PER_YEAR
    net_high = option_cost + float(cash["ci_high"]) * PER_YEAR
    m = re.fullmatch(r"£(\S+) \(upper 95% limit £(\S+)\)",
                     block["annual net cash cost (option + change in cost_cash_total)"])
    printed_net, printed_high = float(m.group(1)), float(m.group(2))
    # 1.0: the printed net rounds the net to £1 (0.5) and `net` here is built
    # on the option cost as printed, also rounded to £1 (0.5). 1e-6 relative:
    # floating-point differences between options' and compare's arithmetic.
    assert abs(printed_net - net) <= 1.0 + 1e-6 * abs(net), (name, printed_net, net)
    assert abs(printed_high - net_high) <= 1.0 + 1e-6 * abs(net_high), (name, printed_high, net_high)
    # Capacity released: the fall in bed-days not paid per occupied bed-day, and its value.
    m = re.fullmatch(r"(\S+) bed-days \[(\S+), (\S+)\], worth £(\S+) \[(\S+), (\S+)\]",
                     block["capacity released a year (not cash)"])
    for printed, kpi, field in [(m.group(1), "capacity_bed_days", "difference"),
                                (m.group(2), "capacity_bed_days", "ci_high"),
                                (m.group(3), "capacity_bed_days", "ci_low"),
                                (m.group(4), "capacity_value", "difference")]:
        want = -float(rows[kpi][field]) * PER_YEAR
        # 0.5: printed with %.0f from the same full-precision values; 1e-9
        # relative for the product with PER_YEAR taken in another order.
        assert abs(float(printed) - want) <= 0.5 + 1e-9 * abs(want), (name, kpi, printed, want)
    delayed = rows["delayed_bed_days"]
    avoided = -float(delayed["difference"]) * PER_YEAR
    ratio = block["cost per delayed bed-day avoided"]
    if delayed["significant"] == "true" and float(delayed["ci_high"]) < 0:
        ratios += 1
        m = re.fullmatch(r"(£\S+) \[(£\S+), (£\S+)\] \(Fieller\)", ratio)
        assert m, (name, ratio)
        value, low, high = money(m.group(1)), money(m.group(2)), money(m.group(3))
        # 0.5: the ratio is printed to £1. `net` here carries the option cost's
        # rounding to £1 (at most 0.5), which moves net / avoided by up to
        # 0.5 / avoided: 1.0 / avoided allows twice that. 1e-9: floating point.
        assert abs(value - net / avoided) <= 0.5 + 1.0 / avoided + 1e-9, (name, ratio, net, avoided)
        assert low <= value <= high, (name, ratio)
    else:
        no_effect += 1
        assert ratio == "no significant effect", (name, ratio, avoided)
    verdict = "fits" if printed_net <= remaining else "does not fit"
    upper = "fits" if printed_high <= remaining else "does not fit"
    key = f"budget £{budget:.0f} a year, £{committed:.0f} committed, £{remaining:.0f} remaining"
    assert block[key] == f"{verdict}; at the upper 95% limit it {upper}", (name, block[key])
    print(f"{name}: delayed bed-days a year {block['delayed bed-days a year'][0]} "
          f"[{block['delayed bed-days a year'][1]}, {block['delayed bed-days a year'][2]}] = compare "
          f"{float(rows['delayed_bed_days']['difference']):.6g} x 365.25/60; net £{printed_net:.0f}, "
          f"per bed-day avoided {ratio}")
assert ratios > 0, "no option avoided delayed bed-days: the ratio check would be empty"
PY
budget=$(sed -n 's/^budget = { annual = \([0-9.]*\);.*/\1/p' "$baseline")
committed=$(sed -n 's/^budget = {.* committed = \([0-9.]*\);.*/\1/p' "$baseline")
[[ -n "$budget" && -n "$committed" ]] || fail "scenarios/baseline.cfg sets no budget with committed money"
"$python" check.py "$HSCFLOW" table.txt opts.h5 "$budget" "$committed" || fail "options table vs compare"

# The default output is results/<scenario name>-options.h5; the budget is an
# ordinary setting (--set), and it changes the verdicts, not the runs.
rm -rf results
expect_status 0 "$HSCFLOW" options "$baseline" "${short[@]}" --set budget.annual=0 \
  --set budget.committed=0
cp out.txt table0.txt
expect_grep "wrote results/baseline-options.h5" table0.txt
[[ -f results/baseline-options.h5 ]] || fail "no results/baseline-options.h5"
"$python" check.py "$HSCFLOW" table0.txt results/baseline-options.h5 0 0 \
  || fail "options table vs compare (default output, budget 0)"
"$python" - <<'PY' || fail "the default-path run differs from the -o run"
import h5py, numpy as np
with h5py.File("opts.h5", "r") as a, h5py.File("results/baseline-options.h5", "r") as b:
    assert np.array_equal(a["kpi/value"][...], b["kpi/value"][...], equal_nan=True)
    assert list(a["scenario/name"].asstr()[...]) == list(b["scenario/name"].asstr()[...])
PY
diff <(grep -v -e '^  budget' -e '^wrote ' table.txt) <(grep -v -e '^  budget' -e '^wrote ' table0.txt) \
  || fail "the budget changed more than the budget lines"

# A scenario without options: exit 1, a message that says what to add, no file.
cat > no_options.cfg <<'CFG'
name = "no_options";
run = { seed = 1; replications = 2; warmup_days = 0.0; measure_days = 10.0; start_date = "2026-04-01"; };
cohorts = { patients = { emergency_per_day = 5.0; }; };
services = {
  beds = {
    kind = "beds";
    role = "acute";
    capacity = 10;
    duration = { patients = { dist = "exponential"; mean = 1.0; }; };
  };
};
CFG
expect_status 1 "$HSCFLOW" options no_options.cfg
expect_grep "no_options.cfg: declares no options (add an \`options\` block" err.txt
[[ ! -e results/no_options-options.h5 ]] || fail "an options run without options wrote a file"
echo "ok"

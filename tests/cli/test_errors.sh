# Exit statuses and messages for bad usage (1), bad scenarios (1) and
# run-time or I/O failures (2); a failed run leaves no results file behind.
source "$(dirname "$0")/lib.sh"

expect_status 1 "$HSCFLOW"
expect_status 1 "$HSCFLOW" frobnicate
expect_grep "unknown command 'frobnicate'" err.txt
for cmd in run validate summary; do
  expect_status 0 "$HSCFLOW" "$cmd" --help
  expect_grep "usage: hscflow $cmd" out.txt
done
expect_status 0 "$HSCFLOW" --version

expect_status 1 "$HSCFLOW" run
expect_grep "missing SCENARIO" err.txt
expect_status 1 "$HSCFLOW" run "$baseline" --threads 0
expect_grep "--threads expects an integer" err.txt
expect_status 1 "$HSCFLOW" run "$baseline" --set nonsense
expect_grep "--set expects PATH=VALUE" err.txt
expect_status 1 "$HSCFLOW" run no_such_scenario.cfg
expect_grep "no_such_scenario.cfg" err.txt

# A bad override stops the run at once, naming the command line.
expect_status 1 "$HSCFLOW" run "$baseline" -o x.h5 --set services.acute.capacity=-5
expect_grep "(command line): services.acute.capacity" err.txt
[[ -e x.h5 ]] && fail "a rejected scenario wrote a results file"
expect_status 1 "$HSCFLOW" run "$baseline" -o x.h5 --seed -3
expect_grep "(command line): run.seed" err.txt

# validate: valid and invalid.
expect_status 0 "$HSCFLOW" validate "$baseline"
expect_grep "valid" out.txt

# I/O failure: the output folder does not exist.
expect_status 2 "$HSCFLOW" run "$baseline" -o no/such/dir/x.h5 -r 1 --set run.measure_days=5
expect_grep "cannot write results" err.txt

# Run-time failure: a hard limit reached in an unstable system.
expect_status 2 "$HSCFLOW" run "$baseline" -o y.h5 -r 1 --set services.acute.capacity=10 \
  --set run.max_people=300
expect_grep "run.max_people" err.txt
[[ -e y.h5 ]] && fail "a failed run wrote a results file"

# An existing results file survives a failed run untouched.
"$HSCFLOW" run "$baseline" -o keep.h5 -r 1 --set run.measure_days=5 >/dev/null
cp keep.h5 keep_copy.h5
expect_status 2 "$HSCFLOW" run "$baseline" -o keep.h5 -r 1 --set services.acute.capacity=10 \
  --set run.max_people=300
cmp keep.h5 keep_copy.h5 || fail "a failed run changed an existing results file"
echo "ok"

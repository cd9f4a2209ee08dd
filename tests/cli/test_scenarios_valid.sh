# Every scenario shipped in scenarios/ is valid and runs: a short run of each
# (one replication, a few days) must succeed and write a results file that
# follows the contract.
source "$(dirname "$0")/lib.sh"

count=0
while IFS= read -r cfg; do
  expect_status 0 "$HSCFLOW" validate "$cfg"
  expect_status 0 "$HSCFLOW" run "$cfg" -r 1 --set run.measure_days=10 --set run.warmup_days=5 \
    -o "run_$count.h5"
  "$python" "$HSC_SOURCE_DIR/tests/cli/check_results_file.py" "run_$count.h5" --points 1 --reps 1 \
    >/dev/null || fail "$cfg: results file does not follow the contract"
  count=$((count + 1))
done < <(find "$HSC_SOURCE_DIR/scenarios" -name '*.cfg' | sort)
[[ $count -ge 2 ]] || fail "expected at least the baseline and the benchmark scenario, found $count"
echo "ok: $count scenarios"

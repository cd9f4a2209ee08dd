# Golden run: the baseline scenario with a fixed seed gives exactly the KPI
# table stored in tests/golden/baseline_summary.txt. A change to the model or
# the baseline that moves any KPI fails here until the golden file is
# regenerated on purpose (scripts/update-golden) and the difference reviewed.
source "$(dirname "$0")/lib.sh"
source "$HSC_SOURCE_DIR/tests/golden/golden_run.sh"

golden_run "$HSCFLOW" "$baseline" golden.h5 > /dev/null
"$HSCFLOW" summary golden.h5 | tail -n +2 > table.txt
diff -u "$HSC_SOURCE_DIR/tests/golden/baseline_summary.txt" table.txt \
  || fail "baseline KPIs moved: review the difference, then run scripts/update-golden"
echo "ok"

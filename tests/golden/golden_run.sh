# The golden run's settings, shared by the test and scripts/update-golden:
# the baseline, 2 replications, a fixed seed, the full measured year.
golden_run() {
  local hscflow=$1 scenario=$2 out=$3
  "$hscflow" run "$scenario" -r 2 --seed 424242 --threads 2 -o "$out"
}

#!/usr/bin/env bash
# The ball-and-stick's learning curve (docs/recurrent-trunks.md): for each number of training simulations
# (3 s each), each trunk (LSTM, TCN) under each architecture (MH, MMoE, MMoEEx), trained with the product's own
# commands and scored, with its linear filter, on one fixed test set of 40 simulations of another seed that no
# run trains on. One dataset of 2000 simulations (seed 1: 1600 training, 200 validation) serves every point:
# `train --train-sims N` takes the first N of its training simulations, so the points are nested.
#
#   bash examples/learning-curve.sh [WORK_DIR]
#   SIZES="100 400" ARCHS=mh TRUNKS=lstm STEPS_LSTM=3000 bash examples/learning-curve.sh runs/curve
#
# Every step resumes where it stopped when run again (generation keeps its finished shards, training its last
# checkpoint, a finished evaluation is kept). The same seeds give the same datasets and, on CPU with 2 threads,
# the same surrogates. Cost on 2 cores: generation about 20 min; an LSTM run 23 min, a TCN run 3 min.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-runs/learning-curve}
SIZES=${SIZES:-"25 100 400 1600"}
ARCHS=${ARCHS:-"mh mmoe mmoeex"}
TRUNKS=${TRUNKS:-"lstm tcn"}
STEPS_LSTM=${STEPS_LSTM:-6000}
STEPS_TCN=${STEPS_TCN:-1500}
DATA="$WORK/data-2000"
TEST="$WORK/test-40"

./neurosurrogate generate --model examples/ball-and-stick --simulations 2000 --duration 3000 --workers 2 --seed 1 \
  --out "$DATA"
./neurosurrogate generate --model examples/ball-and-stick --simulations 40 --duration 3000 --workers 2 --seed 99 \
  --out "$TEST"

reports=()
for n in $SIZES; do
  for trunk in $TRUNKS; do
    for arch in $ARCHS; do
      run="$WORK/$trunk-$arch-$n"
      if [ "$trunk" = lstm ]; then
        ./neurosurrogate train --data "$DATA" --train-sims "$n" --arch "$arch" --trunk lstm --window 400 \
          --steps "$STEPS_LSTM" --lr 2e-3 --skip-tasks spike --soma-weight 10 --eval-every 200 --patience 10 \
          --validation-windows 256 --baseline-steps 1000 --seed 1 --threads 2 --out "$run"
      else
        ./neurosurrogate train --data "$DATA" --train-sims "$n" --arch "$arch" --window 400 --steps "$STEPS_TCN" \
          --lr 3e-3 --skip-tasks spike --eval-every 100 --patience 5 --validation-windows 256 --baseline-steps 1000 \
          --seed 1 --threads 2 --out "$run"
      fi
      if [ ! -f "$run-report/report.json" ]; then
        ./neurosurrogate evaluate --surrogate "$run" --data "$TEST" --split all --out "$run-report"
      fi
      reports+=("$run-report")
    done
  done
done
# One table: every run's test figures beside its linear filter's.
./neurosurrogate compare "${reports[@]}" | tee "$WORK/curve.md"

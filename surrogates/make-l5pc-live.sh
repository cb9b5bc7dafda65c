#!/usr/bin/env bash
# Grows a surrogate of the built-in L5PC by live training carried across runs (docs/train.md, Training across
# runs): each run trains for HOURS on simulations no earlier run made, checkpoints, saves the surrogate as it
# stands and exits; run this script again to continue. The stream's first 128 simulations are the shipped
# surrogate's dataset (the same model, protocol, seed 21 and duration: simulation i there is simulation i of the
# stream), read instead of simulated again; every later one is simulated during the runs. Held-out sets, never
# in the stream: 8 validation and 30 test simulations (their own seeds), made by the first run.
#
#   bash surrogates/make-l5pc-live.sh [HOURS] [OUT_DIR] [PREFIX_DATA]
#
# The schedule admits a new simulation every 15 steps after the first 16, so the 6000-step run has seen 416
# simulations when it ends. The same command continues a killed run from its last checkpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
HOURS=${1:-2}
OUT=${2:-runs/l5pc-live}
PREFIX=${3:-data/l5pc-mix-128}
if [ ! -f "$PREFIX/manifest.json" ]; then   # the shipped surrogate's dataset (surrogates/make-l5pc.sh)
  ./neurosurrogate generate --model builtin:l5pc --simulations 128 --duration 6000 --workers 2 --seed 21 \
    --protocol examples/protocols/mixed-volleys.json --out "$PREFIX"
fi
./neurosurrogate train --live --model builtin:l5pc --protocol examples/protocols/mixed-volleys.json --seed 21 \
  --duration 6000 --prefix-data "$PREFIX" --lookahead 32 --workers 2 \
  --buffer 16 --reservoir 48 --steps-per-sim 15 --validation-sims 8 --test-sims 30 \
  --arch mh --trunk lstm --lstm-features 32 --window 400 --lr 2e-3 --skip-tasks spike --soma-weight 64 \
  --steps 6000 --baseline-steps 500 --eval-every 200 --patience 0 --validation-windows 256 --threads 2 \
  --hours "$HOURS" --out "$OUT"
./neurosurrogate evaluate --surrogate "$OUT" --data "$OUT/test-data" --split all --out "$OUT-report"

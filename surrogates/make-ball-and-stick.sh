#!/usr/bin/env bash
# Remakes the shipped builtin:ball-and-stick surrogate from nothing, with the product's own commands
# (surrogates/README.md): 2000 x 3 s of examples/ball-and-stick (seed 1: 1600 training, 200 validation
# simulations), an MH surrogate with the LSTM trunk trained on all 1600 for 12000 steps, and its report on 40
# held-out simulations of seed 99 that no run trains on. About 20 min of generation and 55 min of training on 2 cores.
#
#   bash surrogates/make-ball-and-stick.sh [DATA_DIR] [OUT_DIR]
#
# Every step resumes where it stopped when run again. The same seeds give the same datasets and, on CPU with
# 2 threads, the same surrogate.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-data/bs-2000}
OUT=${2:-runs/bs-lstm-mh-12k}
./neurosurrogate generate --model examples/ball-and-stick --simulations 2000 --duration 3000 --workers 2 --seed 1 \
  --out "$DATA"
./neurosurrogate generate --model examples/ball-and-stick --simulations 40 --duration 3000 --workers 2 --seed 99 \
  --out "$DATA-test-40"
./neurosurrogate train --data "$DATA" --arch mh --trunk lstm --window 400 --steps 12000 --lr 2e-3 \
  --skip-tasks spike --soma-weight 10 --eval-every 400 --patience 0 --validation-windows 256 --baseline-steps 1000 \
  --seed 1 --threads 2 --out "$OUT"
./neurosurrogate evaluate --surrogate "$OUT" --data "$DATA-test-40" --split all --out "$OUT-report"  # = report.md

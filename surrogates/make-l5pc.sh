#!/usr/bin/env bash
# Remakes the shipped builtin:l5pc surrogate from nothing, with the product's own commands (surrogates/README.md):
# 128 x 6 s of the built-in cell, half of them with synchronous volleys; an MMoE trained on it; its report on the
# test split. About 70 min of generation and 15 min of training with 2 workers on 2 cores.
#
#   bash surrogates/make-l5pc.sh [DATA_DIR] [OUT_DIR]
#
# Every step resumes where it stopped when run again (generation keeps its finished shards, training its last
# checkpoint). The same seeds give the same dataset (the same voltages; its manifest's SHA-256 was the surrogate's
# training_manifest_sha256 until the model hash was re-stamped, see surrogates/README.md) and, on CPU with 2
# threads, the same surrogate.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-data/l5pc-mix-128}
OUT=${2:-runs/l5pc-mmoe}
./neurosurrogate generate --model builtin:l5pc --simulations 128 --duration 6000 --workers 2 --seed 21 \
  --protocol examples/protocols/mixed-volleys.json --out "$DATA"
./neurosurrogate train --data "$DATA" --arch mmoe --skip-tasks spike --steps 600 --baseline-steps 1000 --lr 3e-3 \
  --eval-every 50 --patience 4 --validation-windows 256 --seed 1 --threads 2 --out "$OUT"
./neurosurrogate evaluate --surrogate "$OUT" --data "$DATA" --split test --out "$OUT-report"

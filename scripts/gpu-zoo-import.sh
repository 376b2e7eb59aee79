#!/usr/bin/env bash
# Imports what scripts/gpu-zoo.sh brought back: unpacks the checkpoints into runs/gpu/, then exports
# each model with its metrics measured on the full validation sets, and copies its log beside it.
#   scripts/gpu-zoo-import.sh <path to zoo.tar.gz>
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p runs/gpu
tar xzf "$1" -C runs/gpu
export PYTHONPATH=.
for ckpt in runs/gpu/*/ckpt.pt; do
  name=$(basename "$(dirname "$ckpt")")
  /usr/bin/python3 -m training.export --ckpt "$ckpt" --eval
  cp "runs/gpu/$name/log.json" "models/$name/training-log.json"
done
/usr/bin/python3 -m training.report

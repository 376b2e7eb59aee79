#!/usr/bin/env bash
# Trains one model on the CPU (resuming its checkpoint if there is one), then exports it to
# models/<task>-<norm>/ with measured metrics and copies its training log beside the card.
#   scripts/train-and-export.sh <task> <norm> <steps> [more training.train arguments]
# Run LN and i-LN of a task with the same arguments, e.g. side by side with --threads 1 each.
set -euo pipefail
cd "$(dirname "$0")/.."
task=$1 norm=$2 steps=$3
shift 3
export PYTHONPATH=.
/usr/bin/python3 -m training.train --task "$task" --norm "$norm" --steps "$steps" --resume "$@"
/usr/bin/python3 -m training.export --ckpt "runs/$task-$norm/ckpt.pt" --eval
cp "runs/$task-$norm/log.json" "models/$task-$norm/training-log.json"
echo "done: models/$task-$norm"

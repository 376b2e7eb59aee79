#!/usr/bin/env bash
# Trains one model on the CPU (resuming its checkpoint if there is one), then exports it to
# models/<task>-<norm>/ with measured metrics and copies its training log beside the card.
#   scripts/train-and-export.sh <task> <norm> <steps> [more training.train arguments]
# RUN=<dir> trains in another run folder (default runs/<task>-<norm>), e.g. a second stage that
# continues a finished model with --init-from runs/<task>-<norm>/ckpt.pt and its own schedule.
# Run LN and i-LN of a task with the same arguments, e.g. side by side with --threads 1 each.
set -euo pipefail
cd "$(dirname "$0")/.."
task=$1 norm=$2 steps=$3
shift 3
run=${RUN:-runs/$task-$norm}
export PYTHONPATH=.
/usr/bin/python3 -m training.train --task "$task" --norm "$norm" --steps "$steps" --out "$run" --resume "$@"
/usr/bin/python3 -m training.export --ckpt "$run/ckpt.pt" --eval
cp "$run/log.json" "models/$task-$norm/training-log.json"
echo "done: models/$task-$norm"

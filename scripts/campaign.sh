#!/usr/bin/env bash
# Resumes the training campaign on this machine: one worker per core (LN and i-LN of a task side
# by side), each taking the next unfinished stage of training/plans/campaign.json (or PLAN=<file>),
# in the background, logging to runs/logs/. Stop them with: pkill -f training.campaign (each
# finishes its step, checkpoints it and writes checkpoints/<model>.pt; nothing is lost).
#   scripts/campaign.sh [minutes per worker, default: until the plan is done]
# Before a session ends: /usr/bin/python3 -m training.campaign save, then commit checkpoints/.
set -euo pipefail
cd "$(dirname "$0")/.."
plan=${PLAN:-training/plans/campaign.json}
minutes=${1:-0}
workers=${WORKERS:-$(nproc)}
mkdir -p runs/logs
# One thread per worker: OpenBLAS's pthread build otherwise starts a helper thread per core that
# spins against the other worker (400k context switches a second, each step ~2x slower).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
for w in $(seq 1 "$workers"); do
  PYTHONPATH=. nohup /usr/bin/python3 -m training.campaign run --plan "$plan" --minutes "$minutes" \
    >>"runs/logs/worker$w.out" 2>&1 &
  echo "worker $w: pid $!, log runs/logs/worker$w.out"
  sleep 2 # each claims its model before the next looks
done

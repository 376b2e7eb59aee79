#!/usr/bin/env bash
# For a lent GPU machine (device tool): trains all ten models at once on its one GPU, one process
# per model with the same recipe, and packs the EMA checkpoints and logs into $OUT/zoo.tar.gz.
#   here:   /usr/bin/python3 -m training.pack_data --out data        (data/ is gitignored)
#   device: run(command="bash scripts/gpu-zoo.sh 6000 8", carry=["data"], timeout_s=600)
#   here:   bash scripts/gpu-zoo-import.sh <files_at>/zoo.tar.gz     (export + eval on the full sets)
# DEVICE=cpu DATA=<dir> PYTHON=/usr/bin/python3 make a dry run on this machine.
# Arguments: steps per model, a wall-clock cap in minutes (a safety net: a run stopped by it has
# not finished its cosine schedule, and its card says so by its step count), then any
# training.train arguments for every model (e.g. --batch 32 --dim 64).
set -uo pipefail
cd "$(dirname "$0")/.."
steps=${1:?steps per model}
minutes=${2:?wall-clock cap in minutes}
shift 2
out=${OUT:-out}
py=${PYTHON:-python3}
runs=$(mktemp -d)
mkdir -p "$out"
pids=()
{ nvidia-smi --query-gpu=name,memory.total --format=csv,noheader; nproc; "$py" -c 'import torch; print(torch.__version__, torch.cuda.is_available())'; } >"$out/machine.txt" 2>&1
# each task's recipe, as in training/plans/campaign.json: same-size tasks run the half-resolution
# network (models/NOTES.md, the ablation); derain also sees rain-free pairs and document-like images
declare -A recipe=(
  [sr-x2]="" [sr-x4]=""
  [denoise]="--unshuffle 2"
  [dejpeg]="--unshuffle 2 --graphics 60"
  [derain]="--unshuffle 2 --graphics 60 --clean-share 0.2"
)
for task in sr-x2 sr-x4 denoise dejpeg derain; do
  for norm in ln iln; do
    # shellcheck disable=SC2086 # the recipe is a list of arguments
    PYTHONPATH=. "$py" -m training.train --task "$task" --norm "$norm" --steps "$steps" \
      --minutes "$minutes" --device "${DEVICE:-cuda}" --data "${DATA:-data}" --threads 1 \
      --out "$runs/$task-$norm" ${recipe[$task]} "$@" \
      >"$runs/$task-$norm.out" 2>&1 &
    pids+=("$!:$task-$norm")
  done
done
failed=0
for entry in "${pids[@]}"; do
  wait "${entry%%:*}" || { echo "FAILED: ${entry#*:} (see its .out in zoo.tar.gz)"; failed=1; }
done
# only what export needs (EMA weights, args, log): the optimizer state would not fit $OUT's limits
PYTHONPATH=. "$py" - "$runs" <<'PY'
import sys
from pathlib import Path
import torch
for ckpt in Path(sys.argv[1]).glob("*/ckpt.pt"):
    state = torch.load(ckpt, map_location="cpu")
    keep = {k: state[k] for k in ("arch", "config", "ema", "step", "elapsed_s", "log")}
    torch.save(keep, ckpt)
    print(ckpt.parent.name, "step", state["step"], f"{state['elapsed_s']:.0f}s")
PY
tar czf "$out/zoo.tar.gz" -C "$runs" .
tail -n 2 "$runs"/*.out
exit $failed

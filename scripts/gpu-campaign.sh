#!/usr/bin/env bash
# For a lent GPU machine (device tool): trains the next stages of the named campaign models
# (training/plans/campaign.json) at once on its one GPU, one process per model, each with data workers
# making the degraded batches on the CPUs ahead of the step, and packs the run folders (full
# checkpoints: the campaign here resumes any stage the cap stopped) into $OUT/campaign.tar.gz.
#   here:   /usr/bin/python3 -m training.pack_data --out data --variant photo --webp \
#             --sets debian_photos,T91,mate_nature,General100,BSD200 --budget-mb 31
#   device: run(command="bash scripts/gpu-campaign.sh 7 3 sr-x2-photo-ln sr-x2-photo-iln ...",
#               carry=["data"], timeout_s=600)
#   here:   bash scripts/gpu-campaign-import.sh <files_at>/campaign.tar.gz
# Arguments: a wall-clock cap in minutes per model, data workers per model, the models.
# PLAN=<file> takes the stages from another plan. DEVICE=cpu PYTHON=/usr/bin/python3 make a dry run
# on this machine.
set -uo pipefail
cd "$(dirname "$0")/.."
minutes=${1:?wall-clock cap in minutes}
workers=${2:?data workers per model}
shift 2
[ $# -gt 0 ] || { echo "name the campaign models to train"; exit 2; }
out=${OUT:-out}
py=${PYTHON:-python3}
mkdir -p "$out" runs/logs
{ nvidia-smi --query-gpu=name,memory.total --format=csv,noheader; nproc; "$py" -c 'import torch; print(torch.__version__, torch.cuda.is_available())'; } >"$out/machine.txt" 2>&1
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONPATH=.
pids=()
for model in "$@"; do
  "$py" -m training.campaign run "$model" --plan "${PLAN:-training/plans/campaign.json}" --device "${DEVICE:-cuda}" --data data \
    --data-workers "$workers" --minutes "$minutes" >"runs/logs/$model.gpu.out" 2>&1 &
  pids+=("$!:$model")
done
failed=0
for entry in "${pids[@]}"; do
  wait "${entry%%:*}" || { echo "FAILED: ${entry#*:} (see its log in campaign.tar.gz)"; failed=1; }
done
folders=()
for model in "$@"; do
  for dir in runs/"$model"-*/; do folders+=("${dir%/}"); done
done
tar czf "$out/campaign.tar.gz" "${folders[@]}" runs/logs/*.gpu.out
for model in "$@"; do tail -n 3 "runs/logs/$model.gpu.out"; done
exit $failed

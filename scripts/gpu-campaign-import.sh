#!/usr/bin/env bash
# Imports what scripts/gpu-campaign.sh brought back: each stage's run folder goes to runs/ unless
# the one here is further along, so the campaign (scripts/campaign.sh) resumes or saves it as if it
# had trained here; `python -m training.campaign save` then compacts it into checkpoints/.
#   scripts/gpu-campaign-import.sh <path to campaign.tar.gz>
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
tar xzf "$1" -C "$tmp"
mkdir -p runs/logs
cp "$tmp"/runs/logs/*.gpu.out runs/logs/
for dir in "$tmp"/runs/*/; do
  name=$(basename "$dir")
  [ "$name" = logs ] && continue
  if [ -f "runs/$name/ckpt.pt" ] && ! /usr/bin/python3 - "$dir/ckpt.pt" "runs/$name/ckpt.pt" <<'PY'
import sys, torch
new, old = (torch.load(p, map_location="cpu")["step"] for p in sys.argv[1:])
sys.exit(0 if new > old else 1)
PY
  then
    echo "$name: kept the run here (as far or further along)"
    continue
  fi
  rm -rf "runs/$name"
  mv "$dir" "runs/$name"
  echo "$name: imported"
done
rm -rf "$tmp"
PYTHONPATH=. /usr/bin/python3 -m training.campaign status

#!/usr/bin/env bash
# The real-GPU benchmark (issue 25): npm run bench for every shipped model on tfjs-webgpu in
# Chromium with WebGPU on the machine's NVIDIA GPU (Vulkan), beside tfjs-wasm in the same run,
# with the webgpu/wasm ratio per model. Needs Debian's chromium and an NVIDIA driver with Vulkan.
#   scripts/gpu-bench.sh [--dry-run] [more npm run bench options]
# --dry-run stops after the checks (nvidia-smi, then the adapter Chromium gets) and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
dry=0
if [[ "${1:-}" == "--dry-run" ]]; then dry=1; shift; fi
if command -v nvidia-smi >/dev/null 2>&1; then
  echo "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"
else
  echo "no NVIDIA GPU here (nvidia-smi not found)"
fi
# Chromium headless with WebGPU on the GPU through Vulkan, not SwiftShader
export ILN_CHROMIUM_ARGS="--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan --use-vulkan --use-angle=vulkan --ignore-gpu-blocklist --enable-gpu-rasterization ${ILN_CHROMIUM_ARGS:-}"
status=0
node e2e/gpu-adapter.mjs || status=$?
if [[ $status -ne 0 ]]; then
  echo "gpu-bench: no hardware WebGPU adapter, so no GPU numbers (exit $status)"
  exit "$status"
fi
if [[ $dry -eq 1 ]]; then
  echo "gpu-bench: dry run, the checks passed; run without --dry-run for the numbers"
  exit 0
fi
# tiles as the app runs them; 256 px images, 5 runs each after a warm-up; then every candidate
# tile size per model (best of 2 rounds) and the one the app would choose on the GPU
exec npm run bench -- --browser webgpu,wasm --browser-size 256 --browser-runs 5 --pool "" --smooth "" --tiles 2 "$@"

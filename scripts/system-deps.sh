#!/usr/bin/env bash
# Installs the Debian packages the tests need, if any is missing: Chromium for the e2e tests,
# PyTorch (with OpenBLAS) and pytest for training/. Runs before `npm test` (npm's pretest).
set -euo pipefail
PKGS=(chromium python3-torch python3-numpy python3-pil python3-pytest python3-matplotlib libopenblas0-pthread)
missing=()
for pkg in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Missing system packages (${missing[*]}) and no apt-get: install their equivalents by hand." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root: apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"

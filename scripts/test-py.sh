#!/usr/bin/env bash
# pytest for training/ with Debian's Python (the python3 first on PATH may lack torch).
set -euo pipefail
PY=${PYTHON:-/usr/bin/python3}
cd "$(dirname "$0")/.."
exec "$PY" -m pytest -q training/tests "$@"

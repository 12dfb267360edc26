#!/usr/bin/env bash
# Execute notebooks in place, so the committed notebooks carry their outputs (the docs site shows
# those figures and tables), then clean them the nbdev way and regenerate README.md.
# Cells flagged with a test flag from settings.ini (`#| slow`, `#| gpu`) are skipped, as nbdev_test
# skips them; `RUN_FLAGS="gpu"` runs the gpu ones too (on a machine with a GPU).
# Usage: tools/run_nbs.sh [nbs/10_x.ipynb ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
nbs=("$@"); [ ${#nbs[@]} -gt 0 ] || nbs=(nbs/*.ipynb)
python tools/run_nbs.py "${nbs[@]}"
nbdev_clean
python tools/readme.py

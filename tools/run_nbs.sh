#!/usr/bin/env bash
# Execute notebooks in place, so the committed notebooks carry their outputs (the docs site shows
# those figures and tables), then clean them the nbdev way. Usage: tools/run_nbs.sh [nbs/10_x.ipynb ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false MPLBACKEND=module://matplotlib_inline.backend_inline
nbs=("$@"); [ ${#nbs[@]} -gt 0 ] || nbs=(nbs/*.ipynb)
for nb in "${nbs[@]}"; do
  echo "running $nb"
  jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=900 "$nb" 2>&1 | grep -v '^USDT' || true
done
nbdev_clean
python tools/readme.py

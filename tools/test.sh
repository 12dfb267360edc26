#!/usr/bin/env bash
# Every check CI runs, in order: the library matches the notebooks, the notebooks are clean,
# the notebooks' tests pass (nbdev_test), and the pytest suite passes. Offline by design.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_NO_ADVISORY_WARNINGS=1 TOKENIZERS_PARALLELISM=false
# nbdev_test and pytest -n auto run one notebook or test file per core: one thread each for the pretrained model's
# lessons (lessontune.pretrained.model_threads), or two processes x two spinning OpenMP threads contend for two cores.
export LESSONTUNE_THREADS="${LESSONTUNE_THREADS:-1}"

# A fingerprint of the files under a folder (names and contents), to see whether a tool changed any.
fingerprint() { find "$1" -type f \( -name '*.py' -o -name '*.ipynb' \) -not -path '*/.ipynb_checkpoints/*' -print0 | sort -z | xargs -0 sha1sum | sha1sum; }

echo "== nbdev_export: the library must match the notebooks"
before=$(fingerprint lessontune); nbdev_export; after=$(fingerprint lessontune)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_export changed lessontune/ — edit the notebooks, run nbdev_export, and commit both."
  git status --short -- lessontune 2>/dev/null || true; exit 1
fi

echo "== nbdev_clean: notebooks must be committed clean"
before=$(fingerprint nbs); nbdev_clean; after=$(fingerprint nbs)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_clean changed notebooks in nbs/ — run nbdev_clean (nbdev_install_hooks does it on every commit) and commit."
  git status --short -- nbs 2>/dev/null || true; exit 1
fi

echo "== README.md: generated from nbs/index.ipynb"
python tools/readme.py --check

echo "== nbdev_test: every notebook's cells and assertions (cells flagged slow or gpu are skipped)"
nbdev_test --timing

echo "== pytest tests/ (one worker per core, pytest-xdist, one thread each; each test file stays in one worker, so its module fixtures are built once)"
OMP_NUM_THREADS=1 python -m pytest tests/ -q -p no:cacheprovider -n auto --dist loadfile --durations=10

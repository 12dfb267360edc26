"""`sft.train` at the `cpu-real` preset: real tokens/s of a pretrained model with `bfd` packing vs without, same data and steps.

Both sides run the library's own `lessontune.sft.train` (TRL `SFTTrainer`, LoRA) on the real model and its own
tokenizer: SmolLM2-135M-Instruct from `lessontune.assets` (the hub, else its package), on the same chat examples
(default: the bundled Vietnamese legal Q&A, which `cpu-real` trains on; `--data` for another file, e.g. the shared
law articles with `--max-length 1024`), the same number of optimizer steps, and the same micro-batch × accumulation
product. Without packing, TRL pads each micro-batch of M examples to its longest; with `bfd`, rows are filled up to
`max_length` padding-free, one row per micro-batch, accumulated M times (micro-batch 1 × accumulation M against
M × 1). `--flattened` adds `bfd` at micro-batch M for contrast (SDPA sees one long row). Tokens/s counts real
tokens (TRL's `num_tokens`). Sides alternate over `--repeats` rounds and the best of each is kept, so a busy
machine slows both alike.

The ceiling is what packing could gain if step time were proportional to token slots: padded slots per real
token without packing, over the epoch, at the same micro-batch (`lessontune.packing.packing_ceiling`), with the
lengths the real tokenizer gives. Target: 80% of it. Ends with `sft: <gain>x (target <0.8 x ceiling>x)`.

    python bench/sft.py [--data PATH] [--max-length 512] [--micro-batch 4] [--steps 3] [--repeats 2] [--flattened]
"""
from __future__ import annotations
import argparse, os, sys, tempfile

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import torch

from lessontune.assets import AssetMissing, small_lm
from lessontune.packing import packing_ceiling
from lessontune.sft import conversation_lengths, load_legal, preset, train, check_run

def main(argv=None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=None, help='legal JSONL (default: the bundled Q&A sample)')
    ap.add_argument('--limit', type=int, default=None, help='read at most this many records')
    ap.add_argument('--max-length', type=int, default=512)
    ap.add_argument('--micro-batch', type=int, default=4)
    ap.add_argument('--steps', type=int, default=3, help='optimizer steps per side')
    ap.add_argument('--repeats', type=int, default=2, help='alternating rounds; the best tokens/s of each side is kept')
    ap.add_argument('--threads', type=int, default=torch.get_num_threads())
    ap.add_argument('--flattened', action='store_true', help='also time bfd at micro-batch M (one long row on SDPA)')
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    import datasets, transformers                 # the result lines only: no progress bars or notes
    datasets.disable_progress_bars(); transformers.utils.logging.disable_progress_bar(); transformers.logging.set_verbosity_error()
    base = preset('cpu-real', max_length=a.max_length, micro_batch=a.micro_batch, grad_accum=1, eval_fraction=0.0,
                  max_steps=a.steps, warmup_steps=1)
    try: check_run(base)                     # the real model, or the command that installs it; nothing loaded yet
    except AssetMissing as e: sys.exit(f"bench/sft.py needs the real model: {e}")
    data = load_legal(a.data, limit=a.limit, skip_empty=True)
    # TRL's bfd collator is padding-free: it flattens a micro-batch into ONE row with a block-diagonal mask, which
    # only FlashAttention's varlen kernel handles at no extra cost. On SDPA, pack with micro-batch 1 and accumulate.
    sides = {'none': dict(packing='none'), 'bfd': dict(packing='bfd', micro_batch=1, grad_accum=a.micro_batch)}
    if a.flattened: sides[f'bfd, micro-batch {a.micro_batch} flattened'] = dict(packing='bfd')
    best = {}
    for _ in range(a.repeats):
        for side, kw in sides.items():
            with tempfile.TemporaryDirectory() as d:
                m = train(preset('cpu-real', **{**base.__dict__, **kw}), data=data, output_dir=d,
                          report_to=[], progress=False, log=lambda *x: None)
            best[side] = max(best.get(side, 0.0), m['tokens_per_second'])
    tok = small_lm().tokenizer
    lengths = [min(n, a.max_length) for n in conversation_lengths(tok, data.conversations)]
    ceiling = packing_ceiling(lengths, a.max_length, a.micro_batch)
    gain = best['bfd'] / best['none']
    print(f"{len(data)} examples ({a.data or 'the bundled Q&A'}), {base.model}, max_length {a.max_length}, "
          f"micro-batch {a.micro_batch}, {a.steps} steps per side, best of {a.repeats}, {a.threads} thread(s)")
    print('real tokens/s: ' + ', '.join(f"{k} {v:.0f}" for k, v in best.items()))
    print(f"gain {gain:.2f}x; ceiling {ceiling:.2f}x; {100 * gain / ceiling:.0f}% of the ceiling")
    print(f"sft: {gain:.2f}x (target {0.8 * ceiling:.2f}x)")
    return gain

if __name__ == '__main__': main(sys.argv[1:])

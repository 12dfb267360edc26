"""`sft.train` at the `cpu-smoke` preset: tokens/s with `bfd` packing vs without, same data and steps.

Both sides run the library's own `lessontune.sft.train` (TRL `SFTTrainer`, LoRA on the tiny Llama) on the same
law-article chat examples (`../shared/data/legal/law_articles.jsonl`), the same number of optimizer steps, and
the same micro-batch × accumulation. Without packing, TRL pads each micro-batch to its longest example; with
`bfd`, rows are filled up to `max_length` padding-free, one row per micro-batch with the same accumulation product
(micro-batch 1 × accumulation M against M × 1), plus `bfd` at micro-batch M for contrast. Tokens/s counts real tokens (TRL's `num_tokens`).
Sides alternate over `--repeats` rounds and the best of each is kept, so a busy machine slows both alike.

The ceiling is what packing could gain if step time were proportional to token slots: padded slots per real
token without packing, over the epoch, at the same micro-batch (`lessontune.packing.packing_ceiling`).
Target: 80% of it. Ends with `sft: <gain>x (target <0.8 x ceiling>x)`.

    python bench/sft.py [--articles 300] [--max-length 1024] [--micro-batch 8] [--steps 8]
"""
from __future__ import annotations
import argparse, os, sys, tempfile

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import torch

from lessontune.core import find_data
from lessontune.packing import packing_ceiling
from lessontune.sft import conversation_lengths, load_legal, preset, train, load_model_and_tokenizer

def main(argv=None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--articles', type=int, default=300, help='law articles to train on')
    ap.add_argument('--max-length', type=int, default=1024)
    ap.add_argument('--micro-batch', type=int, default=8)
    ap.add_argument('--steps', type=int, default=8, help='optimizer steps per side')
    ap.add_argument('--repeats', type=int, default=2, help='alternating rounds; the best tokens/s of each side is kept')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    path = find_data('legal/law_articles.jsonl')
    if path is None: sys.exit("bench/sft.py needs ../shared/data/legal/law_articles.jsonl beside the repository")
    data = load_legal(path, limit=a.articles, skip_empty=True)
    base = preset('cpu-smoke', max_length=a.max_length, micro_batch=a.micro_batch, grad_accum=1, eval_fraction=0.0,
                  max_steps=a.steps, warmup_steps=1)
    # TRL's bfd collator is padding-free: it flattens a micro-batch into ONE row with a block-diagonal mask, which
    # only FlashAttention's varlen kernel handles at no extra cost. On SDPA, pack with micro-batch 1 and accumulate.
    sides = {'none': dict(packing='none'), 'bfd': dict(packing='bfd', micro_batch=1, grad_accum=a.micro_batch),
             f'bfd, micro-batch {a.micro_batch} flattened': dict(packing='bfd')}
    best = {}
    for _ in range(a.repeats):
        for side, kw in sides.items():
            with tempfile.TemporaryDirectory() as d:
                m = train(preset('cpu-smoke', **{**base.__dict__, **kw}), data=data, output_dir=d,
                          report_to=[], log=lambda *x: None)
            best[side] = max(best.get(side, 0.0), m['tokens_per_second'])
    _, tok = load_model_and_tokenizer(base, 'peft', [x['content'] for c in data.conversations for x in c])
    lengths = [min(n, a.max_length) for n in conversation_lengths(tok, data.conversations)]
    ceiling = packing_ceiling(lengths, a.max_length, a.micro_batch)
    gain = best['bfd'] / best['none']
    print(f"{len(data)} law articles, max_length {a.max_length}, micro-batch {a.micro_batch}, {a.steps} steps per side, "
          f"best of {a.repeats}, {a.threads} thread(s)")
    print('real tokens/s: ' + ', '.join(f"{k} {v:.0f}" for k, v in best.items()))
    print(f"gain {gain:.2f}x; ceiling {ceiling:.2f}x; {100 * gain / ceiling:.0f}% of the ceiling")
    print(f"sft: {gain:.2f}x (target {0.8 * ceiling:.2f}x)")
    return gain

if __name__ == '__main__': main(sys.argv[1:])

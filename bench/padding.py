"""Pad-to-512 vs dynamic padding + length grouping: training throughput on the real language-ID questions.

The questions are tokenized by XLM-R's own tokenizer (`lessontune.assets`, through `dataloading.xlmr_or_toy`:
a toy Unigram trained on a quarter of them stands in, and the script says so, only when it is not
installed), so the lengths are the real ones. Both sides train the same tiny XLM-RoBERTa (same seed) on the same examples,
with the `Trainer`'s own pieces: `DataCollatorWithPadding` (fixed `padding='max_length'` vs dynamic) and,
for the dynamic side, `LengthGroupedSampler` (what `group_by_length=True` uses). The sequences are
renumbered over the pieces they use (`dataloading.compact_ids`: same lengths, same padding), so the tiny
model's embedding has a row per piece that occurs, not 250,002 rows whose optimizer update would be a
fixed cost of every step. Steps alternate between the two sides, so a busy machine slows both alike.
Ends with `padding: <ratio>x (target 5x)`.

    python bench/padding.py [--batch-size 16] [--steps 8]
"""
from __future__ import annotations
import argparse, os, sys

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import torch
from transformers import DataCollatorWithPadding
from transformers.trainer_pt_utils import LengthGroupedSampler

from lessontune.core import find_data
from lessontune.dataloading import compact_ids, compare_throughput, padding_fraction, read_jsonl, token_lengths, xlmr_or_toy
from lessontune.toy import tiny_xlmr

def main(argv=None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--steps', type=int, default=8, help='timed steps per side (plus one warm-up)')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    records = read_jsonl(find_data('langid/xquad_questions_langid.jsonl', required=True))
    texts = [r['text'] for r in records]
    labels = {l: i for i, l in enumerate(sorted({r['label'] for r in records}))}
    asset = xlmr_or_toy(texts[::4])
    tok = asset.tokenizer
    enc, id_map = compact_ids(tok(texts, truncation=True, max_length=512)['input_ids'], keep=tok.all_special_ids)
    assert id_map[tok.pad_token_id] == tok.pad_token_id, "the pad id keeps its number"
    lengths = token_lengths(tok, texts)
    n = a.batch_size * (a.steps + 1)

    def batches(order, **kw):
        coll = DataCollatorWithPadding(tok, **kw)
        order = list(order)[:n]
        return [{**coll([{'input_ids': enc[i]} for i in order[j:j + a.batch_size]]),
                 'labels': torch.tensor([labels[records[i]['label']] for i in order[j:j + a.batch_size]])}
                for j in range(0, n, a.batch_size)]

    g = torch.Generator().manual_seed(0)
    shuffled = torch.randperm(len(texts), generator=g).tolist()
    grouped = list(LengthGroupedSampler(a.batch_size, lengths=lengths.tolist(), generator=g))
    res = compare_throughput(lambda: tiny_xlmr(num_labels=len(labels), vocab_size=len(id_map)), {
        'pad to 512 (shuffled)': batches(shuffled, padding='max_length', max_length=512),
        'dynamic + group_by_length': batches(grouped)})
    print(f"tokenizer: XLM-R's own ({asset.source}), {len(tok):,} pieces, {len(id_map):,} of them used" if asset.real else
          f"tokenizer: {asset.message}")
    print(f"{len(texts)} questions, {lengths.mean():.1f} tokens on average (longest {lengths.max()}), batch size {a.batch_size}, "
          f"{a.steps} timed steps per side, {a.threads} thread(s)")
    for s in ('max_length', 'longest', 'grouped'):
        print(f"  padding share over the epoch, {s:<10}: {100 * padding_fraction(lengths, a.batch_size, 512, s):5.1f}%")
    print(res.round(3).to_string())
    ratio = res['examples/s'].iloc[1] / res['examples/s'].iloc[0]
    print(f"padding: {ratio:.2f}x (target 5x)")
    return ratio

if __name__ == '__main__': main(sys.argv[1:])

"""BFD packing vs no packing: real tokens per second on the law-article chat examples.

Both sides train the same tiny Llama (same seed, same number of steps, micro-batch 8, rows of 1024):
unpacked examples padded to the longest in the micro-batch (TRL's collator) against `bfd` rows
(`trl.pack_dataset`), each row padding-free (positions restart per example, no attention mask).
Steps alternate between the sides, so a busy machine slows both alike.

The ceiling is what packing could gain if step time were proportional to token slots: padded slots
per real token without packing, over the epoch, at the same micro-batch. Target: 80% of it.
Ends with `packing: <gain>x (target <0.8 x ceiling>x)`.

    python bench/packing.py [--micro-batch 8] [--seq-length 1024] [--steps 8]
"""
from __future__ import annotations
import argparse, os, sys

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
import torch

from lessontune.core import find_data
from lessontune.dataloading import compare_throughput, read_jsonl
from lessontune.packing import chat_token_ids, law_chat, packed_row_batches, packing_ceiling
from lessontune.toy import tiny_llama, train_llama_tokenizer

def main(argv=None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--micro-batch', type=int, default=8)
    ap.add_argument('--seq-length', type=int, default=1024)
    ap.add_argument('--steps', type=int, default=8, help='timed steps per side (plus one warm-up)')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    articles = read_jsonl(find_data('legal/law_articles.jsonl', required=True))
    tok = train_llama_tokenizer([x['text'] for x in articles], vocab_size=4096)
    ids = chat_token_ids(tok, [law_chat(x) for x in articles])
    lengths = [len(x) for x in ids]
    sets = {s: packed_row_batches(ids, a.seq_length, a.micro_batch, tok.pad_token_id, strategy=s)[:a.steps + 1]
            for s in ('none', 'bfd')}
    def real_tokens(b): return int((b['input_ids'] != tok.pad_token_id).sum())
    res = compare_throughput(lambda: tiny_llama(vocab_size=len(tok)), sets, count=real_tokens, unit='real tokens')
    gain = res.loc['bfd', 'real tokens/s'] / res.loc['none', 'real tokens/s']
    ceiling = packing_ceiling(lengths, a.seq_length, a.micro_batch)
    timed = sets['none'][1:]
    sample_ceiling = sum(b['input_ids'].numel() for b in timed) / sum(real_tokens(b) for b in timed)
    print(f"{len(ids)} examples, rows of {a.seq_length}, micro-batch {a.micro_batch}, {a.steps} timed steps per side, "
          f"{a.threads} thread(s)")
    print(res.round(3).to_string())
    print(f"gain {gain:.2f}x; ceiling {ceiling:.2f}x over the epoch ({sample_ceiling:.2f}x on the timed batches); "
          f"{100 * gain / ceiling:.0f}% of the ceiling")
    print(f"packing: {gain:.2f}x (target {0.8 * ceiling:.2f}x)")
    return gain

if __name__ == '__main__': main(sys.argv[1:])

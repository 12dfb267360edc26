"""A seven-language language-ID set of the shape users bring: XQuAD's questions (vi, en, zh, th, translations of one
another, grouped by `qidx`) plus generated French, Japanese and Korean sentences (`langid_synth`), split by group."""
import json, random
from pathlib import Path

from langid_synth import generated_sentences

LANGS7 = ('en', 'fr', 'ja', 'ko', 'th', 'vi', 'zh')

def langid7(xquad:Path, n_generated:int=1190, seed:int=0) -> list[dict]:
    "Records `{text, label, group}`: every XQuAD question, and `n_generated` sentences of each generated language (one group each)"
    rows = [json.loads(l) for l in xquad.read_text(encoding='utf-8').splitlines() if l.strip()]
    recs = [dict(text=r['text'], label=r['label'], group=f"q{r['qidx']}") for r in rows]
    for lang in ('fr', 'ja', 'ko'):
        recs += [dict(text=t, label=lang, group=f"{lang}{i}") for i, t in enumerate(generated_sentences(lang, n_generated, seed))]
    return recs

def split_by_group(recs:list[dict], eval_share:float=0.5, seed:int=0) -> tuple[list, list]:
    "Train and eval records, no group on both sides (a question and its translations stay together)"
    groups = sorted({r['group'] for r in recs})
    random.Random(seed).shuffle(groups)
    held = set(groups[:round(len(groups) * eval_share)])
    train = [r for r in recs if r['group'] not in held]
    seen = {r['text'].casefold() for r in train}    # XQuAD repeats a few questions under other ids: keep them out of eval
    return train, [r for r in recs if r['group'] in held and r['text'].casefold() not in seen]

def write_jsonl(path:Path, recs:list[dict]) -> Path:
    path.write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in recs), encoding='utf-8')
    return path

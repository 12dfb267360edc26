"The toy tokenizers on the real data beside the repository (skipped, with the reason, when it is absent)."
import json

def test_langid_is_parallel_by_qidx(shared_data):
    rows = [json.loads(l) for l in (shared_data / 'langid' / 'xquad_questions_langid.jsonl').open(encoding='utf-8')]
    by_q = {}
    for r in rows: by_q.setdefault(r['qidx'], set()).add(r['label'])
    assert len(rows) == 4760 and all(v == {'vi', 'en', 'zh', 'th'} for v in by_q.values())

def test_tokenizers_train_on_real_text(shared_data):
    from lessontune.toy import train_llama_tokenizer, train_xlmr_tokenizer
    texts = [json.loads(l)['text'] for l in (shared_data / 'legal' / 'law_articles.jsonl').open(encoding='utf-8')][:300]
    tok = train_llama_tokenizer(texts, vocab_size=2000)
    s = texts[0][:200]
    assert tok.decode(tok(s)['input_ids'], skip_special_tokens=True) == s
    xt = train_xlmr_tokenizer(texts, vocab_size=2000)
    assert xt.pad_token_id == 1 and len(xt) <= 2000

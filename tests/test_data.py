"The toy and the real tokenizers on the real data beside the repository (skipped, with the reason, when it is absent)."
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

def test_xlmr_or_toy_says_when_the_toy_stands_in(monkeypatch):
    from lessontune import dataloading
    from lessontune.assets import AssetMissing
    def absent(): raise AssetMissing('XLM-R is not installed (simulated)')
    monkeypatch.setattr(dataloading, 'xlmr_tokenizer', absent)
    texts = ['Xin chào các bạn', 'Hello there, friends', '你好，朋友们', 'สวัสดีเพื่อนๆ'] * 20
    a = dataloading.xlmr_or_toy(texts, vocab_size=300)
    assert (a.source, a.real) == ('toy', False) and a.message.startswith('XLM-R is not installed (simulated); standing in')
    assert a.tokenizer.pad_token_id == 1 and len(a.tokenizer) <= 300

def test_compact_ids_keeps_every_length_and_the_specials():
    from lessontune.dataloading import compact_ids
    ids, m = compact_ids([[0, 9, 2], [0, 128000, 9, 2], [0, 2]], keep=[0, 1, 2, 3])
    assert [len(x) for x in ids] == [3, 4, 2] and m == {0: 0, 1: 1, 2: 2, 3: 3, 9: 4, 128000: 5}

def test_real_tokenizers_measure_the_real_data(shared_data):
    "XLM-R's own lengths of the language-ID questions, Llama-3.1's of the law articles (lessons 15 and 19)"
    from test_assets import need
    need('xlmr-tokenizer'); need('llama31-tokenizer')
    from lessontune.dataloading import read_jsonl, token_lengths, xlmr_or_toy, compact_ids
    from lessontune.packing import llama_or_toy, chat_token_ids, law_chat
    q = [r['text'] for r in read_jsonl(shared_data / 'langid' / 'xquad_questions_langid.jsonl')]
    x = xlmr_or_toy(q)
    L = token_lengths(x.tokenizer, q)
    assert x.real and len(x.tokenizer) == 250002 and L.max() <= 64      # cpu-smoke's max_length truncates none of them
    arts = read_jsonl(shared_data / 'legal' / 'law_articles.jsonl')
    l = llama_or_toy([])
    ids = chat_token_ids(l.tokenizer, [law_chat(a) for a in arts])
    assert l.real and len(l.tokenizer) == 128256 and max(map(len, ids)) < 4000
    cids, m = compact_ids(ids, keep=l.tokenizer.all_special_ids)
    assert list(map(len, cids)) == list(map(len, ids)) and len(m) < 5000

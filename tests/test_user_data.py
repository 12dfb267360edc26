"""The end-to-end runs on data of the shapes users bring, through the commands the course teaches: a language-ID set
with thousands of CJK characters, seven languages in several scripts, and Vietnamese legal Q&A whose records carry law
articles as `context`. Each run either trains to a sensible result or refuses before any model loads, naming the fix."""
import json, os, random, subprocess, sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from langid_synth import generated_sentences          # noqa: E402
from langid7 import langid7, split_by_group, write_jsonl  # noqa: E402

def lt(*args, timeout=900):
    "`lessontune ARGS` as a subprocess (offline)"
    env = {**os.environ, 'HF_HUB_OFFLINE': '1'}
    return subprocess.run([sys.executable, '-c', 'import sys; from lessontune.cli import main; sys.exit(main(sys.argv[1:]))', *args],
                          capture_output=True, text=True, env=env, timeout=timeout)

# ---------------------------------------------------------------------------------------------- the classifier

def _cjk_records(n:int=300, seed:int=0) -> list[dict]:
    "Chinese-like texts drawn from 4,000 distinct ideographs, and generated Japanese, Korean and French"
    rng = random.Random(seed)
    pool = rng.sample(range(0x4E00, 0xA000), 4_000)
    zh = [''.join(chr(rng.choice(pool)) for _ in range(rng.randint(12, 30))) + '。' for _ in range(n)]
    out = [dict(text=t, label='zh') for t in zh]
    for lang in ('ja', 'ko', 'fr'): out += [dict(text=t, label=lang) for t in generated_sentences(lang, n, seed)]
    return out

def test_classify_on_thousands_of_cjk_characters_trains_instead_of_crashing(tmp_path):
    "The toy tokenizer's vocabulary grows to the training alphabet (tiny_vocab 2000 cannot hold it) and says so; no traceback"
    from lessontune.toy import unigram_alphabet
    from transformers import AutoTokenizer
    recs = _cjk_records()
    data = write_jsonl(tmp_path / 'cjk.jsonl', recs)
    p = lt('classify', 'train', '--data', str(data), '--preset', 'cpu-smoke', '--max-steps', '30', '--output', str(tmp_path / 'run'))
    assert p.returncode == 0, p.stderr[-3000:]
    assert 'Traceback' not in p.stderr
    assert 'more than tiny_vocab 2,000 can hold' in p.stdout and 'set tiny_vocab >= ' in p.stdout
    cfg = json.loads((tmp_path / 'run' / 'config.json').read_text())
    from lessontune.data import load_langid
    train_texts = [r['text'] for r in load_langid(str(data), seed=0).train]   # the run's own split (cpu-smoke's seed)
    assert len(unigram_alphabet(train_texts)) > 3_000                   # several thousand distinct characters...
    assert cfg['vocab_size'] > len(unigram_alphabet(train_texts))       # ...all of them in the vocabulary
    tok = AutoTokenizer.from_pretrained(tmp_path / 'run' / 'model')
    assert sum(i == tok.unk_token_id for t in train_texts for i in tok(t)['input_ids']) == 0
    m = json.loads((tmp_path / 'run' / 'metrics.json').read_text())
    assert m['global_step'] == 30 and m['tokenizer_vocab'] == cfg['vocab_size']

def test_patience_never_counts_during_warmup():
    "PatienceAfterWarmup ignores evaluations up to the end of warmup (Trainer's own count), then counts as EarlyStoppingCallback does"
    from types import SimpleNamespace
    from transformers import EarlyStoppingCallback
    from transformers.trainer_callback import TrainerControl, TrainerState
    from lessontune.evaluation import PatienceAfterWarmup
    args = SimpleNamespace(metric_for_best_model='f1', greater_is_better=True, load_best_model_at_end=True, eval_strategy='steps',
                           get_warmup_steps=lambda n: 560)    # the run: warmup_ratio 0.1 of ~5,600 steps
    def replay(cb):
        st, ctl = TrainerState(max_steps=5_600), TrainerControl()
        cb.on_train_begin(args, st, ctl)
        for step in range(20, 5_601, 20):
            st.global_step = step
            f1 = 0.036 if step <= 600 else min(0.99, 0.036 + (step - 600) / 1_000)   # flat at chance while the rate ramps up
            cb.on_evaluate(args, st, ctl, metrics={'eval_f1': f1})
            if st.best_metric is None or f1 > st.best_metric: st.best_metric = f1
            if ctl.should_training_stop: return step
    assert replay(EarlyStoppingCallback(3, 0.001)) == 80             # what the issue saw: stopped at step 80, inside warmup
    cb = PatienceAfterWarmup(3, 0.001)
    stop = replay(cb)
    assert cb.start_step == 560 and cb.ignored == 28 and stop == cb.stopped_at
    assert stop > 1_500                                              # it trained past warmup, and stopped once F1 plateaued
    assert replay(PatienceAfterWarmup(3, 0.001, start_step=0)) == 80  # start_step 0: the stock behaviour
    with pytest.raises(ValueError, match='start_step'): PatienceAfterWarmup(3, 0.001, start_step=-5)

def test_patience_start_is_validated():
    from lessontune.classifier import preset
    with pytest.raises(ValueError, match='patience_start must be'): preset('cpu-smoke', patience_start=-1)
    assert preset('cpu-smoke', patience_start=100).patience_start == 100

@pytest.fixture(scope='module')
def seven_languages(tmp_path_factory):
    "XQuAD's vi/en/zh/th questions (split by qidx) and generated fr/ja/ko, about 4,000 sentences on each side"
    from conftest import SHARED_DATA
    xq = SHARED_DATA / 'langid' / 'xquad_questions_langid.jsonl'
    if not xq.is_file(): pytest.skip(f"real data not found at {xq} (it sits beside the repository as ../shared/data)")
    d = tmp_path_factory.mktemp('langid7')
    train, ev = split_by_group(langid7(xq))
    return write_jsonl(d / 'train.jsonl', train), write_jsonl(d / 'eval.jsonl', ev), d

def test_cpu_smoke_learns_seven_languages_in_several_scripts(seven_languages):
    "cpu-smoke on 7 languages, ~4,000 held-out sentences: macro-F1 >= 0.95, and early stopping only after warmup"
    train, ev, d = seven_languages
    p = lt('classify', 'train', '--data', str(train), '--eval-data', str(ev), '--preset', 'cpu-smoke', '--output', str(d / 'run'))
    assert p.returncode == 0, p.stderr[-3000:]
    m = json.loads((d / 'run' / 'metrics.json').read_text())
    assert len(m['labels']) == 7 and m['n_train'] > 3_000 and m['n_eval'] > 3_000
    assert m['macro_f1'] >= 0.95, m['per_class']
    assert min(v['f1'] for v in m['per_class'].values()) >= 0.9, m['per_class']
    es = m['early_stopping']
    assert es['patience_start'] == es['warmup_steps'] > 0 and es['ignored_evaluations'] > 0
    if es['fired']: assert es['step'] > es['warmup_steps']             # never inside warmup
    out = p.stdout
    assert 'early stopping: ' in out and 'data: ' in out and f"macro-F1 {m['macro_f1']:.3f}" in out

# ---------------------------------------------------------------------------------------------- the legal SFT

def _qa_with_context(articles:list[dict], n:int=600, seed:int=0) -> list[dict]:
    "Q&A records of three kinds whose `context` is three law articles, the first of which the question is about"
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ctx = rng.sample(articles, 3); a = ctx[0]
        context = '\n\n'.join(f"{c['law']}, Điều {c['article_id']}. {c.get('title') or ''}\n{c['text']}" for c in ctx)
        kind = ('true_false', 'multiple_choice', 'open')[i % 3]
        if kind == 'true_false':
            q, ans = f"Đúng hay sai: Điều {a['article_id']} thuộc {a['law']}.", 'Đúng'
        elif kind == 'multiple_choice':
            laws = [a['law'], ctx[1]['law'], ctx[2]['law']]; order = rng.sample(range(3), 3)
            q = f"Điều {a['article_id']} được trích từ văn bản nào? " + ' '.join(f"{'ABC'[j]}. {laws[k]}" for j, k in enumerate(order))
            ans = 'ABC'[order.index(0)]
        else: q, ans = f"Điều {a['article_id']} của {a['law']} quy định gì?", a['text'].split('\n')[0][:300]
        out.append(dict(context=context, question=q, answer=ans, type=kind))
    return out

@pytest.fixture(scope='module')
def law_articles():
    from conftest import SHARED_DATA
    p = SHARED_DATA / 'legal' / 'law_articles.jsonl'
    if not p.is_file(): pytest.skip(f"real data not found at {p} (it sits beside the repository as ../shared/data)")
    return [a for a in map(json.loads, p.read_text(encoding='utf-8').splitlines()) if a['text'].strip()]

def test_sft_on_qa_with_law_context_keeps_every_answer(tmp_path, law_articles):
    "At cpu-smoke's 256 tokens the context is cut, never the answer: every step trains on answer tokens, and the run says so"
    data = write_jsonl(tmp_path / 'qa.jsonl', _qa_with_context(law_articles))
    out = tmp_path / 'run'
    p = lt('sft', 'train', '--data', str(data), '--preset', 'cpu-smoke', '--max-steps', '40', '--output', str(out))   # the command
    assert p.returncode == 0, p.stderr[-3000:]
    m = json.loads((out / 'metrics.json').read_text())
    hist = [h for h in json.loads((out / 'checkpoints' / 'checkpoint-40' / 'trainer_state.json').read_text())['log_history'] if 'label_tokens' in h]
    assert m['steps'] == 40 and len(hist) == 40
    assert m['steps_without_labels'] == 0 and all(h['label_tokens'] > 0 and h['loss'] > 1 for h in hist)   # no step "loss 0"
    assert m['train_loss_first'] > 1 and m['label_tokens_trained'] == sum(h['label_tokens'] for h in hist)
    assert m['answers_cut'] == 0 and m['prompts_cut'] > 400 and m['truncated_examples'] > 400
    assert m['label_tokens_eval'] > 500 and m['eval_examples'] > 0
    fit = json.loads((out / 'config.json').read_text())['truncation']
    assert fit['train']['answers_a_plain_cut_removes'] > 300      # what SFTTrainer's own cut would have done to this data
    assert fit['train']['prompt_cut'] + fit['train']['fits'] + fit['train']['answer_too_long'] == fit['train']['examples']
    assert m['dropped_answer_too_long'] == fit['train']['answer_too_long'] and m['train_examples'] == fit['train']['examples'] - m['dropped_answer_too_long']
    said = p.stdout + p.stderr
    assert 'truncation (training):' in said and 'answers kept whole' in said and 'answer tokens trained' in said
    assert m['eval_loss'] < m['eval_loss_before']

def test_sft_refuses_when_no_answer_fits_before_any_model(tmp_path):
    "Answers longer than max_length: one error line with the length that works, exit 2, no model built, nothing trained"
    long_answer = ' '.join(['Người lao động có quyền được hưởng lương theo năng suất và chất lượng công việc.'] * 40)
    recs = [dict(question=f"Câu hỏi {i}: quyền của người lao động là gì?", answer=long_answer) for i in range(20)]
    data = write_jsonl(tmp_path / 'long.jsonl', recs)
    p = lt('sft', 'train', '--data', str(data), '--preset', 'cpu-smoke', '--output', str(tmp_path / 'run'), '--no-tensorboard')
    assert p.returncode == 2, (p.stdout[-2000:], p.stderr[-2000:])
    err = [l for l in p.stderr.splitlines() if l.startswith('lessontune: error:')]
    assert len(err) == 1 and 'Traceback' not in p.stderr, p.stderr[-2000:]
    assert 'max_length 256' in err[0] and 'raise max_length to at least' in err[0]
    need = int(err[0].split('raise max_length to at least ')[1].split()[0])
    assert need > 256
    assert not (tmp_path / 'run' / 'base').exists() and not (tmp_path / 'run' / 'checkpoints').exists()

def test_a_step_without_answer_tokens_logs_no_loss():
    "LabelCount stamps each step's answer tokens on its log line; a step that trained on none keeps no loss"
    from types import SimpleNamespace
    from lessontune.sft import LabelCount
    lc, st = LabelCount(), SimpleNamespace(log_history=[])
    for n in (120, 0, 35):
        lc.pending = n
        st.log_history.append({'loss': 0.0 if n == 0 else 2.5, 'grad_norm': 0.0 if n == 0 else 1.0, 'step': len(st.log_history) + 1})
        lc.on_log(None, st, None, logs=dict(st.log_history[-1]))
    assert [h.get('label_tokens') for h in st.log_history] == [120, 0, 35]
    assert 'loss' not in st.log_history[1] and st.log_history[1]['no_label_tokens'] and st.log_history[2]['loss'] == 2.5

def test_fit_conversation_cuts_the_context_keeps_question_and_answer():
    "With the course's Llama-3.1 template (a toy tokenizer): a long context is cut from its end; the question and answer stay whole"
    from lessontune.toy import train_llama_tokenizer
    from lessontune.data import to_messages
    from lessontune.sft import fit_conversation, conversation_lengths, answer_mask
    tok = train_llama_tokenizer(vocab_size=512)
    ctx = ' '.join(f"Điều {i}. Công dân có quyền và nghĩa vụ theo quy định của pháp luật." for i in range(60))
    rec = dict(context=ctx, question='Công dân có quyền gì?', answer='Công dân có quyền bầu cử.')
    conv = to_messages(rec)
    fitted, status, n = fit_conversation(tok, conv, 200, rec['question'])
    assert status == 'prompt_cut' and n <= 200 and conversation_lengths(tok, [fitted])[0] == n
    assert n > 150                                                  # the context keeps what fits, not just nothing
    assert fitted[-1] == conv[-1] and fitted[-2]['content'].endswith('\n\n' + rec['question'])
    assert fitted[-2]['content'].startswith('Điều 0.') and ' …' in fitted[-2]['content']
    assert sum(answer_mask(tok, fitted)) == sum(answer_mask(tok, conv))
    assert fit_conversation(tok, conv, 5_000, rec['question'])[:2] == (conv, 'fits')
    gone, status, need = fit_conversation(tok, to_messages(dict(question='Q?', answer=ctx)), 200)
    assert gone is None and status == 'answer_too_long' and need > 200

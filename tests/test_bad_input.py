"""Bad input, refused before any model loads: every case names the setting and the fix, as an exception from the
library or as one line and exit status 2 from the `lessontune` command, never a traceback. Plus the safety rules:
safetensors only, no remote code unless asked, config files read with safe parsers."""
import ast, importlib, json, os, re, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'PYTHONPATH': str(ROOT), 'TOKENIZERS_PARALLELISM': 'false', 'OMP_NUM_THREADS': '1'}

# ---------------------------------------------------------------- the files the cases point at
_LANGID = [{'text': f"sentence {i}", 'label': 'ab'[i % 2]} for i in range(20)]
_JSONL = lambda rows: ''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows)

FILES = {
    'broken.jsonl':       _JSONL(_LANGID[:1]) + '{"text": "hola", "label": \n' + _JSONL(_LANGID[1:]),
    'sentence.jsonl':     _JSONL([{'sentence': r['text'], 'label': r['label']} for r in _LANGID]),
    'nolabel.jsonl':      _JSONL([{'text': r['text'], 'lang': r['label']} for r in _LANGID]),
    'empty_text.jsonl':   _JSONL([_LANGID[0], {'text': '   ', 'label': 'a'}] + _LANGID[2:]),
    'one_class.jsonl':    _JSONL([{**r, 'label': 'en'} for r in _LANGID]),
    'empty.jsonl':        '',
    'noheader.csv':       ''.join(f"{r['text']},{r['label']}\n" for r in _LANGID),
    'array.jsonl':        '["sentence", "en"]\n',
    'legal_unknown.jsonl': '{"question": "Q?", "answer": "A"}\n{"prompt": "Q2?", "completion": "A2"}\n',
    'legal_broken.jsonl': '{"question": "Q?", "answer": "A"}\n{"question": "Q2?", \n',
    # config files
    'both.yaml':          'fp16: true\nbf16: true\n',
    'typo.yaml':          'learning_rte: 2.0e-5\n',
    'evil.yaml':          "model: !!python/object/apply:os.system ['echo pwned']\n",
    'batch0.yaml':        'per_device_train_batch_size: 0\n',
    'accum0.json':        '{"gradient_accumulation_steps": 0}',
    'lr0.yaml':           'learning_rate: 0\n',
    'lr_word.yaml':       'learning_rate: fast\n',
    'warmup1.yaml':       'warmup_ratio: 1.0\n',
    'maxlen.yaml':        'preset: optimal\nmax_seq_length: 1024\n',
    'epochs0.yaml':       'num_train_epochs: 0\n',
    'evalsteps0.yaml':    'eval_steps: 0\n',
    'logging0.yaml':      'logging_steps: 0\n',
    'optim.yaml':         'optim: sgd\n',
    'lora_in_cls.yaml':   'r: 8\n',
    'broken.yaml':        'learning_rate: 2.0e-5\n  micro_batch: 4\n',
    'run.toml':           'learning_rate = 2e-5\n',
    'bf16.yaml':          'bf16: true\n',
    'sft_r0.yaml':        'r: 0\n',
    'sft_alpha.yaml':     'lora_alpha: 0\n',
    'sft_dropout.yaml':   'lora_dropout: 1.5\n',
    'sft_targets.yaml':   'target_modules: [q_proj, query]\n',
    'sft_sched.yaml':     'lr_scheduler_type: cosin\n',
    'sft_maxlen.yaml':    'preset: h200\nmax_seq_length: 200000\n',
    'sft_typo.yaml':      'lora_droput: 0.1\n',
    'sft_batch.yaml':     'per_device_train_batch_size: -2\n',
}

@pytest.fixture
def files(tmp_path):
    "The bad files, plus folders: one with nothing, a run with pickled weights, an adapter with pickled weights"
    for name, text in FILES.items(): (tmp_path / name).write_text(text, encoding='utf-8')
    (tmp_path / 'latin1.jsonl').write_bytes('{"text": "café", "label": "fr"}\n'.encode('latin-1'))
    (tmp_path / 'folder').mkdir()
    pickled = tmp_path / 'pickled_run' / 'model'; pickled.mkdir(parents=True)
    (pickled / 'config.json').write_text('{"model_type": "xlm-roberta"}'); (pickled / 'pytorch_model.bin').write_bytes(b'\x80\x04')
    ad = tmp_path / 'pickled_adapter'; ad.mkdir()
    (ad / 'adapter_config.json').write_text('{}'); (ad / 'adapter_model.bin').write_bytes(b'\x80\x04')
    lone = tmp_path / 'lone_adapter'; lone.mkdir()
    (lone / 'adapter_config.json').write_text('{}'); (lone / 'adapter_model.safetensors').write_bytes(b'')
    return tmp_path

@pytest.fixture
def no_model_loads(monkeypatch):
    "Building or loading any model or tokenizer fails the test: each refusal must come first (shapes on the `meta` device, which hold no weights, are allowed)"
    import torch, transformers, lessontune.classifier as C, lessontune.sft as S, lessontune.toy as T
    def boom(original):
        def guarded(*a, **k):
            if torch.get_default_device().type == 'meta': return original(*a, **k)   # counting parameters, e.g. for the disk check
            raise AssertionError('a model or tokenizer was built before the bad input was refused')
        return guarded
    for cls in (transformers.AutoModelForSequenceClassification, transformers.AutoModelForCausalLM, transformers.AutoTokenizer):
        monkeypatch.setattr(cls, 'from_pretrained', boom(cls.from_pretrained))
    for mod, name in ((C, 'tiny_xlmr'), (C, 'train_xlmr_tokenizer'), (C, 'build_model'),
                      (S, 'tiny_llama'), (S, 'train_llama_tokenizer'), (S, 'load_model_and_tokenizer')):
        monkeypatch.setattr(mod, name, boom(getattr(mod, name)))
    monkeypatch.setattr(T, 'hub_reachable', lambda *a, **k: False)   # and never the network

def run_cli(argv, capsys):
    "`lessontune ARGV` in this process: (exit status, stderr)"
    from lessontune.cli import main
    try: code = main(argv)
    except SystemExit as e: code = e.code
    return code, capsys.readouterr().err

# ---------------------------------------------------------------- the command line: (argv, what the message must say)
CLS = ['classify', 'train', '--preset', 'cpu-smoke', '--output', '{tmp}/out']
CLS_CFG = ['classify', 'train', '--output', '{tmp}/out', '--config']
SFT = ['sft', 'train', '--output', '{tmp}/out']
SFT_CFG = SFT + ['--config']

CLI_CASES = {
    # classifier data
    'data file missing':        (CLS + ['--data', '{tmp}/missing.jsonl'], ['missing.jsonl', 'does not exist', 'check the path']),
    'data is a folder':         (CLS + ['--data', '{tmp}/folder'], ['is a folder', '.jsonl']),
    'JSONL broken line':        (CLS + ['--data', '{tmp}/broken.jsonl'], ['broken.jsonl:2', 'not valid JSON', 'one JSON object']),
    'data not UTF-8':           (CLS + ['--data', '{tmp}/latin1.jsonl'], ['not UTF-8 text', 'line 1', 'save it as UTF-8']),
    'text field missing':       (CLS + ['--data', '{tmp}/sentence.jsonl'], ["no field 'text'", "'sentence'", '--text-field']),
    'label field missing':      (CLS + ['--data', '{tmp}/nolabel.jsonl'], ["no field 'label'", "'lang'", '--label-field']),
    'empty text':               (CLS + ['--data', '{tmp}/empty_text.jsonl'], ['record 2', "empty or whitespace 'text'", 'fill it in']),
    'a single class':           (CLS + ['--data', '{tmp}/one_class.jsonl'], ["'en'", 'at least 2 different labels', 'add examples']),
    'empty data file':          (CLS + ['--data', '{tmp}/empty.jsonl'], ['no records', 'empty']),
    'CSV without header':       (CLS + ['--data', '{tmp}/noheader.csv'], ["no field 'text'", 'first line must name its columns']),
    'JSONL line not an object': (CLS + ['--data', '{tmp}/array.jsonl'], ['array.jsonl:1', 'not an object', '"text"']),
    # classifier model and flags
    'model not loadable offline': (CLS + ['--model', 'no-such-org/no-such-model'], ['cannot be loaded offline', 'HF_HUB_OFFLINE', '--model tiny']),
    'model folder not a model': (CLS + ['--model', '{tmp}/folder'], ['no config.json', 'save_pretrained', '--model tiny']),
    'random init of a Llama':   (CLS + ['--model', 'meta-llama/Llama-3.1-8B', '--random-init'], ['random_init', 'xlm-roberta-base']),
    'max_steps 0':              (CLS + ['--max-steps', '0'], ['max_steps must be > 0', '-1']),
    'unknown preset':           (['classify', 'train', '--preset', 'nope', '--output', '{tmp}/o'], ["invalid choice: 'nope'", 'cpu-smoke', 'rtx3050-4gb']),
    'no preset':                (['classify', 'train', '--output', '{tmp}/o'], ['--preset is required', 'cpu-smoke', '--config']),
    # classifier config files
    'fp16 and bf16 both on':    (CLS_CFG + ['{tmp}/both.yaml'], ['fp16 and bf16 are both true', 'pick one']),
    'unknown config key':       (CLS_CFG + ['{tmp}/typo.yaml'], ["unknown key 'learning_rte'", "did you mean 'learning_rate'", 'valid keys']),
    'YAML with a Python tag':   (CLS_CFG + ['{tmp}/evil.yaml'], ['line 1', 'python/object', 'yaml.safe_load', 'remove the tag']),
    'batch size 0':             (CLS_CFG + ['{tmp}/batch0.yaml'], ['batch0.yaml', 'micro_batch must be >= 1', 'raise grad_accum']),
    'accumulation 0':           (CLS_CFG + ['{tmp}/accum0.json'], ['grad_accum must be >= 1', '1 means no accumulation']),
    'learning rate 0':          (CLS_CFG + ['{tmp}/lr0.yaml'], ['learning_rate must be in (0, 1)', '2e-5']),
    'learning rate a word':     (CLS_CFG + ['{tmp}/lr_word.yaml'], ['learning_rate must be a number', "'fast'"]),
    'warmup ratio 1':           (CLS_CFG + ['{tmp}/warmup1.yaml'], ['warmup_ratio must be in [0, 1)', '0.1 is usual']),
    'max_length over positions': (CLS_CFG + ['{tmp}/maxlen.yaml'], ['max_length 1024', '512 positions', 'use max_length 512']),
    'epochs 0':                 (CLS_CFG + ['{tmp}/epochs0.yaml', '--preset', 'optimal'], ['num_epochs must be > 0', 'max_steps']),
    'eval_steps 0':             (CLS_CFG + ['{tmp}/evalsteps0.yaml'], ['eval_steps must be >= 1', 'every N optimizer steps']),
    'logging_steps 0':          (CLS_CFG + ['{tmp}/logging0.yaml'], ['logging_steps must be >= 1', 'e.g. 10']),
    'unknown optimizer':        (CLS_CFG + ['{tmp}/optim.yaml'], ['optim must be', "'adamw_bnb_8bit'", "'sgd'"]),
    'LoRA key in a classifier': (CLS_CFG + ['{tmp}/lora_in_cls.yaml'], ["unknown key 'r'", 'valid keys', 'micro_batch']),
    'config file missing':      (CLS_CFG + ['{tmp}/nope.yaml'], ['config file', 'does not exist']),
    'config not JSON or YAML':  (CLS_CFG + ['{tmp}/run.toml'], ["unknown suffix '.toml'", '.yaml']),
    'config broken YAML':       (CLS_CFG + ['{tmp}/broken.yaml'], ['line 2', 'not valid YAML', 'indentation']),
    # predict
    'predict: not a run':       (['classify', 'predict', '--model', '{tmp}/folder', 'Xin chào'], ['no saved model', "run's output folder"]),
    'predict: pickled weights': (['classify', 'predict', '--model', '{tmp}/pickled_run', 'Xin chào'], ['no .safetensors', 'safetensors only']),
    'predict: empty text':      (['classify', 'predict', '--model', '{tmp}/pickled_run', '  '], ['text 1 is empty', 'sentence to classify']),
    # legal SFT data
    'SFT data missing':         (SFT + ['--data', '{tmp}/missing.jsonl'], ['missing.jsonl', 'no such file', 'JSONL']),
    'SFT data is a folder':     (SFT + ['--data', '{tmp}/folder'], ['is a folder', 'pass a file']),
    'SFT broken line':          (SFT + ['--data', '{tmp}/legal_broken.jsonl'], ['line 2', 'not valid JSON']),
    'SFT record of no format':  (SFT + ['--data', '{tmp}/legal_unknown.jsonl'], ['record 2', "'messages'", "'question'+'answer'", "'law'+'article_id'"]),
    'SFT data not UTF-8':       (SFT + ['--data', '{tmp}/latin1.jsonl'], ['not UTF-8 text', 'save it as UTF-8']),
    'SFT empty data file':      (SFT + ['--data', '{tmp}/empty.jsonl'], ['no records', 'one record per line']),
    'SFT hub dataset offline':  (SFT + ['--data', 'some-org/legal-qa'], ['hub is unreachable', 'JSONL path']),
    # legal SFT model and config files
    'SFT model not loadable offline': (SFT + ['--model', 'meta-llama/Llama-3.1-8B-Instruct'], ['cannot be loaded offline', '--model toy']),
    'SFT unknown preset':       (SFT + ['--preset', 'h100'], ["invalid choice: 'h100'", 'h200', 'cpu-smoke']),
    'SFT fp16 and bf16 both on': (SFT_CFG + ['{tmp}/both.yaml'], ['fp16 and bf16 are both true', 'pick one']),
    'LoRA r 0':                 (SFT_CFG + ['{tmp}/sft_r0.yaml'], ['sft_r0.yaml', 'lora_r must be >= 1', 'typical ranks']),
    'LoRA alpha 0':             (SFT_CFG + ['{tmp}/sft_alpha.yaml'], ['lora_alpha must be > 0', '2 x lora_r']),
    'LoRA dropout 1.5':         (SFT_CFG + ['{tmp}/sft_dropout.yaml'], ['lora_dropout must be in [0, 1)', '0.0 to 0.1']),
    'unknown target module':    (SFT_CFG + ['{tmp}/sft_targets.yaml'], ["no module 'query'", 'q_proj', "'all-linear'"]),
    'SFT warmup ratio 1':       (SFT_CFG + ['{tmp}/warmup1.yaml'], ['warmup_ratio must be in [0, 1)', '0.03']),
    'unknown scheduler':        (SFT_CFG + ['{tmp}/sft_sched.yaml'], ["scheduler 'cosin'", "did you mean 'cosine'", 'cosine_with_restarts']),
    'SFT max_length over positions': (SFT_CFG + ['{tmp}/sft_maxlen.yaml'], ['max_length 200000', '131072 positions']),
    'SFT unknown config key':   (SFT_CFG + ['{tmp}/sft_typo.yaml'], ["unknown key 'lora_droput'", "did you mean 'lora_dropout'"]),
    'SFT batch size negative':  (SFT_CFG + ['{tmp}/sft_batch.yaml'], ['micro_batch must be >= 1', '(got -2)', 'raise grad_accum']),
    'SFT accumulation 0':       (SFT_CFG + ['{tmp}/accum0.json'], ['grad_accum must be >= 1']),
    'SFT learning rate 0':      (SFT_CFG + ['{tmp}/lr0.yaml'], ['learning_rate must be in (0, 1)', '1e-4']),
    'SFT YAML with a Python tag': (SFT_CFG + ['{tmp}/evil.yaml'], ['yaml.safe_load']),
    # sft answer
    'answer: not an adapter':   (['sft', 'answer', '--adapter', '{tmp}/folder', 'Q?'], ['adapter_config.json', 'sft train']),
    'answer: pickled adapter':  (['sft', 'answer', '--adapter', '{tmp}/pickled_adapter', 'Q?'], ['adapter_model.safetensors', 'safetensors only']),
    'answer: empty question':   (['sft', 'answer', '--adapter', '{tmp}/lone_adapter', ' '], ['question 1 is empty']),
    'answer: no base model':    (['sft', 'answer', '--adapter', '{tmp}/lone_adapter', 'Q?'], ['no config.json next to it', '--model']),
    'answer: base offline':     (['sft', 'answer', '--adapter', '{tmp}/lone_adapter', '--model', 'no-org/no-model', 'Q?'], ['cannot be loaded offline']),
}

@pytest.mark.parametrize('case', list(CLI_CASES))
def test_cli_refuses_with_the_field_and_the_fix(case, files, no_model_loads, capsys):
    argv, needles = CLI_CASES[case]
    code, err = run_cli([a.replace('{tmp}', str(files)) for a in argv], capsys)
    assert code == 2, (code, err)
    assert 'Traceback' not in err
    line = next(l for l in err.splitlines() if 'error:' in l)   # argparse adds a usage line; ours is the only line
    for n in needles: assert n in line, f"{n!r} not in {line!r}"

def test_bf16_on_a_gpu_without_it(files, no_model_loads, capsys, monkeypatch):
    "A Turing card (simulated): bf16 refused, for both runs, naming the GPU and fp16"
    import torch
    for k, v in dict(is_available=lambda: True, is_bf16_supported=lambda **kw: False, get_device_capability=lambda *a: (7, 5),
                     get_device_name=lambda *a: 'Tesla T4').items(): monkeypatch.setattr(torch.cuda, k, v)
    for argv in (CLS_CFG + ['{tmp}/bf16.yaml', '--preset', 'cpu-smoke'], SFT_CFG + ['{tmp}/bf16.yaml']):
        code, err = run_cli([a.replace('{tmp}', str(files)) for a in argv], capsys)
        assert code == 2 and 'Traceback' not in err
        assert "precision 'bf16'" in err and 'Tesla T4' in err and "use precision 'fp16'" in err, err

def test_cli_flags_win_over_the_config_file(files, no_model_loads, capsys):
    "A config file in TrainingArguments' names: the preset, then the file, then the command line's values"
    from lessontune.classifier import from_file
    (files / 'ok.yaml').write_text('preset: cpu-smoke\nper_device_train_batch_size: 4\nfp16: true\nnum_train_epochs: 2\n')
    cfg = from_file(files / 'ok.yaml', max_steps=7)
    assert (cfg.micro_batch, cfg.precision, cfg.num_epochs, cfg.max_steps, cfg.model) == (4, 'fp16', 2, 7, 'tiny')
    assert from_file(files / 'ok.yaml', 'optimal').model == 'FacebookAI/xlm-roberta-base'   # --preset wins over the file's
    from lessontune.sft import from_file as sft_from_file
    (files / 'sft.yaml').write_text('r: 16\nlora_alpha: 32\nwarmup_ratio: 0.05\ntarget_modules: [q_proj, v_proj]\nbf16: true\n')
    run = sft_from_file(files / 'sft.yaml', model='toy')
    assert (run.lora_r, run.lora_alpha, run.warmup_steps, run.targets, run.precision) == (16, 32, 0.05, ['q_proj', 'v_proj'], 'bf16')

# ---------------------------------------------------------------- the library, called directly
M = lambda name: importlib.import_module(f'lessontune.{name}')

LIB_CASES = {
    'classifier preset field typo': (lambda d: M('classifier').preset('optimal', learning_rte=1e-4), ["unknown config field 'learning_rte'", "did you mean 'learning_rate'"]),
    'classifier preset typo':       (lambda d: M('classifier').preset('optimall'), ["unknown preset 'optimall'", "did you mean 'optimal'", 'cpu-smoke']),
    'classifier eval_fraction 0.6': (lambda d: M('classifier').preset('cpu-smoke', eval_fraction=0.6), ['eval_fraction must be in (0, 0.5)', '0.1']),
    'SFT preset field typo':        (lambda d: M('sft').preset('cpu-smoke', lora_rank=8), ["unknown SFTRun field 'lora_rank'", "did you mean 'lora_r'"]),
    'SFT warmup 1.5 steps':         (lambda d: M('sft').preset('cpu-smoke', warmup_steps=1.5), ['warmup_steps', 'fraction in [0, 1)']),
    'SFT bias unknown':             (lambda d: M('sft').preset('cpu-smoke', bias='some'), ['bias must be', "'lora_only'"]),
    'SFT vram 0':                   (lambda d: M('sft').preset('h200', vram_gib=0), ['vram_gib must be > 0']),
    'SFT optim unknown':            (lambda d: M('sft').preset('cpu-smoke', optim='sgd'), ['optim must be', "'adamw_8bit'"]),
    'LoRA target typo':             (lambda d: M('lora').check_targets(['q_proj', 'qproj']), ["no module 'qproj'", "did you mean 'q_proj'"]),
    'config list at top':           (lambda d: M('config').read_config(_write(d / 'top.yaml', '- 1\n')), ['not a mapping']),
    'config both spellings':        (lambda d: M('config').map_config({'micro_batch': 2, 'per_device_train_batch_size': 2}, M('classifier').ClassifierConfig), ['both set micro_batch', 'keep one']),
    'fp16 not a boolean':           (lambda d: M('config').map_config({'fp16': 'yes please'}, M('classifier').ClassifierConfig), ['fp16 must be true or false']),
    'precision contradicts fp16':   (lambda d: M('config').map_config({'fp16': True, 'precision': 'bf16'}, M('classifier').ClassifierConfig), ['contradicts', 'keep one']),
    'training data of one label':   (lambda d: M('data').validate_records([{'text': 'a', 'label': 'x'}] * 3), ['at least 2 different labels']),
}

def _write(p, text): p.write_text(text); return p

@pytest.mark.parametrize('case', list(LIB_CASES))
def test_library_refuses_with_the_field_and_the_fix(case, tmp_path, no_model_loads):
    fn, needles = LIB_CASES[case]
    with pytest.raises(ValueError) as e: fn(tmp_path)
    for n in needles: assert n in str(e.value), f"{n!r} not in {str(e.value)!r}"

def test_real_process_one_line_no_traceback(files):
    "Two real `lessontune` processes: exit status 2, one line on stderr, no traceback"
    code = 'import sys; from lessontune.cli import main; sys.exit(main(sys.argv[1:]))'
    for argv, needle in ((['classify', 'train', '--preset', 'cpu-smoke', '--output', str(files / 'o'), '--data', str(files / 'broken.jsonl')], 'broken.jsonl:2'),
                         (['sft', 'train', '--output', str(files / 'o'), '--config', str(files / 'evil.yaml')], 'yaml.safe_load')):
        p = subprocess.run([sys.executable, '-c', code, *argv], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=300)
        lines = [l for l in p.stderr.splitlines() if l.strip() and 'kernels' not in l]
        assert p.returncode == 2 and 'Traceback' not in p.stderr, p.stderr[-2000:]
        assert len(lines) == 1 and lines[0].startswith('lessontune: error:') and needle in lines[0], p.stderr

# ---------------------------------------------------------------- safety
LIB = sorted((ROOT / 'lessontune').glob('*.py'))

def test_no_remote_code_and_no_unsafe_parsers_in_the_library():
    for f in LIB:
        src = f.read_text(encoding='utf-8')
        assert not re.search(r'trust_remote_code\s*=\s*True', src), f"{f.name} turns trust_remote_code on"
        for bad in ('yaml.load(', 'yaml.unsafe_load', 'yaml.Loader', 'pickle.load', 'use_safetensors=False'):
            assert bad not in src, f"{f.name} uses {bad}"
        for m in re.finditer(r'torch\.load\(([^\n]*)', src):
            assert 'weights_only=True' in m.group(1), f"{f.name}: torch.load without weights_only=True"

def test_every_model_load_passes_trust_remote_code_and_safetensors():
    "Each `AutoModel*.from_pretrained` call in the library says trust_remote_code=... and use_safetensors=True"
    calls = 0
    for f in LIB:
        for node in ast.walk(ast.parse(f.read_text(encoding='utf-8'))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'from_pretrained':
                owner = ast.unparse(node.func.value)
                if owner.startswith(('AutoModel', '_TASKS')):
                    kw = {k.arg: ast.unparse(k.value) for k in node.keywords if k.arg}
                    assert 'trust_remote_code' in kw or '**safe' in ast.unparse(node), f"{f.name}:{node.lineno} {owner}.from_pretrained without trust_remote_code"
                    assert kw.get('use_safetensors') == 'True', f"{f.name}:{node.lineno} {owner}.from_pretrained without use_safetensors=True"
                    calls += 1
    assert calls >= 4

def test_trust_remote_code_reaches_from_pretrained(tmp_path, monkeypatch):
    "Off by default; on only when the config (`--trust-remote-code`) says so"
    import transformers
    from lessontune import classifier as C, sft as S
    folder = tmp_path / 'm'; folder.mkdir()
    (folder / 'config.json').write_text(json.dumps({'model_type': 'llama', 'max_position_embeddings': 131072}))
    seen = []
    class Stop(Exception): pass
    def record(*a, **k): seen.append(k); raise Stop
    for cls in (transformers.AutoModelForSequenceClassification, transformers.AutoModelForCausalLM, transformers.AutoTokenizer):
        monkeypatch.setattr(cls, 'from_pretrained', record)
    for trust in (False, True):
        with pytest.raises(Stop): C.build_model(C.preset('optimal', model=str(folder), trust_remote_code=trust), ['a', 'b'], ['x'])
        cfg = S.preset('h200', model=str(folder), trust_remote_code=trust)
        with pytest.raises(Stop): S.load_tokenizer(cfg)                                   # the SFT's tokenizer loads first...
        with pytest.raises(Stop): S.load_model_and_tokenizer(cfg, 'peft', tokenizer=object())   # ...then its model
    assert [k['trust_remote_code'] for k in seen] == [False, False, False, True, True, True]
    assert all(seen[i].get('use_safetensors') is True for i in (2, 5))   # the SFT's model loads

def _weight_files(d:Path) -> list:
    "Pickled weight files: what `from_pretrained` would unpickle"
    return [p for p in d.rglob('*') if re.match(r'(pytorch_model|adapter_model|model)[^/]*\.(bin|pt|pth|ckpt)$', p.name)]

def test_saved_runs_are_safetensors_only(tmp_path):
    "Short real runs of both: weights and adapters as .safetensors, no pickled weights anywhere; predict loads them"
    from lessontune import classifier as C, sft as S
    out = tmp_path / 'cls'
    C.train(C.preset('cpu-smoke', output_dir=str(out), max_steps=2, eval_steps=2, logging_steps=1, progress=False), log=lambda *a: None)
    assert (out / 'model' / 'model.safetensors').exists() and list(out.glob('checkpoint-*/model.safetensors'))
    assert _weight_files(out) == []
    assert C.predict(out, ['Xin chào'])[0]['label'] in ('en', 'es', 'fr', 'vi')
    sft_out = tmp_path / 'sft'
    S.train('cpu-smoke', output_dir=sft_out, max_steps=1, report_to=[], progress=False, log=lambda *a: None)
    assert (sft_out / 'adapter' / 'adapter_model.safetensors').exists() and (sft_out / 'base' / 'model.safetensors').exists()
    assert _weight_files(sft_out) == []

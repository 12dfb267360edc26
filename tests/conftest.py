import os
from pathlib import Path

import pytest

os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
os.environ.setdefault('MPLBACKEND', 'Agg')

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / 'shared' / 'data'

@pytest.fixture
def root() -> Path: return ROOT

@pytest.fixture
def shared_data() -> Path:
    "The real datasets beside the repository; the test skips, saying why, when they are absent"
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA} (it sits beside the repository as ../shared/data)")
    return SHARED_DATA

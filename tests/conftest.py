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

def _ci() -> bool: return os.environ.get('CI', '').lower() == 'true'

def _asset_present(key:str) -> bool:
    "Is the real asset `key` (`lessontune.assets`) available offline? Under CI=true, whose README command installs the assets, an absent one fails the test"
    from lessontune.assets import ASSETS, AssetMissing, require_asset
    try: require_asset(key); return True
    except AssetMissing:
        if _ci(): pytest.fail(f"{key} is not installed ({ASSETS[key].install}): CI's README command installs it from assets.txt")
        return False

@pytest.fixture(scope='session')
def asset_present():
    "`asset_present(key)`: whether a real asset is there (for a test with a fallback); under CI=true an absent one fails"
    return _asset_present

@pytest.fixture(scope='session')
def need_asset():
    "`need_asset(key)`: skip, saying why, when a real asset is absent; under CI=true (which installs them) fail instead"
    def need(key:str):
        from lessontune.assets import ASSETS
        if not _asset_present(key): pytest.skip(f"{key} is not installed ({ASSETS[key].install})")
    return need

"""Execute notebooks in place with a real Jupyter kernel, skipping cells flagged with settings.ini's
`tst_flags` (as nbdev_test does) unless named in $RUN_FLAGS. Called by tools/run_nbs.sh."""
import configparser, os, re, sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SKIP_TAG = 'skip-execution'  # nbclient leaves cells with this tag unexecuted

def skip_flags() -> set:
    cfg = configparser.ConfigParser(); cfg.read(ROOT / 'settings.ini')
    return set(cfg['DEFAULT'].get('tst_flags', '').split()) - set(os.environ.get('RUN_FLAGS', '').split())

def flagged(src:str, flags:set) -> bool:
    return any(m.group(1) in flags for m in re.finditer(r'^#\|\s*([\w-]+)\s*$', src, flags=re.M))

def run(path:Path, flags:set):
    nb = nbformat.read(path, as_version=4)
    skipped = []
    for c in nb.cells:
        if c.cell_type == 'code' and flagged(c.source, flags):
            c.metadata.setdefault('tags', []).append(SKIP_TAG); c.outputs = []; skipped.append(c)
    NotebookClient(nb, timeout=900, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    for c in skipped:
        c.metadata['tags'].remove(SKIP_TAG)
        if not c.metadata['tags']: del c.metadata['tags']
    nbformat.write(nb, path)
    print(f"ran {path} ({len(skipped)} flagged cells skipped)")

if __name__ == '__main__':
    flags = skip_flags()
    for p in sys.argv[1:]: run(Path(p), flags)

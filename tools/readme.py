"""Write README.md from nbs/index.ipynb (nbdev_readme needs Quarto; this needs only the notebook).

Cells marked `#| hide` are left out, directive lines are dropped, code cells keep their text outputs.
`python tools/readme.py --check` exits 1 when README.md is stale.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _directives(src:str) -> set:
    return {m.group(1) for m in re.finditer(r'^#\|\s*([\w-]+)', src, flags=re.M)}

def _text_output(o:dict) -> str|None:
    if o.get('output_type') == 'stream': return ''.join(o.get('text', ''))
    data = o.get('data', {})
    if 'text/markdown' in data: return None  # show_doc and friends: docs-site material
    if 'text/plain' in data: return ''.join(data['text/plain'])

def _docs_url() -> str:
    import configparser
    cfg = configparser.ConfigParser(); cfg.read(ROOT / 'settings.ini'); d = cfg['DEFAULT']
    return d['doc_host'].rstrip('/') + '/' + d['doc_baseurl'].strip('/')

def _link_docs(md:str) -> str:
    "Links to sibling notebooks point at their page on the docs site (`10_batching.ipynb` -> `.../batching.html`), as nbdev does"
    url = _docs_url()
    return re.sub(r'\]\((?:\d+_)?([\w-]+)\.ipynb\)', lambda m: f"]({url}/{m.group(1)}.html)", md)

def render(nb_path:Path=ROOT / 'nbs' / 'index.ipynb') -> str:
    nb, parts = json.loads(nb_path.read_text(encoding='utf-8')), []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if 'hide' in _directives(src): continue
        body = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()
        if not body: continue
        if c['cell_type'] == 'markdown': parts.append(_link_docs(body)); continue
        parts.append(f"```python\n{body}\n```")
        outs = [t for t in map(_text_output, c.get('outputs', [])) if t]
        if outs: parts.append('\n'.join(f"    {l}" for t in outs for l in t.rstrip().splitlines()))
    return '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->\n\n' + \
           '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = render(), ROOT / 'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text(encoding='utf-8') != text:
            print('README.md is stale: run python tools/readme.py'); sys.exit(1)
    else: readme.write_text(text, encoding='utf-8')

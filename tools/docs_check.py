#!/usr/bin/env python
"""The docs site, checked offline: what Quarto would publish, short of Quarto itself.

Quarto cannot be installed here, and `nbdev_proc_nbs` runs Quarto's installer first, so this drives nbdev's
own processing steps directly (`refresh_quarto_yml`, `nbdev_sidebar`, `proc_nbs`) on a copy of the repository,
renders each processed notebook to HTML with nbconvert, and opens every page in headless Chromium:
each page must load, show its figures (every lesson that has a figure in its committed outputs shows
at least that many images, all decoded), and show no error output.

    python tools/docs_check.py --out /tmp/docs_check      # screenshots land in /tmp/docs_check/shots

Exit code 0 when every page passes; the failures are printed one per line otherwise.
"""
import argparse, json, os, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']

def copy_repo(root: Path, dest: Path) -> Path:
    "Copy what nbdev's processing reads (settings.ini, nbs/, the library) so the checkout is left untouched"
    if dest.exists(): shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(root/'settings.ini', dest/'settings.ini')
    ign = shutil.ignore_patterns('.ipynb_checkpoints', '__pycache__', '_proc', '_docs')
    shutil.copytree(root/'nbs', dest/'nbs', ignore=ign, symlinks=True)
    shutil.copytree(root/'lessontune', dest/'lessontune', ignore=ign)
    for f in ('_quarto.yml', 'README.md'):   # nbs/_quarto.yml may be a link to the top-level file
        if (root/f).exists(): shutil.copy2(root/f, dest/f)
    return dest

def process(site: Path) -> tuple:
    "nbdev_proc_nbs without its Quarto install: write nbdev.yml, check the sidebar, process nbs/ into _proc/; returns (_proc, errors)"
    old = Path.cwd()
    os.chdir(site)   # nbdev finds settings.ini from the working directory
    try:
        import warnings
        import nbdev.quarto, nbdev.doclinks, nbdev.serve, nbdev.serve_drv
        from nbdev.config import get_config
        if hasattr(get_config, 'cache_clear'): get_config.cache_clear()
        nbdev.quarto.refresh_quarto_yml()
        nbdev.doclinks._build_modidx()
        nbdev.quarto.nbdev_sidebar.__wrapped__(path=site/'nbs')   # a no-op with custom_sidebar = True
        # proc_nbs, one file at a time, so that one notebook's failure is reported and the others still get checked
        cache, nbs = site/'_proc', site/'nbs'
        files = [f for f in sorted(nbs.rglob('*')) if f.is_file()]
        errors = {}
        for f in files:
            task = nbdev.serve._proc_file(f, cache=cache, path=nbs)
            if not task: continue   # copied as is (yml, css) or skipped
            with warnings.catch_warnings(record=True) as ws:
                warnings.simplefilter('always')
                try: nbdev.serve_drv.main(task)
                except Exception as e:
                    cause = f" ({type(e.__cause__).__name__}: {str(e.__cause__)[:200]})" if e.__cause__ else ''
                    hint = (" - to build the docs nbdev runs only the cells that export, import or show_doc, so a cell that imports"
                            " and also uses variables from earlier cells fails: move its imports into an import-only cell") if isinstance(e.__cause__, NameError) else ''
                    errors[f.name] = f"nbdev processing failed: {str(e).splitlines()[0]}{cause}{hint}"
            for w in ws:
                if 'imports and other code' in str(w.message):
                    errors.setdefault(f.name + ' (warning)', f"nbdev warns: {str(w.message).splitlines()[0]} -> {str(w.message).splitlines()[2][:80]!r}")
        return cache, errors
    finally: os.chdir(old)

def image_count(nb: dict) -> int:
    "Image outputs (png, jpeg, svg) in a notebook's cells"
    kinds = ('image/png', 'image/jpeg', 'image/svg+xml')
    return sum(any(k in o.get('data', {}) for k in kinds)
               for c in nb['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', []))

def error_outputs(nb: dict) -> list:
    "One line per cell whose outputs hold an error or a traceback"
    bad = []
    for i, c in enumerate(nb['cells']):
        for o in c.get('outputs', []) if c['cell_type'] == 'code' else []:
            text = ''.join(o.get('text', '')) + ''.join(o.get('data', {}).get('text/plain', '')) + ''.join(o.get('traceback', []))
            if o.get('output_type') == 'error' or 'Traceback (most recent call last)' in text:
                bad.append(f"cell {i}: {o.get('ename', 'stream')} {(o.get('evalue') or text)[:120]!r}")
    return bad

def to_html(nb_path: Path, out: Path) -> Path:
    "Render a processed notebook to a standalone HTML page with nbconvert (figures embedded as data URIs)"
    import nbformat
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter(template_name='lab').from_notebook_node(nbformat.read(nb_path, as_version=4))
    dest = out/(nb_path.stem + '.html')
    dest.write_text(body, encoding='utf-8')
    return dest

def browse(pages: list, shots: Path) -> dict:
    "Open each page in headless Chromium; per page: images decoded, images in the DOM, whether a traceback shows"
    from playwright.sync_api import sync_playwright
    shots.mkdir(parents=True, exist_ok=True)
    res = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pg = b.new_page(viewport={'width': 1280, 'height': 1600})
            # offline: only the page itself and its data URIs; CDN scripts (require.js, MathJax) are refused at once
            pg.route('**/*', lambda r: r.continue_() if r.request.url.startswith(('file:', 'data:')) else r.abort())
            for page in pages:
                pg.goto(page.resolve().as_uri(), wait_until='load', timeout=60_000)
                imgs = pg.evaluate("""() => Promise.all([...document.images].map(i => i.decode().then(() => i.naturalWidth > 0, () => false)))""")
                text = pg.inner_text('body')
                if imgs: pg.locator('img').first.scroll_into_view_if_needed()   # the screenshot shows the first figure
                pg.screenshot(path=str(shots/(page.stem + '.png')), full_page=False)
                res[page.stem] = dict(images=len(imgs), decoded=sum(imgs), traceback='Traceback (most recent call last)' in text,
                                      chars=len(text))
        finally: b.close()
    return res

def check(root: Path = ROOT, out: Path = None, browser: bool = True) -> dict:
    "Process the docs, render them, open them in Chromium; returns {'pages': {...}, 'failures': [...]}"
    out = Path(out or Path(tempfile.gettempdir())/'lessontune_docs_check')
    site, proc_errors = process(copy_repo(root, out/'site'))
    html_dir = out/'html'; html_dir.mkdir(parents=True, exist_ok=True)
    pages, failures, info = [], [], {}
    sources = sorted((root/'nbs').glob('*.ipynb'))
    warnings_ = [f"{k}: {v}" for k, v in proc_errors.items() if k.endswith('(warning)')]
    import re   # every page the sidebar lists exists (the sidebar is what Quarto turns into the site's navigation)
    sidebar = (site/'sidebar.yml').read_text() if (site/'sidebar.yml').exists() else ''
    failures += [f"sidebar.yml lists {n}, which is not in nbs/" for n in re.findall(r'([\w./-]+\.ipynb)', sidebar) if not (root/'nbs'/n).exists()]
    if not sidebar: failures.append(f"no sidebar.yml in {site}")
    for src in sources:
        proc = site/src.name
        if src.name in proc_errors: failures.append(f"{src.name}: {proc_errors[src.name]}"); continue
        if not proc.exists(): failures.append(f"{src.name}: not processed into {site}"); continue
        committed, processed = json.loads(src.read_text()), json.loads(proc.read_text())
        info[src.stem] = dict(committed_images=image_count(committed), processed_images=image_count(processed))
        failures += [f"{src.name} (committed) {e}" for e in error_outputs(committed)]
        failures += [f"{src.name} (processed) {e}" for e in error_outputs(processed)]
        if info[src.stem]['processed_images'] < info[src.stem]['committed_images'] and info[src.stem]['processed_images'] == 0:
            failures.append(f"{src.name}: its committed outputs have figures but the processed page lost them all")
        pages.append(to_html(proc, html_dir))
    if browser:
        seen = browse(pages, out/'shots')
        for name, s in seen.items():
            info[name].update(s)
            want = info[name]['processed_images']
            if s['chars'] < 200: failures.append(f"{name}.html: the page is (nearly) empty in Chromium ({s['chars']} chars)")
            if s['traceback']: failures.append(f"{name}.html: shows a Traceback")
            if info[name]['committed_images'] > 0 and s['decoded'] == 0: failures.append(f"{name}.html: shows no figure")
            if s['decoded'] < want: failures.append(f"{name}.html: {s['decoded']} of {want} figures decoded in Chromium")
    return dict(pages=info, failures=failures, warnings=warnings_, proc=str(site), html=str(html_dir), shots=str(out/'shots'))

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', default=str(Path(tempfile.gettempdir())/'lessontune_docs_check'), help='work folder: site copy, html/, shots/')
    ap.add_argument('--no-browser', action='store_true', help='process and render only (no Chromium)')
    a = ap.parse_args(argv)
    if not a.no_browser and not Path(CHROMIUM).exists():
        print(f"docs_check: {CHROMIUM} not found (apt-get install chromium), or pass --no-browser", file=sys.stderr); return 2
    r = check(out=Path(a.out), browser=not a.no_browser)
    for name, s in r['pages'].items(): print(f"{name:18s} {s}")
    print(f"html: {r['html']}  screenshots: {r['shots']}")
    for w in r['warnings']: print('WARN', w)
    for f in r['failures']: print('FAIL', f)
    return 1 if r['failures'] else 0

if __name__ == '__main__': sys.exit(main())

"""The course as a learner meets it in JupyterLab: a real server on loopback with a token, a real browser
(headless Debian Chromium driven by Playwright, no browser download), a lesson run cell by cell, a slider moved."""
import configparser, json, os, re, shutil, socket, subprocess, sys, time, secrets, urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
LESSONS = ['nbs/02_widgets.ipynb',     # the slider machinery itself: one slider over a matplotlib figure
           'nbs/12_schedules.ipynb']  # a parameter lesson: the LR-schedule slider over transformers.get_scheduler

def _free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(params=LESSONS, ids=lambda p: Path(p).stem)
def lab(tmp_path, request):
    LESSON = request.param
    if not Path(CHROMIUM).exists(): pytest.skip(f"{CHROMIUM} not found: apt-get install chromium (.ci/run does it as root)")
    pytest.importorskip('jupyterlab', reason='jupyterlab is in the [dev] extra')
    pytest.importorskip('playwright', reason='playwright (the pip package, driving the Debian Chromium) is in the [dev] extra')
    work = tmp_path/'lab'; work.mkdir()
    # a copy, so the learner's run does not touch the checkout; nbdev_clean strips the kernelspec, and a learner
    # picks 'Python 3' in the kernel dialog: the copy names it so no dialog opens
    nb = json.loads((ROOT/LESSON).read_text())
    nb['metadata']['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    # and without the cells nbdev_test skips (settings.ini's tst_flags: `#| slow` sweeps, `#| gpu` runs), which a learner runs by choice
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    flags = cfg['DEFAULT']['tst_flags'].split()
    flagged = lambda c: c['cell_type'] == 'code' and any(re.search(rf'^#\|\s*{f}\s*$', ''.join(c['source']), flags=re.M) for f in flags)
    nb['cells'] = [c for c in nb['cells'] if not flagged(c)]
    (work/Path(LESSON).name).write_text(json.dumps(nb))
    port, token = _free_port(), secrets.token_hex(16)
    # the kernel inherits this; MPLBACKEND=Agg (set for pytest) would turn the inline figures into '<Figure size ...>' text
    env = {**{k: v for k, v in os.environ.items() if k != 'MPLBACKEND'}, 'PYTHONPATH': os.pathsep.join([str(ROOT), os.environ.get('PYTHONPATH', '')]).rstrip(os.pathsep),
           'HF_HUB_OFFLINE': '1', 'JUPYTER_RUNTIME_DIR': str(tmp_path/'runtime'), 'JUPYTER_CONFIG_DIR': str(tmp_path/'config'),
           'JUPYTERLAB_SETTINGS_DIR': str(tmp_path/'settings'), 'JUPYTERLAB_WORKSPACES_DIR': str(tmp_path/'workspaces')}
    # no 'get notified about Jupyter news?' toast over the screenshots (and no request for the news feed)
    news = tmp_path/'settings'/'@jupyterlab'/'apputils-extension'/'notification.jupyterlab-settings'
    news.parent.mkdir(parents=True); news.write_text('{"fetchNews": "false"}')
    log = open(tmp_path/'jupyterlab.log', 'w')
    proc = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1', f'--port={port}',
                             f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={work}',
                             '--LabApp.news_url=', '--LabApp.expose_app_in_browser=True', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                             '--ServerApp.port_retries=0', *(['--allow-root'] if os.geteuid() == 0 else [])], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):   # the server answers its API within seconds on an idle machine
            try:
                urllib.request.urlopen(f'{base}/api/status?token={token}', timeout=2); break
            except Exception:
                if proc.poll() is not None: pytest.fail('jupyterlab exited:\n' + (tmp_path/'jupyterlab.log').read_text()[-3000:])
                time.sleep(0.5)
        else: pytest.fail('jupyterlab did not answer in 60 s:\n' + (tmp_path/'jupyterlab.log').read_text()[-3000:])
        yield dict(url=f'{base}/lab/tree/{Path(LESSON).name}?token={token}', shots=tmp_path, base=base, token=token)
    finally:
        proc.terminate()
        try: proc.wait(timeout=15)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()

def _output_images(page) -> list:
    return page.eval_on_selector_all('.jp-OutputArea-output img', 'els => els.map(e => e.src)')

def test_lesson_runs_in_jupyterlab_and_slider_changes_output(lab, tmp_path):
    "Open the lesson, run every cell, move the first slider: the readout and the figure change"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        # a fresh profile (--user-data-dir) in the test's tmp dir
        b = p.chromium.launch_persistent_context(str(tmp_path/'chromium-profile'), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 viewport={'width': 1400, 'height': 1000})
        try:
            page = b.new_page()
            # loopback only: anything else (CDNs, news feeds) is refused at once
            page.route('**/*', lambda r: r.continue_() if r.request.url.startswith((lab['base'], 'data:', 'blob:')) else r.abort())
            page.goto(lab['url'], timeout=90_000)
            page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=90_000)
            page.wait_for_function('() => window.jupyterapp && window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.sessionContext'
                                   ' && window.jupyterapp.shell.currentWidget.sessionContext.session && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel'
                                   ' && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === "idle"', timeout=90_000)
            page.screenshot(path=str(tmp_path/'jupyterlab_opened.png'))
            # Run > Run All Cells, through JupyterLab's command registry (exposed by --LabApp.expose_app_in_browser)
            page.wait_for_function('() => window.jupyterapp && window.jupyterapp.commands.isEnabled("notebook:run-all-cells")', timeout=60_000)
            page.evaluate('() => window.jupyterapp.commands.execute("notebook:clear-all-cell-outputs")')   # no stale widget views
            page.evaluate('() => { window.jupyterapp.commands.execute("notebook:run-all-cells"); }')   # not awaited: the waits below bound it
            handle = page.locator('.jp-OutputArea-output .widget-slider .noUi-handle').first
            handle.wait_for(timeout=90_000)   # the slider_view widget rendered: the kernel ran down to it
            # done when no prompt reads [*] and the kernel is idle (12_schedules fine-tunes the pretrained model: minutes on two busy cores)
            page.wait_for_function('() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === "idle"'
                                   ' && ![...document.querySelectorAll(".jp-InputPrompt")].some(e => e.innerText.includes("*"))', timeout=360_000)
            errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]:has-text("Traceback")').count()
            assert errors == 0, 'a cell raised while JupyterLab ran the lesson'
            handle.scroll_into_view_if_needed()
            before_imgs = _output_images(page)
            readout = page.locator('.jp-OutputArea-output .widget-slider .widget-readout').first
            before_text = readout.inner_text()
            page.screenshot(path=str(tmp_path/'jupyterlab_before.png'))
            handle.press('ArrowRight'); handle.press('ArrowRight')   # keyboard on the slider handle: two steps right
            page.wait_for_function('(old) => document.querySelector(".jp-OutputArea-output .widget-slider .widget-readout").innerText !== old',
                                   arg=before_text, timeout=30_000)
            page.wait_for_function('(old) => [...document.querySelectorAll(".jp-OutputArea-output img")].map(e => e.src).join() !== old.join()',
                                   arg=before_imgs, timeout=30_000)
            after_imgs, after_text = _output_images(page), readout.inner_text()
            page.screenshot(path=str(tmp_path/'jupyterlab_after.png'))
        finally: b.close()
    assert before_text != after_text, (before_text, after_text)
    assert before_imgs and after_imgs and before_imgs != after_imgs, 'moving the slider redrew the figure'
    assert (tmp_path/'jupyterlab_after.png').stat().st_size > 10_000

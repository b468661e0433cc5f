"""The engine stays pure: nothing under tenant_apps/worktime/engine imports Django, directly or
through what it imports (the import-linter contract "tenant_apps.worktime.engine must not
import django" says the same)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "tenant_apps" / "worktime" / "engine"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_engine_module_imports_django() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(ENGINE.glob("*.py"))
        for name in _imported(path)
        if name == "django" or name.startswith(("django.", "rest_framework"))
    ]

    assert ENGINE.is_dir()
    assert offenders == []


def test_importing_the_engine_loads_no_django_module() -> None:
    probe = (
        "import sys, tenant_apps.worktime.engine, tenant_apps.worktime.engine.jsonio;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework'}))"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"

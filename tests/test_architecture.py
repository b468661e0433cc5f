"""The two planes: which app lives in which schema, and who may import whom."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _apps_under(folder: str) -> list[str]:
    return sorted(f"{folder}.{path.parent.name}" for path in (ROOT / folder).glob("*/apps.py"))


def test_there_are_apps_in_both_planes() -> None:
    assert _apps_under("tenant_apps")
    assert _apps_under("shared_apps")


@pytest.mark.parametrize("app", _apps_under("tenant_apps"))
def test_tenant_app_is_in_tenant_apps_only(app: str) -> None:
    assert app in settings.TENANT_APPS
    assert app not in settings.SHARED_APPS


@pytest.mark.parametrize("app", _apps_under("shared_apps"))
def test_shared_app_is_in_shared_apps_only(app: str) -> None:
    assert app in settings.SHARED_APPS
    assert app not in settings.TENANT_APPS


def test_sessions_and_tokens_live_beside_the_user_model() -> None:
    for app in ("accounts", "django.contrib.sessions", "rest_framework.authtoken"):
        assert app in settings.SHARED_APPS
        assert app in settings.TENANT_APPS


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("source", "forbidden"), [("tenant_apps", "shared_apps"), ("shared_apps", "tenant_apps")]
)
def test_planes_never_import_each_other(source: str, forbidden: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / source).rglob("*.py")
        for name in _imports(path)
        if name == forbidden or name.startswith(f"{forbidden}.")
    ]

    assert offenders == []


def test_session_and_csrf_cookies_are_host_only() -> None:
    assert settings.SESSION_COOKIE_DOMAIN is None
    assert settings.CSRF_COOKIE_DOMAIN is None


def test_cache_keys_are_prefixed_by_schema() -> None:
    assert settings.CACHES["default"]["KEY_FUNCTION"] == "django_tenants.cache.make_key"


def test_celery_app_is_tenant_aware() -> None:
    from tenant_schemas_celery.app import CeleryApp

    from spotme_platform.celery import app

    assert isinstance(app, CeleryApp)


def test_every_model_change_has_its_migration(db: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")

"""Static checks on the deployment files: compose services, image, and environment."""

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"
ENV_FILE = REPO_ROOT / "deploy" / "env.example"
ENV_FILE_REF = "deploy/env.example"

IMAGE_SERVICES = ("web", "worker", "beat")
APP_SERVICES = ("migrate", *IMAGE_SERVICES)
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SPOTME_DOMAIN",
}


def _services() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    services: dict[str, Any] = compose["services"]
    return services


def _command(service: str) -> list[str]:
    command = _services()[service]["command"]
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command]


def _env_files(service: str) -> list[str]:
    env_file = _services()[service].get("env_file", [])
    entries = env_file if isinstance(env_file, list) else [env_file]
    return [entry["path"] if isinstance(entry, dict) else entry for entry in entries]


def _env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in ENV_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not a KEY=VALUE line in {ENV_FILE_REF}: {raw!r}"
        values[key.strip()] = value.strip()
    return values


def _dockerfile_instructions() -> list[str]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)
    return [
        line.strip()
        for line in joined.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_compose_defines_every_service() -> None:
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(_services())


def test_db_runs_postgres_16() -> None:
    assert str(_services()["db"]["image"]).startswith("postgres:16")


def test_redis_runs_redis_7() -> None:
    assert str(_services()["redis"]["image"]).startswith("redis:7")


def test_app_services_build_the_same_image_from_the_dockerfile() -> None:
    builds = [_services()[name]["build"] for name in IMAGE_SERVICES]
    for build in builds:
        assert build["dockerfile"] == "deploy/Dockerfile"
        assert build["context"] == "."
    assert all(build == builds[0] for build in builds)


def test_web_runs_gunicorn_on_the_project_wsgi_application() -> None:
    command = _command("web")
    assert command[0] == "gunicorn"
    assert "spotme_platform.wsgi:application" in command
    assert command[command.index("-c") + 1] == "deploy/gunicorn.conf.py"


def test_worker_runs_celery_worker_for_the_project() -> None:
    assert _command("worker")[:4] == ["celery", "-A", "spotme_platform", "worker"]


def test_beat_runs_celery_beat_for_the_project() -> None:
    assert _command("beat")[:4] == ["celery", "-A", "spotme_platform", "beat"]


def test_migrate_runs_migrate_schemas_before_web_starts() -> None:
    assert _command("migrate")[-2:] == ["manage.py", "migrate_schemas"]
    web_depends_on = _services()["web"]["depends_on"]
    assert web_depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_app_services_take_database_and_redis_urls_from_the_env_file() -> None:
    env = _env_example()
    assert env.get("DATABASE_URL", "").startswith("postgresql://")
    assert env.get("REDIS_URL", "").startswith("redis://")
    for name in APP_SERVICES:
        assert ENV_FILE_REF in _env_files(name), name
        overrides = _services()[name].get("environment") or {}
        assert "DATABASE_URL" not in overrides, name
        assert "REDIS_URL" not in overrides, name


def test_dockerfile_builds_on_python_311() -> None:
    from_lines = [line for line in _dockerfile_instructions() if line.upper().startswith("FROM ")]
    assert from_lines
    assert from_lines[0].split()[1].startswith("python:3.11")


def test_dockerfile_installs_with_the_constraints_file() -> None:
    installs = [line for line in _dockerfile_instructions() if "pip install" in line]
    assert any("-c constraints.txt" in line for line in installs)


def test_env_example_names_every_variable_the_settings_read() -> None:
    assert set(_env_example()) >= SETTINGS_VARIABLES
    assert _env_example()["DJANGO_SETTINGS_MODULE"] == "spotme_platform.settings.prod"

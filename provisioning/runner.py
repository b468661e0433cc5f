"""Running a provisioning: each step in order, its status recorded as it goes; a failed run is
retried from the step that failed."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.services import login_id_mask
from provisioning.audit import audit_record
from provisioning.models import STEPS, AuditEvent, ProvisioningRun, ProvisioningStep
from provisioning.steps import STEP_FUNCTIONS
from tenants.db import use_public_schema

logger = logging.getLogger(__name__)

# A run marked running whose worker has said nothing for this long is taken to have died.
STALE_AFTER = timedelta(minutes=10)


class InjectedFault(Exception):
    """Raised by the fault-injection point (settings.SPOTME_PROVISIONING_FAULTS)."""


def _fault_check(step: ProvisioningStep) -> None:
    """``name`` fails the step every time; ``name:N`` fails its first N attempts."""
    for fault in settings.SPOTME_PROVISIONING_FAULTS:
        name, _, times = fault.partition(":")
        if name == step.name and (not times or step.attempts <= int(times)):
            raise InjectedFault(f"Injected fault in step {step.name!r} (attempt {step.attempts}).")


def provisioning_steps_create(run: ProvisioningRun) -> None:
    for position, (name, _label) in enumerate(STEPS):
        ProvisioningStep.objects.get_or_create(run=run, name=name, defaults={"position": position})


def _claim(run_id: int) -> ProvisioningRun | None:
    """Mark the run running, unless it is done or another worker is on it."""
    with transaction.atomic():
        run = ProvisioningRun.objects.select_for_update().get(pk=run_id)
        if run.status == ProvisioningRun.Status.SUCCEEDED:
            return None
        if (
            run.status == ProvisioningRun.Status.RUNNING
            and timezone.now() - run.updated_at < STALE_AFTER
        ):
            return None
        run.status = ProvisioningRun.Status.RUNNING
        run.attempts += 1
        run.started_at = run.started_at or timezone.now()
        run.last_error = ""
        run.save(update_fields=["status", "attempts", "started_at", "last_error", "updated_at"])
        return run


def provisioning_run_execute(run_id: int) -> ProvisioningRun:
    """Run every step that is not done yet. Safe to call twice and concurrently."""
    use_public_schema()
    run = _claim(run_id)
    if run is None:
        return ProvisioningRun.objects.get(pk=run_id)
    provisioning_steps_create(run)
    for step in run.steps.order_by("position"):
        if step.status == ProvisioningStep.Status.DONE:
            continue
        step.status = ProvisioningStep.Status.RUNNING
        step.attempts += 1
        step.started_at = timezone.now()
        step.finished_at = None
        step.error = ""
        step.save()
        ProvisioningRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())
        try:
            _fault_check(step)
            STEP_FUNCTIONS[step.name](run)
        except Exception as exc:
            use_public_schema()
            logger.exception("provisioning %s failed at step %s", run.slug, step.name)
            _fail(run, step, exc)
            return run
        finally:
            use_public_schema()
        step.status = ProvisioningStep.Status.DONE
        step.finished_at = timezone.now()
        step.save(update_fields=["status", "finished_at"])
    _succeed(run)
    return run


def _fail(run: ProvisioningRun, step: ProvisioningStep, exc: Exception) -> None:
    message = f"{type(exc).__name__}: {exc}"[:2000]
    step.status = ProvisioningStep.Status.FAILED
    step.finished_at = timezone.now()
    step.error = message
    step.save(update_fields=["status", "finished_at", "error"])
    run.status = ProvisioningRun.Status.FAILED
    run.last_error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "last_error", "finished_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditEvent.Action.PROVISIONING_FAILED,
        agency_slug=run.slug,
        agency_name=run.name,
        detail={"step": step.name, "error": message, "attempt": run.attempts},
    )


def _succeed(run: ProvisioningRun) -> None:
    run.refresh_from_db()
    run.status = ProvisioningRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    # The MyKads were needed to make the logins; the control plane keeps only masked copies.
    run.admins = [{**admin, "login_id": login_id_mask(admin["login_id"])} for admin in run.admins]
    run.save(update_fields=["status", "finished_at", "admins", "updated_at"])
    if run.application_id is not None and run.agency is not None:
        from shared_apps.onboarding.services import application_agency_link

        application_agency_link(application_id=run.application_id, agency=run.agency)
    audit_record(
        actor=None,
        action=AuditEvent.Action.PROVISIONING_SUCCEEDED,
        agency_slug=run.slug,
        agency_name=run.name,
        detail={"attempts": run.attempts},
    )


@transaction.atomic
def provisioning_run_retry(*, run_id: int, actor: object | None) -> ProvisioningRun:
    """Put a failed (or abandoned) run back in the queue; it resumes at the step that failed."""
    run = ProvisioningRun.objects.select_for_update().get(pk=run_id)
    stale = (
        run.status == ProvisioningRun.Status.RUNNING
        and timezone.now() - run.updated_at >= STALE_AFTER
    )
    if run.status != ProvisioningRun.Status.FAILED and not stale:
        from provisioning.services import ProvisioningError

        raise ProvisioningError("not_retryable", "Only a failed provisioning can be retried.")
    run.status = ProvisioningRun.Status.PENDING
    run.save(update_fields=["status", "updated_at"])
    failed = run.steps.filter(status=ProvisioningStep.Status.FAILED).first()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PROVISIONING_RETRIED,
        agency_slug=run.slug,
        agency_name=run.name,
        detail={"from_step": failed.name if failed else None},
    )
    from provisioning.tasks import provision_agency

    transaction.on_commit(lambda: provision_agency.delay(run.pk))
    return run

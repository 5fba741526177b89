"""Every write on projects: progress (derived, entered, rolled up), updates, follows."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import images
from apps.core.rows import get_or_create_once
from apps.notices import events
from apps.notices.services import event_publish

from .models import Follow, ProgressMethod, ProgressPhoto, ProgressUpdate, Project, Status

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _clamp_percent(value: Decimal) -> Decimal:
    return min(HUNDRED, max(Decimal(0), Decimal(value))).quantize(CENT, rounding=ROUND_HALF_UP)


def derived_percent(*, target: Decimal | None, achieved: Decimal | None) -> Decimal | None:
    """``achieved / target`` as a percentage in 0-100, or ``None`` when it can't be derived."""
    if target is None or achieved is None or target <= 0:
        return None
    return _clamp_percent(Decimal(achieved) * HUNDRED / Decimal(target))


def rolled_up_percent(children: Iterable[Project]) -> Decimal | None:
    """Weighted mean of the sub-projects' progress; cancelled ones and zero weights don't count."""
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for child in children:
        if child.status == Status.CANCELLED or child.weight <= 0:
            continue
        total_weight += child.weight
        weighted += child.weight * child.progress_percent
    if total_weight == 0:
        return None
    return _clamp_percent(weighted / total_weight)


def project_progress_refresh(*, project: Project) -> Project:
    """Recompute the project's progress (and achieved total from sub-projects sharing its
    unit); save it when it changed, then do the same up the parent chain."""
    children = list(project.children.all())
    before = (project.progress_percent, project.achieved_quantity)
    if children:
        percent = rolled_up_percent(children)
        if project.unit and all(c.unit == project.unit for c in children) and all(
            c.achieved_quantity is not None for c in children
        ):
            project.achieved_quantity = sum((c.achieved_quantity for c in children), Decimal(0))
    elif project.progress_method == ProgressMethod.DERIVED:
        percent = derived_percent(target=project.target_quantity, achieved=project.achieved_quantity)
    else:
        percent = None
    if percent is not None:
        project.progress_percent = percent
    if (project.progress_percent, project.achieved_quantity) != before:
        project.save(update_fields=["progress_percent", "achieved_quantity", "updated_at"])
    if project.parent_id:
        project_progress_refresh(project=project.parent)
    return project


def progress_figures_required(*, achieved_quantity, progress_percent) -> None:
    """The one rule for a progress update's figures (the admin's forms, the API and
    :func:`progress_update_post` all ask it): the achieved quantity, the percentage, or both."""
    if achieved_quantity is None and progress_percent is None:
        message = _("Give the achieved quantity or the progress percentage.")
        raise ValidationError({"achieved_quantity": [message], "progress_percent": [message]})


def _validate_update_input(
    project: Project, achieved_quantity, progress_percent, note: str
) -> tuple[Decimal | None, Decimal | None]:
    errors: dict[str, list[str]] = {}
    if achieved_quantity is not None:
        try:
            achieved_quantity = Decimal(str(achieved_quantity))
        except ArithmeticError:
            errors["achieved_quantity"] = [_("Enter a number.")]
        else:
            if not achieved_quantity.is_finite():
                errors["achieved_quantity"] = [_("Enter a number.")]
            elif achieved_quantity < 0:
                errors["achieved_quantity"] = [_("The achieved quantity cannot be negative.")]
            elif achieved_quantity >= Decimal("1e14"):
                errors["achieved_quantity"] = [_("The achieved quantity is too large.")]
    if progress_percent is not None:
        try:
            progress_percent = Decimal(str(progress_percent))
        except ArithmeticError:
            errors["progress_percent"] = [_("Enter a number.")]
        else:
            if not progress_percent.is_finite() or not (0 <= progress_percent <= 100):
                errors["progress_percent"] = [_("The progress must be between 0 and 100.")]
    try:
        progress_figures_required(achieved_quantity=achieved_quantity, progress_percent=progress_percent)
    except ValidationError as missing:
        errors.update(missing.message_dict)
    if not (note or "").strip():
        errors["note"] = [_("Write a short note about the progress.")]
    if project.status == Status.CANCELLED:
        errors["__all__"] = [_("This project was cancelled: no progress can be posted.")]
    if errors:
        raise ValidationError(errors)
    if achieved_quantity is not None:
        achieved_quantity = achieved_quantity.quantize(CENT, rounding=ROUND_HALF_UP)
    return achieved_quantity, progress_percent


@transaction.atomic
def progress_update_post(
    *,
    project: Project,
    actor,
    note: str,
    achieved_quantity: Decimal | int | float | str | None = None,
    progress_percent: Decimal | int | float | str | None = None,
    note_en: str = "",
    photos: Iterable = (),
    posted_at=None,
    is_illustrative: bool = False,
) -> ProgressUpdate:
    """Post progress on a project: record the update, move the project's figures and
    status, roll up to the parent, and hand the notices system one event for its followers,
    all in one transaction."""
    achieved_quantity, progress_percent = _validate_update_input(
        project, achieved_quantity, progress_percent, note
    )
    project = Project.objects.select_for_update().get(pk=project.pk)
    now = posted_at or timezone.now()
    if achieved_quantity is not None:
        project.achieved_quantity = achieved_quantity
    if progress_percent is not None:
        project.progress_method = ProgressMethod.ENTERED
        project.progress_percent = _clamp_percent(progress_percent)
    elif achieved_quantity is not None and not project.children.exists():
        project.progress_method = ProgressMethod.DERIVED
    today = timezone.localdate(now)
    if project.status == Status.PLANNED:
        project.status = Status.IN_PROGRESS
        project.actual_start = project.actual_start or today
    project.save()
    project_progress_refresh(project=project)
    project.refresh_from_db()
    if project.progress_percent >= HUNDRED and project.status != Status.COMPLETED:
        project.status = Status.COMPLETED
        project.actual_end = project.actual_end or today
        project.save(update_fields=["status", "actual_end", "updated_at"])

    update = ProgressUpdate.objects.create(
        project=project,
        note=note.strip(),
        note_en=(note_en or "").strip(),
        achieved_quantity=achieved_quantity,
        progress_percent=progress_percent,
        resulting_percent=project.progress_percent,
        posted_by=actor if getattr(actor, "is_authenticated", False) else None,
        posted_at=now,
        is_illustrative=is_illustrative,
    )
    for photo in photos:
        progress_photo_prepare(photo=ProgressPhoto(update=update, image=photo)).save()

    event_publish(
        kind=events.PROJECT_PROGRESS,
        subject=update,
        recipients=Follow.objects.filter(project=project).values_list("user_id", flat=True),
        context={
            "project_id": project.pk,
            "title": project.title,
            "title_en": project.title_en,
            "percent": float(project.progress_percent),
            "achieved": None if project.achieved_quantity is None else float(project.achieved_quantity),
            "target": None if project.target_quantity is None else float(project.target_quantity),
            "unit": project.unit,
            "unit_en": project.unit_en,
            "status": project.status,
            "note": update.note,
            "note_en": update.note_en,
        },
        link=project.get_absolute_url(),
        actor=update.posted_by,
    )
    return update


@transaction.atomic
def progress_update_reword(*, update: ProgressUpdate, actor, note: str, note_en: str = "",
                           is_illustrative: bool | None = None) -> ProgressUpdate:
    """Correct the wording of a posted update. Its figures are history and never change; the
    correction is a row of the update's history with who made it."""
    if not (note or "").strip():
        raise ValidationError({"note": [_("Write a short note about the progress.")]})
    update.note, update.note_en = note.strip(), (note_en or "").strip()
    if is_illustrative is not None:
        update.is_illustrative = is_illustrative
    update._history_user = actor
    update._change_reason = "wording corrected"
    update.save(update_fields=["note", "note_en", "is_illustrative"])
    return update


@transaction.atomic
def progress_update_delete(*, update: ProgressUpdate, actor) -> None:
    """Withdraw a posted update (a mistake). The project's figures stay as they are (later
    updates were posted on top of it); the deletion is a row of the update's history with who
    made it."""
    update._history_user = actor
    update._change_reason = "withdrawn"
    update.delete()


def project_follow(*, user, project: Project) -> tuple[Follow, bool]:
    """Follow a project; following twice is harmless (returns the existing follow)."""
    return get_or_create_once(Follow, user=user, project=project)


@transaction.atomic
def project_unfollow(*, user, project: Project) -> bool:
    """Stop following; unfollowing a project one doesn't follow is harmless."""
    deleted, _details = Follow.objects.filter(user=user, project=project).delete()
    return bool(deleted)


def progress_photo_prepare(*, photo: ProgressPhoto) -> ProgressPhoto:
    """A newly uploaded photo, before it is saved: the image at most 1600 px on its longer
    side, re-encoded without the camera's metadata, and a thumbnail for the timeline (issue 9)."""
    photo.image, photo.thumbnail = images.display_and_thumbnail(photo.image)
    return photo

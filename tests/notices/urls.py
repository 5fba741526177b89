"""A stand-in for a domain's "post an update" endpoint (the domain apps own theirs): the
change and its event commit together, delivery is queued on commit."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.notices import events
from apps.notices.services import event_publish


@csrf_exempt
@require_POST
def post_update(request):
    prefix = request.POST["followers"]
    with transaction.atomic():
        event = event_publish(
            kind=events.PROJECT_PROGRESS, subject="projects.progressupdate:test",
            recipients=get_user_model().objects.filter(username__startswith=prefix),
            context={"title": "老旧小区改造", "percent": 50}, link="/projects/1/",
        )
    return JsonResponse({"event": event.pk}, status=201)


urlpatterns = [path("test/post-update/", post_update)]

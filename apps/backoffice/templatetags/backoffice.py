from django import template
from django.urls import reverse

from apps.backoffice import changelists, kinds

register = template.Library()


@register.inclusion_tag("backoffice/object_tools.html", takes_context=True)
def bulk_tools(context):
    """Export (and, for importable models, import) links for the change list in ``context``,
    when the user may use them. The export link carries the list's filters and search."""
    request = context.get("request")
    changelist = context.get("cl")
    if request is None or changelist is None or getattr(request, "_bulk_tools_shown", False):
        return {"links": False}  # (once a page: an app may still extend the shared template)
    request._bulk_tools_shown = True
    model_admin = changelist.model_admin
    label = model_admin.model._meta.label_lower
    if not type(model_admin).__module__.startswith("apps.") or label == "backoffice.bulkjob":
        return {"links": False}
    export_url = import_url = None
    if changelists.can_export(request.user, model_admin, request):
        export_url = reverse("admin:backoffice_export", args=[label])
        if request.GET:
            export_url += "?" + request.GET.urlencode()
    if label in kinds.import_resources() and changelists.can_import(request.user, label):
        import_url = reverse("admin:backoffice_import", args=[label])
    return {"links": bool(export_url or import_url), "export_url": export_url, "import_url": import_url}

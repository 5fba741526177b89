from django.shortcuts import render


def dashboard(request):
    """The district dashboard (placeholder until the projects feature fills it)."""
    return render(request, "projects/dashboard.html")

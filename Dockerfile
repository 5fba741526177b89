# Production image: the same pinned requirements and commands as the Makefile.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 portal
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files and compiled catalogues are built into the image (a throwaway key is enough).
RUN DJANGO_SECRET_KEY=build-only python manage.py translations compile \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && mkdir -p /app/media /app/private && chown -R portal /app/media /app/private
USER portal
EXPOSE 8000
# gunicorn reads its worker count from WEB_CONCURRENCY (set per deployment in docker-compose.yml)
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

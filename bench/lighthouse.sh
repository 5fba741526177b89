#!/usr/bin/env bash
# Lighthouse mobile audit of the public pages in production mode (issue 19).
#
# Serves the portal as it is deployed (DJANGO_DEBUG=0, collectstatic, gunicorn, no base map
# tiles) on a fresh SQLite database loaded with seed_demo, then runs Lighthouse's default
# mobile audit on every listed page in Chinese, English and senior-friendly mode, and prints
# a Markdown table of the scores (performance, accessibility, best practices, SEO, CLS).
#
#   bench/lighthouse.sh                      # every page, every variant
#   PAGES="home nearby" VARIANTS="zh" bench/lighthouse.sh
#   LIGHTHOUSE_DIR=/tmp/lh PORT=8765 bench/lighthouse.sh
#
# Needs Chromium (CHROME_PATH, default /usr/bin/chromium) and Node with lighthouse 12.2.3
# (installed once with `npm i -E lighthouse@12.2.3` in $LIGHTHOUSE_DIR, default /tmp/lh; the
# script installs it there when missing). Exits non-zero when a page misses the targets:
# accessibility, best practices and SEO 100, performance >= 95, CLS < 0.05. With
# LIGHTHOUSE_PERFORMANCE_ADVISORY=1 (CI) performance and pages Lighthouse could not record
# (both depend on the machine's load) are reported, not failed; the rest still fail.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PY:-$ROOT/.venv/bin/python}"
PORT="${PORT:-8765}"
LIGHTHOUSE_VERSION=12.2.3
LIGHTHOUSE_DIR="${LIGHTHOUSE_DIR:-/tmp/lh}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
OUT="${OUT:-$ROOT/bench/results/lighthouse}"
WORK="$(mktemp -d)"
mkdir -p "$OUT"

if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LIGHTHOUSE_DIR"
  (cd "$LIGHTHOUSE_DIR" && npm i -E "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
fi
LIGHTHOUSE="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"

# Production settings, plain HTTP on localhost (no TLS proxy in front of the benchmark).
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="lighthouse-bench-only-$(date +%s)-not-a-real-secret-key-0123456789"
export PERSONAL_DATA_KEY="lighthouse-bench-only-personal-data-key-0123456789"
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="sqlite:///$WORK/lighthouse.sqlite3"
export DJANGO_MEDIA_ROOT="$WORK/media" DJANGO_PRIVATE_MEDIA_ROOT="$WORK/private"
export MAP_PROVIDER="${MAP_PROVIDER:-none}" MAP_TILE_URL="${MAP_TILE_URL:-}"
unset REDIS_URL

"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py seed_demo >/dev/null
"$PY" manage.py collectstatic --noinput >/dev/null

# The detail pages of the first seeded object of each kind, and a signed-in resident's
# session for the notices page.
"$PY" manage.py shell -c '
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from apps.canteens.models import Canteen
from apps.charging.models import ChargingStation
from apps.parks.models import Park
from apps.projects.models import Project
User = get_user_model()
user, _ = User.objects.get_or_create(username="lighthouse-resident", defaults={"email": ""})
user.set_password("Lighthouse-bench-2026!"); user.save()
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print("SESSION", s.session_key)
from apps.places import registry
for name, model in (("canteen", Canteen), ("charging", ChargingStation), ("park", Park)):
    print(name, registry.detail_url(model.objects.first().kind, model.objects.order_by("pk").first().pk))
from apps.places.models import Facility
for kind in ("eldercare", "health", "parking", "accessibility"):
    first = Facility.objects.published().filter(kind=kind).order_by("pk").first()
    print(kind, registry.detail_url(kind, first.pk) if first else "/")
from apps.reports.models import Report
report = Report.objects.filter(hidden=False).order_by("pk").first()
print("report", f"/reports/{report.pk}/" if report else "/reports/")
print("project", Project.objects.order_by("pk").first().get_absolute_url())
' > "$WORK/urls.txt"
SESSION="$(awk '$1=="SESSION"{print $2}' "$WORK/urls.txt")"
url_of() { awk -v k="$1" '$1==k{print $2}' "$WORK/urls.txt"; }

"$ROOT/.venv/bin/gunicorn" portal.wsgi -b "127.0.0.1:$PORT" -w 2 --access-logfile /dev/null \
  --error-logfile "$WORK/gunicorn.log" &
GUNICORN=$!
stop() { kill -TERM "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
trap 'stop; exit 130' INT TERM
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

declare -A PATHS=(
  [home]="/"
  [nearby]="/nearby/"
  [nearby-results]="/nearby/?lat=30.5790&lon=114.2530&radius=1000"
  [canteens]="/canteens/"
  [canteen]="$(url_of canteen)"
  [charging]="/charging/"
  [station]="$(url_of charging)"
  [parks]="/parks/"
  [park]="$(url_of park)"
  [projects]="/projects/"
  [project]="$(url_of project)"
  [coverage]="/coverage/"
  [housing-swap]="/housing-swap/"
  [login]="/accounts/login/"
  [register]="/accounts/register/"
  [notices]="/notices/"
  [eldercare-list]="/eldercare/"
  [eldercare]="$(url_of eldercare)"
  [health-list]="/health/"
  [health]="$(url_of health)"
  [parking-list]="/parking/"
  [car-park]="$(url_of parking)"
  [accessibility-list]="/accessibility/"
  [accessibility-site]="$(url_of accessibility)"
  [reports]="/reports/"
  [report]="$(url_of report)"
  [report-new]="/reports/new/"
  [open-data]="/open-data/"
)
PAGES="${PAGES:-home nearby nearby-results canteens canteen charging station parks park eldercare-list eldercare health-list health parking-list car-park accessibility-list accessibility-site projects project coverage reports report report-new housing-swap login register notices open-data}"
VARIANTS="${VARIANTS:-zh en senior}"

run_once() {  # url headers output -> 0 when Lighthouse wrote a usable report (3 tries)
  for attempt in 1 2 3; do
    if "$LIGHTHOUSE" "$1" --quiet --output=json --output-path="$3" --extra-headers="$2" \
        --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>&1 \
      && "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if not r.get("runtimeError") and r["audits"]["cumulative-layout-shift"].get("numericValue") is not None else 1)' "$3"; then
      return 0
    fi
    echo "retrying $3, attempt $attempt failed" >&2
  done
  return 1
}

audit() {  # page variant -> writes $OUT/<page>-<variant>.json
  local page="$1" variant="$2" cookie lang report="$OUT/$1-$2.json"
  case "$variant" in
    zh) lang="zh-CN,zh;q=0.9"; cookie="portal_language=zh-hans" ;;
    en) lang="en-US,en;q=0.9"; cookie="portal_language=en" ;;
    senior) lang="zh-CN,zh;q=0.9"; cookie="portal_language=zh-hans; senior_mode=1" ;;
  esac
  [ "$page" = notices ] && cookie="$cookie; sessionid=$SESSION"
  printf '{"Accept-Language": "%s", "Cookie": "%s"}' "$lang" "$cookie" > "$WORK/headers.json"
  local url="http://127.0.0.1:$PORT${PATHS[$page]}"
  run_once "$url" "$WORK/headers.json" "$report" || return 1
  # Performance (total blocking time above all) varies with the machine's load: when the
  # first run misses 95, two more runs are made and the median one (by performance) is kept,
  # as Lighthouse's own guidance on variability recommends. The other categories and CLS
  # do not depend on load.
  if ! "$PY" -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["categories"]["performance"]["score"] >= 0.95 else 1)' "$report"; then
    run_once "$url" "$WORK/headers.json" "$report.2" || cp "$report" "$report.2"
    run_once "$url" "$WORK/headers.json" "$report.3" || cp "$report" "$report.3"
    "$PY" - "$report" <<'PYEOF'
import json, shutil, sys
report = sys.argv[1]
runs = [report, report + ".2", report + ".3"]
scores = sorted(runs, key=lambda path: json.load(open(path))["categories"]["performance"]["score"] or 0)
median = scores[1]
if median != report:
    shutil.copyfile(median, report)
for path in runs[1:]:
    shutil.move(path, path.replace(".json.", ".run"))
PYEOF
  fi
}

for page in $PAGES; do
  for variant in $VARIANTS; do
    audit "$page" "$variant" || echo "FAILED $page $variant" >&2
  done
done

"$PY" - "$OUT" $PAGES -- $VARIANTS <<'EOF'
import json, os, sys
from pathlib import Path
out = Path(sys.argv[1]); args = sys.argv[2:]
split = args.index("--"); pages, variants = args[:split], args[split + 1:]
print("| page | variant | performance | accessibility | best practices | SEO | CLS | failing audits |")
print("|---|---|---|---|---|---|---|---|")
advisory = os.environ.get("LIGHTHOUSE_PERFORMANCE_ADVISORY") == "1"
bad = slow = missing = 0
for page in pages:
    for variant in variants:
        path = out / f"{page}-{variant}.json"
        if not path.exists():
            print(f"| {page} | {variant} | – | – | – | – | – | no report |"); missing += 1; continue
        report = json.loads(path.read_text())
        cats = report["categories"]
        score = {k: round((cats[k]["score"] or 0) * 100) for k in ("performance", "accessibility", "best-practices", "seo")}
        cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
        failing = sorted({
            ref["id"] for k in ("accessibility", "best-practices", "seo") for ref in cats[k]["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
        })
        fast = score["performance"] >= 95
        ok = ((fast or advisory) and cls < 0.05
              and all(score[k] == 100 for k in ("accessibility", "best-practices", "seo")))
        bad += not ok
        slow += not fast
        print(f"| {page} | {variant} | {score['performance']} | {score['accessibility']} | "
              f"{score['best-practices']} | {score['seo']} | {cls:.3f} | {', '.join(failing) or ('' if ok else 'performance/CLS')} |")
if advisory and (slow or missing):
    print(f"\nadvisory: {slow} report(s) under performance 95 and {missing} page(s) Lighthouse could not "
          "record (load-dependent; not counted as failures with LIGHTHOUSE_PERFORMANCE_ADVISORY=1)")
sys.exit(1 if bad or (missing and not advisory) else 0)
EOF

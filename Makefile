# The two commands of CONTRACT §1, plus a few helpers. Needs only python3 (3.11+), make, git.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# make test runs the suite in two processes (pytest-xdist; one per core here); TEST_PROCESSES=0 runs it in one
TEST_PROCESSES ?= 2
STAMP := $(VENV)/.installed

.PHONY: run test install migrate messages compilemessages lint worker beat clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Translations are compiled with polib (pure Python), so no system gettext is needed.
compilemessages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py translations compile

run: $(STAMP) compilemessages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) compilemessages
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Re-extract strings (needs GNU gettext, developers only), fill English, compile.
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	DJANGO_DEBUG=1 $(PY) manage.py translations fill-en
	DJANGO_DEBUG=1 $(PY) manage.py translations compile

worker: $(STAMP)
	$(VENV)/bin/celery -A portal worker --loglevel=INFO

beat: $(STAMP)
	$(VENV)/bin/celery -A portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

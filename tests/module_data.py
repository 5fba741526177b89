"""Test data built once per test module: expensive random cities that every test of a module
reads. ``built_once`` builds it inside a transaction that is rolled back when the module ends;
each test then runs in pytest-django's usual savepoint inside it, so what a test writes is
still undone after it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def built_once(django_db_blocker, build: Callable[[], dict]) -> Iterator[dict]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)

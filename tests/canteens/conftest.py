import io

import pytest


class FakeCommand:
    def __init__(self):
        self.stdout = io.StringIO()
        self.demo_accounts = []


@pytest.fixture
def seeded_places(db):
    from apps.places import seed as places_seed

    places_seed.run(FakeCommand())


@pytest.fixture
def command():
    return FakeCommand()

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with tiny cost parameters, for tests only: the same algorithm and hash
    format ("argon2$..."), without 100 MiB of memory work per user the suite creates."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1

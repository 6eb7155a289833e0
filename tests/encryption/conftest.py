"""Encryption tests: a keyring in memory (never the user's own), and the key source reset after each test."""

import pytest

from terminassistent.storage import cipher

pytestmark = pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed")


class MemoryKeyring:
    """A keyring backend holding passwords in a dict."""

    def __init__(self):
        from keyring.backend import KeyringBackend

        class Backend(KeyringBackend):
            priority = 1
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                from keyring.errors import PasswordDeleteError

                if (service, username) not in self.store:
                    raise PasswordDeleteError(username)
                del self.store[(service, username)]

        self.backend = Backend()
        self.backend.store = {}


@pytest.fixture(autouse=True)
def no_key_source():
    """No key source from an earlier test, and never the user's own keyring."""
    import keyring
    from keyring.backends import fail

    previous = cipher.set_key_source(lambda path: None)
    ring = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(ring)
    cipher.set_key_source(previous)


@pytest.fixture
def keyring_in_memory():
    import keyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring().backend
    keyring.set_keyring(memory)
    yield memory.store
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """No usable keyring (as no_key_source already sets up; named for the tests that rely on it)."""
    yield

"""Generated stories of sign-ins, disabling, new passwords and sign-outs, against a model.

Invariants, after every step:
- signs-in-exactly-when: a sign-in succeeds if and only if the account exists, is not
  disabled, the password is its current one, and fewer than the limit of failures for
  that address (and that client address) fall in the window;
- held-only-over-the-limit: "too many failed sign-ins" is said exactly when the model
  counts the limit reached;
- a-session-lasts-until-ended: every session the model holds open signs its account in,
  and every one ended (sign-out, disable, new password) signs no one in.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from afterword.accounts import service
from afterword.storage.session import get_engine, session_scope

START = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
PEOPLE = ("ana@example.org", "bo@example.org", "nobody@example.org")
ADDRESSES = ("10.0.0.1", "10.0.0.2")
PASSWORDS = ("first password one", "second password two", "a wrong guess at it")


def _empty(url: str) -> None:
    with get_engine(url).begin() as connection:
        connection.execute(
            sa.text("TRUNCATE accounts, server_sessions, sign_in_attempts, users CASCADE")
        )


def test_sign_in_story_keeps_its_invariants(
    server_database_url: str, _migrated_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same argon2id, with light parameters: the story hashes hundreds of times.
    monkeypatch.setattr(service, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    url = server_database_url

    class SignInStory(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty(_migrated_postgres)
            self.now = START
            self.password = {PEOPLE[0]: PASSWORDS[0], PEOPLE[1]: PASSWORDS[0]}
            self.disabled: set[str] = set()
            self.failures: list[tuple[str, dt.datetime]] = []
            self.open: dict[str, str] = {}  # token -> email
            self.ended: set[str] = set()
            with session_scope(url) as session:
                for email in PEOPLE[:2]:
                    service.add_account(
                        session=session, email=email, role="seeker", password=PASSWORDS[0],
                        timezone="UTC", country="GB", now=self.now,
                    )  # fmt: skip

        def _count(self, subject: str) -> int:
            since = self.now - service.ATTEMPT_WINDOW
            return sum(1 for who, at in self.failures if who == subject and at > since)

        @rule(
            email=st.sampled_from(PEOPLE),
            password=st.sampled_from(PASSWORDS),
            address=st.sampled_from(ADDRESSES),
        )
        def sign_in(self, email: str, password: str, address: str) -> None:
            held_account = self._count(f"email:{email}") >= service.MAX_FAILURES_PER_ACCOUNT
            held_address = self._count(f"ip:{address}") >= service.MAX_FAILURES_PER_ADDRESS
            good = (
                email in self.password
                and email not in self.disabled
                and self.password[email] == password
            )
            with session_scope(url) as session:
                outcome = service.sign_in(
                    session=session, email=email, password=password, address=address, now=self.now
                )
                token = (
                    service.open_session(session=session, account=outcome.account, now=self.now)
                    if outcome.account is not None
                    else None
                )
            held = held_account or held_address
            # signs-in-exactly-when
            assert (token is not None) == (good and not held), (email, password, outcome)
            # held-only-over-the-limit
            assert (outcome.refusal or "").startswith("too many") == held
            if token is not None:
                self.open[token] = email
            elif not held:
                self.failures += [(f"email:{email}", self.now), (f"ip:{address}", self.now)]

        @rule(minutes=st.integers(min_value=1, max_value=20))
        def time_passes(self, minutes: int) -> None:
            self.now += dt.timedelta(minutes=minutes)

        @rule(email=st.sampled_from(PEOPLE[:2]))
        def disable(self, email: str) -> None:
            with session_scope(url) as session:
                service.disable_account(session=session, email=email, now=self.now)
            self.disabled.add(email)
            self._end_sessions_of(email)

        @rule(email=st.sampled_from(PEOPLE[:2]), password=st.sampled_from(PASSWORDS[:2]))
        def new_password(self, email: str, password: str) -> None:
            with session_scope(url) as session:
                service.reset_password(session=session, email=email, password=password)
            self.password[email] = password
            self._end_sessions_of(email)

        @rule(data=st.data())
        def sign_out(self, data: st.DataObject) -> None:
            if not self.open:
                return
            token = data.draw(st.sampled_from(sorted(self.open)))
            with session_scope(url) as session:
                service.end_session(session=session, token=token)
            del self.open[token]
            self.ended.add(token)

        def _end_sessions_of(self, email: str) -> None:
            for token in [t for t, who in self.open.items() if who == email]:
                del self.open[token]
                self.ended.add(token)

        @invariant()
        def a_session_lasts_until_ended(self) -> None:
            with session_scope(url) as session:
                for token, email in self.open.items():
                    signed = service.signed_in(session=session, token=token, now=self.now)
                    assert signed is not None and signed.email == email
                for token in self.ended:
                    assert service.signed_in(session=session, token=token, now=self.now) is None

    run_state_machine_as_test(
        SignInStory,
        settings=settings(
            max_examples=15,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )

"""The background warm-up's steps (issue 12): the clients whose kept draws are missing
are listed, each is computed and kept in its own short transaction, the units read with
them equal the whole history, and a write in between keeps nothing."""

from __future__ import annotations

import dataclasses

from tests.services.test_billing_cache import TODAY, _assert_same, _by_day, _pairs, agency_file
from tests.services.test_narrow_billing import whole_history_usage

from sessionlog.services import billing
from sessionlog.services.billing import (
    authorization_runs,
    clients_missing_draws,
    lines_for_days,
    warm_client_draws,
)
from sessionlog.store import Store

__all__ = ["agency_file"]  # the module-scoped generated agency, shared with its tests


def _history_computations(store: Store, monkeypatch, pairs) -> int:
    """How many runs of authorizations the units of ``pairs`` compute from history."""
    computed = 0
    real = billing._run_draws

    def counting(store, client_id, run, last, auths, context, keep=None):
        nonlocal computed
        before = len(keep) if keep is not None else 0
        result = real(store, client_id, run, last, auths, context, keep)
        computed += (len(keep) - before) if keep is not None else 0
        return result

    monkeypatch.setattr(billing, "_run_draws", counting)
    try:
        lines_for_days(store, pairs)
    finally:
        monkeypatch.setattr(billing, "_run_draws", real)
    return computed


def _other_rounding(payer) -> str:
    return "down" if payer.rounding != "down" else "midpoint"


def test_warming_every_missing_client_leaves_history_nothing_to_compute(
    agency: Store, monkeypatch
) -> None:
    missing = clients_missing_draws(agency)
    with_auths = {a.client_id for a in agency.authorizations_of(c.id for c in agency.clients())}
    assert missing and set(missing) >= with_auths  # nothing kept on a fresh database
    pairs = _pairs(agency, 300, seed=13)
    assert _history_computations(agency, monkeypatch, pairs) > 0  # cold: History computes

    # Cold again (the kept draws forgotten), then warmed client by client.
    agency.db.execute("DELETE FROM billing_cache")
    agency.db.execute("DELETE FROM billing_draws")
    runs = sum(warm_client_draws(agency, client_id) for client_id in missing)
    assert runs >= len(missing)
    assert clients_missing_draws(agency) == []
    assert warm_client_draws(agency, missing[0]) == 0  # nothing left to do for it
    assert _history_computations(agency, monkeypatch, pairs) == 0  # the warm cost
    _assert_same(agency, pairs)  # and the units are the whole history's


def test_a_payer_edit_lists_its_clients_again(agency: Store) -> None:
    for client_id in clients_missing_draws(agency):
        warm_client_draws(agency, client_id)
    client = agency.clients()[0]
    payer = agency.payer(client.payer_id)
    agency.save_payer(dataclasses.replace(payer, rounding=_other_rounding(payer)))
    again = clients_missing_draws(agency)
    assert client.id in again and agency.authorizations(client.id)


def test_a_write_after_the_generation_was_read_keeps_nothing(agency: Store, monkeypatch) -> None:
    """The warm-up reads the generation before anything else: a payer edited while it
    computes (here, as it reads the client's authorizations) leaves nothing kept."""
    client_id = clients_missing_draws(agency)[0]
    client = agency.client(client_id)
    real = agency.authorizations

    def edited_meanwhile(cid: str):
        auths = real(cid)
        payer = agency.payer(client.payer_id)
        agency.save_payer(dataclasses.replace(payer, rounding=_other_rounding(payer)))
        return auths

    monkeypatch.setattr(agency, "authorizations", edited_meanwhile)
    warm_client_draws(agency, client_id)
    monkeypatch.undo()
    assert client_id in clients_missing_draws(agency)
    assert agency.db.execute("SELECT count(*) FROM billing_draws").fetchone()[0] == 0


def test_units_after_the_warm_up_equal_units_computed_cold(agency: Store) -> None:
    pairs = _pairs(agency, 200, seed=17)
    cold = lines_for_days(agency, pairs)
    agency.db.execute("DELETE FROM billing_cache")
    agency.db.execute("DELETE FROM billing_draws")
    for client_id in clients_missing_draws(agency):
        warm_client_draws(agency, client_id)
    assert _by_day(lines_for_days(agency, pairs)) == _by_day(cold)


def _kept_draws(store: Store) -> list[tuple]:
    return store.db.execute(
        "SELECT client_id, service_date, authorization_id, units FROM billing_draws "
        "ORDER BY client_id, service_date, authorization_id"
    ).fetchall()


def _forget_draws(store: Store) -> None:
    store.db.execute("DELETE FROM billing_cache")
    store.db.execute("DELETE FROM billing_draws")


def _parts_of_run(store: Store, client_id: str, run: tuple) -> int:
    days = {day for _, day in store.billed_days(run[0], run[1], client_id)}
    return 1 + max(len(days) - 1, 0) // billing.WARM_PART_DAYS


def _parts_of(store: Store, client_id: str) -> int:
    """How many parts the warm-up computes the client's runs of authorizations in."""
    runs = authorization_runs(store.authorizations(client_id))
    return sum(_parts_of_run(store, client_id, run) for run in runs)


def test_runs_computed_in_parts_keep_the_draws_of_runs_computed_whole(
    agency: Store, monkeypatch
) -> None:
    """A day's units depend on that day's sessions and what was drawn before it, so the
    warm-up may stop between two days: parts of three days with sessions keep exactly
    the draws (and validity) of each run computed in one go."""
    missing = clients_missing_draws(agency)
    monkeypatch.setattr(billing, "WARM_PART_DAYS", 10_000)
    whole = sum(warm_client_draws(agency, client_id) for client_id in missing)
    kept_whole = _kept_draws(agency)
    validity_whole = agency.billing_validity(billing.RULES_VERSION)
    assert kept_whole and clients_missing_draws(agency) == []

    _forget_draws(agency)
    monkeypatch.setattr(billing, "WARM_PART_DAYS", 3)
    parts = sum(warm_client_draws(agency, client_id) for client_id in missing)
    assert parts == sum(_parts_of(agency, client_id) for client_id in missing)
    assert parts > whole  # runs were split, many times
    assert _kept_draws(agency) == kept_whole
    assert agency.billing_validity(billing.RULES_VERSION) == validity_whole
    assert clients_missing_draws(agency) == []


def test_a_client_given_way_keeps_the_parts_it_computed_and_stays_listed(
    agency: Store, monkeypatch
) -> None:
    """The warm-up gives way to the coach between two parts of a run of authorizations:
    what it computed is kept (the run valid up to where it got), the client is listed
    again, and the next pass computes the rest from there, to the same draws."""
    monkeypatch.setattr(billing, "WARM_PART_DAYS", 3)
    missing = clients_missing_draws(agency)
    client_id = max(missing, key=lambda c: _parts_of(agency, c))
    runs = authorization_runs(agency.authorizations(client_id))
    per_run = [_parts_of_run(agency, client_id, run) for run in runs]
    split = next(i for i, parts in enumerate(per_run) if parts >= 2)  # a run in parts
    before = sum(per_run[:split]) + 1  # the runs before it, and its first part
    asked: list[int] = []

    def give_way_within_the_run() -> bool:
        asked.append(1)
        return len(asked) > before

    assert warm_client_draws(agency, client_id, give_way_within_the_run) == before
    assert client_id in clients_missing_draws(agency)
    first, last = runs[split]
    got_to = agency.billing_valid_before(client_id, first, billing.RULES_VERSION)
    assert got_to is not None and first < got_to <= last  # valid up to where it got
    assert warm_client_draws(agency, client_id, lambda: True) == 0  # nothing, not even a part
    assert warm_client_draws(agency, client_id) == sum(per_run) - before
    assert client_id not in clients_missing_draws(agency)
    in_parts = [row for row in _kept_draws(agency) if row[0] == client_id]

    _forget_draws(agency)
    assert warm_client_draws(agency, client_id) == sum(per_run)
    assert [row for row in _kept_draws(agency) if row[0] == client_id] == in_parts


def test_authorization_usage_after_a_partial_warm_up_is_the_whole_historys(
    agency: Store, monkeypatch
) -> None:
    """The Setup window's meters read the kept draws: after a warm-up that gave way
    within runs (each valid up to where it got), they are still the whole history's,
    exhausted authorizations included."""
    monkeypatch.setattr(billing, "WARM_PART_DAYS", 3)
    for n, client_id in enumerate(clients_missing_draws(agency)):
        parts_before_giving_way = n % 4 + 1  # 1 to 4, client by client
        asked: list[int] = []

        def give_way(asked: list[int] = asked, parts: int = parts_before_giving_way) -> bool:
            asked.append(1)
            return len(asked) > parts

        warm_client_draws(agency, client_id, give_way)
    assert clients_missing_draws(agency)  # some given way
    exhausted = 0
    for client in agency.clients():
        usage = billing.authorization_usage_for_client(agency, client.id, TODAY)
        assert usage == whole_history_usage(agency, client.id, TODAY), client.id
        exhausted += sum(1 for u in usage if u.used and u.remaining == 0)
    assert exhausted  # the comparison covers authorizations that ran out

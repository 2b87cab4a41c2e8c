"""The background warm-up's steps (issue 12): the clients whose kept draws are missing
are listed, each is computed and kept in its own short transaction, the units read with
them equal the whole history, and a write in between keeps nothing."""

from __future__ import annotations

import dataclasses

from tests.services.test_billing_cache import _assert_same, _by_day, _pairs, agency_file

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


def test_a_client_given_way_keeps_the_runs_it_computed_and_stays_listed(agency: Store) -> None:
    """The warm-up gives way to the coach between two runs of authorizations: what it
    computed is kept, the client is listed again, and the next pass keeps the rest."""
    missing = clients_missing_draws(agency)
    client_id = max(missing, key=lambda c: len(authorization_runs(agency.authorizations(c))))
    runs = len(authorization_runs(agency.authorizations(client_id)))
    assert runs >= 2
    asked: list[int] = []

    def give_way_after_one_run() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert warm_client_draws(agency, client_id, give_way_after_one_run) == 1
    assert client_id in clients_missing_draws(agency)
    assert warm_client_draws(agency, client_id) == runs - 1
    assert client_id not in clients_missing_draws(agency)
    assert warm_client_draws(agency, client_id, lambda: True) == 0

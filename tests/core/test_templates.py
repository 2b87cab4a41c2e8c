"""Templates' placeholders make a note incomplete; the rules of templates and quick texts;
the cloning guard's similarity and the copied-text marks (all pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sessionlog.core.cloning import (
    CopyMark,
    PriorNote,
    cloning_warnings,
    copy_warnings,
    similarity,
)
from sessionlog.core.completeness import missing_elements
from sessionlog.core.models import Segment, Session
from sessionlog.core.placeholders import first_placeholder, placeholders
from sessionlog.core.templates import (
    NoteTemplate,
    QuickText,
    example_template,
    quick_text_at,
    quick_text_problems,
    template_problems,
)

START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _note(**text: str) -> Session:
    session = Session(
        "s1",
        "c1",
        "st1",
        "H2023",
        segments=[Segment(START, START + timedelta(minutes=30))],
        place_of_service="18",
        objective_ids=["o1"],
        timezone="America/Chicago",
    )
    session.intervention = text.get("intervention", "Modeled the task list at the worksite.")
    session.response = text.get(
        "response", "Stocked two shelves with one verbal prompt; greeted the supervisor twice."
    )
    session.plan = text.get("plan", "Fade prompts for restocking next visit.")
    session.note = text.get("note", "")
    return session


def test_placeholders_are_found_in_order_and_the_first_is_located() -> None:
    text = "Did [what the client did] with [how many] prompts."
    assert placeholders(text) == ["[what the client did]", "[how many]"]
    assert first_placeholder(text) == (4, 25)
    assert text[4:25] == "[what the client did]"
    assert placeholders("No brackets here, (parentheses) are fine.") == []
    assert first_placeholder("nothing") is None


def test_a_note_still_holding_a_placeholder_is_incomplete_naming_the_field() -> None:
    assert missing_elements(_note()) == []
    found = missing_elements(
        _note(response="[What the client did] with [number] prompts.", note="Met at [place].")
    )
    assert [(m.field, m.message) for m in found] == [
        ("note", "Replace the placeholder [place] in the narrative."),
        ("response", "Replace the placeholder [What the client did] (and 1 more) in the response."),
    ]


def test_a_template_needs_a_coach_a_known_code_and_some_text_and_is_one_per_code() -> None:
    good = NoteTemplate("t1", "st1", "H2023", response="[What the client did].")
    assert template_problems(good) == []
    bad = NoteTemplate("t2", "", "H9999")
    assert {p.field for p in template_problems(bad)} == {"staff", "code", "intervention"}
    twin = NoteTemplate("t3", "st1", "H2023", plan="Next: [what].")
    assert [p.message for p in template_problems(twin, [good])] == [
        "You already have a template for H2023."
    ]
    assert template_problems(good, [good]) == []  # saving itself again is no duplicate


def test_examples_are_all_placeholders_so_they_cannot_be_signed_unread() -> None:
    for code in ("H2023", "H2014", "H0038"):
        example = example_template(code)
        assert example.code == code
        for name in ("intervention", "response", "plan"):
            assert placeholders(example.field_text(name)), (code, name)


def test_quick_text_keys_start_with_a_semicolon_and_are_unique_per_coach() -> None:
    good = QuickText("q1", "st1", ";prompt", "with one verbal prompt")
    assert quick_text_problems(good) == []
    assert [p.field for p in quick_text_problems(QuickText("q2", "st1", "prompt", "x"))] == ["key"]
    assert [p.field for p in quick_text_problems(QuickText("q2", "st1", ";p", " "))] == ["phrase"]
    same_key = QuickText("q3", "st1", ";PROMPT", "other")
    assert [p.field for p in quick_text_problems(same_key, [good])] == ["key"]
    other_coach = QuickText("q4", "st2", ";prompt", "other")
    assert quick_text_problems(other_coach, [good]) == []


def test_a_quick_text_key_expands_only_as_a_whole_word_it_knows() -> None:
    phrases = {";prompt": "with one verbal prompt"}
    assert quick_text_at("Stocked shelves ;prompt", phrases) == (
        ";prompt",
        "with one verbal prompt",
    )
    assert quick_text_at(";PROMPT", phrases) == (";PROMPT", "with one verbal prompt")
    assert quick_text_at("a;prompt", phrases) is None  # inside a word
    assert quick_text_at("x ;unknown", phrases) is None
    assert quick_text_at("", phrases) is None


def test_similarity_ignores_case_spacing_and_punctuation_and_separates_different_texts():
    assert similarity("Stocked  two shelves.", "stocked two SHELVES!") == 1.0
    first = "Stocked two shelves at the store with one verbal prompt and asked for the next task."
    second = "Stocked two shelves at the store with one visual prompt and asked for the next task."
    assert 0.9 <= similarity(first, second) < 1.0
    assert similarity("Stocked two shelves.", "Practiced a bus route to the clinic.") < 0.9


def test_cloning_guard_names_the_date_of_the_repeated_note() -> None:
    session = _note()
    same = PriorNote("s0", date(2026, 11, 20), session.intervention, session.response, session.plan)
    warnings = cloning_warnings(session, [same])
    assert [w.field for w in warnings] == ["response", "narrative"]
    assert "is identical to the note of 2026-11-20" in warnings[0].message

    nearly = PriorNote(
        "s0",
        date(2026, 11, 18),
        "Practiced the bus route.",
        "Stocked two shelves with one verbal prompt; greeted the supervisor.",
        "Plan a new route.",
    )
    [warning] = cloning_warnings(session, [nearly])
    assert warning.field == "response" and "the note of 2026-11-18" in warning.message
    assert "% the same as" in warning.message

    different = PriorNote("s0", date(2026, 11, 17), "Bus route.", "Missed the bus twice.", "Retry.")
    assert cloning_warnings(session, [different]) == []
    # Its own row never counts, and short texts are too short to call cloned.
    assert cloning_warnings(session, [PriorNote("s1", date(2026, 11, 24), "a", "b", "c")]) == []
    short = _note(response="Did well.")
    assert [
        w.field
        for w in cloning_warnings(
            short, [PriorNote("s9", date(2026, 11, 1), "x", "Did well.", "y")]
        )
    ] == []


def test_copied_text_is_flagged_until_the_field_is_edited() -> None:
    session = _note(plan="Fade prompts for restocking next visit.")
    mark = CopyMark("plan", "s0", date(2026, 11, 20), "Fade prompts for restocking next visit.")
    [warning] = copy_warnings(session, [mark])
    assert warning.field == "plan"
    assert "copied from the note of 2026-11-20 and not edited" in warning.message
    edited = _note(plan="Fade prompts for restocking; start price tags.")
    assert copy_warnings(edited, [mark]) == []

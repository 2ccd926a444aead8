from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.model import BasicCard, Card, ClozeCard
from fmflash.review.log.today import Today
from fmflash.review.scheduling.grades import Sm2Grade
from fmflash.review.scheduling.schedule import Reason
from fmflash.review.session.items import Item, items_of, review_items
from fmflash.review.session.plan import Limits, plan_day, select_items
from fmflash.review.session.queue import Session

DAY = date(2026, 3, 10)
CARDS = [BasicCard(f"c{i}", "S", i, "q", "a") for i in range(6)]
ITEMS = items_of(CARDS)


def due(days_ago: int) -> date:
    return date.fromordinal(DAY.toordinal() - days_ago)


def ids(queue: tuple[tuple[Item[Card], Reason], ...]) -> list[tuple[str, str]]:
    return [(item.item_id, kind.value) for item, kind in queue]


def test_reverse_cards_are_their_own_items() -> None:
    items = items_of([BasicCard("a", "S", 1, "q", "a", reverse=True)])
    assert [(i.item_id, i.reverse) for i in items] == [("a", False), ("a/reverse", True)]


def test_due_first_most_overdue_first_then_new_in_order_then_redrills() -> None:
    schedules = {"c3": due(0), "c1": due(2), "c5": date(2026, 3, 11)}
    queue = plan_day(ITEMS, schedules, day=DAY, today=Today(pending_redrills=("c5",))).queue
    assert ids(queue) == [
        ("c1", "due"),
        ("c3", "due"),
        ("c0", "new"),
        ("c2", "new"),
        ("c4", "new"),
        ("c5", "re-drill"),
    ]


def test_daily_limits_count_earlier_sessions() -> None:
    schedules = {"c0": due(1), "c1": due(1), "c2": due(1)}
    queue = plan_day(
        ITEMS,
        schedules,
        day=DAY,
        today=Today(new_done=2, reviews_done=1),
        limits=Limits(new_per_day=3, reviews_per_day=2),
    ).queue
    assert ids(queue) == [("c0", "due"), ("c3", "new")]


def test_grading_below_4_requeues_and_undo_restores() -> None:
    session = Session(plan_day(ITEMS[:2], {}, day=DAY).queue)
    session = session.graded(Sm2Grade(2), review_id=1)
    assert ids(session.queue) == [("c1", "new"), ("c0", "re-drill")]
    session = session.graded(Sm2Grade(5), review_id=2)
    session = session.graded(Sm2Grade(3), review_id=3)  # the re-drill, still below 4
    assert ids(session.queue) == [("c0", "re-drill")]
    undone = session.undone()
    assert undone is not None
    session, step = undone
    assert (step.review_id, ids(session.queue)) == (3, [("c0", "re-drill")])
    for _ in range(2):
        undone = session.undone()
        assert undone is not None
        session, _ = undone
    assert ids(session.queue) == [("c0", "new"), ("c1", "new")]
    assert session.undone() is None


@given(st.lists(st.sampled_from(Sm2Grade), max_size=30))
def test_undoing_everything_gives_back_the_start(grades: list[Sm2Grade]) -> None:
    start = Session(plan_day(ITEMS, {}, day=DAY).queue)
    session = start
    for review_id, quality in enumerate(grades):
        if session.current() is None:
            break
        session = session.graded(quality, review_id)
    while (undone := session.undone()) is not None:
        session = undone[0]
    assert session == start


@given(st.lists(st.sampled_from(Sm2Grade), max_size=60))
def test_a_session_ends_only_when_every_card_reached_4(grades: list[Sm2Grade]) -> None:
    session = Session(plan_day(ITEMS[:3], {}, day=DAY).queue)
    for review_id, quality in enumerate(grades):
        if session.current() is None:
            break
        session = session.graded(quality, review_id)
    if session.current() is None:
        last = {step.item.item_id: step.grade for step in session.steps}
        assert all(quality >= 4 for quality in last.values())


def test_select_by_section_includes_subsections_and_by_tag() -> None:
    cards = [
        BasicCard("a", "Modeling", 1, "q", "a"),
        BasicCard("b", "Model Size", 2, "q", "a"),
        BasicCard("c", "Sampling", 3, "q", "a", tags=("moe",)),
    ]
    items = review_items([(c.id, c.section, c.reverse, ()) for c in cards], [0, 1, 2])
    parents = {"Model Size": ("Top", "Modeling")}
    tags = {"a": (), "b": (), "c": ("moe",)}
    chosen = select_items(items, section="Modeling", tag=None, tags_of=tags, parents_of=parents)
    assert [i.item_id for i in chosen] == ["a", "b"]
    chosen = select_items(items, section=None, tag="moe", tags_of=tags, parents_of=parents)
    assert [i.item_id for i in chosen] == ["c"]


def test_items_are_planned_without_the_card_text_and_loaded_with_it() -> None:
    cards = [
        BasicCard("a", "S", 1, "q", "a", reverse=True),
        ClozeCard("b", "S", 2, "{{c1::x}} {{c2::y}}", gaps=(1, 2)),
    ]
    planned = review_items([("a", "S", True, ()), ("b", "S", False, (1, 2))], [1, 0])
    whole = items_of([cards[1], cards[0]])
    assert [(i.item_id, i.reverse, i.gap) for i in planned] == [
        (i.item_id, i.reverse, i.gap) for i in whole
    ]
    assert [i.position for i in planned] == [1, 1, 0, 0]
    assert [i.card for i in planned] == [None] * 4
    assert [i.loaded(cards[i.position]) for i in planned][2].card == cards[0]


@given(st.lists(st.one_of(st.integers(0, 5), st.just(-1)), max_size=40))
def test_remaining_counts_always_match_the_queue(actions: list[int]) -> None:
    from collections import Counter

    session = Session(
        plan_day(ITEMS, {"c1": DAY}, day=DAY, today=Today(pending_redrills=("c2",))).queue
    )
    for review_id, action in enumerate(actions):
        if action < 0:
            undone = session.undone()
            session = undone[0] if undone else session
        elif session.current() is not None:
            session = session.graded(Sm2Grade(action), review_id)
        counted = Counter(kind for _, kind in session.queue)
        assert +session.remaining() == +counted


def test_a_cloze_with_several_gaps_is_reviewed_one_gap_at_a_time() -> None:
    from fmflash.cards.model import ClozeCard
    from fmflash.review.terminal.cardtext import back_html, front_html

    card = ClozeCard("fact", "S", 1, "{{c1::A}} then {{c2::B::letter}} then {{c1::C}}")
    items = items_of([card])
    assert [(i.item_id, i.gap) for i in items] == [("fact", 1), ("fact/c2", 2)]
    assert [front_html(i) for i in items] == ["[...] then B then [...]", "A then [letter] then C"]
    assert back_html(items[1]) == "A then <mark>B</mark> then C"


SIBLINGS = items_of([
    BasicCard("qa", "S", 1, "q", "a", reverse=True),
    ClozeCard("gaps", "S", 2, "{{c1::a}} {{c2::b}}", gaps=(1, 2)),
    BasicCard("alone", "S", 3, "q", "a"),
])  # fmt: skip


def test_one_item_of_each_card_a_day_its_siblings_buried_until_the_next() -> None:
    first = plan_day(SIBLINGS, {}, day=DAY)
    assert ids(first.queue) == [("qa", "new"), ("gaps", "new"), ("alone", "new")]
    assert [item.item_id for item in first.buried] == ["qa/reverse", "gaps/c2"]
    # both sides due the same day: the most overdue is shown, the other waits a day
    both_due = {"qa": due(1), "qa/reverse": due(0), "gaps": due(0), "gaps/c2": due(0)}
    today = plan_day(SIBLINGS, both_due, day=DAY)
    assert ids(today.queue) == [("qa", "due"), ("gaps", "due"), ("alone", "new")]
    assert [item.item_id for item in today.buried] == ["qa/reverse", "gaps/c2"]
    # the next day, the siblings graded today are due later; the buried ones come
    next_day = date.fromordinal(DAY.toordinal() + 1)
    after = {**both_due, "qa": date(2026, 3, 20), "gaps": date(2026, 3, 20), "alone": next_day}
    tomorrow = plan_day(SIBLINGS, after, day=next_day)
    assert ids(tomorrow.queue) == [("qa/reverse", "due"), ("gaps/c2", "due"), ("alone", "due")]
    assert tomorrow.buried == ()


def test_a_card_graded_earlier_today_buries_its_siblings_but_not_its_own_redrill() -> None:
    today = Today(new_done=1, pending_redrills=("qa",), graded=("qa",))
    planned = plan_day(SIBLINGS, {"qa": date(2026, 3, 11)}, day=DAY, today=today)
    assert ids(planned.queue) == [("gaps", "new"), ("alone", "new"), ("qa", "re-drill")]
    assert [item.item_id for item in planned.buried] == ["qa/reverse", "gaps/c2"]


def test_a_plan_needs_only_the_dates_due_today_once_it_knows_which_cards_were_graded() -> None:
    dates = {"qa": due(1), "qa/reverse": date(2026, 3, 20), "gaps/c2": due(0),
             "alone": date(2026, 3, 20)}  # fmt: skip
    whole = plan_day(SIBLINGS, dates, day=DAY)
    assert ids(whole.queue) == [("qa", "due"), ("gaps/c2", "due")]
    assert [item.item_id for item in whole.buried] == ["gaps"]
    due_today = {item_id: when for item_id, when in dates.items() if when <= DAY}
    assert plan_day(SIBLINGS, due_today, day=DAY, graded=set(dates)) == whole
    assert ("alone", "new") in ids(plan_day(SIBLINGS, due_today, day=DAY).queue)  # not graded

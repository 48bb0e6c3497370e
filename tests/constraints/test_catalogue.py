"""The constraint catalogue: every registered constraint is complete, tested and documented."""

import re
from pathlib import Path

import pytest

from forum_scheduler.constraints import registry

HERE = Path(__file__).resolve().parent
README = HERE.parents[1] / "constraints" / "README.md"
IDS = [c.id for c in registry.CONSTRAINTS]


def test_ids_are_unique_and_plain():
    assert len(IDS) == len(set(IDS))
    for cid in IDS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", cid), cid


def test_hard_constraints_come_first():
    kinds = [c.hard for c in registry.CONSTRAINTS]
    assert kinds == sorted(kinds, reverse=True)
    assert registry.HARD + registry.SOFT == registry.CONSTRAINTS


@pytest.mark.parametrize("cid", IDS)
def test_each_constraint_has_its_test_file(cid):
    assert (HERE / f"test_{cid}.py").is_file()


def test_no_test_file_for_an_unknown_constraint():
    names = {p.stem[len("test_") :] for p in HERE.glob("test_*.py")}
    assert names - {"catalogue"} == set(IDS)


@pytest.mark.parametrize("cid", IDS)
def test_each_constraint_has_title_rule_and_the_right_callables(cid):
    c = registry.by_id(cid)
    assert c.title.strip() and "\n" not in c.title
    rule = c.rule.strip()
    assert rule.endswith(".")
    # One sentence: no sentence end followed by a new capitalised sentence inside the text.
    assert not re.search(r"[.!?]\s+[A-Z]", rule[:-1]), rule
    assert callable(c.encode)
    if c.hard:
        assert callable(c.check) and c.penalty is None
    else:
        assert callable(c.penalty) and c.check is None
        assert c.weight_key and isinstance(c.weight_key, str)
        assert isinstance(c.default_weight, int) and c.default_weight >= 0
    # How the local search prices a move: every soft goal but a re-solve's `changes` (the
    # local search does not run when re-solving); tests/test_local_search.py checks each.
    assert callable(c.grouping) == (not c.hard and c.id != "changes")


def test_by_id_finds_each_and_rejects_unknown():
    for c in registry.CONSTRAINTS:
        assert registry.by_id(c.id) is c
    with pytest.raises(KeyError):
        registry.by_id("no_such_constraint")


def test_weight_defaults_are_the_soft_constraints_keys():
    defaults = registry.weight_defaults()
    soft = {}
    for c in registry.SOFT:
        soft[c.weight_key] = c.default_weight
        soft.update(c.extra_weight_keys)  # further keys a soft goal reads, with their defaults
    assert defaults == soft
    assert len({c.weight_key for c in registry.SOFT}) == len(registry.SOFT)  # no shared key
    assert all(not c.weight_key and not c.extra_weight_keys for c in registry.HARD)


# The Weights keys that the input contract names (one row each, a missing row takes its default).
CONTRACT_WEIGHT_KEYS = (
    "theme_clash",
    "action_line_clash",
    "track_stability",
    "room_fit",
    "facilitator_load",
    "balanced_days",
    "soft_rules",
    "soft_unavailability",
    "changes",
)


def test_every_weight_key_of_the_input_contract_is_known():
    assert set(CONTRACT_WEIGHT_KEYS) <= set(registry.weight_defaults())


def _readme():
    if not README.is_file():
        pytest.skip("constraints/README.md is not written yet")
    return README.read_text(encoding="utf-8")


@pytest.mark.parametrize("cid", IDS)
def test_readme_mentions_every_constraint(cid):
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(cid)}(?![A-Za-z0-9_])", _readme()), cid


@pytest.mark.parametrize("key", sorted(registry.weight_defaults()))
def test_readme_gives_every_weight_key_with_its_default(key):
    default = registry.weight_defaults()[key]
    name = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(key)}(?![A-Za-z0-9_])")
    spelled = {str(default), f"{default:,}", f"{default:,}".replace(",", " ")}
    number = re.compile(rf"(?<![\d.,])({'|'.join(map(re.escape, spelled))})(?![\d.,]?\d)")
    lines = [line for line in _readme().splitlines() if name.search(line)]
    assert lines, f"{key} is not in constraints/README.md"
    assert any(number.search(name.sub("", line)) for line in lines), (
        f"no line of constraints/README.md gives {key} with its default {default}"
    )

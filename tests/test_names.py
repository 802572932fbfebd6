"""Learner names: one learner whatever way the name was typed; emoji keep their shape.

Store tests run against every backend (`store_factory`); the migration test opens a file as
the previous schema version wrote it.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from course.progress import ProfileNameError, ProgressStore, open_store
from course.progress.names import distinct_names, name_key
from course.progress.schema import SCHEMA_VERSION
from tests.old_stores import version_1_store

COMPOSED = unicodedata.normalize("NFC", "Nguyễn An")
DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn An")
CODER = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # 👩🏽‍💻: woman, skin tone, ZWJ, laptop
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # a subdivision flag


def test_composed_and_decomposed_names_are_one_learner(store: ProgressStore) -> None:
    assert COMPOSED != DECOMPOSED and len(DECOMPOSED) > len(COMPOSED)
    lan = store.create_profile(DECOMPOSED, "vi")  # as some input methods send it
    assert lan.name == COMPOSED  # stored NFC
    with pytest.raises(ProfileNameError, match="already a learner called"):
        store.create_profile(COMPOSED, "vi")
    with pytest.raises(ProfileNameError, match="already a learner called"):
        store.create_profile("NGUYỄN AN", "vi")  # and in any case
    assert store.profile_by_name(COMPOSED) == lan
    assert store.profile_by_name(f"  {DECOMPOSED.lower()} ") == lan
    assert [p.name for p in store.profiles()] == [COMPOSED]


@pytest.mark.parametrize("name", [f"{CODER} Lan", f"Lan {SCOTLAND}", "می\u200cخواهم", "\u2764\ufe0f Lan"])
def test_names_keep_their_grapheme_clusters(store: ProgressStore, name: str) -> None:
    """Joiners, tags and variation selectors that build one visible character are kept."""
    assert store.create_profile(name, "en").name == name


@pytest.mark.parametrize(
    "name",
    [
        "bad\x1b[2Jname",  # a terminal control sequence
        "Lan\u202egnaL",  # a right-to-left override
        "Lan\u200f",  # a right-to-left mark
        "La\u200bn",  # a zero-width space: looks like "Lan"
        "Lan\u00ad",  # a soft hyphen: invisible
        "\u200dLan",  # a joiner joining nothing
        "Lan \u200d",
        "\U000e0067Lan",  # a tag with no character before it
        "Lan\x9b2J",  # C1 control (CSI)
    ],
)
def test_names_refuse_control_and_invisible_characters(store: ProgressStore, name: str) -> None:
    with pytest.raises(ProfileNameError, match="cannot contain control, direction or invisible"):
        store.create_profile(name, "en")
    assert store.profiles() == []


def test_a_name_is_measured_after_normalising(store: ProgressStore) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết Hồng Nhung Phương")
    assert len(decomposed) > 40 >= len(unicodedata.normalize("NFC", decomposed))
    assert store.create_profile(decomposed, "vi").name == unicodedata.normalize("NFC", decomposed)
    with pytest.raises(ProfileNameError, match="at most 40 characters"):
        store.create_profile("x" * 41, "en")


def test_joiners_do_not_make_two_learners_look_alike(store: ProgressStore) -> None:
    store.create_profile(f"{CODER} Lan", "en")
    with pytest.raises(ProfileNameError, match="already"):
        store.create_profile("\U0001f469\U0001f3fd\U0001f4bb Lan", "en")  # the same, without the joiner
    assert name_key("\u2764\ufe0f") == name_key("\u2764")


def test_colliding_names_of_an_old_file_are_both_kept_and_told_apart() -> None:
    """What the migration decides, oldest first: a later profile that compares equal gets a number."""
    assert distinct_names([(1, COMPOSED), (2, DECOMPOSED), (3, "an"), (4, "AN"), (5, "Tom")]) == {
        2: f"{COMPOSED} (2)",
        4: "AN (2)",
    }


def test_a_file_from_the_previous_schema_is_migrated_without_losing_anyone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    version_1_store(path, [COMPOSED, DECOMPOSED, "Tom", "TOM", "Ánh"])
    store = open_store(path)
    assert store.notice is not None
    said = " ".join(store.notice.split())
    assert f"Two learners had names that look the same ({DECOMPOSED})" in said
    assert f"the one added on 2026-01-02 is now called {COMPOSED} (2)" in said
    assert "the one added on 2026-01-04 is now called TOM (2)" in said
    profiles = {p.id: p.name for p in store.profiles()}
    assert profiles == {1: COMPOSED, 2: f"{COMPOSED} (2)", 3: "Tom", 4: "TOM (2)", 5: "Ánh"}
    for profile_id in profiles:  # every learner's progress is still theirs
        assert store.lessons(profile_id)["first-lesson"].seconds_spent == 60
        attempts = store.attempts(profile_id, "first-quiz")
        assert [a.finished for a in attempts] == [True, False] and attempts[0].score == 0.5
        assert list(store.attempt(attempts[1].id).responses) == ["x-single"]
        store.claim_attempt(attempts[1].id)  # an attempt from before leases is free to take
    assert store.profile_by_name("tom") is not None and store.profile_by_name("tom").id == 3  # type: ignore[union-attr]
    with pytest.raises(ProfileNameError, match="already"):
        store.create_profile("ánh", "vi")
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = open_store(path)
    assert again.notice is None  # told once, when it happened
    again.close()

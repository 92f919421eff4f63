"""The state enums keep the strings already stored, and the config's spelling of statuses."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.model.states import EntryState, IdeaState, IdeaStatus, OutboxState, RoundState
from campaigns.ideas.settings import IDEA_STATUSES, IdeasSettings, IdeaStatusName

#: What the tables hold today: renaming a member's value would need a migration.
STORED = {
    RoundState: ["scheduled", "open", "paused", "closed", "announced", "cancelled"],
    OutboxState: ["pending", "sending", "sent", "failed", "skipped", "parked"],
    EntryState: ["pending", "approved", "hidden", "rejected", "removed"],
    IdeaState: ["draft", "pending", "published", "rejected", "hidden", "merged", "dropped"],
    IdeaStatus: ["new", "under_review", "planned", "in_progress", "shipped", "declined"],
}


@pytest.mark.parametrize("states", list(STORED), ids=lambda e: e.__name__)
def test_each_state_is_the_string_stored(states: type[RoundState]) -> None:
    assert [state.value for state in states] == STORED[states]
    assert all(states(value) == value for value in STORED[states])


def test_the_config_names_exactly_the_idea_statuses_in_their_order() -> None:
    assert list(get_args(IdeaStatusName)) == [status.value for status in IdeaStatus]
    assert tuple(IdeaStatus) == IDEA_STATUSES


def test_retained_statuses_are_still_read_from_plain_strings() -> None:
    settings = IdeasSettings.model_validate({"retained": ["shipped", "declined"]})

    assert settings.retained == [IdeaStatus.SHIPPED, IdeaStatus.DECLINED]
    with pytest.raises(ValueError, match="under_review"):
        IdeasSettings.model_validate({"retained": ["someday"]})

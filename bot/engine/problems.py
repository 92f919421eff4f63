"""A config problem as one translated line: where (path, line in the file) and what.

``chorus check`` prints these, and a running process logs them and tells its moderators when a
reloaded file is refused, so both say the same thing in the same words.
"""

from __future__ import annotations

import re

from bot.config.toml_lines import line_of
from bot.engine.i18n import Translator
from bot.model.errors import ConfigProblem


def describe(problem: ConfigProblem, t: Translator, text: str | None, source: str) -> str:
    """``where (line N): what`` for a problem of the file ``source`` whose text is ``text``
    (None when it cannot be read: no line then, unless the problem knows it)."""
    where = problem.path or source
    line = line_in(problem, text)
    if line is not None:
        where = t("check.where_line", path=where, line=line)
    return t("check.problem", where=where, what=explain(problem, t))


def explain(problem: ConfigProblem, t: Translator) -> str:
    """What is wrong, translated (without where)."""
    key = f"config.{problem.code}"
    params = dict(problem.params or {})
    if "state" in params:
        params["state"] = t(f"state.{params['state']}")
    if "what" in params:  # a channel or a member, in the operator's words
        params["what"] = t(f"config.what.{params['what']}")
    if isinstance(params.get("expected"), str):  # pydantic's "'a', 'b' or 'c'"
        params["expected"] = str(params["expected"]).replace(" or ", t("config.or"))
    if problem.code and key in t.catalogs.keys(t.locale):
        return t(key, **params)
    return problem.message


def line_in(problem: ConfigProblem, text: str | None) -> int | None:
    """The problem's line in the file's ``text``, when it can be told."""
    if problem.line is None and text is not None:
        return _line(text, problem.path)
    return problem.line


def _line(text: str, dotted: str) -> int | None:
    """The line of ``campaigns[0].poll`` in the file, for problems found after parsing."""
    loc: list[str | int] = [
        int(index) if index else name for name, index in re.findall(r"(\w+)|\[(\d+)\]", dotted)
    ]
    return line_of(text, loc) if loc else None

"""A command line Chorus cannot take, answered in the operator's language.

Typer words usage mistakes in English, in a box ("No such option: --foo"). Chorus answers
them as it answers everything else on the command line: in the language chosen as for every
command (``--lang``, then ``CHORUS_LANG``, then the config's ``[bot] locale``, then ``LANG``),
one line saying what is wrong and what is expected, and one line naming the command's help;
exit code 2, as before. :class:`ChorusGroup` is the ``chorus`` application's command class.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from bot.cli.invocation import unspoken_language
from bot.engine.i18n import Translator

#: Typer's words for the mistakes that carry no details of their own.
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<extra>.*)\)$", re.DOTALL)
_NO_COMMAND = re.compile(
    r"^No such command (?P<name>'.*?'|\".*?\")\.(?: Did you mean (?P<close>.*)\?)?"
)


class UnknownLanguage(typer.BadParameter):
    """``--lang`` names a language Chorus does not speak."""

    def __init__(self, value: str, spoken: Sequence[str]) -> None:
        super().__init__(f"{value!r} is not a language Chorus speaks: {' or '.join(spoken)}")
        self.value = value


class ChorusGroup(TyperGroup):
    """The ``chorus`` application: Typer's group, with its usage mistakes translated."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        arguments = list(sys.argv[1:] if args is None else args)
        said = unspoken_language(_translator(arguments)) if os.environ.get("CHORUS_LANG") else None
        if said is not None:
            typer.echo(said, err=True)  # once, before the command speaks
        try:
            code = super().main(
                arguments, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except NoArgsIsHelpError as error:  # `chorus` alone, `chorus round`: the help
            error.show()
            sys.exit(error.exit_code)
        except UsageError as error:
            t = _translator(arguments)
            command = self._command_path(error, arguments, prog_name)
            typer.echo(explain(error, command, t), err=True)
            typer.echo(t("usage.help", command=f"{command} -h"), err=True)
            sys.exit(error.exit_code)
        except ClickException as error:  # anything else Typer reports: in its own words
            error.show()
            sys.exit(error.exit_code)
        except typer.Abort:  # a prompt's input ended
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def _command_path(self, error: UsageError, arguments: list[str], prog: str | None) -> str:
        """The command the mistake was made in (``chorus round open``): the error's own, or
        the command names read from the start of ``arguments`` (a missing option value is
        reported before its command has a context)."""
        if error.ctx is not None:
            return error.ctx.command_path
        path = [prog or self.name or "chorus"]
        group: Any = self
        for argument in arguments:
            command = group.commands.get(argument) if isinstance(group, TyperGroup) else None
            if command is None:
                break
            path.append(argument)
            group = command
        return " ".join(path)


def explain(error: UsageError, command: str, t: Translator) -> str:
    """What is wrong with the command line of ``command``, in ``t``'s language."""
    if isinstance(error, UnknownLanguage):
        return t("usage.language", command=command, value=error.value)
    if isinstance(error, NoSuchOption):
        text = t("usage.no_such_option", command=command, option=error.option_name)
        if error.possibilities:
            close = t.conjunction(sorted(error.possibilities), "or")
            text += " " + t("usage.did_you_mean", options=close)
        return text
    if isinstance(error, MissingParameter):
        return t("usage.missing", command=command, name=_name(error.param))
    if isinstance(error, BadParameter) and error.param is not None:
        expected = _expected(error.param, t)
        option = _name(error.param)
        if expected is None:
            return t("usage.bad_value", command=command, option=option, detail=error.message)
        return t("usage.expects", command=command, option=option, expected=expected)
    if isinstance(error, BadOptionUsage):
        return t("usage.needs_value", command=command, option=error.option_name)
    if (extra := _EXTRA.match(error.message)) is not None:
        return t("usage.extra", command=command, extra=extra["extra"])
    if (unknown := _NO_COMMAND.match(error.message)) is not None:
        text = t("usage.no_such_command", command=command, name=unknown["name"][1:-1])
        if unknown["close"]:
            names = [name.strip("'\"") for name in unknown["close"].split(", ")]
            text += " " + t("usage.did_you_mean", options=t.conjunction(names, "or"))
        return text
    return t("usage.other", command=command, detail=error.message)


def _name(param: Any) -> str:
    """An option as typed (its longest name), an argument by its name."""
    if param is None:
        return "?"
    if param.param_type_name == "argument":
        return f"<{param.name}>"
    return str(max(param.opts, key=len))


def _expected(param: Any, t: Translator) -> str | None:
    """What ``param`` takes, when its type says so (None: keep Typer's own detail)."""
    described = param.type_descriptor
    annotation = described.annotation
    if described.is_choice:
        values = [c.value if isinstance(c, Enum) else str(c) for c in described.choices]
        return t("usage.expect.choice", values=t.conjunction(values, "or"))
    if annotation not in (int, float):
        return None
    kind = "whole" if annotation is int else "number"
    low, high = param.min, param.max
    if low is not None and high is not None:
        return t(f"usage.expect.{kind}_range", low=t.number(low), high=t.number(high))
    if low is not None:
        return t(f"usage.expect.{kind}_min", low=t.number(low))
    if high is not None:
        return t(f"usage.expect.{kind}_max", high=t.number(high))
    return t(f"usage.expect.{kind}")


def _translator(arguments: list[str]) -> Translator:
    """The language of the command line ``arguments``, found as the commands find it, without
    parsing them (they could not be parsed)."""
    from bot.cli.invocation import DEFAULT_CONFIG, file_translator

    lang = _value_of(arguments, ("--lang",))
    named = [a for a in arguments if a.endswith(".toml")]  # `chorus check FILE` names it alone
    config = _value_of(arguments, ("--config", "-c")) or (named[0] if named else None)
    return file_translator(Path(config) if config else DEFAULT_CONFIG, lang, None)


def _value_of(arguments: list[str], names: tuple[str, ...]) -> str | None:
    """The value given to the option called one of ``names`` (``--lang fr``, ``--lang=fr``)."""
    for index, argument in enumerate(arguments):
        name, equals, value = argument.partition("=")
        if name in names:
            if equals:
                return value
            if index + 1 < len(arguments):
                return arguments[index + 1]
    return None

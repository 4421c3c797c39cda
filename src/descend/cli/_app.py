"""The ``descend`` command group: one-line errors, exit codes and warnings.

Exit codes: 0 ok, 1 failure, 2 usage error (a bad option or setting). Every error is one
line on stderr starting with ``error:``; ``descend --debug ...`` lets exceptions through
with their traceback instead.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Collection
from typing import Any

import click

from ._cli_words import cli_words, spelt_otherwise
from ._worker_errors import tell_error
from ._worker_rank import in_worker

__all__ = ["DescendGroup", "Failure", "ConfigError", "one_line", "error_line", "long_options"]

# The library's own exceptions carry messages written for users: they pass through, their
# Python keywords in the command's words (_cli_words). Anything else is a bug or an environment problem, named by its type.
_USER_ERRORS = (ValueError, TypeError, OSError, ImportError, KeyError, RuntimeError)


class Failure(click.ClickException):
    """A run that could not be done (exit code 1)."""

    exit_code = 1


class ConfigError(click.ClickException):
    """A setting that cannot be used; a usage error (exit code 2), shown as one line."""

    exit_code = 2


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces folded into single spaces.

    >>> one_line("a\\n  b")
    'a b'
    """
    return " ".join(str(text).split())


def error_line(err: BaseException, options: Collection[str] = ()) -> str:
    """The one line for a library's exception; its Python keywords read as the command's
    ``options`` (:func:`cli_words`).

    >>> error_line(ValueError("lr=10 is   too high"), {"--lr"}), error_line(ZeroDivisionError("x"))
    ('--lr 10 is too high', 'ZeroDivisionError: x (run with --debug for the traceback)')
    """
    if isinstance(err, KeyError) and len(err.args) == 1:
        text = str(err.args[0])
    else:
        text = str(err)
    if isinstance(err, _USER_ERRORS) and text:
        return cli_words(one_line(text), options)
    return f"{type(err).__name__}: {one_line(text) or 'no message'} (run with --debug for the traceback)"


def _show_warning(
    message: Any,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
    *,
    options: Collection[str] = (),
) -> None:
    """A warning's one ``warning:`` line, its Python keywords read as the running command's
    ``options``, as its errors are (:func:`cli_words`)."""
    print(f"warning: {cli_words(one_line(str(message)), options)}", file=sys.stderr)


def _options(group: click.Group, ctx: click.Context) -> set[str]:
    """The long option names of the subcommand ``ctx`` ran, ``--no-X`` ones too (none when
    there was none)."""
    command = group.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    return long_options(command) if command is not None else set()


def long_options(command: click.Command) -> set[str]:
    """The long option names of ``command``, ``--no-X`` ones too.

    >>> sorted(long_options(click.Command("x", params=[click.Option(["-n", "--lr"]), click.Option(["--bar/--no-bar"])])))
    ['--bar', '--lr', '--no-bar']
    """
    names = (name for param in command.params for name in (*param.opts, *param.secondary_opts))
    return {name for name in names if name.startswith("--")}


def _usage(err: click.UsageError) -> str:
    """The one line of a usage error; an option that is a Python keyword the command spells
    otherwise (``--log-dir``) names the option to use (click would guess by spelling: ``--lr``)."""
    if isinstance(err, click.NoSuchOption) and err.ctx is not None:
        options = {name for param in err.ctx.command.params for name in param.opts}
        alias = spelt_otherwise(err.option_name, options)
        if alias is not None:
            return f"No such option '{err.option_name}': use {alias}"
    return one_line(err.format_message())


def _fail(line: str, code: int) -> int:
    """Say the error ``line`` (once for all the workers of a torchrun run: see
    :mod:`._worker_errors`); the exit code ``code``."""
    if tell_error(line):
        click.echo(line, err=True)
    return code


class DescendGroup(click.Group):
    """A click group whose failures are one ``error:`` line each (tracebacks with ``--debug``)."""

    # The group's context while it runs: its subcommand's options word the warnings.
    _context: click.Context | None = None

    def _running(self) -> set[str]:
        """The long options of the subcommand running (none before one runs)."""
        return _options(self, self._context) if self._context is not None else set()

    def invoke(self, ctx: click.Context) -> Any:
        self._context = ctx
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if in_worker():  # not click's blank line after the terminal's ^C once per worker: the launcher's
                raise click.Abort() from None
            raise
        # A closed stdout (descend ... | head) is click's to quiet: an EPIPE exits 1 without a word.
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except Exception as err:
            if ctx.params.get("debug"):
                raise
            raise Failure(error_line(err, self._running())) from err
        finally:
            self._context = None

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = 0
        with warnings.catch_warnings():
            warnings.showwarning = lambda *shown, **more: _show_warning(*shown, **more, options=self._running())
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                code = rv if isinstance(rv, int) else 0
            except click.exceptions.NoArgsIsHelpError as err:  # bare `descend`: the help, as click shows it
                click.echo(err.format_message(), err=True)
                code = err.exit_code
            except click.UsageError as err:
                where = f" (see '{err.ctx.command_path} --help')" if err.ctx is not None else ""
                code = _fail(f"error: {_usage(err)}{where}", err.exit_code)
            except click.ClickException as err:
                code = _fail(f"error: {one_line(err.format_message())}", err.exit_code)
            except click.Abort:
                code = _fail("error: interrupted", 130)
        if standalone_mode:
            sys.exit(code)
        return code

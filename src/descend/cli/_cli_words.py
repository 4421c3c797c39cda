"""The library's error messages and warnings in the command line's words.

``descend.train`` and the functions under it name their settings as Python keywords
(``batch_size=None``, ``device='auto'``, ``checkpoint_dir``). Where such a message reaches a
user of ``descend``, each ``KEY=VALUE`` whose ``--KEY`` is an option of the command being
run reads as that option (``--batch-size full``, ``--device auto``), as does a setting named
bare (``val_data``, ``clip_grad_norm``: a word with an underscore that is an option of the
command), and the few keywords the command line spells otherwise read as it does
(``checkpoint_dir`` is ``--out``).
Python calls quoted in a message (``descend.train(..., lr=0.1)``) and asides in parentheses
(``--resume (resume=True)``: the Python spelling given beside the option) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["cli_words", "spelt_otherwise"]

# Keywords the command line spells otherwise: the option that stands for each.
_ALIASES = {"checkpoint_dir": "--out", "log_dir": "--out"}
# Whole phrases with no keyword=value form on the command line: (Python, CLI, the option it needs).
_PHRASES = (
    (", or every checkpoint_every steps", "", "--resume"),  # the command line has no --checkpoint-every
    ("or resume=False to start a new run", "or leave out --resume to start a new run", "--resume"),
    (  # a CSV file's flat rows for the cnn: its image shape has no option, a --config file gives it
        "give model_options={'image_shape': (channels, height, width)}, or inputs of shape (n, channels, height, width)",
        "give 'model_options: {image_shape: [channels, height, width]}' in a --config file",
        "--config",
    ),
    (  # descend tune on a CSV file with no validation part: arrays are no option there
        "(val_data=(X_val, y_val), or val_data: in a tune file)",
        "(--val-data split, or --val-data PATH.csv: a validation CSV file)",
        "--val-data",
    ),
)
# What a setting's ``None`` is written as on the command line (``none`` for the others).
_NONE_WORDS = {"batch_size": "full"}

_TOKEN = re.compile(
    r"(?P<call>[\w.]*\([^()]*\))"  # a Python call or an aside in parentheses: kept as it is
    r"|\b(?P<key>[a-z][a-z0-9_]*)=(?P<value>'[^']*'|\"[^\"]*\"|[^\s,;)]+)?"
    r"|\b(?P<alias>" + "|".join(_ALIASES) + r")\b"
    r"|\b(?P<bound>[a-z][a-z0-9_]*)(?= [<>]=? )"  # "give epochs > 2": the option, then the bound
    r"|^(?P<lead>[a-z][a-z0-9_]*)(?=: )"  # "out: X holds files": the setting the message is about
    r"|(?<![\w./-])(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?![\w./-])"  # a bare setting: "val_data y", "batch_size"
)


def cli_words(text: str, options: Collection[str]) -> str:
    """``text``, a library's error message, with the settings it names as Python keywords
    written as the options in ``options`` (the long option names of the command run).

    >>> cli_words("use batch_size=None for full-batch", {"--batch-size"})
    'use --batch-size full for full-batch'
    >>> cli_words("device='cuda' asked for CUDA; use device='auto'", {"--device"})
    '--device cuda asked for CUDA; use --device auto'
    >>> cli_words("apply it: descend.train(..., lr=0.1); lr=0.1 is high", {"--lr"})
    'apply it: descend.train(..., lr=0.1); --lr 0.1 is high'
    >>> cli_words("resume it with --resume (resume=True)", {"--resume"})
    'resume it with --resume (resume=True)'
    >>> cli_words("a CSV file needs target= naming its label column", {"--target"})
    'a CSV file needs --target naming its label column'
    >>> cli_words("set track_examples=False", {"--track-examples", "--no-track-examples"})
    'set --no-track-examples'
    >>> cli_words("out: runs/x holds files; resume it with --resume (resume=True)", {"--out", "--resume"})
    '--out: runs/x holds files; resume it with --resume (resume=True)'
    >>> cli_words("this call has epochs=2; give epochs > 2 to train on", {"--epochs"})
    'this call has --epochs 2; give --epochs > 2 to train on'
    >>> cli_words("lr=0.1 is high", {"--x0"})  # a command without --lr: as it was
    'lr=0.1 is high'
    >>> cli_words("val_data 'v.csv' lacks the column 'd' of data/my_val_data.csv", {"--val-data"})
    "--val-data 'v.csv' lacks the column 'd' of data/my_val_data.csv"
    """
    for python, cli, needs in _PHRASES:
        if needs in options:
            text = text.replace(python, cli)

    def spoken(match: re.Match[str]) -> str:
        if match["call"]:
            return match["call"]
        if match["alias"]:
            option = _ALIASES[match["alias"]]
            return option if option in options else match[0]
        if match["bound"] or match["name"] or match["lead"]:
            word = match["bound"] or match["name"] or match["lead"]
            option = _ALIASES.get(word, "--" + word.replace("_", "-"))
            return option if option in options else match[0]
        key, value = match["key"], match["value"]
        option = _ALIASES.get(key, "--" + key.replace("_", "-"))
        if option not in options:
            return match[0]
        if not value:  # "needs target= naming ...": the option itself
            return option
        if value in ("True", "False"):  # a flag: --KEY, or --no-KEY where the command has it
            off = "--no-" + option[2:]
            return option if value == "True" else off if off in options else match[0]
        if value[0] in "'\"":
            value = value[1:-1]
        elif value == "None":
            value = _NONE_WORDS.get(key, "none")
        return f"{option} {value}"

    return _TOKEN.sub(spoken, text)


def spelt_otherwise(option: str, options: Collection[str]) -> str | None:
    """The option among ``options`` that stands for ``option``, a Python keyword typed as an
    option (``--log-dir``), where the command line spells it otherwise; else ``None``.

    >>> spelt_otherwise("--log-dir", {"--out"}), spelt_otherwise("--epoch", {"--epochs"})
    ('--out', None)
    """
    alias = _ALIASES.get(option.removeprefix("--").replace("-", "_"))
    return alias if alias in options else None

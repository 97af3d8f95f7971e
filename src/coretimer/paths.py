"""Where coretimer keeps things. platformdirs is imported only when a default is needed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

APP = "coretimer"
DATA_DIR_VARIABLE = "CORETIMER_DATA_DIR"


class PathError(ValueError):
    """A folder named in a way that cannot be used; the message says what to do."""


def empty_data_dir_variable() -> str | None:
    """What is wrong when $CORETIMER_DATA_DIR is set but empty (an error, as an empty
    --data-dir is: the history is never looked for in another folder instead)."""
    env = os.environ.get(DATA_DIR_VARIABLE)
    if env is not None and not env.strip():
        return (f"{DATA_DIR_VARIABLE} is set but empty: set it to the folder for your "
                f"history, or unset it (`unset {DATA_DIR_VARIABLE}`) to use the default one")
    return None


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $CORETIMER_DATA_DIR, else the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    if (empty := empty_data_dir_variable()) is not None:
        raise PathError(empty)
    env = os.environ.get(DATA_DIR_VARIABLE)
    if env:
        return Path(env).expanduser()
    # (platformdirs only when a default folder is needed)
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """$CORETIMER_CONFIG_DIR, else the platform's user config folder (user routines live in
    its `routines/` folder)."""
    env = os.environ.get("CORETIMER_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    # (platformdirs only when a default folder is needed)
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def cache_dir() -> Path:
    """$CORETIMER_CACHE_DIR, else the platform's user cache folder (the generated tones)."""
    env = os.environ.get("CORETIMER_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    # (platformdirs only when a default folder is needed)
    from platformdirs import user_cache_path

    return user_cache_path(APP, appauthor=False)


def shipped_dir() -> Path:
    """Folder of the routines shipped with coretimer.

    In a wheel they are installed inside the package; in a source checkout (editable install)
    they are the repository's top-level `routines/` folder.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "routines"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "routines"


def user_dir(config_dir: Path) -> Path:
    return config_dir / "routines"


def link_loop(path: Path) -> Path | None:
    """The link that makes `path` a link loop (a link leading back to itself, directly or
    through other links; `path` itself or a folder above it), or None when there is none."""

    for step in (*reversed(path.parents), path):
        try:
            os.stat(step)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return step
            return None  # not there, or not a folder: said elsewhere, in its own words
    return None


def loop_text(path: Path, blamed: Path, what_to_do: str) -> str:
    """`path` cannot be reached because `blamed` is a link loop, in plain words."""
    where = (f"{path} is a link loop" if blamed == path else
             f"{path} cannot be reached: {blamed} is a link loop")
    return f"{where} (a link that leads back to itself, never to a folder): {what_to_do}"


#: What to do about a link loop, for each folder.
DATA_LOOP_FIX = ("point the link at the folder for your history (or remove it), or name "
                 "another folder with --data-dir")
CONFIG_LOOP_FIX = ("point the link at your config folder (or remove it), or set "
                   "CORETIMER_CONFIG_DIR to another folder")

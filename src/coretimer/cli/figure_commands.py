"""`coretimer figure`: an exercise's side-view figure, drawn as text or SVG, for a look
outside a session (and for the tests and the README's pictures)."""

from __future__ import annotations

from coretimer import paths
from coretimer.cli.common import EXIT_OK, Usage
from coretimer.model.figure import Figure, joints_of
from coretimer.routine.files import discover
from coretimer.routine.poses import figure_of, library
from coretimer.text.figure_art import braille, svg, svg_sheet
from coretimer.text.plaintext import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

#: The text drawing's size, in cells.
WIDTH, HEIGHT = 40, 10


def figures_for(key: str) -> list[tuple[str, Figure]]:
    """The figures an id stands for, each with a title: an exercise's at each of its levels
    (the first routine that has it), else the library's figure of that name."""
    for loaded in discover(paths.config_dir()).offered:
        for exercise in loaded.routine.exercises:
            if key != exercise.key and key not in exercise.aliases:
                continue
            levels = range(1, len(exercise.levels) + 1) if exercise.levels else [None]
            out: list[tuple[str, Figure]] = []
            for level in levels:
                at = exercise if level is None else exercise.at_level(level)
                found = figure_of(at)
                title = exercise.name + (f": {at.level_name}" if at.level_name else "")
                if found is not None and all(found != f for _, f in out):
                    out.append((title, found))
            return out
    found = library().get(key)
    return [(key, found)] if found is not None else []


def cmd_figure(args: argparse.Namespace) -> int:
    if args.list:
        for name, figure in sorted(library().items()):
            print(f"{name}  ({', '.join(p.name for p in figure.poses)})")
        return EXIT_OK
    if not args.figure:
        raise Usage("name an exercise's id or a figure, e.g. `coretimer figure bird-dog` "
                    "(`coretimer figure --list` lists the figures)")
    found = figures_for(args.figure)
    if not found:
        raise Usage(f"no exercise or figure with the id {args.figure!r}: `coretimer "
                    "routines` lists the routines, `coretimer figure --list` the figures")
    if args.svg:  # one document, each level's figure under the one before
        drawings = [svg(figure, [joints_of(p) for p in figure.poses], title=clean(title))
                    for title, figure in found]
        print(svg_sheet(drawings, title=clean(found[0][0].split(": ")[0])), end="")
        return EXIT_OK
    for title, figure in found:
        poses = figure.poses if args.frames else figure.poses[:1]
        for pose in poses:
            print(clean(f"{title} ({pose.name})"))
            print("\n".join(braille(figure, joints_of(pose), WIDTH, HEIGHT)))
    return EXIT_OK

"""Write src/coretimer/routine/poses.toml, the shipped pose library, from the figures of
poses_support.py (on forearms, hands or knees), poses_lying.py and poses_standing.py.

    PYTHONPATH=src .venv/bin/python scripts/poses.py

Each pose is built from one body (poses_body.BONE) by placing a root joint and giving each
bone's angle, so that every pose of a figure has the same limbs by construction; the figures
are checked by the model as they are written, and the tests check the written file all the
same. Figures face right. A figure is named after the exercise id it serves (an exercise
needs no `figure =` line then); a level that changes the movement names its own figure.
Reps have a pose for the start and one after each step of the rep that moves (named by the
routine's rep_cues: "lift", "lower"), holds one pose, "hold".
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import poses_lying as lying
import poses_standing as standing
import poses_support as support
from poses_body import BONE, Body, pose  # noqa: F401  (the tests build bodies from here)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "coretimer" / "routine" / "poses.toml"

Make = Callable[[], dict[str, object]]

#: Every figure of the library, by name: mostly exercise ids (several ids share a figure
#: where they are the same movement), and the figures of levels that change the movement.
FIGURES: dict[str, Make] = {
    # planks and side bridges
    "front-plank": support.front_plank,
    "front-plank-test": support.front_plank,
    "side-bridge": support.side_bridge_knees,  # the Big Three's first level
    "side-bridge-feet": support.side_bridge_feet,
    "side-bridge-top-leg": support.side_bridge_top_leg,
    "side-plank": support.side_plank,
    "side-plank-knees": support.side_plank_knees,
    "side-plank-test": support.side_plank,
    "side-bridge-test": support.side_plank,
    # hands and knees
    "bird-dog": support.bird_dog,
    "bird-dog-hold": support.bird_dog,
    "cat-camel": support.cat_camel,
    "stir-the-pot": support.stir_the_pot_knees,
    "stir-the-pot-feet": support.stir_the_pot_feet,
    # on the back
    "curl-up": lying.curl_up,
    "curl-up-hold": lying.curl_up_hold,
    "trunk-flexor-hold": support.trunk_flexor_60,
    "dead-bug": lying.dead_bug,
    "leg-drops": lying.leg_drops,
    "leg-drops-longer-legs": lying.leg_drops_longer,
    "brace": lying.brace,
    "posterior-pelvic-tilt": lying.posterior_pelvic_tilt,
    "glute-bridge": lying.glute_bridge,
    "single-leg-bridge": lying.single_leg_bridge,
    "feet-up-crunch": lying.feet_up_crunch,
    # face down
    "superman": lying.superman,
    "superman-together": lying.superman_together,
    "back-extensor-hold": lying.back_extensor_floor,
    "back-extensor-test": support.back_extensor_bench,
    # standing
    "brace-abdominal-vacuum": standing.abdominal_vacuum,
    "farmer-carry": standing.farmer_carry,
    "pallof-press": standing.pallof_press,
    "hip-hinge": standing.hip_hinge,
    "good-morning": standing.good_morning,
    "deadlift": standing.deadlift,
}


def _point(p: object) -> str:
    """A place as [x, y], or a joint's name (a prop's end held by it) as a string."""
    if isinstance(p, str):
        return f'"{p}"'
    x, y = p  # type: ignore[misc]
    return f"[{x:g}, {y:g}]"


def toml(figures: dict[str, dict[str, object]]) -> str:
    """The library's text: a table per figure, its props (all of them, in one array) before
    its poses."""
    lines = ["# The shipped pose library: written by scripts/poses.py (edit the figures there).",
             ""]
    for name, doc in figures.items():
        lines.append(f"[{name}]")
        props = doc.get("props") or []
        if props:
            items = [f'{{ kind = "{p["kind"]}", at = [{_point(p["at"][0])}, '
                     f'{_point(p["at"][1])}] }}' for p in props]  # type: ignore[attr-defined]
            lines.append(f"props = [{', '.join(items)}]")
        for p in doc["poses"]:  # type: ignore[attr-defined]
            lines.append(f"[[{name}.poses]]")
            lines.append(f'name = "{p["name"]}"')
            joints = ", ".join(f"{k} = {_point(xy)}" for k, xy in p["joints"].items())
            lines.append(f"joints = {{ {joints} }}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    text = toml({name: make() for name, make in FIGURES.items()})
    try:  # checked as the app reads it, when the app is on the path
        import tomllib

        from coretimer.model.figure import Figure
    except ImportError:
        print("(coretimer not on the path: the figures were not checked)", file=sys.stderr)
    else:
        for name, doc in tomllib.loads(text).items():
            try:
                Figure.model_validate(doc)
            except ValueError as exc:
                sys.exit(f"figure {name!r}: {exc}")
    OUT.write_text(text)
    print(OUT.relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()

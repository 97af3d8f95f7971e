"""Engine benchmark: a 30-minute routine through the engine in simulated time.

Reports (1) the error between the engine's end time and the routine's exact duration, which
must be 0 up to float rounding whatever the tick size, and (2) wall time per simulated minute.

    .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import random
import time

from coretimer.model.clock import FakeClock
from coretimer.model.routine import Routine
from coretimer.routine.files import estimated_seconds
from coretimer.session.engine import Engine
from coretimer.session.events import SessionEnded


def thirty_minute_routine() -> Routine:
    exercises = [
        {"name": "Front plank", "kind": "hold", "hold": 45, "sets": 4, "rest": 30,
         "cues": ["Brace, then keep breathing", "Lower back flat"]},
        {"name": "Dead bug", "kind": "reps", "reps": 12, "tempo": 4, "sets": 3,
         "sides": "both", "rest": 20, "cues": ["Back flat", "Slow"]},
        {"name": "Bird dog", "kind": "reps", "reps": 10, "tempo": 3, "rep_hold": 2, "sets": 3,
         "sides": "both", "rest": 20, "cues": ["Square hips"]},
        {"name": "Side plank", "kind": "hold", "hold": 30, "sets": 3, "sides": "both",
         "rest": 20, "cues": ["Hips up", "Keep breathing"]},
        # rest 82 s pads the routine to exactly 30:00
        {"name": "Glute bridge", "kind": "reps", "reps": 15, "tempo": 3, "sets": 2, "rest": 82},
    ]
    return Routine.model_validate({"name": "Thirty", "get_ready": 10,
                                   "rest_between_exercises": 60, "exercises": exercises})


def run(routine: Routine, ticks: list[float] | float) -> tuple[float, float, int]:
    clock = FakeClock()
    engine = Engine(routine, clock)
    engine.start()
    end_at = float("nan")
    updates = 0
    started = time.perf_counter()
    i = 0
    while not engine.finished:
        step = ticks if isinstance(ticks, float) else ticks[i % len(ticks)]
        i += 1
        clock.advance(step)
        updates += 1
        for event in engine.update():
            if isinstance(event, SessionEnded):
                end_at = event.at
    return end_at, time.perf_counter() - started, updates


def main() -> None:
    routine = thirty_minute_routine()
    exact = estimated_seconds(routine)
    minutes = exact / 60
    print(f"routine: {len(routine.exercises)} exercises, exact duration {exact:.1f} s "
          f"({minutes:.1f} min)")
    rng = random.Random(7)
    jitter = [rng.uniform(0.01, 0.4) for _ in range(997)]
    stalls = [0.1] * 99 + [2.5]  # a UI that freezes for 2.5 s every 10 s
    cases: list[tuple[str, list[float] | float]] = [
        ("10 Hz ticks", 0.1), ("1 Hz ticks", 1.0), ("jittered 10-400 ms", jitter),
        ("10 Hz with 2.5 s stalls", stalls), ("one jump", exact + 100.0),
    ]
    print(f"{'ticks':<26}{'updates':>9}{'end error (s)':>16}{'wall ms':>10}{'ms / sim min':>14}")
    for name, ticks in cases:
        end_at, wall, updates = run(routine, ticks)
        error = abs(end_at - exact)
        print(f"{name:<26}{updates:>9}{error:>16.2e}{wall * 1000:>10.1f}"
              f"{wall * 1000 / minutes:>14.3f}")


if __name__ == "__main__":
    main()

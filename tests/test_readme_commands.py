"""The README's numbers in "On a phone or tablet", "Commands" and "Shipped routines", each
checked (issue 25): against the code (a constant, the argument parser's default, a pure
function, the shipped routine files, a command run in this process) or by the test that
already asserts it."""

from __future__ import annotations

import contextlib
import errno
import inspect
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from coretimer import cli
from coretimer.model.exercise import Exercise
from coretimer.model.routine import Routine
from coretimer.routine.files import load_routine_file, shipped_dir
from tests.readme_claims import Claim, run_claims, section, uncovered_numbers

PHONE_SECTION = "On a phone or tablet: `coretimer serve`"
COMMANDS_SECTION = "Commands"
SHIPPED_SECTION = "Shipped routines"


# --- helpers -------------------------------------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, str, str]:
    """`coretimer ARGV` in this process (the test's own data and config folders, which
    conftest sets): its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse: usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def stdout_failing_with(error: OSError) -> Iterator[io.StringIO]:
    """stdout whose every write fails with `error`; yields the captured stderr."""

    class Failing(io.StringIO):
        def write(self, text: str) -> int:
            raise error

    err = io.StringIO()
    with contextlib.redirect_stdout(Failing()), contextlib.redirect_stderr(err):
        yield err


def one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1


def routine(routine_id: str) -> Routine:
    return load_routine_file(shipped_dir() / f"{routine_id}.toml").routine


def exercise(routine_id: str, key: str) -> Exercise:
    return next(ex for ex in routine(routine_id).exercises if ex.key == key)


def shipped_exercises() -> list[tuple[str, Exercise]]:
    return [(path.stem, ex) for path in sorted(shipped_dir().glob("*.toml"))
            for ex in load_routine_file(path).routine.exercises]


def levels(ex: Exercise) -> list[Exercise]:
    """The exercise at each of its levels (itself when it has none)."""
    return [ex.at_level(n) for n in range(1, ex.level_count + 1)] or [ex]


# --- On a phone or tablet: `coretimer serve` -----------------------------------------------------

def check_the_readme_pictures_are_an_iphone_13() -> None:
    from tests.test_phone import DEVICES, SHOTS

    assert "iPhone 13" in DEVICES
    assert SHOTS["iPhone 13"] == ("phone", {"home", "session", "pain"})


def check_the_page_keeps_40_columns_and_20_rows() -> None:
    """The rule of the page's font size (test_phone.py measures the result in a browser)."""
    from coretimer.ui.web import server

    page = (server.STATIC / "page.js").read_text(encoding="utf-8")
    assert re.search(r"\bconst MIN_COLS = 40;", page)
    assert re.search(r"\bconst MIN_ROWS = 20;", page)


def check_a_finger_gets_6_columns_by_3_rows() -> None:
    from coretimer.ui.widgets.touch import MIN_COLUMNS, MIN_ROWS
    from tests.test_phone_layouts import FINGER_COLUMNS, FINGER_ROWS

    assert (MIN_COLUMNS, MIN_ROWS) == (6, 3)
    assert (FINGER_COLUMNS, FINGER_ROWS) == (6, 3)  # what the layout tests measure


def check_only_60x20_keeps_one_row_buttons() -> None:
    from coretimer.ui.screens.session import big_touch

    assert not big_touch(60, 20)
    phones_tablets_terminals = [(40, 29), (44, 38), (94, 20), (68, 43), (80, 24), (120, 40)]
    assert all(big_touch(w, h) for w, h in phones_tablets_terminals)


def check_the_server_listens_on_loopback_by_default() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


def check_a_token_is_16_to_128_of_those_characters() -> None:
    from coretimer.ui.serve import ServeError, check_token

    for good in ["a" * 16, "Z9-_" * 32, "x" * 128]:
        assert check_token(good) == good
    for bad in ["a" * 15, "x" * 129, "x" * 20 + "!", "x" * 20 + ".", "é" * 20, "x" * 20 + "\n"]:
        with pytest.raises(ServeError, match="16 to 128"):
            check_token(bad)


def check_at_most_8_pages() -> None:
    from coretimer.ui.web.server import MAX_PAGES, CoretimerServer, make_server

    assert MAX_PAGES == 8
    assert inspect.signature(CoretimerServer.__init__).parameters["max_pages"].default == 8
    server = make_server("127.0.0.1", 8600, "t" * 16, "true", "http://127.0.0.1:8600", None)
    assert server.max_pages == 8


def check_bad_serve_options_are_one_line_and_exit_2() -> None:
    data = Path(os.environ["CORETIMER_DATA_DIR"])
    for argv in (["--host", "not a host"], ["--port", "0"], ["--port", "70000"],
                 ["--token", "short"], ["--tls-cert", "cert.pem"],
                 ["--tls-cert", str(data / "nope.pem"), "--tls-key", str(data / "nope.pem")]):
        code, out, err = run_cli("serve", *argv)
        assert (code, out) == (2, ""), (argv, code, err)
        assert one_line(err) and "Traceback" not in err, (argv, err)


PHONE: list[Claim] = [
    Claim("(An emulated iPhone 13 in Chromium", check=check_the_readme_pictures_are_an_iphone_13),
    Claim("keeps at least 40 columns and 20 rows",
          check=check_the_page_keeps_40_columns_and_20_rows),
    Claim("have 0–10 as buttons",
          by="tests/test_phone_layouts.py::test_every_zero_to_ten_button_is_big"),
    Claim("at least 6 columns by 3 rows", check=check_a_finger_gets_6_columns_by_3_rows),
    Claim("about 44 px square", by="tests/test_phone.py::"
          "test_start_pain_seven_stops_saves_and_every_target_fits_a_finger"),
    Claim("(60×20) keeps one-row buttons", check=check_only_60x20_keeps_one_row_buttons),
    Claim("(https, or 127.0.0.1)", why_not_checked=(
        "the browsers' rule of a secure context (https, or a loopback address), where they "
        "offer the Wake Lock API: not a number of the app")),
    Claim("The server listens on 127.0.0.1 unless `--host` says otherwise",
          check=check_the_server_listens_on_loopback_by_default),
    Claim("16 to 128 letters, digits, `-` or `_`, the whole of it",
          check=check_a_token_is_16_to_128_of_those_characters),
    Claim("Without it the answer is 403",
          by="tests/test_serve.py::test_without_the_token_everything_is_403"),
    Claim("gets 403 as well, cookie or not",
          by="tests/test_serve.py::test_another_origin_gets_403_even_with_the_cookie"),
    Claim("at most 8 at once", check=check_at_most_8_pages),
    Claim("A bad `--host`, `--port`, `--token` or TLS file is one line and exit 2",
          check=check_bad_serve_options_are_one_line_and_exit_2),
    Claim("a port in use is one line and exit 1",
          by="tests/test_serve.py::test_a_busy_port_is_one_line_and_exit_1"),
]


# --- Commands ------------------------------------------------------------------------------------

def check_report_weeks_default_to_12() -> None:
    assert cli.build_parser().parse_args(["report"]).weeks == 12


def check_serve_defaults() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8600)


def check_invisible_characters_show_by_their_number() -> None:
    from coretimer.text.plaintext import clean

    assert clean("a\u202eb") == "a<U+202E>b"
    assert clean("a\u200bb") == "a<U+200B>b"  # a zero-width space


def check_json_escapes_what_an_ascii_terminal_cannot_show() -> None:
    from coretimer.text.output import to_json

    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with contextlib.redirect_stdout(ascii_out):
        assert to_json("café") == '"caf\\u00e9"'


def check_a_closed_pipe_or_full_device_exits_1() -> None:
    for argv in (["--version"], ["routines"]):
        with stdout_failing_with(BrokenPipeError(errno.EPIPE, "Broken pipe")) as err:
            code = cli.main(argv)
        assert (code, err.getvalue()) == (1, ""), argv  # quietly
        with stdout_failing_with(OSError(errno.ENOSPC, "No space left on device")) as err:
            code = cli.main(argv)
        said = err.getvalue()
        assert code == 1 and one_line(said) and "cannot write the output" in said, argv
        assert "Traceback" not in said


def check_exit_codes() -> None:
    assert (cli.EXIT_OK, cli.EXIT_FAIL, cli.EXIT_USAGE) == (0, 1, 2)
    assert run_cli("routines")[0] == 0
    missing = Path(os.environ["CORETIMER_DATA_DIR"]) / "no-such-routine.toml"
    assert run_cli("check", str(missing))[0] == 1
    assert run_cli("frobnicate")[0] == 2
    assert run_cli("history", "--since", "yesterday")[0] == 2


def check_coretimer_debug_1_shows_the_traceback() -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom")

    from coretimer.cli import history_commands

    with mock.patch.object(history_commands, "cmd_history", broken):
        with mock.patch.dict(os.environ, {"CORETIMER_DEBUG": ""}):
            code, _, err = run_cli("history")
        assert code == 1 and "Set CORETIMER_DEBUG=1 to see details" in err
        assert "Traceback" not in err
        with mock.patch.dict(os.environ, {"CORETIMER_DEBUG": "1"}), \
                pytest.raises(RuntimeError, match="boom"):
            cli.main(["history"])


COMMANDS: list[Claim] = [
    Claim("exit 0 when something is due, 1 when not",
          by="tests/test_plan_cli.py::test_the_morning_question_and_a_long_gap_are_due"),
    Claim("validate routine files; exit 1 with one line per problem",
          by="tests/test_cli.py::test_check_ok_and_problems"),
    Claim("never overwrites (exit 1)", by="tests/test_authoring.py::test_new_never_overwrites"),
    Claim("a bad NAME (empty, no letter or digit, or with `/` or `\\` in it) exits 2",
          by="tests/test_authoring.py::test_new_refuses_a_name_that_is_a_path"),
    Claim("Needs a terminal: without one it says so in one line (exit 1)",
          by="tests/test_authoring.py::test_edit_without_a_terminal_is_refused_in_one_line"),
    Claim("A bad date or an unknown routine is one line on stderr and exit 2",
          by="tests/test_history_management.py::test_bad_filters_are_one_line_and_exit_2"),
    Claim("`coretimer report [--weeks 12]", check=check_report_weeks_default_to_12),
    Claim("prints on A4 and US Letter, each chart kept with its heading",
          by="tests/test_report.py::"
          "test_the_report_prints_on_a4_and_letter_keeping_each_chart_by_its_heading"),
    Claim("`coretimer serve [--host 127.0.0.1] [--port 8600]", check=check_serve_defaults),
    Claim("(U+202E, a zero-width space) are shown by their number, as `<U+202E>`",
          check=check_invisible_characters_show_by_their_number),
    Claim("`--json` output escapes them (`\\u00e9`)",
          check=check_json_escapes_what_an_ascii_terminal_cannot_show),
    Claim("set a UTF-8 locale (`LANG=C.UTF-8`)", why_not_checked=(
        "the name of an encoding and of a locale to set, not a number of the app")),
    Claim("A byte of a folder or file name that is not valid UTF-8 is shown as `\\xe9`",
          by="tests/test_names_and_ids.py::"
          "test_a_file_name_that_is_not_utf8_is_refused_by_name_never_a_crash"),
    Claim("Output into a closed pipe ends quietly, and into a full device with one line that "
          "says so, both with exit code 1", check=check_a_closed_pipe_or_full_device_exits_1),
    Claim("Exit codes: 0 ok, 1 failure, 2 bad usage.", check=check_exit_codes),
    Claim("set `CORETIMER_DEBUG=1` to see one", check=check_coretimer_debug_1_shows_the_traceback),
]


# --- Shipped routines ----------------------------------------------------------------------------

def check_the_big_three_pyramids() -> None:
    curl, side, bird = routine("big-three").exercises
    for ex in (curl, bird, side):
        assert ex.rep_hold == 10 and ex.doses == [6, 4, 2], ex.title
    assert [lv.doses for lv in levels(side)] == [[6, 4, 2], [5, 3, 1], [4, 3, 2]]
    assert [lv.level_name for lv in levels(side)][1:] == ["from the feet", "top leg raised"]
    assert all(lv.rep_hold == 10 for lv in levels(side))


def check_the_flexor_hold_at_60_degrees() -> None:
    flexor = exercise("endurance-test", "trunk-flexor-hold")
    assert flexor.level_name == "at 60°" and "60°" in flexor.setup_cue
    assert flexor.level_after_pain == 1
    supported = flexor.at_level(1)
    assert supported.note is not None and "curl-up hold" in supported.note


def check_the_extensor_hold_ends_at_2_minutes() -> None:
    extensor = exercise("endurance-test", "back-extensor-test")
    assert extensor.level_name == "over a bench edge"
    assert [lv.cap_seconds for lv in levels(extensor)] == [120, 120]  # supported, bench


def check_5_minutes_rest_between_holds() -> None:
    for routine_id in ("endurance-test", "endurance-test-adapted"):
        test = routine(routine_id)
        assert test.rest_between_exercises == 5 * 60, routine_id
        two_sided = [ex for ex in test.exercises if ex.sides == "both"]
        assert two_sided and all(ex.rest == 5 * 60 for ex in two_sided), routine_id


def check_the_published_test_is_cited() -> None:
    cited = [(rid, ex.key) for rid, ex in shipped_exercises()
             if "McGill, Childs & Liebenson 1999" in (ex.source or "")]
    assert {rid for rid, _ in cited} == {"endurance-test", "endurance-test-adapted"}


def check_a_bracketed_dose_is_done() -> None:
    given = [(rid, ex) for rid, ex in shipped_exercises()
             if "(3 sets of 10-12 each side)" in (ex.source or "")]
    assert given
    for rid, ex in given:
        lower = "deliberately lower:" in (ex.source or "")
        assert lower or (ex.sets == 3 and 10 <= ex.rep_count <= 12 and ex.alternates), rid


def check_the_endurance_list_does_2_sets_of_8() -> None:
    exercises = routine("endurance").exercises
    assert len(exercises) == 8
    assert all(ex.sets == 2 for ex in exercises)
    three = [ex for ex in exercises if "3 sets" in (ex.source or "")]
    assert three and all("deliberately lower: 2 sets" in (ex.source or "") for ex in three)


def check_the_kept_apart_bird_dog() -> None:
    hold = exercise("big-three", "bird-dog-hold")
    assert (hold.kind, hold.rep_hold, hold.doses) == ("reps", 10, [6, 4, 2])
    others = [ex for rid, ex in shipped_exercises() if ex.key == "bird-dog"]
    assert {ex.rep_count for ex in others} == {8, 10}
    assert all(ex.kind == "reps" and ex.doses is None for ex in others)


SHIPPED: list[Claim] = [
    Claim("every rep a 10 s hold, in 6-4-2 pyramids (the harder side bridges 5-3-1 and 4-3-2)",
          check=check_the_big_three_pyramids),
    Claim("trunk flexor hold at 60° (a curl-up hold after recent pain)",
          check=check_the_flexor_hold_at_60_degrees),
    Claim("ends at 2 min", check=check_the_extensor_hold_ends_at_2_minutes),
    Claim("5 minutes' rest between holds", check=check_5_minutes_rest_between_holds),
    Claim("McGill, Childs & Liebenson 1999", check=check_the_published_test_is_cited),
    Claim("Dead bugs go up to 12 reps a side and bird dogs to 10.",
          by="tests/test_shipped_routines.py::test_rep_caps_are_the_seeds_upper_doses"),
    Claim("(`(3 sets of 10-12 each side)`)", check=check_a_bracketed_dose_is_done),
    Claim("the endurance list does 2 sets, not 3, of its eight exercises",
          check=check_the_endurance_list_does_2_sets_of_8),
    Claim("reps of 10 s holds in a 6-4-2 pyramid are not the other routines' 8 or 10 reps",
          check=check_the_kept_apart_bird_dog),
]

CLAIMS: list[Claim] = PHONE + COMMANDS + SHIPPED


# --- the tests -----------------------------------------------------------------------------------

def test_every_number_on_the_phone_is_claimed() -> None:
    assert uncovered_numbers(section(PHONE_SECTION), PHONE) == []


def test_every_number_of_the_commands_is_claimed() -> None:
    assert uncovered_numbers(section(COMMANDS_SECTION), COMMANDS) == []


def test_every_number_of_the_shipped_routines_is_claimed() -> None:
    assert uncovered_numbers(section(SHIPPED_SECTION), SHIPPED) == []


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.phrase[:60] for c in CLAIMS])
def test_the_claim_holds(claim: Claim) -> None:
    run_claims([claim])

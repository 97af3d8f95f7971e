"""The two endurance tests as protocols: the published one (routines/endurance-test.toml)
and the adapted one (routines/endurance-test-adapted.toml), each bound to its file by the
ids of its holds, and the limits the published test is read against.

Source: McGill SM, Childs A, Liebenson C. Endurance times for low back stabilization
exercises: clinical targets for testing and training from a normal database. Arch Phys Med
Rehabil 1999;80:941-4."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Protocol:
    """One version of the test: its routine file, the ids of its holds and what it calls them."""

    name: str
    routine: str
    holds: tuple[str, str, str]
    """The ids of the flexor hold, the side hold (left, then right) and the extensor hold."""
    flexor: str
    side: str
    extensor: str
    source: str
    published_aims: bool = True
    """Its ratios are read against the published aims (the published test). The adapted test
    is read only against the person's own earlier adapted tests."""
    aliases: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    """Other ids each hold was saved under: the adapted test's front and side holds had the
    training exercises' ids before they had their own."""

    @property
    def title(self) -> str:
        """What the test is called in lists: "endurance test", "adapted endurance test"."""
        return "endurance test" if self.name == "published" else f"{self.name} endurance test"

    def keys(self, hold: int) -> frozenset[str]:
        """Every id hold number `hold` (0 flexor, 1 side, 2 extensor) may be saved under."""
        return frozenset((self.holds[hold], *self.aliases[hold]))


MCGILL = Protocol(
    "published", "endurance-test", ("trunk-flexor-hold", "side-bridge-test",
                                    "back-extensor-test"),
    "Trunk flexor hold", "Side bridge", "Back-extensor hold",
    "McGill, Childs & Liebenson 1999 (Arch Phys Med Rehabil 80:941-4): the trunk flexor hold "
    "at 60°, the side bridge and the back-extensor hold, capped here at 2 minutes. A training "
    "guide, not a diagnosis.")
ADAPTED = Protocol(
    "adapted", "endurance-test-adapted",
    ("front-plank-test", "side-plank-test", "back-extensor-hold"),
    "Front plank", "Side plank", "Back-extensor hold",
    "Adapted from published torso endurance tests (McGill and colleagues): the front plank and "
    "the floor back-extensor hold stand in for the original flexor and extensor tests, so the "
    "published figures do not apply to it: it is read against your own earlier adapted tests. "
    "A training guide, not a diagnosis.",
    published_aims=False, aliases=(("front-plank",), ("side-plank",), ()))
PROTOCOLS = (MCGILL, ADAPTED)
#: The ids of every test hold (not their old ids, which training exercises share), and the
#: version of the test each belongs to.
TEST_HOLDS = {key: p for p in PROTOCOLS for key in p.holds}
#: Routines whose sessions are endurance tests (the adapted test was called endurance-test
#: before the published one shipped: its sessions are told apart by their holds' ids).
TEST_ROUTINES = frozenset(p.routine for p in PROTOCOLS)

ENDURANCE_TEST = MCGILL.routine
#: The ids of the adapted test's holds (kept for callers that read them).
ENDURANCE_HOLDS = ADAPTED.holds
#: Rest between the holds, in seconds: the published protocol's 5 minutes.
TEST_REST = 300
#: Side bridges: right/left within this of 1.
SIDE_BALANCE_LIMIT = 0.05
#: Side bridge / extensor hold: below this, for each side.
SIDE_TO_EXTENSOR_LIMIT = 0.75
#: Front (flexor) / extensor hold: below this.
FRONT_TO_EXTENSOR_LIMIT = 1.0

ENDURANCE_SOURCE = ADAPTED.source

"""Published endurance times of healthy young adults (McGill, Childs & Liebenson 1999), to
set a test beside."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """Mean hold times and their standard deviations (seconds) of the healthy young adults in
    McGill, Childs & Liebenson 1999, and the ratios of the means."""

    group: str
    people: int
    flexor: float
    extensor: float
    side_right: float
    side_left: float
    flexor_sd: float
    extensor_sd: float
    side_right_sd: float
    side_left_sd: float

    @property
    def right_left(self) -> float:
        return self.side_right / self.side_left

    def line(self) -> str:
        def spread(mean: float, sd: float) -> str:
            return f"{mean:.0f} ± {sd:.0f} s"

        return (f"{self.group} ({self.people}), mean ± SD: flexor "
                f"{spread(self.flexor, self.flexor_sd)}, extensor "
                f"{spread(self.extensor, self.extensor_sd)}, side bridge right "
                f"{spread(self.side_right, self.side_right_sd)}, left "
                f"{spread(self.side_left, self.side_left_sd)}; ratios of the means: "
                f"flexor/extensor {self.flexor / self.extensor:.2f}, right/left "
                f"{self.right_left:.2f}, side bridge/extensor "
                f"{self.side_right / self.extensor:.2f} right, "
                f"{self.side_left / self.extensor:.2f} left")


# The means agree with the four ratios in the paper's abstract (the side bridge held for 65%
# and 39% of the extensor time, flexion for 99% and 79% of it, by the men and the women). The
# standard deviations are those quoted from its table in issue 22: they could not be checked
# against the paper itself when they were added.
REFERENCES = (
    Reference("Men", 31, flexor=144, extensor=146, side_right=94, side_left=97,
              flexor_sd=76, extensor_sd=51, side_right_sd=34, side_left_sd=35),
    Reference("Women", 44, flexor=149, extensor=189, side_right=72, side_left=77,
              flexor_sd=99, extensor_sd=60, side_right_sd=31, side_left_sd=35),
)
_WOMEN = REFERENCES[1]
REFERENCE_SOURCE = (
    "Published reference values: healthy young adults in McGill, Childs & Liebenson 1999 (Arch "
    "Phys Med Rehabil 80:941-4), measured with the published test. The spread (±) is wide: "
    "healthy people differ a lot. The women held the side bridge for much less of their "
    "extensor time than the men, and their own mean right/left ratio, "
    f"{_WOMEN.right_left:.2f} ({_WOMEN.side_right:.0f}/{_WOMEN.side_left:.0f}), is outside "
    "the 0.05 aim: the aims are a guide, not a norm. For comparison only: your own earlier "
    "tests are the better guide.")


#: Said instead of the reference values beside an adapted test (the setting is on).
REFERENCE_NOT_COMPARABLE = (
    "The published reference values are shown beside the published test only: the adapted "
    "holds are not the ones they were measured with.")


def reference_lines() -> list[str]:
    return [r.line() for r in REFERENCES]

"""Numbers as Moodle reads them: written in full, and grades from Moodle's own list."""

from __future__ import annotations

from decimal import Decimal

# Moodle's answer grades (question_bank::fraction_options_full): its import refuses any other
# unless the teacher picks "nearest grade", so an export uses these or says which it cannot.
MOODLE_GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
_MOODLE_SLACK = 0.00001  # how close Moodle's import wants a grade to one of its list


def plain_number(value: float) -> str:
    """`value` in full, without an exponent: 12345678.5, not 1.23457e+07; 0.00001, not 1e-05."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def moodle_grade(fraction: float) -> float | None:
    """The grade of Moodle's list that `fraction` (-1..1) stands for, or None if it has none."""
    for grade in MOODLE_GRADES:
        for signed in (grade, -grade):
            if abs(fraction - signed) < _MOODLE_SLACK:
                return signed
    return None


def percent_text(fraction: float) -> str:
    """A grade as Moodle writes it in percent: 50, 33.33333, -12.5."""
    grade = moodle_grade(fraction)
    return plain_number(round((grade if grade is not None else fraction) * 100, 7))


def same_percent(a: float | None, b: float) -> bool:
    """Whether two percents are one grade as Moodle would store it."""
    return a is not None and abs(a - b) < _MOODLE_SLACK * 100

"""A list of things to open: Enter (or a click) opens the highlighted one."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from course.i18n import N_


class MenuList(OptionList):
    """An OptionList whose Enter is shown in the footer as "Open"."""

    BINDINGS = [Binding("enter", "select", N_("Open"), show=True)]

"""The bilingual glossary: every term in both languages, searchable with or without diacritics."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from course.content import GlossaryTerm
from course.i18n import N_, _, as_of, current_locale, ngettext
from course.i18n.collation import sort_key
from course.quiz import normalize_text, strip_diacritics
from course.tui.screens.base import CourseScreen
from course.tui.session import Session, language_name
from course.tui.widgets.entry import TextEntry


def rank(term: GlossaryTerm, query: str) -> tuple[int, int] | None:
    """How well `term` matches a search, best first; None when it does not match.

    A term that is the query (`chứng cứ điện tử` for `chứng cứ điện tử`) comes first, then
    terms that start with it, then terms with a word starting with it, then terms that
    contain it, then terms whose definition does. At each place, a match with the
    diacritics as typed comes before one found only without them.
    """
    typed = normalize_text(query)
    plain_query = strip_diacritics(typed)
    best: tuple[int, int] | None = None
    for text in term.term.root.values():
        words = normalize_text(text)
        for candidate, wanted, marks in ((words, typed, 0), (strip_diacritics(words), plain_query, 1)):
            if candidate == wanted:
                place = 0
            elif candidate.startswith(wanted):
                place = 1
            elif any(word.startswith(wanted) for word in candidate.split()):
                place = 2
            elif wanted in candidate:
                place = 3
            else:
                continue
            best = min(best or (place, marks), (place, marks))
    if best is None:
        definitions = strip_diacritics(normalize_text(" ".join(term.definition.root.values())))
        if plain_query in definitions:
            best = (4, 1)
    return best


class SearchEntry(TextEntry):
    """The search box: ↓ goes down into the results (shown in the footer)."""

    BINDINGS = [Binding("down", "screen.to_results", N_("Results"))]


class TermList(OptionList):
    """The glossary's terms; ↑ on the first one goes back to the search box."""

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one("#search").focus()
        else:
            super().action_cursor_up()


class GlossaryScreen(CourseScreen):
    """Look a term up; from a lesson, its key terms come first."""

    DEFAULT_CSS = """
    #glossary { padding: 0 1; }
    #search { margin-top: 1; }
    #terms { height: 1fr; }
    #definition { height: auto; max-height: 9; border-top: solid $primary-darken-2; padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, session: Session, lesson_terms: list[str] | None = None) -> None:
        super().__init__(session)
        self.lesson_terms = [t for t in (lesson_terms or []) if t in session.content.glossary]

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Vertical(id="glossary"):
            yield SearchEntry(id="search")
            yield Label(id="glossary-count", classes="dim")
            yield TermList(id="terms")
            yield Static(id="definition")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#search", TextEntry).focus()

    def where(self) -> str:
        return _("Glossary")

    def refresh_language(self) -> None:
        super().refresh_language()
        self.query_one("#search", TextEntry).placeholder = _("Search in any language (diacritics optional)")
        self._fill()

    def _matches(self) -> list[GlossaryTerm]:
        glossary = self.session.content.glossary
        query = self.query_one("#search", TextEntry).value
        if not normalize_text(query) and self.lesson_terms:
            return [glossary[t] for t in self.lesson_terms]
        locale = current_locale()
        alphabetical = sorted(glossary.values(), key=lambda t: sort_key(self.session.text(t.term), locale))
        if not normalize_text(query):
            return alphabetical
        found = [(place, position) for position, term in enumerate(alphabetical) if (place := rank(term, query))]
        return [alphabetical[position] for _place, position in sorted(found)]

    def _fill(self) -> None:
        listing = self.query_one("#terms", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        matches = self._matches()
        other = next((loc for loc in self.session.locales if loc != current_locale()), current_locale())
        for term in matches:
            line = Text(self.session.text(term.term), style="bold")
            line.append("  —  " + self.session.text(term.term, other), style="dim")
            listing.add_option(Option(line, id=term.id))
        searching = bool(self.query_one("#search", TextEntry).value.strip())
        if self.lesson_terms and not searching:
            count = _("Key terms of this lesson: {n}. Type to search the whole glossary.").format(n=len(matches))
        else:
            count = ngettext("{n} term", "{n} terms", len(matches)).format(n=len(matches))
        self.query_one("#glossary-count", Label).update(Text(count))
        if matches:
            listing.highlighted = keep if keep is not None and keep < len(matches) else 0
        self._show()

    @on(TextEntry.Changed, "#search")
    def _search(self) -> None:
        self._fill()

    @on(TextEntry.Submitted, "#search")
    def action_to_results(self) -> None:
        listing = self.query_one("#terms", OptionList)
        if listing.option_count:
            listing.focus()
            if listing.highlighted is None:
                listing.highlighted = 0

    @on(OptionList.OptionHighlighted, "#terms")
    def _show(self) -> None:
        listing = self.query_one("#terms", OptionList)
        panel = self.query_one("#definition", Static)
        if listing.highlighted is None or listing.option_count == 0:
            panel.update(Text(_("No term matches your search.")))
            return
        term = self.session.content.glossary[listing.get_option_at_index(listing.highlighted).id or ""]
        text = Text()
        locales = [current_locale()] + [loc for loc in self.session.locales if loc != current_locale()]
        for locale in locales:
            text.append(f"{language_name(locale)}: ", style="dim")
            text.append(self.session.text(term.term, locale), style="bold")
            text.append("\n  " + self.session.text(term.definition, locale) + "\n")
        related = [
            self.session.text(self.session.content.glossary[i].term)
            for i in term.see_also
            if i in self.session.content.glossary
        ]
        if term.as_of is not None:
            text.append(as_of(term.as_of) + "\n", style="italic")
        if related:
            text.append(_("See also: {terms}").format(terms=", ".join(related)), style="italic")
        panel.update(text)

    def action_back(self) -> None:
        self.app.pop_screen()

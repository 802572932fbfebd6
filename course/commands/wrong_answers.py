"""`cybercourse analysis QUIZ_ID --answers`: the answers learners typed that were marked wrong."""

from __future__ import annotations

import csv
import io

from course.i18n import _, ngettext
from course.printable import cell_width, one_line, pad, printable_json, spreadsheet_row
from course.progress.responses import WrongAnswers

# Typed answers are stored data: whatever a progress file holds is shown as text (course.printable),
# never as terminal control sequences or spreadsheet formulas; a long one is cut in the table.
ANSWER_CELLS = 60


def render(quiz_id: str, found: list[WrongAnswers], form: str) -> str:
    """The report in `form` (table, csv or json)."""
    if form == "json":
        return printable_json({"quiz": quiz_id, "questions": [w.to_json() for w in found]}) + "\n"
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["question", "type", "answer", "count", "learners", "accepted_now"])
        for wrong in found:
            for answer in wrong.answers:
                writer.writerow(
                    spreadsheet_row(
                        [wrong.question_id, wrong.type, answer.text, answer.count, answer.learners, answer.accepted_now]
                    )
                )
        return buffer.getvalue()
    return _table(quiz_id, found)


def _table(quiz_id: str, found: list[WrongAnswers]) -> str:
    total = sum(a.count for w in found for a in w.answers)
    lines = [
        ngettext(
            "Quiz {id}: {n} typed answer marked wrong, most frequent first.",
            "Quiz {id}: {n} typed answers marked wrong, most frequent first.",
            total,
        ).format(id=quiz_id, n=total)
    ]
    if not found:
        lines.append(_("This quiz has no short-answer or numeric questions."))
        return "\n".join(lines) + "\n"
    header = [_("Answer"), _("Times"), _("Learners"), _("Accepted now")]
    for wrong in found:
        lines.append("")
        lines.append(f"{one_line(wrong.question_id)} ({wrong.type})")
        if not wrong.answers:
            lines.append("  " + _("No wrong answers."))
            continue
        rows = [
            [one_line(a.text, ANSWER_CELLS), str(a.count), str(a.learners), _("yes") if a.accepted_now else _("no")]
            for a in wrong.answers
        ]
        widths = [max(cell_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, ["-" * w for w in widths], *rows]:
            cells = [pad(row[0], widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:3], widths[1:3], strict=True))]
            cells.append(row[3])
            lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines) + "\n"

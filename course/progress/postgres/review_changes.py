"""The class server's side of spaced review: the statements that write cards and review sessions.

Cards are scheduled in Python (py-fsrs), so a change carries the cards its answer made, as
computed by the program that made the change (course.progress.spacing): `cards`, a JSON list
of the card after each rating, with the rating and its moment. They are written in the
statement that applies the change, only when the change itself is applied, so a change
delivered twice rates nothing twice (see changes.py). A review session starts with the
questions the program chose; the server applies the two-window rule again (another
computer's window may hold the learner's review).
"""

from __future__ import annotations

from course.progress.review_store import REVIEW

# Appended to record_answer and finish_attempt: the cards and ratings the change carries.
RATED = """, rated AS (
            INSERT INTO cards (profile_id, role_name, question_id, state, step, stability, difficulty, due,
                               last_review, reviews)
            SELECT a.profile_id, a.role_name, c.question_id, c.state, c.step, c.stability, c.difficulty, c.due,
                   c.last_review, c.reviews
            FROM fresh, attempts a, jsonb_to_recordset(%(cards)s::jsonb) AS c(
                question_id text, state integer, step integer, stability double precision,
                difficulty double precision, due text, last_review text, reviews integer)
            WHERE a.id = %(attempt_id)s
            ON CONFLICT (profile_id, question_id) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                reviews = excluded.reviews), logged AS (
            INSERT INTO review_log (profile_id, role_name, question_id, rating, reviewed_at, kind, attempt_id)
            SELECT a.profile_id, a.role_name, c.question_id, c.rating, c.reviewed_at, a.mode, a.id
            FROM fresh, attempts a, jsonb_to_recordset(%(cards)s::jsonb) AS c(
                question_id text, rating integer, reviewed_at text)
            WHERE a.id = %(attempt_id)s
            ON CONFLICT (attempt_id, question_id) DO NOTHING)"""

REVIEW_GUARDS: dict[str, str] = {
    # Another window's open review (its lease running) refuses, unless this one takes over.
    "start_review": f"""(%(take_over)s OR NOT EXISTS (
                   SELECT 1 FROM attempts o WHERE o.profile_id = %(profile_id)s AND o.quiz_id = '{REVIEW}'
                   AND o.finished_at IS NULL AND o.holder IS NOT NULL AND o.holder <> %(holder)s
                   AND o.held_until IS NOT NULL AND o.held_until > %(now)s))""",
}

REVIEW_STATEMENTS: dict[str, str] = {
    # Open sessions are closed as they stand; a new one is started when the change has questions.
    "start_review": f""", closed AS (
            UPDATE attempts o SET finished_at = %(now)s, passed = true, holder = NULL, held_until = NULL,
                score = (SELECT coalesce(sum(r.score), 0) FROM responses r WHERE r.attempt_id = o.id)
                        / greatest(1, jsonb_array_length(o.plan::jsonb))
            WHERE o.profile_id = %(profile_id)s AND o.quiz_id = '{REVIEW}' AND o.finished_at IS NULL
              AND EXISTS (SELECT 1 FROM fresh)), done AS (
            INSERT INTO attempts (id, profile_id, role_name, quiz_id, mode, seed, plan, started_at, holder,
                                  held_until)
            SELECT %(attempt_id)s, %(profile_id)s, (SELECT role_name FROM profiles WHERE id = %(profile_id)s),
                   '{REVIEW}', 'review', %(seed)s, %(plan)s, %(now)s, %(holder)s, %(lease_end)s
            FROM fresh WHERE %(plan)s::text IS NOT NULL
            ON CONFLICT (id) DO NOTHING)""",
    "set_review_limit": """, done AS (
            UPDATE profiles SET review_limit = %(limit)s
            WHERE id = %(profile_id)s AND EXISTS (SELECT 1 FROM fresh))""",
}

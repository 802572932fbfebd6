"""The course app opened on a learner's review session (`cybercourse review --profile NAME`)."""

from __future__ import annotations

from course.tui.app import CourseApp
from course.tui.session import Session


class ReviewApp(CourseApp):
    """The whole course app, starting on the review session; leaving it leads to the course map."""

    def __init__(self, session: Session, locale: str, profile_id: int) -> None:
        super().__init__(session, locale)
        self.profile_id = profile_id

    def open_first_screen(self) -> None:
        from course.tui.screens.course_map import CourseMapScreen
        from course.tui.screens.review_intro import ReviewIntroScreen

        # In the learner's own language, unless `--lang` chose one, as when the course is started.
        self.choose_profile(self.profile_id, keep_language=self.session.language_chosen, remember_later=True)
        self.push_screen(CourseMapScreen(self.session))
        self.push_screen(ReviewIntroScreen(self.session, start=True))

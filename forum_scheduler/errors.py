"""Error types. Input problems carry where they are (sheet, row, column) and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputIssue:
    """One problem found in the input, located as a planner would look for it."""

    message: str
    sheet: str | None = None
    row: int | None = None  # the spreadsheet row number (the header is row 1)
    column: str | None = None
    hint: str | None = None
    source: str | None = None  # the file or folder the sheet came from

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        where = ", ".join(parts)
        if self.source and where:
            where = f"{where} ({self.source})"
        return where

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" - {self.hint}"
        return text


class ForumSchedulerError(Exception):
    """Base class of the errors the tool reports to its users."""


class ForumInputError(ForumSchedulerError):
    """The input cannot be read as a forum. Holds every problem found, not just the first."""

    def __init__(self, issues: list[InputIssue] | tuple[InputIssue, ...]):
        self.issues = tuple(issues)
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in the input"
        super().__init__(head + ":\n" + "\n".join(f"  - {i}" for i in self.issues))


class OutputError(ForumSchedulerError):
    """An output could not be written (the inputs are untouched)."""

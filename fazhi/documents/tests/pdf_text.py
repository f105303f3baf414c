"""The text of a rendered PDF line by line, with where each line sits on the GB/T 9704 page (pdfplumber)."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
LEFT = 28 * MM  # the text block, in PDF points from the page's top-left corner
TOP = 37 * MM
RIGHT = LEFT + 156 * MM
BOTTOM = TOP + 225 * MM
PITCH = 28.95  # the line pitch (layout.LINE_TWIPS / 20)
CELL = 15.75  # a character's advance (16 pt less 0.25 pt)
BODY_PT = 16
INDENT = 2 * BODY_PT  # a paragraph's first line is indented two characters (w:firstLineChars 200)
ASCII = re.compile(r"[\x21-\x7e]")
_DIGIT_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=[0-9])|(?<=[0-9]) (?=[^\x00-\x7f])")


@dataclass(frozen=True)
class Line:
    """One line of text on a page: its characters, baseline, left and right edges and its largest type size."""

    page: int  # 1-based
    text: str
    baseline: float  # from the top of the page
    x0: float
    x1: float
    size: float

    @property
    def slot(self) -> int:
        """Which of the text block's 22 lines this is (1-based), from where its baseline falls."""
        return math.floor((self.baseline - TOP) / PITCH) + 1

    @property
    def in_block(self) -> bool:
        return self.baseline <= BOTTOM + 1  # not the page number below the block

    @property
    def body(self) -> bool:
        """Running text in 3号: starting at the margin or two characters in (not a title, signature or table cell)."""
        return (
            abs(self.size - BODY_PT) < 0.5
            and self.in_block
            and (abs(self.x0 - LEFT) < 1 or abs(self.x0 - LEFT - INDENT) < 1)
        )

    @property
    def full(self) -> bool:
        """A body line that reaches the right edge (a paragraph's last line may end short; a comma may hang)."""
        return self.body and self.x1 >= RIGHT - 2

    @property
    def continuation(self) -> bool:
        """A body line at the margin: a paragraph carried on from the line, or the page, before."""
        return self.body and abs(self.x0 - LEFT) < 1

    @property
    def cells(self) -> float:
        """Characters the line holds, in body cells: a Chinese character or full-width mark 1, an ASCII one ½,
        the first-line indent 2; a mark hanging past the right edge is not counted."""
        chars = self.text.replace(" ", "")
        hanging = 1 if self.x1 > RIGHT + 4 else 0
        ascii_count = len(ASCII.findall(chars))
        return (len(chars) - ascii_count) + ascii_count / 2 + round((self.x0 - LEFT) / BODY_PT) - hanging


def pdf_pages(content: bytes) -> list[list[Line]]:
    """Every page's lines, top to bottom."""
    pages = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = []
            for found in page.extract_text_lines(return_chars=True, strip=True):
                chars = found["chars"]
                if not chars:
                    continue
                baseline = page.height - chars[0]["matrix"][5]
                size = max(c["size"] for c in chars)
                lines.append(Line(number, found["text"], baseline, found["x0"], found["x1"], size))
            pages.append(lines)
    return pages


def pdf_text(pages: list[list[Line]]) -> str:
    """The document's text, a line a line, without the spaces pdfplumber puts between Chinese and digits."""
    return "\n".join(
        re.sub(r"(?<=[^\x00-\x7f]) (?=[0-9])|(?<=[0-9]) (?=[^\x00-\x7f])", "", line.text)
        for page in pages
        for line in page
    )

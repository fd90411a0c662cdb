"""Text from files shown as text: never as markup.

A scenario or run file is data, and so is every string in it: a caption, a label, a help
text. Qt guesses that a string "might be rich text" when it looks like a tag (``<b>``,
``<img src=...>``, ``<a href=...>``), and renders it, in labels, tool tips and What's This
alike. Labels are set to plain text where they show file text; where our own formatting (bold,
italics, line breaks) wraps such text, the formatting is built here around escaped pieces.
"""

from __future__ import annotations

import html


def plain_html(text: str) -> str:
    """``text`` as rich text that shows exactly ``text``: markup escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def plain_tip(text: str) -> str:
    """A tool tip (or What's This) showing ``text`` as typed. Qt renders a tip that looks like
    markup, so the tip is always rich text made of the escaped text (an empty text: none)."""
    return f"<qt>{plain_html(text)}</qt>" if text else ""

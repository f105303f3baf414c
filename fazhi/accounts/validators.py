"""Password rules per 等保 2.0 level 3: beyond the minimum length, a mix of character classes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = {
    "upper": str.isupper,
    "lower": str.islower,
    "digit": str.isdigit,
}


def character_classes(password: str) -> set[str]:
    """Which of upper-case letters, lower-case letters, digits and symbols the password uses."""
    found = {name for name, test in CLASSES.items() if any(test(c) and c.isascii() for c in password)}
    if any(not (c.isascii() and c.isalnum()) for c in password):
        found.add("symbol")
    return found


class CharacterClassValidator:
    """At least `min_classes` of the four classes: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号四类中的%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须至少包含大写字母、小写字母、数字、符号四类中的%(n)d类。") % {"n": self.min_classes}

"""Password rules (等保 level 3): at least 10 characters and three of the four character classes; argon2."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from fazhi.accounts.validators import CharacterClassValidator, character_classes
from fazhi.demo.baotou import DEMO_PASSWORD


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abcdefghij", {"lower"}),
        ("ABCdefghij", {"upper", "lower"}),
        ("abcdefgh12", {"lower", "digit"}),
        ("Abcdefgh12", {"upper", "lower", "digit"}),
        ("abc-def_12", {"lower", "symbol", "digit"}),
        ("法治abc12345", {"lower", "digit", "symbol"}),
    ],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize("password", ["abcdefghijk", "ABCDEFGHIJ12", "abcdefgh!!", "1234567890-"])
def test_two_classes_are_refused_in_chinese(password):
    with pytest.raises(ValidationError) as error:
        CharacterClassValidator().validate(password)
    assert error.value.messages == ["密码须至少包含大写字母、小写字母、数字、符号四类中的3类。"]


@pytest.mark.django_db
def test_the_project_rules_together(city_clerk):
    validate_password(DEMO_PASSWORD, city_clerk)  # the demo password meets the rules
    validate_password("Baotou#River9", city_clerk)
    with pytest.raises(ValidationError) as error:
        validate_password("Ab1!", city_clerk)
    assert any("10" in m for m in error.value.messages)
    with pytest.raises(ValidationError):
        validate_password("baotouriver", city_clerk)
    assert CharacterClassValidator().get_help_text().startswith("密码须至少包含")

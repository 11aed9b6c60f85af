"""The one loader the letters data migrations share: each lists its templates as
``(code, title, template_name, contains_review_rights)`` and calls :func:`templates_loader`."""

from collections.abc import Callable, Sequence
from typing import Any

TemplateRow = tuple[str, str, str, bool]


def templates_loader(rows: Sequence[TemplateRow], version: int = 1) -> Callable[[Any, Any], None]:
    def load(apps: Any, schema_editor: Any) -> None:
        LetterTemplate = apps.get_model("letters", "LetterTemplate")
        for code, title, template_name, review in rows:
            LetterTemplate.objects.update_or_create(
                code=code, defaults={"title": title, "template_name": template_name,
                                     "version": version, "contains_review_rights": review})
    return load

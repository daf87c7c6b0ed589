"""GOV.UK summary lists, tables and back links are written once, in the shared components.

Pages write them with the blocks of {% load components %} ({% summary_list %}, {% table %},
{% back_link %}) or include components/*.html; markup copied by hand drifts (a missing scope on a
header, a caption left out, a back link without its class) and cannot be fixed in one place.

To measure what is left:  python -m safeguard.web.tests.test_template_markup
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import safeguard

ROOT = Path(safeguard.__file__).resolve().parent
COMPONENTS = ROOT / "web" / "templates" / "components"

# What a hand-written copy of each component looks like in a template.
HAND_WRITTEN = {
    "summary list": re.compile(r"govuk-summary-list(?:__row|__key|__value|__actions)?\b(?![-\w])"),
    "table": re.compile(r"<(?:table|caption|thead|tbody|tr|th|td)\b[^>]*\bgovuk-table"),
    "back link": re.compile(r"govuk-back-link"),
}

# Reported by the measurement below, not (yet) failed on: some still carry attributes the shared
# component does not take (download links, data-testid on a tag).
OTHERS = {
    "button": re.compile(r"<(?:button|a)\b[^>]*class=\"govuk-button\b"),
    "tag": re.compile(r"<strong\b[^>]*class=\"govuk-tag\b"),
    "warning text": re.compile(r"class=\"govuk-warning-text\""),
    "inset text": re.compile(r"class=\"govuk-inset-text\""),
    "error summary": re.compile(r"class=\"govuk-error-summary\""),
}

# Templates allowed to keep hand-written markup while being reworked (none now).
PENDING: tuple[str, ...] = ()


def templates() -> list[Path]:
    return sorted(path for path in ROOT.glob("*/templates/**/*.html") if COMPONENTS not in path.parents)


def hand_written(paths: list[Path], patterns: dict[str, re.Pattern] = HAND_WRITTEN) -> Counter:
    """(component, template) -> how many times its markup is written by hand."""
    found: Counter = Counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for name, pattern in patterns.items():
            count = len(pattern.findall(text))
            if count:
                found[name, str(path.relative_to(ROOT.parent)) if ROOT.parent in path.parents else path.name] += count
    return found


def test_pages_use_the_shared_summary_list_table_and_back_link():
    checked = [p for p in templates() if not str(p.relative_to(ROOT)).startswith(PENDING)]
    assert len(checked) > 40  # the scan sees the templates
    found = hand_written(checked)
    assert not found, "GOV.UK markup written by hand (use {% load components %}):\n" + "\n".join(
        f"  {path}: {count} {name}" for (name, path), count in sorted(found.items(), key=lambda item: item[0][1])
    )


def test_the_scan_finds_hand_written_markup(tmp_path):
    sample = tmp_path / "sample.html"
    fragment = (
        '<a href="/" class="govuk-back-link">Back</a>'
        '<dl class="govuk-summary-list"><div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key">A</dt></div></dl>'
        '<table class="govuk-table"><tr class="govuk-table__row"><td class="govuk-table__cell">x</td></tr></table>'
        '{% table caption_class="govuk-table__caption--s" %}'
    )
    sample.write_text(fragment, encoding="utf-8")
    found = hand_written([sample])
    counts = {name: count for (name, _), count in found.items()}
    assert counts == {"back link": 1, "summary list": 3, "table": 3}  # the block's argument is not markup


if __name__ == "__main__":
    totals: Counter = Counter()
    for (name, path), count in sorted(hand_written(templates(), {**HAND_WRITTEN, **OTHERS}).items()):
        totals[name] += count
        print(f"{count:4} {name:13} {path}")
    print(dict(totals))

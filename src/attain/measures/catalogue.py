"""Load and validate the whole catalogue: measure files and groups.yaml."""

from __future__ import annotations

from pathlib import Path

from attain.measures.catalogue_rules import CATALOGUE_RULES
from attain.measures.loader import (
    Document,
    group_from_document,
    measure_from_document,
    read_group_documents,
    read_measure_documents,
)
from attain.measures.rules import (
    GROUP_DOCUMENT_RULES,
    MEASURE_DOCUMENT_RULES,
    CatalogueView,
    DocumentRule,
)
from attain.measures.spec import Catalogue, GroupSpec, Issue, MeasureSpec, Severity

DEFINITIONS = Path(__file__).resolve().parents[1] / "definitions"


def _document_issues(doc: Document, rules: tuple[DocumentRule, ...]) -> list[Issue]:
    return [issue for rule in rules for issue in rule.check(doc)]


def _has_error(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


def load_catalogue(root: Path = DEFINITIONS) -> Catalogue:
    """Every measure and group under `root`, with every issue validation found."""
    measure_docs, issues = read_measure_documents(root)
    group_docs, group_issues = read_group_documents(root)
    issues += group_issues
    good_measures: list[Document] = []
    for doc in measure_docs:
        found = _document_issues(doc, MEASURE_DOCUMENT_RULES)
        issues += found
        if not _has_error(found):
            good_measures.append(doc)
    groups: list[GroupSpec] = []
    for doc in group_docs:
        found = _document_issues(doc, GROUP_DOCUMENT_RULES)
        issues += found
        if not _has_error(found):
            groups.append(group_from_document(doc))
    by_id = {str(d.data["id"]): d.data for d in good_measures}
    measures = [measure_from_document(doc, by_id) for doc in good_measures]
    view = CatalogueView(tuple(measures), tuple(groups))
    for rule in CATALOGUE_RULES:
        issues += rule.check(view)
    return Catalogue(tuple(sorted(measures, key=_measure_order)), tuple(groups),
                     tuple(sorted(issues, key=_issue_order)))


def _measure_order(spec: MeasureSpec) -> tuple[str, str]:
    return spec.origin.file, spec.id


def _issue_order(issue: Issue) -> tuple[str, int, str]:
    return issue.file, issue.line or 0, issue.rule

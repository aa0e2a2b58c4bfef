#!/usr/bin/env python3
"""The performance benchmark: each list, search, write and report through the app's own code path,
against the cheapest bare SQL that returns the same rows (the limit), in the same run.

    .venv/bin/python benchmarks/run.py --letters 100000                    # SQLite file in benchmarks/.data/
    DATABASE_URL=postgresql://… .venv/bin/python benchmarks/run.py --letters 100000

It fills the database up to N letters with `petitions demo` (timed; a database that already holds N
letters is reused), signs in a leader of the reception board (lists, searches, the form) and a leader
of the province (reports), then for every operation in OPERATIONS: warms up, alternates the app path
and its limit `--repeat` times (fewer when one call exceeds the time budget: the table says how many),
and prints one table for the database and one JSON line per operation:
{"op", "db", "n", "median_ms", "p95_ms", "limit_ms", "ratio", …}. benchmarks/README.md says what each
line measures. The application never imports this file nor benchmarks/reference_sql/.

To add a line: write a function `def my_list(b: Bench) -> int` that makes the request (or calls the
function the view calls) and returns the number of rows shown, decorate it with
`@operation("area.name", limit="file_stem", what="…")`, and put the bare SQL in
reference_sql/file_stem.sql (or file_stem.sqlite.sql / file_stem.postgresql.sql when the dialects differ).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SQL = Path(__file__).resolve().parent / "reference_sql"
DATA = Path(__file__).resolve().parent / ".data"


# ---------------------------------------------------------------------------------------------------------
# The registry of operations
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Bench:
    """What the operations share: the app, signed-in clients, the database and the chosen parameters."""

    app: Any
    clients: dict[str, Any]
    dialect: str
    n: int
    params: dict[str, Any] = field(default_factory=dict)

    def get(self, who: str, url: str, *, expect: int = 200) -> Any:
        response = self.clients[who].get(url)
        if response.status_code != expect:
            raise AssertionError(f"GET {url} answered {response.status_code}, expected {expect}")
        return response

    def post(self, who: str, url: str, data: dict[str, Any], *, expect: int) -> Any:
        response = self.clients[who].post(url, data=data)
        if response.status_code != expect:
            raise AssertionError(f"POST {url} answered {response.status_code}, expected {expect}")
        return response


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[[Bench], int]  # the app's path once; returns the rows shown (or bytes made)
    limit: str | None  # reference_sql file stem: the bare SQL of the same rows
    floor: bool  # a page or a write: the trivial route's time is part of the limit
    what: str
    kind: str = "time"  # time | memory
    bind: tuple[tuple[str, str], ...] = ()  # (name in the SQL, parameter it takes its value from)


OPERATIONS: list[Operation] = []


def operation(
    name: str, *, limit: str | None, what: str, floor: bool = True, kind: str = "time", bind: dict[str, str] | None = None
) -> Callable[[Callable[[Bench], int]], Callable[[Bench], int]]:
    def register(run: Callable[[Bench], int]) -> Callable[[Bench], int]:
        OPERATIONS.append(Operation(name, run, limit, floor, what, kind, tuple((bind or {}).items())))
        return run

    return register


QUARTER = {"start": "quarter_start", "end": "quarter_end"}
YEAR = {"start": "year_start", "end": "year_end"}
_ROW = re.compile(rb'<tr[ >]')


def rows_shown(response: Any) -> int:
    """Table rows on the page, header included (a sanity figure: 0 means the page showed nothing)."""
    return len(_ROW.findall(response.data))


@operation("floor", limit=None, floor=False, what="a trivial route of the same app through the same client (GET /healthz)")
def floor_route(b: Bench) -> int:
    b.get("leader", "/healthz")
    return 0


@operation("letters.list.first", limit="letters_page", what="letter register, first page (board leader)")
def letters_first(b: Bench) -> int:
    return rows_shown(b.get("leader", "/letters/"))


@operation("letters.list.after_9950", limit="letters_page_after", what="letter register, the page after 9,950 rows (keyset cursor)")
def letters_deep(b: Bench) -> int:
    return rows_shown(b.get("leader", f"/letters/?after={b.params['cursor_9950']}"))


@operation("letters.list.overdue", limit="letters_overdue", what="letter register, overdue filter (open handling clock past due)")
def letters_overdue(b: Bench) -> int:
    return rows_shown(b.get("leader", "/letters/?overdue=1"))


@operation("letters.list.handed_over", limit="letters_handed_over", bind={"agencies": "inspectorate_agencies"},
           what="letter register of an inspectorate officer: its own letters and 200 the board handed over to it")
def letters_handed_over(b: Bench) -> int:
    return rows_shown(b.get("inspector", "/letters/"))


@operation("letters.search", limit="letters_search", what='letter register, folded search of two words ("thu hoi")')
def letters_search(b: Bench) -> int:
    return rows_shown(b.get("searcher", "/letters/"))


@operation("cases.list.first", limit="cases_page", what="case list, first page by date opened (board leader, 50 a page)")
def cases_first(b: Bench) -> int:
    return rows_shown(b.get("leader", "/cases/"))


@operation("cases.list.after_9950", limit="cases_page_after", what="case list, the page after 9,950 rows (keyset cursor)")
def cases_deep(b: Bench) -> int:
    return rows_shown(b.get("leader", f"/cases/?after={b.params['case_cursor_9950']}"))


@operation("cases.list.due", limit="cases_due", what="open cases by resolution deadline, nearest first (first page)")
def cases_due(b: Bench) -> int:
    return rows_shown(b.get("leader", "/cases/?sort=due_asc"))


@operation("cases.list.search", limit="cases_search", what="case list, title search \"thu hoi\" (folded words, newest first)")
def cases_search(b: Bench) -> int:
    return rows_shown(b.get("searcher", "/cases/"))


@operation("cases.list.filtered", limit="cases_filtered",
           what="case list, status + type + round filters (closed first-round complaints, newest first)")
def cases_filtered(b: Bench) -> int:
    return rows_shown(b.get("leader", "/cases/?status=closed&type=complaint&round=first"))


@operation("cases.list.overdue", limit="cases_overdue", what="case list, overdue filter (resolution clock past due)")
def cases_overdue(b: Bench) -> int:
    return rows_shown(b.get("leader", "/cases/?overdue=1"))


@operation("citizens.list", limit="citizens_page", what="citizens, first page by folded name")
def citizens_list(b: Bench) -> int:
    return rows_shown(b.get("leader", "/reception/citizens"))


@operation("citizens.search.name_year", limit="citizens_name_year", what="citizens, folded full name + birth year")
def citizens_name_year(b: Bench) -> int:
    return rows_shown(b.get("citizen_year", "/reception/citizens"))


@operation("citizens.search.name", limit="citizens_name", what="citizens, the most frequent full name alone (collisions)")
def citizens_name(b: Bench) -> int:
    return rows_shown(b.get("citizen_name", "/reception/citizens"))


@operation("letters.duplicates", limit="letters_duplicates", what="registering: the duplicate-candidate lookup (form answered with offers)")
def letters_duplicates(b: Bench) -> int:
    response = b.post("leader", "/letters/new", b.params["duplicate_form"], expect=200)
    return response.data.count(b'name="duplicate_of"')


@operation("letters.register", limit="letters_register", what="register one letter through the form (validation, duplicate check, history, commit)")
def letters_register(b: Bench) -> int:
    form = dict(b.params["register_form"], summary=f"Kiến nghị đo hiệu năng số {secrets.token_hex(4)}")
    b.post("leader", "/letters/new", form, expect=302)
    return 1


@operation("visits.list", limit="visits_page", what="reception: visits, first page (board leader)")
def visits_list(b: Bench) -> int:
    return rows_shown(b.get("leader", "/reception/"))


@operation("sessions.list", limit="sessions_page", what="reception: sessions of the whole province, first page (province leader)",
           bind={"agencies": "province_agencies"})
def sessions_list(b: Bench) -> int:
    return rows_shown(b.get("province", "/reception/sessions"))


@operation("documents.list", limit="documents_page", what="document register (sổ văn bản đi), first page")
def documents_list(b: Bench) -> int:
    return rows_shown(b.get("leader", "/documents/"))


@operation("reception.book.pdf", limit="reception_book", what="the reception book (Mẫu 03/TCD) of the board for last month, PDF")
def reception_book(b: Bench) -> int:
    return len(b.get("leader", b.params["book_url"]).data)


@operation("worklist.home.leader", limit="worklist_leader", bind={"who": "leader_id"},
           what="home page worklist of the board's leader: 11 sections, each a capped count and its first 10 letters")
def worklist_leader(b: Bench) -> int:
    return rows_shown(b.get("leader", "/"))


@operation("worklist.home.officer", limit="worklist_officer", bind={"who": "officer_id"},
           what="home page worklist of a board officer with 3,000 open and 30,000 closed letters assigned")
def worklist_officer(b: Bench) -> int:
    return rows_shown(b.get("officer", "/"))


@operation("worklist.home.inspector", limit="worklist_inspector", bind={"who": "inspector_id", "agencies": "inspectorate_agencies"},
           what="home page worklist of an inspectorate officer: 5 sections, with the letters other offices handed over to it")
def worklist_inspector(b: Bench) -> int:
    return rows_shown(b.get("inspector", "/"))


@operation("workspace.list.first", limit="workspace_page", bind={"agencies": "liaison_agencies"},
           what="agency workspace of the liaison of the body that received the most referrals: first page, newest first, capped total")
def workspace_first(b: Bench) -> int:
    return rows_shown(b.get("liaison", "/workspace/"))


@operation("workspace.list.overdue", limit="workspace_overdue", bind={"agencies": "liaison_agencies"},
           what="agency workspace, overdue filter (open referral whose answer_due_on is past), oldest due first")
def workspace_overdue(b: Bench) -> int:
    return rows_shown(b.get("liaison", "/workspace/?overdue=1"))


@operation("referrals.review", limit="referrals_review",
           what="the board's responses to review (answers and paper replies waiting for acceptance), oldest first")
def referrals_review(b: Bench) -> int:
    return rows_shown(b.get("leader", "/workspace/review"))


@operation("chasing.list", limit="chasing_page",
           what="the board's chasing list (steps waiting for a leader, newest proposal first), capped total and first page")
def chasing_list(b: Bench) -> int:
    return rows_shown(b.get("leader", "/chasing/"))


@operation("performance.ranking", limit="performance_ranking", floor=False, bind=QUARTER,
           what="agency performance: the board's ranking of the bodies it sent items to, last complete quarter (grouped counts, working days on the calendar)")
def performance_ranking(b: Bench) -> int:
    return rows_shown(b.get("leader", f"/performance/?period={b.params['quarter']}"))


@operation("performance.drilldown", limit="performance_drilldown", bind=QUARTER,
           what="agency performance: the answers of the body the board sent most to, last complete quarter, first page with the capped total and each answer's due date in force")
def performance_drilldown(b: Bench) -> int:
    return rows_shown(b.get("leader", f"/performance/items/answered?body={b.params['perf_body']}&period={b.params['quarter']}"))


@operation("performance.drilldown.late", limit="performance_drilldown_late", bind=QUARTER,
           what="agency performance: the late answers of the same body and quarter (each answer against its last waiting clock's due date), first page and capped total")
def performance_drilldown_late(b: Bench) -> int:
    return rows_shown(b.get("leader", f"/performance/items/late?body={b.params['perf_body']}&period={b.params['quarter']}"))


@operation("performance.ranking.pdf", limit="performance_ranking", floor=False, bind=QUARTER,
           what="agency performance: the board's ranking for the last complete quarter as PDF (landscape table)")
def performance_ranking_pdf(b: Bench) -> int:
    return len(b.get("leader", f"/performance/ranking.pdf?period={b.params['quarter']}").data)


@operation("national.worklist", limit="national_worklist",
           what="national database worklist (Nhập CSDL quốc gia) of the board's leader: its pending letters, oldest first, capped total and first page")
def national_worklist(b: Bench) -> int:
    return rows_shown(b.get("leader", "/national/"))


@operation("letters.destroyable", limit="letters_destroyable",
           what="the leader's destruction page: the board's filed letters past retention (D11), capped total and first page")
def letters_destroyable(b: Bench) -> int:
    return rows_shown(b.get("leader", "/letters/destroy"))


@operation("letters.register_book.pdf", limit="letter_register",
           what="the letter register (sổ tiếp nhận, xử lý đơn) of the board for last month, PDF")
def letter_register_pdf(b: Bench) -> int:
    return len(b.get("leader", b.params["register_url"]).data)


@operation("letters.register_book.quarter.pdf", limit="letter_register", bind={"book_from": "quarter_start", "book_to": "quarter_end"},
           what="the letter register of the board for the last complete quarter, PDF")
def letter_register_quarter_pdf(b: Bench) -> int:
    return len(b.get("leader", b.params["register_quarter_url"]).data)


@operation("letters.register_book.xlsx", limit="letter_register",
           what="the letter register of the board for last month, Excel")
def letter_register_xlsx(b: Bench) -> int:
    return len(b.get("leader", b.params["register_url"].replace("fmt=pdf", "fmt=xlsx")).data)


@operation("report.01tcd.quarter", limit="report_01tcd", floor=False, bind=QUARTER, what="01/TCD for the province, last complete quarter (on screen)")
def report_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/01-tcd?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.01tcd.year", limit="report_01tcd", floor=False, bind=YEAR, what="01/TCD for the province, last complete year (on screen)")
def report_year(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/01-tcd?period={b.params['year']}&agency={b.params['root_code']}"))


@operation("report.01tcd.quarter.pdf", limit="report_01tcd", floor=False, bind=QUARTER, what="01/TCD, last complete quarter, as PDF")
def report_pdf(b: Bench) -> int:
    return len(b.get("province", f"/reports/01-tcd/download/pdf?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.01tcd.quarter.xlsx", limit="report_01tcd", floor=False, bind=QUARTER, what="01/TCD, last complete quarter, as Excel")
def report_xlsx(b: Bench) -> int:
    return len(b.get("province", f"/reports/01-tcd/download/xlsx?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.02tcd.quarter", limit="report_02tcd", floor=False, bind=QUARTER,
           what="02/TCD for the province, last complete quarter (on screen)")
def report_02tcd_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/02-tcd?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.01xld.quarter", limit="report_01xld", floor=False, bind=QUARTER,
           what="01/XLD for the province, last complete quarter (on screen)")
def report_01xld_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/01-xld?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.01xld.year", limit="report_01xld", floor=False, bind=YEAR,
           what="01/XLD for the province, last complete year (on screen)")
def report_01xld_year(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/01-xld?period={b.params['year']}&agency={b.params['root_code']}"))


@operation("report.02xld.quarter", limit="report_02xld", floor=False, bind=QUARTER,
           what="02/XLD (complaint letters) for the province, last complete quarter (on screen)")
def report_02xld_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/02-xld?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.02xld.year", limit="report_02xld", floor=False, bind=YEAR,
           what="02/XLD (complaint letters) for the province, last complete year (on screen)")
def report_02xld_year(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/02-xld?period={b.params['year']}&agency={b.params['root_code']}"))


@operation("report.03xld.quarter", limit="report_03xld", floor=False, bind=QUARTER,
           what="03/XLD (denunciation letters) for the province, last complete quarter (on screen)")
def report_03xld_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/03-xld?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.03xld.year", limit="report_03xld", floor=False, bind=YEAR,
           what="03/XLD (denunciation letters) for the province, last complete year (on screen)")
def report_03xld_year(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/03-xld?period={b.params['year']}&agency={b.params['root_code']}"))


@operation("report.04xld.quarter", limit="report_04xld", floor=False, bind=QUARTER,
           what="04/XLD (KNPA letters) for the province, last complete quarter (on screen)")
def report_04xld_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/04-xld?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.04xld.year", limit="report_04xld", floor=False, bind=YEAR,
           what="04/XLD (KNPA letters) for the province, last complete year (on screen)")
def report_04xld_year(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/04-xld?period={b.params['year']}&agency={b.params['root_code']}"))


@operation("report.02kqgq.quarter", limit="report_02kqgq", floor=False, bind=QUARTER,
           what="02/KQGQ for the province, last complete quarter (on screen)")
def report_02kqgq_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/02-kqgq?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.01kqgq.quarter", limit="report_kqgq", floor=False, bind=QUARTER,
           what="01/KQGQ for the province, last complete quarter (on screen)")
def report_01kqgq_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/01-kqgq?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.03kqgq.quarter", limit="report_kqgq", floor=False, bind=QUARTER,
           what="03/KQGQ for the province, last complete quarter (on screen)")
def report_03kqgq_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/03-kqgq?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.04kqgq.quarter", limit="report_04kqgq", floor=False, bind=QUARTER,
           what="04/KQGQ for the province, last complete quarter (on screen)")
def report_04kqgq_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/04-kqgq?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.anonymous.quarter", limit="report_anonymous", floor=False, bind=QUARTER,
           what="the internal table AN/NB (anonymous information received and handled) for the province, last complete "
                "quarter (on screen)")
def report_anonymous_quarter(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/an-nb?period={b.params['quarter']}&agency={b.params['root_code']}"))


@operation("report.drilldown.01xld.quarter", limit="report_drilldown", bind=QUARTER,
           what="drill-down of 01/XLD (1) for the province, last complete quarter: the figure's letters read alone (the "
                "form's record rows filtered in SQL by the column's declared rule), first page in id order with the capped "
                "total and the writers")
def report_drilldown(b: Bench) -> int:
    return rows_shown(
        b.get("province", f"/reports/01-xld/records?column=1&period={b.params['quarter']}&agency={b.params['root_code']}")
    )


ALL_FORMS = ("report_01tcd+report_02tcd+report_01xld+report_02xld+report_03xld+report_04xld+report_kqgq"
             "+report_02kqgq+report_04kqgq")


@operation("report.all.quarter", limit=ALL_FORMS, floor=False, bind=QUARTER,
           what="the province's whole report of the last complete quarter, every form of the catalog computed and "
                "checked, as the set's JSON (PERFORMANCE.md's 'quarterly report, all official forms'); the limit is "
                "every form's bare SQL in turn")
def report_all_quarter(b: Bench) -> int:
    return len(b.get("province", f"/reports/set/download/json?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.all.quarter.xlsx", limit=ALL_FORMS, floor=False, bind=QUARTER,
           what="the same whole report as one workbook (a sheet per form)")
def report_all_quarter_xlsx(b: Bench) -> int:
    return len(b.get("province", f"/reports/set/download/xlsx?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.all.quarter.pdf",
           limit=ALL_FORMS,
           floor=False,
           bind=QUARTER,
           what="the province's whole report of the last complete quarter as one PDF (cover when the period has one, "
                "every form of the catalog); the limit is every form's bare SQL in turn (01/KQGQ and 03/KQGQ share one)")
def report_all_quarter_pdf(b: Bench) -> int:
    return len(b.get("province", f"/reports/set/download/pdf?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.dashboard.quarter",
           limit="report_01tcd+report_01xld+report_01tcd[start=prev_start,end=prev_end]"
                 "+report_01xld[start=prev_start,end=prev_end]+report_dashboard", floor=False,
           bind={**QUARTER, "prev_start": "prev_quarter_start", "prev_end": "prev_quarter_end",
                 "trend_start": "trend_start", "agencies": "province_agencies"},
           what="the leaders' dashboard as JSON for the province: the last complete quarter against the one before "
                "(01/TCD and 01/XLD totals of both, the handled letters' outcomes), the 12-month trend, overdue per body")
def report_dashboard_quarter(b: Bench) -> int:
    return len(b.get("province", f"/reports/dashboard.json?period={b.params['quarter']}&agency={b.params['root_code']}").data)


@operation("report.submissions.list", limit="report_submissions_page", bind={"agencies": "province_agencies"},
           what="the province's submitted reports (Nộp báo cáo), first page newest first with the capped total, the "
                "superseding submissions, submitters and covers (80 windows over ten years, every fifth corrected, "
                "each row holding a real submission's files and records; 80 small rows of every other body)")
def report_submissions_list(b: Bench) -> int:
    return rows_shown(b.get("province", f"/reports/submissions?agency={b.params['root_code']}"))


@operation("report.01tcd.year.rss", limit=None, floor=False, kind="memory",
           what="peak RSS (MB) of a process building the year's 01/TCD; the limit is the same process without the report")
def report_rss(b: Bench) -> int:
    return 0  # measured by memory_line() in subprocesses


# ---------------------------------------------------------------------------------------------------------
# Reference SQL
# ---------------------------------------------------------------------------------------------------------


@operation("directory.reorganisation.preview", limit="reorganisation_preview", floor=True,
           what="preview of merging the busiest body (most open letters) into its parent: counts and register numbers")
def reorganisation_preview(b: Bench) -> int:
    response = b.post("admin", "/directory/reorganisations/agencies/new", b.params["reorg_form"], expect=200)
    return len(re.findall(rb"<div>[^<]* \xc2\xb7 ", response.data))  # register lines shown


@operation("routing.rules.list", limit="routing_rules_page",
           what="the administrator's routing rules in force, first page by code, with the bodies, units and fields they name")
def routing_rules_list(b: Bench) -> int:
    return rows_shown(b.get("admin", "/routing/"))


@operation("mail.outbox.first", limit="mail_outbox",
           what="the administrator's e-mail outbox, first page newest first, capped total and capped counts per status")
def mail_outbox(b: Bench) -> int:
    return rows_shown(b.get("admin", "/mail/"))


@operation("mail.outbox.failed", limit="mail_outbox_failed",
           what="the e-mail outbox, failed filter (2 % of the messages), newest first, capped total and counts per status")
def mail_outbox_failed(b: Bench) -> int:
    return rows_shown(b.get("admin", "/mail/?status=failed"))


@dataclass(frozen=True)
class Reference:
    statements: list[sa.TextClause]
    rollback: bool  # a write: the rows are written, then rolled back


def reference_statements(stem: str, dialect: str) -> Reference:
    """The statements of reference_sql/<stem>[.<dialect>].sql (split on ';' at a line end); a file whose
    first line says "-- rollback" is run in a transaction that is rolled back. ``a+b`` is the statements of
    both files in turn (an operation that computes several forms: its limit is every form's bare SQL). A ``SET …``
    statement (``SET LOCAL jit = off``, as petitions.reports.queries.without_jit does for every form) runs on
    PostgreSQL only.
    ``a[start=prev_start,end=prev_end]`` is file a with its parameters renamed, so one file serves a second
    window of the same operation (the dashboard's previous quarter) instead of a copy of it."""
    if "+" in stem:
        parts = [reference_statements(part, dialect) for part in stem.split("+")]
        if any(part.rollback for part in parts):
            raise ValueError(f"{stem}: a write's reference cannot be combined")
        return Reference([statement for part in parts for statement in part.statements], rollback=False)
    renames: dict[str, str] = {}
    renamed = re.fullmatch(r"([\w.]+)\[([^\]]*)\]", stem)
    if renamed:
        stem = renamed.group(1)
        renames = dict(pair.split("=", 1) for pair in renamed.group(2).split(","))
    path = REFERENCE_SQL / f"{stem}.{dialect}.sql"
    if not path.exists():
        path = REFERENCE_SQL / f"{stem}.sql"
    text = path.read_text(encoding="utf-8")
    rollback = text.startswith("-- rollback")
    parts = [part.strip() for part in re.split(r";\s*\n", text)]
    statements = []
    for part in parts:
        body = "\n".join(line for line in part.splitlines() if not line.strip().startswith("--")).strip()
        for old, new in renames.items():
            body = re.sub(rf":{old}\b", f":{new}", body)
        if body.upper().startswith("SET ") and dialect != "postgresql":
            continue  # a PostgreSQL setting for the transaction (no JIT, as the reports run): SQLite has none
        if body:
            clause = sa.text(body)
            if ":agencies" in body:
                clause = clause.bindparams(sa.bindparam("agencies", expanding=True))
            statements.append(clause)
    return Reference(statements, rollback)


def run_reference(connection: sa.Connection, reference: Reference, params: dict[str, Any]) -> int:
    """Run the bare SQL through the same driver and fetch every row; returns the rows fetched."""
    rows = 0
    transaction = connection.begin()
    try:
        for statement in reference.statements:
            names = set(statement.compile().params)
            result = connection.execute(statement, {k: v for k, v in params.items() if k in names})
            if result.returns_rows:
                rows += len(result.fetchall())
    finally:
        if reference.rollback:
            transaction.rollback()
        else:
            transaction.commit()
    return rows


def sql_params(params: dict[str, Any], dialect: str) -> dict[str, Any]:
    """Dates as SQLite stores them (ISO text), as SQLAlchemy would bind them through a typed column."""
    if dialect != "sqlite":
        return params
    return {k: v.isoformat(" ", "microseconds") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
            for k, v in params.items()}


# ---------------------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------------------


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass
class Line:
    op: str
    db: str
    n: int
    median_ms: float | None
    p95_ms: float | None
    limit_ms: float | None
    ratio: float | None
    reps: int
    rows: int
    extra: dict[str, Any] = field(default_factory=dict)

    def json(self) -> str:
        data = {
            "op": self.op, "db": self.db, "n": self.n, "median_ms": self.median_ms, "p95_ms": self.p95_ms,
            "limit_ms": self.limit_ms, "ratio": self.ratio, "reps": self.reps, "rows": self.rows,
        }
        data.update(self.extra)
        return json.dumps(data, ensure_ascii=False)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def measure(b: Bench, op: Operation, *, repeat: int, warmup: int, budget: float, floor_ms: float | None) -> Line:
    """Warm up, then alternate the app path and the bare SQL, `repeat` times or until the budget is spent."""
    reference = reference_statements(op.limit, b.dialect) if op.limit else None
    from petitions.extensions import db

    params = dict(b.params)
    params.update({name: b.params[source] for name, source in op.bind})
    params = sql_params(params, b.dialect)
    app_times: list[float] = []
    sql_times: list[float] = []
    rows = 0
    with b.app.app_context():
        connection = db.engine.connect()
    try:
        started = time.perf_counter()
        index = 0
        while index < warmup + repeat:
            t0 = time.perf_counter()
            rows = op.run(b)
            t1 = time.perf_counter()
            if reference is not None:
                run_reference(connection, reference, params)
            t2 = time.perf_counter()
            if index >= warmup:
                app_times.append((t1 - t0) * 1000)
                sql_times.append((t2 - t1) * 1000)
            spent = time.perf_counter() - started
            # Slow operations stop early: the warm-up after one run when that run took more than the
            # budget's half, the measured runs after three (one if even that would not fit); the table
            # shows how many ran.
            if index < warmup and spent > budget / 2:
                index = warmup
                continue
            measured = len(app_times)
            if spent > budget and (measured >= 3 or (measured >= 1 and (t2 - t0) * 3 > budget)):
                break
            index += 1
    finally:
        connection.close()
    median = statistics.median(app_times)
    limit = None
    if reference is not None:
        limit = statistics.median(sql_times) + ((floor_ms or 0.0) if op.floor else 0.0)
    elif op.name == "floor":
        limit = median
    ratio = median / limit if limit else None
    return Line(op.name, b.dialect, b.n, _round(median), _round(percentile(app_times, 0.95)), _round(limit),
                _round(ratio), len(app_times), rows)


def memory_line(b: Bench, url: str, *, root_code: str, period: str) -> Line:
    """Peak RSS of a fresh process that builds the report (the function the view calls), and of the same
    process that only starts the app and touches the database (the limit)."""
    peaks = {}
    for probe in ("floor", "report"):
        env = dict(os.environ, DATABASE_URL=url)
        output = subprocess.run(
            [sys.executable, __file__, "--rss-probe", probe, "--period", period, "--agency", root_code],
            env=env, check=True, capture_output=True, text=True,
        ).stdout
        peaks[probe] = json.loads(output.strip().splitlines()[-1])["maxrss_mb"]
    return Line("report.01tcd.year.rss", b.dialect, b.n, None, None, None,
                _round(peaks["report"] / peaks["floor"]), 1, 0,
                {"peak_rss_mb": _round(peaks["report"]), "floor_rss_mb": _round(peaks["floor"])})


def rss_probe(probe: str, period: str, agency_code: str) -> None:
    """Child process of memory_line(): print {"maxrss_mb": …} after building the report (or not)."""
    from petitions import create_app
    from petitions.domain import periods
    from petitions.extensions import db
    from petitions.reports import queries, services

    app = create_app(app_config(os.environ["DATABASE_URL"]))
    with app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        if probe == "report":
            agency = queries.get_agency_by_code(agency_code)
            assert agency is not None
            services.build_report(form_code="01/TCD", period=periods.parse_period(period), agency=agency)
    print(json.dumps({"maxrss_mb": peak_rss_kb() / 1024}))


def peak_rss_kb() -> int:
    """This process's peak resident set. Linux's VmHWM starts afresh at exec; ru_maxrss of a child
    process starts at its parent's size when it was forked (the benchmark's own ~140 MB), so it is only
    the fallback where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# ---------------------------------------------------------------------------------------------------------
# Setting up: the database, the users, the parameters
# ---------------------------------------------------------------------------------------------------------


def app_config(url: str) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASHER": "fast-test-hasher",  # signing in is not what is measured
        "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="petitions-bench-"),
    }


def database_url(letters: int) -> str:
    from petitions.config import normalise_database_url

    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    DATA.mkdir(exist_ok=True)
    return f"sqlite:///{DATA / f'bench-{letters}.db'}"


def generate(url: str, letters: int, seed: int) -> dict[str, Any] | None:
    """Migrate, seed and fill up to N letters with the real command; its time when it made any."""
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48))
    command = [sys.executable, "-c", "from petitions.cli import main; main()"]
    subprocess.run([*command, "db", "upgrade"], env=env, check=True, capture_output=True)
    from petitions import create_app
    from petitions.demo import count_letters

    app = create_app(app_config(url))
    with app.app_context():
        before = count_letters()
    if before >= letters:
        return None
    started = time.perf_counter()
    process = subprocess.run(
        [*command, "demo", "--letters", str(letters), "--seed", str(seed)], env=env, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    print(process.stdout.strip().splitlines()[-1], file=sys.stderr)
    return {"letters": letters - before, "seconds": round(seconds, 1), "letters_per_s": round((letters - before) / seconds)}


def sign_in(app: Any, username: str) -> Any:
    client = app.test_client()
    response = client.post("/auth/login", data={"username": username, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise AssertionError(f"signing in {username} answered {response.status_code}")
    return client


BENCH_PASSWORD = "một cụm mật khẩu dài chỉ dùng để đo"


def ensure_user(username: str, agency_id: int, role: str = "leader") -> int:
    from petitions.auth import services as auth_services
    from petitions.auth.models import User
    from petitions.domain.types import Role
    from petitions.extensions import db

    user_id = db.session.scalar(sa.select(User.id).where(User.username == username))
    if user_id is None:
        user, _ = auth_services.create_user(
            username=username, full_name="Người đo hiệu năng", role=Role(role), agency_id=agency_id,
            password=BENCH_PASSWORD, actor=None, must_change_password=False,
        )
        user_id = user.id
    return int(user_id)


def ensure_officer_work(officer_id: int, agencies: list[int]) -> None:
    """The demo assigns no letter (it makes no accounts): give the benchmark's officer a realistic load
    once — 2,500 of the board's open letters assigned, 500 of them proposed, and 30,000 handled ones
    (their history, which the worklist's indexes must skip)."""
    from petitions.extensions import db
    from petitions.letters.models import Letter

    if db.session.scalar(sa.select(Letter.id).where(Letter.assigned_officer_id == officer_id).limit(1)) is not None:
        return
    board = Letter.agency_in_charge_id.in_(agencies)
    open_ids = list(db.session.scalars(
        sa.select(Letter.id).where(board, Letter.status == "RECEIVED", Letter.is_void.is_(False))
        .order_by(Letter.received_on.desc(), Letter.id.desc()).limit(3000)
    ))
    closed_ids = list(db.session.scalars(
        sa.select(Letter.id).where(board, Letter.status.in_(("FILED", "GUIDED", "FORWARDED"))).limit(30000)
    ))
    table = Letter.__table__
    for ids, status in ((open_ids[:2500], "ASSIGNED"), (open_ids[2500:], "PROPOSED"), (closed_ids, None)):
        for start in range(0, len(ids), 900):
            values: dict[str, Any] = {"assigned_officer_id": officer_id}
            if status:
                values["status"] = status
            db.session.execute(sa.update(table).where(table.c.id.in_(ids[start:start + 900])).values(**values))
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # The planner's statistics were taken when no letter had an officer (rows=1 estimates sent the
        # overdue section down the wrong index); autovacuum would catch up later.
        db.session.execute(sa.text("ANALYZE letter"))
        db.session.commit()


def ensure_handovers(board_agencies: list[int], body_id: int, actor_id: int) -> None:
    """The demo hands no letter over: give the inspectorate 200 of the board's letters once (the newest open
    ones), as the board's leader does for advice or verification."""
    from petitions.clock import local_today
    from petitions.extensions import db
    from petitions.letters.models import Letter, LetterHandover

    if db.session.scalar(sa.select(LetterHandover.id).where(LetterHandover.agency_id == body_id).limit(1)) is not None:
        return
    ids = list(db.session.scalars(
        sa.select(Letter.id).where(Letter.agency_in_charge_id.in_(board_agencies), Letter.is_void.is_(False))
        .order_by(Letter.received_on.desc(), Letter.id.desc()).offset(3000).limit(200)
    ))
    today = local_today()
    db.session.add_all(
        LetterHandover(letter_id=i, agency_id=body_id, direction="Đề nghị xác minh (đo hiệu năng)", handed_on=today,
                       handed_by_id=actor_id)
        for i in ids
    )
    db.session.commit()


def ensure_filed_dates() -> None:
    """The demo writes its letters' rows directly and leaves `letter.filed_on` empty: fill it once from the first
    FILED status event, as migration e7b3c9d1f5a2 does for existing letters, so that the destruction page lists
    the board's filed letters past retention."""
    from petitions.extensions import db

    db.session.execute(sa.text(
        "UPDATE letter SET filed_on = (SELECT min(e.effective_on) FROM letter_status_event e "
        "WHERE e.letter_id = letter.id AND e.status = 'FILED') "
        "WHERE letter.status IN ('FILED', 'DESTROYED') AND letter.filed_on IS NULL"
    ))
    db.session.commit()


def ensure_chases(today: date) -> None:
    """A database generated before the demo built its chasing list: build today's once, as the daily job does."""
    from petitions.chasing.models import Chase
    from petitions.chasing.services import build_day_list
    from petitions.extensions import db, immediate_transactions

    if db.session.scalar(sa.select(Chase.id).limit(1)) is not None:
        return
    with immediate_transactions():
        build_day_list(on=today)
        db.session.commit()


def ensure_outbox() -> None:
    """The demo sends no e-mail: give the outbox one notification per referral once (each forwarding's signed
    paper mailed to its body), 2 % of them failed and 1 % still queued, as the outbox page lists them."""
    from petitions.extensions import db
    from petitions.mail.models import OutgoingMail
    from petitions.referrals.models import Referral

    address = "vanthu@bench.example.vn"
    if db.session.scalar(sa.select(OutgoingMail.id).where(OutgoingMail.to_address == address).limit(1)) is not None:
        return
    failed = Referral.id % 50 == 0
    queued = Referral.id % 97 == 0
    columns = ("to_address", "subject", "body_text", "document_id", "purpose", "record_type", "record_id", "status",
               "attempts", "last_error", "created_at", "sent_at")
    rows = sa.select(
        sa.literal(address), sa.literal("Thông báo văn bản (đo hiệu năng)"), sa.literal(""),
        Referral.source_document_id, sa.literal("forwarding"), sa.literal("letter"), Referral.letter_id,
        sa.case((failed, sa.literal("FAILED")), (queued, sa.literal("QUEUED")), else_=sa.literal("SENT")),
        sa.case((failed, 5), (queued, 0), else_=1),
        sa.case((failed, sa.literal("SMTPRecipientsRefused: đo hiệu năng")), else_=sa.null()),
        Referral.created_at,
        sa.case((failed | queued, sa.null()), else_=Referral.created_at),
    ).order_by(Referral.id)
    db.session.execute(sa.insert(OutgoingMail.__table__).from_select(columns, rows))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # As autovacuum would after such an insert: statistics, and the visibility map that lets the status
        # counts read the index alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE outgoing_mail")


SUBMITTED_KINDS = ("Q1", "Q2", "Q3", "Q4", "6M", "9M", "", "NA")


def ensure_submissions(root_id: int, leader_id: int, today: date) -> dict[str, int]:
    """The demo submits no report: submit the province's whole set once through the service (the last internal month,
    a tables-only window: figures, records, PDF and workbook of real size), then copy that row for every official
    window of the ten years before (80 windows, every fifth corrected once: 96 rows) and give every other body 80 small
    rows of its own, as a decade of a province's submissions. Returns the real submission's sizes (bytes)."""
    from petitions.auth.models import User
    from petitions.directory.models import Agency
    from petitions.domain import periods
    from petitions.extensions import db, immediate_transactions
    from petitions.reports import submissions
    from petitions.reports.models import ReportSubmission

    table = ReportSubmission.__table__
    seed_id = db.session.scalar(
        sa.select(ReportSubmission.id).where(ReportSubmission.agency_id == root_id).order_by(ReportSubmission.id).limit(1)
    )
    if seed_id is None:
        month = periods.previous_period(periods.month_containing(today))
        with immediate_transactions():
            seed = submissions.submit_report(
                agency=db.session.get(Agency, root_id), period=month, actor=db.session.get(User, leader_id), based_on=0,
            )
            db.session.commit()
        seed_id = seed.id
        copied = [c.name for c in table.columns if c.name not in
                  ("id", "period_code", "window_start_on", "window_end_on", "generation", "sequence", "supersedes_id",
                   "reason", "submitted_at", "agency_id")]
        small = {"figures": {}, "records": {}, "pdf": b"%PDF-", "xlsx": b"PK", "pdf_size": 5, "xlsx_size": 2}
        bodies = list(db.session.scalars(sa.select(Agency.id).where(Agency.id != root_id).order_by(Agency.id)))
        for year in range(today.year - 10, today.year):
            for kind in SUBMITTED_KINDS:
                period = periods.parse_period(f"{year}-{kind}" if kind else str(year))
                corrected = (year * len(SUBMITTED_KINDS) + SUBMITTED_KINDS.index(kind)) % 5 == 0
                for sequence in (1, 2) if corrected else (1,):
                    moment = datetime.combine(period.end + timedelta(days=3 + 7 * (sequence - 1)), datetime.min.time())
                    window = {"period_code": period.code, "window_start_on": period.start, "window_end_on": period.end,
                              "generation": period.generation, "sequence": sequence, "submitted_at": moment,
                              "reason": "Đính chính số liệu (đo hiệu năng)" if sequence == 2 else None}
                    previous = None
                    if sequence == 2:
                        previous = db.session.scalar(sa.select(table.c.id).where(
                            table.c.agency_id == root_id, table.c.window_start_on == period.start,
                            table.c.window_end_on == period.end, table.c.sequence == 1))
                    db.session.execute(table.insert().from_select(
                        ["agency_id", "supersedes_id", *window, *copied],
                        sa.select(sa.literal(root_id), sa.literal(previous, sa.Integer),
                                  *(sa.literal(value, table.c[name].type) for name, value in window.items()),
                                  *(table.c[name] for name in copied)).where(table.c.id == seed_id),
                    ))
                    if sequence == 1:
                        fixed = {c: db.session.scalar(sa.select(table.c[c]).where(table.c.id == seed_id))
                                 for c in ("figures_as_of", "submitted_by_id", "pdf_sha256", "xlsx_sha256")}
                        db.session.execute(table.insert(), [
                            {"agency_id": body, "supersedes_id": None, **window, **fixed, **small} for body in bodies
                        ])
        db.session.commit()
    pdf, xlsx, records = db.session.execute(
        sa.select(sa.func.length(table.c.pdf), sa.func.length(table.c.xlsx), table.c.records).where(table.c.id == seed_id)
    ).one()
    return {"pdf_bytes": int(pdf), "xlsx_bytes": int(xlsx), "records_json_bytes": len(json.dumps(records))}


def last_quarter(today: date) -> str:
    """The last calendar quarter that ended before today (a complete one)."""
    first_of_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_of_quarter - timedelta(days=1)
    return f"{last.year}-Q{(last.month - 1) // 3 + 1}"


def prepare(url: str, n_target: int) -> Bench:
    from petitions import create_app
    from petitions.citizens.models import Citizen
    from petitions.clock import local_today, utcnow
    from petitions.demo import count_letters
    from petitions.directory.models import Agency
    from petitions.directory.queries import agency_subtree_ids
    from petitions.domain.text import prefix_end
    from petitions.extensions import db
    from petitions.letters.models import Letter
    from petitions.paging import encode_cursor

    app = create_app(app_config(url))
    today = local_today()
    with app.app_context(), app.test_request_context():
        root = db.session.scalar(sa.select(Agency).where(Agency.parent_id.is_(None)).order_by(Agency.id).limit(1))
        board = db.session.scalar(
            sa.select(Agency).where(Agency.name_folded.like("%tiep cong dan%")).order_by(Agency.id).limit(1)
        ) or root
        assert root is not None and board is not None
        leader_id = ensure_user("bench.board", board.id)
        province_leader_id = ensure_user("bench.province", root.id)
        ensure_user("bench.admin", root.id, role="admin")
        officer_id = ensure_user("bench.officer", board.id, role="handler")
        db.session.commit()
        agencies = sorted(db.session.scalars(agency_subtree_ids(board.id)))
        ensure_officer_work(officer_id, agencies)
        inspectorate = db.session.scalar(sa.select(Agency).where(Agency.code == "TTR")) or db.session.scalar(
            sa.select(Agency).where(Agency.parent_id == root.id, Agency.id.not_in(agencies)).order_by(Agency.id).limit(1)
        )
        assert inspectorate is not None, "no body outside the board to hand letters over to"
        inspector_id = ensure_user("bench.inspector", inspectorate.id, role="handler")
        db.session.commit()
        ensure_handovers(agencies, inspectorate.id, leader_id)
        busy_id, busy_parent = busiest_body(root.id)
        ensure_filed_dates()
        ensure_chases(today)
        inspectorate_agencies = sorted(db.session.scalars(agency_subtree_ids(inspectorate.id)))
        # The body that received the most referrals: its liaison's workspace.
        from petitions.referrals.models import Referral

        busiest = db.session.scalar(
            sa.select(Referral.agency_id).group_by(Referral.agency_id).order_by(sa.func.count().desc()).limit(1)
        )
        assert busiest is not None, "the demo data has no referral"
        ensure_user("bench.liaison", busiest, role="liaison")
        # The body the board sent the most items to: its performance drill-down.
        perf_body = db.session.scalar(
            sa.select(Referral.agency_id).where(Referral.office_agency_id.in_(agencies))
            .group_by(Referral.agency_id).order_by(sa.func.count().desc(), Referral.agency_id).limit(1)
        ) or busiest
        db.session.commit()
        liaison_agencies = sorted(db.session.scalars(agency_subtree_ids(busiest)))
        ensure_outbox()
        submission_sizes = ensure_submissions(root.id, province_leader_id, today)
        print(f"report submission of the province (one real row): {submission_sizes}", file=sys.stderr)
        from petitions.main.worklist import window_for

        soon_until = window_for(today).soon_until
        province_agencies = sorted(db.session.scalars(agency_subtree_ids(root.id)))
        n = count_letters()
        # The page after 9,950 rows: the cursor names the 9,950th row of the register's order.
        anchor = db.session.execute(
            sa.select(Letter.id, Letter.received_on)
            .where(Letter.agency_in_charge_id.in_(agencies), Letter.is_void.is_(False))
            .order_by(Letter.received_on.desc(), Letter.id.desc())
            .offset(min(9949, max(n // 4 - 1, 0)))
            .limit(1)
        ).first()
        cursor = encode_cursor("letters:received_desc", anchor.id) if anchor else ""
        ensure_case_clocks()
        case_anchor = case_anchor_9950(agencies)
        case_cursor = encode_cursor("cases:opened_desc", case_anchor[0]) if case_anchor else ""
        # The most frequent full name among the board's citizens, and its most frequent birth year.
        name, _ = db.session.execute(
            sa.select(Citizen.full_name_folded, sa.func.count())
            .where(Citizen.agency_id.in_(agencies))
            .group_by(Citizen.full_name_folded)
            .order_by(sa.func.count().desc(), Citizen.full_name_folded)
            .limit(1)
        ).one()
        birth_year = db.session.scalar(
            sa.select(Citizen.birth_year)
            .where(Citizen.agency_id.in_(agencies), Citizen.full_name_folded == name)
            .group_by(Citizen.birth_year)
            .order_by(sa.func.count().desc(), Citizen.birth_year)
            .limit(1)
        )
        # A writer who wrote before, about the same matter against the same respondent: the duplicate check.
        earlier = db.session.execute(
            sa.select(Letter, Citizen)
            .join(Citizen, Citizen.id == Letter.citizen_id)
            .where(Letter.agency_in_charge_id.in_(agencies), Citizen.id_number.is_not(None), Letter.letter_type == "COMPLAINT")
            .order_by(Letter.received_on.desc(), Letter.id.desc())
            .limit(1)
        ).first()
        assert earlier is not None, "the demo data has no complaint by a citizen with an ID number"
        letter, citizen = earlier
        quarter = last_quarter(today)
        book_to = today.replace(day=1) - timedelta(days=1)
        book_from = book_to.replace(day=1)
        from petitions.domain.deadlines import latest_kept_from_over
        from petitions.letters.queries import duplicate_window_days

        window = duplicate_window_days()
        root_code, root_id, board_id = root.code, root.id, board.id
        writer = {"full_name": citizen.full_name, "id_number": citizen.id_number, "folded": citizen.full_name_folded}
        earlier_letter = {"summary": letter.summary, "respondent": letter.respondent,
                          "respondent_folded": letter.respondent_folded, "summary_folded": letter.summary_folded}
    base_form = {
        "received_on": today.isoformat(), "channel": "post", "letter_type": "complaint",
        "complaint_subtype": "administrative", "id_type": "cccd", "signer_kind": "one", "signer_count": "1",
        "prior_resolution": "not_yet", "duplicate_decision": "new",
    }
    params = {
        "agencies": agencies,
        "province_agencies": province_agencies,
        "today": today,
        "retention_cutoff": latest_kept_from_over(today),
        "page": 26,
        "big_page": 51,
        "anchor_on": anchor.received_on if anchor else today,
        "anchor_id": anchor.id if anchor else 0,
        "cursor_9950": cursor,
        "case_cursor_9950": case_cursor,
        "case_anchor_id": case_anchor[0] if case_anchor else 0,
        "case_anchor_on": case_anchor[1] if case_anchor else today,
        "words": ["thu", "hoi"],
        "fts_query": '"thu"* AND "hoi"*',
        "like_1": "%thu%",
        "like_2": "%hoi%",
        "glob_1": "*[^0-9a-z]thu*",
        "glob_2": "*[^0-9a-z]hoi*",
        "name": name,
        "name_end": prefix_end(name),
        "birth_year": birth_year,
        "id_number": writer["id_number"],
        "writer_folded": writer["folded"],
        "this_year": today.year,
        "now": utcnow(),
        "respondent_folded": earlier_letter["respondent_folded"],
        "summary_folded": earlier_letter["summary_folded"],
        "window_start": today - timedelta(days=window),
        "duplicate_form": dict(
            base_form, full_name=writer["full_name"], id_number=writer["id_number"], summary=earlier_letter["summary"],
            respondent=earlier_letter["respondent"],
        ),
        "register_form": dict(base_form, letter_type="petition", complaint_subtype="", respondent="Đo hiệu năng", checked="1"),
        "quarter": quarter,
        "year": str(today.year - 1),
        "root_code": root_code,
        "root_id": root_id,
        "board_id": board_id,
        "book_url": f"/paperwork/book?date_from={book_from.isoformat()}&date_to={book_to.isoformat()}&download=1&fmt=pdf",
        "book_from": book_from,
        "book_to": book_to,
        "leader_id": leader_id,
        "officer_id": officer_id,
        "inspector_id": inspector_id,
        "inspectorate_agencies": inspectorate_agencies,
        "liaison_agencies": liaison_agencies,
        "perf_body": perf_body,
        "soon_until": soon_until,
        "home_page": 11,
        "busy_id": busy_id,
        "reorg_form": {
            "kind": "merge", "source_ids": str(busy_id), "target_ids": str(busy_parent), "default_target_id": "0",
            "effective_on": today.isoformat(), "decision_reference": "Đo hiệu năng",
        },
        "register_url": f"/letter-register/?date_from={book_from.isoformat()}&date_to={book_to.isoformat()}&download=1&fmt=pdf",
    }
    params.update(period_bounds(quarter, str(today.year - 1)))
    params["register_quarter_url"] = (
        f"/letter-register/?date_from={params['quarter_start'].isoformat()}"
        f"&date_to={params['quarter_end'].isoformat()}&download=1&fmt=pdf"
    )
    clients = {
        "leader": sign_in(app, "bench.board"),
        "searcher": sign_in(app, "bench.board"),
        "citizen_year": sign_in(app, "bench.board"),
        "citizen_name": sign_in(app, "bench.board"),
        "province": sign_in(app, "bench.province"),
        "officer": sign_in(app, "bench.officer"),
        "inspector": sign_in(app, "bench.inspector"),
        "admin": sign_in(app, "bench.admin"),
        "liaison": sign_in(app, "bench.liaison"),
    }
    clients["searcher"].post("/letters/search", data={"text": "thu hoi"})
    clients["searcher"].post("/cases/search", data={"text": "thu hoi"})
    clients["citizen_year"].post("/reception/citizens/search", data={"q": f"{name} {birth_year}"})
    clients["citizen_name"].post("/reception/citizens/search", data={"q": name})
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    return Bench(app=app, clients=clients, dialect=dialect, n=n, params=params)


def busiest_body(root_id: int) -> tuple[int, int]:
    """The body below the root with the most open letters in charge, and its parent (the merger's heir)."""
    from petitions.directory.models import Agency
    from petitions.domain.records import CLOSED_LETTER_STATUSES
    from petitions.extensions import db
    from petitions.letters.models import Letter

    busy = db.session.execute(
        sa.select(Letter.agency_in_charge_id, sa.func.count())
        .join(Agency, Agency.id == Letter.agency_in_charge_id)
        .where(Letter.status.not_in(CLOSED_LETTER_STATUSES), Agency.id != root_id, Agency.is_active.is_(True))
        .group_by(Letter.agency_in_charge_id)
        .order_by(sa.func.count().desc())
        .limit(1)
    ).first()
    assert busy is not None, "no open letter in the demo data"
    parent = db.session.scalar(sa.select(Agency.parent_id).where(Agency.id == busy[0])) or root_id
    return int(busy[0]), int(parent)


def case_anchor_9950(agencies: list[int]) -> Any:
    """(id, opened_on) of the board's 9,950th case in the case list's default order (or its last one)."""
    from petitions.cases.models import CaseFile
    from petitions.extensions import db

    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(CaseFile).where(CaseFile.agency_in_charge_id.in_(agencies))
    ) or 0
    if not count:
        return None
    return db.session.execute(
        sa.select(CaseFile.id, CaseFile.opened_on)
        .where(CaseFile.agency_in_charge_id.in_(agencies))
        .order_by(CaseFile.opened_on.desc(), CaseFile.id.desc())
        .offset(min(9949, count - 1))
        .limit(1)
    ).first()


def ensure_case_clocks() -> None:
    """The demo's cases pending resolution carry no resolution clock: start it once through the clock service
    (D15/D17/D19/D24 from the acceptance day, which keeps case_file.resolution_due_on), for the cases accepted
    within the confirmed calendar (a count cannot start before its first year); older ones stay without."""
    from petitions.cases.models import CaseFile
    from petitions.deadlines.models import Clock, RecordType
    from petitions.deadlines.queries import load_working_calendar
    from petitions.deadlines.services import start_clock
    from petitions.domain import case_flow
    from petitions.domain.types import DomainError
    from petitions.extensions import db

    calendar = load_working_calendar()
    pending = [s.name for s in (*case_flow.PENDING, case_flow.S.WITHDRAWN)]
    has_clock = sa.select(Clock.id).where(Clock.record_type == RecordType.CASE, Clock.record_id == CaseFile.id).exists()
    cases = list(db.session.scalars(
        sa.select(CaseFile).where(
            CaseFile.status.in_(pending), CaseFile.accepted_on >= calendar.first_day, ~has_clock
        )
    ))
    for case in cases:
        rule = case_flow.resolution_rule(case.case_type, case.complaint_subtype, case.case_round)
        if rule is None or case.accepted_on is None:
            continue
        try:
            start_clock(case, rule_id=rule, trigger_on=case.accepted_on, calendar=calendar, reason="Thụ lý (đo hiệu năng)")
        except DomainError:
            continue
    db.session.commit()
    if cases and db.session.get_bind().dialect.name == "postgresql":
        # The planner's statistics saw the column empty: refresh them as autovacuum would after such a change.
        db.session.execute(sa.text("ANALYZE case_file"))
        db.session.execute(sa.text("ANALYZE clock"))
        db.session.commit()


def period_bounds(quarter: str, year: str) -> dict[str, Any]:
    from petitions.domain import periods

    q, y = periods.parse_period(quarter), periods.parse_period(year)
    before, months = periods.previous_period(q), periods.months_up_to(q.end, 12)
    return {"quarter_start": q.start, "quarter_end": q.end, "year_start": y.start, "year_end": y.end,
            "prev_quarter_start": before.start, "prev_quarter_end": before.end, "trend_start": months[0].start}


# ---------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------


def table(lines: list[Line], generation: dict[str, Any] | None) -> str:
    db, n = lines[0].db, lines[0].n
    out = [f"\n{db}, {n:,} letters" + (
        f" (generated {generation['letters']:,} in {generation['seconds']} s, {generation['letters_per_s']:,} letters/s)"
        if generation else " (data reused)"
    )]
    out.append(f"{'operation':<28} {'median ms':>10} {'p95 ms':>9} {'limit ms':>9} {'ratio':>7} {'reps':>5} {'rows':>7}")
    for line in lines:
        if line.extra.get("peak_rss_mb") is not None:
            out.append(f"{line.op:<28} {'peak RSS':>10} {line.extra['peak_rss_mb']:>8.0f}M {line.extra['floor_rss_mb']:>8.0f}M "
                       f"{line.ratio:>7.2f} {line.reps:>5} {'':>7}")
            continue
        def cell(value: float | None, width: int) -> str:
            return f"{value:>{width}.1f}" if value is not None else f"{'—':>{width}}"
        out.append(f"{line.op:<28} {cell(line.median_ms, 10)} {cell(line.p95_ms, 9)} {cell(line.limit_ms, 9)} "
                   f"{cell(line.ratio, 7)} {line.reps:>5} {line.rows:>7}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=100_000, help="fill the database up to N letters (default 100,000)")
    parser.add_argument("--repeat", type=int, default=30, help="measured runs per operation (default 30)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per operation before it stops early (≥ 3 runs)")
    parser.add_argument("--only", default="", help="comma-separated operation names (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated operation names not to run (printed as skipped)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--list", action="store_true", help="list the operations and what they measure")
    parser.add_argument("--rss-probe", choices=("floor", "report"), help=argparse.SUPPRESS)
    parser.add_argument("--period", help=argparse.SUPPRESS)
    parser.add_argument("--agency", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_probe:
        rss_probe(args.rss_probe, args.period, args.agency)
        return 0
    if args.list:
        for op in OPERATIONS:
            print(f"{op.name:<28} {op.what}")
        return 0
    wanted = [name for name in args.only.split(",") if name]
    skipped = [name for name in args.skip.split(",") if name]
    unknown = (set(wanted) | set(skipped)) - {op.name for op in OPERATIONS}
    if unknown:
        parser.error(f"unknown operation(s): {', '.join(sorted(unknown))}")
    url = database_url(args.letters)
    generation = generate(url, args.letters, args.seed)
    bench = prepare(url, args.letters)
    lines: list[Line] = []
    floor_ms: float | None = None
    for op in OPERATIONS:
        if wanted and op.name not in wanted and op.name != "floor":
            continue
        if op.name in skipped:
            print(json.dumps({"op": op.name, "db": bench.dialect, "n": bench.n, "skipped": True}), flush=True)
            continue
        if op.kind == "memory":
            line = memory_line(bench, url, root_code=bench.params["root_code"], period=bench.params["year"])
        else:
            line = measure(bench, op, repeat=args.repeat, warmup=args.warmup, budget=args.budget, floor_ms=floor_ms)
        if op.name == "floor":
            floor_ms = line.median_ms
        lines.append(line)
        print(line.json(), flush=True)
    if generation:
        print(json.dumps({"op": "generation", "db": bench.dialect, "n": bench.n, **generation}), flush=True)
    print(table(lines, generation), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

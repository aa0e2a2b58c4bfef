"""Demo records for `petitions demo --letters N`: national-size synthetic data, written in batches.

The run fills the database until it holds N letters (a second run with the same N adds nothing; a run
that was stopped continues where its last committed batch ended, with the same data it would have
made). Each batch makes its share of letters with their citizens, cases, sessions, visits, clocks, …
for its slice of a ten-year window (letter k of N is dated near k/N of the way from ten years ago to
today), holds them in memory as plain rows with ids allocated here, and writes them table by table in
foreign-key order: one executemany per table on SQLite, one COPY per table on PostgreSQL, so no
statement binds one parameter per row and memory stays bounded by the batch. The command commits
each batch; no history rows (demo data is nobody's work).

The shape follows PERFORMANCE.md: Vietnamese family, middle and given names with their real
frequencies (so searches meet real collisions), plausible ID numbers (CCCD: a real province code, the
sex/century digit, the birth year), 40+ agencies on several levels (the seeded directory, completed
with demo communes and departments under its root when it has fewer), sessions on working days only,
visit times in office hours.

The generators (petitions.cli.DEMO_GENERATORS, in dependency order) receive a DemoBatch; this module
knows neither them nor the command.
"""

from __future__ import annotations

import bisect
import gc
import json
import multiprocessing
import operator
import pickle
import random
import resource
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from time import perf_counter, process_time
from typing import Any

import holidays
import psycopg.adapt
import psycopg.postgres
import psycopg.pq
import sqlalchemy as sa

from petitions.clock import local_today, utcnow
from petitions.collector import collector_paused
from petitions.directory.models import Agency
from petitions.domain.issuers import AgencyLevel
from petitions.domain.text import fold_text
from petitions.extensions import db, sqlite_immediate
from petitions.letters.models import Letter
from petitions.numbering import last_number, reserve_blocks

YEARS = 10  # the longest window: a database at national size holds ten years
LETTERS_PER_YEAR = 10_000  # a smaller demo spans fewer years (at least one), so its recent weeks look like an office's
BATCH_LETTERS = 10_000
MIN_AGENCIES = 40
HOME_PROVINCE_CODE = "022"  # Quảng Ninh, the seeded province: most citizens were registered there


# ---------------------------------------------------------------------------------------------------------
# Names, ID numbers, places: the frequencies that make searches meet real collisions
# ---------------------------------------------------------------------------------------------------------

# Family names and their share of the population in percent (the usual survey figures: Nguyễn about
# 38 %, Trần 12 %, Lê 9.5 %, Phạm 7 %, Hoàng/Huỳnh 5 %, …); the rest share what is left.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4), ("Trần", 12.1), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.0), ("Huỳnh", 1.1),
    ("Phan", 4.5), ("Vũ", 2.6), ("Võ", 1.3), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.7), ("Trịnh", 0.7), ("Đoàn", 0.6),
    ("Lương", 0.6), ("Mai", 0.6), ("Cao", 0.6), ("Lưu", 0.5), ("Tạ", 0.5), ("Vương", 0.5),
    ("Triệu", 0.5), ("Hà", 0.6), ("Chu", 0.5), ("Lâm", 0.5), ("Tô", 0.5), ("Quách", 0.4),
    ("Kiều", 0.4),
)
# Middle names by sex: "Văn" for men and "Thị" for women dominate (older generations most).
MIDDLE_MALE: tuple[tuple[str, float], ...] = (
    ("Văn", 42), ("Đức", 8), ("Minh", 7), ("Hữu", 6), ("Quang", 5), ("Xuân", 4), ("Công", 4),
    ("Đình", 4), ("Thanh", 4), ("Ngọc", 3), ("Thế", 3), ("Mạnh", 2), ("Tiến", 2), ("Trọng", 2),
    ("Anh", 2), ("Hoàng", 2),
)
MIDDLE_FEMALE: tuple[tuple[str, float], ...] = (
    ("Thị", 55), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Kim", 4), ("Hồng", 4), ("Minh", 3),
    ("Phương", 3), ("Thùy", 3), ("Mai", 2), ("Bích", 2), ("Diệu", 2), ("Hải", 2), ("Quỳnh", 2),
    ("Khánh", 2),
)
_GIVEN_MALE = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Long", "Thắng", "Cường", "Sơn", "Bình", "Quang",
    "Thành", "Trung", "Hiếu", "Đức", "Tùng", "Phong", "Hoàng", "Huy", "Khánh", "Toàn", "Lâm", "Tâm",
    "Việt", "Hưng", "Kiên", "Lợi", "Thịnh", "Vinh", "An", "Tiến", "Hòa", "Tú", "Phúc", "Quý", "Chiến",
    "Định", "Hậu", "Sang",
)
_GIVEN_FEMALE = (
    "Hương", "Lan", "Hoa", "Linh", "Trang", "Hằng", "Mai", "Thảo", "Phương", "Nga", "Huyền", "Hà",
    "Yến", "Thủy", "Loan", "Liên", "Nhung", "Oanh", "Dung", "Vân", "Hạnh", "Ngọc", "Anh", "Thu",
    "Tuyết", "Hiền", "Lý", "Hồng", "Nhàn", "Thơ",
)


def _zipf(names: Sequence[str], exponent: float = 0.8) -> tuple[tuple[str, float], ...]:
    """Given names: a few very common, a long tail (rank-frequency with this exponent)."""
    return tuple((name, 1.0 / (rank**exponent)) for rank, name in enumerate(names, start=1))


GIVEN_MALE = _zipf(_GIVEN_MALE)
GIVEN_FEMALE = _zipf(_GIVEN_FEMALE)

# The province codes that open a CCCD number (Circular 07/2016/TT-BCA, the 63 provinces before the
# 2025 mergers, which stay valid on cards already issued). No other three digits ever start a number.
CCCD_PROVINCE_CODES: tuple[str, ...] = (
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
    "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
    "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
    "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
    "089", "091", "092", "093", "094", "095", "096",
)


class Weighted:
    """Draw from a table of (value, weight) quickly: cumulative weights and a bisection."""

    def __init__(self, table: Iterable[tuple[Any, float]]) -> None:
        pairs = list(table)
        self.values = [value for value, _ in pairs]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


_FAMILY = Weighted(FAMILY_NAMES)
_MIDDLE = {"male": Weighted(MIDDLE_MALE), "female": Weighted(MIDDLE_FEMALE)}
_GIVEN = {"male": Weighted(GIVEN_MALE), "female": Weighted(GIVEN_FEMALE)}


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str  # male | female (the intake form's values)
    birth_year: int


def person(rng: random.Random, today: date) -> Person:
    """A Vietnamese adult: family name, middle name and given name by their frequencies."""
    sex = "male" if rng.random() < 0.55 else "female"
    name = f"{_FAMILY.draw(rng)} {_MIDDLE[sex].draw(rng)} {_GIVEN[sex].draw(rng)}"
    # Writers are mostly middle-aged and older: 18 to 88, weighted towards 40–70.
    age = min(88, max(18, int(rng.triangular(18, 90, 58))))
    return Person(name, sex, today.year - age)


def cccd_number(serial: int, sex: str, birth_year: int, rng: random.Random) -> str:
    """A plausible 12-digit CCCD: province code of birth registration, sex/century digit, the two last
    digits of the birth year, six digits. The six digits come from `serial` (a citizen's id) through a
    bijection, so two demo citizens born the same year in the same province never share a number."""
    province = HOME_PROVINCE_CODE if rng.random() < 0.8 else rng.choice(CCCD_PROVINCE_CODES)
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == "female" else 0)
    return f"{province}{digit}{birth_year % 100:02d}{(serial * 7919 + 104_729) % 1_000_000:06d}"


def cmnd_number(serial: int) -> str:
    """An old 9-digit CMND of the province (Quảng Ninh's numbers began with 10)."""
    return f"10{(serial * 7919 + 3571) % 10_000_000:07d}"


_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def reference_code(ref_id: int) -> str:
    """A vault reference code in the vault's shape ("MK-" and ten characters without look-alikes),
    taken from the id through a bijection, so two demo references never share a code."""
    value = (ref_id * 387_420_489 + 7_777_777) % (31**10)
    chars = []
    for _ in range(10):
        value, digit = divmod(value, 31)
        chars.append(_CODE_ALPHABET[digit])
    return "MK-" + "".join(chars)


FOLDED: dict[str, str] = {}


def folded(text: str) -> str:
    """fold_text, remembered: demo names and matters repeat a great deal."""
    value = FOLDED.get(text)
    if value is None:
        value = FOLDED[text] = fold_text(text)
    return value


# ---------------------------------------------------------------------------------------------------------
# What people write about: matters, whom they concern, which body is competent
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matter:
    kind: str  # complaint | petition | denunciation | anonymous
    summary: str
    respondent: str  # "{commune}" is replaced by a commune's name
    competent: str  # folded words naming the competent body in the directory; "commune": the commune's
    disciplinary: bool = False


MATTERS: tuple[Matter, ...] = (
    Matter("complaint", "Khiếu nại quyết định thu hồi đất, mức bồi thường đất nông nghiệp quá thấp",
           "UBND {commune}", "commune"),
    Matter("complaint", "Khiếu nại việc không cấp giấy chứng nhận quyền sử dụng đất",
           "Văn phòng đăng ký đất đai tỉnh", "nong nghiep va moi truong"),
    # A decision of the commune is complained of to its chairman first (Luật Khiếu nại Đ7, Đ17).
    Matter("complaint", "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực xây dựng",
           "UBND {commune}", "commune"),
    Matter("complaint", "Khiếu nại phương án bồi thường, hỗ trợ, tái định cư khi thu hồi đất làm đường",
           "Ban quản lý dự án đầu tư xây dựng tỉnh", "nong nghiep va moi truong"),
    Matter("complaint", "Khiếu nại việc cưỡng chế thu hồi đất khi chưa nhận tiền bồi thường",
           "UBND {commune}", "commune"),
    Matter("complaint", "Khiếu nại việc giải quyết chế độ bảo hiểm xã hội một lần",
           "Bảo hiểm xã hội tỉnh", "noi vu"),
    Matter("complaint", "Khiếu nại quyết định kỷ luật khiển trách đối với giáo viên",
           "Sở Giáo dục và Đào tạo", "giao duc", disciplinary=True),
    Matter("petition", "Kiến nghị sửa chữa tuyến đường liên thôn bị xuống cấp", "UBND {commune}", "commune"),
    Matter("petition", "Phản ánh ô nhiễm tiếng ồn và khói bụi của cơ sở sản xuất vật liệu xây dựng",
           "Công ty cổ phần vật liệu xây dựng Hạ Long", "nong nghiep va moi truong"),
    Matter("petition", "Kiến nghị giải quyết chế độ trợ cấp cho người có công với cách mạng",
           "UBND {commune}", "noi vu"),
    Matter("petition", "Phản ánh việc khai thác than trái phép gây sạt lở đất vườn",
           "Công ty than Hòn Gai", "cong thuong"),
    Matter("petition", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất đã sử dụng ổn định từ năm 1993",
           "Văn phòng đăng ký đất đai tỉnh", "nong nghiep va moi truong"),
    Matter("petition", "Phản ánh chất lượng khám chữa bệnh tại trạm y tế", "Trạm y tế {commune}", "y te"),
    Matter("petition", "Kiến nghị về các khoản thu đầu năm học tại trường tiểu học",
           "Trường tiểu học {commune}", "giao duc"),
    Matter("petition", "Phản ánh nước thải của nhà máy chế biến hải sản chảy ra đồng ruộng",
           "Công ty TNHH chế biến thủy sản Vân Đồn", "nong nghiep va moi truong"),
    Matter("denunciation", "Tố cáo công chức địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận",
           "Công chức địa chính {commune}", "thanh tra"),
    Matter("denunciation", "Tố cáo việc lập hồ sơ khống để nhận tiền hỗ trợ tái định cư",
           "UBND {commune}", "thanh tra"),
    Matter("denunciation", "Tố cáo việc giao đất trái thẩm quyền và thu tiền không có biên lai",
           "Chủ tịch UBND {commune}", "thanh tra"),
    # Order in construction on the commune's land is the commune's to enforce (its chairman settles it).
    Matter("denunciation", "Tố cáo hành vi xây dựng công trình trái phép trên đất nông nghiệp",
           "Hộ kinh doanh tại {commune}", "commune"),
    Matter("anonymous", "Thông tin phản ánh cán bộ thu tiền trái quy định khi xác nhận hồ sơ",
           "UBND {commune}", "thanh tra"),
    Matter("anonymous", "Thư không ký tên phản ánh việc giao đất trái thẩm quyền", "UBND {commune}", "thanh tra"),
)
MATTERS_BY_KIND: dict[str, tuple[Matter, ...]] = {
    kind: tuple(m for m in MATTERS if m.kind == kind) for kind in ("complaint", "petition", "denunciation", "anonymous")
}


# ---------------------------------------------------------------------------------------------------------
# Days and hours
# ---------------------------------------------------------------------------------------------------------

# Office hours in Vietnam (07:30–11:30, 13:30–17:00) as offsets from midnight UTC of the same date (UTC+7).
_OFFICE_OFFSETS = tuple(
    timedelta(minutes=minute - 7 * 60)
    for minute in (*range(7 * 60 + 30, 11 * 60 + 30), *range(13 * 60 + 30, 17 * 60))
)
_MIDNIGHTS: dict[date, datetime] = {}


def working_days(first: date, last: date) -> list[date]:
    """Monday–Friday between the two days, public holidays (Tết included) left out."""
    off = holidays.country_holidays("VN", years=range(first.year, last.year + 1), observed=True)
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in off:
            days.append(day)
        day += timedelta(days=1)
    return days


# Each minute of the office hours with each second of it, as one offset (minute-major): a moment is one addition.
_OFFICE_SECONDS = tuple(offset + timedelta(seconds=second) for offset in _OFFICE_OFFSETS for second in range(60))
_MINUTES = len(_OFFICE_OFFSETS)


def office_moment(day: date, rng: random.Random) -> datetime:
    """A UTC moment in the office hours of that day in Vietnam (07:30–11:30, 13:30–17:00, UTC+7)."""
    midnight = _MIDNIGHTS.get(day)
    if midnight is None:
        midnight = _MIDNIGHTS[day] = datetime.combine(day, time())
    random_ = rng.random
    minute = int(random_() * _MINUTES)
    return midnight + _OFFICE_SECONDS[minute * 60 + int(random_() * 60)]


# ---------------------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAgency:
    id: int
    code: str
    name: str
    kind: str  # province | board | inspectorate | department | commune | office


@dataclass
class DemoAgencies:
    root: DemoAgency
    board: DemoAgency  # the reception board (Ban Tiếp công dân), or the root when there is none
    all: list[DemoAgency]

    def of_kind(self, *kinds: str) -> list[DemoAgency]:
        return [agency for agency in self.all if agency.kind in kinds]

    def find(self, words: str) -> DemoAgency | None:
        """The first agency whose folded name contains these folded words (a competent body)."""
        wanted = folded(words)
        return next((a for a in self.all if wanted in folded(a.name)), None)

    def competent(self, matter: Matter, commune: DemoAgency | None) -> DemoAgency:
        """The body a matter belongs to: the commune's people's committee, or the department named."""
        if matter.competent == "commune":
            return commune or self.root
        return self.find(matter.competent) or self.root


_COMMUNE_WORDS = ("uy ban nhan dan xa", "uy ban nhan dan phuong", "uy ban nhan dan thi tran",
                  "uy ban nhan dan dac khu", "ubnd xa", "ubnd phuong")
# Communes, wards and special zones of Quảng Ninh from 01/07/2025 (Nghị quyết 1679/NQ-UBTVQH15), besides
# the seeded ones: the demo's people's committees when the directory has fewer than MIN_AGENCIES bodies.
DEMO_COMMUNES = (
    ("phường", "Hà Tu"), ("phường", "Hà Lầm"), ("phường", "Cao Xanh"), ("phường", "Việt Hưng"),
    ("phường", "Tuần Châu"), ("phường", "Hoành Bồ"), ("phường", "Mông Dương"), ("phường", "Quang Hanh"),
    ("phường", "Cửa Ông"), ("phường", "Vàng Danh"), ("phường", "Yên Tử"), ("phường", "Đông Triều"),
    ("phường", "Mạo Khê"), ("phường", "Quảng Yên"), ("phường", "Hà An"), ("phường", "Móng Cái 2"),
    ("xã", "Quảng La"), ("xã", "Thống Nhất"), ("xã", "Hải Hòa"), ("xã", "Ba Chẽ"), ("xã", "Bình Liêu"),
    ("xã", "Đầm Hà"), ("xã", "Quảng Hà"), ("xã", "Hải Sơn"), ("xã", "Lương Minh"), ("xã", "Kỳ Thượng"),
)
DEMO_DEPARTMENTS = (
    ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Xây dựng", "SXD"), ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"), ("Sở Y tế", "SYT"), ("Sở Giáo dục và Đào tạo", "SGDDT"),
    ("Sở Tư pháp", "STP"), ("Sở Công Thương", "SCT"), ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Thanh tra tỉnh", "TTR"),
)


PROVINCE_HEADING = "UBND tỉnh Quảng Ninh"
DEPARTMENT_UNITS: tuple[tuple[str, str], ...] = (("VP", "Văn phòng"), ("TTr", "Thanh tra"))
COMMUNE_UNITS: tuple[tuple[str, str], ...] = (("VP", "Văn phòng HĐND và UBND"),)


def _kind_of(agency: Agency, root_id: int) -> str:
    """What part an agency plays in the demo: from its level when the directory records one, else its name."""
    name = folded(agency.name)
    if agency.id == root_id or agency.level is AgencyLevel.PROVINCE:
        return "province"
    if "tiep cong dan" in name:
        return "board"
    if name.startswith("thanh tra"):
        return "inspectorate"
    if agency.level is AgencyLevel.COMMUNE or any(name.startswith(words) for words in _COMMUNE_WORDS):
        return "commune"
    if agency.level is AgencyLevel.DEPARTMENT or name.startswith("so ") or name.startswith("ban "):
        return "department"
    return "office"


def load_agencies(*, minimum: int = MIN_AGENCIES) -> DemoAgencies:
    """The directory's active agencies, completed up to `minimum` with demo departments and communes
    under the root (never renaming or moving an agency an administrator made). Flushes."""
    root = db.session.scalar(
        sa.select(Agency).where(Agency.parent_id.is_(None), Agency.is_active.is_(True)).order_by(Agency.id).limit(1)
    )
    if root is None:
        raise RuntimeError("Run `petitions seed` first: the demo needs the agencies.")
    active = list(db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True)).order_by(Agency.id)))
    # Every name, the ended bodies' too: a commune merged away (the demo's reorganisation) is not made again.
    names = {folded(name) for name in db.session.scalars(sa.select(Agency.name))}
    codes = set(db.session.scalars(sa.select(Agency.code)))
    wanted = minimum - len(active)
    def known(name: str) -> bool:  # "Sở Y tế" is the seeded "Sở Y tế tỉnh Quảng Ninh"
        return any(existing.startswith(folded(name)) for existing in names)

    # (name, code, level, place, abbreviation, heading parent, heading name, drafting units)
    extra = [
        (name, code, AgencyLevel.DEPARTMENT, "", code, PROVINCE_HEADING, name, DEPARTMENT_UNITS)
        for name, code in DEMO_DEPARTMENTS
        if not known(name)
    ]
    extra += [
        (f"Ủy ban nhân dân {kind} {place}", f"X{index:02d}", AgencyLevel.COMMUNE, place, "UBND", "",
         f"Ủy ban nhân dân {kind} {place}", COMMUNE_UNITS)
        for index, (kind, place) in enumerate(DEMO_COMMUNES, 1)
        if not any(folded(f"{kind} {place}") in existing for existing in names)
    ]
    now = utcnow()
    for name, code, level, place, abbreviation, parent_line, heading, units in extra[: max(wanted, 0)]:
        while code in codes:
            code = f"{code}D"
        codes.add(code)
        # Core insert: the demo leaves no history rows. Valid for the whole demo window. Heading, place and
        # abbreviation as Decree 30/2020 prints them (a commune's committee numbers its papers "UBND").
        db.session.execute(
            sa.insert(Agency.__table__).values(
                code=code, name=name, name_folded=folded(name), short_name=None, parent_id=root.id,
                official_name=name, abbreviation=abbreviation, heading_parent=parent_line, heading_name=heading,
                place_name=place, drafting_units=[{"code": c, "name": n} for c, n in units], level=level.name,
                valid_from=None, valid_to=None, successor_id=None, is_active=True, version=1,
                created_at=now, updated_at=now,
            )
        )
    if wanted > 0:
        active = list(db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True)).order_by(Agency.id)))
    every = [DemoAgency(a.id, a.code, a.name, _kind_of(a, root.id)) for a in active]
    top = next(a for a in every if a.id == root.id)
    board = next((a for a in every if a.kind == "board"), top)
    return DemoAgencies(root=top, board=board, all=every)


@dataclass
class CasePlan:
    """A matter as the reception generator made it, for the letters generator: its case row's id, the
    letters' type, the office in charge, the applicant and the visits (rows, oldest first)."""

    id: int
    kind: str  # complaint | petition | denunciation | mixed
    matter: Matter
    agency: DemoAgency
    opened_on: date
    citizen_id: int | None
    respondent: str
    competent: DemoAgency
    identity_ref_id: int | None = None  # a denouncer's vault reference (never a citizen)
    visits: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# The batch and its writer
# ---------------------------------------------------------------------------------------------------------


@dataclass
class DemoRun:
    """What every batch of one run shares."""

    total: int  # the run fills the database up to this many letters
    seed: int
    today: date
    first_day: date
    days: list[date]  # working days of the whole window, ascending
    agencies: DemoAgencies
    cache: dict[str, Any] = field(default_factory=dict)  # generators' per-run lookups (lists, rules)
    # The next id of each table and the last number of each register the run gave, carried from batch to batch:
    # a batch is made without writing (or locking) anything, and the writer claims its ids and numbers.
    next_ids: dict[str, int] = field(default_factory=dict)
    numbers: dict[tuple[Any, int, int], int] = field(default_factory=dict)


@dataclass
class DemoBatch:
    """One batch: its letters, its slice of days, its random source, its rows and the next ids."""

    run: DemoRun
    letters: int  # letters this batch makes
    first_index: int  # the run-wide index of its first letter
    rng: random.Random
    days: list[date]  # the batch's working days (its slice of the window)
    now: datetime
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    made: dict[str, Any] = field(default_factory=dict)  # what a generator leaves for the next
    start_ids: dict[str, int] = field(default_factory=dict)  # each table's first id in this batch
    claims: list[tuple[Any, dict[tuple[int, int], int], dict[tuple[int, int], range]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start_ids = dict(self.run.next_ids)

    @property
    def today(self) -> date:
        return self.run.today

    @property
    def agencies(self) -> DemoAgencies:
        return self.run.agencies

    def day(self) -> date:
        """A working day of the batch's slice."""
        return self.rng.choice(self.days)

    def later_day(self, after: date, low: int, high: int) -> date:
        """A working day `low`–`high` calendar days after `after`, never after today (one that would fall
        later is drawn between `after` and today instead, so that today gets no pile of letters)."""
        target = after + timedelta(days=self.rng.randint(low, high))
        if target > self.run.today:
            target = after + timedelta(days=self.rng.randint(0, max((self.run.today - after).days, 0)))
        index = bisect.bisect_left(self.run.days, target)
        if index < len(self.run.days):
            return self.run.days[index]
        return max(after, self.run.days[-1])

    def new_id(self, table: sa.Table) -> int:
        """The next id of `table` (ids are given here so rows can point at each other before anything is
        written): after the largest in the table at its first row of the run, then on from batch to batch;
        the writer checks that nobody else added rows meanwhile (`claim`)."""
        next_ids, name = self.run.next_ids, table.name
        value = next_ids.get(name)
        if value is None:
            value = self.start_ids[name] = (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
        next_ids[name] = value + 1
        return value

    def reserve(self, kind: Any, counts: dict[tuple[int, int], int]) -> dict[tuple[int, int], range]:
        """Blocks of numbers in several (agency, year) registers of `kind`, as numbering.reserve_blocks gives
        them: each register continues from the run's last number in it (the register's own, read the first
        time). The writer reserves the same blocks when it writes the batch (`claim`)."""
        numbers = self.run.numbers
        blocks: dict[tuple[int, int], range] = {}
        for (agency_id, year), count in counts.items():
            last = numbers.get((kind, agency_id, year))
            if last is None:
                last = last_number(kind, agency_id, year)
            blocks[(agency_id, year)] = range(last + 1, last + 1 + count)
            numbers[(kind, agency_id, year)] = last + count
        self.claims.append((kind, dict(counts), blocks))
        return blocks

    def add(self, table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
        """Queue a row (with every column the table's first row of this batch names)."""
        self.rows[table.name].append(row)  # a defaultdict
        return row


class _EnumNameDumper(psycopg.adapt.Dumper):
    """A value of an Enum column for a binary COPY: a member by its name (the text SQLAlchemy's Enum columns
    hold; a StrEnum would otherwise go as its value), text as it is."""

    format = psycopg.pq.Format.BINARY
    oid = psycopg.postgres.types["varchar"].oid

    def dump(self, obj: Any) -> bytes:
        return (obj._name_ if isinstance(obj, Enum) else obj).encode()


def _copy_types(columns: Sequence[sa.Column[Any]]) -> list[str]:
    """The PostgreSQL type each column's values are dumped as in a binary COPY (the server reads them with the
    column's own type: text for a varchar or a JSON column is the same bytes)."""
    types = []
    for column in columns:
        kind = column.type
        if isinstance(kind, sa.TypeDecorator):
            kind = kind.impl_instance
        if isinstance(kind, sa.Enum):
            types.append("varchar")
        elif isinstance(kind, sa.Boolean):
            types.append("bool")
        elif isinstance(kind, sa.BigInteger):
            types.append("int8")
        elif isinstance(kind, sa.SmallInteger):
            types.append("int2")
        elif isinstance(kind, sa.Integer):
            types.append("int4")
        elif isinstance(kind, sa.DateTime):
            types.append("timestamptz" if kind.timezone else "timestamp")
        elif isinstance(kind, sa.Date):
            types.append("date")
        elif isinstance(kind, (sa.String, sa.JSON)):
            types.append("text")
        else:
            raise TypeError(f"no binary COPY type for {column.table.name}.{column.name} ({column.type!r})")
    return types


class _IsoDays(dict[date, str]):
    """A day's ISO text, remembered: looked up in C (dict.__getitem__) for the days seen before."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


_ISO_DAY_TEXT = _IsoDays()


@contextmanager
def _sqlite_adapters(columns: Sequence[sa.Column[Any]]) -> Iterator[None]:
    """The values' conversions, done by the sqlite3 driver itself while one executemany runs (its adapters
    table, looked up in C per value) with callables that run in C too: no Python loop over each row's values
    and no Python frame per value. Dates and times as the driver's own adapters write them; enums by name
    (as SQLAlchemy stores them). The previous adapters come back after."""
    import sqlite3

    wanted: dict[type, Callable[[Any], Any]] = {
        datetime: operator.methodcaller("isoformat", " "),
        date: _ISO_DAY_TEXT.__getitem__,
    }
    for column in columns:
        kind = column.type
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            wanted[kind.enum_class] = operator.attrgetter("_name_")
        if isinstance(kind, sa.JSON):
            wanted[dict] = wanted[list] = json.dumps
    saved = {}
    for kind_type, adapt in wanted.items():
        key = (kind_type, sqlite3.PrepareProtocol)
        saved[key] = sqlite3.adapters.get(key)
        sqlite3.adapters[key] = adapt
    try:
        yield
    finally:
        for key, previous in saved.items():
            if previous is None:
                del sqlite3.adapters[key]
            else:
                sqlite3.adapters[key] = previous


@dataclass
class TableRows:
    """A table's rows of a batch as the writer takes them: the columns the rows name (in the table's order)
    and a tuple of values per row, JSON already as text (picklable cheaply, for a batch made in another
    process)."""

    columns: list[str]
    values: list[tuple[Any, ...]]


def table_rows(table: sa.Table, rows: list[dict[str, Any]]) -> TableRows:
    """The queued rows (dicts with the same keys, ids included; keys that are no column are left out)."""
    columns = [column for column in table.columns if column.name in rows[0]]
    names = [column.name for column in columns]
    if len(names) == 1:
        values = [(row[names[0]],) for row in rows]
    else:
        values = list(map(operator.itemgetter(*names), rows))
    json_columns = [i for i, column in enumerate(columns) if isinstance(column.type, sa.JSON)]
    if json_columns:
        dumps = json.dumps
        for n, value in enumerate(values):
            out = list(value)
            for i in json_columns:
                item = out[i]
                if item is None or item.__class__ is str:
                    continue
                out[i] = "[]" if item == [] else dumps(item)  # most clocks' lists are empty
            values[n] = tuple(out)
    return TableRows(names, values)


def write_rows(table: sa.Table, rows: list[dict[str, Any]] | TableRows) -> int:
    """Write rows in one statement: COPY on PostgreSQL, executemany on SQLite. Inside the session's
    transaction."""
    prepared = rows if isinstance(rows, TableRows) else table_rows(table, rows) if rows else None
    if prepared is None or not prepared.values:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect.name
    columns = [table.c[name] for name in prepared.columns]
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(column.name) for column in columns)
    raw: Any = connection.connection.dbapi_connection
    if dialect == "postgresql":
        types = _copy_types(columns)
        with raw.cursor() as cursor:
            # Binary COPY (the values dumped in C, no text for the server to parse); enums go by name, as
            # SQLAlchemy stores them, through the dumper of the "varchar" their columns are declared as here.
            cursor.adapters.register_dumper(None, _EnumNameDumper)
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                write_row = copy.write_row
                for value in prepared.values:
                    write_row(value)
        if "id" in table.c:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {quote(table.name)}))"
            )
    else:
        # Index pages of a large table stay in memory across the batch's inserts.
        connection.exec_driver_sql("PRAGMA cache_size = -262144")
        marks = ", ".join("?" for _ in columns)
        cursor = raw.cursor()
        try:
            with _sqlite_adapters(columns):
                cursor.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", prepared.values)
        finally:
            cursor.close()
    return len(prepared.values)


class DemoConflict(RuntimeError):
    """Someone else wrote into the demo's tables or registers while a run was making a batch."""


def claim(batch: DemoBatch, tables: Iterable[str]) -> None:
    """Before a batch is written: its ids follow the largest in each table (PostgreSQL: with the table locked
    until the batch commits, so nobody adds rows in between; SQLite: the batch holds the write lock from its
    BEGIN IMMEDIATE), and the register numbers it gave are the blocks the registers give now."""
    connection = db.session.connection()
    quote = connection.dialect.identifier_preparer.quote
    for name in tables:
        table = db.metadata.tables[name]
        start = batch.start_ids.get(name)
        if start is None:
            continue  # ids that are another table's (the national entries)
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"LOCK TABLE {quote(name)} IN SHARE ROW EXCLUSIVE MODE")
        top = db.session.scalar(sa.select(sa.func.max(table.c.id)))
        if top is not None and top >= start:
            raise DemoConflict(f"Rows were added to {name} while the demo ran; run the command again.")
    for kind, counts, planned in batch.claims:
        if reserve_blocks(kind, counts) != planned:
            raise DemoConflict("Register numbers were given while the demo ran; run the command again.")


def _present(connection: sa.Connection) -> tuple[set[str], set[str], set[str]]:
    """The names of the database's tables, indexes and foreign keys (PostgreSQL: of the current schema)."""
    if connection.dialect.name == "postgresql":
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        indexes = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        keys = ("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                "AND connamespace = current_schema()::regnamespace")
    else:
        tables = "SELECT name FROM sqlite_master WHERE type = 'table'"
        indexes = "SELECT name FROM sqlite_master WHERE type = 'index'"
        keys = ""
    return (
        {name for (name,) in connection.exec_driver_sql(tables)},
        {name for (name,) in connection.exec_driver_sql(indexes)},
        {name for (name,) in connection.exec_driver_sql(keys)} if keys else set(),
    )


def restore_schema() -> int:
    """Create every index (and, on PostgreSQL, foreign key) of the schema that the database lacks, from the
    models (which the migrations match: tests/test_migrations.py): a demo run drops its tables' secondary
    indexes and foreign keys for the load (`defer_schema`) and builds them after its last batch, so a run
    that was stopped between two batches left them out. Returns how many were made."""
    connection = db.session.connection()
    tables, indexes, keys = _present(connection)
    name = connection.dialect.identifier_preparer.format_constraint  # as the database spells it (63 bytes at most)
    made = 0
    # Only on the tables the database has (one behind the models' migrations gets the rest from them).
    existing = [table for table in db.metadata.sorted_tables if table.name in tables]
    if connection.dialect.name == "sqlite":
        # CREATE INDEX sorts with a helper thread on the second core, in a page cache of 256 MB.
        connection.exec_driver_sql("PRAGMA threads = 2")
        connection.exec_driver_sql("PRAGMA cache_size = -262144")
    for table in existing:
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            if name(index) not in indexes:
                index.create(connection)
                made += 1
    if connection.dialect.name == "postgresql":
        for table in existing:
            for key in sorted(table.foreign_key_constraints, key=lambda fk: str(fk.name)):
                if name(key) not in keys and key.referred_table.name in tables:
                    # Validated here in one join over the table, not row by row as the rows came.
                    connection.execute(sa.schema.AddConstraint(key))
                    made += 1
    return made


def defer_schema(tables: Iterable[str]) -> list[str]:
    """For a bulk load into these tables: drop their secondary (non-unique) indexes and, on PostgreSQL, their
    foreign keys, so that each row written is not also sorted into twenty indexes and checked against a
    dozen parents; `restore_schema` builds them again once from the loaded rows (a sort per index, a join
    per key). Unique indexes and primary keys stay: they check the rows as they come. Inside the caller's
    transaction (both databases' DDL is transactional). Returns what was dropped."""
    connection = db.session.connection()
    preparer = connection.dialect.identifier_preparer
    _, indexes, keys = _present(connection)
    dropped = []
    for table_name in tables:
        table = db.metadata.tables.get(table_name)
        if table is None:
            continue
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            name = preparer.format_constraint(index)
            if not index.unique and name in indexes:
                connection.exec_driver_sql(f"DROP INDEX {name}")
                dropped.append(name)
        for key in sorted(table.foreign_key_constraints, key=lambda fk: str(fk.name)):
            name = preparer.format_constraint(key)
            if name in keys:
                connection.exec_driver_sql(f"ALTER TABLE {preparer.format_table(table)} DROP CONSTRAINT {name}")
                dropped.append(name)
    return dropped


def prepared_rows(batch: DemoBatch) -> dict[str, TableRows]:
    """The batch's rows as the writer takes them, table by table in foreign-key order."""
    return {
        table.name: table_rows(table, batch.rows[table.name])
        for table in db.metadata.sorted_tables
        if batch.rows.get(table.name)
    }


def write_batch(batch: DemoBatch, rows: dict[str, TableRows] | None = None) -> dict[str, int]:
    """Claim the batch's ids and numbers, then write its rows table by table in foreign-key order (`rows`:
    prepared already, by the process that made the batch); returns rows written per table."""
    prepared = prepared_rows(batch) if rows is None else rows
    claim(batch, prepared)
    return {name: write_rows(db.metadata.tables[name], table_rows_) for name, table_rows_ in prepared.items()}


# ---------------------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------------------

Generator = Callable[[DemoBatch], int]


@dataclass
class DemoResult:
    existing: int  # letters in the database before the run
    made: dict[str, int]  # what each generator made (its own unit: visits, letters)
    rows: int  # rows written, all tables
    batches: int
    maker_cpu: float | None = None  # CPU seconds of the second process that made the later batches
    # The end of the load, in the command's process (the second one has stopped): (wall, CPU) seconds of the
    # indexes and keys built after the last batch, and of the after_write generators on it (the demo cases).
    end: dict[str, tuple[float, float]] = field(default_factory=dict)


@contextmanager
def _timed(into: dict[str, tuple[float, float]], name: str) -> Iterator[None]:
    """(wall, CPU) seconds of the block, this process's CPU (SQLite's sorter threads included)."""
    wall, cpu = perf_counter(), process_time()
    yield
    into[name] = (perf_counter() - wall, process_time() - cpu)


def window_start(today: date, letters: int, years: float | None = None) -> date:
    """The first day of the demo's window: N / LETTERS_PER_YEAR years back, one year at least and YEARS at
    most (a 1,000-letter demo spreads over one year, not ten, so that its offices have work in hand);
    `years` chooses another span (tests)."""
    if years is None:
        years = min(YEARS, max(1, letters / LETTERS_PER_YEAR))
    if years == YEARS:
        return today.replace(year=today.year - YEARS) + timedelta(days=1)
    return today - timedelta(days=round(years * 365.25)) + timedelta(days=1)


def count_letters() -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(Letter)) or 0)


def _pipelined(processes: int, commit: Callable[[], None] | None) -> bool:
    """Whether the batches after the first can be made in a second process: the run commits each batch on
    the engine's own connections (not a test's session bound to one connection) to a database file or server."""
    bind = db.session.get_bind()
    return (
        processes > 1
        and commit is not None
        and isinstance(bind, sa.Engine)
        and bind.url.database not in (None, "", ":memory:")
    )


@dataclass
class _Made:
    """A batch made in the second process, as it crosses to the writer."""

    start: int
    made: dict[str, int]
    start_ids: dict[str, int]
    claims: list[tuple[Any, dict[tuple[int, int], int], dict[tuple[int, int], range]]]
    now: datetime
    rows: dict[str, TableRows]


def _make_batches(
    generators: Sequence[tuple[str, Generator]], new_batch: Callable[[int, int], DemoBatch],
    bounds: list[tuple[int, int]], sender: Any,
) -> None:
    """The second process: make each batch and send it to the writer (the pipe holds one, so this process is
    one batch ahead at most). It writes nothing: the lookups its generators read on the way (an agency's
    officials, a register's last number) come through a connection of its own, each batch in a read
    transaction of its own (SQLite: a plain BEGIN, so the writer keeps the write lock)."""
    sqlite_immediate.set(False)
    db.engine.dispose(close=False)  # the writer's connections are the writer's
    try:
        for start, end in bounds:
            batch = new_batch(start, end)  # each after the one before: it takes the run's next ids and numbers
            made = {name: generate(batch) for name, generate in generators}
            rows = prepared_rows(batch)
            db.session.rollback()
            data = pickle.dumps(
                _Made(batch.first_index, made, batch.start_ids, batch.claims, batch.now, rows),
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            del batch, rows
            gc.collect()
            sender.send_bytes(data)
    except BaseException:
        sender.send_bytes(pickle.dumps(traceback.format_exc()))
    finally:
        sender.close()


def _made_elsewhere(
    generators: Sequence[tuple[str, Generator]], new_batch: Callable[[int, int], DemoBatch],
    bounds: list[tuple[int, int]], maker_cpu: list[Any],
) -> Iterator[tuple[DemoBatch, _Made]]:
    """The batches made by a second process (forked, so it shares the run's lookups), in order, while this
    one writes: the process is stopped if the writer stops."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    db.engine.dispose()  # no connection of the writer's crosses the fork
    process = context.Process(target=_make_batches, args=(generators, new_batch, bounds, sender), daemon=True)
    process.start()
    sender.close()
    try:
        for start, end in bounds:
            made = pickle.loads(receiver.recv_bytes())
            if isinstance(made, str):
                raise RuntimeError(f"The demo's batch process failed:\n{made}")
            assert made.start == start
            batch = new_batch(start, end)  # this process's copy (its rows are in `made`)
            batch.start_ids, batch.claims, batch.now = made.start_ids, made.claims, made.now
            yield batch, made
        process.join()
        maker_cpu.append(resource.getrusage(resource.RUSAGE_CHILDREN))
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
            process.join()


def run_demo(
    generators: Sequence[tuple[str, Generator]],
    *,
    letters: int,
    seed: int = 2026,
    today: date | None = None,
    batch_size: int = BATCH_LETTERS,
    years: float | None = None,
    commit: Callable[[], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    after_write: Sequence[tuple[str, Generator]] = (),
    processes: int = 1,
) -> DemoResult:
    """Fill the database up to `letters` letters, batch after batch; `commit` is called after each
    batch (the command passes db.session.commit), `progress(done, total)` after each commit.
    `after_write` generators run once the batch's rows are written, before its commit: they may read those
    rows from the database and write through the services (the demo cases).

    `processes=2` (the command's): the batches after the first are made by a second process while this one
    writes the one before (on both cores at once), with the same rows; the first batch, which sets up the
    run's lookups and accounts, is made here. Only where each batch is committed for the other to read
    (`commit`) on the engine's connections; else one process makes and writes each batch in turn."""
    if restore_schema() and commit is not None:
        commit()  # what a stopped run left out, first: whatever this run does, the database has it
    existing = count_letters()
    result = DemoResult(
        existing=existing, made={name: 0 for name, _ in (*generators, *after_write)}, rows=0, batches=0
    )
    if existing >= letters:
        return result
    # A load that at least doubles the letters writes its rows without the secondary indexes (and foreign
    # keys on PostgreSQL) and builds those at the end, before the last batch's after_write generators, which
    # read through them; a smaller addition to a large database keeps them (building them again would cost more).
    defer = letters - existing >= existing
    deferred = False
    today = today or local_today()
    first_day = window_start(today, letters, years)
    run = DemoRun(
        total=letters,
        seed=seed,
        today=today,
        first_day=first_day,
        days=working_days(first_day, today),
        agencies=load_agencies(),
    )
    span = len(run.days)

    def new_batch(start: int, end: int) -> DemoBatch:
        low = span * start // letters
        high = max(span * end // letters, low + 1)
        return DemoBatch(
            run=run,
            letters=end - start,
            first_index=start,
            rng=random.Random(seed * 1_000_003 + start),
            days=run.days[low:high],
            now=utcnow(),
        )

    def write(batch: DemoBatch, rows: dict[str, TableRows] | None = None) -> None:
        nonlocal deferred
        if defer and not deferred:
            deferred = bool(defer_schema(batch.rows if rows is None else rows))
        result.rows += sum(write_batch(batch, rows).values())
        end = batch.first_index + batch.letters
        if deferred and end >= letters:
            with _timed(result.end, "indexes"):
                restore_schema()
        with _timed(result.end, "after_write") if end >= letters else nullcontext():
            for name, generate in after_write:
                result.made[name] += generate(batch)
        result.batches += 1
        if commit is not None:
            commit()
        if progress is not None:
            progress(end, letters)

    # Batches end on multiples of batch_size, so a stopped run resumes on the same boundaries.
    bounds: list[tuple[int, int]] = []
    start = existing
    while start < letters:
        bounds.append((start, min((start // batch_size + 1) * batch_size, letters)))
        start = bounds[-1][1]
    # The batches' millions of small objects would set off the cyclic collector thousands of times, each time
    # walking everything alive (a quarter of the run's time): it is paused (petitions.collector) and runs once per
    # batch instead, after the batch (the batch's few cycles, and in the second process as well).
    with collector_paused():
        first = new_batch(*bounds[0])
        for name, generate in generators:
            result.made[name] += generate(first)
        write(first)
        del first
        gc.collect()
        if _pipelined(processes, commit) and len(bounds) > 1:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            after: list[Any] = []
            for batch, made in _made_elsewhere(generators, new_batch, bounds[1:], after):
                for name, count in made.made.items():
                    result.made[name] += count
                write(batch, made.rows)
                del batch, made
                gc.collect()
            if after:
                result.maker_cpu = sum(getattr(after[0], f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
        else:
            for start, end in bounds[1:]:
                batch = new_batch(start, end)
                for name, generate in generators:
                    result.made[name] += generate(batch)
                write(batch)
                del batch
                gc.collect()
    if db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics for the planner, as autovacuum would gather them soon after such a load: the schema's
        # own tables only. A bare ANALYZE also takes the cluster's shared catalogs (pg_authid, pg_database …) and
        # waits behind any session of any database on the server that holds one of them in an open transaction
        # (a 1,000,000-letter run waited there for minutes behind another database's test).
        connection = db.session.connection()
        quote = connection.dialect.identifier_preparer.quote
        tables = _present(connection)[0]
        names = [quote(table.name) for table in db.metadata.sorted_tables if table.name in tables]
        if names:
            connection.exec_driver_sql(f"ANALYZE {', '.join(names)}")
        if commit is not None:
            commit()
    return result

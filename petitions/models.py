"""Imports every area's models so that the metadata (and Alembic) sees every table."""

from petitions.auth.models import (  # noqa: F401
    ApiToken,
    IdentityClearance,
    LoginAttempt,
    RecoveryCode,
    SecurityEvent,
    User,
    UserSession,
)
from petitions.cases.models import CaseFile, CaseFileStatusEvent, CaseRestriction  # noqa: F401
from petitions.chasing.models import Chase, ChaseRun  # noqa: F401
from petitions.citizens.models import Citizen  # noqa: F401
from petitions.deadlines.models import CalendarDay, CalendarVersion, Clock  # noqa: F401
from petitions.directory.models import (  # noqa: F401
    AdministrativeUnit,
    Agency,
    AgencyOfficial,
    ReferenceItem,
    Reorganisation,
)
from petitions.documents.models import Document  # noqa: F401
from petitions.history import HistoryEntry  # noqa: F401
from petitions.imports.models import ImportedRow, ImportMapping  # noqa: F401
from petitions.jobs.models import Job  # noqa: F401
from petitions.letters.models import (  # noqa: F401
    Letter,
    LetterAttachment,
    LetterPart,
    LetterStatusEvent,
)
from petitions.lookup.models import LookupAttempt, LookupEntry, LookupFile  # noqa: F401
from petitions.mail.models import OutgoingMail  # noqa: F401
from petitions.national.models import CaseNationalEntry, LetterNationalEntry, VisitNationalEntry  # noqa: F401
from petitions.numbering import RegisterCounter  # noqa: F401
from petitions.paperwork.models import Receipt  # noqa: F401
from petitions.reception.models import IntakeDraft, ReceptionSession, Representative, Visit, VisitPerson  # noqa: F401
from petitions.referrals.models import Referral, ReferralEvent  # noqa: F401
from petitions.reports.models import ReportSubmission  # noqa: F401
from petitions.routing.models import RoutingRule  # noqa: F401
from petitions.vault.models import IdentityRef  # noqa: F401

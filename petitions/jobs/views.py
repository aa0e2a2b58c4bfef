"""The jobs page "Công việc của tôi": the user's own background jobs, their state, errors and results."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user

from petitions.auth.permissions import role_required
from petitions.domain.types import Role
from petitions.jobs import queries, services
from petitions.jobs.models import JobStatus
from petitions.paging import keyset_page

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.route("/")
@role_required(*Role)
def index() -> ResponseReturnValue:
    """The user's jobs, newest first; a finished one links its file, a failed one says why."""
    page = keyset_page(
        queries.visible_jobs(current_user), queries.JOBS_ORDER, after=request.args.get("after"), list_key="jobs"
    )
    running = any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in page.rows)
    return render_template("jobs/index.html", page=page, kind_label=services.kind_label, running=running)


@bp.route("/<int:job_id>/download")
@role_required(*Role)
def download(job_id: int) -> ResponseReturnValue:
    """A finished job's file, for the user who started it only (anyone else: 404, as for a missing job)."""
    job = queries.get_job_for(current_user, job_id)
    path = services.result_file(job)
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=job.result_name or path.name, max_age=0)

"""The lookup form: the receipt's code and PIN. A plain WTForms form: the lookup app has no session, so no
CSRF token (the form changes nothing a forged post could abuse: it only answers with what the pair shows)."""

from __future__ import annotations

from wtforms import Form, PasswordField, StringField
from wtforms.validators import InputRequired

from petitions.i18n import lazy_gettext as _l


class LookupForm(Form):
    code = StringField(_l("Mã tra cứu"), validators=[InputRequired(_l("Vui lòng nhập mã tra cứu in trên giấy biên nhận."))])
    pin = PasswordField(_l("Mã PIN"), validators=[InputRequired(_l("Vui lòng nhập mã PIN gồm 6 chữ số."))])

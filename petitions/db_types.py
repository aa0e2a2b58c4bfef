"""Column types shared by the models.

`ScaledDecimal` keeps an exact `Decimal` with a fixed number of decimal places as an integer of its smallest
unit (money in million VND to the thousand VND: scale 3; land in m² to the hundredth: scale 2). SQLite has no
decimal type (SQLAlchemy's Numeric would go through float there and warns), and report sums must be exact on
both databases: SUM over integers is, and the type's result processing scales the sum back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class ScaledDecimal(sa.types.TypeDecorator[Decimal]):
    """A Decimal with `scale` places stored as BIGINT units of 10**-scale; more places are refused."""

    impl = sa.BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        units = amount.scaleb(self.scale)
        if units != units.to_integral_value():
            raise ValueError(f"{amount} has more than {self.scale} decimal places")
        return int(units)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


# Money in million VND (the KQGQ forms' unit) to the thousand VND; land in m² to the hundredth.
MoneyMillions = ScaledDecimal(3)
LandSquareMetres = ScaledDecimal(2)

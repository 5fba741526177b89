"""SQL conditions written out: those the lists build on every request, where the ORM's general
path cost them more than the query (issue 21)."""

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F


class ColumnCondition(Expression):
    """A condition on one column of the row (``ref``, the pk unless named), written out by the
    subclass's ``as_sql`` from ``compiler.compile(self.ref)``: what ``filter()`` takes as a
    condition, as a Q would be."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, ref: str = "pk"):
        super().__init__()
        self.ref = F(ref)

    def get_source_expressions(self):
        return [self.ref]

    def set_source_expressions(self, exprs):
        (self.ref,) = exprs


class IntegersIn(ColumnCondition):
    """``<ref> IN (values)`` for a list of integers, ``ref`` the pk unless named: the ids a list
    reads by id (up to 1,000 of them), the filter-bit values meeting its filters (a hundred or
    more), written out. ``filter(pk__in=ids)`` prepared each value through the field, its
    related-field normalisation and the lookup's parameter resolution, ~1.7 us per value in
    building the filter and again in compiling each query of the list (its rows, its capped
    count): 1-3 ms for a list of 700 rare parks (issue 21). Every value is an int, a parameter
    of the query; none: the query matches nothing, as ``pk__in=[]``."""

    def __init__(self, values, ref: str = "pk"):
        super().__init__(ref)
        self.values = [int(v) for v in values]

    def as_sql(self, compiler, connection):
        if not self.values:
            raise EmptyResultSet
        ref, ref_params = compiler.compile(self.ref)
        return f"{ref} IN ({', '.join(['%s'] * len(self.values))})", [*ref_params, *self.values]

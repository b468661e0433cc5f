"""Signals of the attendance records. ``day_closed`` is sent (with ``day``, the stored
AttendanceDay) the first time a duty day is stored closed, inside the transaction that closed it;
receivers that talk to the outside do so on commit."""

from django.dispatch import Signal

day_closed = Signal()

from __future__ import annotations

from django import forms

from accounts.forms import MyKadField


class FindForm(forms.Form):
    mykad = MyKadField()

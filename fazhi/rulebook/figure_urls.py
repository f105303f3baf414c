"""The records behind the rule book's figures at /rules/figures/<key>/ (the dashboard's drill-down leads here)."""

from django.urls import URLPattern, path

from fazhi.rulebook import figure_views

urlpatterns: list[URLPattern] = [path("figures/<slug:key>/", figure_views.figure_records, name="figure_records")]

"""The rule book's search page at /rules/search/."""

from django.urls import URLPattern, path

from fazhi.rulebook import search_views

urlpatterns: list[URLPattern] = [path("search/", search_views.search_page, name="search")]

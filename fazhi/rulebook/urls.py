"""The rule book's pages at /rules/: the registry, the search, the cleanup campaigns, the records behind its figures."""

from fazhi.rulebook import campaign_urls, figure_urls, registry_urls, search_urls

app_name = "rulebook"

urlpatterns = [
    *registry_urls.urlpatterns,
    *search_urls.urlpatterns,
    *campaign_urls.urlpatterns,
    *figure_urls.urlpatterns,
]

"""The rule book's pages at /rules/: the registry, the search, the cleanup campaigns."""

from fazhi.rulebook import campaign_urls, registry_urls, search_urls

app_name = "rulebook"

urlpatterns = [*registry_urls.urlpatterns, *search_urls.urlpatterns, *campaign_urls.urlpatterns]

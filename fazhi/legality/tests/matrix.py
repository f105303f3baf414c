"""The legality line's routes and its personas (the city section's reviewer and head) in the permission matrix.

In the matrix the kernel's clerks hold every line in their county bureaus (a bureau reviews its government's
documents itself), so they read and register reviews; the city's leader reads them and registers nothing.
"""

from django.urls import reverse

from fazhi.tests.matrix import INTAKE, READ, Persona, Route, api, empty_form

# on the kernel's routes the section's staff are like the other county's clerk: the matrix case is out of reach
PERSONAS = (
    Persona("legality_clerk", lambda people: people["legality_clerk"], like="kundulun_clerk"),
    Persona("legality_head", lambda people: people["legality_head"], like="kundulun_clerk"),
)

_OWN = {"legality_clerk": 200, "legality_head": 200}
_READ = {**READ, **_OWN}
_INTAKE = {**INTAKE, **_OWN}


def _url(name: str):
    return lambda c: reverse(name)


ROUTES = {
    "legality:review_list": Route("get", _url("legality:review_list"), _READ),
    "legality:intake": Route("get", _url("legality:intake"), _INTAKE),
    "legality:periods": Route("get", _url("legality:periods"), _READ),
    "legality-reviews": Route("post", _url("legality-reviews"), api(empty_form(_INTAKE))),
}

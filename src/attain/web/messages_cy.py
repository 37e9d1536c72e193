"""Welsh (Cymraeg) texts of the web app's messages, by the keys of attain.web.messages.

The navigation, headings, buttons and common messages are translated; a key missing here
is shown in English. Wording follows the Welsh of GOV.UK and Welsh Government services
(e.g. Mewngofnodi = sign in, Allgofnodi = sign out, Ysgolion = schools); have a Welsh
speaker in the LA check any change. `{name}` placeholders must match the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

WELSH_MESSAGES: Mapping[str, str] = MappingProxyType({
    # the header and navigation
    "nav.overview": "Trosolwg o'r awdurdod lleol",
    "nav.schools": "Ysgolion",
    "nav.measures": "Mesurau",
    "nav.users": "Defnyddwyr",
    "nav.sign_out": "Allgofnodi",
    "nav.sign_in": "Mewngofnodi",
    "nav.plans": "Cynlluniau",
    "nav.reports": "Adroddiadau",
    "nav.risk": "Categorïau risg",
    "nav.review": "Cylch adolygu",
    "nav.data": "Data",
    "nav.menu": "Dewislen",
    "language.label": "Iaith",
    "skip_link": "Neidio i'r prif gynnwys",
    "footer.about": "attain: meddalwedd gwella ysgolion cod agored. Mae niferoedd bach o "
                    "ddisgyblion wedi'u hatal ym mhob tabl.",
    # signing in and out
    "sign_in.title": "Mewngofnodi",
    "sign_in.email": "Cyfeiriad e-bost",
    "sign_in.password": "Cyfrinair",
    "sign_in.button": "Mewngofnodi",
    "sign_in.failed": "Rhowch gyfeiriad e-bost a chyfrinair cywir",
    "sign_in.throttled": "Gormod o ymdrechion i fewngofnodi. Arhoswch {minutes} munud a "
                         "rhowch gynnig arall arni",
    "sign_in.needed": "Mewngofnodwch i weld y dudalen hon",
    "sign_out.done": "Rydych wedi allgofnodi",
    # headings and buttons of the pages
    "overview.title": "{la_name}: canlyniadau o gymharu â'r ffigur cenedlaethol",
    "overview.none": "Nid oes canlyniadau ar gyfer yr awdurdod lleol hwn eto. Gofynnwch "
                     "i'ch rheolwr data redeg `attain compute`.",
    "schools.title": "Ysgolion",
    "schools.search": "Enw'r ysgol neu URN",
    "schools.phase": "Cyfnod",
    "schools.any_phase": "Unrhyw gyfnod",
    "schools.filter": "Defnyddio hidlyddion",
    "schools.none": "Nid oes ysgolion yn cyfateb",
    "school.results": "Canlyniadau ar gyfer {year_text}",
    "school.none": "Nid oes canlyniadau ar gyfer yr ysgol hon eto.",
    "school.by_group": "{measure} yn ôl grŵp disgyblion",
    "measures.title": "Mesurau",
    "measure.schools": "Ysgolion",
    "measure.download": "Lawrlwytho fel CSV",
    "table.suppressed": "c = wedi'i atal i ddiogelu niferoedd bach o ddisgyblion",
    "users.title": "Defnyddwyr",
    "users.add": "Ychwanegu defnyddiwr",
    "users.added": "Ychwanegwyd y defnyddiwr {email}",
    "plans.title": "Cynlluniau gweithredu",
    "reports.title": "Adroddiadau",
    "reports.download": "Lawrlwytho",
    # errors
    "error.bad_request": "Mae problem gyda'ch cais",
    "error.csrf": "Mae'r ffurflen hon wedi dod i ben. Ewch yn ôl, ail-lwythwch y dudalen a "
                  "rhowch gynnig arall arni",
    "error.forbidden": "Nid oes gennych ganiatâd i weld y dudalen hon",
    "error.not_found": "Tudalen heb ei chanfod",
    "error.not_found_hint": "Os teipioch chi'r cyfeiriad gwe, gwiriwch ei fod yn gywir.",
    "error.internal": "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth",
    "error.internal_hint": "Rhowch gynnig arall arni yn nes ymlaen. Os bydd yn digwydd eto, "
                           "rhowch y cyfeirnod hwn i'ch rheolwr data: {reference}",
})

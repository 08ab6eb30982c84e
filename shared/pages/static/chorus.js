// Progressive enhancement only: every page works without this file.
// Loaded as a module, so browsers too old for NHS.UK frontend's JavaScript never run it.
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

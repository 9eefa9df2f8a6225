"""Communication views: administrative questions (:mod:`.questions`), call-back requests (:mod:`.callback_requests`),
the contact person's term meetings (:mod:`.meetings`), and the official's notifications, e-mail, absence and contact
directory (:mod:`.contacts`). ``samverkan.messaging.urls`` maps each page to its view.

Thin function views: every query is scoped to ``request.organisation`` through the selectors,
every write is a service; another organisation's question gives 404.
"""

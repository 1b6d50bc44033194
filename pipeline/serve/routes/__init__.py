"""The review app's routes, one ``APIRouter`` per area: auth, pages, review (adjudication, agreement, export), API."""

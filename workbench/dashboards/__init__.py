"""The Voila dashboards: access control, the manager's and the inspector's pages, serving.

- `access`: who is looking (`viewer`), which homes an inspector may open (`may_open`), refusals.
- `request`: the address's query string in a Voila kernel (`requested_urn`), preheat-aware.
- `manager_data`: the manager's tables as DataFrames (latest judgements, due/overdue, services
  of concern, the QA queue with publication deadlines).
- `manager` / `inspector`: the two dashboards assembled from widgets and escaped HTML fragments.
- `serving`: the Voila configuration `workbench serve` generates.
"""

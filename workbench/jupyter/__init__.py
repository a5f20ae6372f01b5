"""Running our notebooks (papermill, IPC kernels) and exporting them with our nbconvert template.

Below every feature layer: reports, visit plans, batch and the dashboards all execute and render
through here.
"""

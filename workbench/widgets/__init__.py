"""Judgement widgets (ipywidgets 8) for JupyterLab and Voila: every change saved as it is made.

`InspectionEditor(db, inspection_id, user)` builds the whole form; see `workbench.widgets.editor`
for the controls it exposes and their CSS classes. `open_editor(...)` is what the notebook calls.
"""

from workbench.widgets.editor import InspectionEditor, plain_summary
from workbench.widgets.notebook import open_editor, show_editor
from workbench.widgets.saver import Saver

__all__ = ["InspectionEditor", "Saver", "open_editor", "plain_summary", "show_editor"]

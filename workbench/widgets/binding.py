"""One control bound to one stored field: saved on every change, refused changes put back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.errors import UserError
from workbench.judgements import Loaded, Saved, SaveRefused, StaleEdit, is_transient, save_field
from workbench.judgements.fields import describe

if TYPE_CHECKING:  # pragma: no cover
    from workbench.widgets.editor import InspectionEditor


def _same(value: Any) -> Any:
    return value


def blank_to_none(value: Any) -> Any:
    """Widgets use "" for "nothing chosen"; the store uses None."""
    return None if value == "" else value


def none_to_blank(value: Any) -> Any:
    """The store's None shown as "" in a text box or an unselected dropdown."""
    return "" if value is None else value


class FieldBinding:
    """Keeps `widget` and the stored field (kind, key, field) in step.

    Holds the version and value last loaded or saved (`base`); a change the user makes is
    saved through the editor's `Saver` (retried if the store is unavailable). A refused
    change (someone else's newer value, a framework cap, invalid input) puts the control
    back to what is stored and says why in the editor's status.
    """

    def __init__(
        self,
        editor: InspectionEditor,
        widget: w.ValueWidget,
        kind: str,
        key: Any,
        field: str,
        base: Loaded,
        to_store: Callable[[Any], Any] = _same,
        to_widget: Callable[[Any], Any] = _same,
        after: Callable[[FieldBinding], None] | None = None,
    ) -> None:
        self.editor = editor
        self.widget = widget
        self.kind, self.key, self.field = kind, key, field
        self.base = base
        self.to_store, self.to_widget = to_store, to_widget
        self.after = after
        self.what = describe(kind, key, field)
        self._quiet: int | None = None  # the thread putting a stored value in (its change is not a user's)
        self.show(base.value)
        widget.observe(self._changed, names="value")

    @property
    def ident(self) -> tuple[str, str, str]:
        """A key naming the field (used to coalesce waiting saves)."""
        return (self.kind, repr(self.key), self.field)

    def show(self, stored: Any) -> None:
        """Put a stored value in the control without saving it again."""
        self._quiet = threading.get_ident()
        try:
            self.widget.value = self.to_widget(stored)
        finally:
            self._quiet = None

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._quiet == threading.get_ident():
            return
        # Written ahead: until the store has it, the change also lives in the local spool.
        self.editor.spool.put(self.kind, self.key, self.field, self.to_store(self.widget.value),
                              self.base.version, self.base.value)
        self.editor.saver.run(self.ident, self.what, self.save_now)

    def save_now(self) -> None:
        """Save the control's current value (raises the store's error if it is unavailable)."""
        value = self.to_store(self.widget.value)
        self.save_value(value)

    def save_value(self, value: Any) -> None:
        """Save `value`; on success or refusal its spool entry is dropped (kept while the store is unavailable)."""
        spool = self.editor.spool
        try:
            saved: Saved = save_field(self.editor.db, self.editor.inspection_id, self.kind, self.key, self.field,
                                      value, self.base, self.editor.user)
        except Exception as error:
            if is_transient(error):
                raise  # still in the spool; the saver retries
            if not isinstance(error, UserError):
                raise  # unexpected: what was typed stays in the spool (never lost); the saver reports it
            spool.drop(self.kind, self.key, self.field)
            self._refused(error)
        else:
            spool.drop(self.kind, self.key, self.field)
            self.base = Loaded(saved.version, saved.value)
            self.show(saved.value)
            if saved.changed:
                self.editor.report("saved", f"Saved {self.what}.")
        if self.after is not None:
            self.after(self)

    def _refused(self, error: Exception) -> None:
        """Put the control back to what is stored and say why the save was refused."""
        if isinstance(error, StaleEdit):
            self.base = Loaded(error.version, error.theirs)
            self.show(error.theirs)
            self.editor.report("refused", str(error))
        elif isinstance(error, UserError):
            self.show(self.base.value)
            self.editor.report("refused", str(error) if isinstance(error, SaveRefused) else f"Not saved: {error}")
        else:
            raise error

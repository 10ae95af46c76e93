"""A list whose items span several rows, with a cursor that moves item by item (skipping
items that cannot be selected, such as section headings)."""

from bisect import bisect_right

from textual.geometry import Region

from tui.reader.widgets.virtual_list import RowRenderer, VirtualList


class ItemList(VirtualList):
    """A virtual list whose cursor moves between items that span several rows."""

    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"item-list--bar"}

    def __init__(self, renderer: RowRenderer, *, empty: str = "Nothing here.", id: str | None = None) -> None:
        super().__init__(renderer, row_height=1, empty=empty, id=id)
        self.starts: list[int] = []
        self.selectable: list[bool] = []

    def set_items(self, sizes: list[int], selectable: list[bool], *, item: int = 0, empty: str | None = None) -> None:
        """Items of ``sizes`` rows each; the cursor on item ``item`` (or the next selectable)."""
        self.starts = []
        total = 0
        for size in sizes:
            self.starts.append(total)
            total += size
        self.selectable = selectable
        if not any(selectable):
            total = 0
        target = self._selectable_from(item, 1)
        if target is None:
            target = self._selectable_from(item, -1)
        self.reset(total, cursor=self.starts[target] if target is not None else 0, empty=empty)

    def item_at(self, row: int) -> int:
        """The item a row belongs to."""
        return max(0, bisect_right(self.starts, row) - 1)

    @property
    def item(self) -> int | None:
        """The item under the cursor (None when nothing can be selected)."""
        if not self.count or not self.starts:
            return None
        index = self.item_at(self.cursor)
        return index if self.selectable[index] else None

    def _selectable_from(self, index: int, step: int) -> int | None:
        while 0 <= index < len(self.selectable):
            if self.selectable[index]:
                return index
            index += step
        return None

    def _item_rows(self, index: int) -> tuple[int, int]:
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.count
        return start, end

    def move_to_item(self, index: int, step: int = 1) -> None:
        """Put the cursor on an item (the next selectable one in the direction ``step``)."""
        if not self.count:
            return
        index = max(0, min(index, len(self.starts) - 1))
        target = self._selectable_from(index, step)
        if target is None:
            target = self._selectable_from(index, -step)
        if target is not None and self.starts[target] != self.cursor:
            self.cursor = self.starts[target]

    def action_cursor_up(self) -> None:
        current = self.item_at(self.cursor)
        if self._selectable_from(current - 1, -1) is not None:
            self.move_to_item(current - 1, -1)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        current = self.item_at(self.cursor)
        if self._selectable_from(current + 1, 1) is not None:
            self.move_to_item(current + 1, 1)

    def action_first(self) -> None:
        self.move_to_item(0, 1)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.move_to_item(len(self.starts) - 1, -1)

    def action_page_up(self) -> None:
        if self.count:
            self.move_to_item(self.item_at(max(0, self.cursor - self._page())), -1)

    def action_page_down(self) -> None:
        if self.count:
            self.move_to_item(self.item_at(min(self.count - 1, self.cursor + self._page())), 1)

    def watch_cursor(self, old: int, new: int) -> None:
        # The whole item is marked, so every row of the old and new item is drawn again.
        self._cache.clear()
        self.refresh()
        self._scroll_cursor_into_view()
        if self.count:
            self.post_message(self.Highlighted(self, new))

    def _scroll_cursor_into_view(self) -> None:
        if not self.count or not self.starts:
            return
        start, end = self._item_rows(self.item_at(self.cursor))
        height = max(1, self.scrollable_content_region.height)
        region = Region(0, start, 1, max(1, min(end - start, height)))
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def click_row(self, row: int, chain: int) -> None:
        """A click on any line of an item: on its first row, and nothing on a heading."""
        index = self.item_at(row)
        if self.selectable[index]:
            super().click_row(self.starts[index], chain)

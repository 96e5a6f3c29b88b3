"""A light element tree of an HTML page, read by :mod:`quotearchive.clean`.

Beautiful Soup spent about 3.5 ms building the tree of a 5 kB page (two thirds
of the time an HTML article took to clean and extract), most of it on what the
cleaner never reads: sibling and next-element links, line numbers, string
classes. This tree is built from the very same parser events, through bs4's
own ``BeautifulSoupHTMLParser`` (so character references, entities, void
elements and repeated attributes come out exactly as bs4 reads them), and is
shaped as bs4's "html.parser" tree is:

* an end tag closes the most recent open element of its name and every element
  opened inside it; an end tag with no open element of its name is ignored;
* text is cut into strings wherever a tag, comment or declaration stands;
* each string keeps the bs4 class it would have had (``NavigableString``,
  ``CData``, ``Comment``, ``Doctype``, or ``Script``/``TemplateString``/... inside
  the elements bs4 gives their own string class), since the cleaner reads
  some of them only;
* ``class`` (on every element) and ``rel`` (on links) are lists of words.

Left out: bs4 turns a string of ASCII spaces alone into one space or line
break; every reader here collapses or strips whitespace anyway.
"""
from __future__ import annotations

import functools
from collections.abc import Collection, Iterator
from html.entities import html5

from bs4 import BeautifulSoup
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser
from bs4.element import NavigableString

# bs4's own settings for html.parser, so the two trees agree on them.
_BS4_BUILDER = HTMLParserTreeBuilder(store_line_numbers=False)
VOID_ELEMENTS = frozenset(_BS4_BUILDER.empty_element_tags)
# rt, rp, script, style, template: the strings inside get a class of their own.
STRING_CLASSES = dict(_BS4_BUILDER.string_containers)
# Attributes bs4 splits into a list of words: "class" on every element, "rel" on these.
_REL_LIST_ELEMENTS = frozenset({"a", "link", "area"})


class Text:
    """A string of the page: its text, and the bs4 class it would be (``kind``)."""

    __slots__ = ("text", "kind", "parent")

    def __init__(self, text: str, kind: type, parent: "Element") -> None:
        self.text = text
        self.kind = kind
        self.parent = parent

    @property
    def parents(self) -> Iterator["Element"]:
        return _parents(self)


class Element:
    """An element of the page, with what the cleaner asks of a bs4 ``Tag``."""

    __slots__ = ("name", "attrs", "children", "parent", "decomposed")

    def __init__(self, name: str, attrs: dict, parent: "Element | None") -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[Element | Text] = []
        self.parent = parent
        self.decomposed = False

    @property
    def is_empty_element(self) -> bool:
        # Asked by the parser right after the start tag: a void element is closed at once.
        return not self.children and self.name in VOID_ELEMENTS

    def get(self, key: str, default=None):
        return self.attrs.get(key, default)

    def __getitem__(self, key: str):
        return self.attrs[key]

    @property
    def parents(self) -> Iterator["Element"]:
        return _parents(self)

    def descendants(self) -> Iterator["Element | Text"]:
        """Every element and string inside, in document order."""
        stack = [iter(self.children)]
        while stack:
            for node in stack[-1]:
                yield node
                if node.__class__ is Element and node.children:
                    stack.append(iter(node.children))
                    break
            else:
                stack.pop()

    def find_all(self, names: str | Collection[str] | None = None) -> list["Element"]:
        """The elements inside named ``names`` (a name or several; all with None), in document order."""
        if isinstance(names, str):
            names = (names,)
        return [node for node in self.descendants() if node.__class__ is Element
                and (names is None or node.name in names)]

    def find(self, names: str | Collection[str]) -> "Element | None":
        """The first element inside named ``names`` (a name or several)."""
        if isinstance(names, str):
            names = (names,)
        return next((node for node in self.descendants()
                     if node.__class__ is Element and node.name in names), None)

    def strings(self) -> Iterator[Text]:
        return (node for node in self.descendants() if node.__class__ is Text)

    def decompose(self) -> None:
        """Take the element out of the tree; it and everything inside count as decomposed."""
        siblings = self.parent.children
        del siblings[next(i for i, node in enumerate(siblings) if node is self)]
        self.parent = None
        self.decomposed = True
        for node in self.descendants():
            if node.__class__ is Element:
                node.decomposed = True


def _parents(node: Element | Text) -> Iterator[Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class _TreeBuilder:
    """Takes the calls ``BeautifulSoupHTMLParser`` makes on its soup and builds an ``Element`` tree."""

    def __init__(self) -> None:
        self.builder = _BS4_BUILDER  # the parser reads its attribute settings from here
        self.contains_replacement_characters = False
        self.root = Element("[document]", {}, None)
        self.open = [self.root]
        self.open_names: dict[str, int] = {}  # name -> elements of that name open
        self.string_class_elements: list[Element] = []  # open rt, rp, script, style, template
        self.data: list[str] = []

    def handle_starttag(self, name, namespace, nsprefix, attrs, sourceline=None, sourcepos=None,
                        namespaces=None) -> Element:
        if self.data:  # (tested here: most tags follow another tag, with no text to end)
            self.endData()
        # bs4 splits these on whitespace too.
        classes = attrs.get("class")
        if classes is not None:
            attrs["class"] = classes.split()
        if name in _REL_LIST_ELEMENTS:
            rel = attrs.get("rel")
            if rel is not None:
                attrs["rel"] = rel.split()
        parent = self.open[-1]
        element = Element(name, attrs, parent)
        parent.children.append(element)
        self.open.append(element)
        self.open_names[name] = self.open_names.get(name, 0) + 1
        if name in STRING_CLASSES:
            self.string_class_elements.append(element)
        return element

    def handle_endtag(self, name, nsprefix=None) -> None:
        if self.data:
            self.endData()
        if not self.open_names.get(name):
            return  # nothing of that name is open: bs4 ignores the end tag
        while True:
            element = self.open.pop()
            self.open_names[element.name] -= 1
            if self.string_class_elements and self.string_class_elements[-1] is element:
                self.string_class_elements.pop()
            if element.name == name:
                return

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def endData(self, containerClass: type | None = None) -> None:  # noqa: N802, N803 (bs4's names)
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        kind = containerClass or NavigableString
        if kind is NavigableString and self.string_class_elements:
            kind = STRING_CLASSES[self.string_class_elements[-1].name]
        parent = self.open[-1]
        parent.children.append(Text(text, kind, parent))


@functools.cache
def entity_characters() -> dict[str, str]:
    """Map each HTML5 entity name, without its ";", to its characters, as bs4 maps them.

    bs4 reads a name in its ``EntitySubstitution.HTML_ENTITY_TO_CHARACTER``, but
    the first look at that builds, with it, the tables and two large patterns bs4
    writes entities back with (some 130 million instructions, about 0.1 s, once in
    every process that meets an entity); the cleaner only ever reads. The first name
    wins where two differ only by the ";" ("amp;" and "amp"), in sorted order.
    """
    characters: dict[str, str] = {}
    for name, text in sorted(html5.items()):
        characters.setdefault(name.removesuffix(";"), text)
    return characters


class _PageParser(BeautifulSoupHTMLParser):
    """bs4's html.parser reader, less the work whose result the tree never keeps."""

    def handle_entityref(self, name: str) -> None:
        # As bs4 reads "&name;": its characters, or the text as written if no entity has that name.
        text = entity_characters().get(name)
        self.handle_data(text if text is not None else f"&{name}")

    def updatepos(self, i: int, j: int) -> int:
        # The line and column of each tag: bs4 keeps none (store_line_numbers is off), so none are counted.
        return j


def parse(html: str) -> Element:
    """Parse a page into its document element (the root, as a ``BeautifulSoup`` object is)."""
    tree = _TreeBuilder()
    try:
        parser = _PageParser(tree, convert_charrefs=False)  # bs4 4.13 on: the soup comes first
    except TypeError:  # bs4 4.12 sets it afterwards
        parser = _PageParser(convert_charrefs=False)
        parser.soup = tree
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # html.parser gave up on the markup: let bs4 raise what it raises for it.
        BeautifulSoup(html, "html.parser")
        raise
    tree.endData()
    return tree.root

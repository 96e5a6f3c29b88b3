"""The light page tree is shaped as bs4's "html.parser" tree, on tidy pages and on tag soup."""
from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup, Tag

from quotearchive import pagetree


def bs4_shape(node) -> tuple:
    """Name, attributes and children of a bs4 tree, as nested tuples."""
    children = []
    for child in node.children:
        if isinstance(child, Tag):
            children.append(bs4_shape(child))
        else:
            children.append((_text(str(child)), type(child).__name__))
    attrs = {} if node.name == "[document]" else dict(node.attrs)
    return node.name, sorted(attrs.items()), children


def light_shape(node: pagetree.Element) -> tuple:
    children = [light_shape(child) if isinstance(child, pagetree.Element) else (_text(child.text), child.kind.__name__)
                for child in node.children]
    return node.name, sorted(node.attrs.items()), children


def _text(text: str) -> str:
    # bs4 turns a string of spaces alone into one space or line break (pagetree's docstring).
    return text if text.strip(" \n\t\f\r") else "<spaces>"


SNIPPETS = [
    "<p>", "</p>", "<div class='related  story'>", "</div>", "<template>", "</template>", "<ruby>a<rt>x</rt></ruby>",
    "<rp>(</rp>", "<![CDATA[ cdata ]]>", "&amp;", "&nbsp;", "&#151;", "&#x2014;", "&bogus", "&#xZZ;", "<br>", "<br/>",
    "</br>", "<p/>", "<pre>  a\n b </pre>", "<nav>", "</nav>", "<li>", "</li>", "<h1>Head</h1>", "<article>",
    "</article>", "<body>", "<title>T | X</title>", "<meta property='og:site_name' content='Site'>",
    "<link rel='x-canonical stylesheet' href='u1'>", "<time datetime='2024-03-03'>", "<img src=x>", "</img>",
    "<?php echo 1 ?>", "<!DOCTYPE html>", "<!-- c -->", "<script>x<p>y</script>", "<style>p{}</style>",
    "<textarea> t </textarea>", "<table><tr><td>a</td></tr></table>", '"Quoted words," she said. ', " \n\t ",
    "<p id=x class=y class=z>", "<b>", "</b>", "<", ">", "</", "<div", 'x="y">', "word ", "Two words. ",
    "<A HREF='/x' REL='Canonical'>", "</A>",
]


@pytest.mark.parametrize("html", [
    "<html><head><title>A</title></head><body><article><p>One <b>two</b></p><p>Three</article></body></html>",
    "<div><p>open<div>inner</p>after</div>",  # an end tag closes everything opened inside it
    "</span><p>stray end tags are ignored</em></p>",
    "<p>a<br>b<br/>c</br>d<img src=x>e</img>f</p>",
    "<template><p>tucked away</p></template><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>",
    "<p>&amp; &nbsp; &#151; &#x2014; &bogus; &#xZZ;</p><![CDATA[data]]><!-- note --><?pi x?>",
    "<p class='a  b\tc' class='d'>repeated attributes: the last wins</p>",
])
def test_the_tree_is_shaped_as_bs4_shapes_it(html):
    assert light_shape(pagetree.parse(html)) == bs4_shape(BeautifulSoup(html, "html.parser"))


def test_random_tag_soup_is_shaped_as_bs4_shapes_it():
    rnd = random.Random(20261123)
    for _ in range(400):
        html = "".join(rnd.choice(SNIPPETS) for _ in range(rnd.randint(1, 40)))
        assert light_shape(pagetree.parse(html)) == bs4_shape(BeautifulSoup(html, "html.parser")), html


def test_decompose_takes_the_element_and_all_inside_it_out():
    document = pagetree.parse("<div><nav><ul><li>a</li></ul></nav><p>kept</p></div>")
    nav = document.find("nav")
    items = nav.find_all("li")
    nav.decompose()
    assert nav.decomposed and all(item.decomposed for item in items)
    assert [element.name for element in document.find_all()] == ["div", "p"]


def test_entity_names_read_as_bs4_reads_them():
    from bs4.dammit import EntitySubstitution
    assert pagetree.entity_characters() == EntitySubstitution.HTML_ENTITY_TO_CHARACTER

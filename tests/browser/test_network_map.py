"""The network map in a real browser, for a member of the demo community: the legend
and its clusters, a node's card with the mutual connections, search, filters, the
shareable view without names, PNG export, and a phone's width. Screenshots are saved
in test-artifacts/browser/ for people to look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from rapport.demo.plan import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def map_data(page) -> dict:
    return json.loads(page.locator("#map-data").text_content())


def test_a_demo_member_sees_their_clusters_a_card_and_search(page, shot):
    call_command("demo", members=300, seed=7)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "ada@rapport.example")

    page.goto("/in/ada/")
    page.get_by_test_id("network-map-link").click()
    expect(page.get_by_role("heading", name="Your network map")).to_be_visible()
    expect(page.locator("#network-map[data-ready='1']")).to_have_count(1)
    data = map_data(page)
    named = [c for c in data["clusters"] if c["automatic"]]
    assert len(named) >= 3, data["clusters"]
    expect(page.get_by_test_id("legend-item")).to_have_count(len(data["clusters"]))
    expect(page.get_by_test_id("legend")).to_contain_text(named[0]["automatic"].split(" · ")[1])
    expect(page.locator("#legend-title")).to_contain_text(f"({len(data['clusters'])})")
    # each cluster's name is drawn on the map too (the others' grey group has none)
    on_map = page.locator(".map-cluster-label")
    expect(on_map).to_have_count(sum(1 for c in data["clusters"] if c["key"] != 0))
    expect(on_map.first).to_have_text(data["clusters"][0]["label"])
    shot("60-network-map-1280")

    # Click the best-linked person where sigma drew them.
    best = max(range(len(data["nodes"])), key=lambda i: data["nodes"][i]["degree"])
    person = data["nodes"][best]
    canvas = page.get_by_test_id("map-canvas")
    canvas.scroll_into_view_if_needed()
    at = page.evaluate(
        "i => window.RapportMap.renderer.graphToViewport("
        "window.RapportMap.graph.getNodeAttributes(String(i)))",
        best,
    )
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    card = page.get_by_test_id("node-card")
    expect(card).to_be_visible()
    expect(card.locator("#card-name")).to_have_text(person["name"])
    expect(card.get_by_test_id("card-mutuals")).to_contain_text(
        f"{person['degree']} mutual connection"
    )
    expect(card.get_by_role("link", name="Profile")).to_have_attribute(
        "href", f"/in/{person['handle']}/"
    )
    shot("61-network-map-card")

    # Search another person: the card follows.
    other = next(n for n in data["nodes"] if n["handle"] != person["handle"] and n["degree"])
    page.get_by_label("Find a person", exact=True).fill(other["name"])
    page.get_by_role("button", name="Find").click()
    expect(card.locator("#card-name")).to_have_text(other["name"])
    page.wait_for_timeout(600)  # the camera's move
    shot("62-network-map-search")

    # The A/B network, company and "haven't talked in a year" filters show exactly the
    # people the map's data says they should, and clearing them shows everyone again.
    def shown_is(count: int) -> None:
        page.wait_for_function(
            "n => { const m = window.RapportMap; return m.graph.nodes().filter("
            "k => !m.renderer.getNodeDisplayData(k).hidden).length === n; }",
            arg=count,
        )

    people = data["nodes"]
    in_a = sum(1 for n in people if n["network"] == "a")
    assert 0 < in_a < len(people)
    page.get_by_label("Network", exact=True).select_option("a")
    shown_is(in_a)
    page.get_by_label("Network", exact=True).select_option("")
    company = max(
        {c for n in people for c in n["companies"]},
        key=lambda c: sum(c in n["companies"] for n in people),
    )
    page.get_by_label("Company", exact=True).select_option(company)
    shown_is(sum(1 for n in people if company in n["companies"]))
    page.get_by_label("Company", exact=True).select_option("")
    quiet = sum(1 for n in people if n["quiet"])
    assert 0 < quiet < len(people)
    page.get_by_label("Only people I haven't talked to in a year").check()
    shown_is(quiet)
    page.get_by_label("Only people I haven't talked to in a year").uncheck()
    shown_is(len(people))

    # A cluster filter, then the shareable view: names, card and lists are gone.
    page.get_by_label("Cluster", exact=True).select_option(str(named[0]["key"]))
    page.get_by_test_id("share").click()
    expect(card).to_be_hidden()
    expect(page.locator("#map-lists")).to_be_hidden()
    expect(page.get_by_label("Find a person", exact=True)).to_be_hidden()
    expect(page.get_by_test_id("legend")).to_be_visible()
    page.get_by_label("Cluster", exact=True).select_option("")
    shot("63-network-map-shareable")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export PNG").click()
    path = download.value.path()
    assert download.value.suggested_filename == "network-map-shareable.png"
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.get_by_test_id("share").click()

    # The accessible alternative: the same clusters as lists of people.
    lists = page.get_by_test_id("cluster-list")
    expect(lists).to_have_count(len(data["clusters"]))
    expect(lists.first.get_by_role("link").first).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#network-map[data-ready='1']")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width})"
    shot("64-network-map-390")
    assert errors == []

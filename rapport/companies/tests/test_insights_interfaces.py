"""Insights through the company page, the API and `rapport company insights`."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Company
from rapport.companies.services import insights_refresh, position_add
from rapport.core.tests.test_api import as_member, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def harborline(limit, settings):
    limit("companies.insights_min_group", 2)
    for i in range(3):
        position_add(
            member=make_member(f"h{i}"),
            company_name="Harborline Software",
            title="Engineer",
            started_on=dt.date(2024, 1, 1),
            is_current=True,
        )
    return Company.objects.get(slug="harborline-software")


def test_the_api_answers_insights_with_definitions_and_the_threshold(ada, harborline):
    insights_refresh(company_id=harborline.pk)
    response = as_member(ada).get("/companies/harborline-software/insights")
    assert response.status_code == 200
    body = response.json()
    assert body["headcount_now"] == 3 and body["min_group"] == 2
    assert "work history" in body["definitions"]["headcount"]


def test_the_api_says_not_found_before_the_first_computation(ada, harborline):
    response = as_member(ada).get("/companies/harborline-software/insights")
    assert_error(response, 404, "company.insights_not_found")


def test_the_company_page_embeds_the_chart_data_and_no_inline_script(client, ada, harborline):
    insights_refresh(company_id=harborline.pk)
    client.force_login(ada)
    page = client.get("/companies/harborline-software/")
    html = page.content.decode()
    assert 'id="insights-data"' in html and 'data-testid="insights-chart"' in html
    assert "vendor/chartjs-4.4.7/chart.umd.js" in html
    assert "<script>" not in html


def test_the_command_prints_what_the_api_answers(harborline, capsys):
    call_command("company", "insights", "harborline-software", "--refresh", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["headcount_now"] == 3

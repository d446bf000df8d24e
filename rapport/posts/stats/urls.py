"""Statistics pages; spliced into the posts URLs (namespace "posts") by posts/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from rapport.posts.stats import views

urlpatterns: list[URLPattern] = [
    path("<id:post_id>/stats/", views.statistics, name="stats"),
]

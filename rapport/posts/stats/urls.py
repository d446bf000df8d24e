"""Statistics pages; included into the posts URLs (namespace "posts")."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

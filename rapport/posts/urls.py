from django.urls import path

from rapport.posts import views, views_moderation, views_write
from rapport.posts.stats import urls as stats_urls

app_name = "posts"
urlpatterns = [
    path("new/", views_write.publish, name="publish"),
    path("feed/", views.feed_more, name="feed_more"),
    path("drafts/", views.drafts, name="drafts"),
    path("search/", views.search, name="search"),
    path("articles/new/", views_write.article_edit, name="article_new"),
    path("articles/<id:post_id>/edit/", views_write.article_edit, name="article_edit"),
    path("by/<str:handle>/", views.activity, name="activity"),
    path("company/<slug:slug>/", views.company, name="company"),
    path("mentions/", views_write.mention_suggestions, name="mentionable"),
    path("mentions/<id:mention_id>/remove/", views_write.mention_remove, name="mention_remove"),
    path("moderation/", views_moderation.moderation, name="moderation"),
    path(
        "moderation/<str:source>/<id:reference>/take-down/",
        views_moderation.take_down,
        name="take_down",
    ),
    path("<id:post_id>/", views.detail, name="detail"),
    path("<id:post_id>/edit/", views_write.edit, name="edit"),
    path("<id:post_id>/cover/", views.cover, name="cover"),
    path("<id:post_id>/delete/", views_write.delete, name="delete"),
    path("<id:post_id>/repost/", views_write.repost, name="repost"),
    path("<id:post_id>/react/", views_write.react, name="react"),
    path("<id:post_id>/comments/", views_write.comment, name="comment"),
    path("<id:post_id>/share/", views_write.share, name="share"),
    path("<id:post_id>/send/", views_write.send, name="send"),
    path("<id:post_id>/report/", views_write.report, name="report"),
    path(
        "<id:post_id>/comments/<id:comment_id>/report/",
        views_write.report_comment,
        name="report_comment",
    ),
    path(
        "comments/<id:comment_id>/<str:action>/",
        views_write.comment_change,
        name="comment_change",
    ),
    *stats_urls.urlpatterns,
]

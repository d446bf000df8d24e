"""The statistics page of a post or article: for its author only.

It only reads. It queues no view (looking at one's own figures is not a view) and never
waits on recording: the figures are whatever rows the worker has written so far.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.accounts.models import User
from rapport.core.errors import NotFound
from rapport.posts.models import ReactionKind, ShareVia
from rapport.posts.stats.api_schemas import statistics_out
from rapport.posts.stats.figures import StatisticsNotYet, post_statistics


@login_required
def statistics(request: HttpRequest, post_id: int) -> HttpResponse:
    author: User = request.user  # type: ignore[assignment]
    try:
        stats = post_statistics(author=author, post_id=post_id)
    except StatisticsNotYet as draft:
        # Only the author gets this far with a draft: saying so plainly leaks nothing.
        return render(request, "posts/stats.html", {"draft": draft.message}, status=404)
    except NotFound as error:
        raise Http404(error.message) from error
    data = statistics_out(stats)
    charts = {"days": data["days"], "breakdowns": data["breakdowns"]}
    reaction_labels = dict(ReactionKind.choices)
    share_labels = dict(ShareVia.choices)
    return render(
        request,
        "posts/stats.html",
        {
            "stats": stats,
            "charts": charts,
            "reactions": [(reaction_labels[k], n) for k, n in stats.reactions.items()],
            "shares": [(share_labels[v], n) for v, n in stats.shares.items()],
            # The table under the daily chart, newest day first, its dates written here:
            # a few hundred `date` filters were a fifth of the page's time.
            "day_rows": [
                (d.day.isoformat(), d.day.strftime("%a %d %b %Y"), d.impressions, d.new_viewers)
                for d in reversed(stats.days)
            ],
        },
    )

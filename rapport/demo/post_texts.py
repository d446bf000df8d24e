"""What demo members write: posts, articles, comments and reposts, in their own line of work.

Seeds 002 and 003 say what professional content is for: to be found, to show what you
know, and to help first — never to pitch a stranger. So the patterns are lessons from
the job, questions to peers, offers of help, notes from an event, a role to fill, a
thank-you to a colleague and a link worth reading. Each is filled from the writer's real
facts (title, employer, city, the focus of their track, the skills they list), so a
nurse writes about patient safety and a data scientist about experimentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from django.utils.text import slugify

from rapport.demo.choices import Weighted

LESSON = "lesson"
QUESTION = "question"
HELP = "help"
EVENT = "event"
LINK = "link"
HIRING = "hiring"
MILESTONE = "milestone"
THANKS = "thanks"
OPINION = "opinion"

# How often each kind is written, before the writer's facts rule some out.
KIND_WEIGHTS: dict[str, float] = {
    LESSON: 26,
    QUESTION: 14,
    HELP: 10,
    EVENT: 9,
    LINK: 12,
    HIRING: 7,
    MILESTONE: 5,
    THANKS: 8,
    OPINION: 9,
}

POSTS: dict[str, tuple[str, ...]] = {
    LESSON: (
        "Something I wish I had known earlier about {focus}: the checklist beats memory. We "
        "wrote ours down after a bad week at {company} and have not missed a step since.",
        "Three things a year of {focus} taught me:\n- write the decision down, with the "
        "reason\n- ask the people doing the work before changing it\n- measure one thing, "
        "not ten\nNone of them is new. All of them are easy to forget on a busy Tuesday.",
        "We cut the time our weekly reviews take by half. The trick was boring: one owner, "
        "one page, a fixed 30 minutes, and decisions written before the meeting ends. It did "
        "more for our work on {focus} than any new tool.",
        "A small habit that changed how I work on {focus}: ending each week with a "
        "five-line note of what I learned. Reading them back after six months is humbling.",
        "Hard-won lesson from {company}: when {focus} goes wrong, the first question is "
        '"what did we not see?", not "who missed it?". People tell you more when they '
        "are not defending themselves.",
        "If you are new to {focus}, start with the basics and stay there longer than feels "
        "comfortable. Most of the problems I see as a {title} come from skipping them.",
    ),
    QUESTION: (
        "Question for people working on {focus}: how do you decide what not to do this "
        "quarter? We have more good ideas than hands at {company}.",
        "How do you onboard someone into {focus} in their first two weeks? I am rewriting "
        "our plan and would love to steal good ideas.",
        "Has anyone in {city} run a study group on {focus}? Thinking of starting one; "
        "tell me what worked and what did not.",
        "What is the one book or course on {focus} you would give a new colleague? Mine "
        "is a short one, and I will share it in the comments.",
        "Curious how other teams handle handovers in {focus}. Written notes, a call, both? "
        "Ours lose something every time.",
    ),
    HELP: (
        "If you are starting out in {focus} and want a second pair of eyes on your CV or a "
        "portfolio piece, I have four 30-minute slots this month. Message me, no strings.",
        "Every month I set aside an hour for anyone moving into {industry}. Bring your "
        "questions about {focus}; I will bring honest answers.",
        "I put together the template we use for {focus} at {company} and cleaned out the "
        "internal bits. Happy to send it to anyone who asks.",
        "Moving to {city} for work? I did it four years ago and know how lonely the first "
        "months are. Glad to introduce you to a few good people in {industry}.",
    ),
    EVENT: (
        "Back from {event}. My notes in one line: the teams doing {focus} well talk to "
        "each other more than they talk about tools.",
        "Thanks to everyone who came to {event} last night. Slides are coming; the best "
        "part was the questions afterwards, which I am still thinking about.",
        "Speaking at {event} next week about {focus} and what we got wrong at {company}. "
        "If you are in {city}, come and say hello.",
        "Great discussion at {event} on {focus}. The takeaway I will use on Monday: agree "
        'what "done" means before the work starts.',
    ),
    LINK: (
        "We wrote up how we approach {focus} at {company}, including the parts that did "
        "not work: {url}",
        "The clearest explanation of {focus} I have read this year, written by our team: "
        "{url}\nFeedback welcome, especially if you disagree.",
        "Sharing our checklist for {focus}. Steal it, change it, tell me what is missing: {url}",
    ),
    HIRING: (
        "We are hiring a {role} at {company} in {city}. You would work on {focus} with a "
        "team that writes things down and goes home on time. Message me with questions.",
        "My team at {company} is looking for a {role}. No trick interviews: a conversation "
        "about work you have done and a short paid exercise. Please share if you know "
        "someone.",
        "Know a {role} who cares about {focus}? We are growing the team at {company}, "
        "{city} or remote within the time zone. Referrals very welcome.",
    ),
    MILESTONE: (
        "{years} years at {company} today. Thank you to the people who taught me most of "
        "what I know about {focus}, and who were patient while I learned it.",
        "Some personal news: I have started as {title} at {company}. Looking forward to "
        "learning from a great team and to more work on {focus}.",
        "Our team shipped the project I have been quiet about for months. Proud of what we "
        "built for {focus}, and grateful to everyone who helped.",
    ),
    THANKS: (
        "A public thank-you to {mention}, who spent an evening walking me through {focus} "
        "when I was stuck. That is what a good network is for.",
        "Shout-out to {mention} for the review on our {focus} plan. Sharp questions, kindly "
        "asked. We changed two things because of it.",
        "If you need someone who knows {focus}, talk to {mention}. I have learned more from "
        "our conversations than from most courses.",
    ),
    OPINION: (
        "Unpopular opinion: most {focus} problems are communication problems in disguise.",
        "The best people I have worked with in {focus} ask more questions than they answer. "
        "Half the job is knowing which question to ask.",
        "Tools change every two years; the fundamentals of {focus} have not changed in "
        "twenty. Invest accordingly.",
        "Quiet work deserves credit too. Half of good {focus} is the problem that never "
        "happened because someone noticed it early.",
    ),
}

EVENTS = (
    "the {city} {sector} meetup",
    "the {sector} Summit in {city}",
    "a {focus} workshop in {city}",
    "the {city} Tech Breakfast",
)

# Topics the articles' headings and lists turn on, whatever the writer's line of work.
ARTICLE_TITLES = (
    "What three years of {focus} taught me",
    "A practical guide to {focus} for small teams",
    "How we rebuilt {focus} at {company}",
    "{focus_title}: the mistakes I keep seeing",
    "Getting started in {focus}: a letter to my younger self",
)
ARTICLE_INTROS = (
    "I have worked on {focus} for most of my career, lately as {title} at {company}. "
    "People often ask me where to start, so here is the longer answer.",
    "Last year our team at {company} changed how we approach {focus}. This is what we "
    "did, what it cost, and what I would do differently.",
)
ARTICLE_WHY = (
    "Most teams I meet in {industry} treat {focus} as something to fix once. It is closer "
    "to a habit: small, regular, and invisible when it works.",
    "When {focus} fails, it rarely fails loudly. It shows up as slow decisions, repeated "
    "questions and people quietly working around the process.",
)
ARTICLE_STEPS = (
    "Write down what good looks like before you measure anything",
    "Pick one owner for each decision, and say so in the document",
    "Hold a short weekly review with the people doing the work",
    "Keep a log of what went wrong and what you changed because of it",
    "Ask a peer from another team to read your plan",
    "Retire one old rule for every new one you add",
)
ARTICLE_QUOTES = (
    "The goal is not to be right on the first try. The goal is to find out quickly when "
    "you are wrong.",
    "If it is not written down, it did not happen, and it cannot be improved.",
    "Help the person in front of you first; the reputation follows.",
)
ARTICLE_CLOSINGS = (
    "If you are working through the same questions, message me. I am always glad to "
    "compare notes, and I will share our templates.",
    "I would love to hear how your team does this, especially where you disagree.",
)

COMMENTS: dict[str, tuple[str, ...]] = {
    "any": (
        "Great point, {first}. We learned the same thing about {focus} the hard way.",
        "Saving this. The second point is the one most teams skip.",
        "Thanks for writing this up, {first}. Would you share the template?",
        "This matches what we see at {my_company}.",
        "Clear and practical. Sending it to my team.",
        "Well put. The part about writing decisions down is underrated.",
        "I would add one thing: agree who owns the follow-up before the meeting ends.",
        "Really useful, {first}. How long did it take before people got used to it?",
    ),
    QUESTION: (
        "We use a short weekly review for this: 30 minutes, one owner, decisions written "
        "down. Happy to show you ours.",
        "Ask the people closest to the work first. They usually know what to drop.",
        "Following, because we have exactly the same problem.",
        "A buddy for the first month made the biggest difference for us.",
    ),
    HIRING: (
        "Shared with two people who would be great for this.",
        "Lovely team, I can vouch for them. Good luck with the search, {first}!",
    ),
    MILESTONE: (
        "Congratulations, {first}! Well deserved.",
        "Congratulations! They are lucky to have you.",
        "Well done, {first}. Tell us more about the project when you can.",
    ),
    HELP: (
        "This is generous of you, {first}. I will pass it on to our juniors.",
        "Took you up on this last year and it helped a lot. Recommended.",
    ),
    EVENT: (
        "Sorry I missed it! Will there be a recording?",
        "Good to see you there, {first}. The questions at the end were the best part.",
    ),
}
# A comment that names one of the commenter's connections: "@ada, this is for you".
MENTION_COMMENTS = (
    "{mention}, this is what we talked about last week.",
    "{mention} you will like this one.",
    "Worth a read, {mention}.",
)
REPLIES_BY_AUTHOR = (
    "Thanks, {first}!",
    "Good question. I will write a follow-up on exactly that.",
    "Happy to, I will send it over by message.",
    "Glad it helps, {first}. Tell me how it goes.",
    "Agreed, that should have been on the list.",
)
REPLIES_BY_OTHERS = (
    "Same here, {first}.",
    "+1 to this. It took us a year to learn it.",
    "Could not agree more.",
)
REPOST_WORDS = (
    "Worth ten minutes if you work on {focus}.",
    "{first} puts this better than I could.",
    "This matches what we see at {my_company}.",
    "Sharing for anyone in my network working on {focus}.",
)


@dataclass(frozen=True)
class Writer:
    """What a text may draw on: the writer's own facts, as their profile states them."""

    first: str
    title: str
    company: str
    website: str
    city: str
    industry: str
    focus: str
    level: int
    years: int
    skills: tuple[str, ...]
    # The track's titles, for "we are hiring a …" one rung below the writer.
    titles: tuple[str, ...]


def mid_sentence(focus: str) -> str:
    """A focus as it reads mid-sentence: lower-case unless it starts with an acronym."""
    return focus if focus[:2].isupper() else focus[:1].lower() + focus[1:]


def kinds_for(writer: Writer, *, can_mention: bool) -> Weighted[str]:
    """The kinds this writer can write: hiring needs seniority, thanks needs a connection."""
    allowed = {
        LESSON: True,
        QUESTION: True,
        HELP: writer.level >= 1,
        EVENT: True,
        LINK: bool(writer.website),
        HIRING: writer.level >= 2 and bool(writer.company),
        MILESTONE: bool(writer.company),
        THANKS: can_mention,
        OPINION: True,
    }
    kinds = [k for k in KIND_WEIGHTS if allowed[k]]
    return Weighted(kinds, [KIND_WEIGHTS[k] for k in kinds])


def _hashtags(writer: Writer, rng: Random) -> str:
    picked = rng.sample(writer.skills, k=min(len(writer.skills), rng.randint(1, 3)))
    tags = [
        "#" + "".join(w[:1].upper() + w[1:] for w in s.replace("/", " ").split()) for s in picked
    ]
    return " ".join(t for t in tags if len(t) > 1 and t[1:].replace("&", "").isalnum())


def _words(writer: Writer, rng: Random, **extra: str) -> dict[str, str]:
    focus = mid_sentence(writer.focus)
    role = writer.titles[max(0, writer.level - 1)] if writer.titles else writer.title
    words = {
        "first": writer.first,
        "title": writer.title,
        "company": writer.company or "my last job",
        "city": writer.city,
        "industry": writer.industry.lower() or "our field",
        "sector": writer.industry or "Industry",
        "focus": focus,
        "focus_title": focus[:1].upper() + focus[1:],
        "role": role,
        "years": str(max(2, writer.years)),
        "url": f"{writer.website}/blog/{slugify(writer.focus)}",
        "mention": "",
        "my_company": writer.company or "my last team",
    }
    words["event"] = rng.choice(EVENTS).format(**words)
    words.update(extra)
    return words


def post_text(kind: str, writer: Writer, rng: Random, *, mention: str = "") -> str:
    """A post of `kind` in the writer's voice; `mention` is "@handle" for a thank-you."""
    patterns = POSTS[kind]
    if kind == MILESTONE:
        # An anniversary needs the years, a new start a new job; a launch fits anyone.
        patterns = (
            patterns[:1]
            if writer.years >= 2
            else patterns[1:]
            if writer.years == 0
            else patterns[2:]
        )
    text = rng.choice(patterns).format(**_words(writer, rng, mention=mention))
    if writer.skills and rng.random() < 0.3:
        tags = _hashtags(writer, rng)
        if tags:
            text += "\n\n" + tags
    return text


def article_text(writer: Writer, rng: Random) -> tuple[str, str]:
    """An article's title and Markdown body: headings, a list, a quote, a link."""
    words = _words(writer, rng)
    title = rng.choice(ARTICLE_TITLES).format(**words)
    steps = rng.sample(ARTICLE_STEPS, k=4)
    body = "\n".join(
        [
            rng.choice(ARTICLE_INTROS).format(**words),
            "",
            "## Why it matters",
            "",
            rng.choice(ARTICLE_WHY).format(**words),
            "",
            "## What we changed",
            "",
            *(f"- **{step.split(',')[0]}**" for step in steps[:2]),
            *(f"- {step}" for step in steps[2:]),
            "",
            f"> {rng.choice(ARTICLE_QUOTES)}",
            "",
            "## Where to start",
            "",
            "1. Write down how the work happens today, warts and all.",
            f"2. Pick the one part of {words['focus']} that hurts most and fix only that.",
            "3. Review it together after a month, and keep what worked.",
            "",
            f"We published the [checklist we use]({words['url']}) if you want a head start.",
            "",
            rng.choice(ARTICLE_CLOSINGS),
        ]
    )
    return title[:150], body


def comment_text(kind: str, writer: Writer, *, author_first: str, focus: str, rng: Random) -> str:
    """`writer`'s comment on a post of `kind` about `focus` by `author_first`."""
    pool = COMMENTS.get(kind, ()) + COMMENTS["any"] if rng.random() < 0.6 else COMMENTS["any"]
    words = _words(writer, rng, first=author_first, focus=mid_sentence(focus))
    return rng.choice(pool).format(**words)


def mention_comment(mention: str, rng: Random) -> str:
    return rng.choice(MENTION_COMMENTS).format(mention=mention)


def reply_text(*, by_author: bool, to_first: str, rng: Random) -> str:
    return rng.choice(REPLIES_BY_AUTHOR if by_author else REPLIES_BY_OTHERS).format(first=to_first)


def repost_text(writer: Writer, *, author_first: str, focus: str, rng: Random) -> str:
    words = _words(writer, rng, first=author_first, focus=mid_sentence(focus))
    return rng.choice(REPOST_WORDS).format(**words)

"""What a score is made of and what moved it, said in sentences: one a part, and the
week's change split into reasons whose points add up to it exactly."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.influence.scoring import PART_WEIGHT, Parts


@dataclass(frozen=True)
class Reason:
    part: str
    points: int
    text: str


def part_sentences(parts: Parts) -> dict[str, str]:
    """One sentence a part, saying what it is made of."""
    c = parts.counts
    content = "Nobody has responded to a post of yours yet."
    if c["responders"]:
        content = (
            f"{c['responders']} people responded to your posts ({c['shared']} shared, "
            f"{c['commented']} commented, {c['reacted']} reacted)"
        )
        if int(c["reached"]) >= int(c["responders"]):
            content += f", of {c['reached']} who saw them"
        content += "."
    if c["pod"]:
        content += (
            f" {c['pod']} of the people who respond to you are people you respond to in"
            " turn, who answer mostly those who answer them: they count less (down to a"
            " fifth)."
        )
    bits = []
    if c["invitations_decided"]:
        bits.append(
            f"{c['invitations_accepted']} of {_n(c['invitations_decided'], 'invitation')} "
            "you sent accepted"
        )
    if c["dont_know"]:
        bits.append(f"{_n(c['dont_know'], 'invitation')} answered “I don't know”")
    if c["introductions_made"]:
        bits.append(f"{_n(c['introductions_made'], 'introduction')} you passed on accepted")
    if c["introductions_received"]:
        bits.append(f"{_n(c['introductions_received'], 'introduction')} you asked for accepted")
    network = (
        _sentence(bits)
        if bits
        else "No invitation of yours answered and no introduction accepted yet."
    )
    talked = (
        f"{c['talked']} people replied to you or wrote to you first."
        if c["talked"]
        else "Nobody has replied to you or written to you first yet."
    )
    return {
        "content": content,
        "conversation": talked,
        "network": network,
        "reach": f"{c['outside']} of the people who responded are outside your connections.",
    }


def change_reasons(before: Parts | None, after: Parts, points: int) -> list[Reason]:
    """Split a score change (`points`) across the parts that moved, in proportion to how
    much each moved (largest remainder, so the reasons add up to `points` exactly). A
    change with no part of one's own moving is the rest of the community moving."""
    if points == 0:
        return []
    if before is None:
        return [Reason("all", points, "Your first score.")]
    deltas = {name: after.value(name) - before.value(name) for name in PART_WEIGHT}
    moving = {n: d for n, d in deltas.items() if d != 0 and (d > 0) == (points > 0)}
    if not moving:
        return [
            Reason(
                "community",
                points,
                "Others in the community moved ahead of you."
                if points < 0
                else "Others in the community fell back.",
            )
        ]
    total = sum(abs(d) for d in moving.values())
    shares = {n: abs(points) * abs(d) / total for n, d in moving.items()}
    whole = {n: math.floor(s) for n, s in shares.items()}
    left = abs(points) - sum(whole.values())
    for n in sorted(shares, key=lambda n: shares[n] - whole[n], reverse=True)[:left]:
        whole[n] += 1
    sign = 1 if points > 0 else -1
    return [
        Reason(n, sign * whole[n], _moved(n, before, after))
        for n in sorted(whole, key=lambda n: -whole[n])
        if whole[n]
    ]


def _moved(part: str, before: Parts, after: Parts) -> str:
    """What changed in the part, said from its counts — and when the counts do not say
    it (the part moved for another reason), said as such, never the opposite."""
    b, a = before.counts, after.counts
    up = after.value(part) > before.value(part)

    def more(key: str) -> int:
        return int(a[key]) - int(b[key])

    if part == "content":
        n = more("responders")
        if n and (n > 0) == up:
            text = f"{abs(n)} {'more' if n > 0 else 'fewer'} people responded to your posts"
            if a["top_piece"] and n > 0:
                text += f", most of all to “{str(a['top_piece']).rstrip('.!?…')}”"
            return text + "."
        return (
            f"Your posts drew {'more' if up else 'less'} for their audience "
            f"({a['responders']} people responded, of {a['reached']} who saw them)."
        )
    if part == "conversation":
        n = more("talked")
        if n and (n > 0) == up:
            return f"{abs(n)} {'more' if n > 0 else 'fewer'} people replied to you or wrote first."
        return f"Who replied to you weighs {'more' if up else 'less'} ({a['talked']} people)."
    if part == "network":
        bits = []
        if not up and more("dont_know") > 0:
            bits.append(f"{_n(more('dont_know'), 'invitation')} answered “I don't know”")
        if up and more("invitations_accepted") > 0:
            bits.append(f"{_n(more('invitations_accepted'), 'invitation')} accepted")
        if up and more("introductions_made") > 0:
            bits.append(f"{_n(more('introductions_made'), 'introduction')} you passed on accepted")
        if up and more("introductions_received") > 0:
            bits.append(
                f"{_n(more('introductions_received'), 'introduction')} you asked for accepted"
            )
        # Answers and introductions older than the window stop counting as days pass.
        if up and more("dont_know") < 0:
            bits.append(_no_longer(-more("dont_know"), "older “I don't know” answer"))
        if not up and more("invitations_accepted") < 0:
            bits.append(_no_longer(-more("invitations_accepted"), "older acceptance"))
        aged = -more("introductions_made") - more("introductions_received")
        if not up and aged > 0:
            bits.append(_no_longer(aged, "older introduction"))
        if bits:
            return _sentence(bits)
        if not up and more("invitations_decided") < 0:
            older = _no_longer(-more("invitations_decided"), "older invitation answer")
            return (
                f"{older} ({a['invitations_accepted']} of {a['invitations_decided']} accepted now)."
            )
        return (
            f"Your invitations' answers {'improved' if up else 'worsened'}: "
            f"{a['invitations_accepted']} of {a['invitations_decided']} accepted."
        )
    n = more("outside")
    if n and (n > 0) == up:
        return f"{abs(n)} {'more' if n > 0 else 'fewer'} people outside your connections responded."
    return f"Responses from outside your connections weigh {'more' if up else 'less'}."


def _sentence(bits: list[str]) -> str:
    """Joined, first letter capitalised, the rest as written (“I don't know” stays)."""
    text = "; ".join(bits)
    return text[:1].upper() + text[1:] + "."


def _no_longer(count: int, noun: str) -> str:
    """ "1 older acceptance no longer counts", "2 … no longer count"."""
    return f"{_n(count, noun)} no longer count{'s' if count == 1 else ''}"


def _n(count: int | str, noun: str) -> str:
    """ "1 invitation", "3 invitations"."""
    return f"{count} {noun}{'' if int(count) == 1 else 's'}"


def with_points(reasons: Iterable[Reason]) -> list[str]:
    """ "+4: 12 more people responded…" lines."""
    return [f"{r.points:+d}: {r.text}" for r in reasons]

from rapport.trust.models import IntroductionState, StepState
from rapport.trust.states import INTRODUCTION, STEP


def test_an_introduction_ends_once_and_never_comes_back():
    for end in (
        IntroductionState.ACCEPTED,
        IntroductionState.DECLINED,
        IntroductionState.STOPPED,
        IntroductionState.WITHDRAWN,
    ):
        assert INTRODUCTION.can(IntroductionState.PENDING, end)
        assert INTRODUCTION.is_final(end)
        assert not INTRODUCTION.can(end, IntroductionState.PENDING)
    assert INTRODUCTION.states == set(IntroductionState.values)


def test_a_hop_is_asked_before_it_answers():
    assert STEP.can(StepState.WAITING, StepState.ASKED)
    for answer in (
        StepState.FORWARDED,
        StepState.ACCEPTED,
        StepState.DECLINED,
        StepState.TIMED_OUT,
    ):
        assert not STEP.can(StepState.WAITING, answer)  # nobody answers before being asked
        assert STEP.can(StepState.ASKED, answer)
        assert STEP.is_final(answer)
    assert STEP.can(StepState.WAITING, StepState.SKIPPED)
    assert STEP.states == set(StepState.values)

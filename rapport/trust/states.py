"""The introduction lifecycle and each hop's, declared once."""

from rapport.core.states import StateMachine
from rapport.trust.models import IntroductionState, StepState

INTRODUCTION = StateMachine.declare(
    "introduction",
    initial=IntroductionState.PENDING,
    transitions={
        IntroductionState.PENDING: {
            IntroductionState.ACCEPTED,
            IntroductionState.DECLINED,
            IntroductionState.STOPPED,
            IntroductionState.WITHDRAWN,
        },
    },
)

STEP = StateMachine.declare(
    "introduction_step",
    initial=StepState.WAITING,
    transitions={
        StepState.WAITING: {StepState.ASKED, StepState.SKIPPED},
        StepState.ASKED: {
            StepState.FORWARDED,  # an introducer vouches and passes it on
            StepState.ACCEPTED,  # the target says yes
            StepState.DECLINED,
            StepState.TIMED_OUT,
            StepState.SKIPPED,  # the requester withdrew while it waited here
        },
    },
)

"""`rapport train-message-guard`: train the guard's model from the labelled messages.

rapport train-message-guard            writes rapport/conversations/guard/model.json
rapport train-message-guard --check    fails if the shipped file is not what the corpus
                                       and the seed give (CI runs it)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.conversations.guard import classify, evaluation, training
from rapport.core.textmodel_training import TrainCommand


class Command(TrainCommand):
    help = "Train the first-contact guard's model from the dev split of the labelled messages."
    what = "labelled messages"
    data = evaluation.DATA
    target = classify.MODEL
    seed = training.SEED

    def train(self, path: Path, seed: int) -> dict[str, Any]:
        return training.train_model(evaluation.load_examples("dev", path), seed)

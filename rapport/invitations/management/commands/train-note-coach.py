"""`rapport train-note-coach`: train the note coach's model from the labelled notes.

rapport train-note-coach            writes rapport/invitations/coach/model.json
rapport train-note-coach --check    fails if the shipped file is not what the corpus and
                                    the seed give (CI runs it)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.core.textmodel_training import TrainCommand
from rapport.invitations.coach import analysis, evaluation, training


class Command(TrainCommand):
    help = "Train the note coach's model from the dev split of the labelled notes."
    what = "labelled notes"
    data = evaluation.DATA
    target = analysis.MODEL
    seed = training.SEED

    def train(self, path: Path, seed: int) -> dict[str, Any]:
        return training.train_model(evaluation.load_examples("dev", path), seed)

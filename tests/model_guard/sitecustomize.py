"""Imported by every Python process a test not marked `model` starts (conftest puts this folder on PYTHONPATH):
the process refuses real encoder models too, so a CLI run in a subprocess cannot use one unmarked."""

import os

if os.environ.get("ALIGNER_TEST_REFUSE_MODELS"):
    from tests.model_guard import refuse_models

    refuse_models(setattr)

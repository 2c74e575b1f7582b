"""The main job: read -> map -> clean -> validate -> links -> duplicates -> export, replayed from a
recipe (JSON or TOML) that holds every decision.
"""

from __future__ import annotations

from clientmig.pipeline.job import CERTAIN as CERTAIN
from clientmig.pipeline.job import LINK_DECISIONS as LINK_DECISIONS
from clientmig.pipeline.job import RUN_FILES as RUN_FILES
from clientmig.pipeline.job import Prepared as Prepared
from clientmig.pipeline.job import RunResult as RunResult
from clientmig.pipeline.job import accept_codes as accept_codes
from clientmig.pipeline.job import log as log
from clientmig.pipeline.job import prepare as prepare
from clientmig.pipeline.job import run as run
from clientmig.pipeline.recipe import Recipe as Recipe
from clientmig.pipeline.recipe import RecipeInput as RecipeInput

__all__ = [
    "CERTAIN",
    "LINK_DECISIONS",
    "RUN_FILES",
    "Prepared",
    "Recipe",
    "RecipeInput",
    "RunResult",
    "accept_codes",
    "log",
    "prepare",
    "run",
]

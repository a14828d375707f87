"""The JSON Schema of a store file, from the pydantic models, for editors."""

from __future__ import annotations

from typing import Any

from .models import StoreFile

SCHEMA_ID = "https://argmap.invalid/schema/argmap-store.schema.json"


def store_schema() -> dict[str, Any]:
    schema = StoreFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "argmap store",
        "description": "A store file of argmap: papers, actors, topics, claims and relations. "
                       "Several files may be merged into one map.",
    }

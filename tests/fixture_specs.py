"""The fixture specs' folder, and the suite (version and image) they are loaded in."""

from pathlib import Path

from sagemaker_kfp_components.generator.model import Suite

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SUITE = Suite("0.1.0", "example.org/fixtures/component")

"""descend does not depend on the frameworks it adapts: neither ``import descend`` nor
``import descend.integrations`` imports one; each adapter module imports its own."""

import subprocess
import sys

FRAMEWORKS = ("lightning", "transformers", "ultralytics", "torchvision")


def test_importing_descend_and_its_integrations_package_imports_no_framework():
    code = f"import sys, descend, descend.integrations; print([m for m in {FRAMEWORKS!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"

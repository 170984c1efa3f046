"""The seed workflow example runs end to end against a live server, as the README tells users to run it."""

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assign_numbers_to_tdg.py"


def test_seed_example_runs_end_to_end_and_cleans_up(server, connect):
    result = subprocess.run([sys.executable, str(EXAMPLE), "--endpoint-url", server.endpoint, "--timeout", "20"],
                            capture_output=True, text=True, timeout=100, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "done"
    # Both Regions listed the number's association with the same-id flow of their own Region.
    listed = [line for line in lines if " -> arn:aws:connect:" in line and ":phone-number/" in line]
    assert [line.split(" -> ")[1].split(":")[3] for line in listed] == ["us-east-1", "us-west-2"]
    assert len({line.split("/contact-flow/")[1] for line in listed}) == 1
    # The clean-up left nothing behind, so the example can be run again.
    assert connect("us-east-1").list_instances()["InstanceSummaryList"] == []
    assert connect("us-west-2").list_instances()["InstanceSummaryList"] == []

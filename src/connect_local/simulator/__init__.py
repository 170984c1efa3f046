"""The data plane: where a call to a number lands (Region, instance, flow, path through the flow) and why not.

It only reads state through the domain; the control plane (web/simulation.py) and the CLI present its answers.
"""

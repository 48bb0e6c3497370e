"""One test module per registered constraint (tests/constraints/test_<constraint id>.py)."""

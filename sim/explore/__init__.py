"""cbam-explore, the policy explorer: a local web app on the in-process model."""

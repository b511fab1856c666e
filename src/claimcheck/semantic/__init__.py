"""The optional semantic tier: sentence embeddings that find passages close in meaning (issue #31).

Importing this package, or any module in it, needs neither numpy nor the model: both load on
first use, and their absence raises model.SemanticUnavailable.
"""

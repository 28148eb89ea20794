"""The confidence model's weights: written by bench/nlu_calibrate.py --write (3291 held-out phrases of 5 folds, threshold 0.82, margin 0.01).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order.
"""
WEIGHTS = (
    0.261508,  # score
    -0.354208,  # score_gap
    0.980092,  # lead_over_out_of_scope
    -1.053361,  # unknown_share
    -0.421524,  # topic_words
    0.397699,  # known_topic_words
    0.534235,  # nearest_example
    -2.755287,  # centroid
    0.680127,  # decision
    2.045582,  # decision_gap
    -0.221798,  # out_of_scope_decision
    1.185208,  # decision_agrees
    0.328571,  # nearest_out_of_scope
    0.196589,  # log_words
)
BIAS = -0.654395

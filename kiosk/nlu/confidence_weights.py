"""The confidence model's weights: written by bench/nlu_calibrate.py --write (3291 held-out phrases of 5 folds, threshold 0.81, margin 0.02).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order.
"""
WEIGHTS = (
    0.309445,  # score
    -0.350552,  # score_gap
    1.044473,  # lead_over_out_of_scope
    -1.312545,  # unknown_share
    -0.35955,  # topic_words
    0.329196,  # known_topic_words
    0.398305,  # nearest_example
    -2.787384,  # centroid
    0.686834,  # decision
    2.036227,  # decision_gap
    -0.224156,  # out_of_scope_decision
    1.142454,  # decision_agrees
    0.265986,  # nearest_out_of_scope
    0.173942,  # log_words
)
BIAS = -0.456308

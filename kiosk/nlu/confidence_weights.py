"""The confidence model's weights: written by bench/nlu_calibrate.py --write (3291 held-out phrases of 5 folds, threshold 0.82, margin 0.01).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order.
"""
WEIGHTS = (
    0.300308,  # score
    -0.351806,  # score_gap
    1.030937,  # lead_over_out_of_scope
    -1.07203,  # unknown_share
    -0.423835,  # topic_words
    0.401019,  # known_topic_words
    0.473376,  # nearest_example
    -2.811143,  # centroid
    0.684234,  # decision
    2.007709,  # decision_gap
    -0.235613,  # out_of_scope_decision
    1.215487,  # decision_agrees
    0.322295,  # nearest_out_of_scope
    0.186546,  # log_words
)
BIAS = -0.605704

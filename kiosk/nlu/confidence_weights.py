"""The confidence model's weights: written by bench/nlu_calibrate.py --write (4936 held-out phrases of 5 folds, threshold 0.81, margin 0.0).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order, for the fact scaled
from its LOW (0) to its HIGH (1) in the fit.
"""
WEIGHTS = (
    -1.372413,  # score
    0.498122,  # score_gap
    0.423693,  # lead_over_out_of_scope
    -1.174319,  # unknown_share
    -4.778296,  # topic_words
    4.265724,  # known_topic_words
    0.807052,  # nearest_example
    -2.893116,  # centroid
    0.89461,  # decision
    19.994582,  # decision_gap
    -1.65683,  # out_of_scope_decision
    0.575531,  # decision_agrees
    -0.80167,  # nearest_out_of_scope
    0.721277,  # log_words
)
LOW = (
    0.03827,  # score
    2e-06,  # score_gap
    -0.684132,  # lead_over_out_of_scope
    0.0,  # unknown_share
    0.0,  # topic_words
    0.0,  # known_topic_words
    0.099829,  # nearest_example
    0.024666,  # centroid
    -1.419893,  # decision
    -3.330536,  # decision_gap
    -3.430987,  # out_of_scope_decision
    0.0,  # decision_agrees
    0.027904,  # nearest_out_of_scope
    0.693147,  # log_words
)
HIGH = (
    0.971447,  # score
    0.903419,  # score_gap
    0.862571,  # lead_over_out_of_scope
    1.0,  # unknown_share
    9.0,  # topic_words
    9.0,  # known_topic_words
    1.0,  # nearest_example
    0.904823,  # centroid
    2.380578,  # decision
    3.386152,  # decision_gap
    2.098982,  # out_of_scope_decision
    1.0,  # decision_agrees
    0.993669,  # nearest_out_of_scope
    3.610918,  # log_words
)
BIAS = -8.977058

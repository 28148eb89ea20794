"""The confidence model's weights: written by bench/nlu_calibrate.py --write (4370 held-out phrases of 5 folds, threshold 0.82, margin 0.0).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order, for the fact scaled
from its LOW (0) to its HIGH (1) in the fit.
"""
WEIGHTS = (
    0.243499,  # score
    -0.648609,  # score_gap
    0.073254,  # lead_over_out_of_scope
    -0.976236,  # unknown_share
    -4.463015,  # topic_words
    4.507398,  # known_topic_words
    1.093931,  # nearest_example
    -2.564691,  # centroid
    0.969329,  # decision
    18.16439,  # decision_gap
    -1.506228,  # out_of_scope_decision
    0.563168,  # decision_agrees
    -0.891596,  # nearest_out_of_scope
    0.49181,  # log_words
)
LOW = (
    0.041532,  # score
    1.4e-05,  # score_gap
    -0.682869,  # lead_over_out_of_scope
    0.0,  # unknown_share
    0.0,  # topic_words
    0.0,  # known_topic_words
    0.100566,  # nearest_example
    0.039827,  # centroid
    -1.459055,  # decision
    -3.025078,  # decision_gap
    -3.454719,  # out_of_scope_decision
    0.0,  # decision_agrees
    0.02837,  # nearest_out_of_scope
    0.693147,  # log_words
)
HIGH = (
    0.971,  # score
    0.900407,  # score_gap
    0.863786,  # lead_over_out_of_scope
    1.0,  # unknown_share
    9.0,  # topic_words
    9.0,  # known_topic_words
    1.0,  # nearest_example
    0.905778,  # centroid
    2.491629,  # decision
    3.418797,  # decision_gap
    2.080013,  # out_of_scope_decision
    1.0,  # decision_agrees
    0.97685,  # nearest_out_of_scope
    3.610918,  # log_words
)
BIAS = -8.027472

"""The confidence model's weights: written by bench/nlu_calibrate.py --write (3291 held-out phrases of 5 folds, threshold 0.82, margin 0.01).

One weight per fact of kiosk.nlu.confidence.FEATURES, in that order.
"""
WEIGHTS = (
    0.307444,  # score
    -0.376848,  # score_gap
    1.050144,  # lead_over_out_of_scope
    -1.069769,  # unknown_share
    -0.407106,  # topic_words
    0.384304,  # known_topic_words
    0.457492,  # nearest_example
    -2.778879,  # centroid
    0.684528,  # decision
    2.041592,  # decision_gap
    -0.24162,  # out_of_scope_decision
    1.127103,  # decision_agrees
    0.273706,  # nearest_out_of_scope
    0.204091,  # log_words
)
BIAS = -0.586873

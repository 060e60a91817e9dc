"""A scikit-learn OneClassSVM with given support vectors, shared by the benches' Python sides.

scikit-learn has no constructor from support vectors: fitting would choose its own. So a
template is fitted once on throwaway data and its fitted attributes are swapped for the
wanted support vectors, dual coefficients, intercept and gamma. The result scores
(decision_function, predict) and pickles like any fitted estimator.
"""

import numpy as np
from sklearn.svm import OneClassSVM


def fitted_template(d):
    """A OneClassSVM fitted on 20 rows of d standard-normal features (seeded)."""
    rng = np.random.default_rng(0)
    return OneClassSVM(kernel="rbf").fit(rng.standard_normal((20, d)))


def swapped_ocsvm(template, sv, coef, intercept, gamma):
    """A OneClassSVM scoring with these support vectors: the template, attributes swapped."""
    m = OneClassSVM(kernel="rbf", gamma=gamma)
    m.__dict__.update(template.__dict__)
    n = sv.shape[0]
    m.support_vectors_ = sv
    m.support_ = np.arange(n, dtype=np.int32)
    m._n_support = np.array([n, n], dtype=np.int32)
    m._dual_coef_ = coef.reshape(1, n)
    m.dual_coef_ = m._dual_coef_
    m._intercept_ = np.array([intercept])
    m.intercept_ = m._intercept_
    m.offset_ = -intercept
    m._gamma = gamma
    m.n_features_in_ = sv.shape[1]
    m.shape_fit_ = (n, sv.shape[1])
    return m

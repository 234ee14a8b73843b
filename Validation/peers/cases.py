"""The validation suite: every case DualTape is checked against MXNet, PyTorch and JAX on.

A case is a function of one or more input arrays, written as a small expression tree (the
same tree the Swift test rebuilds with DualTape, see Validation/Tests/Expression.swift), the
point it is evaluated at, the tangents of a JVP and the cotangent of a VJP. This module has
no dependency beyond the standard library, so every peer's environment can import it.

Expression nodes are JSON objects:

    {"op": "input", "index": i}                         the i-th input
    {"op": "const", "data": [...], "shape": [...]}      a constant in the case's dtype
                                                        (shape [] is a scalar: MXNet's scalar ops)
    {"op": NAME, "args": [node, ...], ATTRIBUTES...}    an operator (see OPS below)
"""

import math

# Operator name -> attribute names it takes. Both interpreters (Python peers, Swift) know exactly these.
OPS = {
    # unary elementwise
    "negative": [], "square": [], "sqrt": [], "exp": [], "log": [], "sin": [], "cos": [], "tan": [],
    "tanh": [], "sigmoid": [], "relu": [], "abs": [], "clip": ["low", "high"], "sign": [], "stop_gradient": [],
    # unary: exponentials and logarithms, hyperbolic and inverse trigonometric, special functions,
    # activations, rounding (the catalog's later unary families)
    "log1p": [], "expm1": [], "log2": [], "log10": [], "exp2": [], "cbrt": [], "reciprocal": [], "rsqrt": [],
    "sinh": [], "cosh": [], "arcsin": [], "arccos": [], "arctan": [], "arcsinh": [], "arccosh": [], "arctanh": [],
    "erf": [], "erfc": [], "erfinv": [], "lgamma": [], "digamma": [], "polygamma": ["n"],
    "softplus": [], "softsign": [], "log_sigmoid": [], "gelu": [], "elu": ["alpha"], "selu": [],
    "leaky_relu": ["alpha"], "silu": [],
    "floor": [], "ceil": [], "round": [], "trunc": [],
    # binary elementwise, broadcasting
    "add": [], "subtract": [], "multiply": [], "divide": [], "power": [], "maximum": [], "minimum": [],
    "equal": [], "not_equal": [], "lesser": [], "lesser_equal": [], "greater": [], "greater_equal": [],
    "where": [],
    # reductions (axes null: all; a reduction to nothing has MXNet's shape [1])
    "sum": ["axes", "keepdims"], "mean": ["axes", "keepdims"], "prod": ["axes", "keepdims"],
    "max": ["axes", "keepdims"], "min": ["axes", "keepdims"], "norm": ["axes", "keepdims"],
    "argmax": ["axis"],
    # structural
    "reshape": ["shape"], "transpose": ["axes"], "broadcast_to": ["shape"], "concat": ["axis"],
    "stack": ["axis"], "expand_dims": ["axis"], "squeeze": ["axes"], "flatten": [], "cast": ["dtype"],
    "index": ["items"], "slice_scatter": ["items", "shape"],
    # binary math, statistics, normalizations, scans, diagonals
    "arctan2": [], "hypot": [], "fmod": [], "mod": [], "floor_divide": [], "logaddexp": [], "xlogy": [],
    "copysign": [], "squared_difference": [],
    "var": ["axis", "ddof", "keepdims"], "std": ["axis", "ddof", "keepdims"], "logsumexp": ["axis", "keepdims"],
    "softmax": ["axis"], "log_softmax": ["axis"], "normalize": ["ord", "axis", "eps"],
    "cumsum": ["axis", "reverse"], "cumprod": ["axis"], "linear_recurrence": ["axis", "reverse"],
    "diagonal": ["offset", "axis1", "axis2"], "diagonal_scatter": ["shape", "offset", "axis1", "axis2"],
    "diag": ["k"], "trace": ["offset", "axis1", "axis2"],
    # LAPACK (part: which output of a decomposition)
    "solve": [], "inv": [], "det": [], "slogdet": ["part"], "cholesky": [], "triangular_solve": ["lower", "unit_diagonal"],
    "qr": ["part"], "eigh": ["part"], "svd": ["part"],
    # products and convolutions (einsum's spec is one word, "_" for "," and "->": ij_jk_ik)
    "outer": [], "kron": [], "einsum": ["spec"],
    "conv1d": ["stride", "padding", "dilation"], "conv2d": ["stride", "padding", "dilation"],
    "conv_transpose1d": ["stride", "padding", "output_padding", "dilation"],
    "conv_transpose2d": ["stride", "padding", "output_padding", "dilation"],
    "conv_weight": ["kernel_size", "stride", "padding", "dilation"],
    # pooling (stride null: the kernel size, PyTorch's default; avg counts the zero padding)
    "avg_pool1d": ["kernel_size", "stride", "padding"], "avg_pool2d": ["kernel_size", "stride", "padding"],
    "max_pool1d": ["kernel_size", "stride", "padding"], "max_pool2d": ["kernel_size", "stride", "padding"],
    # indexing: the index arrays are constants of integer values (never differentiated)
    "take": ["axis"], "scatter_add": ["axis"], "take_along_axis": ["axis"], "pick": ["axis", "keepdims"],
    "one_hot": ["depth"],
    # linear algebra
    "matmul": [],
    # the seed tutorial's f(a): doubles a until its norm reaches 1000, then picks b[0] or b[1]
    "seed_f": [],
}

COMPARISONS = ["equal", "not_equal", "lesser", "lesser_equal", "greater", "greater_equal"]


# ---- building expressions ------------------------------------------------------------------

def x(i=0):
    return {"op": "input", "index": i}


def const(data, shape=None):
    flat, inferred = _flatten(data)
    return {"op": "const", "data": flat, "shape": inferred if shape is None else shape}


def op(name, *args, **attrs):
    assert name in OPS, name
    assert set(attrs) <= set(OPS[name]), (name, attrs)
    node = {"op": name, "args": list(args)}
    node.update(attrs)
    return node


def red(name, arg, axes=None, keepdims=False):
    return op(name, arg, axes=axes, keepdims=keepdims)


def at(i):
    return {"at": i}


def sl(start=None, stop=None, step=1):
    return {"slice": [start, stop, step]}


def _flatten(data):
    if isinstance(data, (int, float)):
        return [float(data)], []
    shape = [len(data)]
    flat = []
    sub = None
    for item in data:
        f, s = _flatten(item)
        assert sub is None or s == sub, "ragged input"
        sub = s
        flat += f
    return flat, shape + (sub or [])


# ---- deterministic directions --------------------------------------------------------------

def cotangent(n):
    """The VJP's cotangent for an output of n elements: 1 for a scalar, else exact binary values, no zeros."""
    return [(-1.0) ** k * (1.0 + 0.25 * ((k * 37) % 7)) for k in range(n)]


def tangent(n, i):
    """The JVP's tangent for input i of n elements: exact binary values, no zeros."""
    return [(-1.0) ** (k + i) * (0.5 + 0.25 * ((k * 13 + i * 5) % 5)) for k in range(n)]


def round_to_float32(v):
    import struct
    return struct.unpack("f", struct.pack("f", v))[0]


# ---- the suite -----------------------------------------------------------------------------

def build_cases():
    cases = []

    def case(name, group, expr, inputs, dtype="float64", note="", hessian=True, jacobian=True, derivatives=True):
        assert all(c["name"] != name for c in cases), name
        ins = []
        for i, data in enumerate(inputs):
            flat, shape = _flatten(data)
            if dtype == "float32":
                flat = [round_to_float32(v) for v in flat]
            ins.append({"data": flat, "shape": shape})
        total = sum(len(a["data"]) for a in ins)
        cases.append({
            "name": name, "group": group, "dtype": dtype, "note": note, "expr": expr, "inputs": ins,
            "tangents": [tangent(len(a["data"]), i) for i, a in enumerate(ins)],
            # False: the value only (an operator with no derivative).
            "want_derivatives": derivatives,
            # Jacobians and Hessians are kept small: at most 30 input elements in all.
            "want_jacobian": derivatives and jacobian and total <= 30,
            "want_hessian": derivatives and hessian and total <= 30,
        })

    m23 = [[-1.5, 0.25, 2.0], [0.5, -3.0, 1.25]]

    # -- unary operators: inside the domain, at special values, at kinks --
    case("negative", "unary", op("negative", x()), [m23])
    case("square", "unary", op("square", x()), [m23])
    case("sqrt", "unary", op("sqrt", x()), [[0.25, 1.0, 2.0, 9.5]])
    case("sqrt_at_zero", "unary", op("sqrt", x()), [[0.0]], note="sqrt'(0) = +inf, sqrt''(0) = -inf")
    case("exp", "unary", op("exp", x()), [[-1.0, 0.0, 0.5, 2.0, -30.0]])
    case("log", "unary", op("log", x()), [[0.1, 1.0, 2.5, 10.0]])
    case("log_at_zero", "unary", op("log", x()), [[0.0]], note="log(0) = -inf, log'(0) = +inf")
    case("sin", "unary", op("sin", x()), [[-2.0, 0.0, 1.0, 3.0]])
    case("cos", "unary", op("cos", x()), [[-2.0, 0.0, 1.0, 3.0]])
    case("tan", "unary", op("tan", x()), [[-1.2, 0.0, 0.7]])
    case("tanh", "unary", op("tanh", x()), [[-3.0, 0.0, 0.5, 20.0]], note="tanh(20) rounds to 1")
    case("sigmoid", "unary", op("sigmoid", x()), [[-40.0, -1.0, 0.0, 2.0, 40.0]], note="saturated at +-40")
    case("relu", "unary", op("relu", x()), [[-1.0, 0.0, 2.0]], note="kink at 0")
    case("abs", "unary", op("abs", x()), [[-1.5, 0.0, 2.0]], note="kink at 0")
    case("clip", "unary", op("clip", x(), low=-0.5, high=0.5), [[-1.0, -0.25, 0.3, 1.0]])
    case("clip_at_bounds", "unary", op("clip", x(), low=-0.5, high=0.5), [[-0.5, 0.5]], note="kinks at low and high")
    case("sign", "unary", op("multiply", op("sign", x()), op("square", x())), [[-2.0, 0.0, 3.0]],
         note="sign(x)*x^2: sign has zero derivative")
    case("stop_gradient", "unary", op("multiply", x(), op("stop_gradient", x())), [[1.5, -2.0, 0.5]],
         note="x*stop_gradient(x): gradient x, not 2x")

    # -- exponentials and logarithms --
    case("log1p", "exp_log", op("log1p", x()), [[-0.5, -1e-10, 0.0, 1e-8, 2.0, 100.0]], note="near 0: log1p(x) ~ x")
    case("log1p_at_minus_one", "exp_log", op("log1p", x()), [[-1.0]], note="log1p(-1) = -inf, derivative +inf")
    case("expm1", "exp_log", op("expm1", x()), [[-30.0, -1e-10, 0.0, 1e-8, 0.5, 3.0]], note="near 0: expm1(x) ~ x")
    case("log2", "exp_log", op("log2", x()), [[0.1, 1.0, 2.0, 10.0, 1024.0]])
    case("log10", "exp_log", op("log10", x()), [[0.1, 1.0, 2.0, 1000.0]])
    case("exp2", "exp_log", op("exp2", x()), [[-3.0, 0.0, 0.5, 10.0]])
    case("cbrt", "exp_log", op("cbrt", x()), [[-8.0, -0.3, 0.125, 27.0]], note="negative inputs: the real cube root")
    case("cbrt_at_zero", "exp_log", op("cbrt", x()), [[0.0]], note="cbrt'(0) = +inf")
    case("reciprocal", "exp_log", op("reciprocal", x()), [[-2.0, -0.5, 0.25, 4.0]])
    case("reciprocal_at_zero", "exp_log", op("reciprocal", x()), [[0.0]], note="1/0 = inf, derivative -inf")
    case("rsqrt", "exp_log", op("rsqrt", x()), [[0.25, 1.0, 2.0, 9.0]])
    case("rsqrt_at_zero", "exp_log", op("rsqrt", x()), [[0.0]], note="rsqrt(0) = inf, derivative -inf")

    # -- hyperbolic and inverse trigonometric --
    case("sinh", "trigonometric", op("sinh", x()), [[-3.0, -0.5, 0.0, 1.0, 20.0]])
    case("cosh", "trigonometric", op("cosh", x()), [[-3.0, -0.5, 0.0, 1.0, 20.0]], note="cosh'(0) = 0")
    case("arcsin", "trigonometric", op("arcsin", x()), [[-0.9, -0.5, 0.0, 0.3, 0.99]])
    # An end point is a case of one element: an infinite derivative times a zero of the basis would be NaN.
    case("arcsin_at_one", "trigonometric", op("arcsin", x()), [[1.0]], note="derivative +inf, second derivative +inf")
    case("arccos", "trigonometric", op("arccos", x()), [[-0.9, -0.5, 0.0, 0.3, 0.99]])
    case("arccos_at_minus_one", "trigonometric", op("arccos", x()), [[-1.0]], note="derivative -inf, second derivative +inf")
    case("arctan", "trigonometric", op("arctan", x()), [[-10.0, -1.0, 0.0, 0.5, 100.0]])
    case("arcsinh", "trigonometric", op("arcsinh", x()), [[-5.0, -0.5, 0.0, 1.0, 1000.0]])
    case("arccosh", "trigonometric", op("arccosh", x()), [[1.0625, 1.5, 3.0, 20.0]])
    case("arccosh_at_one", "trigonometric", op("arccosh", x()), [[1.0]], note="derivative +inf, second derivative -inf")
    case("arctanh", "trigonometric", op("arctanh", x()), [[-0.9, -0.25, 0.0, 0.5, 0.99]])
    case("arctanh_at_one", "trigonometric", op("arctanh", x()), [[1.0]], note="arctanh(1) = inf, derivative +inf")

    # -- special functions --
    case("erf", "special", op("erf", x()), [[-3.0, -0.5, 0.0, 0.25, 1.0, 6.0]], note="erf(6) rounds to 1")
    case("erfc", "special", op("erfc", x()), [[-2.0, -0.5, 0.0, 1.0, 5.0, 10.0]], note="erfc(10) = 2.1e-45: no cancellation")
    case("erfinv", "special", op("erfinv", x()), [[-0.984375, -0.5, 0.0, 0.3, 0.9, 0.984375]])
    case("erfinv_at_minus_one", "special", op("erfinv", x()), [[-1.0]], note="erfinv(-1) = -inf, derivative +inf")
    case("lgamma", "special", op("lgamma", x()), [[0.1, 0.5, 1.0, 2.0, 3.5, 50.0]], note="lgamma(1) = lgamma(2) = 0")
    case("lgamma_negative", "special", op("lgamma", x()), [[-2.5, -1.5, -0.5]], note="log|Gamma| where Gamma < 0 or > 0")
    case("lgamma_large", "special", op("lgamma", x()), [[1e3, 1e6, 1e10]])
    case("lgamma_at_zero", "special", op("lgamma", x()), [[0.0]], note="the pole: lgamma(0) = inf, digamma(+0) = -inf")
    case("digamma", "special", op("digamma", x()), [[0.1, 0.5, 1.0, 1.4616321449683622, 5.0, 20.0]],
         note="1.46163... is digamma's positive zero")
    case("digamma_negative", "special", op("digamma", x()), [[-2.5, -1.5, -0.5]])
    case("digamma_at_zero", "special", op("digamma", x()), [[0.0]], note="the pole: digamma(+0) = -inf, trigamma(0) = inf")
    for n in (0, 1, 2, 3):
        case(f"polygamma_{n}", "special", op("polygamma", x(), n=n), [[0.1, 0.5, 1.0, 3.0, 20.0]],
             note="polygamma(0, x) = digamma(x)" if n == 0 else "")

    # -- activations --
    case("softplus", "activation", op("softplus", x()), [[-1000.0, -30.0, -1.0, 0.0, 1.0, 15.0]])
    case("softplus_above_20", "activation", op("softplus", x()), [[21.0, 25.0, 1000.0]],
         note="softplus(x) = x + log1p(exp(-x)): PyTorch and MXNet return x above 20")
    case("softsign", "activation", op("softsign", x()), [[-5.0, -1.0, 0.0, 0.5, 3.0]],
         note="the second derivative jumps at 0")
    case("log_sigmoid", "activation", op("log_sigmoid", x()), [[-1000.0, -30.0, -1.0, 0.0, 2.0, 40.0]],
         note="log_sigmoid(-1000) = -1000, not -inf")
    case("gelu", "activation", op("gelu", x()), [[-10.0, -3.0, -1.0, 0.0, 0.5, 3.0]], note="the exact (erf) GELU")
    case("elu", "activation", op("elu", x(), alpha=1.0), [[-3.0, -0.5, 0.0, 1.0, 2.0]], note="kink at 0 (C1 for alpha = 1)")
    case("elu_alpha_half", "activation", op("elu", x(), alpha=0.5), [[-3.0, -0.5, 0.0, 1.0, 2.0]],
         note="kink at 0: derivative alpha on the left, 1 on the right")
    case("selu", "activation", op("selu", x()), [[-3.0, -0.5, 0.0, 1.0, 2.0]], note="kink at 0")
    case("leaky_relu", "activation", op("leaky_relu", x(), alpha=0.01), [[-3.0, -0.5, 1.0, 2.0]])
    case("leaky_relu_alpha_0_2", "activation", op("leaky_relu", x(), alpha=0.2), [[-3.0, -0.5, 1.0, 2.0]])
    case("leaky_relu_at_zero", "activation", op("leaky_relu", x(), alpha=0.2), [[-1.0, 0.0, 2.0]], note="kink at 0")
    case("silu", "activation", op("silu", x()), [[-40.0, -2.0, 0.0, 1.0, 30.0]])

    # -- rounding (zero derivative; multiplied by x so that the gradient is the rounded value) --
    halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]
    case("floor", "rounding", op("multiply", op("floor", x()), x()), [[-2.5, -1.0, -0.3, 0.0, 0.7, 2.0]],
         note="floor(x) * x: floor has zero derivative")
    case("ceil", "rounding", op("multiply", op("ceil", x()), x()), [[-2.5, -1.0, -0.3, 0.0, 0.7, 2.0]],
         note="ceil(x) * x")
    case("trunc", "rounding", op("multiply", op("trunc", x()), x()), [[-2.5, -1.0, -0.3, 0.0, 0.7, 2.0]],
         note="trunc(x) * x")
    case("round", "rounding", op("multiply", op("round", x()), x()), [[-2.7, -1.2, 0.3, 0.49999999999999994, 1.6]],
         note="round(x) * x away from halves")
    case("round_halves", "rounding", op("round", x()), [halves], hessian=False,
         note="halves round to even; zero derivative (the Hessian is the round case's)")

    # -- binary operators and broadcasting --
    case("add_2x3_3", "binary", op("add", x(0), x(1)), [m23, [0.5, -1.0, 2.0]])
    case("add_2x1_1x3", "binary", op("add", x(0), x(1)), [[[1.0], [-2.0]], [[0.5, 1.5, -0.25]]])
    case("add_scalar_const", "binary", op("add", x(), const(2.5, [])), [m23])
    case("subtract_3_2x1", "binary", op("subtract", x(0), x(1)), [[1.0, 2.0, 3.0], [[0.5], [-1.5]]])
    case("multiply_2x3_2x3", "binary", op("multiply", x(0), x(1)), [m23, [[2.0, -1.0, 0.5], [1.5, 0.25, -2.0]]])
    case("multiply_2x3_1", "binary", op("multiply", x(0), x(1)), [m23, [-1.5]])
    case("multiply_2x3_2x1", "binary", op("multiply", x(0), x(1)), [m23, [[2.0], [-0.5]]])
    case("divide_2x3_3", "binary", op("divide", x(0), x(1)), [m23, [0.5, -2.0, 4.0]])
    case("divide_1_4", "binary", op("divide", x(0), x(1)), [[3.0], [1.0, -2.0, 0.5, 4.0]])
    case("rdivide_scalar_const", "binary", op("divide", const(1.0, []), x()), [[0.5, -2.0, 4.0]])
    case("power", "binary", op("power", x(0), x(1)),
         [[[0.5, 1.5, 2.0], [2.5, 0.3, 1.0]], [[2.0, -1.0, 0.5], [1.5, -2.0, 3.0]]])
    case("power_4_scalar", "binary", op("power", x(0), x(1)), [[0.5, 1.5, 2.0, 2.5], [1.5]])
    case("power_const_exponent_3", "binary", op("power", x(), const(3.0, [])), [[-2.0, -0.5, 0.0, 1.5]],
         note="x**3 at negative x and at 0")
    case("power_const_base_2", "binary", op("power", const(2.0, []), x()), [[-1.0, 0.0, 0.5, 3.0]])
    case("power_const_exponent_0_at_0", "binary", op("power", x(), const(0.0, [])), [[0.0, 2.0]],
         note="d/dx x**0 at x = 0: 0 * 0**-1 = 0 * inf")
    case("power_base_0", "binary", op("power", x(0), x(1)), [[0.0, 2.0], [2.0, 2.0]],
         note="d/db a**b at a = 0: y * log(a) = 0 * -inf")
    case("maximum", "binary", op("maximum", x(0), x(1)), [m23, [0.75, -2.0, 1.0]])
    case("maximum_ties", "binary", op("maximum", x(0), x(1)), [[[1.0, 2.0, -1.0], [0.5, 0.5, 3.0]], [0.5, 2.0, 3.0]],
         note="a = b at three elements")
    case("maximum_scalar_0_tie", "binary", op("maximum", x(), const(0.0, [])), [[-1.0, 0.0, 2.0]],
         note="maximum(x, 0) at x = 0")
    case("minimum", "binary", op("minimum", x(0), x(1)), [m23, [[0.0], [-1.0]]])
    case("minimum_ties", "binary", op("minimum", x(0), x(1)), [[[1.0, 2.0, -1.0], [0.5, 0.5, 3.0]], [[2.0], [0.5]]],
         note="a = b at three elements")
    case("where", "binary", op("where", const([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]), x(0), x(1)),
         [m23, [0.5, -1.0, 2.0]], note="constant mask; b broadcast")
    for name in COMPARISONS:
        case("compare_" + name, "binary",
             op("multiply", op(name, x(0), x(1)), op("add", x(0), op("multiply", x(1), x(1)))),
             [[[1.0, 2.0, -1.0], [0.5, 3.0, -2.0]], [0.5, 2.0, 1.0]],
             note=name + "(a, b) * (a + b*b): the mask has zero derivative")

    # -- reductions over each axis --
    t234 = [[[0.5, -1.0, 2.0, 1.5], [-0.25, 3.0, 0.75, -2.0], [1.25, 0.1, -0.6, 2.5]],
            [[-1.5, 0.3, 0.8, -0.7], [2.2, -1.1, 0.4, 1.9], [-0.9, 1.6, -2.4, 0.6]]]
    case("sum_all", "reduction", red("sum", x()), [t234])
    for axis in range(3):
        case(f"sum_axis{axis}", "reduction", red("sum", x(), [axis]), [t234])
    case("sum_axes02_keepdims", "reduction", red("sum", x(), [0, 2], True), [t234])
    case("mean_axis1", "reduction", red("mean", x(), [1]), [t234])
    case("prod_all", "reduction", red("prod", x()), [[0.5, -1.5, 2.0, 1.25]])
    case("prod_axis1", "reduction", red("prod", x(), [1]), [m23])
    case("prod_axis0_3d", "reduction", red("prod", x(), [0]), [[[[0.5, -1.0], [1.5, 2.0]], [[-2.0, 0.25], [1.0, 3.0]]]])
    case("prod_one_zero", "reduction", red("prod", x(), [1]), [[[0.5, 0.0, 2.0], [1.5, -1.0, 3.0]]],
         note="one zero in a row: the gradient there is the product of the others")
    case("prod_two_zeros", "reduction", red("prod", x()), [[0.0, 2.0, 0.0, -1.5]],
         note="two zeros: the gradient is 0, the Hessian is not")
    case("max_all", "reduction", red("max", x()), [t234])
    for axis in range(3):
        case(f"max_axis{axis}", "reduction", red("max", x(), [axis]), [t234])
    case("max_all_ties", "reduction", red("max", x()), [[[1.0, 3.0, 3.0], [0.5, 3.0, -1.0]]], note="three tied maxima")
    case("max_axis1_ties", "reduction", red("max", x(), [1]), [[[1.0, 3.0, 3.0], [0.5, -1.0, 0.25]]],
         note="a tie in row 0")
    case("min_axis1_keepdims", "reduction", red("min", x(), [1], True), [t234])
    case("min_axis0_ties", "reduction", red("min", x(), [0]), [[[1.0, -2.0, 0.5], [1.0, 3.0, 0.5]]],
         note="ties in columns 0 and 2")
    case("norm_all", "reduction", red("norm", x()), [t234])
    case("norm_axis1_keepdims", "reduction", red("norm", x(), [1], True), [m23])
    case("norm_axis0", "reduction", red("norm", x(), [0]), [m23])
    case("norm_at_zero", "reduction", red("norm", x()), [[0.0, 0.0, 0.0]], note="the norm's kink")
    case("norm_zero_row", "reduction", red("norm", x(), [1]), [[[0.0, 0.0, 0.0], [3.0, -4.0, 1.0]]],
         note="row 0 is the zero vector")
    case("argmax_value", "reduction", op("argmax", x(), axis=1), [[[0.5, 2.0, -1.0], [3.0, -2.0, 2.5]]],
         note="index of the largest element per row: values only", derivatives=False)
    case("argmax_gradient", "reduction", op("argmax", x(), axis=1), [[[0.5, 2.0, -1.0], [3.0, -2.0, 2.5]]],
         note="asking for a derivative through argmax", jacobian=False, hessian=False)

    # -- structural: reshape, transpose, broadcast, concat, cast, slicing --
    case("reshape", "structural", op("reshape", x(), shape=[3, 2]), [m23])
    case("transpose_201", "structural", op("transpose", x(), axes=[2, 0, 1]),
         [[[[0.5, -1.0], [2.0, 1.5], [0.25, 3.0]], [[-0.5, 1.0], [0.75, -2.0], [1.25, 0.1]]]])
    case("transpose_2d", "structural", op("transpose", x(), axes=[1, 0]), [m23])
    case("broadcast_to_3_2x3", "structural", op("broadcast_to", x(), shape=[2, 3]), [[0.5, -1.0, 2.0]])
    case("broadcast_to_2x1_2x3", "structural", op("broadcast_to", x(), shape=[2, 3]), [[[0.5], [-1.0]]])
    case("concat_axis1", "structural", op("concat", x(0), x(1), axis=1),
         [[[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0, 1.5], [2.5, -0.5, 0.25]]])
    case("concat_axis0_three", "structural", op("concat", x(0), x(1), x(0), axis=0),
         [[[1.0, 2.0]], [[0.5, -1.0], [2.5, -0.5]]], note="the first input used twice")
    case("stack_axis1", "structural", op("stack", x(0), x(1), axis=1), [[1.0, 2.0, 3.0], [-0.5, 0.5, 1.5]])
    case("expand_squeeze_flatten", "structural",
         op("flatten", op("squeeze", op("expand_dims", x(), axis=1), axes=[1])),
         [[[[0.5, -1.0], [2.0, 1.5]], [[0.25, 3.0], [-0.5, 1.0]]]])
    case("cast_float32_roundtrip", "structural",
         op("multiply", op("cast", op("cast", x(), dtype="float32"), dtype="float64"), x()),
         [[0.1, 1.0 / 3.0, -2.7]], note="x * float64(float32(x)): the value rounds, the gradient converts back")
    v5 = [0.5, -1.0, 2.0, 1.5, -0.25]
    m34 = [[0.5, -1.0, 2.0, 1.5], [-0.25, 3.0, 0.75, -2.0], [1.25, 0.1, -0.6, 2.5]]
    case("index_int_1d", "structural", op("index", x(), items=[at(1)]), [v5], note="MXNet: shape [1]")
    case("index_negative_int", "structural", op("index", x(), items=[at(-1)]), [m34], note="the last row")
    case("index_range", "structural", op("index", x(), items=[sl(1, 3)]), [v5])
    case("index_step2", "structural", op("index", x(), items=[sl(None, None, 2)]), [v5])
    case("index_reversed", "structural", op("index", x(), items=[sl(None, None, -1)]), [v5])
    case("index_row_tail", "structural", op("index", x(), items=[at(0), sl(1, None)]), [m34])
    case("index_column", "structural", op("index", x(), items=[sl(), at(1)]), [m34])
    case("index_element", "structural", op("index", x(), items=[at(1), at(2)]), [m34], note="MXNet: shape [1]")
    case("index_block_step", "structural", op("index", x(), items=[sl(1, None), sl(None, None, 2)]), [m34])
    case("slice_scatter_reversed", "structural", op("slice_scatter", x(), items=[sl(2, 0, -1)], shape=[4]),
         [[0.5, -1.5]], note="zeros(4) with x written at [2:0:-1] (the catalog case)")
    case("slice_scatter_2d", "structural", op("slice_scatter", x(), items=[sl(0, 3, 2), sl(1, 3)], shape=[3, 4]),
         [[[0.5, -1.5], [2.0, 0.25]]])

    # -- indexing: constant integer indices, repeated ones accumulate in the gradient --
    def idx(data):
        return const(data)

    m43 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.3, 0.8, 1.1], [2.0, -1.5, 0.4]]
    case("take_axis0_repeats", "indexing", op("take", x(), idx([2, 0, 2, 1, 2]), axis=0), [m43],
         note="row 2 taken three times: its gradient is the sum of three cotangent rows")
    case("take_flat", "indexing", op("take", x(), idx([[5, 0], [5, 3]]), axis=None), [m23],
         note="axis None: indices into the flattened array; element 5 twice")
    case("take_last_axis", "indexing", op("take", x(), idx([2, 0, 2, 1]), axis=-1), [m23], note="axis -1")
    case("take_2d_indices_axis1", "indexing", op("take", x(), idx([[0, 2], [1, 1]]), axis=1), [m43],
         note="a [2, 2] index array along axis 1: shape [4, 2, 2]")
    case("scatter_add_axis0_repeats", "indexing",
         op("scatter_add", x(0), idx([1, 3, 1, 0, 1]), x(1), axis=0),
         [[[0.5, -1.0], [2.0, 1.5], [-0.25, 3.0], [0.75, -2.0]],
          [[1.0, 0.5], [-0.5, 2.0], [1.5, -1.5], [0.25, 0.75], [-2.0, 1.25]]],
         note="row 1 receives three updates")
    case("scatter_add_axis1_2d_indices", "indexing",
         op("scatter_add", x(0), idx([[0, 2], [2, 2]]), x(1), axis=1),
         [m23, [[[1.0, 0.5], [-0.5, 2.0]], [[1.5, -1.5], [0.25, 0.75]]]],
         note="a [2, 2] index array along axis 1, column 2 three times")
    case("scatter_add_then_square", "indexing",
         red("sum", op("square", op("scatter_add", x(0), idx([0, 2, 0]), x(1), axis=0))),
         [[1.0, -2.0, 0.5], [0.5, 1.5, -1.0]], note="sum((a + scatter)^2): a non-zero Hessian")
    case("take_along_axis_1", "indexing", op("take_along_axis", x(), idx([[2, 0, 2, 1], [1, 1, 0, 2]]), axis=1), [m23],
         note="repeated indices in each row")
    case("take_along_axis_0_broadcast", "indexing",
         op("take_along_axis", x(), idx([[2, 0, 1, 2], [0, 0, 2, 1]]), axis=0), [[[0.5], [-1.0], [2.0]]],
         note="a of shape [3, 1] broadcast against indices [2, 4]")
    case("pick_last_axis", "indexing", op("pick", x(), idx([2, 0]), axis=-1, keepdims=False), [m23])
    case("pick_axis0_keepdims", "indexing", op("pick", x(), idx([2, 0, 2]), axis=0, keepdims=True), [m43[:3]],
         note="keepdims: shape [1, 3]")
    case("pick_1d", "indexing", op("pick", x(), idx([3]), axis=0, keepdims=False), [[0.5, -1.0, 2.0, 1.5]],
         note="1-D data: shape [1] (MXNet's)")
    case("one_hot_times_x", "indexing", op("multiply", op("one_hot", idx([2, 0, 3]), depth=4), x()),
         [[[0.5, -1.0, 2.0, 1.5], [-0.25, 3.0, 0.75, -2.0], [1.25, 0.1, -0.6, 2.5]]],
         note="one_hot(i, 4) * x: a constant mask")

    # -- binary math: signs, quadrants, the remainders' conventions --
    signs_a, signs_b = [5.5, -5.5, 5.5, -5.5, 0.75], [2.0, 2.0, -2.0, -2.0, 2.5]
    case("arctan2", "binary_math", op("arctan2", x(0), x(1)), [m23, [0.5, -2.0, 4.0]],
         note="every quadrant but the jump (b < 0, a = 0)")
    case("hypot", "binary_math", op("hypot", x(0), x(1)), [m23, [0.5, -2.0, 4.0]])
    case("hypot_large", "binary_math", op("hypot", x(0), x(1)), [[1e200, -3e200], [4e200, 1e200]],
         note="no overflow: a² + b² would be inf")
    case("fmod_signs", "binary_math", op("fmod", x(0), x(1)), [signs_a, signs_b], note="C fmod: the sign of a")
    case("mod_signs", "binary_math", op("mod", x(0), x(1)), [signs_a, signs_b], note="Python %: the sign of b")
    case("floor_divide_signs", "binary_math", op("multiply", op("floor_divide", x(0), x(1)), x(0)), [signs_a, signs_b],
         note="floor_divide(a, b) * a: floor_divide has zero derivative")
    case("logaddexp", "binary_math", op("logaddexp", x(0), x(1)), [m23, [0.5, -2.0, 4.0]])
    case("logaddexp_large", "binary_math", op("logaddexp", x(0), x(1)), [[800.0, -800.0, 3.0], [799.0, -801.0, 3.0]],
         note="exp(800) overflows; a tie at 3")
    case("xlogy", "binary_math", op("xlogy", x(0), x(1)), [[1.5, -2.0, 0.5], [2.0, 0.5, 3.0]])
    case("xlogy_at_zero", "binary_math", op("xlogy", x(0), x(1)), [[0.0, 0.0], [0.0, 2.0]],
         note="x = 0: the value is 0, also at y = 0")
    case("copysign", "binary_math", op("copysign", x(0), x(1)), [[1.5, -2.0, 0.5, -0.75], [-1.0, 2.0, -0.5, -3.0]])
    case("squared_difference", "binary_math", op("squared_difference", x(0), x(1)), [m23, [[0.5], [-1.0]]])

    # -- statistics and normalizations --
    case("var_all", "statistics", op("var", x(), axis=None, ddof=0, keepdims=False), [m23])
    case("var_axis1_ddof1", "statistics", op("var", x(), axis=1, ddof=1, keepdims=True), [m23])
    case("std_axis0", "statistics", op("std", x(), axis=0, ddof=0, keepdims=False), [m43])
    case("std_zero_variance", "statistics", op("std", x(), axis=1, ddof=0, keepdims=False), [[[2.0, 2.0, 2.0], [1.0, -1.0, 0.5]]],
         note="row 0 is constant: sqrt's kink at 0")
    case("logsumexp_axis1", "statistics", op("logsumexp", x(), axis=1, keepdims=False), [m23])
    case("logsumexp_large", "statistics", op("logsumexp", x(), axis=None, keepdims=False), [[1000.0, 1000.5, -1000.0, 999.0]],
         note="exp(1000) overflows: the max shift")
    case("softmax_last", "normalization", op("softmax", x(), axis=-1), [m23])
    case("softmax_large_axis0", "normalization", op("softmax", x(), axis=0), [[[1000.0, -5.0], [1001.0, -1000.0], [999.5, 3.0]]],
         note="large inputs")
    case("log_softmax_last", "normalization", op("log_softmax", x(), axis=-1), [m23])
    case("log_softmax_large", "normalization", op("log_softmax", x(), axis=1), [[[1000.0, 0.0, -1000.0], [2.0, 2.0, 2.0]]],
         note="large inputs; a row of ties")
    case("normalize_l2", "normalization", op("normalize", x(), ord=2, axis=-1, eps=1e-12), [m23])
    case("normalize_l1_axis0", "normalization", op("normalize", x(), ord=1, axis=0, eps=1e-12), [m43])
    case("normalize_below_eps", "normalization", op("normalize", x(), ord=2, axis=1, eps=0.5), [[[0.1, -0.2, 0.2], [3.0, -4.0, 1.0]]],
         note="row 0 has norm 0.3 < eps: x / eps")

    # -- scans --
    case("cumsum_flat", "scan", op("cumsum", x(), axis=None, reverse=False), [m23])
    case("cumsum_axis0_reverse", "scan", op("cumsum", x(), axis=0, reverse=True), [m43])
    case("cumprod", "scan", op("cumprod", x(), axis=1), [m23])
    case("cumprod_zeros", "scan", op("cumprod", x(), axis=0), [[1.5, 0.0, 2.0, -1.0, 0.0, 3.0]],
         note="two zeros: exact (no division), and its Hessian is linear_recurrence's derivative")
    case("linear_recurrence", "scan", op("linear_recurrence", x(0), x(1), axis=-1, reverse=False),
         [[0.5, -1.0, 2.0, 0.25], [1.0, 0.5, -1.5, 2.0]], note="z_i = a_i z_(i-1) + b_i")
    case("linear_recurrence_reverse", "scan", op("linear_recurrence", x(0), x(1), axis=0, reverse=True),
         [[[0.5, -1.0], [2.0, 0.25], [1.5, -0.5]], [[1.0, 0.5], [-1.5, 2.0], [0.25, 1.0]]])

    # -- diagonals --
    m34b = [[0.5, -1.0, 2.0, 1.5], [-0.25, 3.0, 0.75, -2.0], [1.25, 0.1, -0.6, 2.5]]
    case("diagonal_offset1", "diagonal", op("diagonal", x(), offset=1, axis1=0, axis2=1), [m34b])
    case("diagonal_3d", "diagonal", op("diagonal", x(), offset=-1, axis1=2, axis2=0),
         [[[[0.5, -1.0, 2.0, 1.5], [-0.25, 3.0, 0.75, -2.0]], [[1.25, 0.1, -0.6, 2.5], [1.0, 2.0, 3.0, 4.0]],
           [[-1.5, 0.5, 0.25, 0.75], [2.5, -0.5, 1.5, -1.25]]]])
    case("diagonal_scatter", "diagonal", op("diagonal_scatter", x(), shape=[3, 4], offset=1, axis1=0, axis2=1),
         [[0.5, -1.5, 2.0]])
    case("diag_vector", "diagonal", op("diag", x(), k=1), [[0.5, -1.5]])
    case("diag_matrix", "diagonal", op("diag", x(), k=-1), [m34b])
    case("trace", "diagonal", op("trace", x(), offset=0, axis1=-2, axis2=-1), [m43[:3]])
    case("trace_offset_batch", "diagonal", op("trace", x(), offset=1, axis1=1, axis2=2),
         [[m34b, [[1.0, 2.0, -1.0, 0.5], [0.25, -0.5, 1.5, 2.0], [3.0, -2.0, 0.75, 1.0]]]])

    # -- LAPACK: well-conditioned matrices; sign conventions fixed in the peers as DualTape fixes them --
    A3 = [[4.0, 1.0, -0.5], [0.5, 3.0, 1.0], [-1.0, 0.25, 2.5]]
    S3 = [[4.0, 1.0, -0.5], [1.0, 3.0, 0.75], [-0.5, 0.75, 2.5]]        # symmetric positive definite
    case("solve_vector", "lapack", op("solve", x(0), x(1)), [A3, [1.0, -2.0, 0.5]])
    case("solve_batch", "lapack", op("solve", x(0), x(1)),
         [[A3, [[2.0, 0.5, 0.0], [-1.0, 3.0, 0.5], [0.25, 0.5, 1.5]]], [[[1.0, 0.5], [-2.0, 1.0], [0.5, 2.0]],
                                                                         [[0.0, 1.0], [1.5, -1.0], [2.0, 0.25]]]])
    case("inv", "lapack", op("inv", x()), [A3])
    case("det", "lapack", op("det", x()), [A3], note="MXNet: shape [1]")
    case("det_batch", "lapack", op("det", x()), [[A3, [[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]]]],
         note="a negative determinant")
    case("slogdet_logabsdet", "lapack", op("slogdet", x(), part="logabsdet"), [[[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]]],
         note="det < 0")
    case("slogdet_sign_times_det", "lapack", op("multiply", op("slogdet", x(), part="sign"), op("det", x())),
         [[[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]]], note="sign(det) * det = |det|: sign has zero derivative")
    case("cholesky", "lapack", op("cholesky", x()), [S3], note="reads the lower triangle")
    case("triangular_solve_lower", "lapack", op("triangular_solve", x(0), x(1), lower=True, unit_diagonal=False),
         [A3, [[1.0, 0.5], [-2.0, 1.0], [0.5, 2.0]]], note="the upper triangle of a is not read")
    case("triangular_solve_upper_unit", "lapack", op("triangular_solve", x(0), x(1), lower=False, unit_diagonal=True),
         [A3, [1.0, -2.0, 0.5]], note="unit diagonal: the diagonal of a is not read")
    case("qr_q", "lapack", op("qr", x(), part="q"), [[[1.0, 2.0, 0.5], [-1.0, 0.5, 1.5], [0.5, -1.0, 2.0], [2.0, 0.25, -0.5]]])
    case("qr_r", "lapack", op("qr", x(), part="r"), [[[1.0, 2.0, 0.5], [-1.0, 0.5, 1.5], [0.5, -1.0, 2.0], [2.0, 0.25, -0.5]]])
    case("eigh_values", "lapack", op("eigh", x(), part="values"), [S3], note="ascending; reads the lower triangle")
    case("eigh_vectors", "lapack", op("eigh", x(), part="vectors"), [S3],
         note="each vector's largest-magnitude element positive")
    case("svd_s", "lapack", op("svd", x(), part="s"), [[[1.0, 2.0, 0.5], [-1.0, 0.5, 1.5], [0.5, -1.0, 2.0], [2.0, 0.25, -0.5]]])
    case("svd_u", "lapack", op("svd", x(), part="u"), [[[1.0, 2.0, 0.5, -1.0], [0.5, 1.5, 0.5, -1.0], [2.0, 2.0, 0.25, -0.5]]])
    case("svd_vh", "lapack", op("svd", x(), part="vh"), [[[1.0, 2.0, 0.5], [-1.0, 0.5, 1.5], [0.5, -1.0, 2.0], [2.0, 0.25, -0.5]]])

    # -- products and convolutions --
    A23 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
    B34 = [[1.0, 0.5, -0.5, 2.0], [-1.5, 0.25, 1.0, 0.5], [0.75, -2.0, 0.3, 1.25]]
    def vals(n, shift=0):
        return [round(((k * 7 + shift) % 11 - 5) * 0.25, 2) for k in range(n)]

    def shaped(shape, shift=0):
        import functools
        flat = vals(functools.reduce(lambda a, b: a * b, shape, 1), shift)
        def build(dims, offset):
            if len(dims) == 1:
                return flat[offset:offset + dims[0]]
            step = functools.reduce(lambda a, b: a * b, dims[1:], 1)
            return [build(dims[1:], offset + i * step) for i in range(dims[0])]
        return build(shape, 0)

    case("outer", "products", op("outer", x(0), x(1)), [[0.5, -1.0, 2.0], [1.5, -0.25]])
    case("outer_flattens", "products", op("outer", x(0), x(1)), [[[0.5, -1.0], [2.0, 0.25]], [1.5, -0.25, 3.0]],
         note="a 2-D operand is flattened first (NumPy)")
    case("kron_2x2_2x3", "products", op("kron", x(0), x(1)), [[[0.5, -1.0], [2.0, 0.25]], [[1.0, 0.5, -0.5], [2.0, -1.5, 0.25]]])
    case("kron_3_2x2", "products", op("kron", x(0), x(1)), [[0.5, -1.0, 2.0], [[1.0, 0.5], [-0.5, 2.0]]])
    case("einsum_matmul", "products", op("einsum", x(0), x(1), spec="ij_jk_ik"), [A23, B34])
    case("einsum_batch", "products", op("einsum", x(0), x(1), spec="bij_bjk_bik"), [shaped([2, 2, 3]), shaped([2, 3, 2], 3)])
    case("einsum_trace", "products", op("einsum", x(), spec="ii_"), [shaped([3, 3], 1)], note="a full contraction: shape []")
    case("einsum_implicit", "products", op("einsum", x(0), x(1), spec="ijk_kj"), [shaped([2, 3, 2]), shaped([2, 3], 5)],
         note="implicit output: the labels that appear once, sorted")
    case("einsum_diag_product", "products", op("einsum", x(0), x(1), spec="bii_bi_b"), [shaped([2, 3, 3]), shaped([2, 3], 2)])
    case("conv1d", "convolution", op("conv1d", x(0), x(1), stride=1, padding=0, dilation=1), [shaped([1, 2, 5]), shaped([2, 2, 3], 4)])
    case("conv1d_stride_padding_dilation", "convolution", op("conv1d", x(0), x(1), stride=2, padding=1, dilation=2),
         [shaped([1, 2, 9]), shaped([3, 2, 3], 4)])
    case("conv2d", "convolution", op("conv2d", x(0), x(1), stride=1, padding=0, dilation=1), [shaped([1, 1, 4, 4]), shaped([2, 1, 2, 2], 4)])
    case("conv2d_strides_paddings", "convolution", op("conv2d", x(0), x(1), stride=[1, 2], padding=[1, 0], dilation=1),
         [shaped([1, 2, 4, 5]), shaped([2, 2, 2, 3], 4)])
    case("conv2d_unbatched", "convolution", op("conv2d", x(0), x(1), stride=1, padding=1, dilation=1),
         [shaped([2, 3, 3]), shaped([2, 2, 3, 3], 4)], note="x of shape [C, H, W]")
    case("conv_transpose1d", "convolution",
         op("conv_transpose1d", x(0), x(1), stride=2, padding=1, output_padding=1, dilation=2),
         [shaped([1, 2, 4]), shaped([2, 3, 2], 4)])
    case("conv_transpose2d", "convolution",
         op("conv_transpose2d", x(0), x(1), stride=2, padding=1, output_padding=0, dilation=1),
         [shaped([1, 2, 3, 3]), shaped([2, 1, 2, 2], 4)])
    case("conv_weight1d", "convolution", op("conv_weight", x(0), x(1), kernel_size=[3], stride=1, padding=0, dilation=1),
         [shaped([1, 2, 6]), shaped([1, 2, 4], 4)])
    case("conv_weight2d", "convolution",
         op("conv_weight", x(0), x(1), kernel_size=[2, 3], stride=2, padding=1, dilation=2),
         [shaped([1, 2, 6, 5]), shaped([1, 2, 3, 2], 4)])

    # -- pooling: distinct values (a period of 101), but for the ties a case sets on purpose --
    def distinct(shape, shift=0):
        import functools
        flat = [((k * 37 + shift) % 101 - 50) * 0.0625 for k in range(functools.reduce(lambda a, b: a * b, shape, 1))]
        def build(dims, offset):
            if len(dims) == 1:
                return flat[offset:offset + dims[0]]
            step = functools.reduce(lambda a, b: a * b, dims[1:], 1)
            return [build(dims[1:], offset + i * step) for i in range(dims[0])]
        return build(shape, 0)

    case("avg_pool1d", "pooling", op("avg_pool1d", x(), kernel_size=2, stride=None, padding=0), [distinct([1, 2, 6])])
    case("avg_pool1d_padding", "pooling", op("avg_pool1d", x(), kernel_size=3, stride=1, padding=1), [distinct([1, 1, 5], 3)],
         note="the zero padding counts (count_include_pad=True)")
    case("avg_pool2d", "pooling", op("avg_pool2d", x(), kernel_size=2, stride=None, padding=0), [distinct([1, 1, 4, 4], 5)])
    case("avg_pool2d_stride_padding", "pooling", op("avg_pool2d", x(), kernel_size=3, stride=2, padding=1), [distinct([1, 2, 5, 6], 7)])
    case("avg_pool2d_unbatched", "pooling", op("avg_pool2d", x(), kernel_size=[2, 1], stride=[1, 2], padding=0),
         [distinct([2, 3, 4], 11)], note="x of shape [C, H, W]")
    case("max_pool1d", "pooling", op("max_pool1d", x(), kernel_size=2, stride=None, padding=0), [distinct([1, 2, 6])])
    case("max_pool1d_overlap_padding", "pooling", op("max_pool1d", x(), kernel_size=3, stride=1, padding=1),
         [distinct([1, 1, 7], 13)], note="overlapping windows share their maxima; the padding is -inf")
    case("max_pool1d_negative_padding", "pooling", op("max_pool1d", x(), kernel_size=3, stride=2, padding=1),
         [[[[-1.0, -2.5, -0.5, -3.0, -1.5]]]], note="all negative: a zero padding would win")
    case("max_pool2d", "pooling", op("max_pool2d", x(), kernel_size=2, stride=None, padding=0), [distinct([1, 1, 4, 4], 5)])
    case("max_pool2d_stride_padding", "pooling", op("max_pool2d", x(), kernel_size=3, stride=2, padding=1), [distinct([1, 2, 5, 6], 7)])
    case("max_pool2d_unbatched", "pooling", op("max_pool2d", x(), kernel_size=[2, 1], stride=[1, 2], padding=0),
         [distinct([2, 3, 4], 11)], note="x of shape [C, H, W]")
    case("max_pool2d_ties", "pooling", op("max_pool2d", x(), kernel_size=2, stride=None, padding=0),
         [[[[1.0, 1.0, 0.5, 2.0], [1.0, 0.5, 2.0, 2.0], [-1.0, -1.0, 3.0, 0.0], [-1.0, -1.0, 0.0, 3.0]]]],
         note="ties within windows: the derivative goes to the first largest element in window order")

    # -- matrix products --
    A23 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
    B34 = [[1.0, 0.5, -0.5, 2.0], [-1.5, 0.25, 1.0, 0.5], [0.75, -2.0, 0.3, 1.25]]
    case("matmul_2x3_3x4", "matmul", op("matmul", x(0), x(1)), [A23, B34])
    case("matmul_1x3_3x1", "matmul", op("matmul", x(0), x(1)), [[[0.5, -1.0, 2.0]], [[1.5], [0.25], [-0.75]]])
    case("matmul_batch_2x2x3_2x3x2", "matmul", op("matmul", x(0), x(1)),
         [[A23, [[1.0, 0.5, -0.5], [2.0, -1.5, 0.25]]],
          [[[1.0, 0.5], [-0.5, 2.0], [-1.5, 0.25]], [[1.0, 0.5], [0.75, -2.0], [0.3, 1.25]]]])
    case("matmul_batch_2x2x3_3x2", "matmul", op("matmul", x(0), x(1)),
         [[A23, [[1.0, 0.5, -0.5], [2.0, -1.5, 0.25]]], [[1.0, 0.5], [-0.5, 2.0], [-1.5, 0.25]]])
    case("matmul_2x3_batch_2x3x2", "matmul", op("matmul", x(0), x(1)),
         [A23, [[[1.0, 0.5], [-0.5, 2.0], [-1.5, 0.25]], [[1.0, 0.5], [0.75, -2.0], [0.3, 1.25]]]])
    case("matmul_vec_vec", "matmul", op("matmul", x(0), x(1)), [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]],
         note="MXNet: shape [1]")
    case("matmul_mat_vec", "matmul", op("matmul", x(0), x(1)), [A23, [1.5, 0.25, -0.75]])
    case("matmul_vec_mat", "matmul", op("matmul", x(0), x(1)), [[0.5, -1.0, 2.0], [[1.0, 0.5], [-0.5, 2.0], [-1.5, 0.25]]])

    # -- the seed tutorial's functions --
    seed_X = [[1.0, 2.0], [3.0, 4.0]]
    seed_a = [0.9273255, -0.45468742]
    for dtype, suffix in (("float64", ""), ("float32", "_f32")):
        case("seed_2x_squared" + suffix, "seed", op("multiply", op("multiply", const(2.0, []), x()), x()), [seed_X],
             dtype=dtype, note="Y = 2 * X * X")
        case("seed_f" + suffix, "seed", op("seed_f", x()), [seed_a], dtype=dtype,
             note="the seed's f(a) at the seed's a (sum >= 0: returns b[0])")
        case("seed_f_negative_branch" + suffix, "seed", op("seed_f", x()), [[-0.9, 0.3]], dtype=dtype,
             note="sum < 0: returns b[1]")
        case("seed_norm" + suffix, "seed", red("norm", x()), [[[2.0, 4.0], [7.0, 5.0]]], dtype=dtype)
        case("seed_sum" + suffix, "seed", red("sum", x()), [[[2.0, 4.0], [7.0, 5.0]]], dtype=dtype)

    # -- composite functions --
    def logsumexp(z, axis):
        m = red("max", z, [axis], True)
        return op("add", op("log", red("sum", op("exp", op("subtract", z, m)), [axis], True)), m)

    def softmax_cross_entropy(logits, onehot, batch):
        logp = op("subtract", logits, logsumexp(logits, 1))
        return op("divide", op("negative", red("sum", op("multiply", onehot, logp))), const(float(batch), []))

    X53 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.3, 0.8, 1.1], [2.0, -1.5, 0.4], [0.1, 0.6, -1.2]]
    Y52 = [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    W1 = [[0.2, -0.5, 0.3, 0.8], [-0.7, 0.4, 0.1, -0.2], [0.5, 0.9, -0.6, 0.3]]
    b1 = [0.1, -0.2, 0.05, 0.3]
    W2 = [[0.6, -0.4], [-0.3, 0.8], [0.7, 0.2], [-0.5, 0.1]]
    b2 = [0.05, -0.1]
    hidden = op("relu", op("add", op("matmul", const(X53), x(0)), x(1)))
    logits = op("add", op("matmul", hidden, x(2)), x(3))
    rosen_x = [-1.2, 1.0, 0.5, -0.3, 0.8, 1.1]
    lo = op("index", x(), items=[sl(None, -1)])
    hi = op("index", x(), items=[sl(1, None)])
    rosenbrock = red("sum", op("add",
                               op("multiply", const(100.0, []), op("square", op("subtract", hi, op("square", lo)))),
                               op("square", op("subtract", const(1.0, []), lo))))
    Z43 = [[1.0, -0.5, 2.0], [0.3, 0.2, -1.0], [-2.0, 1.5, 0.1], [0.7, 0.7, -0.4]]
    onehot43 = [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    for dtype, suffix in (("float64", ""), ("float32", "_f32")):
        case("mlp_loss" + suffix, "composite", softmax_cross_entropy(logits, const(Y52), 5), [W1, b1, W2, b2],
             dtype=dtype, note="mean softmax cross-entropy of a 3-4-2 relu MLP on 5 samples", jacobian=False)
        case("rosenbrock" + suffix, "composite", rosenbrock, [rosen_x], dtype=dtype)
        case("logsumexp_rows" + suffix, "composite", logsumexp(x(), 1), [Z43], dtype=dtype,
             note="log-sum-exp over axis 1, max-shifted")
        case("softmax_cross_entropy" + suffix, "composite", softmax_cross_entropy(x(), const(onehot43), 4), [Z43],
             dtype=dtype)
        case("norm_of_matmul" + suffix, "composite", red("norm", op("matmul", x(0), x(1))),
             [A23, [[1.0, 0.5], [-0.5, 2.0], [-1.5, 0.25]]], dtype=dtype)
    case("logsumexp_all", "composite", logsumexp(op("reshape", x(), shape=[1, 6]), 1),
         [[[1.0, -0.5, 2.0], [0.3, 700.0, -1.0]]], note="one huge entry: the shift keeps it finite")
    case("tanh_layer", "composite",
         red("sum", op("tanh", op("add", op("matmul", x(0), const([[0.5], [-1.0], [0.25]])), x(1)))),
         [A23, [0.1]], note="sum(tanh(x W + b))")
    case("sigmoid_bce", "composite",
         op("negative", red("mean", op("add",
                                       op("multiply", const([1.0, 0.0, 1.0, 0.0]), op("log", op("sigmoid", x()))),
                                       op("multiply", const([0.0, 1.0, 0.0, 1.0]),
                                          op("log", op("subtract", const(1.0, []), op("sigmoid", x()))))))),
         [[0.5, -1.2, 2.0, 0.3]], note="binary cross-entropy through sigmoid and log")

    # -- a Float32 subset of the operators --
    for name, expr, data in [
        ("sin_f32", op("sin", x()), [[-2.0, 0.0, 1.0, 3.0]]),
        ("exp_f32", op("exp", x()), [[-1.0, 0.0, 0.5, 2.0]]),
        ("log_f32", op("log", x()), [[0.1, 1.0, 2.5, 10.0]]),
        ("tanh_f32", op("tanh", x()), [[-3.0, 0.0, 0.5, 2.0]]),
        ("sigmoid_f32", op("sigmoid", x()), [[-4.0, -1.0, 0.0, 2.0]]),
        ("sqrt_f32", op("sqrt", x()), [[0.25, 1.0, 2.0, 9.5]]),
        ("add_2x3_3_f32", op("add", x(0), x(1)), [m23, [0.5, -1.0, 2.0]]),
        ("divide_2x3_3_f32", op("divide", x(0), x(1)), [m23, [0.5, -2.0, 4.0]]),
        ("power_f32", op("power", x(0), x(1)), [[[0.5, 1.5, 2.0], [2.5, 0.3, 1.0]], [[2.0, -1.0, 0.5], [1.5, -2.0, 3.0]]]),
        ("sum_axis1_f32", red("sum", x(), [1]), [t234]),
        ("max_axis2_f32", red("max", x(), [2]), [t234]),
        ("prod_axis1_f32", red("prod", x(), [1]), [m23]),
        ("norm_axis1_f32", red("norm", x(), [1]), [m23]),
        ("matmul_2x3_3x4_f32", op("matmul", x(0), x(1)), [A23, B34]),
        ("index_block_step_f32", op("index", x(), items=[sl(1, None), sl(None, None, 2)]), [m34]),
        ("log1p_f32", op("log1p", x()), [[-0.5, 1e-4, 0.5, 3.0]]),
        ("arctan_f32", op("arctan", x()), [[-10.0, -1.0, 0.5, 2.0]]),
        ("erf_f32", op("erf", x()), [[-2.0, -0.5, 0.25, 1.0]]),
        ("lgamma_f32", op("lgamma", x()), [[0.5, 1.5, 3.5, 10.0]]),
        ("gelu_f32", op("gelu", x()), [[-3.0, -1.0, 0.5, 2.0]]),
        ("softplus_f32", op("softplus", x()), [[-5.0, -1.0, 0.5, 4.0]]),
        ("take_axis0_repeats_f32", op("take", x(), const([2, 0, 2, 1, 2]), axis=0), [m43]),
        ("softmax_f32", op("softmax", x(), axis=-1), [m23]),
        ("logsumexp_axis1_f32", op("logsumexp", x(), axis=1, keepdims=False), [m23]),
        ("conv2d_f32", op("conv2d", x(0), x(1), stride=1, padding=0, dilation=1),
         [[[[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [1.0, 0.5, -0.5]]], [[[[1.0, -0.5], [0.25, 2.0]]]]]),
        ("solve_vector_f32", op("solve", x(0), x(1)), [[[4.0, 1.0, -0.5], [0.5, 3.0, 1.0], [-1.0, 0.25, 2.5]], [1.0, -2.0, 0.5]]),
        ("avg_pool2d_f32", op("avg_pool2d", x(), kernel_size=2, stride=1, padding=1), [[[[0.1, -0.7, 1.3], [2.2, 0.4, -1.9], [0.6, 1.1, -0.3]]]]),
        ("max_pool2d_f32", op("max_pool2d", x(), kernel_size=2, stride=1, padding=0), [[[[0.1, -0.7, 1.3], [2.2, 0.4, -1.9], [0.6, 1.1, -0.3]]]]),
    ]:
        group = {"add": "binary", "divide": "binary", "power": "binary", "sum": "reduction", "max": "reduction",
                 "prod": "reduction", "norm": "reduction", "matmul": "matmul", "index": "structural",
                 "log1p": "exp_log", "arctan": "trigonometric", "erf": "special", "lgamma": "special",
                 "gelu": "activation", "softplus": "activation", "take": "indexing",
                 "softmax": "normalization", "logsumexp": "statistics", "solve": "lapack",
                 "conv2d": "convolution", "avg_pool2d": "pooling", "max_pool2d": "pooling"}.get(expr["op"], "unary")
        case(name, group, expr, data, dtype="float32")
    return cases


def digest(cases):
    """A short fingerprint of the case definitions, recorded in every reference file."""
    import hashlib
    import json
    text = json.dumps(cases, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


if __name__ == "__main__":
    cs = build_cases()
    print(len(cs), "cases:", sum(c["dtype"] == "float64" for c in cs), "float64,",
          sum(c["dtype"] == "float32" for c in cs), "float32")

#!/usr/bin/env python3
"""Computes reference values and derivatives for the validation suite with a real peer.

    python make_references.py --cases         writes references/cases.json (no peer needed)
    python make_references.py --peer mxnet    under .venv-mxnet      -> references/mxnet.json
    python make_references.py --peer torch    under .venv-torch-jax  -> references/torch.json
    python make_references.py --peer jax      under .venv-torch-jax  -> references/jax.json

For every case of cases.py the peer computes, in the case's dtype:

- value:    f(x)
- vjp:      Jᵀu for each input, u the case's cotangent (the gradient when f is a scalar)
- jvp:      J·v along the case's tangents (forward mode; MXNet 1.9.1 has none)
- jacobian: ∂f/∂xᵢ for each input, [output count, input count], row by row in reverse mode
- jacobian_fwd: the same Jacobian column by column in forward mode (PyTorch and JAX)
- hessian:  the Hessian of ⟨u, f⟩ over all inputs flattened and concatenated, [N, N]

An operation the peer refuses is recorded as an error message instead of a result. JSON has
no NaN or infinity: those are written as the strings "nan", "inf" and "-inf".
"""

import argparse
import json
import math
import os
import platform
import shlex
import sys

import numpy as np

import cases as suite

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REFERENCES = os.path.join(os.path.dirname(HERE), "references")


# ---- encoding ----------------------------------------------------------------------------

def number(v):
    v = float(v)
    if v != v:
        return "nan"
    if v == float("inf"):
        return "inf"
    if v == -float("inf"):
        return "-inf"
    return v


def encode(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [number(v) for v in a.astype(np.float64).ravel()]}


def short_error(e):
    lines = [line.strip() for line in str(e).strip().splitlines() if line.strip()]
    text = lines[-1] if lines else ""
    prefix = type(e).__name__ + ": "
    return (text if text.startswith(prefix) else prefix + text)[:300]


def scatter_coordinates(items, shape):
    """The coordinates, one list per axis, of the block `items` selects in `shape`, row-major."""
    ranges = [range(*slice(*it["slice"]).indices(n)) for it, n in zip(items, shape)]
    ranges += [range(n) for n in shape[len(items):]]
    grids = np.meshgrid(*[np.array(r) for r in ranges], indexing="ij")
    return [g.ravel().tolist() for g in grids]


def python_index(items):
    return tuple(it["at"] if "at" in it else slice(*it["slice"]) for it in items)


# ---- the interpreter shared by the peers -------------------------------------------------

class Interpreter:
    """Evaluates a case's expression with one peer's operations (a subclass per peer)."""

    def __init__(self, dtype):
        self.dtype = dtype

    def run(self, expr, inputs):
        kind = expr["op"]
        if kind == "input":
            return inputs[expr["index"]]
        if kind == "const":
            return self.const(expr["data"], expr["shape"])
        args = [self.run(a, inputs) for a in expr["args"]]
        method = getattr(self, "op_" + kind)
        attrs = {k: expr[k] for k in suite.OPS[kind]}
        return method(*args, **attrs)

    def absent(self, peer, name, instead=""):
        """A peer that has no such operator refuses the case: recorded in its `errors`."""
        raise NotImplementedError(f"{peer} has no {name} operator{instead}")

    @staticmethod
    def einsum_notation(word, operands):
        """DualTape's one-word spec (ij_jk_ik) as NumPy's notation (ij,jk->ik); n parts: implicit output."""
        parts = word.split("_")
        if len(parts) == operands:
            return ",".join(parts)
        return ",".join(parts[:operands]) + "->" + parts[operands]

    @staticmethod
    def spatial(v, d):
        return list(v) if isinstance(v, list) else [v] * d

    def conv_transposed_length(self, n, k, stride, padding, output_padding, dilation):
        return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1

    def linear_recurrence(self, a, b, axis, reverse, unbind, stack):
        """z_i = a_i·z_(i-1) + b_i along axis, z_(-1) = 0 (backwards when reverse): a loop of the peer's ops."""
        zs, z = [], None
        pairs = list(zip(unbind(a, axis), unbind(b, axis)))
        for ai, bi in (reversed(pairs) if reverse else pairs):
            z = bi if z is None else ai * z + bi
            zs.append(z)
        return stack(zs[::-1] if reverse else zs, axis)

    def op_seed_f(self, a):
        # The seed tutorial's function, written as the tutorial writes it.
        b = a * 2
        while self.scalar(self.op_norm(b, None, False)) < 1000:
            b = b * 2
        if self.scalar(self.op_sum(b, None, False)) >= 0:
            return self.op_index(b, [{"at": 0}])
        return self.op_index(b, [{"at": 1}])


class MXNetInterpreter(Interpreter):
    def __init__(self, dtype):
        super().__init__(dtype)
        from mxnet import nd
        self.nd = nd

    def const(self, data, shape):
        if shape == []:
            return float(data[0])          # MXNet 1.x has no 0-d arrays: a Python scalar (its *_scalar ops)
        return self.nd.array(np.array(data).reshape(shape), dtype=self.dtype)

    def scalar(self, a):
        return a.asscalar()

    def _shape(self, a):
        return () if isinstance(a, float) else a.shape

    def op_negative(self, a): return self.nd.negative(a)
    def op_square(self, a): return self.nd.square(a)
    def op_sqrt(self, a): return self.nd.sqrt(a)
    def op_exp(self, a): return self.nd.exp(a)
    def op_log(self, a): return self.nd.log(a)
    def op_sin(self, a): return self.nd.sin(a)
    def op_cos(self, a): return self.nd.cos(a)
    def op_tan(self, a): return self.nd.tan(a)
    def op_tanh(self, a): return self.nd.tanh(a)
    def op_sigmoid(self, a): return self.nd.sigmoid(a)
    def op_relu(self, a): return self.nd.relu(a)
    def op_abs(self, a): return self.nd.abs(a)
    def op_clip(self, a, low, high): return self.nd.clip(a, low, high)
    def op_sign(self, a): return self.nd.sign(a)
    def op_stop_gradient(self, a): return self.nd.stop_gradient(a)
    # The catalog's later unary families. Where nd has no operator the case is refused.
    def op_log1p(self, a): return self.nd.log1p(a)
    def op_expm1(self, a): return self.nd.expm1(a)
    def op_log2(self, a): return self.nd.log2(a)
    def op_log10(self, a): return self.nd.log10(a)
    def op_exp2(self, a): return self.nd.power(2.0, a)       # no nd.exp2: 2 ** x (_rpower_scalar)
    def op_cbrt(self, a): return self.nd.cbrt(a)
    def op_reciprocal(self, a): return self.nd.reciprocal(a)
    def op_rsqrt(self, a): return self.nd.rsqrt(a)
    def op_sinh(self, a): return self.nd.sinh(a)
    def op_cosh(self, a): return self.nd.cosh(a)
    def op_arcsin(self, a): return self.nd.arcsin(a)
    def op_arccos(self, a): return self.nd.arccos(a)
    def op_arctan(self, a): return self.nd.arctan(a)
    def op_arcsinh(self, a): return self.nd.arcsinh(a)
    def op_arccosh(self, a): return self.nd.arccosh(a)
    def op_arctanh(self, a): return self.nd.arctanh(a)
    def op_erf(self, a): return self.nd.erf(a)
    def op_erfc(self, a): self.absent("MXNet 1.9.1", "erfc")
    def op_erfinv(self, a): return self.nd.erfinv(a)
    def op_lgamma(self, a): return self.nd.gammaln(a)
    def op_digamma(self, a): self.absent("MXNet 1.9.1", "digamma")
    def op_polygamma(self, a, n): self.absent("MXNet 1.9.1", "polygamma")
    def op_softplus(self, a): return self.nd.Activation(a, act_type="softrelu")
    def op_softsign(self, a): return self.nd.softsign(a)
    def op_log_sigmoid(self, a): self.absent("MXNet 1.9.1", "log_sigmoid")
    def op_gelu(self, a): return self.nd.LeakyReLU(a, act_type="gelu")
    def op_elu(self, a, alpha): return self.nd.LeakyReLU(a, act_type="elu", slope=alpha)
    def op_selu(self, a): return self.nd.LeakyReLU(a, act_type="selu")
    def op_leaky_relu(self, a, alpha): return self.nd.LeakyReLU(a, act_type="leaky", slope=alpha)
    def op_silu(self, a): return a * self.nd.sigmoid(a)      # no nd silu/swish operator
    def op_floor(self, a): return self.nd.floor(a)
    def op_ceil(self, a): return self.nd.ceil(a)
    def op_round(self, a): return self.nd.round(a)
    def op_trunc(self, a): return self.nd.trunc(a)
    # nd.add etc. broadcast, and take Python scalars on either side.
    def op_add(self, a, b): return self.nd.add(a, b)
    def op_subtract(self, a, b): return self.nd.subtract(a, b)
    def op_multiply(self, a, b): return self.nd.multiply(a, b)
    def op_divide(self, a, b): return self.nd.divide(a, b)
    def op_power(self, a, b): return self.nd.power(a, b)
    def op_maximum(self, a, b): return self.nd.maximum(a, b)
    def op_minimum(self, a, b): return self.nd.minimum(a, b)
    def op_equal(self, a, b): return self.nd.equal(a, b)
    def op_not_equal(self, a, b): return self.nd.not_equal(a, b)
    def op_lesser(self, a, b): return self.nd.lesser(a, b)
    def op_lesser_equal(self, a, b): return self.nd.lesser_equal(a, b)
    def op_greater(self, a, b): return self.nd.greater(a, b)
    def op_greater_equal(self, a, b): return self.nd.greater_equal(a, b)

    def _broadcast(self, a, shape):
        # nd.broadcast_to needs equal ranks: leading axes of extent 1 first, as NumPy implies.
        shape = tuple(shape)
        if a.shape == shape:
            return a
        if a.ndim < len(shape):
            a = a.reshape((1,) * (len(shape) - a.ndim) + a.shape)
        return self.nd.broadcast_to(a, shape=shape)

    def op_where(self, c, a, b):
        # nd.where does not broadcast: broadcast the three operands first.
        shape = np.broadcast_shapes(self._shape(c), self._shape(a), self._shape(b))
        return self.nd.where(*(self._broadcast(t, shape) for t in (c, a, b)))

    def _axes(self, axes):
        return None if axes is None else tuple(axes)

    def op_sum(self, a, axes, keepdims): return self.nd.sum(a, axis=self._axes(axes), keepdims=keepdims)
    def op_mean(self, a, axes, keepdims): return self.nd.mean(a, axis=self._axes(axes), keepdims=keepdims)
    def op_prod(self, a, axes, keepdims): return self.nd.prod(a, axis=self._axes(axes), keepdims=keepdims)
    def op_max(self, a, axes, keepdims): return self.nd.max(a, axis=self._axes(axes), keepdims=keepdims)
    def op_min(self, a, axes, keepdims): return self.nd.min(a, axis=self._axes(axes), keepdims=keepdims)
    def op_norm(self, a, axes, keepdims): return self.nd.norm(a, ord=2, axis=self._axes(axes), keepdims=keepdims)
    def op_argmax(self, a, axis): return self.nd.argmax(a, axis=axis)   # float indices, as MXNet returns them
    def op_reshape(self, a, shape): return self.nd.reshape(a, shape=tuple(shape))
    def op_transpose(self, a, axes): return self.nd.transpose(a, axes=tuple(axes))
    def op_broadcast_to(self, a, shape): return self._broadcast(a, shape)
    def op_concat(self, *arrays, axis): return self.nd.concat(*arrays, dim=axis)
    def op_stack(self, *arrays, axis): return self.nd.stack(*arrays, axis=axis)
    def op_expand_dims(self, a, axis): return self.nd.expand_dims(a, axis=axis)
    def op_squeeze(self, a, axes): return self.nd.squeeze(a, axis=tuple(axes))
    def op_flatten(self, a): return self.nd.flatten(a)
    def op_cast(self, a, dtype): return self.nd.cast(a, dtype=dtype)
    def op_index(self, a, items): return a[python_index(items)]

    def op_slice_scatter(self, a, items, shape):
        # MXNet's _slice_assign has no gradient; scatter_nd (whose gradient is gather_nd) does.
        coords = scatter_coordinates(items, shape)
        indices = self.nd.array(np.array(coords), dtype="int64")
        return self.nd.scatter_nd(a.reshape((-1,)), indices, shape=tuple(shape))

    # binary math, statistics, normalizations, scans, diagonals, LAPACK: nd where it has the operator
    def op_arctan2(self, a, b): self.absent("MXNet 1.9.1", "arctan2 (nd)")
    def op_hypot(self, a, b): return self.nd.broadcast_hypot(a, b)
    def op_fmod(self, a, b): self.absent("MXNet 1.9.1", "fmod")
    def op_mod(self, a, b): self.absent("MXNet 1.9.1", "mod with Python's sign convention")
    def op_floor_divide(self, a, b): self.absent("MXNet 1.9.1", "floor_divide")
    def op_logaddexp(self, a, b): self.absent("MXNet 1.9.1", "logaddexp")
    def op_xlogy(self, a, b): self.absent("MXNet 1.9.1", "xlogy")
    def op_copysign(self, a, b): self.absent("MXNet 1.9.1", "copysign")
    def op_squared_difference(self, a, b): return self.nd.square(self.nd.broadcast_sub(a, b))
    def op_var(self, a, axis, ddof, keepdims): self.absent("MXNet 1.9.1", "var (nd)")
    def op_std(self, a, axis, ddof, keepdims): self.absent("MXNet 1.9.1", "std (nd)")
    def op_logsumexp(self, a, axis, keepdims): self.absent("MXNet 1.9.1", "logsumexp")
    def op_softmax(self, a, axis): return self.nd.softmax(a, axis=axis)
    def op_log_softmax(self, a, axis): return self.nd.log_softmax(a, axis=axis)
    def op_normalize(self, a, ord, axis, eps): self.absent("MXNet 1.9.1", "normalize along an axis with eps")
    def op_cumsum(self, a, axis, reverse): self.absent("MXNet 1.9.1", "cumsum (nd)")
    def op_cumprod(self, a, axis): self.absent("MXNet 1.9.1", "cumprod")
    def op_linear_recurrence(self, a, b, axis, reverse): self.absent("MXNet 1.9.1", "linear_recurrence")
    def op_diagonal(self, a, offset, axis1, axis2): return self.nd.diag(a, k=offset, axis1=axis1, axis2=axis2)
    def op_diagonal_scatter(self, a, shape, offset, axis1, axis2): self.absent("MXNet 1.9.1", "diagonal_scatter")
    def op_diag(self, a, k): return self.nd.diag(a, k=k)
    def op_trace(self, a, offset, axis1, axis2): return self.nd.sum(self.nd.diag(a, k=offset, axis1=axis1, axis2=axis2), axis=-1)
    def op_solve(self, a, b): self.absent("MXNet 1.9.1", "solve (nd.linalg)")
    def op_inv(self, a): return self.nd.linalg.inverse(a)
    def op_det(self, a): return self.nd.linalg.det(a)

    def op_slogdet(self, a, part):
        sign, logabsdet = self.nd.linalg.slogdet(a)
        return sign if part == "sign" else logabsdet

    def op_cholesky(self, a): self.absent("MXNet 1.9.1", "cholesky reading the lower triangle (potrf)")
    def op_triangular_solve(self, a, b, lower, unit_diagonal): self.absent("MXNet 1.9.1", "triangular_solve with unit_diagonal (trsm)")
    def op_qr(self, a, part): self.absent("MXNet 1.9.1", "qr (nd.linalg has gelqf only)")
    def op_eigh(self, a, part): self.absent("MXNet 1.9.1", "eigh (nd.linalg)")
    def op_svd(self, a, part): self.absent("MXNet 1.9.1", "svd (nd.linalg)")

    def op_outer(self, a, b): self.absent("MXNet 1.9.1", "outer (nd)")
    def op_kron(self, a, b): self.absent("MXNet 1.9.1", "kron (nd)")
    def op_einsum(self, *operands, spec): self.absent("MXNet 1.9.1", "einsum (nd)")

    def _convolution(self, x, w, d, stride, padding, dilation):
        unbatched = x.ndim == d + 1
        if unbatched:
            x = x.expand_dims(axis=0)
        y = self.nd.Convolution(x, w, kernel=w.shape[2:], stride=self.spatial(stride, d), pad=self.spatial(padding, d),
                                dilate=self.spatial(dilation, d), num_filter=w.shape[0], no_bias=True)
        return y.reshape(y.shape[1:]) if unbatched else y

    def op_conv1d(self, x, w, stride, padding, dilation): return self._convolution(x, w, 1, stride, padding, dilation)
    def op_conv2d(self, x, w, stride, padding, dilation): return self._convolution(x, w, 2, stride, padding, dilation)
    def op_conv_transpose1d(self, x, w, **geometry): self.absent("MXNet 1.9.1", "conv_transpose1d here (Deconvolution not checked)")
    def op_conv_transpose2d(self, x, w, **geometry): self.absent("MXNet 1.9.1", "conv_transpose2d here (Deconvolution not checked)")
    def op_conv_weight(self, x, g, **geometry): self.absent("MXNet 1.9.1", "conv_weight (a convolution's weight gradient)")

    # pooling: one operator, nd.Pooling, with pool_type; avg counts the padding (count_include_pad=True)
    def _pooling(self, x, d, pool_type, kernel_size, stride, padding):
        unbatched = x.ndim == d + 1
        if unbatched:
            x = x.expand_dims(axis=0)
        kernel = self.spatial(kernel_size, d)
        y = self.nd.Pooling(x, kernel=kernel, pool_type=pool_type, stride=self.spatial(kernel if stride is None else stride, d),
                            pad=self.spatial(padding, d), pooling_convention="valid", count_include_pad=True)
        return y.reshape(y.shape[1:]) if unbatched else y

    def op_avg_pool1d(self, x, **geometry): return self._pooling(x, 1, "avg", **geometry)
    def op_avg_pool2d(self, x, **geometry): return self._pooling(x, 2, "avg", **geometry)
    def op_max_pool1d(self, x, **geometry): return self._pooling(x, 1, "max", **geometry)
    def op_max_pool2d(self, x, **geometry): return self._pooling(x, 2, "max", **geometry)

    # indexing: nd.take and nd.pick take the float index arrays as they are
    def op_take(self, a, i, axis):
        if axis is None:
            return self.nd.take(a.reshape((-1,)), i, axis=0)
        return self.nd.take(a, i, axis=axis)

    def op_scatter_add(self, a, i, u, axis): self.absent("MXNet 1.9.1", "scatter_add (index_add)")
    def op_take_along_axis(self, a, i, axis): self.absent("MXNet 1.9.1", "take_along_axis")
    def op_pick(self, a, i, axis, keepdims): return self.nd.pick(a, i, axis=axis, keepdims=keepdims)
    def op_one_hot(self, i, depth): return self.nd.one_hot(i, depth, dtype=self.dtype)

    def op_matmul(self, a, b):
        if a.ndim == 3 and b.ndim == 3:
            return self.nd.batch_dot(a, b)
        if a.ndim == 2 and b.ndim == 3:
            return self.nd.batch_dot(self._broadcast(a, (b.shape[0],) + a.shape), b)
        return self.nd.dot(a, b)           # [m,k]·[k,n], [B,m,k]·[k,n] and the vector cases


class TorchInterpreter(Interpreter):
    def __init__(self, dtype):
        super().__init__(dtype)
        import torch
        import torch.nn.functional as F
        self.torch, self.F = torch, F
        self.tdtype = {"float32": torch.float32, "float64": torch.float64}[dtype]

    def const(self, data, shape):
        return self.torch.tensor(np.array(data).reshape(shape), dtype=self.tdtype)

    def scalar(self, a):
        return a.item()

    def _mask(self, m): return m.to(self.tdtype)

    def op_negative(self, a): return self.torch.neg(a)
    def op_square(self, a): return self.torch.square(a)
    def op_sqrt(self, a): return self.torch.sqrt(a)
    def op_exp(self, a): return self.torch.exp(a)
    def op_log(self, a): return self.torch.log(a)
    def op_sin(self, a): return self.torch.sin(a)
    def op_cos(self, a): return self.torch.cos(a)
    def op_tan(self, a): return self.torch.tan(a)
    def op_tanh(self, a): return self.torch.tanh(a)
    def op_sigmoid(self, a): return self.torch.sigmoid(a)
    def op_relu(self, a): return self.torch.relu(a)
    def op_abs(self, a): return self.torch.abs(a)
    def op_clip(self, a, low, high): return self.torch.clamp(a, low, high)
    def op_sign(self, a): return self.torch.sign(a)
    def op_stop_gradient(self, a): return a.detach()
    def op_log1p(self, a): return self.torch.log1p(a)
    def op_expm1(self, a): return self.torch.expm1(a)
    def op_log2(self, a): return self.torch.log2(a)
    def op_log10(self, a): return self.torch.log10(a)
    def op_exp2(self, a): return self.torch.exp2(a)

    def op_cbrt(self, a):
        # torch has no cbrt: sign(x)·|x|^(1/3), whose derivative at 0 is 0·inf (so refused there).
        if bool((a == 0).any()):
            self.absent("PyTorch 2.13", "cbrt", " (sign(x)*|x|**(1/3) instead is not differentiable at 0)")
        return self.torch.sign(a) * self.torch.abs(a) ** (1.0 / 3.0)

    def op_reciprocal(self, a): return self.torch.reciprocal(a)
    def op_rsqrt(self, a): return self.torch.rsqrt(a)
    def op_sinh(self, a): return self.torch.sinh(a)
    def op_cosh(self, a): return self.torch.cosh(a)
    def op_arcsin(self, a): return self.torch.asin(a)
    def op_arccos(self, a): return self.torch.acos(a)
    def op_arctan(self, a): return self.torch.atan(a)
    def op_arcsinh(self, a): return self.torch.asinh(a)
    def op_arccosh(self, a): return self.torch.acosh(a)
    def op_arctanh(self, a): return self.torch.atanh(a)
    def op_erf(self, a): return self.torch.erf(a)
    def op_erfc(self, a): return self.torch.erfc(a)
    def op_erfinv(self, a): return self.torch.erfinv(a)
    def op_lgamma(self, a): return self.torch.lgamma(a)
    def op_digamma(self, a): return self.torch.digamma(a)
    def op_polygamma(self, a, n): return self.torch.polygamma(n, a)
    def op_softplus(self, a): return self.F.softplus(a)             # beta=1, threshold=20
    def op_softsign(self, a): return self.F.softsign(a)
    def op_log_sigmoid(self, a): return self.F.logsigmoid(a)
    def op_gelu(self, a): return self.F.gelu(a, approximate="none")
    def op_elu(self, a, alpha): return self.F.elu(a, alpha=alpha)
    def op_selu(self, a): return self.F.selu(a)
    def op_leaky_relu(self, a, alpha): return self.F.leaky_relu(a, negative_slope=alpha)
    def op_silu(self, a): return self.F.silu(a)
    def op_floor(self, a): return self.torch.floor(a)
    def op_ceil(self, a): return self.torch.ceil(a)
    def op_round(self, a): return self.torch.round(a)
    def op_trunc(self, a): return self.torch.trunc(a)
    def op_add(self, a, b): return self.torch.add(a, b)
    def op_subtract(self, a, b): return self.torch.sub(a, b)
    def op_multiply(self, a, b): return self.torch.mul(a, b)
    def op_divide(self, a, b): return self.torch.div(a, b)
    def op_power(self, a, b): return self.torch.pow(a, b)
    def op_maximum(self, a, b): return self.torch.maximum(a, b)
    def op_minimum(self, a, b): return self.torch.minimum(a, b)
    def op_equal(self, a, b): return self._mask(self.torch.eq(a, b))
    def op_not_equal(self, a, b): return self._mask(self.torch.ne(a, b))
    def op_lesser(self, a, b): return self._mask(self.torch.lt(a, b))
    def op_lesser_equal(self, a, b): return self._mask(self.torch.le(a, b))
    def op_greater(self, a, b): return self._mask(self.torch.gt(a, b))
    def op_greater_equal(self, a, b): return self._mask(self.torch.ge(a, b))
    def op_where(self, c, a, b): return self.torch.where(c != 0, a, b)

    def _dims(self, a, axes):
        return tuple(range(a.dim())) if axes is None else tuple(axes)

    def op_sum(self, a, axes, keepdims): return self.torch.sum(a, dim=self._dims(a, axes), keepdim=keepdims)
    def op_mean(self, a, axes, keepdims): return self.torch.mean(a, dim=self._dims(a, axes), keepdim=keepdims)

    def op_prod(self, a, axes, keepdims):
        # torch.prod reduces one dimension at a time.
        if axes is None and not keepdims:
            return self.torch.prod(a)
        for d in sorted(self._dims(a, axes), reverse=True):
            a = self.torch.prod(a, dim=d, keepdim=keepdims)
        return a

    def op_max(self, a, axes, keepdims): return self.torch.amax(a, dim=self._dims(a, axes), keepdim=keepdims)
    def op_min(self, a, axes, keepdims): return self.torch.amin(a, dim=self._dims(a, axes), keepdim=keepdims)

    def op_norm(self, a, axes, keepdims):
        return self.torch.linalg.vector_norm(a, ord=2, dim=None if axes is None else tuple(axes), keepdim=keepdims)

    def op_argmax(self, a, axis): return self.torch.argmax(a, dim=axis).to(self.tdtype)
    def op_reshape(self, a, shape): return self.torch.reshape(a, shape)
    def op_transpose(self, a, axes): return self.torch.permute(a, axes)
    def op_broadcast_to(self, a, shape): return self.torch.broadcast_to(a, shape)
    def op_concat(self, *arrays, axis): return self.torch.cat(arrays, dim=axis)
    def op_stack(self, *arrays, axis): return self.torch.stack(arrays, dim=axis)
    def op_expand_dims(self, a, axis): return self.torch.unsqueeze(a, axis)
    def op_squeeze(self, a, axes): return self.torch.squeeze(a, dim=tuple(axes))
    def op_flatten(self, a): return self.torch.flatten(a, start_dim=1)
    def op_cast(self, a, dtype): return a.to({"float32": self.torch.float32, "float64": self.torch.float64}[dtype])

    def op_index(self, a, items):
        # PyTorch slices take positive steps only: a negative step becomes index_select.
        axis = 0
        for it in items:
            if "at" in it:
                a = a.select(axis, it["at"])
                continue
            start, stop, step = it["slice"]
            if step > 0:
                a = a[(slice(None),) * axis + (slice(start, stop, step),)]
            else:
                idx = list(range(*slice(start, stop, step).indices(a.shape[axis])))
                a = a.index_select(axis, self.torch.tensor(idx, dtype=self.torch.long))
            axis += 1
        return a

    def op_slice_scatter(self, a, items, shape):
        coords = scatter_coordinates(items, shape)
        index = tuple(self.torch.tensor(c, dtype=self.torch.long) for c in coords)
        return self.torch.zeros(shape, dtype=a.dtype).index_put(index, a.reshape(-1))

    def op_matmul(self, a, b): return self.torch.matmul(a, b)

    # binary math, statistics, normalizations, scans, diagonals
    def op_arctan2(self, a, b): return self.torch.atan2(a, b)
    def op_hypot(self, a, b): return self.torch.hypot(a, b)
    def op_fmod(self, a, b): return self.torch.fmod(a, b)
    def op_mod(self, a, b): return self.torch.remainder(a, b)
    def op_floor_divide(self, a, b): return self.torch.floor_divide(a, b)
    def op_logaddexp(self, a, b): return self.torch.logaddexp(a, b)
    def op_xlogy(self, a, b): return self.torch.xlogy(a, b)
    def op_copysign(self, a, b): return self.torch.copysign(a, b)
    def op_squared_difference(self, a, b): return (a - b) ** 2
    def op_var(self, a, axis, ddof, keepdims): return self.torch.var(a, dim=axis, correction=ddof, keepdim=keepdims)
    def op_std(self, a, axis, ddof, keepdims): return self.torch.std(a, dim=axis, correction=ddof, keepdim=keepdims)

    def op_logsumexp(self, a, axis, keepdims):
        return self.torch.logsumexp(a, dim=tuple(range(a.dim())) if axis is None else axis, keepdim=keepdims)

    def op_softmax(self, a, axis): return self.F.softmax(a, dim=axis)
    def op_log_softmax(self, a, axis): return self.F.log_softmax(a, dim=axis)
    def op_normalize(self, a, ord, axis, eps): return self.F.normalize(a, p=ord, dim=axis, eps=eps)

    def op_cumsum(self, a, axis, reverse):
        if axis is None:
            a, axis = a.reshape(-1), 0
        if reverse:
            return self.torch.flip(self.torch.cumsum(self.torch.flip(a, (axis,)), dim=axis), (axis,))
        return self.torch.cumsum(a, dim=axis)

    def op_cumprod(self, a, axis):
        if axis is None:
            a, axis = a.reshape(-1), 0
        return self.torch.cumprod(a, dim=axis)

    def op_linear_recurrence(self, a, b, axis, reverse):
        return self.linear_recurrence(a, b, axis, reverse, lambda t, k: self.torch.unbind(t, k),
                                      lambda ts, k: self.torch.stack(ts, dim=k))

    def op_diagonal(self, a, offset, axis1, axis2): return self.torch.diagonal(a, offset=offset, dim1=axis1, dim2=axis2)

    def op_diagonal_scatter(self, a, shape, offset, axis1, axis2):
        return self.torch.diagonal_scatter(self.torch.zeros(shape, dtype=a.dtype), a, offset=offset, dim1=axis1, dim2=axis2)

    def op_diag(self, a, k): return self.torch.diag(a, k)
    def op_trace(self, a, offset, axis1, axis2): return self.torch.diagonal(a, offset=offset, dim1=axis1, dim2=axis2).sum(-1)

    # LAPACK: torch.linalg; symmetric inputs read from the lower triangle, signs fixed as DualTape fixes them
    def _lower(self, a): return self.torch.tril(a) + self.torch.tril(a, -1).transpose(-1, -2)

    def _positive_columns(self, v):
        # each column's largest-magnitude element made positive
        k = v.abs().argmax(dim=-2, keepdim=True)
        return v * self.torch.sign(self.torch.gather(v, -2, k))

    def op_solve(self, a, b): return self.torch.linalg.solve(a, b)
    def op_inv(self, a): return self.torch.linalg.inv(a)
    def op_det(self, a): return self.torch.linalg.det(a)

    def op_slogdet(self, a, part):
        sign, logabsdet = self.torch.linalg.slogdet(a)
        return sign if part == "sign" else logabsdet

    def op_cholesky(self, a): return self.torch.linalg.cholesky(self._lower(a))

    def op_triangular_solve(self, a, b, lower, unit_diagonal):
        vector = b.dim() == a.dim() - 1
        x = self.torch.linalg.solve_triangular(a, b.unsqueeze(-1) if vector else b, upper=not lower, unitriangular=unit_diagonal)
        return x.squeeze(-1) if vector else x

    def op_qr(self, a, part):
        q, r = self.torch.linalg.qr(a, mode="reduced")
        d = self.torch.sign(self.torch.diagonal(r, dim1=-2, dim2=-1))
        return q * d.unsqueeze(-2) if part == "q" else r * d.unsqueeze(-1)

    def op_eigh(self, a, part):
        w, v = self.torch.linalg.eigh(self._lower(a), UPLO="L")
        return w if part == "values" else self._positive_columns(v)

    def op_svd(self, a, part):
        if part == "s":
            return self.torch.linalg.svdvals(a)
        u, s, vh = self.torch.linalg.svd(a, full_matrices=False)
        k = u.abs().argmax(dim=-2, keepdim=True)
        d = self.torch.sign(self.torch.gather(u, -2, k))
        return u * d if part == "u" else vh * d.transpose(-1, -2)

    # products and convolutions
    def op_outer(self, a, b): return self.torch.outer(a.flatten(), b.flatten())
    def op_kron(self, a, b): return self.torch.kron(a, b)
    def op_einsum(self, *operands, spec): return self.torch.einsum(self.einsum_notation(spec, len(operands)), *operands)

    def op_conv1d(self, x, w, stride, padding, dilation):
        return self.F.conv1d(x, w, stride=stride, padding=padding, dilation=dilation)

    def op_conv2d(self, x, w, stride, padding, dilation):
        return self.F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation)

    def op_conv_transpose1d(self, x, w, stride, padding, output_padding, dilation):
        return self.F.conv_transpose1d(x, w, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)

    def op_conv_transpose2d(self, x, w, stride, padding, output_padding, dilation):
        return self.F.conv_transpose2d(x, w, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)

    def op_conv_weight(self, x, g, kernel_size, stride, padding, dilation):
        import torch.nn.grad as G
        shape = (g.shape[-len(kernel_size) - 1], x.shape[-len(kernel_size) - 1]) + tuple(kernel_size)
        f = G.conv1d_weight if len(kernel_size) == 1 else G.conv2d_weight
        return f(x, shape, g, stride=stride, padding=padding, dilation=dilation)

    # pooling: F.avg_pool1d/2d (count_include_pad=True, the default), F.max_pool1d/2d
    def op_avg_pool1d(self, x, kernel_size, stride, padding): return self.F.avg_pool1d(x, kernel_size, stride=stride, padding=padding)
    def op_avg_pool2d(self, x, kernel_size, stride, padding): return self.F.avg_pool2d(x, kernel_size, stride=stride, padding=padding)
    def op_max_pool1d(self, x, kernel_size, stride, padding): return self.F.max_pool1d(x, kernel_size, stride=stride, padding=padding)
    def op_max_pool2d(self, x, kernel_size, stride, padding): return self.F.max_pool2d(x, kernel_size, stride=stride, padding=padding)

    # indexing: the index arrays as int64 tensors, never differentiated
    def op_take(self, a, i, axis):
        i = i.long()
        if axis is None:
            return self.torch.take(a, i)
        k = axis % a.dim()
        picked = self.torch.index_select(a, k, i.reshape(-1))
        return picked.reshape(a.shape[:k] + i.shape + a.shape[k + 1:])

    def op_scatter_add(self, a, i, u, axis):
        # index_add takes a 1-D index: the index array flattened, the updates reshaped to match.
        k = axis % a.dim()
        i = i.long().reshape(-1)
        return a.index_add(k, i, u.reshape(a.shape[:k] + (i.numel(),) + a.shape[k + 1:]))

    def op_take_along_axis(self, a, i, axis): return self.torch.take_along_dim(a, i.long(), dim=axis)

    def op_pick(self, a, i, axis, keepdims):
        k = axis % a.dim()
        picked = self.torch.gather(a, k, i.long().reshape(a.shape[:k] + (1,) + a.shape[k + 1:]))
        return picked if keepdims else picked.squeeze(k)

    def op_one_hot(self, i, depth): return self.F.one_hot(i.long(), depth).to(self.tdtype)


class JaxInterpreter(Interpreter):
    def __init__(self, dtype, decisions):
        super().__init__(dtype)
        import jax
        import jax.numpy as jnp
        import jax.scipy.linalg
        import jax.scipy.special as special
        self.jax, self.jnp, self.special = jax, jnp, special
        self.jdtype = {"float32": jnp.float32, "float64": jnp.float64}[dtype]
        # JAX cannot branch on a traced value: seed_f's loop count and branch are taken from
        # an eager run at the same point and replayed under the transformations (see README).
        self.decisions = decisions

    def const(self, data, shape):
        return self.jnp.asarray(np.array(data).reshape(shape), dtype=self.jdtype)

    def scalar(self, a):
        return float(a)

    def _mask(self, m): return m.astype(self.jdtype)

    def op_seed_f(self, a):
        if self.decisions.get("record", False):
            b = a * 2
            doublings = 0
            while float(self.op_norm(b, None, False)) < 1000:
                b = b * 2
                doublings += 1
            branch = 0 if float(self.op_sum(b, None, False)) >= 0 else 1
            self.decisions["seed_f"] = (doublings, branch)
        doublings, branch = self.decisions["seed_f"]
        b = a * 2
        for _ in range(doublings):
            b = b * 2
        return b[branch]

    def op_negative(self, a): return self.jnp.negative(a)
    def op_square(self, a): return self.jnp.square(a)
    def op_sqrt(self, a): return self.jnp.sqrt(a)
    def op_exp(self, a): return self.jnp.exp(a)
    def op_log(self, a): return self.jnp.log(a)
    def op_sin(self, a): return self.jnp.sin(a)
    def op_cos(self, a): return self.jnp.cos(a)
    def op_tan(self, a): return self.jnp.tan(a)
    def op_tanh(self, a): return self.jnp.tanh(a)
    def op_sigmoid(self, a): return self.jax.nn.sigmoid(a)
    def op_relu(self, a): return self.jax.nn.relu(a)
    def op_abs(self, a): return self.jnp.abs(a)
    def op_clip(self, a, low, high): return self.jnp.clip(a, low, high)
    def op_sign(self, a): return self.jnp.sign(a)
    def op_stop_gradient(self, a): return self.jax.lax.stop_gradient(a)
    def op_log1p(self, a): return self.jnp.log1p(a)
    def op_expm1(self, a): return self.jnp.expm1(a)
    def op_log2(self, a): return self.jnp.log2(a)
    def op_log10(self, a): return self.jnp.log10(a)
    def op_exp2(self, a): return self.jnp.exp2(a)
    def op_cbrt(self, a): return self.jnp.cbrt(a)
    def op_reciprocal(self, a): return self.jnp.reciprocal(a)
    def op_rsqrt(self, a): return self.jax.lax.rsqrt(a)
    def op_sinh(self, a): return self.jnp.sinh(a)
    def op_cosh(self, a): return self.jnp.cosh(a)
    def op_arcsin(self, a): return self.jnp.arcsin(a)
    def op_arccos(self, a): return self.jnp.arccos(a)
    def op_arctan(self, a): return self.jnp.arctan(a)
    def op_arcsinh(self, a): return self.jnp.arcsinh(a)
    def op_arccosh(self, a): return self.jnp.arccosh(a)
    def op_arctanh(self, a): return self.jnp.arctanh(a)
    def op_erf(self, a): return self.special.erf(a)
    def op_erfc(self, a): return self.special.erfc(a)
    def op_erfinv(self, a): return self.special.erfinv(a)
    def op_lgamma(self, a): return self.special.gammaln(a)
    def op_digamma(self, a): return self.special.digamma(a)
    def op_polygamma(self, a, n): return self.special.polygamma(n, a)
    def op_softplus(self, a): return self.jax.nn.softplus(a)
    def op_softsign(self, a): return self.jax.nn.soft_sign(a)
    def op_log_sigmoid(self, a): return self.jax.nn.log_sigmoid(a)
    def op_gelu(self, a): return self.jax.nn.gelu(a, approximate=False)   # JAX's default is the tanh form
    def op_elu(self, a, alpha): return self.jax.nn.elu(a, alpha=alpha)
    def op_selu(self, a): return self.jax.nn.selu(a)
    def op_leaky_relu(self, a, alpha): return self.jax.nn.leaky_relu(a, negative_slope=alpha)
    def op_silu(self, a): return self.jax.nn.silu(a)
    def op_floor(self, a): return self.jnp.floor(a)
    def op_ceil(self, a): return self.jnp.ceil(a)
    def op_round(self, a): return self.jnp.round(a)
    def op_trunc(self, a): return self.jnp.trunc(a)
    def op_add(self, a, b): return self.jnp.add(a, b)
    def op_subtract(self, a, b): return self.jnp.subtract(a, b)
    def op_multiply(self, a, b): return self.jnp.multiply(a, b)
    def op_divide(self, a, b): return self.jnp.divide(a, b)
    def op_power(self, a, b): return self.jnp.power(a, b)
    def op_maximum(self, a, b): return self.jnp.maximum(a, b)
    def op_minimum(self, a, b): return self.jnp.minimum(a, b)
    def op_equal(self, a, b): return self._mask(self.jnp.equal(a, b))
    def op_not_equal(self, a, b): return self._mask(self.jnp.not_equal(a, b))
    def op_lesser(self, a, b): return self._mask(self.jnp.less(a, b))
    def op_lesser_equal(self, a, b): return self._mask(self.jnp.less_equal(a, b))
    def op_greater(self, a, b): return self._mask(self.jnp.greater(a, b))
    def op_greater_equal(self, a, b): return self._mask(self.jnp.greater_equal(a, b))
    def op_where(self, c, a, b): return self.jnp.where(c != 0, a, b)

    def _axes(self, axes):
        return None if axes is None else tuple(axes)

    def op_sum(self, a, axes, keepdims): return self.jnp.sum(a, axis=self._axes(axes), keepdims=keepdims)
    def op_mean(self, a, axes, keepdims): return self.jnp.mean(a, axis=self._axes(axes), keepdims=keepdims)
    def op_prod(self, a, axes, keepdims): return self.jnp.prod(a, axis=self._axes(axes), keepdims=keepdims)
    def op_max(self, a, axes, keepdims): return self.jnp.max(a, axis=self._axes(axes), keepdims=keepdims)
    def op_min(self, a, axes, keepdims): return self.jnp.min(a, axis=self._axes(axes), keepdims=keepdims)

    def op_norm(self, a, axes, keepdims):
        return self.jnp.linalg.vector_norm(a, ord=2, axis=self._axes(axes), keepdims=keepdims)

    def op_argmax(self, a, axis): return self.jnp.argmax(a, axis=axis).astype(self.jdtype)
    def op_reshape(self, a, shape): return self.jnp.reshape(a, shape)
    def op_transpose(self, a, axes): return self.jnp.transpose(a, axes)
    def op_broadcast_to(self, a, shape): return self.jnp.broadcast_to(a, shape)
    def op_concat(self, *arrays, axis): return self.jnp.concatenate(arrays, axis=axis)
    def op_stack(self, *arrays, axis): return self.jnp.stack(arrays, axis=axis)
    def op_expand_dims(self, a, axis): return self.jnp.expand_dims(a, axis)
    def op_squeeze(self, a, axes): return self.jnp.squeeze(a, axis=tuple(axes))
    def op_flatten(self, a): return self.jnp.reshape(a, (a.shape[0], -1))
    def op_cast(self, a, dtype): return a.astype({"float32": self.jnp.float32, "float64": self.jnp.float64}[dtype])
    def op_index(self, a, items): return a[python_index(items)]

    def op_slice_scatter(self, a, items, shape):
        return self.jnp.zeros(shape, dtype=a.dtype).at[python_index(items)].set(a)

    def op_matmul(self, a, b): return self.jnp.matmul(a, b)

    # binary math, statistics, normalizations, scans, diagonals
    def op_arctan2(self, a, b): return self.jnp.arctan2(a, b)
    def op_hypot(self, a, b): return self.jnp.hypot(a, b)
    def op_fmod(self, a, b): return self.jnp.fmod(a, b)
    def op_mod(self, a, b): return self.jnp.mod(a, b)
    def op_floor_divide(self, a, b): return self.jnp.floor_divide(a, b)
    def op_logaddexp(self, a, b): return self.jnp.logaddexp(a, b)
    def op_xlogy(self, a, b): return self.special.xlogy(a, b)
    def op_copysign(self, a, b): return self.jnp.copysign(a, b)
    def op_squared_difference(self, a, b): return (a - b) ** 2
    def op_var(self, a, axis, ddof, keepdims): return self.jnp.var(a, axis=axis, ddof=ddof, keepdims=keepdims)
    def op_std(self, a, axis, ddof, keepdims): return self.jnp.std(a, axis=axis, ddof=ddof, keepdims=keepdims)
    def op_logsumexp(self, a, axis, keepdims): return self.special.logsumexp(a, axis=axis, keepdims=keepdims)
    def op_softmax(self, a, axis): return self.jax.nn.softmax(a, axis=axis)
    def op_log_softmax(self, a, axis): return self.jax.nn.log_softmax(a, axis=axis)

    def op_normalize(self, a, ord, axis, eps):
        # no jnp normalize: x / max(‖x‖_p, eps), as F.normalize
        n = self.jnp.linalg.vector_norm(a, ord=ord, axis=axis, keepdims=True)
        return a / self.jnp.maximum(n, eps)

    def op_cumsum(self, a, axis, reverse):
        if axis is None:
            a, axis = a.reshape(-1), 0
        if reverse:
            return self.jnp.flip(self.jnp.cumsum(self.jnp.flip(a, axis), axis=axis), axis)
        return self.jnp.cumsum(a, axis=axis)

    def op_cumprod(self, a, axis):
        if axis is None:
            a, axis = a.reshape(-1), 0
        return self.jnp.cumprod(a, axis=axis)

    def op_linear_recurrence(self, a, b, axis, reverse):
        unbind = lambda t, k: [self.jnp.take(t, i, axis=k) for i in range(t.shape[k])]
        return self.linear_recurrence(a, b, axis, reverse, unbind, lambda ts, k: self.jnp.stack(ts, axis=k))

    def op_diagonal(self, a, offset, axis1, axis2): return self.jnp.diagonal(a, offset=offset, axis1=axis1, axis2=axis2)

    def op_diagonal_scatter(self, a, shape, offset, axis1, axis2):
        # 2-D: zeros with a on the diagonal `offset`
        n = a.shape[0]
        rows = self.jnp.arange(n) + max(-offset, 0)
        cols = self.jnp.arange(n) + max(offset, 0)
        return self.jnp.zeros(shape, dtype=a.dtype).at[rows, cols].set(a)

    def op_diag(self, a, k): return self.jnp.diag(a, k=k)
    def op_trace(self, a, offset, axis1, axis2): return self.jnp.trace(a, offset=offset, axis1=axis1, axis2=axis2)

    # LAPACK: jnp.linalg; symmetric inputs read from the lower triangle, signs fixed as DualTape fixes them
    def _lower(self, a): return self.jnp.tril(a) + self.jnp.swapaxes(self.jnp.tril(a, -1), -1, -2)

    def _column_signs(self, v):
        k = self.jnp.argmax(self.jnp.abs(v), axis=-2, keepdims=True)
        return self.jnp.sign(self.jnp.take_along_axis(v, k, axis=-2))

    def op_solve(self, a, b): return self.jnp.linalg.solve(a, b)
    def op_inv(self, a): return self.jnp.linalg.inv(a)
    def op_det(self, a): return self.jnp.linalg.det(a)

    def op_slogdet(self, a, part):
        sign, logabsdet = self.jnp.linalg.slogdet(a)
        return sign if part == "sign" else logabsdet

    def op_cholesky(self, a): return self.jnp.linalg.cholesky(self._lower(a), symmetrize_input=False)

    def op_triangular_solve(self, a, b, lower, unit_diagonal):
        return self.jax.scipy.linalg.solve_triangular(a, b, lower=lower, unit_diagonal=unit_diagonal)

    def op_qr(self, a, part):
        q, r = self.jnp.linalg.qr(a, mode="reduced")
        d = self.jnp.sign(self.jnp.diagonal(r, axis1=-2, axis2=-1))
        return q * d[..., None, :] if part == "q" else r * d[..., :, None]

    def op_eigh(self, a, part):
        w, v = self.jnp.linalg.eigh(self._lower(a), UPLO="L", symmetrize_input=False)
        return w if part == "values" else v * self._column_signs(v)

    def op_svd(self, a, part):
        if part == "s":
            return self.jnp.linalg.svd(a, full_matrices=False, compute_uv=False)
        u, s, vh = self.jnp.linalg.svd(a, full_matrices=False)
        d = self._column_signs(u)
        return u * d if part == "u" else vh * self.jnp.swapaxes(d, -1, -2)

    # products and convolutions
    def op_outer(self, a, b): return self.jnp.outer(a, b)
    def op_kron(self, a, b): return self.jnp.kron(a, b)
    def op_einsum(self, *operands, spec): return self.jnp.einsum(self.einsum_notation(spec, len(operands)), *operands)

    def _convolution(self, x, w, stride, padding, dilation):
        d = w.ndim - 2
        unbatched = x.ndim == d + 1
        if unbatched:
            x = x[None]
        numbers = ("NCH", "OIH", "NCH") if d == 1 else ("NCHW", "OIHW", "NCHW")
        y = self.jax.lax.conv_general_dilated(x, w, window_strides=self.spatial(stride, d),
                                              padding=[(p, p) for p in self.spatial(padding, d)],
                                              rhs_dilation=self.spatial(dilation, d), dimension_numbers=numbers)
        return y[0] if unbatched else y

    def op_conv1d(self, x, w, stride, padding, dilation): return self._convolution(x, w, stride, padding, dilation)
    def op_conv2d(self, x, w, stride, padding, dilation): return self._convolution(x, w, stride, padding, dilation)

    def _transposed(self, x, w, stride, padding, output_padding, dilation):
        # the VJP of the convolution in its input, w of shape [C_in of the convolution's output ... ] = [Cin_t, Cout_t, k...]
        d = w.ndim - 2
        st, pd, op_, dl = (self.spatial(v, d) for v in (stride, padding, output_padding, dilation))
        lengths = [self.conv_transposed_length(x.shape[-d + i], w.shape[2 + i], st[i], pd[i], op_[i], dl[i]) for i in range(d)]
        z = self.jnp.zeros(x.shape[:-d - 1] + (w.shape[1],) + tuple(lengths), dtype=x.dtype)
        _, pullback = self.jax.vjp(lambda t: self._convolution(t, w, st, pd, dl), z)
        return pullback(x)[0]

    def op_conv_transpose1d(self, x, w, **geometry): return self._transposed(x, w, **geometry)
    def op_conv_transpose2d(self, x, w, **geometry): return self._transposed(x, w, **geometry)

    def op_conv_weight(self, x, g, kernel_size, stride, padding, dilation):
        d = len(kernel_size)
        w = self.jnp.zeros((g.shape[-d - 1], x.shape[-d - 1]) + tuple(kernel_size), dtype=x.dtype)
        _, pullback = self.jax.vjp(lambda v: self._convolution(x, v, stride, padding, dilation), w)
        return pullback(g)[0]

    # pooling: lax.reduce_window over the spatial axes (sum / K with zero padding; max with -inf padding)
    def _pooling(self, x, d, maximum, kernel_size, stride, padding):
        lax, lead = self.jax.lax, x.ndim - d
        kernel = self.spatial(kernel_size, d)
        steps = self.spatial(kernel if stride is None else stride, d)
        pads = [(0, 0)] * lead + [(p, p) for p in self.spatial(padding, d)]
        if maximum:
            return lax.reduce_window(x, -self.jnp.inf, lax.max, (1,) * lead + tuple(kernel), (1,) * lead + tuple(steps), pads)
        total = lax.reduce_window(x, 0.0, lax.add, (1,) * lead + tuple(kernel), (1,) * lead + tuple(steps), pads)
        return total / math.prod(kernel)

    def op_avg_pool1d(self, x, **geometry): return self._pooling(x, 1, False, **geometry)
    def op_avg_pool2d(self, x, **geometry): return self._pooling(x, 2, False, **geometry)
    def op_max_pool1d(self, x, **geometry): return self._pooling(x, 1, True, **geometry)
    def op_max_pool2d(self, x, **geometry): return self._pooling(x, 2, True, **geometry)

    # indexing: the index arrays as int constants, outside the differentiated arguments
    def op_take(self, a, i, axis): return self.jnp.take(a, i.astype(self.jnp.int32), axis=axis)

    def op_scatter_add(self, a, i, u, axis):
        k = axis % a.ndim
        return a.at[(slice(None),) * k + (i.astype(self.jnp.int32),)].add(u)

    def op_take_along_axis(self, a, i, axis): return self.jnp.take_along_axis(a, i.astype(self.jnp.int32), axis=axis)

    def op_pick(self, a, i, axis, keepdims):
        k = axis % a.ndim
        picked = self.jnp.take_along_axis(a, i.astype(self.jnp.int32).reshape(a.shape[:k] + (1,) + a.shape[k + 1:]), axis=k)
        return picked if keepdims else self.jnp.squeeze(picked, axis=k)

    def op_one_hot(self, i, depth): return self.jax.nn.one_hot(i.astype(self.jnp.int32), depth, dtype=self.jdtype)


# ---- the peers -----------------------------------------------------------------------------

def as_numpy_inputs(case):
    return [np.array(a["data"], dtype=case["dtype"]).reshape(a["shape"]) for a in case["inputs"]]


def attempt(result, key, compute):
    """Stores compute() under key, or the peer's error message under errors[key]."""
    try:
        result[key] = compute()
    except Exception as e:  # a peer's refusal is a result to record
        result.setdefault("errors", {})[key] = short_error(e)


def run_mxnet(case):
    from mxnet import autograd, nd
    ev = MXNetInterpreter(case["dtype"])
    dtype = case["dtype"]
    f = lambda xs: ev.run(case["expr"], xs)

    def variables():
        xs = [nd.array(a, dtype=dtype) for a in as_numpy_inputs(case)]
        for v in xs:
            v.attach_grad()
        return xs

    result = {}
    xs = variables()
    if not case["want_derivatives"]:
        y = f(xs)
        result["value"] = encode(y.asnumpy())
        result["cotangent"] = suite.cotangent(y.size)
        return result
    with autograd.record():
        y = f(xs)
    result["value"] = encode(y.asnumpy())
    u = suite.cotangent(y.size)
    result["cotangent"] = u
    head = nd.array(np.array(u).reshape(y.shape), dtype=dtype)

    def vjp():
        y.backward(head)
        return [encode(v.grad.asnumpy()) for v in xs]
    attempt(result, "vjp", vjp)
    for key in ("jvp", "jacobian_fwd"):
        result.setdefault("errors", {})[key] = "not available: MXNet 1.9.1 has no forward-mode AD"

    if case["want_jacobian"]:
        def jacobian():
            rows = [[] for _ in xs]
            for k in range(y.size):
                vs = variables()
                with autograd.record():
                    yk = f(vs)
                e = np.zeros(yk.size)
                e[k] = 1
                yk.backward(nd.array(e.reshape(yk.shape), dtype=dtype))
                for i, v in enumerate(vs):
                    rows[i].append(v.grad.asnumpy().ravel())
            return [encode(np.array(r)) for r in rows]
        attempt(result, "jacobian", jacobian)

    if case["want_hessian"]:
        def hessian():
            # Reverse over reverse: the gradient recorded with create_graph, then each of its
            # components differentiated (MXNet registers second derivatives for few operators).
            vs = variables()
            with autograd.record():
                yh = f(vs)
                grads = autograd.grad(yh, vs, head_grads=nd.array(np.array(u).reshape(yh.shape), dtype=dtype),
                                      create_graph=True, retain_graph=True)
            rows = []
            for g in grads:
                for k in range(g.size):
                    e = np.zeros(g.size)
                    e[k] = 1
                    seconds = autograd.grad(g, vs, head_grads=nd.array(e.reshape(g.shape), dtype=dtype),
                                            retain_graph=True)
                    rows.append(np.concatenate([s.asnumpy().ravel() for s in seconds]))
            return encode(np.array(rows))
        attempt(result, "hessian", hessian)
    return result


def run_torch(case):
    import torch
    import torch.autograd.forward_ad as fwAD
    ev = TorchInterpreter(case["dtype"])
    f = lambda *xs: ev.run(case["expr"], list(xs))
    tdtype = ev.tdtype
    inputs = [torch.tensor(a, dtype=tdtype) for a in as_numpy_inputs(case)]
    tangents = [torch.tensor(np.array(t).reshape(a.shape), dtype=tdtype) for t, a in zip(case["tangents"], inputs)]

    result = {}
    xs = [a.clone().requires_grad_(True) for a in inputs]
    y = f(*xs)
    result["value"] = encode(y.detach().numpy())
    u = suite.cotangent(y.numel())
    result["cotangent"] = u
    if not case["want_derivatives"]:
        return result
    head = torch.tensor(np.array(u).reshape(tuple(y.shape)), dtype=tdtype)

    def vjp():
        grads = torch.autograd.grad(y, xs, grad_outputs=head, allow_unused=True)
        return [encode((g if g is not None else torch.zeros_like(x)).numpy()) for g, x in zip(grads, xs)]
    attempt(result, "vjp", vjp)

    def forward(ts):
        # Forward mode with dual tensors (torch.autograd.forward_ad), which allows .item() inside.
        with fwAD.dual_level():
            duals = [fwAD.make_dual(a, t) for a, t in zip(inputs, ts)]
            out = f(*duals)
            t = fwAD.unpack_dual(out).tangent
            return (t if t is not None else torch.zeros_like(out)).detach().numpy()
    attempt(result, "jvp", lambda: encode(forward(tangents)))

    if case["want_jacobian"]:
        def jacobian():
            jac = torch.autograd.functional.jacobian(f, tuple(inputs), strict=False)
            m = y.numel()
            return [encode(j.reshape(m, a.numel()).numpy()) for j, a in zip(jac, inputs)]
        attempt(result, "jacobian", jacobian)

        def jacobian_fwd():
            blocks = []
            for i, a in enumerate(inputs):
                columns = []
                for j in range(a.numel()):
                    ts = [torch.zeros_like(b) for b in inputs]
                    ts[i].view(-1)[j] = 1
                    columns.append(forward(ts).ravel())
                blocks.append(encode(np.array(columns).T.reshape(y.numel(), a.numel())))
            return blocks
        attempt(result, "jacobian_fwd", jacobian_fwd)

    if case["want_hessian"]:
        def hessian():
            s = lambda *xs: torch.sum(f(*xs) * head)
            h = torch.autograd.functional.hessian(s, tuple(inputs))
            sizes = [a.numel() for a in inputs]
            return encode(np.block([[h[i][j].reshape(sizes[i], sizes[j]).numpy() for j in range(len(inputs))]
                                    for i in range(len(inputs))]))
        attempt(result, "hessian", hessian)
    return result


def run_jax(case):
    import jax
    import jax.numpy as jnp
    decisions = {"record": True}
    ev = JaxInterpreter(case["dtype"], decisions)
    inputs = [jnp.asarray(a) for a in as_numpy_inputs(case)]
    tangents = [jnp.asarray(np.array(t, dtype=case["dtype"]).reshape(a.shape)) for t, a in zip(case["tangents"], inputs)]

    result = {}
    y = ev.run(case["expr"], inputs)            # eager: records seed_f's control decisions
    decisions["record"] = False
    f = lambda *xs: ev.run(case["expr"], list(xs))
    result["value"] = encode(np.asarray(y))
    u = suite.cotangent(int(np.size(y)))
    result["cotangent"] = u
    if not case["want_derivatives"]:
        return result
    head = jnp.asarray(np.array(u, dtype=case["dtype"]).reshape(np.shape(y)))
    argnums = tuple(range(len(inputs)))

    def vjp():
        _, pullback = jax.vjp(f, *inputs)
        return [encode(np.asarray(g)) for g in pullback(head)]
    attempt(result, "vjp", vjp)

    def jvp():
        _, t = jax.jvp(f, tuple(inputs), tuple(tangents))
        return encode(np.asarray(t))
    attempt(result, "jvp", jvp)

    if case["want_jacobian"]:
        def jacobian():
            jac = jax.jacrev(f, argnums=argnums)(*inputs)
            m = int(np.size(y))
            return [encode(np.asarray(j).reshape(m, int(np.size(a)))) for j, a in zip(jac, inputs)]
        attempt(result, "jacobian", jacobian)

        def jacobian_fwd():
            jac = jax.jacfwd(f, argnums=argnums)(*inputs)
            m = int(np.size(y))
            return [encode(np.asarray(j).reshape(m, int(np.size(a)))) for j, a in zip(jac, inputs)]
        attempt(result, "jacobian_fwd", jacobian_fwd)

    if case["want_hessian"]:
        def hessian():
            s = lambda *xs: jnp.sum(f(*xs) * head)
            h = jax.hessian(s, argnums=argnums)(*inputs)
            sizes = [int(np.size(a)) for a in inputs]
            return encode(np.block([[np.asarray(h[i][j]).reshape(sizes[i], sizes[j]) for j in range(len(inputs))]
                                    for i in range(len(inputs))]))
        attempt(result, "hessian", hessian)
    return result


def peer_metadata(peer):
    meta = {"python": platform.python_version(), "numpy": np.__version__, "platform": platform.platform()}
    if peer == "mxnet":
        import mxnet
        meta.update(peer="mxnet", version=mxnet.__version__,
                    notes="reverse mode only (no JVP); Jacobian row by row with backward(e_k); Hessian by "
                          "autograd.grad(create_graph=True) then autograd.grad of each gradient component")
    elif peer == "torch":
        import torch
        meta.update(peer="torch", version=torch.__version__,
                    notes="VJP torch.autograd.grad; JVP torch.autograd.forward_ad dual tensors; Jacobian "
                          "torch.autograd.functional.jacobian (reverse) and one forward_ad pass per input element "
                          "(forward); Hessian torch.autograd.functional.hessian (reverse over reverse)")
    elif peer == "jax":
        import jax
        import jaxlib
        jax.config.update("jax_enable_x64", True)
        meta.update(peer="jax", version=jax.__version__, jaxlib=jaxlib.__version__, x64=True,
                    notes="VJP jax.vjp; JVP jax.jvp; Jacobian jax.jacrev and jax.jacfwd; Hessian jax.hessian (forward over "
                          "reverse); jax_enable_x64 on; seed_f's control decisions replayed from an eager run")
    return meta


def command_line():
    python = os.path.relpath(os.path.join(sys.prefix, "bin", "python"), REPO)
    script = os.path.relpath(os.path.abspath(sys.argv[0]), REPO)
    return shlex.join([python, script] + sys.argv[1:])


def write(path, document, bulky):
    """The document's small fields one per line, then `bulky` (a list or a dict) one entry per
    line: reviewable diffs without a line per number."""
    lines = []
    for key, value in document.items():
        if key == bulky:
            continue
        lines.append(f"{json.dumps(key)}: {json.dumps(value, allow_nan=False)}")
    entries = document[bulky]
    if isinstance(entries, dict):
        body = [f"  {json.dumps(k)}: {json.dumps(v, allow_nan=False)}" for k, v in entries.items()]
        block = f"{json.dumps(bulky)}: {{\n" + ",\n".join(body) + "\n }"
    else:
        body = [f"  {json.dumps(v, allow_nan=False)}" for v in entries]
        block = f"{json.dumps(bulky)}: [\n" + ",\n".join(body) + "\n ]"
    with open(path, "w") as f:
        f.write("{\n " + ",\n ".join(lines + [block]) + "\n}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--peer", choices=["mxnet", "torch", "jax"])
    group.add_argument("--cases", action="store_true", help="write references/cases.json")
    parser.add_argument("--only", help="run only the case with this name, print it, write nothing")
    args = parser.parse_args()

    all_cases = suite.build_cases()
    if args.cases:
        path = os.path.join(REFERENCES, "cases.json")
        write(path, {"digest": suite.digest(all_cases), "command": command_line(), "ops": suite.OPS,
                     "cases": all_cases}, "cases")
        print(f"wrote {os.path.relpath(path, REPO)}: {len(all_cases)} cases")
        return

    meta = peer_metadata(args.peer)
    runner = {"mxnet": run_mxnet, "torch": run_torch, "jax": run_jax}[args.peer]
    if args.only:
        c = next(c for c in all_cases if c["name"] == args.only)
        print(json.dumps(runner(c), indent=1))
        return
    results = {}
    refused = {}
    for c in all_cases:
        try:
            results[c["name"]] = runner(c)
        except Exception as e:
            results[c["name"]] = {"errors": {"value": short_error(e)}}
        for key, message in results[c["name"]].get("errors", {}).items():
            if not message.startswith("not available"):
                refused.setdefault(key, []).append(c["name"])
    for key, names in refused.items():
        print(f"  {args.peer} refused {key} for {len(names)} cases: {', '.join(names[:6])}"
              f"{', ...' if len(names) > 6 else ''} (messages in the file's errors)", file=sys.stderr)
    meta.update(command=command_line(), cases_digest=suite.digest(all_cases), results=results)
    path = os.path.join(REFERENCES, f"{args.peer}.json")
    write(path, meta, "results")
    print(f"wrote {os.path.relpath(path, REPO)}: {args.peer} {meta['version']}, {len(results)} cases")


if __name__ == "__main__":
    main()

/// The primal of an einsum of one or two operands, in four steps that copy as little as
/// possible and leave every contraction to BLAS:
///
/// 1. a repeated label in an operand becomes a diagonal view (strides added, no copy);
/// 2. a label only one operand has, absent from the output, is summed out there;
/// 3. two operands are contracted as a batched matrix product: shared output labels are the
///    batch, shared other labels the inner dimension, the rest the rows and the columns
///    (`[B, M, K] @ [B, K, N]`, one GEMM per batch item, views passed to BLAS uncopied);
/// 4. the result is laid out as the output asks: a permuted or broadcast view, or written
///    onto the diagonal of zeros when the output repeats a label.
extension Kernels {
    /// `einsum` of `operands` (one or two, with exactly the extents their labels have) into
    /// an array of `outputShape`.
    static func einsum(_ operands: [NDArray], _ subscripts: EinsumSubscripts, outputShape: [Int]) -> NDArray {
        let output = subscripts.output
        var terms: [(array: NDArray, labels: [Int])] = []
        for (n, x) in operands.enumerated() {
            var kept = Set(output)
            for (m, labels) in subscripts.inputs.enumerated() where m != n { kept.formUnion(labels) }
            var (view, labels) = diagonal(x, subscripts.inputs[n])
            let lonely = labels.indices.filter { !kept.contains(labels[$0]) }
            if !lonely.isEmpty {
                // The sum keeps the summed axes with extent 1 in a contiguous array: drop them.
                let summed = reduce(view, axes: lonely, .sum)
                let keep = labels.indices.filter { !lonely.contains($0) }
                labels = keep.map { labels[$0] }
                view = NDArray(storage: summed.storage, shape: keep.map { view.shape[$0] })
            }
            terms.append((view, labels))
        }
        let result = terms.count == 1 ? terms[0] : contract(terms[0], terms[1], keeping: Set(output))
        return emit(result.array, result.labels, output, outputShape)
    }

    /// `x` with each repeated label's axes merged into one (the diagonal, a view), and the
    /// labels of the view's axes (distinct, in order of first appearance).
    static func diagonal(_ x: NDArray, _ labels: [Int]) -> (NDArray, [Int]) {
        var distinct: [Int] = [], shape: [Int] = [], strides: [Int] = []
        for (axis, l) in labels.enumerated() {
            if let i = distinct.firstIndex(of: l) {
                strides[i] += x.strides[axis]
            } else {
                distinct.append(l)
                shape.append(x.shape[axis])
                strides.append(x.strides[axis])
            }
        }
        return (NDArray(storage: x.storage, shape: shape, strides: strides, offset: x.offset), distinct)
    }
}

extension Kernels {
    /// Two operands with distinct labels contracted over their shared labels that `kept` does
    /// not hold, as a batched matrix product; the result's labels are batch, rows, columns.
    static func contract(_ a: (array: NDArray, labels: [Int]), _ b: (array: NDArray, labels: [Int]),
                         keeping kept: Set<Int>) -> (array: NDArray, labels: [Int]) {
        let shared = a.labels.filter { b.labels.contains($0) }
        let batch = shared.filter { kept.contains($0) }
        let inner = shared.filter { !kept.contains($0) }
        let rows = a.labels.filter { !b.labels.contains($0) }
        let columns = b.labels.filter { !a.labels.contains($0) }
        let product = batchedMatmul(grouped(a.array, a.labels, [batch, rows, inner]),
                                    grouped(b.array, b.labels, [batch, inner, columns]))
        func extent(_ l: Int, _ x: (array: NDArray, labels: [Int])) -> Int { x.array.shape[x.labels.firstIndex(of: l)!] }
        let shape = (batch + rows).map { extent($0, a) } + columns.map { extent($0, b) }
        return (NDArray(storage: product.storage, shape: shape), batch + rows + columns)
    }

    /// `x` as a 3-D array whose axes are the given groups of labels, each group's axes read
    /// as one in row-major order: a view when the layout allows it, else a contiguous copy.
    static func grouped(_ x: NDArray, _ labels: [Int], _ groups: [[Int]]) -> NDArray {
        let axes = groups.map { $0.map { labels.firstIndex(of: $0)! } }
        var shape: [Int] = [], strides: [Int] = []
        for group in axes {
            guard let (extent, stride) = merged(x, group) else {
                let order = axes.flatMap { $0 }
                let permuted = NDArray(storage: x.storage, shape: order.map { x.shape[$0] }, strides: order.map { x.strides[$0] }, offset: x.offset)
                return NDArray(storage: copy(permuted).storage, shape: axes.map { $0.reduce(1) { $0 * x.shape[$1] } })
            }
            shape.append(extent)
            strides.append(stride)
        }
        return NDArray(storage: x.storage, shape: shape, strides: strides, offset: x.offset)
    }

    /// The extent and stride of `axes` of `x` read as one axis (row-major), or `nil` when
    /// their strides do not nest.
    static func merged(_ x: NDArray, _ axes: [Int]) -> (extent: Int, stride: Int)? {
        let spanning = axes.filter { x.shape[$0] != 1 }
        guard let last = spanning.last else { return (1, 0) }
        for (outer, inner) in Swift.zip(spanning, spanning.dropFirst()) where x.strides[outer] != x.strides[inner] * x.shape[inner] {
            return nil
        }
        return (spanning.reduce(1) { $0 * x.shape[$1] }, x.strides[last])
    }

    /// The result of a contraction (labels distinct, all in the output) laid out as `output`:
    /// a view (permuted, broadcast along labels it lacks) when the output repeats no label,
    /// else zeros with the values written on the diagonal the repeated labels describe.
    static func emit(_ r: NDArray, _ labels: [Int], _ output: [Int], _ outputShape: [Int]) -> NDArray {
        if labels == output && r.shape == outputShape { return r }
        var distinct: [Int] = []
        for l in output where !distinct.contains(l) { distinct.append(l) }
        let extents = distinct.map { outputShape[output.firstIndex(of: $0)!] }
        let strides = distinct.map { l in labels.firstIndex(of: l).map { r.strides[$0] } ?? 0 }
        let source = NDArray(storage: r.storage, shape: extents, strides: strides, offset: r.offset)
        if distinct.count == output.count { return source }
        let result = filled(0, shape: outputShape, dtype: r.dtype)
        let dense = Shape.contiguousStrides(outputShape)
        var diagonalStrides = [Int](repeating: 0, count: distinct.count)
        for (axis, l) in output.enumerated() { diagonalStrides[distinct.firstIndex(of: l)!] += dense[axis] }
        let target = NDArray(storage: result.storage, shape: extents, strides: diagonalStrides, offset: 0)
        switch r.dtype {
        case .float32: update(target, from: source, Overwrite(), Float.self)
        case .float64: update(target, from: source, Overwrite(), Double.self)
        }
        return result
    }
}

/// Linear solves and determinants through LAPACK's LU (`getrf`, `getrs`) and triangular
/// solve (`trtrs`), over batches. No automatic differentiation here: operators call these
/// from their primals and report the ``MatrixProblem`` they return.
extension Kernels {
    /// `A⁻¹ B` for `a` `[n, n]` or `[B, n, n]` and `b` `[n, k]` or `[B, n, k]` (one side may be a
    /// single matrix for the whole batch, which is then factorized once). Matrices that cannot
    /// be solved come back as NaN, the first one described by the problem.
    static func luSolve(_ a: NDArray, _ b: NDArray) -> (NDArray, MatrixProblem?) {
        switch a.dtype {
        case .float64: return luSolve(a, b, Double.self)
        case .float32: return luSolve(a, b, Float.self)
        }
    }

    static func luSolve<T: LAPACKScalar>(_ a: NDArray, _ b: NDArray, _: T.Type) -> (NDArray, MatrixProblem?) {
        let A = MatrixBatch(a), B = MatrixBatch(b)
        let n = A.rows, k = B.columns, count = max(A.count, B.count)
        let shape = (a.rank == 3 || b.rank == 3 ? [count] : []) + [n, k]
        let out = Storage(dtype: T.dtype, count: count * n * k)
        let result = out.pointer(as: T.self)
        var problem: MatrixProblem?
        if n > 0 && k > 0 {
            var lu = [T](repeating: 0, count: n * n), rhs = [T](repeating: 0, count: n * k)
            var pivots = [Int32](repeating: 0, count: n)
            var factored: (item: Int, ok: Bool)?
            let N = Int32(n)
            for i in 0 ..< count {
                let ai = A.count == 1 ? 0 : i
                if factored?.item != ai {
                    factored = (ai, true)
                    if let (r, c) = A.firstNonFinite(ai, T.self) {
                        problem = problem ?? .nonFinite(item: ai, row: r, column: c, value: Double(A.item(ai, T.self)[r * n + c]))
                        factored = (ai, false)
                    } else {
                        // The row-major buffer is Aᵀ column-major: LU of Aᵀ, solved with 'T'.
                        let info = lu.withUnsafeMutableBufferPointer { luBuffer in
                            luBuffer.baseAddress!.update(from: A.item(ai, T.self), count: n * n)
                            return pivots.withUnsafeMutableBufferPointer { T.getrf(N, N, luBuffer.baseAddress!, N, $0.baseAddress!) }
                        }
                        if info > 0 {
                            problem = problem ?? .info(item: ai, Int(info))
                            factored = (ai, false)
                        }
                    }
                }
                let destination = result + i * n * k
                guard factored?.ok == true else {
                    destination.initialize(repeating: .nan, count: n * k)
                    continue
                }
                rhs.withUnsafeMutableBufferPointer { rhsBuffer in
                    transposeCopy(B.item(i, T.self), rows: n, columns: k, into: rhsBuffer.baseAddress!)
                    _ = T.getrs(UInt8(ascii: "T"), N, Int32(k), lu, N, pivots, rhsBuffer.baseAddress!, N)
                    transposeCopy(rhsBuffer.baseAddress!, rows: k, columns: n, into: destination)
                }
            }
        }
        return (NDArray(storage: out, shape: shape), problem)
    }

    /// The sign, `log|det|` and determinant of each matrix of `a` (`[n, n]` → shape `[1]`,
    /// `[B, n, n]` → `[B]`), from the LU factorization. A singular matrix has sign 0,
    /// `log|det| = -∞` and determinant 0 (not a problem); a non-finite element is.
    static func luDeterminants(_ a: NDArray) -> (sign: NDArray, logAbs: NDArray, det: NDArray, problem: MatrixProblem?) {
        switch a.dtype {
        case .float64: return luDeterminants(a, Double.self)
        case .float32: return luDeterminants(a, Float.self)
        }
    }

    static func luDeterminants<T: LAPACKScalar>(_ a: NDArray, _: T.Type) -> (sign: NDArray, logAbs: NDArray, det: NDArray, problem: MatrixProblem?) {
        let A = MatrixBatch(a)
        let n = A.rows, shape = a.rank == 3 ? [A.count] : [1]
        var signs = [Double](repeating: 1, count: A.count), logs = [Double](repeating: 0, count: A.count)
        var dets = [Double](repeating: 1, count: A.count)
        var problem: MatrixProblem?
        var lu = [T](repeating: 0, count: n * n), pivots = [Int32](repeating: 0, count: n)
        for i in 0 ..< A.count where n > 0 {
            if let (r, c) = A.firstNonFinite(i, T.self) {
                problem = problem ?? .nonFinite(item: i, row: r, column: c, value: Double(A.item(i, T.self)[r * n + c]))
                (signs[i], logs[i], dets[i]) = (.nan, .nan, .nan)
                continue
            }
            lu.withUnsafeMutableBufferPointer { luBuffer in
                luBuffer.baseAddress!.update(from: A.item(i, T.self), count: n * n)
                _ = pivots.withUnsafeMutableBufferPointer { T.getrf(Int32(n), Int32(n), luBuffer.baseAddress!, Int32(n), $0.baseAddress!) }
            }
            // det(A) = det(Aᵀ) = ±Π uⱼⱼ, one sign flip per row interchange.
            var sign = 1.0, logAbs = 0.0, det = 1.0
            for j in 0 ..< n {
                let u = Double(lu[j * n + j])
                if pivots[j] != Int32(j + 1) { (sign, det) = (-sign, -det) }
                if u < 0 { sign = -sign }
                logAbs += Double.log(Swift.abs(u))
                det *= u
            }
            (signs[i], logs[i], dets[i]) = (logAbs == -.infinity ? 0 : sign, logAbs, det)
        }
        return (NDArray(values: signs, shape: shape, dtype: T.dtype), NDArray(values: logs, shape: shape, dtype: T.dtype),
                NDArray(values: dets, shape: shape, dtype: T.dtype), problem)
    }

    /// `T⁻¹ B` for the triangular matrices read from one triangle of `a` (`lower`, or upper),
    /// with ones on the diagonal instead of `a`'s when `unitDiagonal`. Batches as ``luSolve(_:_:)``.
    static func triangularSolve(_ a: NDArray, _ b: NDArray, lower: Bool, unitDiagonal: Bool) -> (NDArray, MatrixProblem?) {
        switch a.dtype {
        case .float64: return triangularSolve(a, b, lower: lower, unitDiagonal: unitDiagonal, Double.self)
        case .float32: return triangularSolve(a, b, lower: lower, unitDiagonal: unitDiagonal, Float.self)
        }
    }

    static func triangularSolve<T: LAPACKScalar>(_ a: NDArray, _ b: NDArray, lower: Bool, unitDiagonal: Bool, _: T.Type) -> (NDArray, MatrixProblem?) {
        let A = MatrixBatch(a), B = MatrixBatch(b)
        let n = A.rows, k = B.columns, count = max(A.count, B.count)
        let shape = (a.rank == 3 || b.rank == 3 ? [count] : []) + [n, k]
        let out = Storage(dtype: T.dtype, count: count * n * k)
        let result = out.pointer(as: T.self)
        var problem: MatrixProblem?
        guard n > 0 && k > 0 else { return (NDArray(storage: out, shape: shape), nil) }
        var rhs = [T](repeating: 0, count: n * k)
        let N = Int32(n)
        // The row-major buffer is Aᵀ column-major: its other triangle, solved with 'T'.
        let uplo = UInt8(ascii: lower ? "U" : "L"), diag = UInt8(ascii: unitDiagonal ? "U" : "N")
        for i in 0 ..< count {
            let ai = A.count == 1 ? 0 : i
            let destination = result + i * n * k
            let item = A.item(ai, T.self)
            if let (r, c) = A.firstNonFinite(ai, T.self, where: { r, c in lower ? (unitDiagonal ? r > c : r >= c) : (unitDiagonal ? r < c : r <= c) }) {
                problem = problem ?? .nonFinite(item: ai, row: r, column: c, value: Double(item[r * n + c]))
                destination.initialize(repeating: .nan, count: n * k)
                continue
            }
            let info = rhs.withUnsafeMutableBufferPointer { rhsBuffer in
                transposeCopy(B.item(i, T.self), rows: n, columns: k, into: rhsBuffer.baseAddress!)
                let info = T.trtrs(uplo, UInt8(ascii: "T"), diag, N, Int32(k), item, N, rhsBuffer.baseAddress!, N)
                transposeCopy(rhsBuffer.baseAddress!, rows: k, columns: n, into: destination)
                return info
            }
            if info > 0 {
                problem = problem ?? .info(item: ai, Int(info))
                destination.initialize(repeating: .nan, count: n * k)
            }
        }
        return (NDArray(storage: out, shape: shape), problem)
    }
}

/// How the expression language calls the LAPACK operators: on matrices `[…, m, n]` with any
/// number of leading axes (flattened into the operators' one batch axis, as the Swift API
/// does), and with a `part` option for decompositions with several outputs.
enum LAPACKSignatures {
    /// The value of the required `part` option, one of `P`'s cases.
    static func part<P: RawRepresentable & CaseIterable>(_ call: CallArguments, _: P.Type) throws(CallError) -> P where P.RawValue == String {
        let names = P.allCases.map(\.rawValue)
        guard let word = try call.word("part", among: names), let part = P(rawValue: word) else {
            throw CallError(.argument, "part must be one of \(names.joined(separator: ", "))", argument: "part")
        }
        return part
    }

    /// `name(a)` (or `name(a, part)`) for an operator on matrices `[…, m, n]` whose result for
    /// one matrix has shape `shape(call, m, n)` (`[]`: one value per matrix, `[1]` for one matrix).
    static func matrices(_ name: String, part: (some RawRepresentable<String> & CaseIterable).Type, summary: String, square: Bool,
                         tall: Bool = false, shape: @escaping @Sendable (CallArguments, Int, Int) throws(CallError) -> [Int],
                         _ op: @escaping @Sendable (CallArguments) throws(CallError) -> any DifferentiableOperator) -> CallSignature {
        signature(name, [.array("a"), CallParameter("part", .word)], firstPart: part.allCases.first!.rawValue,
                  summary: summary, square: square, tall: tall, shape: shape, op)
    }

    /// `name(a)` for an operator on matrices `[…, m, n]` (see the `part` variant).
    static func matrices(_ name: String, summary: String, square: Bool, tall: Bool = false,
                         shape: @escaping @Sendable (CallArguments, Int, Int) throws(CallError) -> [Int],
                         _ op: @escaping @Sendable (CallArguments) throws(CallError) -> any DifferentiableOperator) -> CallSignature {
        signature(name, [.array("a")], firstPart: nil, summary: summary, square: square, tall: tall, shape: shape, op)
    }

    /// The signature; `firstPart` names a part whose operator declares the input's domain
    /// (every part declares the same).
    private static func signature(_ name: String, _ parameters: [CallParameter], firstPart: String?, summary: String, square: Bool, tall: Bool,
                                  shape: @escaping @Sendable (CallArguments, Int, Int) throws(CallError) -> [Int],
                                  _ op: @escaping @Sendable (CallArguments) throws(CallError) -> any DifferentiableOperator) -> CallSignature {
        let options: [String: [CallArguments.Value]] = firstPart.map { ["part": [.word($0)]] } ?? [:]
        let info = (try? op(CallArguments(function: name, shapes: [], options: options)))?.info ?? OperatorInfo()
        return CallSignature(name, family: .linearAlgebra, parameters, summary: summary, info: info) { call throws(CallError) in
            let x = call.shape(0)
            guard x.count >= 2 else {
                throw CallError(.shape, "expects matrices [..., m, n], got shape \(Shape.describe(x))", argument: "a")
            }
            let m = x[x.count - 2], n = x[x.count - 1], lead = MatrixBatching.leading(x)
            if square && m != n { throw CallError(.shape, "expects square matrices [..., n, n], got shape \(Shape.describe(x))", argument: "a") }
            if tall && m < n {
                throw CallError(.shape, "expects at least as many rows as columns [..., m, n], m ≥ n, got shape \(Shape.describe(x))", argument: "a")
            }
            let result = lead + (try shape(call, m, n))
            let resultShape = result.isEmpty ? Shape.unit : result
            let operation = try op(call)
            return ResolvedCall(shape: resultShape, work: cubicWork(lead, max(m, n))) { inputs in
                let y = dispatch(operation, MatrixBatching.flatten(inputs[0]))
                return y.shape == resultShape ? y : y.reshape(resultShape)
            }
        }
    }

    /// `name(a, b, options…)` for a solve of `A x = b`: `a` `[…, n, n]`, `b` a vector `[n]` or
    /// matrices `[…, n, k]` with `a`'s leading axes or none.
    static func system(_ name: String, options: [CallParameter] = [], summary: String,
                       _ op: @escaping @Sendable (CallArguments) throws(CallError) -> any DifferentiableOperator) -> CallSignature {
        let info = (try? op(CallArguments(function: name, shapes: [], options: [:])))?.info ?? OperatorInfo()
        return CallSignature(name, family: .linearAlgebra, [.array("a"), .array("b")] + options, summary: summary, info: info) { call throws(CallError) in
            let a = call.shape(0), b = call.shape(1)
            guard a.count >= 2, a[a.count - 1] == a[a.count - 2] else {
                throw CallError(.shape, "expects square matrices a [..., n, n], got shape \(Shape.describe(a))", argument: "a")
            }
            let n = a[a.count - 1], la = MatrixBatching.leading(a)
            let mismatch = CallError(.shape, "a of shape \(Shape.describe(a)) and b of shape \(Shape.describe(b)) do not align "
                                           + "(b is [n], or [..., n, k] with a's leading axes or none)")
            let shape: [Int]
            if b.count == 1 {
                guard b[0] == n else { throw mismatch }
                shape = la + [n]
            } else {
                let lb = MatrixBatching.leading(b)
                guard b.count >= 2, b[b.count - 2] == n, la == lb || la.isEmpty || lb.isEmpty else { throw mismatch }
                shape = (la.isEmpty ? lb : la) + [n, b[b.count - 1]]
            }
            let operation = try op(call)
            return ResolvedCall(shape: shape, work: cubicWork(la, n) + Shape.count(shape) * n) { inputs in
                MatrixBatching.solve(name, inputs[0], inputs[1]) { dispatch(operation, $0, $1) }
            }
        }
    }

    /// `count(lead) · n³` (a factorization per matrix), saturating.
    static func cubicWork(_ lead: [Int], _ n: Int) -> Int {
        let (cube, o1) = n.multipliedReportingOverflow(by: n)
        let (cube3, o2) = cube.multipliedReportingOverflow(by: n)
        let (total, o3) = Shape.count(lead).multipliedReportingOverflow(by: cube3)
        return o1 || o2 || o3 ? Int.max : total
    }
}

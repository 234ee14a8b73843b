/// NumPy's `einsum`, as one operator whose derivatives are einsums again.

/// An einsum of one or two operands (``einsum(_:_:)-(_,NDArray...)`` chains more).
///
///     y[o] = Σ_{labels not in o} x₀[l₀] · x₁[l₁]            ("ij,jk->ik": matrix product)
///
/// It is multilinear: forward mode applies it to each tangent in turn, and the transpose
/// with respect to operand `i` is the einsum with `i`'s subscripts and the output's
/// exchanged, applied to the cotangent in `i`'s place:
///
///     ẏ = einsum(ẋ₀, x₁) + einsum(x₀, ẋ₁)
///     x̄₀ = einsum_{O,L₁→L₀}(ȳ, x₁)          x̄₁ = einsum_{L₀,O→L₁}(x₀, ȳ)
///
/// A label repeated in `x₀`'s subscripts (`"ii->"`, a trace) is repeated in the output of
/// `x̄₀`'s einsum: the cotangent lands on the diagonal, zeros elsewhere. A label summed out of `x₀` alone
/// (`"ij->i"`) is one `x̄₀` has and its operands lack: the cotangent is broadcast along it.
/// Both are forms of ``EinsumSubscripts`` that NumPy's notation does not write; this
/// operator computes them, so every order of derivative is an einsum.
///
/// Contractions run as batched BLAS matrix products (see `Kernels.einsum`).
public struct Einsum: MultilinearOperator {
    /// The operands' and the output's labels.
    public let subscripts: EinsumSubscripts
    /// The output's shape (it fixes the extent of output labels no operand has).
    public let outputShape: [Int]

    /// The einsum `notation` (NumPy's: `"ij,jk->ik"`, `"ii"`, `"...ij,...jk->...ik"`) of
    /// operands of exactly `shapes`; the function ``einsum(_:_:)-(_,NDArray...)``
    /// also broadcasts extents of 1. Stops on subscripts that do not fit the shapes, or on
    /// shapes that would need broadcasting.
    ///
    /// - Parameters:
    ///   - notation: The subscripts in NumPy's notation, for one or two operands.
    ///   - shapes: The operands' shapes, one per operand; each label's extents must agree.
    public init(_ notation: String, shapes: [[Int]]) {
        do throws(CallError) {
            let parsed = try EinsumSubscripts.parse(notation, ranks: shapes.map(\.count))
            let (extents, broadcast) = try parsed.extents(shapes)
            precondition(broadcast == shapes,
                         "einsum: operands of shapes \(shapes.map { Shape.describe($0) }.joined(separator: ", ")) need broadcasting for '\(notation)'; the einsum function does it")
            self.init(subscripts: parsed, outputShape: parsed.output.map { extents[$0]! })
        } catch {
            preconditionFailure("einsum: \(error.message)")
        }
    }

    /// The einsum of `subscripts` into an array of `outputShape`, in DualTape's general form
    /// (the output may repeat labels and hold labels no operand has). Stops unless there are
    /// one or two operands and `outputShape` has one extent per output label.
    ///
    /// - Parameters:
    ///   - subscripts: The operands' and the output's labels.
    ///   - outputShape: The output's extents, one per output label (labels no operand has take
    ///     their extent from here).
    public init(subscripts: EinsumSubscripts, outputShape: [Int]) {
        precondition((1 ... 2).contains(subscripts.inputs.count), "einsum: the operator takes one or two operands, not \(subscripts.inputs.count)")
        precondition(subscripts.output.count == outputShape.count,
                     "einsum: output subscripts of \(subscripts) do not fit the output shape \(Shape.describe(outputShape))")
        self.subscripts = subscripts
        self.outputShape = outputShape
    }

    /// "einsum", its catalog and expression-language name.
    public var name: String { "einsum" }
    /// One per operand of the subscripts (1 or 2).
    public var arity: Int { subscripts.inputs.count }
    /// `"einsum(ij,jk->ik)"`.
    public var description: String { "einsum(\(subscripts))" }
    /// Multilinear: linear in each operand; each transpose is another einsum.
    public var info: OperatorInfo {
        OperatorInfo(isLinear: arity == 1,
                     note: "multilinear; each transpose is an einsum (repeated labels put the cotangent on a diagonal, summed-out labels broadcast it)")
    }

    /// The contraction the subscripts describe; stops when the operands' count or shapes do not fit.
    public func primal(_ inputs: [NDArray]) -> NDArray {
        precondition(inputs.count == arity, "einsum: \(subscripts) takes \(arity) operands, \(inputs.count) given")
        let shapes = inputs.map(\.shape)
        func mismatch(_ detail: String) -> String {
            "einsum: subscripts \(subscripts) do not fit operands of shapes \(shapes.map { Shape.describe($0) }.joined(separator: ", ")) (\(detail))"
        }
        var extents: [Int: Int] = [:]
        for (labels, shape) in zip(subscripts.inputs + [subscripts.output], shapes + [outputShape]) {
            precondition(labels.count == shape.count, mismatch("\(labels.count) subscripts for an array of rank \(shape.count)"))
            for (l, e) in zip(labels, shape) {
                if let seen = extents[l] {
                    precondition(seen == e, mismatch("subscript \(EinsumSubscripts.name(l)) has extents \(seen) and \(e)"))
                }
                extents[l] = e
            }
        }
        for x in inputs {
            precondition(x.dtype == inputs[0].dtype, "einsum: dtypes \(inputs[0].dtype) and \(x.dtype) do not match")
        }
        return Kernels.einsum(inputs, subscripts, outputShape: outputShape)
    }

    /// Operand `i`'s cotangent: the einsum of `ȳ` with the other operand, back to `i`'s labels.
    public func transpose(_ cotangent: NDArray, inputs: [NDArray], at i: Int) -> NDArray {
        var arguments = inputs
        arguments[i] = cotangent
        return dispatch(Einsum(subscripts: subscripts.exchanging(operand: i), outputShape: inputs[i].shape), arguments)
    }
}

/// NumPy's `einsum`: sums of products of `operands`' elements, described by `subscripts`.
///
///     einsum("ij,jk->ik", a, b)     matrix product          einsum("ii->", a)     trace
///     einsum("bij,bjk->bik", a, b)  batched product         einsum("ii->i", a)    diagonal
///     einsum("ij->ji", a)           transpose (a view)      einsum("i,j->ij", u, v) outer
///     einsum("ij->i", a)            row sums                einsum("ij,ij->ij", a, b) product
///     einsum("...ij,...jk->...ik", a, b)                    batched over any leading axes
///
/// NumPy's rules: without `->` the output is the labels that appear once, in ASCII order;
/// an ellipsis stands for the same axes in every operand, right-aligned; an extent of 1
/// broadcasts against the others. Three or more operands are contracted left to right,
/// each intermediate keeping only the labels still needed. Differentiable in both modes to
/// any order (see ``Einsum``). Stops with a message on subscripts that do not fit the operands.
///
///     ẏ = Σᵢ einsum(x₀, …, ẋᵢ, …)          x̄ᵢ = einsum with xᵢ's subscripts and the output's exchanged
///
/// - Parameters:
///   - subscripts: NumPy's notation: comma-separated labels per operand, optionally `->`
///     and the output's labels; `...` for leading axes.
///   - operands: One array per comma-separated group, all of one dtype.
/// - Returns: The contraction, with the output labels' extents in their order.
public func einsum(_ subscripts: String, _ operands: NDArray...) -> NDArray { einsum(subscripts, operands) }

/// NumPy's `einsum` of an array of operands (see ``einsum(_:_:)-(_,NDArray...)``).
///
/// - Parameters:
///   - subscripts: NumPy's notation, as for the variadic form.
///   - operands: At least one array, one per comma-separated group, all of one dtype.
/// - Returns: The contraction, with the output labels' extents in their order.
public func einsum(_ subscripts: String, _ operands: [NDArray]) -> NDArray {
    precondition(!operands.isEmpty, "einsum: needs at least one operand")
    let parsed: EinsumSubscripts, extents: [Int: Int], broadcast: [[Int]]
    do throws(CallError) {
        parsed = try EinsumSubscripts.parse(subscripts, ranks: operands.map(\.rank))
        (extents, broadcast) = try parsed.extents(operands.map(\.shape))
    } catch {
        preconditionFailure("einsum: \(error.message)")
    }
    var xs = operands
    for i in xs.indices where xs[i].shape != broadcast[i] { xs[i] = xs[i].broadcast(to: broadcast[i]) }
    func shape(_ labels: [Int]) -> [Int] { labels.map { extents[$0]! } }
    if xs.count <= 2 { return dispatch(Einsum(subscripts: parsed, outputShape: shape(parsed.output)), xs) }
    var current = xs[0], labels = parsed.inputs[0]
    for n in 1 ..< xs.count {
        let pair = [labels, parsed.inputs[n]]
        if n == xs.count - 1 {
            return dispatch(Einsum(subscripts: EinsumSubscripts(inputs: pair, output: parsed.output), outputShape: shape(parsed.output)), [current, xs[n]])
        }
        let needed = Set(parsed.output + parsed.inputs[(n + 1)...].flatMap { $0 })
        var kept: [Int] = []
        for l in labels + parsed.inputs[n] where needed.contains(l) && !kept.contains(l) { kept.append(l) }
        current = dispatch(Einsum(subscripts: EinsumSubscripts(inputs: pair, output: kept), outputShape: shape(kept)), [current, xs[n]])
        labels = kept
    }
    return current
}

extension CallSignature {
    /// `einsum(spec, operands...)`: the subscripts as one word, `_` standing for `,` and `->`.
    static let einsum = CallSignature(
        "einsum", family: .linearAlgebra, [CallParameter("spec", .word), CallParameter("operands", .arrays)],
        summary: "NumPy's einsum; spec is its subscripts with _ for ',' and '->': ij_jk_ik is 'ij,jk->ik', ii_ a trace, ij_jk an implicit output (no '...')",
        info: Einsum(subscripts: EinsumSubscripts(inputs: [[0, 1], [1, 2]], output: [0, 2]), outputShape: [1, 1]).info
    ) { call throws(CallError) in
        guard case .word(let word)? = call.options["spec"]?.first else {
            throw CallError(.argument, "spec must be subscripts written as one word, such as ij_jk_ik for NumPy's 'ij,jk->ik'", argument: "spec", quotesArgument: true)
        }
        let notation = try EinsumSubscripts.notation(word: word, operands: call.shapes.count)
        let parsed = try EinsumSubscripts.parse(notation, ranks: call.shapes.map(\.count))
        let (extents, _) = try parsed.extents(call.shapes)
        // The loop nest over every label: the multiply-adds of the contraction, saturating.
        var work = 1
        for e in extents.values {
            let (product, overflow) = work.multipliedReportingOverflow(by: Swift.max(e, 1))
            work = overflow ? Int.max : product
        }
        return ResolvedCall(shape: parsed.output.map { extents[$0]! }, work: work) { DualTape.einsum(notation, $0) }
    }
}

// MARK: - Expression spelling

extension Einsum: CallSpelling {
    /// The subscripts first, as one word (the language has no strings): `einsum(ij_jk_ik, a, b)`.
    /// DualTape's own forms (a repeated output label, an output label no operand has: the
    /// transposes of traces and sums) and ellipsis axes have no word.
    public var spelling: Spelling {
        let s = subscripts, letters = EinsumSubscripts.letters
        guard (s.inputs.flatMap { $0 } + s.output).allSatisfy({ $0 < letters.count }), Set(s.output).count == s.output.count,
              s.output.allSatisfy({ l in s.inputs.contains { $0.contains(l) } }) else {
            return .unwritable("einsum subscripts \(s) are not NumPy's notation (a repeated or operand-less output label, or an ellipsis)")
        }
        return .call(name, before: [(s.inputs + [s.output]).map { String($0.map { letters[$0] }) }.joined(separator: "_")])
    }
}

import DualTape

/// Rebuilds a case's function with DualTape's user-facing API: one Swift call per node of
/// the expression tree that the peers evaluated with their own operations.
struct Evaluator {
    let dtype: DType

    init(_ c: Case) { dtype = c.isFloat32 ? .float32 : .float64 }

    /// The case's inputs as arrays of its dtype (no AD state).
    func inputs(_ c: Case) -> [NDArray] {
        c.inputs.map { NDArray(values: $0.data, shape: $0.shape, dtype: dtype) }
    }

    /// The case's tangents, shaped like its inputs.
    func tangents(_ c: Case) -> [NDArray] {
        zip(c.tangents, c.inputs).map { NDArray(values: $0, shape: $1.shape, dtype: dtype) }
    }

    func callAsFunction(_ e: Expression, _ inputs: [NDArray]) -> NDArray {
        if e.op == "input" { return inputs[e.index!] }
        if e.op == "const" { return NDArray(values: e.data!, shape: e.shape!, dtype: dtype) }
        let a = e.args.map { self($0, inputs) }
        switch e.op {
        // unary elementwise
        case "negative": return -a[0]
        case "square": return square(a[0])
        case "sqrt": return sqrt(a[0])
        case "exp": return exp(a[0])
        case "log": return log(a[0])
        case "sin": return sin(a[0])
        case "cos": return cos(a[0])
        case "tan": return tan(a[0])
        case "tanh": return tanh(a[0])
        case "sigmoid": return sigmoid(a[0])
        case "relu": return relu(a[0])
        case "abs": return abs(a[0])
        case "clip": return a[0].clip(e.low!, e.high!)
        case "sign": return sign(a[0])
        case "stop_gradient": return a[0].stopGradient()
        // binary elementwise, broadcasting
        case "add": return a[0] + a[1]
        case "subtract": return a[0] - a[1]
        case "multiply": return a[0] * a[1]
        case "divide": return a[0] / a[1]
        case "power": return a[0] ** a[1]
        case "maximum": return maximum(a[0], a[1])
        case "minimum": return minimum(a[0], a[1])
        case "equal": return a[0] .== a[1]
        case "not_equal": return a[0] .!= a[1]
        case "lesser": return a[0] .< a[1]
        case "lesser_equal": return a[0] .<= a[1]
        case "greater": return a[0] .> a[1]
        case "greater_equal": return a[0] .>= a[1]
        case "where": return NDArray.where(a[0], a[1], a[2])
        // reductions
        case "sum": return a[0].sum(axes: e.axes, keepDims: e.keepdims!)
        case "mean": return a[0].mean(axes: e.axes, keepDims: e.keepdims!)
        case "prod": return a[0].prod(axes: e.axes, keepDims: e.keepdims!)
        case "max": return a[0].max(axes: e.axes, keepDims: e.keepdims!)
        case "min": return a[0].min(axes: e.axes, keepDims: e.keepdims!)
        case "norm": return a[0].norm(axes: e.axes, keepDims: e.keepdims!)
        case "argmax": return a[0].argmax(axis: e.axis!)
        // structural
        case "reshape": return a[0].reshape(e.shape!)
        case "transpose": return a[0].transposed(e.axes!)
        case "broadcast_to": return a[0].broadcast(to: e.shape!)
        case "concat": return concat(a, axis: e.axis!)
        case "stack": return stack(a, axis: e.axis!)
        case "expand_dims": return a[0].expandDims(axis: e.axis!)
        case "squeeze": return a[0].squeeze(axes: e.axes!)
        case "flatten": return a[0].flatten()
        case "cast": return a[0].astype(DType(rawValue: e.dtype!)!)
        case "index": return index(a[0], Self.indexItems(e.items!))
        case "slice_scatter":
            // Zeros with the input written at a slice: the transpose of slicing (a catalog operator).
            let shape = e.shape!
            let spec = NDArray.zeros(shape, dtype: dtype).sliceSpec(Self.indexItems(e.items!))
            return dispatch(SliceScatter(spec, shape: shape), [a[0]])
        // linear algebra
        case "matmul": return matmul(a[0], a[1])
        case "seed_f": return Self.seedF(a[0])
        default: return Self.call(e, a)
        }
    }

    /// Every other operator through its catalog signature, the node's attributes as options:
    /// a new catalog operator needs no code here, only its cases in cases.py.
    static func call(_ e: Expression, _ a: [NDArray]) -> NDArray {
        let named = OperatorCatalog.signatures.flatMap { s in [(s.name, s)] + s.aliases.map { ($0, s) } }
        guard let signature = named.first(where: { $0.0 == e.op })?.1 else { fatalError("Evaluator: unknown operator \(e.op) in cases.json") }
        let arguments = CallArguments(function: e.op, shapes: a.map(\.shape), options: e.options,
                                      acceptingNone: Set(signature.parameters.filter { $0.defaultValue == "None" }.map(\.name)))
        do throws(CallError) {
            return try signature.resolve(arguments).apply(a)
        } catch {
            fatalError("Evaluator: \(e.op): \(error.message)")
        }
    }

    /// Python's `x[i, j:k:s]` through DualTape's subscript.
    private func index(_ x: NDArray, _ items: [IndexItem]) -> NDArray {
        switch items.count {
        case 1: return x[items[0]]
        case 2: return x[items[0], items[1]]
        case 3: return x[items[0], items[1], items[2]]
        default: fatalError("Evaluator: \(items.count) index items")
        }
    }

    static func indexItems(_ items: [Expression.Item]) -> [IndexItem] {
        items.map { item in
            if let i = item.at { return .position(i) }
            let s = item.slice!
            return .range(s[0], s[1], s[2]!)
        }
    }

    /// The seed tutorial's `f`: doubles `a` until its norm reaches 1000, then picks an element
    /// by the sign of the sum (Examples/AutogradTutorial, without the printing).
    static func seedF(_ a: NDArray) -> NDArray {
        var b = a * 2
        while b.norm().asScalar() < 1000 {
            b = b * 2
        }
        return b.sum().asScalar() >= 0 ? b[0] : b[1]
    }
}

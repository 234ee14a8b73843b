/// The enumerable catalog of every built-in operator: what `adcheck ops`, the property
/// tests, the mode-agreement tests and the documentation iterate over, so an operator is
/// checked the day it is added.
public enum OperatorCatalog {
    /// Every built-in operator, by family, with representative applications.
    public static let entries: [CatalogEntry] = unary + binary + reductions + structural + linearAlgebra + products + convolution

    /// The entry named `name` (`"sin"`, `"matmul"`).
    public static func entry(named name: String) -> CatalogEntry? { entries.first { $0.name == name } }

    /// How every operator that declares one is called by name: what adcheck's expression
    /// language, its help and the documentation list are derived from.
    public static var signatures: [CallSignature] { entries.flatMap(\.signatures) }

    static let unary: [CatalogEntry] = [
        CatalogEntry(Negate(), "elementwise negation"),
        CatalogEntry(Square(), "x²"),
        CatalogEntry(Sqrt(), "square root"),
        CatalogEntry(Exp(), "exponential"),
        CatalogEntry(Log(), "natural logarithm"),
        CatalogEntry(Sin(), "sine"),
        CatalogEntry(Cos(), "cosine"),
        CatalogEntry(Tan(), "tangent"),
        CatalogEntry(Tanh(), "hyperbolic tangent"),
        CatalogEntry(Sigmoid(), "logistic function"),
        CatalogEntry(Relu(), "max(x, 0)"),
        CatalogEntry(Abs(), "absolute value"),
        CatalogEntry(Clip(low: -0.5, high: 0.5), "clip to [low, high]"),
        CatalogEntry(Sign(), "sign, zero derivative"),
        CatalogEntry(StopGradient(), "identity with zero derivative"),
    ]

    static let binary: [CatalogEntry] = [
        CatalogEntry(Add(), "a + b", family: .binary, shapes: [[2, 3], [3]], [[2, 1], [1, 3]]),
        CatalogEntry(Subtract(), "a - b", family: .binary, shapes: [[2, 3], [3]], [[3], [2, 1]]),
        CatalogEntry(Multiply(), "a · b", family: .binary, shapes: [[2, 3], [2, 3]], [[2, 3], []]),
        CatalogEntry(Divide(), "a / b", family: .binary, shapes: [[2, 3], [3]], [[], [4]]),
        CatalogEntry(Power(), "a ** b", family: .binary, shapes: [[2, 3], [2, 3]], [[4], []]),
        CatalogEntry(Maximum(), "larger of a and b", family: .binary, shapes: [[2, 3], [3]]),
        CatalogEntry(Minimum(), "smaller of a and b", family: .binary, shapes: [[2, 3], [2, 1]]),
        CatalogEntry(Where(), "condition ? a : b", family: .binary, shapes: [[2, 3], [2, 3], [3]]),
    ] + Comparison.allCases.map { CatalogEntry(Compare($0), "a \($0.rawValue) b as a 0/1 mask, zero derivative", family: .binary, shapes: [[2, 3], [3]]) }

    static let reductions: [CatalogEntry] = [
        CatalogEntry(name: "sum", summary: "sum over axes", family: .reduction, cases: [
            CatalogCase(Sum(), [[2, 3]]), CatalogCase(Sum(axes: [1]), [[2, 3]]), CatalogCase(Sum(axes: [0, 2], keepDims: true), [[2, 3, 2]]),
        ]),
        CatalogEntry(name: "prod", summary: "product over axes", family: .reduction, cases: [
            CatalogCase(Prod(), [[4]]), CatalogCase(Prod(axes: [1]), [[2, 3]]),
        ]),
        CatalogEntry(name: "prod_others", summary: "product of the other elements (the derivative of prod)", family: .reduction, cases: [
            CatalogCase(ProductOfOthers(axes: [0]), [[4]]), CatalogCase(ProductOfOthers(axes: [1]), [[2, 3]]),
        ]),
        CatalogEntry(name: "max", summary: "largest element over axes", family: .reduction, cases: [
            CatalogCase(Max(), [[2, 3]]), CatalogCase(Max(axes: [0]), [[2, 3]]),
        ]),
        CatalogEntry(name: "min", summary: "smallest element over axes", family: .reduction, cases: [
            CatalogCase(Min(), [[2, 3]]), CatalogCase(Min(axes: [1], keepDims: true), [[2, 3]]),
        ]),
        CatalogEntry(name: "norm", summary: "L2 norm over axes", family: .reduction, cases: [
            CatalogCase(Norm(), [[2, 3]]), CatalogCase(Norm(axes: [1], keepDims: true), [[2, 3]]),
        ]),
        CatalogEntry(name: "argmax", summary: "index of the largest element, no derivative", family: .reduction, cases: [
            CatalogCase(ArgMax(axis: 1), [[2, 3]]),
        ]),
    ]

    static let structural: [CatalogEntry] = [
        CatalogEntry(Reshape([3, 2]), "new shape, same elements (also expand_dims, squeeze, flatten)", family: .structural, shapes: [[2, 3]]),
        CatalogEntry(Transpose([2, 0, 1]), "axes permuted", family: .structural, shapes: [[2, 3, 4]]),
        CatalogEntry(BroadcastTo([2, 3]), "NumPy broadcasting", family: .structural, shapes: [[3]]),
        CatalogEntry(Concat(axis: 1, count: 2), "join along an axis (also stack)", family: .structural, shapes: [[2, 2], [2, 3]]),
        CatalogEntry(Cast(.float32), "dtype conversion", family: .structural, shapes: [[3]]),
        CatalogEntry(name: "slice", summary: "indexing and slicing, a view (also split)", family: .structural, cases: [
            CatalogCase(Slice(SliceSpec(ranges: [AxisRange(start: 1, count: 1, step: 1)])), [[3]]),
            CatalogCase(Slice(SliceSpec(ranges: [AxisRange(start: 0, count: 2, step: 2), AxisRange(start: 1, count: 1, step: 1)], squeezed: [1])), [[4, 3]]),
        ]),
        CatalogEntry(SliceScatter(SliceSpec(ranges: [AxisRange(start: 2, count: 2, step: -1)]), shape: [4]),
                     "zeros with the input written at a slice (the transpose of slice)", family: .structural, shapes: [[2]]),
    ]

    static let linearAlgebra: [CatalogEntry] = [
        CatalogEntry(name: "matmul", summary: "matrix product through CBLAS (also dot)", family: .linearAlgebra, cases: [
            CatalogCase(MatMul(), [[2, 3], [3, 4]]), CatalogCase(MatMul(), [[2, 2, 3], [2, 3, 2]]),
            CatalogCase(MatMul(), [[2, 2, 3], [3, 2]]), CatalogCase(MatMul(), [[1, 3], [3, 1]]),
        ]),
    ]
}

/// One operator of the catalog.
public struct CatalogEntry: Sendable {
    /// The operator families, in catalog order.
    public enum Family: String, Sendable, CaseIterable, Codable {
        case unary, binary, reduction, structural, indexing, linearAlgebra, convolution
    }

    public let name: String
    public let summary: String
    public let family: Family
    /// Representative applications (attributes and input shapes) for checks.
    public let cases: [CatalogCase]
    /// How the operator is called by name (several for aliases or variants); empty for the
    /// operators whose calls the expression language writes itself (slices, infix operators).
    public let signatures: [CallSignature]

    /// An entry with its cases and its call signatures.
    public init(name: String, summary: String, family: Family, cases: [CatalogCase], signatures: [CallSignature] = []) {
        self.name = name
        self.summary = summary
        self.family = family
        self.cases = cases
        self.signatures = signatures
    }

    init(_ op: any DifferentiableOperator, _ summary: String, family: Family = .unary, shapes: [[Int]]...) {
        let shapeLists = shapes.isEmpty ? [[[2, 3]]] : shapes
        self.init(name: op.name, summary: summary, family: family, cases: shapeLists.map { CatalogCase(op, $0) })
    }

    /// An elementwise operator of one array: its cases on `shapes` (default `[2, 3]`) and its
    /// signature `name(x)` plus one per alias.
    public static func unary(_ op: some DifferentiableOperator, _ summary: String, aliases: [String] = [], shapes: [[Int]] = [[2, 3]]) -> CatalogEntry {
        let signature = CallSignature.unary(op, summary: summary)
        return CatalogEntry(name: op.name, summary: summary, family: .unary, cases: shapes.map { CatalogCase(op, [$0]) },
                            signatures: [signature] + aliases.map(signature.renamed))
    }

    /// A broadcasting elementwise operator of two arrays: its cases on `shapes` and its
    /// signature `name(a, b)` plus one per alias.
    public static func binary(_ op: some DifferentiableOperator, _ summary: String, aliases: [String] = [], shapes: [[[Int]]]) -> CatalogEntry {
        let signature = CallSignature.binary(op, summary: summary)
        return CatalogEntry(name: op.name, summary: summary, family: .binary, cases: shapes.map { CatalogCase(op, $0) },
                            signatures: [signature] + aliases.map(signature.renamed))
    }

    /// What the operator declares (domains, kinks, linearity), from its first case.
    public var info: OperatorInfo { cases[0].op.info }
}

/// An operator with its attributes, applied to inputs of the given shapes.
public struct CatalogCase: Sendable, CustomStringConvertible {
    public let op: any DifferentiableOperator
    public let shapes: [[Int]]
    /// How the expression language writes this application, with the inputs named `a0`, `a1`,
    /// ... (`softmax(a0, axis=1)`); `nil`: `name(a0, a1, ...)`, or not callable by name.
    public let call: String?
    /// Where each input is sampled in this application, when that depends on the shapes (an
    /// index array into an axis of extent 4 takes integers in `[0, 3]`); `nil`: the operator's.
    public let domains: [Domain]?

    public init(_ op: any DifferentiableOperator, _ shapes: [[Int]], call: String? = nil, domains: [Domain]? = nil) {
        precondition(shapes.count == op.arity, "catalog: \(op.name) takes \(op.arity) inputs, \(shapes.count) shapes given")
        self.op = op
        self.shapes = shapes
        self.call = call
        self.domains = domains
    }

    /// The domain input `i` is sampled from in this application.
    public func domain(_ i: Int) -> Domain { domains.map { i < $0.count ? $0[i] : .real } ?? op.info.domain(i) }

    public var description: String { "\(op) on \(shapes.map { Shape.describe($0) }.joined(separator: ", "))" }
}

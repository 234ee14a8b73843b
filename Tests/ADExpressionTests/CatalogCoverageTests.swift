import Testing
@testable import ADExpression
import DualTape

/// The language and the operator catalog speak one vocabulary: every catalog operator can
/// be called by its catalog name, and calling it applies exactly that operator.
@Suite("Every catalog operator is callable by name")
struct CatalogCoverageTests {
    /// Reached through `x[...]` (slice) and by differentiating it (slice_scatter).
    static let reachedByIndexing: Set<String> = ["slice", "slice_scatter"]

    @Test("each catalog name is a function")
    func names() {
        for entry in OperatorCatalog.entries where !Self.reachedByIndexing.contains(entry.name) {
            #expect(FunctionTable.byName[entry.name] != nil, "\(entry.name) cannot be called")
        }
    }

    /// The call that applies `c.op` to variables `a0, a1, ...`, or `nil` for the indexing operators.
    static func call(_ c: CatalogCase) -> String? {
        let arrays = c.shapes.indices.map { "a\($0)" }.joined(separator: ", ")
        func axes(_ r: ReductionAxes) -> String {
            (r.axes.map { ", axis=\($0)" } ?? "") + (r.keepDims ? ", keepdims=true" : "")
        }
        if let call = c.call { return call }
        switch c.op {
        case let op as Clip: return "clip(a0, \(op.low), \(op.high))"
        case let op as Sum: return "sum(a0\(axes(op.reduction)))"
        case let op as Prod: return "prod(a0\(axes(op.reduction)))"
        case let op as Max: return "max(a0\(axes(op.reduction)))"
        case let op as Min: return "min(a0\(axes(op.reduction)))"
        case let op as Norm: return "norm(a0\(axes(op.reduction)))"
        case let op as ArgMax: return "argmax(a0" + (op.axis.map { ", axis=\($0)" } ?? "") + (op.keepDims ? ", keepdims=true)" : ")")
        case let op as ProductOfOthers: return "prod_others(a0, axis=\(op.axes))"
        case let op as Reshape: return "reshape(a0, \(op.shape))"
        case let op as Transpose: return "transpose(a0, \(op.permutation))"
        case let op as BroadcastTo: return "broadcast_to(a0, \(op.shape))"
        case let op as Concat: return "concat(\(arrays), axis=\(op.axis))"
        case let op as Cast: return "cast(a0, \(op.dtype))"
        case is Slice, is SliceScatter: return nil
        default: return "\(c.op.name)(\(arrays))"
        }
    }

    @Test("calling an operator by name gives what dispatching it gives", arguments: OperatorCatalog.entries.flatMap(\.cases).map { $0 as CatalogCase })
    func applies(c: CatalogCase) throws {
        guard let source = Self.call(c) else { return }
        var g = RandomGenerator(seed: 11)
        let inputs = c.shapes.enumerated().map { i, shape in VariableBinding.sample(c.domain(i), shape: shape, generator: &g) }
        let bindings = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ("a\($0.offset)", $0.element) })
        let value = try evaluate(source, bindings)
        let reference = dispatch(c.op, inputs)
        #expect(value.shape == reference.shape, "\(source)")
        #expect(value.dtype == reference.dtype, "\(source)")
        #expect(value.scalars == reference.scalars, "\(source)")
    }
}

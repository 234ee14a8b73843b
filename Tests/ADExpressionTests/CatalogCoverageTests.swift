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

    /// The call that applies `c.op` to variables `a0, a1, ...`: the case's own `call`, or the
    /// operator's spelling; `nil` for one the language cannot write (slice_scatter).
    static func call(_ c: CatalogCase) -> String? { c.call ?? spelled(c) }

    /// `c.op` applied to `a0, a1, ...` as the operator spells itself.
    static func spelled(_ c: CatalogCase) -> String? {
        c.op.callSpelling.write(c.shapes.indices.map { SpelledText("a\($0)", isAtom: true) })?.text
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

    /// The round trip over the whole catalog: each case's operator, written as it spells itself
    /// (what `adcheck random` replays and reports show), parses back with the language to the
    /// same operator — the same values, shape and dtype as dispatching it. An operator the
    /// language cannot write says why beside its definition.
    @Test("every operator's spelling parses back to the same operator", arguments: OperatorCatalog.entries.flatMap(\.cases).map { $0 as CatalogCase })
    func spellingRoundTrip(c: CatalogCase) throws {
        if case .unwritable(let reason) = c.op.callSpelling {
            #expect(!reason.isEmpty, "\(c.op.name) is unwritable without a reason")
            return
        }
        let source = try #require(Self.spelled(c))
        var g = RandomGenerator(seed: 12)
        let inputs = c.shapes.enumerated().map { i, shape in VariableBinding.sample(c.domain(i), shape: shape, generator: &g) }
        let bindings = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ("a\($0.offset)", $0.element) })
        let value = try evaluate(source, bindings)
        let reference = dispatch(c.op, inputs)
        #expect(value.shape == reference.shape, "\(source)")
        #expect(value.dtype == reference.dtype, "\(source)")
        #expect(value.scalars == reference.scalars, "\(source)")
    }
}

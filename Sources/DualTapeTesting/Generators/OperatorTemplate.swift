import DualTape

/// How to apply one catalog operator so that it produces an output of a given shape: the
/// operator's attributes (axes, permutation, slice) and its input shapes, drawn at random.
///
/// Working backwards from the output shape is what lets expression trees be generated
/// top-down with every shape consistent; a catalog property draws the output shape first.
/// A family file may declare its operators' generator on their catalog entries
/// (`CatalogEntry.applications`); the older families have theirs here, one per kind. An
/// operator neither knows falls back to its catalog cases, so it is exercised the day it is
/// added (the catalog property suite asks for a generator of its own).
public struct OperatorTemplate: Sendable {
    /// The catalog entry this template applies.
    public let entry: CatalogEntry
    /// Whether the template is one written for the operator (not the fallback to its catalog cases).
    public let isSpecific: Bool
    private let preimage: @Sendable ([Int], DrawSource) throws -> CatalogCase?

    /// A template from a function that draws an application producing a shape (or returns
    /// `nil`): how users add their own operators to generated expressions.
    ///
    /// - Parameters:
    ///   - entry: The catalog entry the template applies (its name, family and cases).
    ///   - isSpecific: Whether the template is written for the operator (the default) rather
    ///     than a fallback to its catalog cases.
    ///   - preimage: Given an output shape and a source, draws an application (operator with
    ///     attributes, input shapes) producing exactly that shape, or returns `nil`.
    public init(_ entry: CatalogEntry, isSpecific: Bool = true, _ preimage: @escaping @Sendable ([Int], DrawSource) throws -> CatalogCase?) {
        self.entry = entry
        self.isSpecific = isSpecific
        self.preimage = preimage
    }

    /// An application producing `shape`, or `nil` when the operator cannot produce it.
    ///
    /// - Parameters:
    ///   - shape: The output shape wanted.
    ///   - source: The source the attributes and input shapes are drawn from.
    /// - Returns: The application, or `nil` when the operator cannot produce `shape`.
    /// - Throws: ``GenerationRejected`` when the case has drawn too many choices, and any
    ///   error the template's function throws.
    public func application(producing shape: [Int], _ source: DrawSource) throws -> CatalogCase? {
        try preimage(shape, source)
    }

    /// Applications with generated output shapes (the declared catalog cases when the
    /// generated shape is one the operator cannot produce).
    public var applications: Gen<CatalogCase> {
        let entry = self.entry
        return Gen { source in
            let shape = try Gen<[Int]>.drawShape(source, .sized(source.size))
            if let application = try self.application(producing: shape, source) { return application }
            return try source.element(of: entry.cases)
        }
    }

    /// The template for `entry`: the generator its family file declares
    /// (`CatalogEntry.applications`), else the one written here for its kind, falling back
    /// to its catalog cases when no template fits.
    ///
    /// - Parameter entry: A catalog entry.
    /// - Returns: The operator's template.
    public static func forEntry(_ entry: CatalogEntry) -> OperatorTemplate {
        if let own = entry.applications {
            return OperatorTemplate(entry) { shape, source in try own(shape, source) }
        }
        switch entry.family {
        case .unary: return elementwise(entry)
        case .binary: return elementwise(entry)
        case .reduction: return reduction(entry) ?? alongAxes(entry) ?? diagonals(entry) ?? fallback(entry)
        case .structural: return structural(entry) ?? diagonals(entry) ?? fallback(entry)
        case .linearAlgebra: return entry.name == "matmul" ? matmul(entry) : lapack(entry) ?? product(entry) ?? fallback(entry)
        case .indexing: return indexing(entry) ?? fallback(entry)
        case .convolution: return convolution(entry) ?? fallback(entry)
        }
    }

    /// The templates of every catalog entry.
    public static let all: [OperatorTemplate] = OperatorCatalog.entries.map(forEntry)

    /// Elementwise operators (one of the entry's operators): the same shape, or shapes that
    /// broadcast to it.
    ///
    /// - Parameter entry: A unary or binary catalog entry; each application picks one of its
    ///   cases' operators.
    /// - Returns: The template.
    public static func elementwise(_ entry: CatalogEntry) -> OperatorTemplate {
        OperatorTemplate(entry) { shape, source in
            let op = try source.element(of: entry.cases).op
            let shapes = op.arity == 1 ? [shape] : try Gen<[[Int]]>.drawShapes(source, broadcastingTo: shape, count: op.arity)
            return CatalogCase(op, shapes)
        }
    }

    /// An operator the templates do not know: one of its catalog cases whose output has the shape.
    static func fallback(_ entry: CatalogEntry) -> OperatorTemplate {
        OperatorTemplate(entry, isSpecific: false) { shape, source in
            let fitting = entry.cases.filter { c in
                c.op.primal(c.shapes.indices.map { c.domain($0).structured(NDArray.full(c.shapes[$0], c.domain($0).shapeProbe)) }).shape == shape
            }
            return fitting.isEmpty ? nil : try source.element(of: fitting)
        }
    }
}

extension DrawSource: ApplicationDraws {
    /// The element limit of shapes at this source's size (``ShapeLimits/sized(_:ranks:)``): a catalog
    /// entry's own generator draws from the source, so its choices shrink too.
    public var elementBound: Int { ShapeLimits.sized(size).maxCount }
}

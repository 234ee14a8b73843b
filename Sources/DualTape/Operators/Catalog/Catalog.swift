/// The enumerable catalog of every built-in operator: what `adcheck ops`, the property
/// tests, the mode-agreement tests and the documentation iterate over, so an operator is
/// checked the day it is added.
public enum OperatorCatalog {
    /// Every built-in operator, with representative applications: the entries of every
    /// family, in the order of ``families``.
    ///
    /// The list is derived: a family file declares `static let NAME: [CatalogEntry]` in an
    /// extension of `OperatorCatalog`, and the CatalogFamilies build-tool plugin lists those
    /// declarations (Swift cannot enumerate static members), so a new family touches no other file.
    public static let entries: [CatalogEntry] = families.flatMap(\.entries)

    /// The entry named `name` (`"sin"`, `"matmul"`).
    ///
    /// - Parameter name: The operator's name as ``DifferentiableOperator/name`` gives it, not an
    ///   alias of its signatures (`"lgamma"`, not `"gammaln"`).
    /// - Returns: The first entry of ``entries`` with that name, or `nil` if there is none.
    public static func entry(named name: String) -> CatalogEntry? { entries.first { $0.name == name } }

    /// How every operator that declares one is called by name: what adcheck's expression
    /// language, its help and the documentation list are derived from.
    public static var signatures: [CallSignature] { entries.flatMap(\.signatures) }
}

/// One family list of the catalog: the entries one `static let NAME: [CatalogEntry]` of a
/// family file declares (``OperatorCatalog/families``, generated at build time).
public struct CatalogFamily: Sendable {
    /// The declared list's name (`activations`).
    public let name: String
    /// The file declaring it, relative to `Sources/DualTape/Operators/Catalog/`.
    public let file: String
    /// The family's entries, in declaration order.
    public let entries: [CatalogEntry]

    /// A family list, as the generated ``OperatorCatalog/families`` writes it.
    ///
    /// - Parameters:
    ///   - name: The name of the `static let` declaring the list (`"activations"`).
    ///   - file: The declaring file, relative to `Sources/DualTape/Operators/Catalog/`
    ///     (`"Activations.swift"`, `"LAPACK/LAPACKCatalog.swift"`).
    ///   - entries: The list's entries, in declaration order.
    public init(name: String, file: String, entries: [CatalogEntry]) {
        self.name = name
        self.file = file
        self.entries = entries
    }
}

/// One operator of the catalog.
public struct CatalogEntry: Sendable {
    /// The kind of operator: how help groups it and which generator template draws its
    /// applications. A family file picks the kind of each entry (activations are `.unary`,
    /// statistics `.reduction`); the set is closed on purpose, since each kind has a template
    /// in DualTapeTesting, and an entry whose operator the template does not know falls back to
    /// its catalog cases. `.convolution` covers every window sliding over spatial axes
    /// (convolutions and pooling).
    public enum Family: String, Sendable, CaseIterable, Codable {
        /// Elementwise functions of one array (activations, special functions, rounding).
        case unary
        /// Broadcasting elementwise functions of two arrays (and `where`).
        case binary
        /// Reductions over axes, scans and normalizations along an axis.
        case reduction
        /// Shape and layout changes: reshape, transpose, broadcast, concatenate, diagonals.
        case structural
        /// Slicing, gathering and scattering by index arrays.
        case indexing
        /// Matrix products and the LAPACK-backed factorizations and solves.
        case linearAlgebra
        /// Windows sliding over spatial axes: convolutions and pooling.
        case convolution
    }

    /// The operator's name, as the expression language calls it (``DifferentiableOperator/name``).
    public let name: String
    /// One line on what the operator computes (`"log(1 + exp(x)), without overflow"`), shown by
    /// `adcheck ops` and the expression language's help.
    public let summary: String
    /// The kind of operator, which groups it in help and picks its generator template.
    public let family: Family
    /// Representative applications (attributes and input shapes) for checks.
    public let cases: [CatalogCase]
    /// How the operator is called by name (several for aliases or variants); empty for the
    /// operators whose calls the expression language writes itself (slices, infix operators).
    public let signatures: [CallSignature]
    /// How to apply the operator to random shapes, when its family file says so; otherwise
    /// DualTapeTesting's template for its kind, or its cases.
    public let applications: ApplicationGenerator?

    /// An entry with its cases, its call signatures and, optionally, its application generator.
    ///
    /// A signature that declares no ``OperatorInfo`` of its own gets the first case's.
    ///
    /// - Parameters:
    ///   - name: The operator's name (the first case's `op.name`).
    ///   - summary: One line on what it computes.
    ///   - family: Its kind (how help groups it, which generator template draws it).
    ///   - cases: Representative applications; at least one (``info`` reads the first).
    ///   - signatures: How the expression language calls it; empty when the language writes
    ///     its calls itself (slices, infix operators).
    ///   - applications: How to draw applications to random shapes, when neither the kind's
    ///     template nor the cases fit; `nil` for those.
    public init(name: String, summary: String, family: Family, cases: [CatalogCase], signatures: [CallSignature] = [],
                applications: ApplicationGenerator? = nil) {
        self.name = name
        self.summary = summary
        self.family = family
        self.cases = cases
        self.applications = applications
        self.signatures = signatures.map { signature in
            var filled = signature
            if !signature.declaresInfo, let first = cases.first { filled.info = first.op.info }
            return filled
        }
    }

    init(_ op: any DifferentiableOperator, _ summary: String, family: Family = .unary, shapes: [[Int]]...) {
        let shapeLists = shapes.isEmpty ? [[[2, 3]]] : shapes
        self.init(name: op.name, summary: summary, family: family, cases: shapeLists.map { CatalogCase(op, $0) })
    }

    /// An elementwise operator of one array: its cases on `shapes` (default `[2, 3]`) and its
    /// signature `name(x)` plus one per alias.
    ///
    /// - Parameters:
    ///   - op: The operator, which takes one input.
    ///   - summary: One line on what it computes.
    ///   - aliases: Further names the expression language accepts (MXNet's `gammaln` for `lgamma`).
    ///   - shapes: The input shape of each case.
    /// - Returns: An entry of family ``Family/unary``.
    public static func unary(_ op: some DifferentiableOperator, _ summary: String, aliases: [String] = [], shapes: [[Int]] = [[2, 3]]) -> CatalogEntry {
        let signature = CallSignature.unary(op, summary: summary)
        return CatalogEntry(name: op.name, summary: summary, family: .unary, cases: shapes.map { CatalogCase(op, [$0]) },
                            signatures: [signature] + aliases.map(signature.renamed))
    }

    /// A broadcasting elementwise operator of two arrays: its cases on `shapes` and its
    /// signature `name(a, b)` plus one per alias.
    ///
    /// - Parameters:
    ///   - op: The operator, which takes two inputs.
    ///   - summary: One line on what it computes.
    ///   - aliases: Further names the expression language accepts (`atan2` for `arctan2`).
    ///   - shapes: The two input shapes of each case (shapes that broadcast together).
    /// - Returns: An entry of family ``Family/binary``.
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
    /// The operator, with its attributes (``Softmax`` with its axis).
    public let op: any DifferentiableOperator
    /// The shape of each input, one per operand of `op`.
    public let shapes: [[Int]]
    /// How the expression language writes this application, with the inputs named `a0`, `a1`,
    /// ... (`softmax(a0, axis=1)`), when it should be checked in a form other than the
    /// operator's own ``DifferentiableOperator/callSpelling`` (defaults left out, an alias);
    /// `nil`: the spelling.
    public let call: String?
    /// Where each input is sampled in this application, when that depends on the shapes (an
    /// index array into an axis of extent 4 takes integers in `[0, 3]`); `nil`: the operator's.
    public let domains: [Domain]?

    /// An application of `op` to inputs of `shapes`; stops if the count of shapes is not the
    /// operator's arity.
    ///
    /// - Parameters:
    ///   - op: The operator with its attributes.
    ///   - shapes: One shape per input.
    ///   - call: The expression-language spelling with inputs `a0`, `a1`, ... when the check
    ///     should use another than the operator's own (defaults omitted, an alias); `nil` for
    ///     the operator's.
    ///   - domains: Where to sample each input, when that depends on the shapes (indices into
    ///     an axis); `nil` for the operator's declared domains.
    public init(_ op: any DifferentiableOperator, _ shapes: [[Int]], call: String? = nil, domains: [Domain]? = nil) {
        precondition(shapes.count == op.arity, "catalog: \(op.name) takes \(op.arity) inputs, \(shapes.count) shapes given")
        self.op = op
        self.shapes = shapes
        self.call = call
        self.domains = domains
    }

    /// The domain input `i` is sampled from in this application.
    ///
    /// - Parameter i: The input's position (0 for the first operand).
    /// - Returns: This case's domain for the input if it gives one (``Domain/real`` past the
    ///   end of its list), otherwise the operator's declared domain.
    public func domain(_ i: Int) -> Domain { domains.map { i < $0.count ? $0[i] : .real } ?? op.info.domain(i) }

    /// `"softmax on [2, 3]"`: the operator and the input shapes.
    public var description: String { "\(op) on \(shapes.map { Shape.describe($0) }.joined(separator: ", "))" }
}

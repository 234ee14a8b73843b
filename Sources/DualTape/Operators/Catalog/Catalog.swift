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

    /// A family list.
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
    /// How to apply the operator to random shapes, when its family file says so; otherwise
    /// DualTapeTesting's template for its kind, or its cases.
    public let applications: ApplicationGenerator?

    /// An entry with its cases, its call signatures and, optionally, its application generator.
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
    /// ... (`softmax(a0, axis=1)`), when it should be checked in a form other than the
    /// operator's own ``DifferentiableOperator/callSpelling`` (defaults left out, an alias);
    /// `nil`: the spelling.
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

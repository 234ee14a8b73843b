/// A parsed expression as a flat list of nodes, children before their parents, the root last.
///
/// The flat layout is what keeps every later pass free of recursion: checking and
/// evaluating are loops over the nodes in order, so a chain of 10,000 additions needs no
/// deeper stack than a single one (and releasing the tree is not recursive either).
struct SyntaxTree: Sendable {
    var nodes: [SyntaxNode] = []

    /// The index of the root node.
    var root: Int { nodes.count - 1 }

    subscript(_ index: Int) -> SyntaxNode { nodes[index] }

    /// Appends `node` and returns its index.
    mutating func append(_ kind: SyntaxNode.Kind, range: Range<Int>, anchor: Range<Int>? = nil) -> Int {
        nodes.append(SyntaxNode(kind: kind, range: range, anchor: anchor ?? range))
        return nodes.count - 1
    }
}

/// One node of a ``SyntaxTree``; children are indices of earlier nodes.
struct SyntaxNode: Sendable {
    enum Kind: Sendable {
        /// A number: a 0-d array that takes the dtype of what it meets.
        case number(Double)
        /// A variable, or a word in an option (`true`, `float32`, `None`).
        case name(String)
        /// An array literal, `[[1, 2], [3, 4]]`, already checked for raggedness.
        case literal(values: [Double], shape: [Int])
        /// `-x` (a unary `+` leaves no node).
        case negation(Int)
        /// `a op b` for the arithmetic, matrix-product and comparison operators.
        case infix(Symbol, Int, Int)
        /// `name(arguments)`.
        case call(name: String, arguments: [Argument])
        /// `base[items]`.
        case indexing(base: Int, items: [SubscriptItem])
    }

    let kind: Kind
    /// The characters the node spans.
    let range: Range<Int>
    /// The characters an error about this node points at: an operator, a function name, a '['.
    let anchor: Range<Int>
}

/// One argument of a call: positional, or `label=value`.
struct Argument: Sendable {
    let label: String?
    let labelRange: Range<Int>?
    let value: Int
}

/// One position of a subscript: an integer, or `start:stop:step` with any part left out.
enum SubscriptItem: Sendable {
    case index(Int)
    case slice(start: Int?, stop: Int?, step: Int?, range: Range<Int>)
}

/// Every function the language can call, and the functions behind its operators: all of them
/// derived from the catalog's call signatures (the catalog is the one registration).
///
/// Names are the catalog's (`negative`, `lesser_equal`, `broadcast_to`), so `adcheck ops` and
/// the expression language speak one vocabulary; a catalog entry adds NumPy spellings and
/// MXNet aliases as signatures of its own (`dot`, `astype`, `expand_dims`, `gammaln`).
enum FunctionTable {
    /// Every function, in catalog order.
    static let all: [FunctionDefinition] = catalog

    static let byName: [String: FunctionDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every callable name, for suggestions.
    static var names: [String] { all.map(\.name) }

    /// The function an infix operator applies.
    static func function(for symbol: Symbol) -> FunctionDefinition? {
        let name: String
        switch symbol {
        case .plus: name = "add"
        case .minus: name = "subtract"
        case .star: name = "multiply"
        case .slash: name = "divide"
        case .caret, .starStar: name = "power"
        case .at: name = "matmul"
        case .less: name = "lesser"
        case .lessEqual: name = "lesser_equal"
        case .greater: name = "greater"
        case .greaterEqual: name = "greater_equal"
        case .equalEqual: name = "equal"
        case .notEqual: name = "not_equal"
        default: return nil
        }
        return byName[name]
    }

    /// The function behind unary minus.
    static var negation: FunctionDefinition { byName["negative"]! }
}

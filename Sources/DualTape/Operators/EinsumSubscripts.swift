/// NumPy's einsum notation (`"ij,jk->ik"`, `"ii"`, `"...ij,...jk->...ik"`) read into label
/// lists, with NumPy's rules for the implicit output, the ellipsis and broadcasting.

/// The subscripts of an einsum: one label per axis of each operand and of the output.
///
/// Labels are small integers: the letters `a`–`z` are 0–25 and `A`–`Z` are 26–51; the axes
/// an ellipsis stands for get 52, 53, … (right-aligned across operands, as NumPy broadcasts).
///
/// Inside DualTape the output may repeat a label (the result is zero off that diagonal) and
/// may hold labels no operand has (the result is broadcast along them): that is what makes
/// einsum closed under transposition. NumPy's notation allows neither, and ``parse(_:ranks:)``
/// refuses them.
public struct EinsumSubscripts: Sendable, Hashable, CustomStringConvertible {
    /// Each operand's labels, one per axis.
    public let inputs: [[Int]]
    /// The output's labels, one per axis.
    public let output: [Int]

    /// Subscripts from label lists, unchecked (DualTape's closed form: the output may repeat
    /// labels and name labels no operand has).
    ///
    /// - Parameters:
    ///   - inputs: Each operand's labels, one per axis (`a`–`z` are 0–25, `A`–`Z` 26–51).
    ///   - output: The output's labels, one per axis.
    public init(inputs: [[Int]], output: [Int]) {
        self.inputs = inputs
        self.output = output
    }

    /// The letters, in label order.
    static let letters: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    /// The first label an ellipsis axis gets.
    static let ellipsisBase = 52

    /// `"ij,jk->ik"`; an ellipsis axis is written `(52)`, `(53)`, ….
    public var description: String {
        func term(_ labels: [Int]) -> String {
            labels.map { $0 < Self.ellipsisBase ? String(Self.letters[$0]) : "(\($0))" }.joined()
        }
        return inputs.map(term).joined(separator: ",") + "->" + term(output)
    }

    /// The subscripts with operand `i`'s and the output's exchanged: those of the transpose of
    /// the map from operand `i` to the output (the einsum that gives `x̄ᵢ` from `ȳ`).
    ///
    /// - Parameter i: The operand whose cotangent the transposed einsum computes.
    /// - Returns: The subscripts of the transposed einsum.
    public func exchanging(operand i: Int) -> EinsumSubscripts {
        var swapped = inputs
        swapped[i] = output
        return EinsumSubscripts(inputs: swapped, output: inputs[i])
    }

    /// NumPy's notation for operands of the given ranks.
    ///
    /// - Explicit output (`"ij,jk->ik"`): each output label appears in some operand, once in
    ///   the output; an ellipsis in the operands needs one in the output unless it stands
    ///   for no axis.
    /// - Implicit output (`"ij,jk"`): the ellipsis axes, then the labels that appear exactly
    ///   once, in ASCII order (upper case first), as NumPy does.
    ///
    /// - Parameters:
    ///   - notation: Subscripts such as `"ij,jk->ik"` or `"...ij,...jk"`: letters, `,`
    ///     between operands, at most one `->` and one `...` per term.
    ///   - ranks: The operands' ranks, one per term.
    /// - Returns: The subscripts, with ellipsis axes labelled 52, 53, … and the output made explicit.
    /// - Throws: ``CallError`` naming the `spec` argument: `.argument` for malformed notation
    ///   (a character that is no letter, a second `->` or `...`, an output label repeated or
    ///   absent from the operands, ellipsis axes the output drops); `.shape` when the number of
    ///   terms or a term's labels do not match `ranks`.
    public static func parse(_ notation: String, ranks: [Int]) throws(CallError) -> EinsumSubscripts {
        func fail(_ message: String) -> CallError { CallError(.argument, message, argument: "spec", quotesArgument: true) }
        let parts = notation.split(separator: "->", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw fail("subscripts '\(notation)' have more than one '->'") }
        let terms = parts[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard terms.count == ranks.count else {
            throw CallError(.shape, "subscripts '\(notation)' name \(terms.count) operand\(terms.count == 1 ? "" : "s") but \(ranks.count) \(ranks.count == 1 ? "was" : "were") given")
        }
        var letterLabels: [[Int]] = [], ellipsisAt: [Int?] = []
        for term in terms {
            let (labels, ellipsis) = try read(term, notation)
            letterLabels.append(labels)
            ellipsisAt.append(ellipsis)
        }
        // How many axes each ellipsis stands for.
        var covered: [Int] = []
        for (n, labels) in letterLabels.enumerated() {
            let extra = ranks[n] - labels.count
            guard extra == 0 || ellipsisAt[n] != nil && extra > 0 else {
                throw CallError(.shape, "subscripts '\(terms[n])' of operand \(n) name \(labels.count) ax\(labels.count == 1 ? "is" : "es") but it has rank \(ranks[n])")
            }
            covered.append(extra)
        }
        let broadcastRank = covered.max() ?? 0
        var inputs: [[Int]] = []
        for (n, labels) in letterLabels.enumerated() {
            guard let at = ellipsisAt[n] else { inputs.append(labels); continue }
            let ellipsis = (ellipsisBase + broadcastRank - covered[n] ..< ellipsisBase + broadcastRank).map { $0 }
            inputs.append(Array(labels[..<at]) + ellipsis + Array(labels[at...]))
        }
        let ellipsisLabels = Array(ellipsisBase ..< ellipsisBase + broadcastRank)
        let output: [Int]
        if parts.count == 2 {
            let (labels, ellipsis) = try read(parts[1], notation)
            var seen = Set<Int>()
            for l in labels {
                guard seen.insert(l).inserted else { throw fail("output subscript '\(letters[l])' appears more than once in '\(notation)'") }
                guard letterLabels.contains(where: { $0.contains(l) }) else {
                    throw fail("output subscript '\(letters[l])' does not appear in the operands' subscripts of '\(notation)'")
                }
            }
            if let at = ellipsis {
                output = Array(labels[..<at]) + ellipsisLabels + Array(labels[at...])
            } else {
                guard broadcastRank == 0 else {
                    throw fail("the ellipsis in '\(notation)' stands for \(broadcastRank) ax\(broadcastRank == 1 ? "is" : "es"), but the output has no '...' to keep them")
                }
                output = labels
            }
        } else {
            let all = letterLabels.flatMap { $0 }
            let once = Set(all.filter { l in all.filter { $0 == l }.count == 1 })
            output = ellipsisLabels + once.sorted { letters[$0].asciiValue! < letters[$1].asciiValue! }
        }
        return EinsumSubscripts(inputs: inputs, output: output)
    }

    /// The labels of one term and the position of its ellipsis (among the labels), if any.
    private static func read(_ term: String, _ notation: String) throws(CallError) -> (labels: [Int], ellipsis: Int?) {
        var labels: [Int] = [], ellipsis: Int?
        var rest = Substring(term)
        while let c = rest.first {
            if rest.hasPrefix("...") {
                guard ellipsis == nil else { throw CallError(.argument, "subscripts '\(term)' in '\(notation)' have more than one '...'", argument: "spec", quotesArgument: true) }
                ellipsis = labels.count
                rest = rest.dropFirst(3)
                continue
            }
            guard let label = letters.firstIndex(of: c) else {
                throw CallError(.argument, "'\(c)' in '\(notation)' is not a subscript: use the letters a-z and A-Z, ',' '->' and '...'", argument: "spec", quotesArgument: true)
            }
            labels.append(label)
            rest = rest.dropFirst()
        }
        return (labels, ellipsis)
    }

    /// NumPy's notation from the expression language's word form, where `_` stands for both
    /// `,` and `->`: with `n` operands, `n` groups leave the output implicit and `n + 1` groups
    /// end with it (`ij_jk_ik` is `ij,jk->ik`, `ii_` is `ii->`, `ij_jk` is `ij,jk`).
    ///
    /// - Parameters:
    ///   - word: The word form, groups of letters separated by `_`.
    ///   - n: The number of operands of the call.
    /// - Returns: The notation with `,` and `->`, for ``parse(_:ranks:)``.
    /// - Throws: ``CallError`` (`.argument`, naming `spec`) when the word has neither `n`
    ///   nor `n + 1` groups.
    public static func notation(word: String, operands n: Int) throws(CallError) -> String {
        let groups = word.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard groups.count == n || groups.count == n + 1 else {
            throw CallError(.argument, "spec \(word) has \(groups.count) group\(groups.count == 1 ? "" : "s") separated by '_'; for \(n) operand\(n == 1 ? "" : "s") write \(n) (implicit output) or \(n + 1) (the last is the output), as in ij_jk_ik for NumPy's 'ij,jk->ik'", argument: "spec", quotesArgument: true)
        }
        let inputs = groups.prefix(n).joined(separator: ",")
        return groups.count == n ? inputs : inputs + "->" + groups[n]
    }

    /// The extent of every label given the operands' shapes, NumPy's way: a label repeated in
    /// one operand has one extent there; across operands an extent of 1 broadcasts.
    ///
    /// - Parameter shapes: The operands' shapes, each of its subscripts' rank (else the
    ///   program stops: ``parse(_:ranks:)`` checks ranks first).
    /// - Returns: extents by label, and for each operand the shape it is broadcast to (its own
    ///   shape when nothing broadcasts).
    /// - Throws: ``CallError`` (`.shape`) when one operand repeats a label on axes of different
    ///   extents, or two operands give a label different extents neither of which is 1.
    public func extents(_ shapes: [[Int]]) throws(CallError) -> (extents: [Int: Int], broadcastShapes: [[Int]]) {
        var extents: [Int: Int] = [:], source: [Int: Int] = [:]
        for (n, labels) in inputs.enumerated() {
            precondition(labels.count == shapes[n].count, "einsum: subscripts \(self) do not fit shape \(Shape.describe(shapes[n]))")
            var own: [Int: Int] = [:]
            for (axis, l) in labels.enumerated() {
                let e = shapes[n][axis]
                if let seen = own[l], seen != e {
                    throw CallError(.shape, "operand \(n) of shape \(Shape.describe(shapes[n])) repeats subscript \(Self.name(l)) on axes of extents \(seen) and \(e) (\(self))")
                }
                own[l] = e
                if let seen = extents[l], let m = source[l], seen != e, seen != 1, e != 1 {
                    throw CallError(.shape, "subscript \(Self.name(l)) has extent \(seen) in operand \(m) of shape \(Shape.describe(shapes[m])) but \(e) in operand \(n) of shape \(Shape.describe(shapes[n])) (\(self))")
                }
                if extents[l] == nil || extents[l] == 1 {
                    extents[l] = e
                    source[l] = n
                }
            }
        }
        let broadcast = inputs.map { $0.map { extents[$0]! } }
        return (extents, broadcast)
    }

    /// How messages name a label: `'i'`, or `'...' axis 1`.
    static func name(_ label: Int) -> String {
        label < ellipsisBase ? "'\(letters[label])'" : "'...' axis \(label - ellipsisBase)"
    }
}

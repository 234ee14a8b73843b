/// "Did you mean …?" for misspelt options and subcommands, and for the names `adcheck`
/// reads itself (operators, variables).
public enum Suggestion {
    /// The candidate within 3 edits of `word` (fewer for short words; case ignored), the closest
    /// first; among equally close ones the shortest, then the first in alphabetical order, so the
    /// answer does not depend on the order of `candidates` (`sine`: `sin`, not `sinh`).
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        let budget = word.count <= 3 ? 1 : word.count <= 6 ? 2 : 3
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let d = distance(word.lowercased(), candidate.lowercased())
            guard d <= budget else { continue }
            if let b = best, (b.distance, b.name.count, b.name) <= (d, candidate.count, candidate) { continue }
            best = (candidate, d)
        }
        return best?.name
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost one.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty || t.isEmpty { return max(s.count, t.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0 ... s.count { table[i][0] = i }
        for j in 0 ... t.count { table[0][j] = j }
        for i in 1 ... s.count {
            for j in 1 ... t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] { d = min(d, table[i - 2][j - 2] + 1) }
                table[i][j] = d
            }
        }
        return table[s.count][t.count]
    }
}

import CommandLineKit

/// "Did you mean …?" for the expression language: the spellings other libraries use, then
/// the nearest known name (CommandLineKit's edit distance, shared with the tool's options).
enum NameSuggestion {
    /// Spellings from NumPy, PyTorch and MXNet that are far from the name used here.
    static let aliases: [String: String] = [
        "neg": "negative", "concatenate": "concat", "amax": "max", "amin": "min", "clamp": "clip",
        "logistic": "sigmoid", "broadcast": "broadcast_to", "mm": "matmul", "pow": "power",
        "lt": "lesser", "le": "lesser_equal", "gt": "greater", "ge": "greater_equal", "eq": "equal", "ne": "not_equal",
        "less": "lesser", "less_equal": "lesser_equal", "unsqueeze": "expand_dims", "permute": "transpose",
    ]

    /// `"; did you mean 'sin'?"` when a candidate is close to `word`, else `""`.
    static func hint(for word: String, among candidates: [String]) -> String {
        nearest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Its alias when `word` is another library's spelling, else the nearest candidate.
    static func nearest(to word: String, among candidates: [String]) -> String? {
        if let alias = aliases[word], candidates.contains(alias) { return alias }
        return Suggestion.nearest(to: word, among: candidates)
    }
}

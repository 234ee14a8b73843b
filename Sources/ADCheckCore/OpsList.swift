// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// `adcheck ops --list`: the catalog as documentation, read from the entries themselves —
/// each operator's family and kind, how it is called, where its inputs are sampled, its
/// kinks with the value returned there, and its conventions. Nothing is checked.
enum OpsList {
    /// The lines for `entries`, grouped by family in catalog order.
    static func lines(_ entries: [CatalogEntry]) -> [String] {
        var lines = ["adcheck ops --list: \(TextLayout.plural(entries.count, "operator"))"]
        for family in CatalogEntry.Family.allCases {
            let members = entries.filter { $0.family == family }
            guard !members.isEmpty else { continue }
            lines += ["", "\(title(family)):"]
            for entry in members { lines += describe(entry) }
        }
        return lines
    }

    /// One operator: a title line, then its calls, domains, kinks and note, indented.
    static func describe(_ entry: CatalogEntry) -> [String] {
        let info = entry.info
        var lines = ["  \(entry.name) (\(OpsText.kind(info.derivative))\(info.isLinear ? ", linear" : "")): \(entry.summary)"]
        func add(_ text: String) { lines += TextLayout.wrap("      " + text, indent: "        ") }
        let calls = entry.signatures.flatMap { s in [s.usage] + s.aliases.map { s.renamed($0).usage } }
        if !calls.isEmpty { add("call: " + calls.joined(separator: ", ")) }
        let domains = info.domains.enumerated().filter { $0.element != .real }.map { "input \($0.offset): \($0.element)" }
        if !domains.isEmpty { add("domain: " + domains.joined(separator: "; ")) }
        for kink in info.kinks { add("kink \(kink)") }
        if !info.note.isEmpty { add("note: " + info.note) }
        return lines
    }

    static func title(_ family: CatalogEntry.Family) -> String {
        switch family {
        case .unary: return "Elementwise, one array"
        case .binary: return "Elementwise, broadcasting"
        case .reduction: return "Reductions and normalisations"
        case .structural: return "Shapes"
        case .indexing: return "Indexing"
        case .linearAlgebra: return "Linear algebra"
        case .convolution: return "Convolution and pooling"
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// How `--json` documents are written and read: pretty-printed with sorted keys (so the
/// same run prints the same bytes), with `inf`, `-inf` and `nan` as strings as in the
/// oracle's reports (JSON has no such numbers).
enum JSONOutput {
    /// The encoder of every `--json` document.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A decoder that reads what ``encoder()`` writes.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `document` as JSON text with a final newline. Encoding these documents cannot fail
    /// (every number is representable); if it ever did, the error is the document.
    static func text(_ document: some Encodable) -> String {
        do {
            return String(decoding: try encoder().encode(document), as: UTF8.self) + "\n"
        } catch {
            return "{\"error\": \"the JSON document could not be encoded\"}\n"
        }
    }
}

/// Reading an array from text, for data that comes from outside (the `adcheck` tool,
/// files): `[[1, 2], [3, 4.5e-3]]`, a bare number for a 0-d array, `[]` for an empty one.
extension NDArray {
    /// Parses a nested array literal; throws ``NDArrayError`` on malformed or ragged text.
    ///
    /// - Parameters:
    ///   - text: A bare number (a 0-d array) or bracketed, comma-separated lists of numbers
    ///     such as `[[1, 2], [3, 4.5e-3]]`; `[]` is an empty 1-D array.
    ///   - dtype: The element type (default float64); values are rounded to it.
    /// - Throws: ``NDArrayError`` naming the position of the first problem: malformed text,
    ///   rows of different lengths, nesting beyond the reader's depth limit, or a number
    ///   that is not finite or does not fit the dtype.
    public init(parsing text: String, dtype: DType = .float64) throws {
        var parser = LiteralParser(Array(text.utf8), dtype: dtype)
        let (values, shape) = try parser.parseDocument()
        self.init(values: values, shape: shape, dtype: dtype)
    }
}

/// A recursive-descent reader of nested number lists with a depth limit (no stack overflow
/// on hostile input such as 100,000 opening brackets).
struct LiteralParser {
    let bytes: [UInt8]
    let dtype: DType
    var position = 0
    /// The extent of each depth, from the first array closed there.
    var extents: [Int: Int] = [:]
    /// The depth of the numbers, once the first one is read.
    var leafDepth: Int?
    /// The deepest array seen so far.
    var deepestArray = -1
    static let maximumDepth = 64

    init(_ bytes: [UInt8], dtype: DType) {
        self.bytes = bytes
        self.dtype = dtype
    }

    mutating func parseDocument() throws -> ([Double], [Int]) {
        var values: [Double] = []
        skipSpace()
        guard position < bytes.count else { throw NDArrayError.parse(message: "empty input; expected a number or '['", position: 0) }
        try parseValue(depth: 0, values: &values)
        skipSpace()
        guard position == bytes.count else {
            throw NDArrayError.parse(message: "unexpected '\(character(at: position))' after the array", position: position)
        }
        let rank = leafDepth ?? (deepestArray + 1)
        return (values, (0 ..< rank).map { extents[$0] ?? 0 })
    }

    private func character(at i: Int) -> String { i < bytes.count ? String(decoding: [bytes[i]], as: UTF8.self) : "end of input" }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 10 || bytes[position] == 13 { position += 1 }
    }

    private mutating func parseValue(depth: Int, values: inout [Double]) throws {
        skipSpace()
        guard position < bytes.count else { throw NDArrayError.parse(message: "unexpected end of input; expected a number or '['", position: position) }
        if bytes[position] == UInt8(ascii: "[") {
            guard depth < Self.maximumDepth else {
                throw NDArrayError.parse(message: "arrays nested deeper than \(Self.maximumDepth) levels", position: position)
            }
            let open = position
            position += 1
            var count = 0
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1
            } else {
                while true {
                    try parseValue(depth: depth + 1, values: &values)
                    count += 1
                    skipSpace()
                    guard position < bytes.count else { throw NDArrayError.parse(message: "unexpected end of input; expected ',' or ']'", position: position) }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; break }
                    throw NDArrayError.parse(message: "expected ',' or ']' but found '\(character(at: position))'", position: position)
                }
            }
            if let leaves = leafDepth, depth >= leaves {
                throw NDArrayError.ragged(message: "an array where a number was expected (the first element at this depth is a number)", position: open)
            }
            if let extent = extents[depth], extent != count {
                throw NDArrayError.ragged(message: "a row of length \(count) where the first row of this axis has length \(extent)", position: open)
            }
            extents[depth] = count
            deepestArray = max(deepestArray, depth)
            return
        }
        let start = position
        while position < bytes.count, !(bytes[position] == UInt8(ascii: ",") || bytes[position] == UInt8(ascii: "]") || bytes[position] == 32
                                          || bytes[position] == 9 || bytes[position] == 10 || bytes[position] == 13 || bytes[position] == UInt8(ascii: "[")) {
            position += 1
        }
        let token = String(decoding: bytes[start ..< position], as: UTF8.self)
        guard !token.isEmpty else { throw NDArrayError.parse(message: "expected a number but found '\(character(at: start))'", position: start) }
        guard token.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101 || $0 == 69 }),
              let value = Double(token) else {
            throw NDArrayError.parse(message: "'\(token)' is not a number", position: start)
        }
        guard value.isFinite, dtype == .float64 || Float(value).isFinite else { throw NDArrayError.numberOutOfRange(text: token, position: start) }
        if leafDepth == nil { leafDepth = depth }
        guard leafDepth == depth, depth > deepestArray else {
            throw NDArrayError.ragged(message: "a number where an array was expected (other elements at this depth are arrays)", position: start)
        }
        values.append(value)
    }
}

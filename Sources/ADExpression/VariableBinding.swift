import DualTape

/// One `--var` argument of `adcheck`: `NAME=ARRAY` binds a literal array
/// (`x=[[1,2],[3,4]]`, `s=2.5`), `NAME=shape:2x3` asks for seeded random values of that
/// shape, sampled inside the domain the expression needs (``ParsedExpression/domains``).
///
/// A `shape:` may have at most ``ExpressionLimits/maximumRank`` extents, each at least 1,
/// and at most ``ExpressionLimits/maximumElements`` elements in all.
public struct VariableBinding: Sendable {
    /// Where the values come from.
    public enum Source: Sendable {
        case array(NDArray)
        case random(shape: [Int])
    }

    public let name: String
    public let source: Source
    public let dtype: DType

    /// The shape of the bound array.
    public var shape: [Int] {
        switch source {
        case .array(let array): return array.shape
        case .random(let shape): return shape
        }
    }

    /// Parses `NAME=ARRAY` or `NAME=shape:2x3`; errors point into `argument`.
    public init(parsing argument: String, dtype: DType = .float64) throws(ExpressionError) {
        func fail(_ kind: ExpressionError.Kind, _ message: String, _ range: Range<Int>) -> ExpressionError {
            ExpressionError(kind, message, source: argument, range: range)
        }
        let characters = Array(argument)
        guard let equals = characters.firstIndex(of: "=") else {
            throw fail(.binding, "expected NAME=ARRAY or NAME=shape:2x3, as in x=[[1,2],[3,4]]", 0 ..< characters.count)
        }
        let name = String(characters[..<equals])
        guard let first = name.first, first.isASCII, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw fail(.binding, "'\(name)' is not a variable name (letters, digits and '_', not starting with a digit)", 0 ..< equals)
        }
        guard !Checker.reservedWords.contains(name) else {
            throw fail(.binding, "'\(name)' is reserved for option values and cannot name a variable", 0 ..< equals)
        }
        let valueStart = equals + 1
        let value = String(characters[valueStart...])
        self.name = name
        self.dtype = dtype
        if value.hasPrefix("shape:") {
            source = .random(shape: try Self.shape(characters, from: valueStart + 6, fail))
            return
        }
        do {
            let array = try NDArray(parsing: value, dtype: dtype)
            guard array.count > 0 else { throw fail(.literal, "the array is empty; empty arrays are not supported", valueStart ..< characters.count) }
            guard array.count <= ExpressionLimits.maximumElements, array.rank <= ExpressionLimits.maximumRank else {
                throw fail(.limit, "the array has shape \(Shape.describe(array.shape)); the limits are \(ExpressionLimits.maximumElements) elements and \(ExpressionLimits.maximumRank) axes",
                           valueStart ..< characters.count)
            }
            source = .array(array)
        } catch let error as NDArrayError {
            throw Self.translate(error, argument: argument, valueStart: valueStart, value: value)
        } catch let error as ExpressionError {
            throw error
        } catch {
            throw fail(.literal, "cannot read the array: \(error)", valueStart ..< characters.count)
        }
    }

    /// The extents after `shape:`, each a positive decimal integer, separated by `x`.
    private static func shape(_ characters: [Character], from start: Int,
                              _ fail: (ExpressionError.Kind, String, Range<Int>) -> ExpressionError) throws(ExpressionError) -> [Int] {
        var extents: [Int] = []
        var position = start
        while true {
            let begin = position
            while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
            guard position > begin else {
                let found = position < characters.count ? "'\(characters[position])'" : "the end"
                throw fail(.binding, "expected a positive integer extent but found \(found); a shape looks like shape:2x3", position ..< min(position + 1, characters.count))
            }
            let digits = String(characters[begin ..< position])
            guard let extent = Int(digits), extent > 0 else {
                throw fail(.binding, "extent \(digits) is not allowed; every extent is at least 1 (and at most \(ExpressionLimits.maximumElements))", begin ..< position)
            }
            extents.append(extent)
            guard extents.count <= ExpressionLimits.maximumRank else {
                throw fail(.limit, "a shape has at most \(ExpressionLimits.maximumRank) extents", begin ..< position)
            }
            guard let count = elementCount(extents), count <= ExpressionLimits.maximumElements else {
                let size = elementCount(extents).map(String.init) ?? "too many"
                throw fail(.limit, "shape \(extents.map(String.init).joined(separator: "x")) has \(size) elements; the limit is \(ExpressionLimits.maximumElements)",
                           start ..< position)
            }
            if position == characters.count { return extents }
            guard characters[position] == "x" else {
                throw fail(.binding, "expected 'x' between extents but found '\(characters[position])'; a shape looks like shape:2x3", position ..< position + 1)
            }
            position += 1
        }
    }

    /// An ``NDArrayError`` (byte offsets into the value) as an error pointing into the argument.
    private static func translate(_ error: NDArrayError, argument: String, valueStart: Int, value: String) -> ExpressionError {
        let length = argument.count
        func column(_ byteOffset: Int) -> Int {
            valueStart + String(decoding: Array(value.utf8).prefix(byteOffset), as: UTF8.self).count
        }
        func range(_ start: Int, _ count: Int) -> Range<Int> { min(start, length) ..< min(start + count, length) }
        switch error {
        case .parse(let message, let position):
            return ExpressionError(.literal, "malformed array: \(message)", source: argument, range: range(column(position), 1))
        case .ragged(let message, let position):
            return ExpressionError(.literal, "ragged array: \(message)", source: argument, range: range(column(position), 1))
        case .numberOutOfRange(let text, let position):
            return ExpressionError(.literal, "number '\(text)' is out of range (it must be finite and fit the dtype)",
                                   source: argument, range: range(column(position), text.count))
        }
    }

    /// The bound array: the literal, or values of ``shape`` drawn from `generator` inside `domain`.
    public func value(in domain: Domain, generator: inout RandomGenerator) -> NDArray {
        switch source {
        case .array(let array): return array
        case .random(let shape): return Self.sample(domain, shape: shape, dtype: dtype, generator: &generator)
        }
    }

    /// Uniform samples inside `domain`: `real` in [-2, 2], `x > 0` in [0.2, 3], `x ≠ 0` in
    /// ±[0.5, 2], an interval over its whole width, a mask 0 or 1 with equal odds, integers
    /// (an index array) each whole number of the range with equal odds, a matrix domain's
    /// elements in [-1, 1] shaped by its structure.
    public static func sample(_ domain: Domain, shape: [Int], dtype: DType = .float64, generator: inout RandomGenerator) -> NDArray {
        let values: [Double] = (0 ..< (elementCount(shape) ?? 0)).map { _ in
            let u = generator.nextUnit()
            switch domain {
            case .mask: return u < 0.5 ? 0 : 1
            case .integers(let low, let high):
                let width = Double(high) - Double(low)
                return Double(low) + Swift.min(((width + 1) * u).rounded(.down), width)
            case .nonzero: return (generator.nextUnit() < 0.5 ? -1 : 1) * (0.5 + 1.5 * u)
            default:
                let range = domain.samplingRanges.first ?? -2 ... 2
                return range.lowerBound + (range.upperBound - range.lowerBound) * u
            }
        }
        return domain.structured(NDArray(values: values, shape: shape, dtype: dtype))
    }
}

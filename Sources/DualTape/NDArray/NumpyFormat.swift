// NumpyFormat.swift
//
// Goal: byte-exact reproduction of numpy 1.23.5's `str(ndarray)` (the body MXNet 1.9.1's
// legacy NDArray prints) and of numpy's `str()` of float64 / float32 scalars.
//
// Rules reproduced (numpy print options: precision=8, floatmode='maxprec', suppress=False,
// linewidth=75, threshold=1000, edgeitems=3, sign='-', nanstr='nan', infstr='inf'):
// - 0-d arrays print as the scalar's str(); arrays with a zero-length axis print "[]".
// - More than `threshold` elements: every axis longer than 2*edgeitems keeps only its first
//   and last `edgeitems` entries and shows "..." between them. The element format is chosen
//   from the printed (kept) elements only, exactly like numpy's `_leading_trailing`.
// - Floats: over the finite non-zero |values| (in the element type), scientific notation if
//   max >= 1e8, min < 1e-4 or max/min > 1e3. First pass: Dragon4 shortest round-trip digits
//   of the element type, cut at 8 fractional digits (8 mantissa fraction digits in scientific
//   notation) with round-half-even on the exact binary value; that fixes the column widths.
//   Second pass: positional values are re-printed with min_digits=0 (so all integer digits
//   are exact: float32 89999992 prints '89999992.' although its shortest repr is 8.999999e7)
//   and padded with spaces ('[0.5   0.25  1.125]', '1.'); scientific values are printed with exactly as many mantissa
//   digits as the longest one (extra digits come from the exact binary value, e.g. float32
//   0.1 -> '1.0000000e-01') and exponents zero-padded to a common width. nan/inf are
//   right-aligned in the same width.
// - Integers: right-aligned to the wider of str(max) and str(min). Bools: ' True' / 'False'.
// - Layout follows numpy's `_formatArray`: rows wrap at 75 columns (one column less per
//   nesting level) with a one-space hanging indent per level, and sub-arrays of rank k are
//   separated by k-1 blank lines.
// - Scalars (np.float64 / np.float32 str): shortest round-trip digits; positional when
//   x == 0 or 1e-4 <= |x| < 1e16 ('3.0', '0.3333333333333333'), otherwise scientific
//   without a trailing '.' ('1e-20', '1.5e+16').
//
// Digits come from a port of numpy's Dragon4 (numpy/core/src/multiarray/dragon4.c, unique
// mode with cutoff and min_digits) over a small arbitrary-precision integer, so rounding,
// tie-breaking and the quirks of numpy's min_digits logic match numpy exactly.

/// Element values to format, in row-major order.
enum FormatElements: Sendable {
    case float64([Double]), float32([Float]), float16([Float16]), int([Int]), bool([Bool])
}

/// Byte-exact re-implementation of numpy 1.23.5's array and float-scalar `str()`.
enum NumpyFormat {
    /// numpy's `linewidth` print option.
    static let lineWidth = 75
    /// numpy's `threshold` print option: arrays with more elements are summarized.
    static let threshold = 1000
    /// numpy's `edgeitems` print option: items kept at each end of a summarized axis.
    static let edgeItems = 3
    /// numpy's `precision` print option.
    static let precision = 8

    /// numpy 1.23 `str(array)` for row-major `elements` of `shape` (shape [] is 0-d: one element).
    static func arrayString(_ elements: FormatElements, shape: [Int]) -> String {
        switch elements {
        case .float64(let values):
            return render(values, shape: shape, scalar: { floatScalarString($0) },
                          makeFormatter: { floatFormatter($0) })
        case .float32(let values):
            return render(values, shape: shape, scalar: { floatScalarString($0) },
                          makeFormatter: { floatFormatter($0) })
        case .float16(let values):
            return render(values, shape: shape, scalar: { floatScalarString($0) },
                          makeFormatter: { floatFormatter($0) })
        case .int(let values):
            return render(values, shape: shape, scalar: { String($0) },
                          makeFormatter: { integerFormatter($0) })
        case .bool(let values):
            return render(values, shape: shape, scalar: { $0 ? "True" : "False" },
                          makeFormatter: { _ in { Array(($0 ? " True" : "False").utf8) } })
        }
    }

    /// numpy's str() of a scalar: np.float64(x) / np.float32(x) (e.g. "1.8905523", "0.3333333333333333", "1e-20", "3.0").
    static func scalarString(_ x: Double) -> String { floatScalarString(x) }

    /// numpy's str() of an np.float32 scalar (shortest float32 digits, e.g. "0.33333334").
    static func scalarString(_ x: Float) -> String { floatScalarString(x) }

    // MARK: - Array layout (numpy `_array2string` / `_formatArray`)

    /// Formats an array: 0-d via `scalar`; otherwise gathers the printed elements, builds the formatter from them and lays them out.
    private static func render<E>(_ values: [E], shape: [Int], scalar: (E) -> String,
                                  makeFormatter: ([E]) -> (E) -> [UInt8]) -> String {
        let size = shape.reduce(1, *)
        precondition(shape.allSatisfy { $0 >= 0 } && values.count == size,
                     "NumpyFormat: \(values.count) elements do not match shape \(shape)")
        if shape.isEmpty { return scalar(values[0]) }
        if size == 0 { return "[]" }

        // numpy `_leading_trailing`: the kept indices of every axis.
        let summarize = size > threshold
        var kept: [[Int]] = []
        var summarized: [Bool] = []
        for n in shape {
            if summarize && n > 2 * edgeItems {
                kept.append(Array(0..<edgeItems) + Array((n - edgeItems)..<n))
                summarized.append(true)
            } else {
                kept.append(Array(0..<n))
                summarized.append(false)
            }
        }
        let data: [E]
        if summarize {
            data = gather(values, shape: shape, kept: kept)
        } else {
            data = values
        }
        let format = makeFormatter(data)
        let words = data.map(format)
        let bytes = layout(words: words, subShape: kept.map(\.count), summarized: summarized)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Collects, in row-major order, the elements whose index on every axis is in `kept`.
    private static func gather<E>(_ values: [E], shape: [Int], kept: [[Int]]) -> [E] {
        let ndim = shape.count
        var strides = [Int](repeating: 1, count: ndim)
        for axis in stride(from: ndim - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        let total = kept.reduce(1) { $0 * $1.count }
        var out: [E] = []
        out.reserveCapacity(total)
        var counter = [Int](repeating: 0, count: ndim)
        for _ in 0..<total {
            var flat = 0
            for axis in 0..<ndim { flat += kept[axis][counter[axis]] * strides[axis] }
            out.append(values[flat])
            var axis = ndim - 1
            while axis >= 0 {
                counter[axis] += 1
                if counter[axis] < kept[axis].count { break }
                counter[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")
    private static let ellipsis: [UInt8] = Array("...".utf8)

    /// numpy `_formatArray` over the gathered sub-grid; a summarized axis holds 2*edgeItems entries.
    private static func layout(words: [[UInt8]], subShape: [Int], summarized: [Bool]) -> [UInt8] {
        let ndim = subShape.count
        var strides = [Int](repeating: 1, count: ndim)
        for axis in stride(from: ndim - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * subShape[axis + 1]
        }

        func recurse(_ axis: Int, _ offset: Int, _ hanging: [UInt8], _ width: Int) -> [UInt8] {
            let axesLeft = ndim - axis
            let nextHanging = hanging + [space]
            let nextWidth = width - 1  // room for this level's closing ']'
            let count = subShape[axis]
            let showSummary = summarized[axis]
            let leading = showSummary ? edgeItems : 0

            func child(_ i: Int) -> [UInt8] {
                axesLeft == 1 ? words[offset + i]
                    : recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth)
            }

            var s: [UInt8] = []
            if axesLeft == 1 {
                // Last axis: wrap the words so that a line plus ']' stays within `width`.
                let elemWidth = width - 1
                var line = hanging
                for i in 0..<leading {
                    extendLine(&s, &line, child(i), elemWidth, hanging)
                    line.append(space)
                }
                if showSummary {
                    extendLine(&s, &line, ellipsis, elemWidth, hanging)
                    line.append(space)
                }
                for i in leading..<(count - 1) {
                    extendLine(&s, &line, child(i), elemWidth, hanging)
                    line.append(space)
                }
                extendLine(&s, &line, child(count - 1), elemWidth, hanging)
                s += line
            } else {
                // Outer axes: one sub-array per line, rank-k blocks separated by k-1 blank lines.
                let lineSep = [UInt8](repeating: newline, count: axesLeft - 1)
                for i in 0..<leading {
                    s += hanging
                    s += child(i)
                    s += lineSep
                }
                if showSummary {
                    s += hanging
                    s += ellipsis
                    s += lineSep
                }
                for i in leading..<(count - 1) {
                    s += hanging
                    s += child(i)
                    s += lineSep
                }
                s += hanging
                s += child(count - 1)
            }
            var result: [UInt8] = [UInt8(ascii: "[")]
            result += s[hanging.count...]
            result.append(UInt8(ascii: "]"))
            return result
        }

        return recurse(0, 0, [space], lineWidth)
    }

    /// numpy `_extendLine`: starts a new line when `word` would overflow, unless the line is still empty.
    private static func extendLine(_ s: inout [UInt8], _ line: inout [UInt8], _ word: [UInt8],
                                   _ lineWidth: Int, _ nextLinePrefix: [UInt8]) {
        let needsWrap = line.count + word.count > lineWidth && line.count > nextLinePrefix.count
        if needsWrap {
            var end = line.count
            while end > 0 && (line[end - 1] == space || line[end - 1] == newline) { end -= 1 }
            s += line[..<end]
            s.append(newline)
            line = nextLinePrefix
        }
        line += word
    }

    // MARK: - Element formatters

    /// numpy `IntegerFormat`: right-aligned to the wider of str(max) and str(min).
    private static func integerFormatter(_ data: [Int]) -> (Int) -> [UInt8] {
        guard let maxValue = data.max(), let minValue = data.min() else { return { Array(String($0).utf8) } }
        let width = max(String(maxValue).utf8.count, String(minValue).utf8.count)
        return { value in
            let digits = Array(String(value).utf8)
            return [UInt8](repeating: space, count: max(0, width - digits.count)) + digits
        }
    }

    /// numpy `FloatingFormat` (maxprec, precision 8): `fillFormat` over `data`, returning `__call__`.
    private static func floatFormatter<T: IEEEBinaryFloat>(_ data: [T]) -> (T) -> [UInt8] {
        let finite = data.filter { $0.isFinite }
        var expFormat = false
        var maxAbs: T? = nil
        var minAbs: T? = nil
        for value in finite where value != 0 {
            let magnitude = value.magnitude
            if maxAbs.map({ magnitude > $0 }) ?? true { maxAbs = magnitude }
            if minAbs.map({ magnitude < $0 }) ?? true { minAbs = magnitude }
        }
        if let maxAbs, let minAbs {
            // The ratio is computed in the element type (it may round or overflow to inf),
            // the comparisons against the Python float literals in float64.
            let ratio = maxAbs / minAbs
            expFormat = Double(maxAbs) >= 1e8 || Double(minAbs) < 0.0001 || Double(ratio) > 1000
        }

        var padLeft = 0
        var padRight = 0
        var precision = self.precision
        var minDigits = 0
        var expSize = -1
        if finite.isEmpty {
            // nothing to measure; only nan/inf below
        } else if expFormat {
            var maxInt = 0, maxFrac = 0, maxExp = 0
            for value in finite {
                let s = formatScientific(Dragon4Input(value), precision: precision, minDigits: -1,
                                         trim: .zeros, padLeft: -1, expDigits: -1)
                let e = s.firstIndex(of: UInt8(ascii: "e")) ?? s.count
                let dot = s[..<e].firstIndex(of: UInt8(ascii: ".")) ?? e
                maxInt = max(maxInt, dot)
                maxFrac = max(maxFrac, e - min(dot + 1, e))
                maxExp = max(maxExp, s.count - min(e + 1, s.count))
            }
            expSize = maxExp - 1
            precision = maxFrac
            minDigits = maxFrac
            padLeft = maxInt
            padRight = expSize + 2 + precision
        } else {
            for value in finite {
                let s = formatPositional(Dragon4Input(value), precision: precision, minDigits: -1,
                                         trim: .zeros, padLeft: -1, padRight: -1)
                let dot = s.firstIndex(of: UInt8(ascii: ".")) ?? s.count
                padLeft = max(padLeft, dot)
                padRight = max(padRight, s.count - min(dot + 1, s.count))
            }
        }
        if finite.count != data.count {
            let negativeInf = data.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negativeInf ? 1 : 0) - offset)
        }

        return { [expFormat, padLeft, padRight, precision, minDigits, expSize] value in
            if !value.isFinite {
                let text = value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
                let pad = max(0, padLeft + padRight + 1 - text.utf8.count)
                return [UInt8](repeating: space, count: pad) + Array(text.utf8)
            }
            if expFormat {
                return formatScientific(Dragon4Input(value), precision: precision, minDigits: minDigits,
                                        trim: .none, padLeft: padLeft, expDigits: expSize)
            }
            return formatPositional(Dragon4Input(value), precision: precision, minDigits: minDigits,
                                    trim: .zeros, padLeft: padLeft, padRight: padRight)
        }
    }

    /// numpy's scalar str() for np.float64 / np.float32 / np.float16 (numpy 1.23, legacy off).
    private static func floatScalarString<T: IEEEBinaryFloat>(_ x: T) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let magnitude = Double(x.magnitude)
        let bytes: [UInt8]
        if magnitude == 0 || (1e-4 <= magnitude && magnitude < 1e16) {
            bytes = formatPositional(Dragon4Input(x), precision: -1, minDigits: -1,
                                     trim: .leaveOneZero, padLeft: -1, padRight: -1)
        } else {
            bytes = formatScientific(Dragon4Input(x), precision: -1, minDigits: -1,
                                     trim: .dptZeros, padLeft: -1, expDigits: -1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Dragon4 string assembly (numpy FormatPositional / FormatScientific)

    /// numpy's TrimMode: 'k' (.none), '.' (.zeros), '0' (.leaveOneZero), '-' (.dptZeros).
    private enum Trim { case none, zeros, leaveOneZero, dptZeros }

    /// numpy `FormatPositional` in unique digit mode with a fractional-digit cutoff.
    private static func formatPositional(_ input: Dragon4Input, precision: Int, minDigits: Int, trim: Trim,
                                 padLeft: Int, padRight: Int) -> [UInt8] {
        let zero = UInt8(ascii: "0")
        let (digits, printExponent) = dragon4(input, totalLength: false,
                                              cutoffMax: precision, cutoffMin: minDigits)
        var out: [UInt8] = input.negative ? [UInt8(ascii: "-")] : []
        let hasSign = out.count
        var numWholeDigits: Int
        var numFractionDigits = 0
        if printExponent >= 0 {
            numWholeDigits = printExponent + 1
            if digits.count <= numWholeDigits {
                out += digits.map { zero + $0 }
                out += [UInt8](repeating: zero, count: numWholeDigits - digits.count)
            } else {
                out += digits[..<numWholeDigits].map { zero + $0 }
                out.append(UInt8(ascii: "."))
                out += digits[numWholeDigits...].map { zero + $0 }
                numFractionDigits = digits.count - numWholeDigits
            }
        } else {
            let numFractionZeros = -(printExponent + 1)
            out += [zero, UInt8(ascii: ".")]
            out += [UInt8](repeating: zero, count: numFractionZeros)
            out += digits.map { zero + $0 }
            numFractionDigits = digits.count + numFractionZeros
            numWholeDigits = 1
        }
        if trim != .dptZeros && numFractionDigits == 0 { out.append(UInt8(ascii: ".")) }
        let desiredFractionalDigits = max(minDigits, 0)
        if trim == .leaveOneZero {
            if numFractionDigits == 0 {
                out.append(zero)
                numFractionDigits += 1
            }
        } else if trim == .none && desiredFractionalDigits > numFractionDigits {
            out += [UInt8](repeating: zero, count: desiredFractionalDigits - numFractionDigits)
            numFractionDigits = desiredFractionalDigits
        }
        if trim != .none && numFractionDigits > 0 {
            while out.last == zero {
                out.removeLast()
                numFractionDigits -= 1
            }
            if out.last == UInt8(ascii: ".") {
                if trim == .leaveOneZero {
                    out.append(zero)
                    numFractionDigits += 1
                } else if trim == .dptZeros {
                    out.removeLast()
                }
            }
        }
        if padRight >= numFractionDigits {
            if trim == .dptZeros && numFractionDigits == 0 { out.append(space) }
            out += [UInt8](repeating: space, count: padRight - numFractionDigits)
        }
        if padLeft > numWholeDigits + hasSign {
            out = [UInt8](repeating: space, count: padLeft - (numWholeDigits + hasSign)) + out
        }
        return out
    }

    /// numpy `FormatScientific` in unique digit mode (precision/minDigits count fraction digits of the mantissa).
    private static func formatScientific(_ input: Dragon4Input, precision: Int, minDigits: Int, trim: Trim,
                                 padLeft: Int, expDigits: Int) -> [UInt8] {
        let zero = UInt8(ascii: "0")
        var out: [UInt8] = []
        let leftChars = 1 + (input.negative ? 1 : 0)
        if padLeft > leftChars { out += [UInt8](repeating: space, count: padLeft - leftChars) }
        if input.negative { out.append(UInt8(ascii: "-")) }
        let (digits, firstDigitExponent) = dragon4(input, totalLength: true,
                                                   cutoffMax: precision < 0 ? -1 : precision + 1,
                                                   cutoffMin: minDigits < 0 ? -1 : minDigits + 1)
        var printExponent = firstDigitExponent
        out.append(zero + digits[0])
        var numFractionDigits = digits.count - 1
        if numFractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            out += digits[1...].map { zero + $0 }
        }
        if trim != .dptZeros && numFractionDigits == 0 { out.append(UInt8(ascii: ".")) }
        let addDigits = max(minDigits, 0)
        if trim == .leaveOneZero {
            if numFractionDigits == 0 {
                out.append(zero)
                numFractionDigits += 1
            }
        } else if trim == .none && addDigits > numFractionDigits {
            out += [UInt8](repeating: zero, count: addDigits - numFractionDigits)
            numFractionDigits = addDigits
        }
        if trim != .none && numFractionDigits > 0 {
            while out.last == zero {
                out.removeLast()
                numFractionDigits -= 1
            }
            if trim == .leaveOneZero && out.last == UInt8(ascii: ".") {
                out.append(zero)
                numFractionDigits += 1
            }
        }
        out.append(UInt8(ascii: "e"))
        if printExponent >= 0 {
            out.append(UInt8(ascii: "+"))
        } else {
            out.append(UInt8(ascii: "-"))
            printExponent = -printExponent
        }
        let minimumExpDigits = expDigits < 0 ? 2 : min(expDigits, 5)
        let expText = Array(String(printExponent).utf8)
        out += [UInt8](repeating: zero, count: max(0, minimumExpDigits - expText.count))
        out += expText
        return out
    }

    // MARK: - Dragon4 digit generation (port of numpy's Dragon4, unique mode)

    /// A finite binary float as numpy's Dragon4 sees it: value = mantissa * 2^exponent.
    private struct Dragon4Input {
        var negative: Bool
        var mantissa: UInt64
        var exponent: Int
        var mantissaBit: Int
        var hasUnequalMargins: Bool

        /// Decomposes a finite IEEE value the way numpy's Dragon4_PrintFloat_IEEE_binary* does.
        init<T: IEEEBinaryFloat>(_ x: T) {
            negative = x.sign == .minus
            let fractionBits = T.significandBitCount
            let bias = (1 << (T.exponentBitCount - 1)) - 1
            let floatMantissa = UInt64(x.significandBitPattern)
            let floatExponent = Int(x.exponentBitPattern)
            if floatExponent != 0 {
                mantissa = (1 << UInt64(fractionBits)) | floatMantissa
                exponent = floatExponent - bias - fractionBits
                mantissaBit = fractionBits
                hasUnequalMargins = floatExponent != 1 && floatMantissa == 0
            } else {
                mantissa = floatMantissa
                exponent = 1 - bias - fractionBits
                mantissaBit = floatMantissa == 0 ? 0 : 63 - floatMantissa.leadingZeroBitCount
                hasUnequalMargins = false
            }
        }
    }

    /// numpy's output buffer size bound on the number of generated digits.
    private static let bufferSize = 16383

    /// numpy `Dragon4` (unique mode): decimal digits (0...9) and the base-10 exponent of the first digit.
    ///
    /// `cutoffMax` / `cutoffMin` (-1: none) count total digits when `totalLength`, else fraction digits.
    private static func dragon4(_ input: Dragon4Input, totalLength: Bool,
                        cutoffMax: Int, cutoffMin: Int) -> (digits: [UInt8], exponent: Int) {
        let mantissa = input.mantissa
        let exponent = input.exponent
        if mantissa == 0 { return ([0], 0) }
        let isEven = mantissa & 1 == 0
        let unequal = input.hasUnequalMargins

        var scaledValue = BigUInt(mantissa)
        var scale: BigUInt
        var marginLow: BigUInt
        if unequal {
            if exponent > 0 {
                scaledValue.shiftLeft(exponent + 2)
                scale = BigUInt(4)
                marginLow = BigUInt.pow2(exponent)
            } else {
                scaledValue.shiftLeft(2)
                scale = BigUInt.pow2(-exponent + 2)
                marginLow = BigUInt(1)
            }
        } else {
            if exponent > 0 {
                scaledValue.shiftLeft(exponent + 1)
                scale = BigUInt(2)
                marginLow = BigUInt.pow2(exponent)
            } else {
                scaledValue.shiftLeft(1)
                scale = BigUInt.pow2(-exponent + 1)
                marginLow = BigUInt(1)
            }
        }

        let log10of2 = 0.30102999566398119521373889472449
        // ceil() without libm: truncate, then step up for positive fractional parts.
        let estimate = Double(input.mantissaBit + exponent) * log10of2 - 0.69
        var digitExponent = Int(estimate)
        if Double(digitExponent) < estimate { digitExponent += 1 }
        if cutoffMax >= 0 && !totalLength && digitExponent <= -cutoffMax {
            digitExponent = -cutoffMax + 1
        }
        if digitExponent > 0 {
            scale.multiplyByPowerOf10(digitExponent)
        } else if digitExponent < 0 {
            scaledValue.multiplyByPowerOf10(-digitExponent)
            marginLow.multiplyByPowerOf10(-digitExponent)
        }
        if BigUInt.compare(scaledValue, scale) >= 0 {
            digitExponent += 1
        } else {
            scaledValue.multiply(by: 10)
            marginLow.multiply(by: 10)
        }

        var cutoffMaxExponent = digitExponent - bufferSize
        if cutoffMax >= 0 {
            let desired = totalLength ? digitExponent - cutoffMax : -cutoffMax
            if desired > cutoffMaxExponent { cutoffMaxExponent = desired }
        }
        var cutoffMinExponent = digitExponent
        if cutoffMin >= 0 {
            let desired = totalLength ? digitExponent - cutoffMin : -cutoffMin
            if desired < cutoffMinExponent { cutoffMinExponent = desired }
        }
        var outExponent = digitExponent - 1

        var digits: [UInt8] = []
        var low = false
        var high = false
        var outputDigit: UInt8 = 0
        while true {
            digitExponent -= 1
            outputDigit = scaledValue.divideWithRemainder(by: scale)
            var marginHigh = marginLow
            if unequal { marginHigh.multiply(by: 2) }
            let scaledValueHigh = BigUInt.sum(scaledValue, marginHigh)
            let cmpLow = BigUInt.compare(scaledValue, marginLow)
            low = isEven ? cmpLow <= 0 : cmpLow < 0
            let cmpHigh = BigUInt.compare(scaledValueHigh, scale)
            high = isEven ? cmpHigh >= 0 : cmpHigh > 0
            if ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent {
                break
            }
            digits.append(outputDigit)
            scaledValue.multiply(by: 10)
            marginLow.multiply(by: 10)
        }

        var roundDown = low
        if low == high {
            scaledValue.multiply(by: 2)
            let compare = BigUInt.compare(scaledValue, scale)
            roundDown = compare < 0
            if compare == 0 { roundDown = outputDigit & 1 == 0 }
        }
        if roundDown {
            digits.append(outputDigit)
        } else if outputDigit == 9 {
            while true {
                guard let last = digits.popLast() else {
                    digits.append(1)
                    outExponent += 1
                    break
                }
                if last != 9 {
                    digits.append(last + 1)
                    break
                }
            }
        } else {
            digits.append(outputDigit + 1)
        }
        return (digits, outExponent)
    }

    // MARK: - Arbitrary-precision integer for Dragon4

    /// Minimal unsigned arbitrary-precision integer for Dragon4 (little-endian 32-bit words, no high zero words).
    private struct BigUInt {
        private(set) var words: [UInt32]

        /// Creates the value `value`.
        init(_ value: UInt64) {
            words = []
            var rest = value
            while rest != 0 {
                words.append(UInt32(truncatingIfNeeded: rest))
                rest >>= 32
            }
        }

        /// Returns 2^n.
        static func pow2(_ n: Int) -> BigUInt {
            var result = BigUInt(0)
            result.words = [UInt32](repeating: 0, count: n / 32 + 1)
            result.words[n / 32] = 1 << UInt32(n % 32)
            return result
        }

        /// Multiplies by 2^n.
        mutating func shiftLeft(_ n: Int) {
            guard !words.isEmpty, n > 0 else { return }
            let wordShift = n / 32
            let bitShift = UInt64(n % 32)
            var result = [UInt32](repeating: 0, count: words.count + wordShift + 1)
            for (i, word) in words.enumerated() {
                let shifted = UInt64(word) << bitShift
                result[i + wordShift] |= UInt32(truncatingIfNeeded: shifted)
                result[i + wordShift + 1] |= UInt32(truncatingIfNeeded: shifted >> 32)
            }
            while result.last == 0 { result.removeLast() }
            words = result
        }

        /// Multiplies by a small factor.
        mutating func multiply(by factor: UInt32) {
            if factor == 0 {
                words = []
                return
            }
            var carry: UInt64 = 0
            for i in words.indices {
                let product = UInt64(words[i]) * UInt64(factor) + carry
                words[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 { words.append(UInt32(carry)) }
        }

        private static let smallPowersOf10: [UInt32] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000,
                                                        10_000_000, 100_000_000, 1_000_000_000]

        /// Multiplies by 10^n.
        mutating func multiplyByPowerOf10(_ n: Int) {
            var rest = n
            while rest >= 9 {
                multiply(by: 1_000_000_000)
                rest -= 9
            }
            if rest > 0 { multiply(by: BigUInt.smallPowersOf10[rest]) }
        }

        /// Returns a + b.
        static func sum(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
            let (long, short) = a.words.count >= b.words.count ? (a.words, b.words) : (b.words, a.words)
            var result = long
            var carry: UInt64 = 0
            for i in result.indices {
                let total = UInt64(result[i]) + (i < short.count ? UInt64(short[i]) : 0) + carry
                result[i] = UInt32(truncatingIfNeeded: total)
                carry = total >> 32
                if carry == 0 && i >= short.count { break }
            }
            if carry != 0 { result.append(UInt32(carry)) }
            var out = BigUInt(0)
            out.words = result
            return out
        }

        /// Three-way comparison: negative, zero or positive as a <, == or > b.
        static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
            if a.words.count != b.words.count { return a.words.count < b.words.count ? -1 : 1 }
            var i = a.words.count - 1
            while i >= 0 {
                if a.words[i] != b.words[i] { return a.words[i] < b.words[i] ? -1 : 1 }
                i -= 1
            }
            return 0
        }

        /// Subtracts `other` (which must not exceed `self`).
        private mutating func subtract(_ other: BigUInt) {
            var borrow: Int64 = 0
            for i in words.indices {
                var difference = Int64(words[i]) - borrow - (i < other.words.count ? Int64(other.words[i]) : 0)
                if difference < 0 {
                    difference += 1 << 32
                    borrow = 1
                } else {
                    borrow = 0
                }
                words[i] = UInt32(difference)
                if borrow == 0 && i >= other.words.count { break }
            }
            while words.last == 0 { words.removeLast() }
        }

        /// Replaces `self` by `self mod divisor` and returns the quotient, which must be below 10.
        mutating func divideWithRemainder(by divisor: BigUInt) -> UInt8 {
            var quotient: UInt8 = 0
            while BigUInt.compare(self, divisor) >= 0 {
                subtract(divisor)
                quotient += 1
            }
            return quotient
        }
    }
}

/// The IEEE binary float types numpy's formatter handles (float16, float32, float64).
private protocol IEEEBinaryFloat: BinaryFloatingPoint
where RawSignificand: FixedWidthInteger, RawExponent: FixedWidthInteger {}

extension Double: IEEEBinaryFloat {}
extension Float: IEEEBinaryFloat {}
extension Float16: IEEEBinaryFloat {}

import CVectorMath
import Synchronization
import Testing
@testable import DualTape

/// Above ``Kernels/parallelThreshold`` the kernels split their loops across cores; these
/// tests check that every element, and every full reduction, is bit for bit what one
/// sequential pass gives. Sizes are odd so chunk tails are exercised.
@Suite("Kernels split across cores give the sequential results bit for bit")
struct ParallelKernelTests {
    /// A prime count: no chunk size divides it.
    static let n = 1_000_003

    /// Values in (low, high), reproducible.
    static func values(_ count: Int = n, low: Double = -3, high: Double = 3, seed: UInt64) -> [Double] {
        var g = RandomGenerator(seed: seed)
        return (0 ..< count).map { _ in low + (high - low) * g.nextUnit() }
    }

    /// Records an issue at the first element whose bits differ from `expected` (NaN never matches).
    func expectBitwise(_ actual: NDArray, _ expected: [Double], _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let values = actual.scalars
        #expect(values.count == expected.count, "\(what): count \(values.count) vs \(expected.count)", sourceLocation: sourceLocation)
        for (i, (a, e)) in zip(values, expected).enumerated()
        where a.isNaN || e.isNaN || a.bitPattern != e.bitPattern {
            Issue.record("\(what): element \(i) is \(a), sequentially \(e)", sourceLocation: sourceLocation)
            return
        }
    }

    /// The subranges `parallelChunks` hands out, sorted.
    static func chunks(count: Int, grain: Int) -> [Range<Int>] {
        let ranges = Mutex<[Range<Int>]>([])
        Kernels.parallelChunks(count: count, grain: grain) { r in ranges.withLock { $0.append(r) } }
        return ranges.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
    }

    @Test func chunksCoverTheRangeOnceAtMultiplesOfTheGrain() {
        for count in [0, 5, Kernels.parallelThreshold, Kernels.parallelThreshold + 1, 3 * Kernels.parallelThreshold + 17, Self.n] {
            for grain in [1, 16, 1000] {
                let sorted = Self.chunks(count: count, grain: grain)
                #expect(Self.chunks(count: count, grain: grain) == sorted, "the same chunks every time")
                if count <= Kernels.parallelThreshold || Kernels.workerCount == 1 {
                    #expect(sorted == [0 ..< count], "inline below the threshold and on one core")
                } else {
                    #expect(sorted.count > 1, "split above the threshold: \(sorted)")
                }
                var next = 0
                for r in sorted {
                    #expect(r.lowerBound == next && r.lowerBound % grain == 0, "count \(count), grain \(grain): \(sorted)")
                    next = r.upperBound
                }
                #expect(next == count, "count \(count), grain \(grain): \(sorted)")
            }
        }
    }

    @Test func vectorizedMapMatchesOneSequentialPass() {
        let x = Self.values(seed: 1)
        let a = NDArray(values: x, shape: [Self.n])
        for (name, f, array) in [("exp", DTVectorExp, exp(a)), ("tanh", DTVectorTanh, tanh(a)), ("sin", DTVectorSin, sin(a))] {
            var expected = [Double](repeating: 0, count: Self.n)
            dt_vector_f64(f, x, &expected, Self.n)
            expectBitwise(array, expected, name)
        }
        // Float32 (16 per AVX-512 vector), through a strided view (copied first).
        let wide = NDArray(values: Self.values(2 * Self.n, seed: 2), shape: [Self.n, 2], dtype: .float32)
        let column = wide[.all, 1]
        let xs = column.floats
        var expected = [Float](repeating: 0, count: Self.n)
        dt_vector_f32(DTVectorExp, xs, &expected, Self.n)
        expectBitwise(exp(column), expected.map(Double.init), "exp Float32")
    }

    @Test func scalarMapMatchesASwiftLoop() {
        let x = Self.values(seed: 3)
        let a = NDArray(values: x, shape: [Self.n])
        expectBitwise(square(a), x.map { $0 * $0 }, "square")
        expectBitwise(-a, x.map { -$0 }, "negate")
        expectBitwise(a.clip(-1, 2), x.map { Swift.min(Swift.max($0, -1), 2) }, "clip")
        let f = NDArray(values: x, shape: [Self.n], dtype: .float32)
        expectBitwise(square(f), x.map { Double(Float($0) * Float($0)) }, "square Float32")
    }

    @Test func zipMatchesASwiftLoop() {
        let x = Self.values(seed: 4), y = Self.values(seed: 5)
        let a = NDArray(values: x, shape: [Self.n]), b = NDArray(values: y, shape: [Self.n])
        expectBitwise(a * b, zip(x, y).map { $0 * $1 }, "a * b")
        expectBitwise(a - b, zip(x, y).map { $0 - $1 }, "a - b")
        expectBitwise(a / 3, x.map { $0 / 3 }, "a / 3")
        expectBitwise(2 - a, x.map { 2 - $0 }, "2 - a")
        // One element broadcast (as a sum's cotangent is), on either side.
        let seven = NDArray([7.0]).broadcast(to: [Self.n])
        expectBitwise(a * seven, x.map { $0 * 7 }, "a * broadcast 7")
        expectBitwise(seven - a, x.map { 7 - $0 }, "broadcast 7 - a")
        // Contiguous views with an offset (Rosenbrock's x[1...] and x[..<(n-1)]).
        let head = a[..<(Self.n - 1)], tail = a[1...]
        expectBitwise(tail - head * head, (0 ..< Self.n - 1).map { x[$0 + 1] - x[$0] * x[$0] }, "tail - head²")
    }

    struct MultiplyAdd: ScalarFunction3 {
        func callAsFunction<T: NDScalar>(_ a: T, _ b: T, _ c: T) -> T { a * b + c }
    }

    @Test func zip3MatchesASwiftLoop() {
        let x = Self.values(seed: 6), y = Self.values(seed: 7), z = Self.values(seed: 8)
        let a = NDArray(values: x, shape: [Self.n]), b = NDArray(values: y, shape: [Self.n]), c = NDArray(values: z, shape: [Self.n])
        let mask = NDArray(values: z.map { $0 > 0 ? 1 : 0 }, shape: [Self.n])
        expectBitwise(NDArray.where(mask, a, b), (0 ..< Self.n).map { z[$0] > 0 ? x[$0] : y[$0] }, "where")
        expectBitwise(Kernels.zip3(a, b, c, MultiplyAdd(), shape: [Self.n]), (0 ..< Self.n).map { x[$0] * y[$0] + z[$0] }, "a * b + c")
        // Broadcasts of one element next to full operands.
        let seven = NDArray([7.0]).broadcast(to: [Self.n])
        expectBitwise(NDArray.where(mask, a, seven), (0 ..< Self.n).map { z[$0] > 0 ? x[$0] : 7 }, "where(mask, a, broadcast 7)")
        expectBitwise(Kernels.zip3(seven, b, NDArray(0.5), MultiplyAdd(), shape: [Self.n]), y.map { 7 * $0 + 0.5 }, "7 * b + 0.5")
    }

    @Test func copiesMatchTheElementsInOrder() {
        let rows = 1001, columns = 999
        let x = Self.values(rows * columns, seed: 9)
        let m = NDArray(values: x, shape: [rows, columns])
        let expectedT = (0 ..< columns).flatMap { j in (0 ..< rows).map { i in x[i * columns + j] } }
        expectBitwise(m.T.contiguous(), expectedT, "transpose")
        expectBitwise(m[.all, .slice(1, nil, 2)].contiguous(),
                      (0 ..< rows).flatMap { i in stride(from: 1, to: columns, by: 2).map { x[i * columns + $0] } }, "every other column")
        expectBitwise(m[.slice(nil, nil, -1)].contiguous(), (0 ..< rows).reversed().flatMap { i in x[(i * columns) ..< ((i + 1) * columns)] }, "reversed rows")
        expectBitwise(m.reshape([rows * columns])[1...].contiguous(), Array(x[1...]), "contiguous view with an offset")
        expectBitwise(NDArray([2.5]).broadcast(to: [Self.n]).contiguous(), [Double](repeating: 2.5, count: Self.n), "broadcast")
        expectBitwise(NDArray.full([Self.n], -1.25), [Double](repeating: -1.25, count: Self.n), "full")
    }

    @Test func addInPlaceMatchesASwiftLoop() {
        let x = Self.values(seed: 10), y = Self.values(seed: 11)
        var total = NDArray(values: x, shape: [Self.n])
        total.addInPlace(NDArray(values: y, shape: [Self.n]), at: nil)
        expectBitwise(total, zip(x, y).map { $0 + $1 }, "total += g")
        var again = NDArray(values: x, shape: [Self.n])
        again.addInPlace(NDArray([0.5]).broadcast(to: [Self.n]), at: nil)
        expectBitwise(again, x.map { $0 + 0.5 }, "total += broadcast 0.5")
    }

    @Test func sliceWritesMatchASwiftLoop() {
        let x = Self.values(seed: 13)
        let a = NDArray(values: x, shape: [Self.n])
        var shifted = NDArray.zeros([Self.n])
        shifted[1...] = a[..<(Self.n - 1)]
        expectBitwise(shifted, [0] + x.dropLast(), "z[1...] = a[..<(n-1)]")
        var everyOther = a
        everyOther[.slice(nil, nil, 2)] = NDArray(-1.0)
        expectBitwise(everyOther, x.indices.map { $0 % 2 == 0 ? -1 : x[$0] }, "a[::2] = -1")
        var head = a
        head[..<(Self.n - 5)] = NDArray(4.0)
        expectBitwise(head, x.indices.map { $0 < Self.n - 5 ? 4 : x[$0] }, "a[..<(n-5)] = 4")
    }

    /// The documented order: blocks of `reductionBlock` elements, each summed in four
    /// interleaved lanes, the block sums added left to right.
    static func blockSum(_ x: [Double]) -> Double {
        let block = Kernels.reductionBlock
        var total: Double?
        for start in stride(from: 0, to: x.count, by: block) {
            let end = Swift.min(start + block, x.count)
            var lanes = [0.0, 0.0, 0.0, 0.0]
            var i = start
            while i + 4 <= end {
                for l in 0 ..< 4 { lanes[l] += x[i + l] }
                i += 4
            }
            while i < end { lanes[0] += x[i]; i += 1 }
            let sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
            total = total.map { $0 + sum } ?? sum
        }
        return total ?? 0
    }

    @Test func sumIsTheFixedBlockSumEveryTime() {
        let x = Self.values(seed: 12).map { $0 * 1e3 }
        let a = NDArray(values: x, shape: [Self.n])
        let expected = Self.blockSum(x)
        for _ in 0 ..< 5 {
            expectBitwise(a.sum(), [expected], "sum")
        }
        expectBitwise(a.mean(), [expected / Double(Self.n)], "mean")
        let f = NDArray(values: x, shape: [Self.n], dtype: .float32)
        expectBitwise(f.sum(), [Double(Float(Self.blockSum(f.scalars)))], "sum Float32")
        // At most one block: one sequential pass, as before blocks existed.
        let small = Array(x.prefix(Kernels.reductionBlock))
        expectBitwise(NDArray(values: small, shape: [small.count]).sum(), [Self.blockSum(small)], "one block")
        #expect(NDArray(values: x, shape: [Self.n]).max().scalars == [x.max()!])
        #expect(NDArray(values: x, shape: [Self.n]).min().scalars == [x.min()!])
    }
}

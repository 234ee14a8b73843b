import Foundation
import Testing
@testable import DualTape

/// Whether `a` and `b` agree within `rel · max(|a|, |b|) + abs`. NaN never agrees with anything.
func isClose(_ a: Double, _ b: Double, rel: Double = 1e-12, abs: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return false }
    if a == b { return true }
    return Swift.abs(a - b) <= rel * Swift.max(Swift.abs(a), Swift.abs(b)) + abs
}

/// Records an issue unless `actual`'s values and shape are `expected` (within tolerance).
func expectValues(_ actual: NDArray?, _ expected: [Double], shape: [Int]? = nil, rel: Double = 1e-12, abs: Double = 0,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("expected an array, got nil", sourceLocation: sourceLocation)
        return
    }
    if let shape { #expect(actual.shape == shape, sourceLocation: sourceLocation) }
    let values = actual.scalars
    #expect(values.count == expected.count, "count \(values.count) vs \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(values, expected).enumerated() where !isClose(a, e, rel: rel, abs: abs) {
        Issue.record("element \(i): \(a) != expected \(e) (all: \(values))", sourceLocation: sourceLocation)
        return
    }
}

/// `Σ aᵢ bᵢ` in Double.
func dotProduct(_ a: NDArray, _ b: NDArray) -> Double {
    precondition(a.shape == b.shape, "dotProduct: \(a.shape) vs \(b.shape)")
    return zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}

/// A seed for a test case that does not change between runs.
func stableSeed(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
}

/// Uniform samples inside `domain`, away from kinks and poles (a matrix domain's elements in
/// [-1, 1], each matrix then shaped by its structure).
func sample(_ domain: Domain, shape: [Int], dtype: DType = .float64, generator: inout RandomGenerator) -> NDArray {
    let n = Shape.count(shape)
    let values: [Double] = (0 ..< n).map { _ in
        let u = generator.nextUnit()
        switch domain {
        case .real: return -2 + 4 * u
        case .positive: return 0.2 + 2.8 * u
        case .nonzero: return (generator.nextUnit() < 0.5 ? -1 : 1) * (0.5 + 1.5 * u)
        case .interval(let lo, let hi): return lo + (hi - lo) * u
        case .mask: return u < 0.5 ? 0 : 1
        case .integers(let lo, let hi): return Double(lo) + Swift.min((Double(hi - lo + 1) * u).rounded(.down), Double(hi - lo))
        case .matrix: return -1 + 2 * u
        }
    }
    return domain.structured(NDArray(values: values, shape: shape, dtype: dtype))
}

/// The path of an executable built beside the test bundle (`.build/<config>/<name>`).
func builtExecutable(_ name: String) -> URL? {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0 ..< 4 {
        let candidate = dir.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}

/// Runs an executable and returns its standard output, standard error and exit status.
func run(_ url: URL, _ arguments: [String] = []) throws -> (stdout: String, stderr: String, status: Int32) {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self), process.terminationStatus)
}

/// The text of a golden file copied into the test bundle.
func golden(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Records an issue unless `body` throws an OperatorError of `operation` whose problem contains every fragment.
func expectOperatorError(_ operation: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("no error thrown", sourceLocation: sourceLocation)
    } catch let error as OperatorError {
        #expect(error.operation == operation, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.problem.contains(fragment), "\(error.problem) lacks \(fragment)", sourceLocation: sourceLocation)
        }
        #expect(!error.remedy.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Rosenbrock's function written with slices, as adbench's W6: `Σ 100 (xᵢ₊₁ - xᵢ²)² + (1 - xᵢ)²`.
@Sendable func rosenbrock(_ x: NDArray) -> NDArray {
    let head = x[..<(x.count - 1)], tail = x[1...]
    let a = tail - head * head, b = 1 - head
    return (100 * a * a + b * b).sum()
}

/// Rosenbrock's function as a loop over elements, as adbench's W5 (one scalar operation at a time).
@Sendable func rosenbrockLoop(_ x: NDArray) -> NDArray {
    var total = NDArray(0.0)
    for i in 0 ..< x.count - 1 {
        let xi = x[i], next = x[i + 1]
        let a = next - xi * xi, b = 1 - xi
        total = total + 100 * a * a + b * b
    }
    return total
}

import Foundation

/// The median wall time of `body` over `runs` runs after `warmup` unmeasured ones, in seconds.
func medianTime(runs: Int, warmup: Int = 2, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0 ..< warmup { try body() }
    var times: [Double] = []
    times.reserveCapacity(runs)
    for _ in 0 ..< runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    times.sort()
    return times[times.count / 2]
}

/// A duration for a table: µs below 1 ms, ms otherwise.
func formatTime(_ seconds: Double?) -> String {
    guard let seconds else { return "-" }
    if seconds < 1e-3 { return String(format: "%.2f µs", seconds * 1e6) }
    return String(format: "%.3f ms", seconds * 1e3)
}

/// The process's peak resident memory in bytes (Linux `VmHWM`), if readable.
func peakMemoryBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return digits.first.map { $0 * 1024 }
    }
    return nil
}

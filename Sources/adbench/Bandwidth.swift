import Foundation

/// `adbench --bandwidth`: the machine's memory bandwidth, STREAM's way (McCalpin): `copy`
/// (`a[i] = b[i]`, 16 bytes an element) and `triad` (`a[i] = b[i] + s·c[i]`, 24 bytes an
/// element), on Float64 arrays of 1e6 elements (8 MB, the workloads' size, partly in the
/// last-level cache) and 8e6 (64 MB, from DRAM), on one thread and on every core as the
/// fused loops split them. Bytes count reads and writes once each, as STREAM does (a write
/// that first reads its cache line moves a third more for `copy`).
enum BandwidthBenchmarks {
    struct Result {
        var name: String
        var elements: Int
        var threads: Int
        var seconds: Double
        var bytes: Int
        var gigabytesPerSecond: Double { Double(bytes) / seconds / 1e9 }
    }

    static func run(quick: Bool) -> [Result] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var results: [Result] = []
        for n in quick ? [100_000] : [1_000_000, 8_000_000] {
            let a = UnsafeMutablePointer<Double>.allocate(capacity: n), b = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let c = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { a.deallocate(); b.deallocate(); c.deallocate() }
            a.initialize(repeating: 0, count: n)
            b.initialize(repeating: 1, count: n)
            c.initialize(repeating: 2, count: n)
            let shared = Pointers(a: a, b: b, c: c)
            for threads in Set([1, cores]).sorted() {
                let runs = quick ? 3 : (n > 1_000_000 ? 10 : 30)
                let copy = medianTime(runs: runs) { split(n, threads) { r in for i in r { shared.a[i] = shared.b[i] } } }
                results.append(Result(name: "copy", elements: n, threads: threads, seconds: copy, bytes: 16 * n))
                let triad = medianTime(runs: runs) { split(n, threads) { r in for i in r { shared.a[i] = shared.b[i] + 3 * shared.c[i] } } }
                results.append(Result(name: "triad", elements: n, threads: threads, seconds: triad, bytes: 24 * n))
            }
        }
        return results
    }

    /// Three arrays handed to the worker threads (each writes its own range).
    struct Pointers: @unchecked Sendable {
        let a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>, c: UnsafeMutablePointer<Double>
    }

    static func split(_ n: Int, _ threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        if threads == 1 { body(0 ..< n); return }
        DispatchQueue.concurrentPerform(iterations: threads) { t in body(n * t / threads ..< n * (t + 1) / threads) }
    }

    static func print(_ results: [Result]) {
        Swift.print("\nbandwidth   elements    threads  time         GB/s")
        for r in results {
            Swift.print([r.name.padding(toLength: 11, withPad: " ", startingAt: 0), String(r.elements).padding(toLength: 11, withPad: " ", startingAt: 0),
                         String(r.threads).padding(toLength: 8, withPad: " ", startingAt: 0), formatTime(r.seconds).padding(toLength: 12, withPad: " ", startingAt: 0),
                         String(format: "%.1f", r.gigabytesPerSecond)].joined(separator: " "))
        }
        Swift.print("bytes: 16 per element for copy, 24 for triad (reads and writes once each, as STREAM counts them)")
    }
}

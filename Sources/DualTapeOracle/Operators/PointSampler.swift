// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape
import Foundation

/// Inputs for an operator check: random points inside each input's domain in this
/// application (``CatalogCase/domain(_:)``: an index array takes integers in range), and the
/// special points where derivative rules go wrong (zeros, declared kinks, ties, the ends of
/// an interval). Inputs held constant (masks, integers) take no special values.
struct PointSampler {
    let info: OperatorInfo
    let shapes: [[Int]]
    let domains: [Domain]
    let dtype: DType

    /// The sampler of a catalog application.
    init(_ application: CatalogCase, dtype: DType) {
        info = application.op.info
        shapes = application.shapes
        domains = application.shapes.indices.map(application.domain)
        self.dtype = dtype
    }

    /// A random point: mostly moderate values, with large and tiny magnitudes mixed in.
    func random(_ g: inout RandomGenerator) -> [NDArray] {
        shapes.indices.map { k in array(k) { Self.value(in: domains[k], &g) } }
    }

    /// The special points, each with a label for the report.
    func specials(_ g: inout RandomGenerator) -> [(label: String, inputs: [NDArray])] {
        var points: [(String, [NDArray])] = []
        let domains = self.domains
        func point(_ label: String, _ special: (Int) -> Double?) {
            points.append((label, shapes.indices.map { k in
                array(k) { special(k) ?? Self.value(in: domains[k], &g) }
            }))
        }
        if domains.contains(where: { $0.isDifferentiated && $0.contains(0) }) {
            point("zeros") { domains[$0].isDifferentiated && domains[$0].contains(0) ? 0 : nil }
        }
        for kink in info.kinks {
            for p in kink.points where domains.contains(where: { $0.isDifferentiated && $0.contains(p) }) {
                point("kink at \(short(p))") { domains[$0].isDifferentiated && domains[$0].contains(p) ? p : nil }
                point("kink at \(short(p)), mixed") { k in
                    domains[k].isDifferentiated && domains[k].contains(p) && g.nextUnit() < 0.5 ? p : nil
                }
            }
            if kink.points.isEmpty {
                // Ties (`a = b`, equal elements): draw from three values.
                point("ties (\(kink.at))") { k in
                    let candidates = [-1.0, 0.5, 1].filter { domains[k].contains($0) }
                    return !domains[k].isDifferentiated || candidates.isEmpty ? nil : candidates[Int(g.nextUnit() * Double(candidates.count))]
                }
            }
        }
        for (k, domain) in domains.enumerated() {
            if case .interval(let lo, let hi) = domain {
                point("x\(k) at \(short(lo))") { $0 == k ? lo : nil }
                point("x\(k) at \(short(hi))") { $0 == k ? hi : nil }
            }
        }
        return points
    }

    /// An array for input `k` filled by `value`, rounded to the dtype and kept in the domain
    /// (each matrix shaped by a `.matrix` domain's structure).
    private func array(_ k: Int, _ value: () -> Double) -> NDArray {
        let domain = domains[k]
        let values = (0 ..< shapes[k].reduce(1, *)).map { _ -> Double in
            let x = value()
            let r = dtype == .float32 ? Double(Float(x)) : x
            return domain.contains(r) ? r : x
        }
        return domain.structured(NDArray(values: values, shape: shapes[k], dtype: dtype))
    }

    /// A value in `domain`: 70% moderate, 15% large, 15% tiny (for the unbounded domains).
    static func value(in domain: Domain, _ g: inout RandomGenerator) -> Double {
        let u = g.nextUnit(), kind = g.nextUnit()
        let sign: Double = g.nextUnit() < 0.5 ? -1 : 1
        func positive() -> Double {
            if kind < 0.7 { return 0.05 + 3.95 * u }
            return kind < 0.85 ? pow(10, 4 * u) : pow(10, -6 + 5 * u)
        }
        switch domain {
        case .real:
            if kind < 0.7 { return -3 + 6 * u }
            return sign * (kind < 0.85 ? pow(10, 4 * u) : pow(10, -8 + 8 * u))
        case .positive:
            return positive()
        case .nonzero:
            return sign * positive()
        case .interval(let lo, let hi):
            if kind < 0.85 { return lo + (hi - lo) * u }
            let inset = (hi - lo) * 1e-3 * u
            return kind < 0.925 ? lo + inset : hi - inset
        case .mask:
            return u < 0.5 ? 0 : 1
        case .integers(let lo, let hi):
            return Double(lo) + min((Double(hi) - Double(lo) + 1) * u, Double(hi) - Double(lo)).rounded(.down)
        case .matrix:
            return -1 + 2 * u
        }
    }
}

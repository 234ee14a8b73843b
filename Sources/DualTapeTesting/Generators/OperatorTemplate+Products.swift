import DualTape

extension OperatorTemplate {
    /// The products besides matmul: outer, kron and einsum, for any output shape.
    static func product(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "outer":
            // The tensor product: the output's axes split between the two operands.
            return OperatorTemplate(entry) { shape, source in
                let split = try source.int(in: 0 ... shape.count)
                return CatalogCase(Outer(), [Array(shape[..<split]), Array(shape[split...])])
            }
        case "kron":
            return OperatorTemplate(entry) { shape, source in try kronApplication(producing: shape, source) }
        case "einsum":
            return OperatorTemplate(entry) { shape, source in try einsumApplication(producing: shape, source) }
        default:
            return nil
        }
    }

    /// Each output extent factored between `a` and `b`; one operand may lose leading axes
    /// whose factor is 1 (NumPy pads the smaller rank with ones).
    static func kronApplication(producing shape: [Int], _ source: DrawSource) throws -> CatalogCase {
        var a: [Int] = [], b: [Int] = []
        for extent in shape {
            let divisors = (1 ... extent).filter { extent % $0 == 0 }
            let p = try source.element(of: divisors)
            a.append(p)
            b.append(extent / p)
        }
        let shortenA = try source.drawBool()
        var short = shortenA ? a : b
        while short.first == 1, try source.drawBool(probability: 0.5) { short.removeFirst() }
        if shortenA { a = short } else { b = short }
        return CatalogCase(Kron(), [a, b])
    }

    /// An einsum of one or two operands whose output labels are the output's axes: each output
    /// label goes to one operand or both (a batch); labels summed over both (a contraction) or
    /// one, and a repeated label (a diagonal), are added at random; every operand's labels are
    /// then shuffled. An operand beyond ``inputBound(_:_:)`` falls back to a transpose.
    static func einsumApplication(producing shape: [Int], _ source: DrawSource) throws -> CatalogCase {
        let output = Array(shape.indices)
        var extents = shape
        func newLabel() throws -> Int {
            extents.append(try source.int(in: 1 ... 2))
            return extents.count - 1
        }
        var operands: [[Int]]
        if try source.drawBool(probability: 0.4) {
            var labels = output
            if try shape.isEmpty || source.drawBool(probability: 0.4) { labels.append(try newLabel()) }
            operands = [labels]
        } else {
            var a: [Int] = [], b: [Int] = []
            for label in output {
                switch try source.int(in: 0 ... 2) {
                case 0: a.append(label)
                case 1: b.append(label)
                default: a.append(label); b.append(label)
                }
            }
            for _ in 0 ..< (try source.int(in: 0 ... 2)) {
                let label = try newLabel()
                a.append(label)
                b.append(label)
            }
            if try source.drawBool(probability: 0.25) { a.append(try newLabel()) }
            operands = [a, b]
        }
        // A diagonal: one label of an operand repeated.
        let n = try source.int(in: 0 ... operands.count - 1)
        if !operands[n].isEmpty, try source.drawBool(probability: 0.3) {
            operands[n].append(try source.element(of: operands[n]))
        }
        for i in operands.indices {
            let order = try source.permutation(operands[i].count)
            operands[i] = order.map { operands[i][$0] }
        }
        var shapes = operands.map { $0.map { extents[$0] } }
        if shapes.contains(where: { Shape.count($0) > inputBound(shape, source) }) {
            // Too large for a generated tree: the output's labels, shuffled, in one operand.
            let order = try source.permutation(output.count)
            operands = [order.map { output[$0] }]
            shapes = [operands[0].map { extents[$0] }]
        }
        let subscripts = EinsumSubscripts(inputs: operands, output: output)
        return CatalogCase(Einsum(subscripts: subscripts, outputShape: shape), shapes)
    }
}

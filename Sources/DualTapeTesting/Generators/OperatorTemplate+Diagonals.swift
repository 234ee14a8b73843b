import DualTape

extension OperatorTemplate {
    /// diagonal, diagonal_scatter, diag and trace: the two axes of the diagonal placed
    /// anywhere, offsets -1, 0 and 1, extents chosen so that the diagonal has the wanted length.
    static func diagonals(_ entry: CatalogEntry) -> OperatorTemplate? {
        switch entry.name {
        case "diagonal":
            return OperatorTemplate(entry) { shape, source in
                guard let length = shape.last else { return nil }
                guard let (input, offset, axis1, axis2) = try diagonalInput(others: Array(shape.dropLast()), length: length, source) else { return nil }
                return CatalogCase(Diagonal(offset: offset, axis1: axis1, axis2: axis2), [input])
            }
        case "trace":
            return OperatorTemplate(entry) { shape, source in
                guard !shape.isEmpty else { return nil }
                let others = try shape == [1] && source.drawBool() ? [] : shape
                guard let (input, offset, axis1, axis2) = try diagonalInput(others: others, length: try source.int(in: 1 ... 3), source) else { return nil }
                return CatalogCase(Trace(offset: offset, axis1: axis1, axis2: axis2), [input])
            }
        case "diagonal_scatter":
            return OperatorTemplate(entry) { shape, source in
                guard shape.count >= 2 else { return nil }
                let axes = Array(try source.permutation(shape.count).prefix(2))
                let (n1, n2) = (shape[axes[0]], shape[axes[1]])
                func length(_ offset: Int) -> Int { offset >= 0 ? Swift.min(n1, n2 - offset) : Swift.min(n1 + offset, n2) }
                // An offset whose diagonal is not empty (every generated extent is at least 1).
                let offset = try source.element(of: [-1, 0, 1].filter { length($0) >= 1 })
                let input = shape.indices.filter { !axes.contains($0) }.map { shape[$0] } + [length(offset)]
                return CatalogCase(DiagonalScatter(shape: shape, offset: offset, axis1: axes[0], axis2: axes[1]), [input])
            }
        case "diag":
            return OperatorTemplate(entry) { shape, source in
                switch shape.count {
                case 1:
                    guard let (input, offset, _, _) = try diagonalInput(others: [], length: shape[0], source, firstTwo: true) else { return nil }
                    return CatalogCase(Diag(k: offset), [input])
                case 2 where shape[0] == shape[1] && shape[0] >= 1:
                    let k = try source.int(in: -(shape[0] - 1) ... shape[0] - 1)
                    return CatalogCase(Diag(k: k), [[shape[0] - Swift.abs(k)]])
                default:
                    return nil
                }
            }
        default:
            return nil
        }
    }

    /// An input whose diagonal (`offset`, `axis1`, `axis2`) has `length` (at least 1) elements
    /// and whose other axes are `others`: the two axes inserted at random places (the first two
    /// when `firstTwo`), extents fitted to the offset. `nil` when that input would have more
    /// elements than the size's shapes may (a diagonal's input grows with its square).
    static func diagonalInput(others: [Int], length: Int, _ source: DrawSource,
                              firstTwo: Bool = false) throws -> (shape: [Int], offset: Int, axis1: Int, axis2: Int)? {
        let offset = try source.int(in: -1 ... 1)
        let spare = try source.int(in: 0 ... 1)
        // offset ≥ 0: min(n1, n2 - offset) = length;  offset < 0: min(n1 + offset, n2) = length.
        let (n1, n2) = offset >= 0 ? (length, length + offset + spare) : (length - offset, length + spare)
        guard Shape.count(others) * n1 * n2 <= ShapeLimits.sized(source.size).maxCount else { return nil }
        let rank = others.count + 2
        let positions = firstTwo ? [0, 1] : Array(try source.permutation(rank).prefix(2))
        var input: [Int] = []
        var rest = others.makeIterator()
        for axis in 0 ..< rank {
            if axis == positions[0] { input.append(n1) } else if axis == positions[1] { input.append(n2) } else { input.append(rest.next()!) }
        }
        return (input, offset, positions[0], positions[1])
    }
}

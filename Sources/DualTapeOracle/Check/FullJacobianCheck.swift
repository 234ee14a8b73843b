// SPDX-License-Identifier: GPL-3.0-or-later
import DualTape

/// Every element of the Jacobian: forward mode column by column, reverse mode and the
/// compiled function row by row, GSL element by element (its calls for one column share their evaluations of `f`).
struct FullJacobianCheck {
    let target: CheckTarget

    func run() throws -> [InputReport] {
        let ad = try ADJacobian(of: target.function, at: target.inputs, output: target.output, modes: target.modes,
                                failures: target.compiledFailures)
        let float64 = Lazy { [target] in
            try ADJacobian(of: target.promotedFunction, at: target.promotedInputs ?? target.inputs,
                           output: try target.promotedFunction(target.promotedInputs ?? target.inputs), modes: target.modes,
                           failures: target.compiledFailures)
        }
        let m = target.output.count
        let scale = target.evaluator.outputScale
        let outputShape = target.output.shape
        return try target.inputs.indices.map { k in
            let x = target.inputs[k]
            let n = x.count
            var elements: [ElementReport] = []
            elements.reserveCapacity(m * n)
            for j in 0 ..< n {
                let line = CoordinateLine(target.evaluator, input: k, element: j)
                let steps = OracleProbe.steps(at: line.origin, relative: target.relativeStep)
                for i in 0 ..< m {
                    let element = ad.element(input: k, output: i, column: j, columns: n)
                    let judgement: ElementJudgement
                    if target.options.declaredZero {
                        judgement = Judge.declaredZero(element)
                    } else {
                        let probe = OracleProbe(phi: { try line.output(at: $0)[i] }, origin: line.origin, steps: steps,
                                                scale: scale, unit: target.evaluator.unit,
                                                labelKinks: { try line.kinkSuspected(output: i, step: steps[0], scale: scale) })
                        let rerun: (() throws -> ADElement)? = target.canRerunInFloat64
                            ? { try float64.get().element(input: k, output: i, column: j, columns: n) } : nil
                        judgement = try target.judge(probe).judge(element, float64: rerun)
                    }
                    elements.append(ElementReport(judgement, input: target.inputIndices[k],
                                                  outputIndex: multiIndex(i, outputShape), inputIndex: multiIndex(j, x.shape)))
                }
            }
            return InputReport(index: target.inputIndices[k], shape: x.shape, dtype: x.dtype, elements: elements)
        }
    }
}

/// The row-major multi-index of flat index `flat` in `shape`.
func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count)
    var rest = flat
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}

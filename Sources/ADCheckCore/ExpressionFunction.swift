// SPDX-License-Identifier: GPL-3.0-or-later
import ADExpression
import DualTape

/// An expression as a function of its variables' values in whichever dtypes it was checked
/// for (the user's, and float64 for the oracle's promoted evaluations).
struct ExpressionFunction {
    /// The checked forms, the user's first.
    let compiled: [CompiledExpression]

    /// The value at `values`, by the checked form whose variables have their shapes and
    /// dtypes; other values are converted to the first form's dtypes (so nothing can trap).
    func evaluate(_ values: [NDArray]) -> NDArray {
        guard let first = compiled.first else { return NDArray(values: [.nan], shape: [1]) }
        for form in compiled where zip(form.variables, values).allSatisfy({ form.types[$0.0] == ArrayType($0.1.shape, dtype: $0.1.dtype) }) {
            return form.evaluate(values)
        }
        return first.evaluate(zip(first.variables, values).map { name, value in
            let dtype = first.types[name]?.dtype ?? value.dtype
            return value.dtype == dtype ? value : value.astype(dtype)
        })
    }
}

/// What went wrong in a differentiation that depends on run-time state, and what to do.
public enum AutogradError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `backward` of an array that no recorded operation produced.
    case notRecorded
    /// `backward` through a graph an earlier backward pass already freed.
    case graphFreed
    /// The graph reaches no variable that wants a gradient (all are `gradReq: .null`).
    case noVariableRequiresGradient
    /// A head gradient whose shape is not its head's.
    case headGradientShape(head: Int, expected: [Int], got: [Int])
    /// `heads` and `headGradients` of different lengths.
    case headGradientCount(heads: Int, headGradients: Int)
    /// `Autograd.grad` with respect to a variable the heads' recorded graph does not reach
    /// (one reached only through zero-derivative operators has a zero gradient instead).
    case unreachableVariable(index: Int)
    /// A variable passed to `Autograd.grad` that is not a recorded leaf (no `attachGrad`).
    case notAVariable(index: Int)
    /// A derivative asked through an operator that has none.
    case noDerivative(operator: String, argument: Int)
    /// A function passed to `gradient` returned more than one element.
    case notScalar(shape: [Int])
    /// A tangent or direction whose shape or count does not match its input.
    case tangentMismatch(message: String)
    /// A compiled function in `.strict` mode called on an input for which its trace took
    /// another branch or loop count: the message names the comparison and its source line.
    case staleTrace(message: String)
    /// A compiled function called with inputs it cannot take (another count of inputs, or in
    /// `.strict` mode another shape or dtype than traced): the message names both.
    case compiledInputMismatch(message: String)

    /// What went wrong and what to do about it, in one message.
    public var description: String {
        switch self {
        case .notRecorded:
            return "backward: the array was not produced by a recorded operation on a variable. Call attachGrad() on the inputs and compute the array inside Autograd.record { ... }."
        case .graphFreed:
            return "backward: the recorded graph was already freed by an earlier backward pass. Pass retainGraph: true to the first backward to differentiate the same graph twice, or record again."
        case .noVariableRequiresGradient:
            return "backward: no variable in the recorded graph wants a gradient (every one has gradReq .null). Attach a gradient with gradReq .write or .add."
        case .headGradientShape(let head, let expected, let got):
            return "backward: head gradient \(head) has shape \(Shape.describe(got)) but its head has shape \(Shape.describe(expected)). Pass a head gradient of the head's shape."
        case .headGradientCount(let heads, let grads):
            return "backward: \(heads) heads but \(grads) head gradients. Pass one head gradient per head, or none."
        case .unreachableVariable(let index):
            return "grad: variable \(index) is unreachable from the heads (no recorded operation leads from it to them). Differentiate only with respect to variables the heads use inside Autograd.record."
        case .notAVariable(let index):
            return "grad: variable \(index) is not a recorded variable. Call attachGrad() on it before recording."
        case .noDerivative(let op, let argument):
            return "\(op): has no derivative (argument \(argument)). Use stopGradient or detach() on its result if a constant is meant."
        case .notScalar(let shape):
            return "gradient: the function returned an array of shape \(Shape.describe(shape)); gradient needs exactly one element. Reduce it (e.g. sum()) or use jacobian/vjp."
        case .tangentMismatch(let message), .staleTrace(let message), .compiledInputMismatch(let message):
            return message
        }
    }
}

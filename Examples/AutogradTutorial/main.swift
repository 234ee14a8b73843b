// MXNet's autograd tutorial (the seed of DualTape), cell by cell, in Swift.
//
// Every cell prints exactly what MXNet 1.9.1 prints for it (the test
// `TutorialTests` compares this program's output with Validation's golden text).
// Where the notebook shows a cell's trailing expression, Swift prints it with
// `display`, which writes what IPython writes. The random cell uses the seed's own
// input, [0.9273255, -0.45468742]. After the tutorial, the same derivatives are
// computed a second way: in forward mode, with dual numbers.
import DualTape

/// What IPython shows for a cell's trailing value: the repr of an array, or its
/// pretty-printed list form for several arrays.
func display(_ items: NDArray...) {
    if items.count == 1 {
        print(items[0])
        return
    }
    let indented = items.map { $0.description.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n ") }
    print("[" + indented.joined(separator: ",\n ") + "]")
}

// In [14]: X = nd.array([[1, 2], [3, 4]]); X
var X = NDArray([[1, 2], [3, 4]], dtype: .float32)
display(X)

// X.attach_grad()
X.attachGrad()

// In [16]: X.grad
display(X.grad!)

// In [17]: with autograd.record(): Y = 2 * X * X
let Y = Autograd.record { 2 * X * X }
display(Y)

// In [18]
print("Before back-prop")
print(X)
print(X.grad!)
print(Y)
try Y.backward()
print("After back-prop")
print(X)
print(X.grad!)
print(Y)

// In [0]: def f(a) — ordinary Swift control flow on recorded values.
func f(_ a: NDArray, verbose: Bool = true) -> NDArray {
    var b = a * 2
    while b.norm().asScalar() < 1000 {
        b = b * 2
        if verbose {
            print(b)
            print(b.sum().asScalar())
            print(b.norm().asScalar())
        }
    }
    if verbose { print("Done") }
    let c: NDArray
    if b.sum().asScalar() >= 0 {
        c = b[0]
    } else {
        c = b[1]
    }
    return c
}

// In [90]: the seed's input (nd.random.uniform(-1, 1, shape=2) gave these values).
var a = NDArray([0.9273255, -0.45468742], dtype: .float32)
print(a)
a.attachGrad()
let c = Autograd.record { f(a) }
try c.backward()
display(c)

// In [91]: [a.grad, c/a]
display(a.grad!, c / a)

// In [0], [93], [94]: the norm and the sum.
let X2 = NDArray([[2, 4], [7, 5]], dtype: .float32)
display(X2.norm())
display(X2.sum())

// The same derivatives in forward mode: one JVP per input direction, no tape.
print("--- forward mode ---")
let (Yf, dY) = try jvp(at: X.detach(), tangent: NDArray.ones([2, 2], dtype: .float32)) { 2 * $0 * $0 }
print("Y =", Yf.scalars, "dY along ones (= 4X) =", dY.scalars)
var columns: [Double] = []
for i in 0 ..< 2 {
    let direction = NDArray(values: i == 0 ? [1, 0] : [0, 1], shape: [2], dtype: .float32)
    let (_, dc) = try jvp(at: a.detach(), tangent: direction) { f($0, verbose: false) }
    columns.append(dc.scalars[0])
}
print("gradient of c by forward mode =", columns)

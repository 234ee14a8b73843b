import DualTape
var X = NDArray([[1, 2], [3, 4]], dtype: .float32)
print(X)
X.attachGrad()
print(X.grad!)
let Y = Autograd.record { 2 * X * X }
print(Y)
try Y.backward()
print(X.grad!)
func f(_ a: NDArray) -> NDArray {
    var b = a * 2
    while b.norm().asScalar() < 1000 {
        b = b * 2
        print(b)
        print(b.sum().asScalar())
        print(b.norm().asScalar())
    }
    print("Done")
    return b.sum().asScalar() >= 0 ? b[0] : b[1]
}
var a = NDArray([0.9273255, -0.45468742], dtype: .float32)
print(a)
a.attachGrad()
let c = Autograd.record { f(a) }
try c.backward()
print(c)
print([a.grad!, c / a])
let X2 = NDArray([[2, 4], [7, 5]], dtype: .float32)
print(X2.norm())
print(X2.sum())
let (v, t) = try jvp(at: a, tangent: NDArray([1, 0], dtype: .float32)) { f($0) }
print(v, t)

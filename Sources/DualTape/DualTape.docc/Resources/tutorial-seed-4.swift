import DualTape
import DualTapeOracle

func f(_ a: NDArray) -> NDArray {
    var b = a * 2
    while b.norm().asScalar() < 1000 {
        b = b * 2
    }
    if b.sum().asScalar() >= 0 {
        return b[0]
    } else {
        return b[1]
    }
}

let a = NDArray([0.9273255, -0.45468742], dtype: .float32)
let report = try checkGradients(of: f, at: a)
print(report)

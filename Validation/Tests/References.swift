import DualTape
import Foundation

/// The committed reference files (Validation/references/*.json), as the peers wrote them.
///
/// `cases.json` holds the suite: each case's function as an expression tree, its inputs,
/// the tangents of its JVP. `mxnet.json`, `torch.json` and `jax.json` hold what each peer
/// computed for every case: the value, the VJP along a cotangent, the JVP, the Jacobian and
/// the Hessian of ⟨u, f⟩, or the peer's error message where it refused.
enum References {
    static let suite: Suite = load("cases")
    static let peers: [PeerFile] = Peer.allCases.map { load($0.rawValue) }

    /// Every case, in the order of cases.json.
    static var cases: [Case] { suite.cases }

    static func peer(_ peer: Peer) -> PeerFile { peers[Peer.allCases.firstIndex(of: peer)!] }

    static func `case`(_ name: String) -> Case {
        guard let c = suite.cases.first(where: { $0.name == name }) else { fatalError("no case named \(name) in cases.json") }
        return c
    }

    private static func load<T: Decodable>(_ name: String) -> T {
        guard let url = Bundle.module.url(forResource: "references/\(name).json", withExtension: nil) else {
            fatalError("references/\(name).json is not in the test bundle")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch {
            fatalError("references/\(name).json: \(error)")
        }
    }
}

/// The three independent AD systems.
enum Peer: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case mxnet, torch, jax
    var description: String {
        switch self {
        case .mxnet: return "MXNet"
        case .torch: return "PyTorch"
        case .jax: return "JAX"
        }
    }
}

/// cases.json.
struct Suite: Decodable {
    let digest: String
    let command: String
    let ops: [String: [String]]
    let cases: [Case]
}

/// One function at one point.
struct Case: Decodable, Sendable, CustomStringConvertible {
    struct Input: Decodable, Sendable {
        let data: [Double]
        let shape: [Int]
    }
    let name: String
    let group: String
    let dtype: String
    let note: String
    let expr: Expression
    let inputs: [Input]
    let tangents: [[Double]]
    let wantDerivatives: Bool
    let wantJacobian: Bool
    let wantHessian: Bool

    enum CodingKeys: String, CodingKey {
        case name, group, dtype, note, expr, inputs, tangents
        case wantDerivatives = "want_derivatives", wantJacobian = "want_jacobian", wantHessian = "want_hessian"
    }

    var description: String { name }
    var isFloat32: Bool { dtype == "float32" }
}

/// A node of a case's expression tree (see Validation/peers/cases.py for the grammar).
final class Expression: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        let at: Int?
        let slice: [Int?]?
    }
    let op: String
    let args: [Expression]
    let index: Int?
    let data: [Double]?
    let shape: [Int]?
    let low: Double?
    let high: Double?
    let axes: [Int]?
    let keepdims: Bool?
    let axis: Int?
    let dtype: String?
    let items: [Item]?
    /// Every attribute but `op`, `args`, `index`, `data` and `items`, as call options for an
    /// operator the evaluator reaches through its catalog signature (`{"op": "softmax", "axis": 1}`).
    let options: [String: [CallArguments.Value]]

    enum CodingKeys: String, CodingKey {
        case op, args, index, data, shape, low, high, axes, keepdims, axis, dtype, items
    }

    /// Any attribute name.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        var options: [String: [CallArguments.Value]] = [:]
        for key in any.allKeys where !["op", "args", "index", "data", "items"].contains(key.stringValue) {
            if (try? any.decodeNil(forKey: key)) == true {
                options[key.stringValue] = [.word("None")]
            } else if let b = try? any.decode(Bool.self, forKey: key) {
                options[key.stringValue] = [.word(b ? "true" : "false")]
            } else if let v = try? any.decode(Double.self, forKey: key) {
                options[key.stringValue] = [.number(v)]
            } else if let list = try? any.decode([Double].self, forKey: key) {
                options[key.stringValue] = [.list(list)]
            } else if let word = try? any.decode(String.self, forKey: key) {
                options[key.stringValue] = [.word(word)]
            }
        }
        self.options = options
        let c = try decoder.container(keyedBy: CodingKeys.self)
        op = try c.decode(String.self, forKey: .op)
        args = try c.decodeIfPresent([Expression].self, forKey: .args) ?? []
        index = try c.decodeIfPresent(Int.self, forKey: .index)
        data = try c.decodeIfPresent([Double].self, forKey: .data)
        shape = try c.decodeIfPresent([Int].self, forKey: .shape)
        low = try c.decodeIfPresent(Double.self, forKey: .low)
        high = try c.decodeIfPresent(Double.self, forKey: .high)
        axes = try c.decodeIfPresent([Int].self, forKey: .axes)
        keepdims = try c.decodeIfPresent(Bool.self, forKey: .keepdims)
        axis = try c.decodeIfPresent(Int.self, forKey: .axis)
        dtype = try c.decodeIfPresent(String.self, forKey: .dtype)
        items = try c.decodeIfPresent([Item].self, forKey: .items)
    }
}

/// mxnet.json, torch.json or jax.json.
struct PeerFile: Decodable {
    let peer: Peer
    let version: String
    let python: String
    let numpy: String
    let platform: String
    let notes: String
    let command: String
    let casesDigest: String
    let results: [String: PeerResult]

    enum CodingKeys: String, CodingKey {
        case peer, version, python, numpy, platform, notes, command, results
        case casesDigest = "cases_digest"
    }
}

/// What one peer computed for one case. A missing entry has its reason in `errors`.
struct PeerResult: Decodable {
    let value: RefArray?
    let cotangent: [Double]?
    let vjp: [RefArray]?
    let jvp: RefArray?
    /// By reverse mode (one VJP per output element).
    let jacobian: [RefArray]?
    /// By forward mode (one JVP per input element; PyTorch and JAX).
    let jacobianForward: [RefArray]?
    let hessian: RefArray?
    let errors: [String: String]?

    enum CodingKeys: String, CodingKey {
        case value, cotangent, vjp, jvp, jacobian, hessian, errors
        case jacobianForward = "jacobian_fwd"
    }
}

/// An array as written in the JSON files: a shape and row-major values, where the strings
/// "nan", "inf" and "-inf" stand for the non-finite numbers JSON cannot hold.
struct RefArray: Decodable, Equatable, Sendable, CustomStringConvertible {
    let shape: [Int]
    let data: [Double]

    init(shape: [Int], data: [Double]) {
        self.shape = shape
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case shape, data }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        shape = try c.decode([Int].self, forKey: .shape)
        var values = try c.nestedUnkeyedContainer(forKey: .data)
        var data: [Double] = []
        while !values.isAtEnd {
            if let v = try? values.decode(Double.self) {
                data.append(v)
            } else {
                let s = try values.decode(String.self)
                switch s {
                case "nan": data.append(.nan)
                case "inf": data.append(.infinity)
                case "-inf": data.append(-.infinity)
                default:
                    throw DecodingError.dataCorruptedError(in: values, debugDescription: "not a number: \(s)")
                }
            }
        }
        self.data = data
    }

    var count: Int { data.count }

    var description: String {
        let shown = data.prefix(12).map { String($0) }.joined(separator: ", ")
        return "\(shape) [\(shown)\(data.count > 12 ? ", …" : "")]"
    }
}

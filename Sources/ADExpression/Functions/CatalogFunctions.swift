import DualTape

/// The functions the catalog declares with a ``CallSignature``: each becomes a
/// ``FunctionDefinition`` here, so an operator added to a catalog family file is callable by
/// name (and listed in help) without touching the language.
extension FunctionTable {
    /// Every signature of ``OperatorCatalog/signatures`` and their aliases, as functions.
    static let catalog: [FunctionDefinition] = OperatorCatalog.signatures.flatMap { signature in
        [FunctionDefinition(signature)] + signature.aliases.map { FunctionDefinition(signature.renamed($0)) }
    }
}

extension FunctionDefinition {
    /// The function a catalog signature describes: options are read as constants, the
    /// signature resolves the call, and its errors point at the option at fault.
    init(_ signature: CallSignature) {
        self.init(signature.name, Family(signature.family), signature.parameters, summary: signature.summary, info: signature.info) { call throws(ExpressionError) in
            var options: [String: [CallArguments.Value]] = [:]
            for (name, nodes) in call.attributes {
                var values: [CallArguments.Value] = []
                for node in nodes {
                    switch call.constant(node) {
                    case .number(let v)?: values.append(.number(v))
                    case .list(let list, let shape)? where shape.count <= 1: values.append(.list(list))
                    case .word(let w)?: values.append(.word(w))
                    default: values.append(.expression)
                    }
                }
                options[name] = values
            }
            let arguments = CallArguments(function: signature.name, shapes: call.operands.map(\.shape), options: options,
                                          acceptingNone: Set(signature.parameters.filter { $0.defaultValue == "None" }.map(\.name)),
                                          maximumElements: ExpressionLimits.maximumElements)
            let resolved: ResolvedCall
            do throws(CallError) {
                resolved = try signature.resolve(arguments)
            } catch {
                let kind: ExpressionError.Kind = switch error.kind {
                case .argument: .argument
                case .shape: .shape
                case .limit: .limit
                }
                let range = error.argument.map { call.range(of: $0) }
                var message = error.message
                if error.quotesArgument, let argument = error.argument, call.attributes[argument] != nil {
                    message += ", not \(call.text(of: argument))"
                }
                throw call.fail(kind, message, at: range)
            }
            return Operation(shape: resolved.shape, dtype: resolved.dtype, work: resolved.work, domains: resolved.domains, resolved.apply)
        }
    }
}

extension FunctionDefinition.Family {
    /// The help group of a catalog family.
    init(_ family: CatalogEntry.Family) {
        switch family {
        case .unary: self = .elementwise
        case .binary: self = .binary
        case .reduction: self = .reduction
        case .structural: self = .structural
        case .indexing: self = .indexing
        case .linearAlgebra: self = .linearAlgebra
        case .convolution: self = .convolution
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import ADExpression
import CommandLineKit
import DualTape

/// An expression and its `--var` bindings as a ``CheckSubject``. Everything is checked
/// here, before DualTape sees it: the syntax and names, every binding, that every variable
/// is bound and every binding used, and every operation's shapes and dtypes.
enum ExpressionSubject {
    /// The subject of `source` with its `--var` arguments, or the usage error that says what is wrong.
    static func make(_ source: String, bindings arguments: [String], settings: CheckSettings,
                     _ invocation: Invocation) throws(CommandLineError) -> CheckSubject {
        let parsed: ParsedExpression
        do {
            parsed = try ParsedExpression(source)
        } catch {
            throw invocation.error(error.description)
        }
        let dtype = settings.dtype ?? .float64
        let bindings = try bindings(arguments, of: parsed, dtype: dtype, invocation)
        let compiled: CompiledExpression
        do {
            compiled = try parsed.compile(types: bindings.mapValues { ArrayType($0.shape, dtype: $0.dtype) }, defaultDType: dtype)
        } catch {
            throw invocation.error(error.description)
        }
        var generator = RandomGenerator(seed: settings.seed)
        var variables: [CheckVariable] = []
        for name in compiled.variables {
            // Compiling succeeded, so every variable is bound.
            guard let binding = bindings[name] else { throw invocation.error("unbound variable '\(name)'") }
            let domain = compiled.domains[name] ?? .real
            var origin = CheckVariable.Origin.given
            if case .random = binding.source { origin = .random(domain) }
            variables.append(CheckVariable(name: name, value: binding.value(in: domain, generator: &generator), origin: origin,
                                           isDifferentiated: domain.isDifferentiated))
        }
        var notes: [String] = []
        if source.contains("stop_gradient") {
            notes.append("stop_gradient is the identity in value with derivative 0 by definition; the oracle sees only values, so it disagrees wherever a derivative flows through stop_gradient.")
        }
        // The oracle evaluates a function of float32 variables in float64 (promoted): that
        // needs the expression checked for float64 variables too. When it does not check
        // (astype(x, float32) + y), the oracle evaluates in float32 instead.
        let hasFloat32 = variables.contains { $0.value.dtype != .float64 }
        let promoted = hasFloat32
            ? try? parsed.compile(types: compiled.types.mapValues { ArrayType($0.shape, dtype: .float64) }, defaultDType: .float64)
            : nil
        if hasFloat32 && promoted == nil {
            notes.append("the expression does not check with float64 variables (it converts with astype), so the oracle cannot promote float32 to float64")
        }
        let function = ExpressionFunction(compiled: [compiled] + (promoted.map { [$0] } ?? []))
        return CheckSubject(title: source, expression: source, variables: variables, function: function.evaluate, notes: notes,
                            oracleInFloat32: hasFloat32 && promoted == nil)
    }

    /// The `--var` arguments read, each naming a variable of `parsed` once.
    static func bindings(_ arguments: [String], of parsed: ParsedExpression, dtype: DType,
                         _ invocation: Invocation) throws(CommandLineError) -> [String: VariableBinding] {
        var bindings: [String: VariableBinding] = [:]
        for argument in arguments {
            let binding: VariableBinding
            do {
                binding = try VariableBinding(parsing: argument, dtype: dtype)
            } catch {
                throw invocation.error("--var: " + error.description)
            }
            guard bindings[binding.name] == nil else {
                throw invocation.error("--var binds '\(binding.name)' twice; give each variable one --var")
            }
            guard parsed.variables.contains(binding.name) else {
                let hint = Suggestion.nearest(to: binding.name, among: parsed.variables).map { "; did you mean '\($0)'?" }
                    ?? (parsed.variables.isEmpty ? " (it has no variables)" : " (its variables: \(parsed.variables.joined(separator: ", ")))")
                throw invocation.error("--var binds '\(binding.name)', but the expression has no variable '\(binding.name)'\(hint)")
            }
            bindings[binding.name] = binding
        }
        return bindings
    }
}

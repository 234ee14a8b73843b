/// One level of automatic-differentiation state carried by an ``NDArray``.
///
/// An array's layers form a list ordered from the highest (most recently opened) level
/// down. A forward level contributes a tangent (``TangentLayer``), a reverse level a tape
/// node (``Node``). Dispatch always handles the highest active level first and recurses
/// on the lower ones, which is what makes every nesting of the two modes work (forward
/// over reverse for Hessian-vector products, reverse over forward, reverse over reverse)
/// and makes perturbation confusion impossible: an operation never mixes the tangents of
/// two levels, because each level is unpacked on its own.
///
/// Level 0 is MXNet's tape (``NDArray/attachGrad(gradReq:)`` and ``Autograd``); functional
/// transforms open fresh levels with larger ids.
@usableFromInline
class ADLayer: @unchecked Sendable {
    @usableFromInline let level: Int
    @usableFromInline let next: ADLayer?
    @usableFromInline let isTangent: Bool
    /// Whether this is a trace layer (``TraceLayer``, a compiled function being traced).
    @usableFromInline let isTrace: Bool
    /// Whether this layer or one below it is a trace layer.
    @usableFromInline let tracesBelow: Bool

    @usableFromInline init(level: Int, next: ADLayer?, isTangent: Bool, isTrace: Bool = false) {
        self.level = level
        self.next = next
        self.isTangent = isTangent
        self.isTrace = isTrace
        tracesBelow = isTrace || (next?.tracesBelow ?? false)
    }

    /// This layer as a tangent layer (the caller has checked `isTangent`).
    @inlinable var asTangent: TangentLayer { unsafeDowncast(self, to: TangentLayer.self) }
    /// This layer as a trace layer (the caller has checked `isTrace`).
    var asTrace: TraceLayer { unsafeDowncast(self, to: TraceLayer.self) }
    /// This layer as a tape node (the caller has checked `!isTangent`).
    @inlinable var asNode: Node { unsafeDowncast(self, to: Node.self) }
}

/// The tangent of an array at one forward level: the dual part of a dual number.
@usableFromInline
final class TangentLayer: ADLayer, @unchecked Sendable {
    @usableFromInline let tangent: NDArray

    @usableFromInline init(level: Int, tangent: NDArray, next: ADLayer?) {
        self.tangent = tangent
        super.init(level: level, next: next, isTangent: true)
    }
}

extension NDArray {
    /// The values alone, with no automatic-differentiation state. (Inside a compiled function
    /// being traced the values stay part of the traced program: a rule's "constant" such as a
    /// mask or an index array still depends on the inputs, and the replay must recompute it.)
    @inlinable public var withoutAD: NDArray {
        var copy = self
        copy.ad = nil
        if let layer = ad, layer.tracesBelow { return copy.keepingTrace(of: self) }
        return copy
    }

    /// Whether `other` is this very array: the same values, layout and AD state (`x` used twice).
    func isSameArray(as other: NDArray) -> Bool {
        storage === other.storage && offset == other.offset && ad === other.ad && shape == other.shape && strides == other.strides
    }

    /// The layer of `level`, if this array has one.
    @inlinable func layer(at level: Int) -> ADLayer? {
        var layer = ad
        while let l = layer {
            if l.level == level { return l }
            if l.level < level { return nil }
            layer = l.next
        }
        return nil
    }

    /// The tape node of level 0 (MXNet's tape), if any.
    @inlinable var tapeNode: Node? {
        guard let l = layer(at: 0), !l.isTangent else { return nil }
        return l.asNode
    }

    /// This array with the layer of `level` removed (the layers above it are rebuilt).
    func removingLayer(_ level: Int) -> NDArray {
        var copy = self
        copy.ad = Self.rebuild(ad, removing: level, inserting: nil)
        return copy
    }

    /// This array with `make(lower)` inserted at its level, replacing any layer of that level.
    func insertingLayer(level: Int, _ make: @escaping (ADLayer?) -> ADLayer) -> NDArray {
        var copy = self
        copy.ad = Self.rebuild(ad, removing: level, inserting: make)
        return copy
    }

    private static func rebuild(_ layer: ADLayer?, removing level: Int, inserting make: ((ADLayer?) -> ADLayer)?) -> ADLayer? {
        guard let l = layer, l.level >= level else { return make?(layer) ?? layer }
        let below = l.level == level ? l.next : rebuild(l.next, removing: level, inserting: make)
        if l.level == level { return make?(below) ?? below }
        if l.isTrace { return TraceLayer(level: l.level, id: l.asTrace.id, recorder: l.asTrace.recorder, next: below) }
        // Re-create the layer above with the new list below it. A tape node is an identity
        // (a vertex of a recorded graph) and cannot be re-created.
        precondition(l.isTangent, "attachGrad: the array is being traced by a functional transform (gradient, vjp) at a higher level; attach the gradient before calling the transform")
        return TangentLayer(level: l.level, tangent: l.asTangent.tangent, next: below)
    }
}

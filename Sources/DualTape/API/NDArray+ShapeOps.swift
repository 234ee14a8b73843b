/// Shape operations. Reshape, transpose, slicing and broadcasting are views (no copy).
extension NDArray {
    /// The same elements, in row-major order, in a new shape; one extent may be -1 (inferred).
    ///
    /// Linear: the cotangent is reshaped back. A shape with another element count, more than
    /// one -1, or an extent below -1 stops the program naming both shapes.
    ///
    /// - Parameter newShape: The target extents, whose product is ``count`` (with -1 standing
    ///   for the one extent that makes it so).
    /// - Returns: An array of `newShape` (with -1 resolved) holding this array's elements.
    public func reshape(_ newShape: [Int]) -> NDArray {
        let resolved = Self.resolveReshape(newShape, count: count, from: shape)
        if resolved == shape && ad == nil { return self }
        return dispatch(Reshape(resolved), self)
    }
    /// The same elements in a new shape given as a list: `x.reshape(2, -1)`.
    ///
    /// - Parameter newShape: The target extents (as in the array form; one may be -1).
    /// - Returns: An array of `newShape` (with -1 resolved) holding this array's elements.
    public func reshape(_ newShape: Int...) -> NDArray { reshape(newShape) }

    static func resolveReshape(_ newShape: [Int], count: Int, from shape: [Int]) -> [Int] {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        precondition(inferred.count <= 1 && newShape.allSatisfy { $0 >= -1 },
                     "reshape: invalid target shape \(Shape.describe(newShape)) for an array of shape \(Shape.describe(shape))")
        var resolved = newShape
        if let i = inferred.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            precondition(known > 0 && count % known == 0,
                         "reshape: cannot reshape an array of shape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(newShape))")
            resolved[i] = count / known
        }
        precondition(Shape.count(resolved) == count,
                     "reshape: cannot reshape an array of shape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(newShape))")
        return resolved
    }

    /// Axes permuted by `axes` (reversed when `nil`), a view.
    ///
    /// Result axis `i` is this array's axis `axes[i]`. Linear: the cotangent is transposed by
    /// the inverse permutation.
    ///
    /// - Parameter axes: A permutation of `0 ..< rank` (negative values count from the end),
    ///   or `nil` (the default) to reverse the axes.
    /// - Returns: A view whose extent `i` is this array's extent `axes[i]`.
    public func transposed(_ axes: [Int]? = nil) -> NDArray {
        dispatch(Transpose(axes.map { $0.map { Shape.axis($0, rank: rank, operation: "transpose") } } ?? Array((0 ..< rank).reversed())), self)
    }
    /// The axes reversed (the matrix transpose for 2-D).
    public var T: NDArray { transposed() }

    /// A new axis of extent 1 at `axis`.
    ///
    /// - Parameter axis: The new axis's position in the result, `-(rank + 1) ... rank`
    ///   (negative counts from the end of the result: -1 appends).
    /// - Returns: An array of rank `rank + 1` with the same elements.
    public func expandDims(axis: Int) -> NDArray {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "expand_dims: axis \(axis) is out of range for an array of rank \(rank)")
        var newShape = shape
        newShape.insert(1, at: a)
        return reshape(newShape)
    }

    /// Axes of extent 1 removed (the given ones, or all).
    ///
    /// - Parameter axes: The axes to remove (negative count from the end), each of extent 1
    ///   (else the call stops), or `nil` (the default) for every axis of extent 1.
    /// - Returns: An array with the removed axes gone (the same elements).
    public func squeeze(axes: [Int]? = nil) -> NDArray {
        let remove: Set<Int>
        if let axes {
            remove = Set(axes.map { Shape.axis($0, rank: rank, operation: "squeeze") })
            for a in remove { precondition(shape[a] == 1, "squeeze: axis \(a) of shape \(Shape.describe(shape)) has extent \(shape[a]), not 1") }
        } else {
            remove = Set(shape.indices.filter { shape[$0] == 1 })
        }
        return reshape(shape.indices.filter { !remove.contains($0) }.map { shape[$0] })
    }
    /// One axis of extent 1 removed.
    ///
    /// - Parameter axis: The axis to remove (negative counts from the end); its extent must be 1.
    /// - Returns: An array of rank `rank - 1` with the same elements.
    public func squeeze(axis: Int) -> NDArray { squeeze(axes: [axis]) }

    /// Broadcast to `shape` (NumPy rules), a view.
    ///
    /// Linear: the cotangent is summed back over the broadcast axes.
    ///
    /// - Parameter newShape: A shape this array's shape broadcasts to (extents of 1 stretch,
    ///   leading axes may be added).
    /// - Returns: An array of shape `newShape`.
    public func broadcast(to newShape: [Int]) -> NDArray {
        if newShape == shape && ad == nil { return self }
        return dispatch(BroadcastTo(newShape), self)
    }

    /// All axes after the first merged (MXNet's flatten: `[n, ...] → [n, rest]`).
    public func flatten() -> NDArray {
        rank == 0 ? reshape([1, 1]) : reshape([shape[0], shape.dropFirst().reduce(1, *)])
    }

    /// Conversion to `dtype` (differentiable; the gradient converts back).
    ///
    /// - Parameter dtype: The target element type; the same dtype returns this array.
    /// - Returns: The values converted (rounded to Float for float32).
    public func astype(_ dtype: DType) -> NDArray { dtype == self.dtype ? self : dispatch(Cast(dtype), self) }

    /// `arrays` joined along `axis`.
    ///
    /// - Parameters:
    ///   - arrays: At least one array, all of one dtype and rank, with equal extents except
    ///     along `axis`.
    ///   - axis: The axis to join along (default 0; negative counts from the end).
    /// - Returns: The arrays' shape with the extents along `axis` added up.
    public static func concat(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        precondition(!arrays.isEmpty, "concat: needs at least one array")
        return dispatch(Concat(axis: axis, count: arrays.count), arrays)
    }

    /// `arrays` (all of one shape) joined along a new axis.
    ///
    /// - Parameters:
    ///   - arrays: At least one array, all of one shape and dtype.
    ///   - axis: The new axis's position in the result (default 0; negative counts from the end).
    /// - Returns: An array of shape `arrays[0].shape` with `arrays.count` inserted at `axis`.
    public static func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        precondition(!arrays.isEmpty, "stack: needs at least one array")
        for a in arrays {
            precondition(a.shape == arrays[0].shape,
                         "stack: shapes \(arrays.map { Shape.describe($0.shape) }.joined(separator: ", ")) are not all equal")
        }
        return concat(arrays.map { $0.expandDims(axis: axis) }, axis: axis < 0 ? axis + arrays[0].rank + 1 : axis)
    }

    /// This array cut into `sections` equal parts along `axis` (views).
    ///
    /// - Parameters:
    ///   - sections: The number of parts; it must divide the axis's extent.
    ///   - axis: The axis to cut (default 0; negative counts from the end).
    /// - Returns: `sections` views, in order along `axis`, each with extent `n / sections` there.
    public func split(_ sections: Int, axis: Int = 0) -> [NDArray] {
        let a = Shape.axis(axis, rank: rank, operation: "split")
        precondition(sections > 0 && shape[a] % sections == 0,
                     "split: axis \(axis) of shape \(Shape.describe(shape)) does not divide into \(sections) equal sections")
        let size = shape[a] / sections
        return (0 ..< sections).map { dispatch(Slice(SliceSpec.along(axis: a, rank: rank, start: $0 * size, count: size)), self) }
    }
}

/// `arrays` joined along `axis` (NumPy's `concatenate`, MXNet's `concat`).
///
/// - Parameters:
///   - arrays: At least one array, all of one dtype and rank, with equal extents except along `axis`.
///   - axis: The axis to join along (default 0; negative counts from the end).
/// - Returns: The arrays' shape with the extents along `axis` added up.
public func concat(_ arrays: [NDArray], axis: Int = 0) -> NDArray { NDArray.concat(arrays, axis: axis) }
/// `arrays` (all of one shape) joined along a new axis (NumPy's `stack`).
///
/// - Parameters:
///   - arrays: At least one array, all of one shape and dtype.
///   - axis: The new axis's position in the result (default 0; negative counts from the end).
/// - Returns: An array of shape `arrays[0].shape` with `arrays.count` inserted at `axis`.
public func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray { NDArray.stack(arrays, axis: axis) }

import Synchronization

/// What the last convolution prepared from its operands, kept so that the backward pass (the
/// next convolution operations on the same arrays) need not prepare it again:
///
/// - for its input, the patch matrices (im2col) or, for stride 1, the zero-padded planes of
///   every sample, which the weight gradient reads: one im2col or padding per training step
///   instead of two;
/// - for its kernels, at stride 1, the tap matrices `[kh·kw, F, C]`, which the input gradient
///   (the transposed convolution) reads: one rearrangement of the kernels instead of two.
///
/// The plan says what an input entry holds (``ConvolutionPlan/isShifted``). An entry holds its
/// array's storage, so the array cannot change while it is kept (an array writes into storage
/// only when it holds the one reference). A hit needs the same storage, offset, shape, strides
/// and plan; the prepared values are then exactly those the preparation would write. There is
/// one entry per role, at most ``maximumElements`` elements each; a new convolution replaces them.
final class PatchCache: Sendable {
    static let shared = PatchCache()
    /// The largest prepared values kept (4M elements: 16 MB in Float32, 32 MB in Float64).
    static let maximumElements = 4 << 20

    /// Which operand an entry was prepared from.
    enum Role: Sendable {
        /// The input: patch matrices, or padded planes.
        case input
        /// The kernels: tap matrices.
        case kernels
    }

    private struct Entry {
        let array: NDArray
        let plan: ConvolutionPlan
        let prepared: Storage
    }

    private struct Entries {
        var input: Entry?
        var kernels: Entry?

        subscript(role: Role) -> Entry? {
            get { role == .input ? input : kernels }
            set { if role == .input { input = newValue } else { kernels = newValue } }
        }
    }

    private let entries = Mutex(Entries())

    /// Keeps `prepared`, made from `array` for `plan` in `role`.
    func keep(_ prepared: Storage, of array: NDArray, _ plan: ConvolutionPlan, role: Role = .input) {
        let key = NDArray(storage: array.storage, shape: array.shape, strides: array.strides, offset: array.offset)
        entries.withLock { $0[role] = Entry(array: key, plan: plan, prepared: prepared) }
    }

    /// What was prepared from `array` for `plan` in `role`, if it is what is kept.
    func patches(of array: NDArray, _ plan: ConvolutionPlan, role: Role = .input) -> Storage? {
        entries.withLock { entries in
            guard let kept = entries[role], kept.plan == plan, kept.array.storage === array.storage, kept.array.offset == array.offset,
                  kept.array.shape == array.shape, kept.array.strides == array.strides, kept.prepared.dtype == array.dtype else { return nil }
            return kept.prepared
        }
    }
}

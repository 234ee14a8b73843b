/// The random choices a catalog entry's own application generator makes: what lets a family
/// file say how to apply its operators to random shapes (the property suite's expression
/// trees, `adcheck random`) beside their definitions. DualTapeTesting's `DrawSource`
/// conforms, recording each choice so that failures shrink; smaller choices should give
/// simpler applications.
public protocol ApplicationDraws {
    /// A whole number in `range`; the lower bound is the simplest choice.
    ///
    /// - Parameter range: The choices.
    /// - Returns: The choice.
    /// - Throws: Whatever the drawing source throws to reject the case being generated
    ///   (DualTapeTesting's `GenerationRejected`, or an exhausted replay).
    func int(in range: ClosedRange<Int>) throws -> Int
    /// How many elements an input should stay within, so that applications nested in a
    /// generated expression do not grow it (it grows with the generator's size).
    var elementBound: Int { get }
}

/// Draws an application of an entry's operator whose output has the given shape, or `nil`
/// when the operator cannot produce that shape: the generator of ``CatalogEntry/applications``.
///
/// Working backwards from the output's shape is what lets expression trees be generated
/// top-down with every shape consistent.
public typealias ApplicationGenerator = @Sendable (_ output: [Int], _ draws: any ApplicationDraws) throws -> CatalogCase?

import Testing

/// Products and convolutions at bad shapes and options: the message names the function and
/// the shapes, points at the call or the option, and the status is 64 (never a trap).
@Suite("Bad input: products and convolutions")
struct ProductConvolutionErrorTests {
    func expectError(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let run = Run(arguments)
        #expect(run.status == 64, sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(run.stderr == usageError(message, ErrorTests.checkUsage), sourceLocation: sourceLocation)
    }

    @Test func convolutionShapes() {
        expectError(["sum(conv2d(x, w))", "--var", "x=shape:1x3x6x5", "--var", "w=shape:2x2x2x3"],
                    "conv2d: the input of shape [1, 3, 6, 5] has 3 channels but the kernel of shape [2, 2, 2, 3] expects 2\n  sum(conv2d(x, w))\n      ^~~~~~")
        expectError(["sum(conv2d(x, w, padding=1))", "--var", "x=shape:1x2x2x2", "--var", "w=shape:2x2x5x3"],
                    "conv2d: the kernel spans 5 along spatial axis 0 (extent 5, dilation 1) but the input padded by 1 has only 4\n  sum(conv2d(x, w, padding=1))\n      ^~~~~~")
        expectError(["sum(conv1d(x, w))", "--var", "x=shape:2x3x4x4", "--var", "w=shape:2x3x2"],
                    "conv1d: the input of shape [2, 3, 4, 4] is not [N, C, L] (or [C, L] for one sample)\n  sum(conv1d(x, w))\n      ^~~~~~")
        expectError(["sum(conv_weight(x, g, kernel_size=[2, 2]))", "--var", "x=shape:1x2x5x5", "--var", "g=shape:1x3x3x3"],
                    "conv_weight: a convolution maps the input of shape [1, 2, 5, 5] to spatial extents [4, 4], not to those of the output gradient of shape [1, 3, 3, 3]\n  sum(conv_weight(x, g, kernel_size=[2, 2]))\n      ^~~~~~~~~~~")
    }

    @Test func convolutionOptions() {
        expectError(["sum(conv2d(x, w, stride=0))", "--var", "x=shape:1x2x6x5", "--var", "w=shape:2x2x2x3"],
                    "conv2d: stride must be at least 1, not 0\n  sum(conv2d(x, w, stride=0))\n                          ^")
        expectError(["sum(conv2d(x, w, dilation=[1, 2, 1]))", "--var", "x=shape:1x2x6x5", "--var", "w=shape:2x2x2x3"],
                    "conv2d: dilation must be one integer or 2 (one per spatial axis), not [1, 2, 1]\n  sum(conv2d(x, w, dilation=[1, 2, 1]))\n                            ^~~~~~~~~")
        expectError(["sum(conv_transpose1d(x, w, stride=2, output_padding=2))", "--var", "x=shape:1x2x4", "--var", "w=shape:2x3x3"],
                    "conv_transpose1d: output_padding must be smaller than the stride (2 along spatial axis 0), not 2\n  sum(conv_transpose1d(x, w, stride=2, output_padding=2))\n                                                      ^")
    }

    @Test func einsumSpecs() {
        expectError(["sum(einsum(ij_jk_ik, a, b))", "--var", "a=shape:2x3", "--var", "b=shape:4x5"],
                    "einsum: subscript 'j' has extent 3 in operand 0 of shape [2, 3] but 4 in operand 1 of shape [4, 5] (ij,jk->ik)\n  sum(einsum(ij_jk_ik, a, b))\n      ^~~~~~")
        expectError(["sum(einsum(ijk_jk_ik, a, b))", "--var", "a=shape:2x3", "--var", "b=shape:3x5"],
                    "einsum: subscripts 'ijk' of operand 0 name 3 axes but it has rank 2\n  sum(einsum(ijk_jk_ik, a, b))\n      ^~~~~~")
        expectError(["sum(einsum(ij_jk_ik_k, a, b))", "--var", "a=shape:2x3", "--var", "b=shape:3x5"],
                    "einsum: spec ij_jk_ik_k has 4 groups separated by '_'; for 2 operands write 2 (implicit output) or 3 (the last is the output), as in ij_jk_ik for NumPy's 'ij,jk->ik', not ij_jk_ik_k\n  sum(einsum(ij_jk_ik_k, a, b))\n             ^~~~~~~~~~")
        expectError(["sum(einsum(ij_jk_iq, a, b))", "--var", "a=shape:2x3", "--var", "b=shape:3x5"],
                    "einsum: output subscript 'q' does not appear in the operands' subscripts of 'ij,jk->iq', not ij_jk_iq\n  sum(einsum(ij_jk_iq, a, b))\n             ^~~~~~~~")
        expectError(["sum(einsum(ii_i, a))", "--var", "a=shape:2x3"],
                    "einsum: operand 0 of shape [2, 3] repeats subscript 'i' on axes of extents 2 and 3 (ii->i)\n  sum(einsum(ii_i, a))\n      ^~~~~~")
        expectError(["sum(einsum(2, a))", "--var", "a=shape:2x3"],
                    "einsum: spec must be subscripts written as one word, such as ij_jk_ik for NumPy's 'ij,jk->ik', not 2\n  sum(einsum(2, a))\n             ^")
        expectError(["sum(conv_weight(x, g, kernel_size=[2, 2, 2]))", "--var", "x=shape:1x2x5x5", "--var", "g=shape:1x3x3x3"],
                    "conv_weight: kernel_size must list 1 or 2 extents (one per spatial axis), not [2, 2, 2]\n  sum(conv_weight(x, g, kernel_size=[2, 2, 2]))\n                                    ^~~~~~~~~")
    }
}

// How a loss reduces its per-sample values.

/// The reduction a loss applies. Chainer: the `reduce` argument, `'mean'` (the default of
/// every loss that has it) or `'no'`.
public enum LossReduce: Sendable {
    /// One scalar: the sum of the per-sample losses, divided as the loss's `normalize` says.
    case mean
    /// The per-sample losses, unreduced.
    case no
}
